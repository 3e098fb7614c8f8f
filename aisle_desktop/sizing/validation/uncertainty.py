"""How sure a throughput or latency figure is: a band from the calibration residuals.

Each band is the 10th to 90th percentile of measured / predicted for that metric and kind of
load, so about four measured results in five fall inside it: on the published development set
(`validation/published_dev.jsonl`) for releases before the 2025-26 eras, and on the 2025-26
set (`validation/modern_engines_dev.jsonl`) per engine era, whose residuals differ by engine.
A scenario the measurements hardly cover (a GPU generation, precision, MoE kind, engine or
pipeline split with few or no rows) is an extrapolation: its band is widened, and the result
says why. No band reaches below the physical floor (`sizing/engine/roofline.py`): the same
work at the datasheet's peak rates.

The residual tables are refreshed by hand from `make validate`, whose reports print the
coverage of these bands; `tests/sizing/test_accuracy_targets.py` checks that they still cover
both sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aisle_desktop.sizing.engine import (
    Deployment,
    Number,
    elementwise_max,
    elementwise_min,
    is_finite,
)

LoadKind = str  # "max_throughput", "concurrency", "request_rate" or "static_batch"
BANDED_METRICS = ("output_tokens_per_s", "ttft_ms", "tpot_ms")

# (10th, 90th percentile) of measured / predicted on the development set, per metric and load
# kind (make validate, "Uncertainty bands" section of validation/REPORT.md).
RESIDUAL_RATIOS: dict[tuple[str, LoadKind], tuple[float, float]] = {
    ("output_tokens_per_s", "max_throughput"): (0.88, 1.28),
    ("output_tokens_per_s", "concurrency"): (0.73, 1.08),
    ("output_tokens_per_s", "request_rate"): (0.81, 0.99),
    ("output_tokens_per_s", "static_batch"): (0.86, 1.26),
    # max-throughput TTFT and TPOT: only 3 online rows; wide, from engineering judgement
    ("ttft_ms", "max_throughput"): (0.35, 3.00),
    ("ttft_ms", "concurrency"): (0.52, 1.29),
    ("ttft_ms", "request_rate"): (0.73, 1.14),
    ("ttft_ms", "static_batch"): (0.84, 1.29),
    ("tpot_ms", "max_throughput"): (0.45, 1.30),
    ("tpot_ms", "concurrency"): (0.92, 1.41),
    ("tpot_ms", "request_rate"): (0.54, 1.01),
    ("tpot_ms", "static_batch"): (0.80, 1.30),  # no TPOT rows: as single-request TTFT
}


# The 2025-26 set measured fixed-concurrency TTFT and TPOT only; other load kinds keep the
# published set's spread. (10th, 90th percentile) of measured / predicted per engine era
# (the aggregated rows of validation/modern_engines_dev.jsonl as `predict` reads them under
# calibration 2026.12.19: the busiest expert-parallel rank's expert reads, 2026.12.15, moved
# them by 0.02 at most; SGLang's memory reserve by GPU, 2026.12.14, had narrowed its TTFT band's
# top from 4.80 to 3.66, its budget by GPU, 2026.12.17, to 3.56; vLLM's Blackwell decode kernel
# and the harness's token budget, 2026.12.19, moved TensorRT-LLM's TTFT band from 0.72-2.20 to
# 0.71-2.18, vLLM's from 0.74-1.62 to 0.76-1.63 and its TPOT band from 0.79-1.27 to 0.82-1.30;
# the dated lines of InferenceX's MTP scripts read with their drafts, `aggregated_drafts`, moved
# TensorRT-LLM's TTFT band to 0.71-2.11 and its TPOT band to 0.87-1.37; calibration 2026.12.22,
# SGLang admitting only what can finish and the dated lines' SGLang receive interval, moved
# SGLang's TPOT band from 0.80-1.43 to 0.80-1.45 and left its TTFT band at 0.64-3.56;
# calibration 2026.12.24, the B200's bandwidth at the 7.67 TB/s its driver reports, moved
# SGLang's TPOT band to 0.80-1.42 and every other era's percentiles by 0.01 at most;
# calibration 2026.12.25, TensorRT-LLM's MLA layers launching their generation path in a mixed
# eager iteration, moved TensorRT-LLM's TTFT band from 0.71-2.11 to 0.70-2.01 and its TPOT band
# from 0.87-1.37 to 0.86-1.32, its DeepSeek rows' first tokens and steps no longer as short);
# calibration 2026.12.29, the dated lines at the lengths InferenceX's client drew and the eras
# refitted on them, moved every era's: TensorRT-LLM 0.70-2.01 / 0.86-1.32 to 0.68-2.03 /
# 0.84-1.29, vLLM 0.76-1.63 / 0.82-1.30 to 0.77-1.65 / 0.84-1.32, SGLang 0.64-3.56 / 0.80-1.42
# to 0.73-3.69 / 0.80-1.33; calibration 2026.12.30, each attention data-parallel rank of a line
# with the engine's sequence cap (and the dated TensorRT-LLM lines read with their scripts' KV
# memory fraction before it), moved vLLM's TTFT band from 0.77-1.65 to 0.77-1.66; calibration
# 2026.12.31, the dated lines of InferenceX's DeepSeek-R1 MTP scripts read with those scripts'
# token budget, moved TensorRT-LLM's TTFT band from 0.68-2.03 to 0.68-1.95; calibration
# 2026.12.33, the dated lines of InferenceX's DeepSeek-R1 FP8 B200 script read with the batch
# waiting it sets, moved it to 0.68-1.92; calibration 2026.12.41, TensorRT-LLM's request overhead
# split by where trtllm-serve post-processes the answers (a quarter of it on the dated gpt-oss and
# Llama 3.1 70B lines, whose scripts run post-processing workers; 75 ms, was 66.8, elsewhere),
# moved it to 0.81-1.97; calibration 2026.12.44, an attention rank's all-reduce inside its
# server and vLLM's expert exchange between servers at NCCL's ring (three vLLM lines over two B200
# servers), moves vLLM's TTFT 10th percentile from 0.771 to 0.775: the band keeps 0.77 (at 0.78
# the aggregated rows' TTFT inside their bands would fall from 80.2% to 79.5%); calibration
# 2026.12.45, TensorRT-LLM's attention ranks admitting whole prompts within their own budget (the
# balancer letting one go a rank at a time: 27 DeepSeek-R1 attention-DP lines wait longer),
# moves TensorRT-LLM's TTFT 90th percentile from 1.966 to 1.896: 0.81-1.90; calibration
# 2026.12.52, vLLM's releases before 0.14 scheduling in turn (25 aggregated vLLM 0.12.0 lines),
# moves vLLM's TTFT percentiles from 0.775-1.656 to 0.776-1.663 and its TPOT 90th percentile from
# 1.318 to 1.313: the bands keep 0.77-1.66 and 0.84-1.32 (at 1.31 the aggregated rows' TPOT
# inside their bands would fall from 79.9% to 79.6%). The five GB200 lines that write a
# recipe's whole disaggregated deployment as one worker of TP 12, 52 or 64, read as that
# deployment (`source_layouts`), move TensorRT-LLM's TTFT 10th percentile from 0.813 to 0.815
# and its TPOT percentiles from 0.840-1.289 to 0.846-1.291: the bands keep 0.81-1.90 and
# 0.84-1.29 (at 0.82 and 0.85 the aggregated rows inside their bands would fall from 80.5% to
# 79.7% for TTFT and from 80.2% to 79.6% for TPOT); the disaggregated rows' TTFT percentiles
# (0.733-2.914 for TensorRT-LLM, 0.762-2.914 pooled) keep their bands.
# The planner's request-rate loads run the same steady state, so they take the same spread.
def _era_ratios(
    ttft: tuple[float, float], tpot: tuple[float, float]
) -> dict[tuple[str, LoadKind], tuple[float, float]]:
    return {
        (metric, kind): ratios
        for metric, ratios in (("ttft_ms", ttft), ("tpot_ms", tpot))
        for kind in ("concurrency", "request_rate")
    }


ERA_RESIDUAL_RATIOS: dict[str, dict[tuple[str, LoadKind], tuple[float, float]]] = {
    "TensorRT-LLM 1.x (PyTorch backend)": _era_ratios((0.81, 1.90), (0.84, 1.29)),
    "vLLM V1 engine": _era_ratios((0.77, 1.66), (0.84, 1.32)),
    "SGLang 0.5": _era_ratios((0.73, 3.69), (0.80, 1.33)),
}
# Disaggregated serving (prefill and decode on separate pools) errs differently: (10th, 90th
# percentile) of measured / predicted on the `aic_disagg` rows of
# validation/modern_engines_dev.jsonl under calibration 2026.12.18 (dated lines read by their
# benchmark recipes where one speaks for them, `dynamo_recipes`, H200's included, with their
# MTP drafts at the acceptance the benchmark's prompts get, `mtp_published`, else dated TensorRT-LLM
# lines with at least 3 decode workers, `source_layouts`), per engine era with at least
# MIN_DISAGGREGATED_ROWS rows, else over all of them (`DISAGGREGATED_POOLED`); SGLang's budget
# by GPU (2026.12.17) widened SGLang's TTFT band from 0.79-2.48 to 0.76-2.64; an attention-DP
# MTP pass reading the whole LM head (2026.12.18) moved the pooled throughput's 10th
# percentile from 0.66 to 0.67; the drafts read at InferenceX's measured 2.50 tokens a step
# for 3 drafts instead of TensorRT-LLM's blog's 2.82 narrowed TensorRT-LLM's TPOT band from
# 0.73-1.53 to 0.72-1.41 and its throughput's from 0.68-1.25 to 0.74-1.27; calibration
# 2026.12.21 (vLLM's hand-over, and the 8 GB200 lines whose 24-48 GPU prefill worker no recipe
# runs read with the recipes' 4-GPU one) moved TensorRT-LLM's TTFT band from 0.60-2.95 to
# 0.66-2.95, its TPOT band to 0.72-1.40 and its throughput's to 0.73-1.27, and the pooled TTFT
# band from 0.66-2.97 to 0.70-2.95, its TPOT band from 0.76-1.44 to 0.76-1.41; calibration
# 2026.12.23 (vLLM's hand-over at 120 ms) moves none of them (vLLM's 13 rows are pooled);
# calibration 2026.12.24 (the B200's bandwidth at 7.67 TB/s) moved TensorRT-LLM's TPOT band
# from 0.72-1.40 to 0.72-1.38 and no other by more than 0.01; calibration 2026.12.29 (the
# eras refitted on the aggregated rows, its disaggregated lines read by dis24's recipe rules)
# moved TensorRT-LLM's to 0.77-1.30 (throughput), 0.69-2.91 (TTFT) and 0.70-1.31 (TPOT),
# SGLang's to 0.66-1.19, 0.80-3.06 and 0.82-1.48, and the pooled ones to 0.73-1.28, 0.71-2.93
# and 0.71-1.32; calibration 2026.12.32 (the starting cohort's wait for decode places, after
# dis25's reading of the dated lines at sa-bench's drawn lengths) refits the TTFT bands only:
# TensorRT-LLM's to 0.75-2.99, SGLang's to 0.82-3.14, the pooled one to 0.78-2.99 (the
# throughput bands, whose latency is mostly the answer's decode, are not refitted); calibration
# 2026.12.34 (the starting cohort waiting its decode worker's first token) refits them again:
# TensorRT-LLM's to 0.74-2.95, SGLang's to 0.81-3.13, the pooled one to 0.76-2.95; calibration
# 2026.12.37 (SGLang's all-reduce between NVL72 trays, 9 rows) moves none at two decimals;
# calibration 2026.12.39 (TensorRT-LLM's prefill GPUs sending a copy per decode GPU, 158 rows)
# refits the TTFT bands' 90th percentiles: TensorRT-LLM's and the pooled one 2.95 to 2.92; and
# 2026.12.40 (SGLang's all-reduce between 8-GPU servers, 46 rows; vLLM's cache between NVL72
# trays over the network, 11) moves none at two decimals (SGLang's TTFT 0.81-3.13 stays);
# 2026.12.41 (TensorRT-LLM's request overhead 66.8 to 75 ms without post-processing workers,
# which no disaggregated line runs with) refits the TTFT bands: TensorRT-LLM's to 0.73-2.91, the
# pooled one to 0.76-2.91. The rows
# measure TTFT and TPOT at a fixed concurrency; their throughput follows by Little's law
# (clients / (TTFT + (output tokens - 1) x TPOT)), so its ratio is predicted / measured of
# that latency. TTFT is wide because the model's disaggregated TTFT is far off (median
# error about 30%, docs/calibration.md): that is what a planner should see.
MIN_DISAGGREGATED_ROWS = 30


def _disaggregated_ratios(
    throughput: tuple[float, float], ttft: tuple[float, float], tpot: tuple[float, float]
) -> dict[tuple[str, LoadKind], tuple[float, float]]:
    return {
        ("output_tokens_per_s", kind): throughput for kind in ("concurrency", "request_rate")
    } | _era_ratios(ttft, tpot)


DISAGGREGATED_RESIDUAL_RATIOS: dict[str, dict[tuple[str, LoadKind], tuple[float, float]]] = {
    # 419 rows
    "TensorRT-LLM 1.x (PyTorch backend)": _disaggregated_ratios(
        (0.77, 1.30), (0.73, 2.91), (0.70, 1.31)
    ),
    # 134 rows
    "SGLang 0.5": _disaggregated_ratios((0.66, 1.19), (0.81, 3.13), (0.82, 1.48)),
}
# All 566 rows (vLLM's 13 are too few for their own).
DISAGGREGATED_POOLED = _disaggregated_ratios((0.73, 1.28), (0.76, 2.91), (0.71, 1.32))

# A band never claims better than this on either side (few rows make narrow percentiles).
MIN_SPREAD = 0.08
# Extrapolations double the band's width on a log scale.
EXTRAPOLATION_WIDENING = 2.0

# What the development set covers well (at least ~20 published rows each).
CALIBRATED_ARCHITECTURES = frozenset({"ampere", "ada", "hopper"})
CALIBRATED_PRECISIONS = frozenset({"fp16", "bf16", "fp8"})
CALIBRATED_ENGINES = frozenset({"tensorrt-llm"})
# Coarse MoE (Mixtral: 8 experts, 2 active) has 115 rows; fine-grained MoE (64+ experts) few.
FINE_GRAINED_EXPERTS = 64


@dataclass(frozen=True, slots=True)
class Band:
    """A figure's plausible range, and why it is wider than usual if it is."""

    low: Number
    high: Number
    extrapolation: tuple[str, ...]


# What the 2025-26 set covers (each with at least ~50 rows).
MODERN_ARCHITECTURES = frozenset({"hopper", "blackwell"})
MODERN_PRECISIONS = frozenset({"bf16", "fp8", "fp4", "mxfp4"})


def extrapolation_reasons(dep: Deployment, era: str | None = None) -> tuple[str, ...]:
    """What about this replica the measurements cover thinly, in plain words.

    `era` names the engine era the figures were computed for (None: a release before the
    2025-26 eras), whose measurements are the ground the model stands on.
    """
    modern = era is not None
    architectures = MODERN_ARCHITECTURES if modern else CALIBRATED_ARCHITECTURES
    precisions = MODERN_PRECISIONS if modern else CALIBRATED_PRECISIONS
    reasons = []
    gpu = dep.gpu
    if gpu.vendor != "nvidia" or gpu.architecture not in architectures:
        reasons.append(f"few or no measured results on {gpu.architecture} GPUs ({gpu.name})")
    precision = dep.execution.weight_precision
    if precision not in precisions:
        reasons.append(f"few measured results at {precision} weights")
    moe = dep.model.moe
    if not modern and moe is not None and moe.num_experts >= FINE_GRAINED_EXPERTS:
        reasons.append(f"fine-grained MoE ({moe.num_experts} experts) has few published results")
    if not modern and dep.engine.id not in CALIBRATED_ENGINES:
        reasons.append(f"few published results for {dep.engine.name} before its 2025-26 releases")
    if dep.pp > 1:
        reasons.append("pipeline parallel has few measured results")
    return tuple(reasons)


def residual_ratios(
    metric: str, kind: LoadKind, era: str | None, disaggregated: bool = False
) -> tuple[float, float]:
    """(10th, 90th percentile) of measured / predicted for this figure in this era, served
    together or on separate prefill and decode pools (`disaggregated`)."""
    if disaggregated:
        own = DISAGGREGATED_RESIDUAL_RATIOS.get(era or "", DISAGGREGATED_POOLED)
    else:
        own = ERA_RESIDUAL_RATIOS.get(era or "", {})
    return own.get((metric, kind), RESIDUAL_RATIOS[(metric, kind)])


def band(
    metric: str,
    kind: LoadKind,
    predicted: Number,
    reasons: tuple[str, ...],
    era: str | None = None,
    floor: Number = 0.0,
    disaggregated: bool = False,
) -> Band:
    """The 80% band around `predicted` for this metric and load kind, never below `floor`
    (a latency's physical floor) on the low side; per element for arrays. `disaggregated`:
    the figure is of prefill and decode on separate pools."""
    low_ratio, high_ratio = residual_ratios(metric, kind, era, disaggregated)
    low_log = min(math.log(low_ratio), -MIN_SPREAD)
    high_log = max(math.log(high_ratio), MIN_SPREAD)
    if reasons:
        low_log *= EXTRAPOLATION_WIDENING
        high_log *= EXTRAPOLATION_WIDENING
    low = elementwise_max(predicted * math.exp(low_log), floor)
    return Band(
        low=elementwise_min(low, predicted),
        high=elementwise_max(predicted * math.exp(high_log), low),
        extrapolation=reasons,
    )


def has_band(value: Number) -> Number:
    """Only a positive, finite figure has a band."""
    return is_finite(value) & (value > 0)


def band_figures(
    figures: dict[str, Number],
    kind: LoadKind,
    reasons: tuple[str, ...],
    era: str | None = None,
    floors: dict[str, Number] | None = None,
    disaggregated: bool = False,
) -> dict[str, Number]:
    """`metric_low` and `metric_high` for every banded metric present in `figures`; `floors`
    holds a latency metric's physical floor (in its own unit). A figure without a band
    (`has_band`) gets none: its entries are to be left out. `disaggregated`: the figures are
    of prefill and decode on separate pools."""
    out: dict[str, Number] = {}
    for metric in BANDED_METRICS:
        value = figures.get(metric)
        if value is None:
            continue
        floor = (floors or {}).get(metric, 0.0)
        b = band(metric, kind, value, reasons, era, floor, disaggregated)
        out[f"{metric}_low"] = b.low
        out[f"{metric}_high"] = b.high
    return out
