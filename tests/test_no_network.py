"""Nothing Aisle does may reach the network: its users work on air-gapped networks.

The default flow runs with socket creation made to fail, and no module of the package imports
anything that could fetch (the bundle's self-test also runs with no network at all, under
`unshare -n`, in `make test`).
"""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import PRESETS, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario

PACKAGE = Path(__file__).resolve().parent.parent / "aisle_desktop"
FETCHING = re.compile(
    r"^\s*(import|from)\s+(socket|ssl|urllib|http|requests|httpx|aiohttp|ftplib|smtplib|"
    r"xmlrpc|webbrowser)\b|QNetworkAccessManager|QTcpSocket|QUdpSocket|QWebEngine|"
    r"hf_hub_download|from_pretrained",
    re.MULTILINE,
)


class NetworkUsedError(AssertionError):
    """Raised by every way of opening a connection while the test runs."""


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise NetworkUsedError("Aisle tried to use the network")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, _refuse)


def test_no_module_imports_a_network_library() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {match.group(0).strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for match in FETCHING.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.usefixtures("no_network")
def test_catalog_sizing_and_cli_run_without_network(capsys: pytest.CaptureFixture[str]) -> None:
    catalog = load_catalog()
    for preset_id in PRESETS:
        assert size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION).fits
    assert main(["size", "--preset", "llama-70b-rag", "--json"]) == 0
    assert main(["catalog", "export"]) == 0
    capsys.readouterr()


@pytest.mark.usefixtures("no_network")
def test_window_sizes_and_compares_without_network(qtbot: Any) -> None:
    pytest.importorskip("PySide6")
    from aisle_desktop.ui.app import build_window

    window = build_window(load_catalog(), "llama-70b-rag")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.service.compared, timeout=60_000):
        window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    assert window.results_panel.banner.text().startswith("Fits")
    window.close()
