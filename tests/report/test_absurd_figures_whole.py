"""A plan of absurd scale reads its money and counts whole: trillions of dollars as "$15,600 T"
(the window read "$15,600,000 B"), hundreds of millions of kW as "304 TW", and the report's
number columns widen to their longest figure, which Qt broke inside ("$244,172,895," over
"000", "1,285,1" over "21 racks")."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from aisle_desktop.formatting import with_unit
from aisle_desktop.report.column_room import fitted_widths
from aisle_desktop.report.spreadsheet import Table, xlsx_bytes

BILL_WIDTHS = [50, 11, 11, 14, 14]


def test_trillions_read_in_t_and_terawatts() -> None:
    assert with_unit(1.56e16, "USD") == "$15,600 T"
    assert with_unit(8.17e15, "USD/year") == "$8,170 T/year"
    assert with_unit(2.66e11, "USD") == "$266 B"
    assert with_unit(3.04e11, "kW") == "304 TW"


def test_the_bill_widens_its_number_columns_for_billions() -> None:
    """The bill of 2.57 million servers: "$26,859,018,450" a unit price (1 % a digit and "$",
    half that a comma, 3 % padding: 12 + 1.5 + 3 = 16.5, 17 %, not 11 %), "$266,456,959,660"
    in bold a total ((13 + 1.5) x 1.1 + 3 = 18.95, 19 %), "20,561,928" GPUs (8 + 1 + 3 = 12 %);
    the item column gives up the room (38 %)."""
    rows = [
        [
            "Support<br><span class=muted>why</span>",
            "1 year",
            "$26,859,018,450",
            "$26,859,018,450 a year",
            "–",
        ],
        ["NVIDIA L40S 48GB", "20,561,928 GPUs", "included", "–", "–"],
        ["<b>Bought once</b>", "", "", "<b>$266,456,959,660</b>", ""],
        ["Sources, a row across the columns"],
    ]
    assert fitted_widths(BILL_WIDTHS, rows, 0) == [38, 12, 17, 19, 14]


def test_a_plan_of_ordinary_size_keeps_its_widths() -> None:
    """The default plan's bill: every figure fits the width asked."""
    rows = [
        ["NVIDIA DGX H100 (8x H100 SXM5 80GB)", "1 server", "$300,000", "$300,000", "2026-06-30"],
        ["Hardware and software support, a year", "1 year", "$33,000", "$33,000 a year", "–"],
        ["<b>Bought once</b>", "", "", "<b>$312,860</b>", ""],
    ]
    assert fitted_widths(BILL_WIDTHS, rows, 0) == BILL_WIDTHS
    costs = [
        [
            "Llama 3.1 70B RAG",
            "8 GPUs bought, 6 needed",
            "1 server",
            "1 rack",
            "$313 k",
            "$1.31 M/year",
            "meets targets",
        ]
    ]
    assert fitted_widths([29, 15, 10, 8, 11, 13, 14], costs, 0) == [29, 15, 10, 8, 11, 13, 14]


def test_a_spreadsheet_column_holds_its_billions() -> None:
    """A column as wide as its heading wrote $244,172,895,000 as "2.44173E+11": its twelve
    digits and a margin of two (a column of ordinary figures keeps its heading's width)."""
    table = Table(
        "Bill", ("Item", "Total (USD)"), (("servers", 244_172_895_000), ("a rack", 2_000))
    )
    sheet = load_workbook(io.BytesIO(xlsx_bytes([table]))).active
    assert [sheet.column_dimensions[c].width for c in "AB"] == [12, 14]
