"""The MTP drafts of the dated TensorRT-LLM runs, at TensorRT-LLM's published acceptance.

The benchmark recipes behind the dated lines name how many tokens a decode worker drafts with
DeepSeek's MTP layer (`dynamo_recipes`, "mtp3"; `num_nextn_predict_layers`), not how many of
them were accepted. TensorRT-LLM runs DeepSeek's one MTP module autoregressively (MTP Eagle,
its default for DeepSeek-V3 and R1), so each further draft is guessed from a guess and is
accepted less often than the first: its tech blog "Pushing Latency Boundaries: Optimizing
DeepSeek-R1 Performance on NVIDIA B200 GPUs" (docs/source/blogs/tech_blog/blog1, table
"Autoregressive MTP Layers") measured 1.92, 2.58, 2.82, 2.99 and 3.01 tokens a step for 1 to 5
drafts. The catalog's one acceptance a draft (DeepSeek-V3's report, 0.85 for the second token)
holds for the first draft only: for 3 drafts it gives 3.19 tokens a step.

A line's draft is written with the acceptance a draft that makes Leviathan's accepted run,
(1 - a^(k+1)) / (1 - a), the published tokens a step for its k drafts (0.920 for 1 draft, 0.853
for 2, 0.770 for 3): the speculative model stays one acceptance a draft, the published figure
is what it emits. No value here is fitted to the lines.
"""

from __future__ import annotations

import functools

from aisle_desktop.sizing.engine.speculative import tokens_per_step

# Tokens a verify step emits per sequence by MTP draft count (module doc).
TENSORRT_LLM_MTP_TOKENS_PER_STEP: dict[int, float] = {1: 1.92, 2: 2.58, 3: 2.82, 4: 2.99, 5: 3.01}

MTP_SOURCE = (
    "TensorRT-LLM tech blog 1, 'Pushing Latency Boundaries: Optimizing DeepSeek-R1 Performance "
    "on NVIDIA B200 GPUs', table 'Autoregressive MTP Layers': 1.92, 2.58, 2.82, 2.99, 3.01 "
    "tokens a step for 1-5 drafts"
)

# Bisection steps: the interval halves each, far below any figure's last digit after 60.
_BISECTION_STEPS = 60


# Every dated line drafting with MTP asks again (60 steps of bisection each, about 6 us a
# line of a `predict` file): worked out once per draft count.
@functools.lru_cache(maxsize=16)
def acceptance_for_tokens_per_step(draft_tokens: int, per_step: float) -> float:
    """The acceptance a draft at which k drafts emit `per_step` tokens a step on average
    (bisection on the accepted run, which grows with the acceptance)."""
    low, high = 0.0, 1.0
    for _ in range(_BISECTION_STEPS):
        middle = (low + high) / 2.0
        if tokens_per_step(draft_tokens, middle) < per_step:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


def published_mtp_draft(draft_tokens: int) -> dict[str, float | int | str] | None:
    """A line's `speculative` object for a recipe's k MTP drafts at TensorRT-LLM's published
    tokens a step; None for no drafts or a count the blog did not measure."""
    per_step = TENSORRT_LLM_MTP_TOKENS_PER_STEP.get(draft_tokens)
    if per_step is None:
        return None
    acceptance = acceptance_for_tokens_per_step(draft_tokens, per_step)
    return {"method": "mtp", "draft_tokens": draft_tokens, "acceptance": acceptance}
