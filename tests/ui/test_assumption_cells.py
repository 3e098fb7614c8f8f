"""How the Assumptions tab writes each value and reads what is typed over it (plain functions,
no window): shares as percentages with their range, times and memory with their unit, counts
grouped, the exact value in the tooltip."""

from __future__ import annotations

import pytest

from aisle_desktop.ui.assumption_cells import (
    UnclearShareError,
    allowed_range,
    exact_text,
    row_label,
    typed_value,
    unclear_share_text,
    value_text,
)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("allreduce_efficiency", "Share of the GPU-to-GPU link speed reached (1-100 %)"),
        ("paging_waste_fraction", "Conversation memory lost to paging (0-50 %)"),
        ("cohort_persistence", "Share of a benchmark's starting cohort kept each round (0-99 %)"),
        (
            "network_storage_overhead_fraction",
            "Network, storage and racks, share of the server price (0-200 %)",
        ),
        (
            "weight_only_expert_bandwidth_share",
            "Share of weight bandwidth INT4 expert kernels reach (above 0, up to 100 %)",
        ),
        ("request_overhead_ms", "Time per request before its first step (ms)"),
    ],
)
def test_a_shares_name_gives_its_range_in_percent(name: str, label: str) -> None:
    """The "%" is held to its number: "(0-100" wrapped with "%)" alone on the next line."""
    assert row_label(name) == label.replace(" %)", "\u00a0%)")


@pytest.mark.parametrize(
    ("name", "stored", "cell", "tip"),
    [
        ("allreduce_efficiency", 0.529, "52.9 %", "Exactly 52.9 % (a share of 0.529)"),
        ("target_utilization", 0.7255, "72.55 %", "Exactly 72.55 % (a share of 0.7255)"),
        ("request_overhead_ms", 20.9, "20.9 ms", "Exactly 20.9 ms"),
        ("layer_overhead_us", 6.34, "6.34 µs", "Exactly 6.34 µs"),
        ("runtime_overhead_gib_tp1", 1.5, "1.61 GB", "Exactly 1.610612736 GB (1.5 GiB)"),
        ("step_overhead_factor", 0.0617, "0.0617×", "Exactly 0.0617×"),
        ("expert_gemm_half_rate_width", 2540.0, "2,540", "Exactly 2,540 columns"),
        ("concurrency_token_budget_headroom", 1500.0, "1,500", "Exactly 1,500 tokens"),
        ("concurrency_run_requests", 1.0, "1", "Exactly 1 request"),
    ],
)
def test_a_value_reads_in_its_unit_and_exactly_in_its_tip(
    name: str, stored: float, cell: str, tip: str
) -> None:
    assert value_text(name, stored) == cell
    assert exact_text(name, stored) == tip


def test_a_switch_at_0_reads_in_words() -> None:
    assert value_text("attention_dp_balance_timeout_steps", 0.0) == "off (no balancer)"


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("target_utilization", "60", 0.6),
        ("target_utilization", "60 %", 0.6),
        ("target_utilization", "60%", 0.6),
        ("target_utilization", "72.55 %", 0.7255),
        ("request_overhead_ms", "12.5 ms", 12.5),
        ("layer_overhead_us", "5 us", 5.0),
        ("allreduce_large_message_factor", "3x", 3.0),
        ("allreduce_large_message_factor", "3×", 3.0),
        ("expert_gemm_half_rate_width", "2,500", 2500.0),
        ("runtime_overhead_gib_tp1", "2 GB", 2 / (2**30 / 1e9)),
        ("request_overhead_ms", "", None),
    ],
)
def test_a_value_is_typed_as_the_cell_writes_it(
    name: str, typed: str, stored: float | None
) -> None:
    assert typed_value(name, typed) == stored


def test_a_value_typed_with_another_unit_is_not_a_number() -> None:
    with pytest.raises(ValueError):
        typed_value("request_overhead_ms", "12 s")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("target_utilization", "from 1 to 100 %"),
        ("runtime_overhead_gib_tp1", "from 0 to 68.7 GB"),
        ("weight_only_expert_bandwidth_share", "more than 0, up to 100 %"),
        ("allreduce_large_message_factor", "from 1 to 10×"),
        ("concurrency_run_requests", "from 1 to 10 M requests"),
    ],
)
def test_the_range_allowed_reads_in_the_unit_typed(name: str, words: str) -> None:
    assert allowed_range(name) == words


@pytest.mark.parametrize("typed", ["0.6", "1", "0.005", ".6"])
def test_a_share_typed_as_a_fraction_is_asked_about_not_taken(typed: str) -> None:
    """Typed "0.6", a share read as 0.6 % and the plan was sized at a hundredth of what was
    meant; the cell's "0.6 %" was the only sign."""
    with pytest.raises(UnclearShareError) as info:
        typed_value("target_utilization", typed)
    assert info.value.typed == float(typed)


def test_the_question_says_what_to_type_for_either_reading() -> None:
    label = row_label("target_utilization")
    assert unclear_share_text(label, 0.6) == (
        f"{label}: did you mean 60\u00a0%? Shares are typed in percent: type “60\u00a0%”, or "
        "“0.6\u00a0%” to keep 0.6\u00a0%"
    )
    assert "did you mean 0.5\u00a0%? Shares are typed in percent: type “0.5\u00a0%”" in (
        unclear_share_text(label, 0.005)
    )


@pytest.mark.parametrize(
    ("typed", "stored"), [("0.6 %", 0.006), ("1%", 0.01), ("0", 0.0), ("1.5", 0.015)]
)
def test_a_share_with_its_sign_or_above_1_is_taken_as_a_percentage(
    typed: str, stored: float
) -> None:
    assert typed_value("paging_waste_fraction", typed) == stored


def test_a_value_that_is_not_a_share_is_taken_at_or_below_1() -> None:
    assert typed_value("request_overhead_ms", "0.6") == 0.6
