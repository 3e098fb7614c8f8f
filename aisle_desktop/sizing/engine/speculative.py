"""Speculative decoding with a model's MTP layers or a small draft model.

Each decode step, the draft proposes `k` tokens one after another (k small forward passes),
then the model checks all of them in one pass over `1 + k` tokens per sequence: it reads its
weights and the context once, as for one token, but multiplies `1 + k` tokens. With each
drafted token accepted with probability `a` (and the first rejection ending the run), a step
emits on average `(1 - a^(k+1)) / (1 - a)` tokens per sequence (Leviathan et al., "Fast
Inference from Transformers via Speculative Decoding", 2023). Memory holds the draft's
weights and its own KV cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, LayerGroup, ModelSpec
from aisle_desktop.catalog.mtp_acceptance import ASSUMED
from aisle_desktop.sizing.engine.arraymath import Number, elementwise_max
from aisle_desktop.sizing.engine.cache import SIXTEEN_BIT_BYTES, layer_groups
from aisle_desktop.sizing.errors import SizingError

METHODS = ("mtp", "draft")


@dataclass(frozen=True, slots=True)
class Speculation:
    """A draft resolved for one replica: what it proposes, costs and holds."""

    method: str
    draft_tokens: int
    acceptance: float
    acceptance_source: str
    draft_weight_bytes: float  # the whole draft, at the plan's weight precision
    draft_read_share: float  # share of the draft's weights one pass reads (MoE: k of E)
    draft_matmul_params: float  # parameters one drafted token multiplies through
    head_params: float  # the LM head each draft pass runs (shared with the model)
    cache: tuple[LayerGroup, ...]
    draft_layers: int

    @property
    def tokens_per_step(self) -> float:
        """Tokens one verify step emits per sequence, on average."""
        return tokens_per_step(self.draft_tokens, self.acceptance)

    @property
    def verify_tokens(self) -> int:
        """Tokens per sequence the model runs in one verify pass: its own and the drafts."""
        return 1 + self.draft_tokens


def tokens_per_step(draft_tokens: int, acceptance: float) -> float:
    """(1 - a^(k+1)) / (1 - a): the accepted run of drafts plus the model's own token."""
    return (1.0 - acceptance ** (draft_tokens + 1)) / (1.0 - acceptance)


def _active_share(model: ModelSpec) -> float:
    """Share of a layer's parameters one token runs through (1 for dense models)."""
    if model.active_params_b is None:
        return 1.0
    return min(1.0, model.active_params_b / model.total_params_b)


def resolve_speculation(
    catalog: Catalog,
    model: ModelSpec,
    engine_methods: list[str],
    engine_name: str,
    method: str,
    draft_tokens: int,
    acceptance: float | None,
    draft_model_id: str | None,
    bits_per_weight: float,
) -> Speculation:
    """The draft a plan asks for, or a SizingError saying why it cannot run."""
    if method not in engine_methods:
        offered = ", ".join(engine_methods) or "none"
        raise SizingError(
            f"{engine_name} does not run speculative decoding with {method!r} "
            f"(it offers: {offered}); choose another engine or turn speculation off"
        )
    head = float(model.vocab_size * model.hidden_size)
    if method == "mtp":
        mtp = model.mtp
        if mtp is None:
            raise SizingError(
                f"{model.name} ships no MTP layers; use a draft model or turn speculation off"
            )
        params = mtp.params_b * 1e9
        rate = mtp.acceptance if acceptance is None else acceptance
        source = mtp.acceptance_source if acceptance is None else "the plan's figure"
        share = _active_share(model)
        return Speculation(
            method=method,
            draft_tokens=draft_tokens,
            acceptance=rate,
            acceptance_source=source,
            draft_weight_bytes=params * bits_per_weight / 8.0,
            draft_read_share=share,
            draft_matmul_params=params * share,
            head_params=head,
            cache=(mtp.cache,),
            draft_layers=mtp.num_layers,
        )
    if draft_model_id is None:
        raise SizingError("a draft model is needed for method 'draft': name its catalog id")
    draft = catalog.model(draft_model_id)
    if draft.vocab_size != model.vocab_size:
        raise SizingError(
            f"draft {draft.name} has a vocabulary of {draft.vocab_size:,} tokens, "
            f"{model.name} {model.vocab_size:,}: a draft must share the model's tokenizer"
        )
    params = draft.total_params_b * 1e9
    share = _active_share(draft)
    return Speculation(
        method=method,
        draft_tokens=draft_tokens,
        acceptance=ASSUMED[0] if acceptance is None else acceptance,
        acceptance_source=ASSUMED[1] if acceptance is None else "the plan's figure",
        draft_weight_bytes=params * bits_per_weight / 8.0,
        draft_read_share=share,
        draft_matmul_params=params * share,
        head_params=0.0,  # the draft's own head is part of its parameters
        cache=layer_groups(draft),
        draft_layers=draft.num_layers,
    )


def draft_pass_s(
    speculation: Speculation,
    decode_seqs: Number,
    read_share: Number,
    tp: int,
    head_share: Number,
    bandwidth_bps: float,
    gemm_flops: float,
    layer_cost_s: float,
) -> Number:
    """One draft pass over the running batch on one GPU: read `read_share` of the draft over
    `tp` GPUs and `head_share` of the LM head (`draft_head_share`), or multiply every
    sequence's token through them, whichever is slower, plus the fixed cost of its layers. The
    draft's KV reads are small beside its weights and are left out."""
    head_bytes = speculation.head_params * SIXTEEN_BIT_BYTES
    read = speculation.draft_weight_bytes * read_share / tp + head_bytes * head_share
    flops = 2.0 * (speculation.draft_matmul_params + speculation.head_params) / tp * decode_seqs
    busy = elementwise_max(read / bandwidth_bps, flops / gemm_flops)
    return busy + speculation.draft_layers * layer_cost_s


def draft_head_share(tp: Number, attention_tp: Number, whole_per_rank: Number) -> Number:
    """Share of the LM head one GPU reads in a draft pass: a tensor-parallel GPU's 1 / tp, or
    under data-parallel attention the share an attention rank of `attention_tp` GPUs holds
    (TensorRT-LLM keeps the head whole on each attention-DP rank unless
    enable_lm_head_tp_in_adp, off by default, as the model's own step reads it), weighted by
    `whole_per_rank` (`draft_head_per_attention_rank`). DeepSeek-V3 on 8 GPUs of attention DP 8:
    its 1.85 GB BF16 head whole on each, not 232 MB; without attention DP 1 / tp either way."""
    return 1.0 / tp + whole_per_rank * (1.0 / attention_tp - 1.0 / tp)


def mtp_batch_read_share(
    one_token_share: float, touched: Number, pick_share: float, weight: Number
) -> Number:
    """Share of a MoE model's MTP layer one draft pass over a batch reads.

    DeepSeek's MTP module is one transformer block of the model's own shape, its MoE layer
    included (DeepSeek-V3 technical report, s.2.2), and the engines run it over every
    sequence of the batch at once: a pass reads the layer's dense part and every routed expert
    some sequence's draft token picks, as the model's own layers do (`touched`, the share of
    experts the batch's tokens touch), not one token's `one_token_share` (active over total
    parameters). With a share `pick_share` = k / E of the experts read by one token, the routed
    experts are (1 - a) / (1 - k / E) of the layer, so a pass reads 1 - that x (1 - touched),
    at least one token's share. `weight` 0 keeps one token's share, as calibrations before
    2026.12.16 did."""
    experts = (1.0 - one_token_share) / (1.0 - pick_share)
    batch = elementwise_max(1.0 - experts * (1.0 - touched), one_token_share)
    return one_token_share + weight * (batch - one_token_share)
