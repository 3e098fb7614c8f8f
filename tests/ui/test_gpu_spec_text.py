"""A GPU's memory as sold and as the memory bars count it (QA: the H100's "80 GB" bar added
up to 85.4 GB with nothing saying why; the walk: "80 GB (85.5 GB usable)" read as more usable
than there is), in a line that never breaks inside a figure (QA:
"3.35 TB/" at a line's end at 1280 x 800) and names its link as the vendor does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import tflops_text, unbroken
from aisle_desktop.plan import Scenario
from aisle_desktop.ui.catalog_text import gpu_spec_text
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import click_into

NBSP, JOINER = "\u00a0", "\u2060"
GPU = ("hardware", "gpu_id")


def _read(text: str) -> str:
    """The line as a planner reads it, spaces plain and joiners gone."""
    return text.replace(NBSP, " ").replace(JOINER, "")


def test_memory_reads_as_sold_and_as_usable_in_the_bars_units(catalog: Catalog) -> None:
    # The H100 SXM's "80 GB" is 80 GiB, 85.9 GB; nvidia-smi reports 79.65 GiB, 85.5 GB.
    text = _read(gpu_spec_text(catalog.gpu("h100-sxm")))
    assert text == (
        "85.9 GB (80 GiB), 85.5 GB usable · 3.35 TB/s · 989 TFLOPS BF16 · FP8 · 700 W · NVLink"
    )


def test_a_gpu_chosen_by_keyboard_shows_less_usable_than_it_holds(
    window: MainWindow, qtbot: QtBot
) -> None:
    box = click_into(qtbot, window, GPU)
    assert isinstance(box, QComboBox)
    line = box.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "H200 SXM")

    def on_h200(_revision: int, scenario: Scenario) -> bool:
        return scenario.hardware.gpu_id == "h200-sxm"

    with qtbot.waitSignal(window.controller.scenario_changed, check_params_cb=on_h200):
        qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)
    shown = _read(window.hardware_panel._gpu_specs.text())
    assert shown.startswith("151.4 GB (141 GiB), 150.8 GB usable · 4.8 TB/s")


def test_no_figure_breaks_between_its_number_and_unit(catalog: Catalog) -> None:
    text = gpu_spec_text(catalog.gpu("h100-sxm"))
    assert f"3.35{NBSP}TB/{JOINER}s" in text and f"700{NBSP}W" in text
    assert unbroken("1.69 k tokens/s") == f"1.69{NBSP}k{NBSP}tokens/{JOINER}s"


@pytest.mark.parametrize(
    ("kind", "name"),
    [("nvlink", "NVLink"), ("nvlink-bridge", "NVLink bridge"), ("pcie", "PCIe"),
     ("infinity-fabric", "Infinity Fabric"), ("roce", "RoCE Ethernet")],
)  # fmt: skip
def test_every_link_kind_reads_as_its_vendor_writes_it(
    catalog: Catalog, kind: str, name: str
) -> None:
    gpu = next(g for g in catalog.gpus.values() if g.interconnect.kind == kind)
    assert gpu_spec_text(gpu).endswith(f" · {name}")


def test_compute_reads_in_whole_tflops_from_100_up(catalog: Catalog) -> None:
    """The walk: "362.05 TFLOPS" (the L40S's datasheet) beside the H100's "989 TFLOPS"."""
    assert "362 TFLOPS BF16" in _read(gpu_spec_text(catalog.gpu("l40s")))
    assert [tflops_text(t) for t in (98.3, 362.05, 2516.6)] == ["98.3", "362", "2,517"]
