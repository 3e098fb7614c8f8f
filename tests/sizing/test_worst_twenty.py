"""validation/REPORT*.md's worst rows read in their metric's unit, as `validate` prints them:
the 2025-26 report's worst TTFT read "8.507e+04" predicted beside "746.4" measured."""

from __future__ import annotations

from aisle_desktop.sizing.validation import Comparison
from aisle_desktop.sizing.validation.validation_report import worst_twenty


def test_the_reports_worst_rows_read_in_units() -> None:
    found = [
        Comparison("qwen3-32b-c448", "aic_agg", "ttft_ms", 85_070.0, 746.4),
        Comparison("llama-8b", "aic_agg", "output_tokens_per_s", 32_690.4, 16_000.0),
        Comparison("gpt-oss-c512", "aic_agg", "tpot_ms", 96.67, 5.456),
    ]
    table = worst_twenty(found)
    assert table[1:5] == [
        "## Worst twenty",
        "",
        "| id | kind | metric | predicted | measured | error |",
        "|---|---|---|---|---|---|",
    ]
    assert table[5:] == [
        "| qwen3-32b-c448 | aic_agg | ttft_ms | 85.1 s | 746 ms | +11,297 % |",
        "| gpt-oss-c512 | aic_agg | tpot_ms | 96.7 ms | 5.46 ms | +1,672 % |",
        "| llama-8b | aic_agg | output_tokens_per_s | 32.7 k tokens/s | 16 k tokens/s | +104 % |",
    ]
