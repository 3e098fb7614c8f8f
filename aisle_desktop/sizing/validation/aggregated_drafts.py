"""The dated aggregated lines that ran InferenceX's single-node MTP scripts, read with their drafts.

The dated `aic_agg` lines ("aic-2026_03_25_...", "aic-2026_04_06_...") are InferenceX's single-node
runs, and their release names which of its scripts ran them: InferenceX moved its DeepSeek-R1
TensorRT-LLM configs on B200 without drafting (`dsr1-fp4-b200-trt`, `dsr1-fp8-b200-trt`) to
`release:1.2.0rc6.post2` (SemiAnalysisAI/InferenceX `perf-changelog.yaml`, pull requests 594 and
620) and the drafting ones (`dsr1-fp4-b200-trt-mtp`, `dsr1-fp8-b200-trt-mtp`) to
`release:1.2.0rc6.post3` (pull request 642; 632 "the latest TRTLLM 1.2 release container"),
image tags that differed between its STP and MTP configs until both moved to 1.3. The lines
agree: at 4 in flight on 8 B200 at TP 8, 1,024 / 1,024, FP8, post2 measures 10.3 ms a token and
post3 5.38 ms, twice apart in one patch release, on both sides of the model.

The MTP scripts (`benchmarks/dsr1_fp4_b200_trt_mtp.sh`, `dsr1_fp8_b200_trt_mtp.sh`) set
`num_nextn_predict_layers` to 3 and, with attention data-parallel, to 1, and wrap the random
prompts in the chat template, so the drafts are read at the acceptance InferenceX measured on
exactly those prompts (`mtp_published`). A line that names its own `speculative` keeps it; other
releases, GPUs and models keep their fields (1.1.0rc2.post2 ran both kinds of script).
"""

from __future__ import annotations

from typing import Any

from aisle_desktop.sizing.validation.mtp_published import published_mtp_draft

# (engine, release, GPU, model) that only InferenceX's single-node MTP scripts ran (module doc).
MTP_SCRIPT_RUNS = frozenset({("tensorrt-llm", "1.2.0rc6.post3", "b200", "deepseek-r1")})
# `num_nextn_predict_layers` of those scripts, with attention data-parallel and without.
ATTENTION_DP_DRAFT_TOKENS = 1
TP_DRAFT_TOKENS = 3


def with_script_drafts(fields: dict[str, Any]) -> dict[str, Any]:
    """A dated aggregated line's fields with the MTP drafts its script ran (module doc);
    other lines, and lines naming their own `speculative`, come back unchanged."""
    run = (
        fields.get("engine"),
        fields.get("engine_version"),
        fields.get("gpu"),
        fields.get("model"),
    )
    if run not in MTP_SCRIPT_RUNS or "speculative" in fields:
        return fields
    attention_dp = fields.get("attention_dp", 1)
    data_parallel = isinstance(attention_dp, int) and attention_dp > 1
    drafts = ATTENTION_DP_DRAFT_TOKENS if data_parallel else TP_DRAFT_TOKENS
    return dict(fields, speculative=published_mtp_draft(drafts))
