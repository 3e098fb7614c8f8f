"""The MTP drafts of the dated TensorRT-LLM runs, at the acceptance their benchmark's prompts get.

The benchmark recipes behind the dated lines name how many tokens a decode worker drafts with
DeepSeek's MTP layer (`dynamo_recipes`, "mtp3"; `num_nextn_predict_layers`), not how many of
them were accepted. How many are depends on the text: TensorRT-LLM's own guide requires "a
real dataset" to benchmark MTP "since the MTP accept rate is affected by the dataset"
(`docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md`). These runs' client,
InferenceX's sa-bench, sends random tokens wrapped in the chat template, and InferenceX measured
what DeepSeek-R1 accepts on exactly that: about 2.50 tokens a step with 3 drafts, as on MT-Bench
(and about 3.55 without the template, which is why it applies it: SemiAnalysisAI/InferenceX pull
request 649, "add --use-chat-template to mi355x fp8 disagg with mtp"). TensorRT-LLM's blog 1
table "Autoregressive MTP Layers" (2.82 for 3 drafts, which these lines were read with before)
was measured on its own prompts.

A drafting line is read with one acceptance a draft, the one at which Leviathan's accepted run
(1 - a^(k+1)) / (1 - a) gives 2.50 tokens a step for 3 drafts (0.692), whatever its recipe's
count, as a plan's draft keeps one acceptance a draft; the decode worker then verifies k + 1
tokens a sequence, runs k draft passes and holds the MTP layer's weights and cache. No value here
is fitted to the lines.
"""

from __future__ import annotations

from aisle_desktop.sizing.engine.speculative import tokens_per_step

# InferenceX's measurement on its random prompts in the chat template (module doc).
CHAT_TEMPLATE_DRAFT_TOKENS = 3
CHAT_TEMPLATE_TOKENS_PER_STEP = 2.50

# Bisection steps: the interval halves each, far below any figure's last digit after 60.
_BISECTION_STEPS = 60


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


# One draft's acceptance on the benchmark's random prompts in the chat template: a constant,
# worked out once here (60 steps of bisection, about 6 us), not for every drafting line.
CHAT_TEMPLATE_ACCEPTANCE = acceptance_for_tokens_per_step(
    CHAT_TEMPLATE_DRAFT_TOKENS, CHAT_TEMPLATE_TOKENS_PER_STEP
)


def published_mtp_draft(draft_tokens: int) -> dict[str, float | int | str] | None:
    """A line's `speculative` object for a recipe's k MTP drafts at the acceptance the
    benchmark's prompts get (module doc); None for no drafts."""
    if draft_tokens < 1:
        return None
    return {"method": "mtp", "draft_tokens": draft_tokens, "acceptance": CHAT_TEMPLATE_ACCEPTANCE}
