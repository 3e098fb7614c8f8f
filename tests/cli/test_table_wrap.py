"""Terminal tables wrap a long cell onto lines of its own column; a row's id stays whole."""

from __future__ import annotations

import pytest

from aisle_desktop.cli.catalog_cmd import LISTED_CELL_CHARS
from aisle_desktop.cli.main import main
from aisle_desktop.cli.table import render_table


def test_a_long_cell_wraps_at_its_words_and_the_id_stays_whole() -> None:
    text = render_table(
        ["id", "name", "GPUs"],
        [["a-very-long-server-id", "eight GPUs in a PCIe box", "8"], ["b", "short", "4"]],
        widest=10,
    )
    assert text.splitlines() == [
        "id                     name        GPUs",
        "---------------------  ----------  ----",
        "a-very-long-server-id  eight GPUs  8",
        "                       in a PCIe",
        "                       box",
        "b                      short       4",
    ]


def test_a_table_without_a_limit_is_as_wide_as_its_cells() -> None:
    assert render_table(["id"], [["x" * 30]]).splitlines()[2] == "x" * 30


def test_catalog_list_servers_wraps_its_names(capsys: pytest.CaptureFixture[str]) -> None:
    """Its name column was 127 characters wide (the H200 NVL server), its rows 229."""
    assert main(["catalog", "list", "servers"]) == 0
    _header, rule, *lines = capsys.readouterr().out.splitlines()
    assert len(rule.split()[1]) == LISTED_CELL_CHARS
    rows = [line for line in lines if not line.startswith(" ")]
    ids = [row.split()[0] for row in rows]
    assert "pcie-8x-h200-nvl" in ids and "pcie-8x-rtx-pro-6000" in ids
    at = lines.index(rows[ids.index("pcie-8x-h200-nvl")])
    start = len(rule.split()[0]) + 2
    name = " ".join(line[start : start + LISTED_CELL_CHARS].strip() for line in lines[at : at + 3])
    assert name == (
        "8-GPU PCIe server with 8x NVIDIA H200 NVL (two 4-way NVLink-bridged groups) "
        "(e.g. Supermicro SYS-521GE-TNRT, Dell XE8640-class)"
    )
