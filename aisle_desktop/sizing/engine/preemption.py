"""KV overflow in engines that admit a request when its prompt's blocks are free.

vLLM (V1) allocates KV blocks as tokens arrive. A waiting request is scheduled once the
blocks of its prompt can be allocated, so it gets its first token after its own prefill,
not after a running sequence finishes. As the admitted sequences grow the cache fills, and
the scheduler preempts the newest running ones (recompute: the request returns to the front
of the waiting queue and later re-prefills its prompt and the tokens it had generated).
Overflow therefore costs recompute work and longer gaps between a request's tokens, not a
wait for a whole answer before the first token.

SGLang allocates blocks as tokens arrive too, but admits a request only when every admitted
answer can still finish (`kv_admission` "finishable"), and TensorRT-LLM's default
(GUARANTEED_NO_EVICT) reserves the whole sequence at admission; neither overflows, and
neither is sized here.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.sizing.engine.arraymath import Number, elementwise_max, elementwise_min


@dataclass(frozen=True, slots=True)
class KvOverflow:
    """How `admitted` sequences share a cache that holds `decoding` of them at a time."""

    admitted: Number
    decoding: Number
    preempted_share: Number
    recompute_tokens_per_request: Number

    @property
    def token_gap_stretch(self) -> Number:
        """How much longer a request waits between its tokens: it decodes only while its
        blocks are resident, a share decoding / admitted of the time."""
        return self.admitted / self.decoding

    def admission_wait_s(self, output_tokens: float, token_step_s: Number) -> Number:
        """Mean wait of a new request for its prompt's blocks.

        It finds the cache full as often as a running sequence is preempted, share p; it
        then waits for the next answer to finish and free its blocks. Answers finish every
        output x step / decoding seconds, so it waits half of that on average.
        """
        gap_s = output_tokens * token_step_s / self.decoding
        return self.preempted_share * gap_s / 2.0


def kv_overflow(
    admitted: Number, resident: Number, input_tokens: float, output_tokens: float
) -> KvOverflow:
    """The preemption a cache that holds `resident` sequences at their average length
    (input + output / 2) charges when `admitted` sequences run.

    At any time a share p = 1 - resident / admitted of the admitted sequences is preempted:
    the cache holds only `resident` at the average length. Each request is preempted once
    with probability p, when it is among the newest share p of the running sequences; their
    ages are spread evenly over the answer, so the newest share p has generated p x output / 2
    tokens on average. Recomputing it re-prefills its prompt plus those tokens, so a request
    costs p x (input + p x output / 2) prompt tokens of recompute on average. No fitted
    constant: with admitted <= resident nothing is preempted and nothing changes.
    """
    decoding = elementwise_min(admitted, resident)
    share = 1.0 - decoding / elementwise_max(admitted, 1e-12)
    recompute = share * (input_tokens + share * output_tokens / 2.0)
    return KvOverflow(
        admitted=admitted,
        decoding=decoding,
        preempted_share=share,
        recompute_tokens_per_request=recompute,
    )
