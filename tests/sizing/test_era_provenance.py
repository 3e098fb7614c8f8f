"""Each engine era's value says how it was found, release by release: vLLM 0.10-0.13's zeros
for the iterations planned ahead and the host work hidden are sourced from vLLM's release
notes (calibration 2026.12.52), vLLM 0.14's values of the same names fitted; the tab said
"fitted" of both zeros, a value's provenance looked up by its name alone."""

from __future__ import annotations

from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.calibration.document import calibration_table
from aisle_desktop.sizing.calibration.engine_eras import with_engine_values
from aisle_desktop.sizing.calibration.provenance import FITTED, measured
from aisle_desktop.sizing.calibration.release_provenance import era_provenance

IN_TURN = (
    "sourced (vLLM's release notes: asynchronous scheduling is its default from 0.14.0, so "
    "0.10-0.13 at their defaults schedule in turn), not fitted"
)
SCHEDULING = ("first_token_wait_steps", "host_overlap")


def _sources(version: str) -> dict[str, str]:
    shown = CURRENT_CALIBRATION.as_assumptions("vllm", version)
    return {a.name: a.source for a in shown}


def test_vllm_0_10s_zeros_are_sourced_and_0_14s_values_fitted() -> None:
    older, newer = _sources("0.10"), _sources("0.19")
    for name in SCHEDULING:
        assert older[name].startswith(
            f"vLLM V1 engine (0.10 and later, before 0.14), {IN_TURN} (docs/"
        )
        assert newer[name].startswith(
            "vLLM V1 engine (0.14 and later), fitted to the 2025-26 measurements (docs/"
        )
    # The era's other values stay as found: fitted, or set from their sources.
    assert "fitted to the 2025-26 measurements" in older["request_overhead_ms"]
    assert "measured (vLLM RFC 50913's hand-over), not fitted" in older["disaggregated_handover_ms"]


def test_a_value_refitted_over_a_sourced_one_is_fitted() -> None:
    """A later calibration that replaces vLLM 0.10's zero with a fit must not keep calling it
    sourced (`with_engine_values` drops the era's own word for the values it sets)."""
    refit = with_engine_values(CURRENT_CALIBRATION.eras, "vllm", {"host_overlap": 0.3})
    older = next(e for e in refit if e.engine_id == "vllm" and e.first_release == "0.10")
    assert era_provenance(older, "host_overlap") == FITTED
    assert era_provenance(older, "first_token_wait_steps").kind == "sourced"
    assert era_provenance(older, "cross_tray_allreduce_bus_gbps") == measured(
        "NCCL's all-reduce between two GB200 trays"
    )


def test_the_generated_table_marks_each_value_not_fitted_and_names_its_source() -> None:
    table = calibration_table(CURRENT_CALIBRATION)
    assert "| `host_overlap` | 0 | 0.5 | 0 (sourced) | 0.5 | 0.8 |" in table
    assert "| `first_token_wait_steps` | 0 | 4 | 0 (sourced) | 2.93 | 0.215 |" in table
    assert (
        "- `host_overlap`, vLLM V1 engine (0.10 and later, before 0.14): sourced (vLLM's "
        "release notes: asynchronous scheduling is its default from 0.14.0, so 0.10-0.13 at "
        "their defaults schedule in turn)" in table
    )
