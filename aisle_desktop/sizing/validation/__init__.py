"""How far the model is from published benchmarks, and how sure a figure is.

``predict_benchmark`` turns a benchmark's setup into the model's figures; accuracy tables,
the leave-one-out hold-out of engine factors and the validation report (with its small PNG
plotter) compare them with what was measured; ``band`` widens a planned figure by the
measured error, more so outside the calibrated ground.
"""

from aisle_desktop.sizing.validation.accuracy import (
    METRICS,
    Comparison,
    comparisons,
    error_percent,
    error_table,
    headline_key,
    headline_table,
    metric_text,
    signed_percent,
    worst,
)
from aisle_desktop.sizing.validation.benchmark_predict import (
    ResolvedReplicas,
    predict_benchmark,
    predict_benchmarks,
)
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.heldout_table import (
    DISAGGREGATED_CELL,
    disaggregated_rows,
    headline_rows,
    heldout_header,
)
from aisle_desktop.sizing.validation.holdout import leave_each_out, refitter
from aisle_desktop.sizing.validation.pools_once import with_pools_validated_once
from aisle_desktop.sizing.validation.sets import KNOWN_SETS, ValidationSet, validation_set
from aisle_desktop.sizing.validation.uncertainty import band, band_figures, extrapolation_reasons
from aisle_desktop.sizing.validation.validation_report import write_report

__all__ = [
    "DISAGGREGATED_CELL",
    "KNOWN_SETS",
    "METRICS",
    "BenchmarkScenario",
    "Comparison",
    "ResolvedReplicas",
    "ValidationSet",
    "band",
    "band_figures",
    "comparisons",
    "disaggregated_rows",
    "error_percent",
    "error_table",
    "extrapolation_reasons",
    "headline_key",
    "headline_rows",
    "headline_table",
    "heldout_header",
    "leave_each_out",
    "metric_text",
    "predict_benchmark",
    "predict_benchmarks",
    "refitter",
    "signed_percent",
    "validation_set",
    "with_pools_validated_once",
    "worst",
    "write_report",
]
