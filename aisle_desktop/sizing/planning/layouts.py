"""How a TP group splits a mixture-of-experts model, and why the split search chose one.

Three layouts of the same TP x PP split: tensor parallel slices every expert and attention
head over the group; expert parallel keeps whole experts on each GPU (EP = TP); with
data-parallel attention each GPU also attends its own sequences and holds only their KV cache.
The planner fixes one, or ("auto") the split search sizes each and keeps the cheapest.
"""

from __future__ import annotations

from typing import Literal

from aisle_desktop.catalog import ModelSpec
from aisle_desktop.plan import ExpertLayout
from aisle_desktop.sizing.engine import Deployment, with_expert_parallel
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity

Layout = Literal["tp", "ep", "ep_attention_dp"]
ALL_LAYOUTS: tuple[Layout, ...] = ("tp", "ep", "ep_attention_dp")


def layouts_to_size(model: ModelSpec, chosen: ExpertLayout, tp: int) -> tuple[Layout, ...]:
    """The layouts worth sizing for one TP degree: the planner's, or every one that differs.

    A dense model has only tensor parallel (an explicit expert layout is refused); on one GPU
    all three are the same, so only tensor parallel is sized.
    """
    if chosen != "auto" and chosen != "tp" and model.moe is None:
        raise SizingError(f"{model.name} has no experts: set the expert layout to Automatic")
    if chosen != "auto":
        return (chosen,)
    if model.moe is None or tp == 1:
        return ("tp",)
    return ALL_LAYOUTS


def with_layout(dep: Deployment, layout: Layout) -> Deployment:
    """The replica mapped onto its GPUs in `layout`."""
    if layout == "tp":
        return dep
    return with_expert_parallel(dep, data_parallel_attention=layout == "ep_attention_dp")


def layout_of(dep: Deployment) -> Layout:
    if not dep.expert_parallel:
        return "tp"
    return "ep_attention_dp" if dep.attention_data_parallel else "ep"


def _short(dep: Deployment) -> str:
    layout = layout_of(dep)
    if layout == "tp":
        return f"TP {dep.tp}"
    name = f"EP {dep.tp}"
    return name + " with data-parallel attention" if layout == "ep_attention_dp" else name


def _mechanism(dep: Deployment) -> str:
    layout = layout_of(dep)
    if layout == "ep_attention_dp":
        latent = "latent KV" if dep.model.attention.kind == "mla" else "KV cache"
        return f"each GPU keeps only its own sequences' {latent}"
    if layout == "ep":
        return "each GPU holds whole experts, so expert matrix products run unsliced"
    return "every expert and attention head is sliced over the group"


def _sequences(cap: ReplicaCapacity) -> float:
    return float(cap.limits.batch)


def _rate(cap: ReplicaCapacity) -> float:
    return float(cap.at_targets.requests_per_s) if cap.at_targets is not None else 0.0


def layout_reason(
    chosen: ReplicaCapacity, capacities: list[ReplicaCapacity], planner_chose: bool
) -> str:
    """One plain sentence: which layout the plan uses and why.

    Compared with the other layouts of the same TP x PP split: by how many more sequences fit
    (the KV room is what data-parallel attention changes) or, failing that, by how many more
    requests a second a replica answers within the targets.
    """
    dep = chosen.dep
    if dep.model.moe is None:
        return ""
    if planner_chose:
        return f"{_short(dep)}: the expert layout the plan sets"
    rivals = [
        c
        for c in capacities
        if (c.dep.tp, c.dep.pp) == (dep.tp, dep.pp) and layout_of(c.dep) != layout_of(dep)
    ]
    if not rivals:
        return f"{_short(dep)}: on one GPU the expert layouts are the same"
    fits = [c for c in rivals if c.memory.fits]
    if not fits:
        return f"{_short(dep)}: {_mechanism(dep)}; the other layouts do not fit in memory"
    best_seq = max(fits, key=_sequences)
    if _sequences(chosen) > 1.05 * _sequences(best_seq):
        ratio = _sequences(chosen) / _sequences(best_seq)
        return (
            f"{_short(dep)}: {_mechanism(dep)}, so {ratio:.1f}× more sequences fit than "
            f"with {_short(best_seq.dep)}"
        )
    best_rate = max(fits, key=_rate)
    if _rate(best_rate) > 0 and _rate(chosen) > 1.05 * _rate(best_rate):
        ratio = _rate(chosen) / _rate(best_rate)
        return (
            f"{_short(dep)}: {_mechanism(dep)}, so a replica answers {ratio:.1f}× as many "
            f"requests a second within the targets as with {_short(best_rate.dep)}"
        )
    if chosen.at_targets is None:
        return f"{_short(dep)}: none of this split's expert layouts meets the targets"
    return f"{_short(dep)}: as cheap as the other layouts here, and first to meet the targets"
