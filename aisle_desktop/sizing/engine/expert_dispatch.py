"""How much of a batch's tokens an expert-parallel MoE layer moves to each rank under
data-parallel attention.

With attention data-parallel, each rank holds its own tokens and the MoE layer must bring
them to the ranks holding their experts and the experts' outputs back. Gathering every
token to every rank (an all-gather, then a reduce-scatter of the outputs) moves all of
them; an all-to-all sends each token only to the ranks holding the experts it picked. A
token picks k of E experts spread evenly over EP ranks, so it reaches a given rank with
probability 1 - (1 - 1/EP)^k (each pick lands on that rank with probability 1/EP): 0.66
of every token for DeepSeek's 8 picks on EP 8, 0.22 on EP 32.

TensorRT-LLM 1.x runs the all-to-all (`select_alltoall_method_type` of its fused MoE:
MNNVL) when attention is data-parallel, the expert-parallel group has more ranks than a
token picks experts, and the GPUs share a multi-node NVLink domain (GB200/GB300 NVL72);
otherwise, DeepEP left off as its default, it gathers every token. The calibration's
`multi_node_nvlink_all_to_all` (TensorRT-LLM's era 1, 0 elsewhere and before 2026.12.12)
says whether the engine does so.
"""

from __future__ import annotations

from aisle_desktop.sizing.engine.arraymath import Number, as_float, choose
from aisle_desktop.sizing.engine.deployment import GPUS_PER_SERVER_TYPICAL, Deployment


def routed_rank_share(ranks: Number, picks: int) -> Number:
    """Share of a batch's tokens that reach one of `ranks` expert-parallel ranks when each
    token picks `picks` experts spread evenly over them: 1 - (1 - 1/ranks)^picks."""
    return 1.0 - (1.0 - 1.0 / as_float(ranks)) ** picks


def dispatched_share(dep: Deployment) -> Number:
    """Share of what gathering every token to every rank moves that the replica's MoE
    exchange sends: `routed_rank_share` where the engine's all-to-all runs (module doc),
    scaled by `multi_node_nvlink_all_to_all`; 1 elsewhere. Stacked replicas (`predict`)
    get each their own."""
    moe = dep.model.moe
    if moe is None:
        return 1.0
    picks = moe.experts_per_token
    domain = dep.gpu.interconnect.scale_up_domain_gpus
    runs = choose(domain > GPUS_PER_SERVER_TYPICAL, dep.ep > picks, False)
    weight = choose(runs, dep.assumptions.multi_node_nvlink_all_to_all, 0.0)
    return 1.0 - weight * (1.0 - routed_rank_share(dep.ep, picks))
