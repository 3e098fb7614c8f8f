"""How the text of a number field is read and refused, case by case, without a window."""

from __future__ import annotations

import math

import pytest

from aisle_desktop.formatting import grouped, parameters
from aisle_desktop.plan import NumberLimits
from aisle_desktop.ui.typed_number import NumberRules, RefusedNumberError, amount, read_number

HOURS = NumberRules(NumberLimits(0.5, 24, False, False, False), decimals=1, suffix="h")
TOKENS = NumberRules(NumberLimits(1, 10_000_000, False, True, False), suffix="tokens")
PRICE = NumberRules(NumberLimits(0, 10, False, False, True), 3, "$", "/kWh", empty_allowed=True)


@pytest.mark.parametrize(
    ("text", "value"),
    [("30000", 30_000), ("30,000", 30_000), (" 1,234.5 ", 1234.5), ("1e3", 1000), ("$130", 130),
     (".5", 0.5), ("-5", -5), ("", None)],
)  # fmt: skip
def test_numbers_read_as_aisle_writes_them(text: str, value: float | None) -> None:
    assert read_number(text) == value


@pytest.mark.parametrize("text", ["-0", "-0.0", "-0e5", "-1e-400"])
def test_a_negative_zero_reads_as_zero(text: str) -> None:
    """The walk: "-0" was taken as -0.0, which fields and figures wrote "$-0.00/kW-month"."""
    value = read_number(text)
    assert value is not None and value == 0 and math.copysign(1.0, value) == 1.0


@pytest.mark.parametrize("text", ["12abc", "abc", "1,5", "12,50", "inf", "nan", "1_000", "1e999"])
def test_anything_else_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        read_number(text)


@pytest.mark.parametrize(
    ("rules", "text", "message"),
    [
        (HOURS, "25", "must be at most 24 h (you typed 25)"),
        (HOURS, "0.2", "must be at least 0.5 h (you typed 0.2)"),
        (HOURS, "8.25", "takes at most 1 decimal (you typed 8.25)"),
        (HOURS, "", "must be a number from 0.5 h to 24 h (the field is empty)"),
        (TOKENS, "0", "must be at least 1 token (you typed 0)"),
        (TOKENS, "1e30", "must be at most 10,000,000 tokens (you typed 1e30)"),
        (TOKENS, "2.5", "must be a whole number (you typed 2.5)"),
        (TOKENS, "12abc", "must be a whole number from 1 token to 10,000,000 tokens "
         "(you typed 12abc)"),
        (TOKENS, "2,5", "“2,5” was not taken: decimals take a point (1.5) and commas only "
         "group thousands (1,000)"),
        (TOKENS, "1.000", "“1.000” was not taken: a whole number takes no point, and "
         "thousands are grouped with commas (1,000)"),
        (TOKENS, "2.048.000", "“2.048.000” was not taken: a whole number takes no point, and "
         "thousands are grouped with commas (1,000)"),
        (TOKENS, "1.5", "must be a whole number (you typed 1.5)"),
        (PRICE, "-5", "must be at least $0/kWh (you typed -5)"),
        (PRICE, "12", "must be at most $10/kWh (you typed 12)"),
        (PRICE, "x" * 100, f"must be a number from $0/kWh to $10/kWh (you typed {'x' * 37}...)"),
    ],
)  # fmt: skip
def test_a_refusal_names_the_limit_in_the_fields_unit(
    rules: NumberRules, text: str, message: str
) -> None:
    with pytest.raises(RefusedNumberError) as refusal:
        rules.read(text)
    assert refusal.value.message == message


def test_what_a_field_takes_is_read_and_written_grouped() -> None:
    assert HOURS.read("24") == 24 and TOKENS.read("30,000") == 30_000
    assert PRICE.read("") is None  # emptied: the catalog's price
    assert TOKENS.text(30_000) == "30,000" and PRICE.text(10) == "10.000"
    assert amount(1, suffix="tokens") == "1 token" and amount(0.5, "$", "/kWh") == "$0.5/kWh"
    assert grouped(10_000_000_000) == "10,000,000,000" and grouped(0.125) == "0.125"


def test_parameter_counts_read_in_billions_or_trillions() -> None:
    """Kimi K2 read "1.03e+03 B" in the model list."""
    assert [parameters(b) for b in (1030, 1571.0, 70.6, 8.03, 0.135)] == [
        "1.03 T",
        "1.57 T",
        "70.6 B",
        "8.03 B",
        "135 M",
    ]


@pytest.mark.parametrize(("rules", "text", "value"), [(HOURS, "1.000", 1), (TOKENS, "2.5e3", 2500)])
def test_a_point_before_three_digits_is_a_decimal_where_the_field_takes_decimals(
    rules: NumberRules, text: str, value: float
) -> None:
    """Only a whole-number field reads "1.000" as thousands refused: in hours it is one hour."""
    assert rules.read(text) == value


@pytest.mark.parametrize(
    ("rules", "text", "value"),
    [(PRICE, "$0.200/kWh", 0.2), (PRICE, "0.146 /kWh", 0.146), (HOURS, "12 h", 12),
     (TOKENS, "30,000 tokens", 30_000), (TOKENS, "1 token", 1)],
)  # fmt: skip
def test_a_field_takes_the_text_it_shows(rules: NumberRules, text: str, value: float) -> None:
    """QA typed "$0.200/kWh", as the README writes the price, and it was refused."""
    assert rules.read(text) == pytest.approx(value)


def test_a_unit_typed_twice_is_still_refused() -> None:
    with pytest.raises(RefusedNumberError, match=r"you typed \$0.2/kWh/kWh"):
        PRICE.read("$0.2/kWh/kWh")


@pytest.mark.parametrize(
    ("text", "value"),
    [("1\u00a0024", 1024), ("1\u2009024", 1024), ("1\u202f024", 1024), ("\u200b12", 12),
     ("12\u2060", 12), ("\u200f\u0663\u0662\u200e", 32),
     ("\u0663\u066b\u0665", 3.5), ("\u0661\u066c\u0660\u0662\u0664", 1024)],
)  # fmt: skip
def test_pasted_spaces_marks_and_arabic_separators_read_as_what_they_show(
    text: str, value: float
) -> None:
    """The walk: "1 024" with the no-break space a French document groups thousands with was
    refused as "(you typed 1 024)" while the same with a plain space was taken; a zero-width
    space pasted from a web page was refused as "(you typed 12)"; Arabic-Indic digits were
    read, but not with the Arabic decimal point or thousands separator around them."""
    assert read_number(text) == value


@pytest.mark.parametrize(
    ("rules", "text", "message"),
    [
        (TOKENS, "1e309", "must be at most 10,000,000 tokens (you typed 1e309)"),
        (TOKENS, "9" * 400, f"must be at most 10,000,000 tokens (you typed {'9' * 37}...)"),
        (HOURS, "-1e309", "must be at least 0.5 h (you typed -1e309)"),
        (TOKENS, "inf", "must be a whole number from 1 token to 10,000,000 tokens (you typed inf)"),
        (HOURS, "nan", "must be a number from 0.5 h to 24 h (you typed nan)"),
    ],
)
def test_a_number_too_large_to_hold_is_refused_as_too_large(
    rules: NumberRules, text: str, message: str
) -> None:
    """ "1e309" (or a pasted row of 400 nines) is a number, past any float: it was refused as
    "must be a whole number from 1 token to 10,000,000 tokens", as if it were letters."""
    with pytest.raises(RefusedNumberError) as refusal:
        rules.read(text)
    assert refusal.value.message == message
