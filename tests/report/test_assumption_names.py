"""Every assumption of the model is named in a planner's words, with its unit, in the window's
Assumptions tab and on paper (QA: the report listed "Gemm flops factor", "Host overlap" and
"Disaggregated decode step ms" with a bare 0, the code's field names)."""

from __future__ import annotations

from aisle_desktop.labels import ASSUMPTION_LABELS, assumption_value_text
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION


def test_every_assumption_of_the_calibration_has_a_name_and_a_unit() -> None:
    fields = [
        *type(CURRENT_CALIBRATION.performance).model_fields,
        *type(CURRENT_CALIBRATION.cost).model_fields,
    ]
    assert [name for name in fields if name not in ASSUMPTION_LABELS] == []


def test_a_time_reads_in_its_unit() -> None:
    assert ASSUMPTION_LABELS["disaggregated_decode_step_ms"][1] == "ms"
    assert assumption_value_text("disaggregated_decode_step_ms", 0.0, "ms") == "0 ms"
