"""The prefill worker's token budget of the dated disaggregated lines, as their recipes set it.

InferenceX's SGLang recipes for DeepSeek-R1 FP8 on H100 (`dsr1-fp8-h100-dynamo-sglang` in
`.github/configs/nvidia-master.yaml`; the recipe files are srt-slurm's
`recipes/h100/{1k1k,1k8k,8k1k}/{stp,mtp}/h100-fp8-1p{1,2}d-max-{tp,dep}.yaml`, connorcarpenter15/
srt-slurm at commit 5a156f6, read 2026-12-06) start every prefill worker, the TP 16 one all of
them share, with `chunked-prefill-size: 2048` and `max-prefill-tokens: 2048`: an iteration takes
at most 2,048 prompt tokens, so an 8,192-token prompt is prefilled in four chunks and a burst
of 1,024-token prompts two at a time, where `predict` reads SGLang 0.5's budget on an H100 as
8,192 tokens (calibration 2026.12.17, "SGLang 0.5's scheduler runs its budget by GPU"). A
dated line of that engine, GPU and precision (`source_layouts.DATED_RUN_ID`) is read with that
budget, whichever of its recipes ran it. The engine's own default applies to every other line.
"""

from __future__ import annotations

# (engine, GPU, weight precision) -> the prefill worker's chunk its recipes set (module doc).
RECIPE_PREFILL_CHUNK_TOKENS = {("sglang", "h100-sxm", "fp8"): 2048}


def recipe_prefill_budget(engine: str, gpu: str, precision: str) -> int | None:
    """The prompt tokens a prefill worker's iteration takes in the recipes of this engine, GPU
    and precision (module doc); None where they set none."""
    return RECIPE_PREFILL_CHUNK_TOKENS.get((engine, gpu, precision))
