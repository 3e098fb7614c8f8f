"""Without PySide6 (a server's Python, the Qt-free core of `make test-core`), the commands that
draw say what is missing and how to install it, exit 2 and write nothing; no traceback.

The first tests hide PySide6 from the import system, so they run in both virtualenvs; the
last runs the real command where PySide6 is truly absent (`make test-core`).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main


def _without(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    for name in names:
        monkeypatch.setitem(sys.modules, name, None)  # `import name` now raises ImportError


def test_report_names_pyside6_and_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without(monkeypatch, "PySide6")
    out = tmp_path / "plan.pdf"
    code = main(["report", "--preset", "llama-8b-chat", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.startswith("aisle-desktop: report: drawing the PDF needs PySide6 (Qt for Python)")
    assert f"{sys.executable} -m pip install 'pyside6-essentials" in err
    assert "make deps" in err and "size, bom" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_the_window_names_both_missing_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # (an earlier test's import leaves PySide6.QtPdfWidgets in sys.modules: hidden too)
    _without(monkeypatch, "PySide6", "PySide6.QtPdfWidgets", "pyqtgraph")
    shot = tmp_path / "window.png"
    code = main(["--screenshot", str(shot)])
    err = capsys.readouterr().err
    assert code == 2 and not shot.exists()
    needs = "PySide6 (Qt for Python), QtPdf (its Print Preview) and pyqtgraph (its plots)"
    assert f"the window needs {needs}" in err
    assert "Install them with" in err and "'pyqtgraph" in err and "'pyside6-addons" in err


@pytest.mark.skipif(
    importlib.util.find_spec("PySide6") is None, reason="PySide6 itself is missing here"
)
def test_the_window_names_qtpdf_alone_when_only_it_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """PySide6's essentials without its add-ons: Print Preview's QtPdf is what is missing."""
    _without(monkeypatch, "PySide6.QtPdfWidgets")
    code = main(["--screenshot", str(tmp_path / "window.png")])
    err = capsys.readouterr().err
    assert code == 2
    assert "the window needs QtPdf (its Print Preview)" in err
    assert f"{sys.executable} -m pip install 'pyside6-addons" in err


def test_sizing_needs_no_qt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without(monkeypatch, "PySide6", "pyqtgraph")
    assert main(["size", "--preset", "llama-8b-chat"]) == 0
    assert capsys.readouterr().out.startswith("Llama 3.1 8B")


@pytest.mark.skipif(
    importlib.util.find_spec("PySide6") is not None, reason="PySide6 is installed here"
)
def test_the_real_command_without_pyside6(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = ["report", "--preset", "llama-8b-chat", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "aisle_desktop", *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2 and not out.exists()
    assert "needs PySide6" in done.stderr and "Traceback" not in done.stderr
