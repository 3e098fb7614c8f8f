"""Default acceptance of drafted tokens by model family (editable per plan).

The share of tokens drafted by a model's MTP layers that the model accepts, per draft
position, when the workload is chat-like. Only DeepSeek publishes a per-token rate; the
other families get a documented, conservative assumption that a planner should replace with
a measured rate for their own prompts (acceptance varies with the task: code and structured
output accept more, creative writing less).
"""

from __future__ import annotations

DEEPSEEK = (
    0.85,
    "DeepSeek-V3 Technical Report (arXiv 2412.19437), s.5.4.3: the second token's acceptance "
    "rate is 85-90 % across generation topics; the lower end is used",
)
ASSUMED = (
    0.75,
    "assumption: no published per-token acceptance rate for this family; 0.75 sits below "
    "DeepSeek's published 0.85-0.90 for one MTP draft token; measure your own",
)
_BY_FAMILY = {"deepseek_v3": DEEPSEEK, "deepseek_v32": DEEPSEEK, "deepseek_v4": DEEPSEEK}


def default_acceptance(family: str) -> tuple[float, str]:
    """(acceptance per drafted token, where that figure comes from) for a model family."""
    return _BY_FAMILY.get(family, ASSUMED)
