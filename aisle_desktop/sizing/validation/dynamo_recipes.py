"""The benchmark recipes behind the dated disaggregated lines.

The dated lines ("aic-2026_03_25_...", "aic-2026_04_06_...") are runs of the InferenceX
(formerly InferenceMAX) benchmark's NVIDIA Dynamo recipes. Its configuration file,
`.github/configs/nvidia-master.yaml` of SemiAnalysisAI/InferenceX at commit 0004cf5 (read
2026-12-05; configurations `dsr1-fp8-b200-dynamo-trt`, `dsr1-fp4-b200-dynamo-trt`,
`dsr1-fp8-b300-dynamo-trt`, `dsr1-fp8-h100-dynamo-trt`, `dsr1-fp4-gb200-dynamo-trt`,
`dsr1-fp4-gb300-dynamo-trt` and the `-dynamo-sglang` ones of GB200 and GB300 at FP8 and FP4 and
of H100 at FP8), names for each GPU, precision and pair of lengths the image (the line's
`engine_version`), the concurrencies each deployment was swept over, both pools' workers and
splits (`tp` the worker's world size, `ep`, `dp-attn`) and whether it drafts with MTP; a
TensorRT-LLM recipe file's name gives the decode workers' `max_batch_size` ("batch32": per
attention rank under attention DP, TensorRT-LLM's executor runs one per rank) and the MTP draft
tokens ("mtp3"); SGLang's recipe files ("mid-curve.yaml") name neither. The H200 lines'
concurrencies are not in that file: their recipes are srt-slurm's `recipes/trtllm/h200/`
files (a public copy: connorcarpenter15/srt-slurm at commit 5a156f6, read 2026-12-05), each
naming the Dynamo image the lines name (tensorrtllm-runtime:0.8.1.post1), the benchmark's
concurrency, both pools' workers and splits (`enable_attention_dp`, `moe_expert_parallel_size`),
the decode `max_batch_size` and the MTP draft tokens (`num_nextn_predict_layers`).
Where InferenceX's file names one B200 FP8 recipe for several concurrencies
("ctx1_gen3_tp8_batch1024" at 4, 32 and 128 clients, 1,024 / 1,024; "ctx1_gen4_tp8_batch32" at
32 and 128, 8,192 / 1,024), srt-slurm keeps a file for each
(`recipes/trtllm/b200-fp8/1k1k/stp/ctx1_gen3_tp8_batch1024_eplb0_mtp0_4.yaml`, `..._32.yaml`,
`..._128.yaml`; `8k1k/stp/ctx1_gen4_tp8_batch32_eplb0_mtp0_32.yaml`, `..._128.yaml`; read
2026-12-06), and its decode `max_batch_size` is that concurrency's, not the name's: 1, 12 and
1,024; 8 and 32. Each concurrency is read with its file's batch: at 4 clients 3 places on 3
decode workers, so one client in four waits a third of an answer for a place (measured TTFT
2.2 s).
Those recipes state what the line leaves out: how many workers ran and how many answers a
decode worker takes before requests wait for a place (the H100 runs at 6 clients on 3
decode workers of batch 1 measure a TTFT of 0.88 answers' time, as 6 clients on 3 places do).

The dated GB200 FP4 lines of the Dynamo image 0.5.1-rc0.pre3, and those that name no release,
ran an earlier version of that file, whose `dsr1-fp4-gb200-dynamo-trt` still named that image
(the copy in ishandhanani/InferenceMAX at commit 0e3c359, read 2026-12-08): its recipes prefill
on 4-GPU workers with EP 4 (with attention DP beside an attention-DP decode worker, without it
beside TP 8 ones), set each decode worker's `DECODE_MAX_BATCH_SIZE` and `DECODE_MTP_SIZE`, and
list the concurrencies 128, 269, 538, 1,075, 2,150, 2,252 and 4,300 those lines name. The
conversion wrote several of those deployments' GPUs in all as one worker ("TP 52": 5 x 4 + 32;
`source_layouts`); `deployment_of_world_size` finds the deployment such a line ran.

A dated line is read by the recipes of its release, GPU, precision and lengths that list its
concurrency and whose workers are the line's (the GPUs of a prefill and of a decode worker):
when they agree on both pools, the line is read with that deployment; when none matches or
they disagree on a pool, the line keeps the reading of `source_layouts`. Recipes that agree on
both pools but not on the decode batch (a drafting recipe and a plain one at the same
concurrency: InferenceX's H200 runs at 144 clients, 1,024 / 1,024, run 9 decode workers of
TP 8 x EP 8 with a batch of 256, or of 128 drafting 3 tokens) are read with those pools and the
largest batch (no cap where one recipe names none): each run let at least that many answers
into a worker, so the cap holds back no client either run took in, where sizing the pools for
the load gave 3 decode workers, not the 9 both ran. A decode
worker of 24 or 48 GPUs with EP over all of them needs redundant expert copies to spread 256
experts (EPLB), which Aisle does not model: such a worker keeps the split `source_layouts`
reads from the line, with the recipe's worker counts. Whether a run drafted with MTP is
recorded here too (`draft_tokens`, None where the recipes at that concurrency differ or name no
count); `source_layouts` gives such a line its drafts at TensorRT-LLM's published acceptance
(`mtp_published`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Where the recipes come from (module doc).
RECIPES_SOURCE = (
    "SemiAnalysisAI/InferenceX .github/configs/nvidia-master.yaml at commit 0004cf5; for H200, "
    "srt-slurm recipes/trtllm/h200/ (connorcarpenter15/srt-slurm at commit 5a156f6); read "
    "2026-12-05; for the GB200 image 0.5.1-rc0.pre3, the same file as ishandhanani/InferenceMAX "
    "holds it at commit 0e3c359, read 2026-12-08"
)


@dataclass(frozen=True, slots=True)
class RecipePool:
    """A pool as a recipe states it: workers, each worker's GPUs (its world size), expert
    parallel degree and whether attention runs data-parallel over the worker."""

    workers: int
    gpus: int
    ep: int
    attention_dp: bool

    def layout(self) -> dict[str, Any]:
        """The pool as a line's `disaggregated` object writes it."""
        tp, ranks = (1, self.gpus) if self.attention_dp else (self.gpus, 1)
        return {
            "tp": tp,
            "pp": 1,
            "attention_dp": ranks,
            "ep": self.ep,
            "gpus_per_worker": self.gpus,
            "workers": self.workers,
        }


@dataclass(frozen=True, slots=True)
class Recipe:
    """One deployment of a recipe list, swept over `concurrencies`."""

    engine: str
    gpu: str
    precision: str
    release: str  # the image's version, as the line's engine_version
    input_tokens: int
    output_tokens: int
    concurrencies: tuple[int, ...]
    prefill: RecipePool
    decode: RecipePool
    decode_batch: int | None  # max_batch_size of a decode worker per attention rank, if named
    draft_tokens: int | None  # MTP draft tokens; 0 without MTP, None: drafts, count not named


def _d(workers: int, gpus: int, ep: int, attention_dp: bool) -> RecipePool:
    return RecipePool(workers, gpus, ep, attention_dp)


def _family(
    gpu: str,
    precision: str,
    release: str,
    prefill_worker: tuple[int, int, bool],
    entries: tuple[tuple[int, int, tuple[int, ...], int, RecipePool, int, int], ...],
) -> tuple[Recipe, ...]:
    """The TensorRT-LLM recipes of one configuration: each entry is (input, output,
    concurrencies, prefill workers, decode pool, decode batch, draft tokens), the prefill
    worker (GPUs, ep, attention DP) shared."""
    gpus, ep, dp = prefill_worker
    return tuple(
        Recipe(
            "tensorrt-llm",
            gpu,
            precision,
            release,
            inp,
            out,
            conc,
            _d(pw, gpus, ep, dp),
            dec,
            batch,
            mtp,
        )
        for inp, out, conc, pw, dec, batch, mtp in entries
    )


def _sglang(
    gpu: str,
    precision: str,
    release: str,
    draft_tokens: int | None,
    entries: tuple[tuple[int, int, tuple[int, ...], RecipePool, RecipePool], ...],
) -> tuple[Recipe, ...]:
    """The SGLang recipes of one configuration: (input, output, concurrencies, prefill pool,
    decode pool) each; their file names give no decode batch."""
    return tuple(
        Recipe("sglang", gpu, precision, release, inp, out, conc, pre, dec, None, draft_tokens)
        for inp, out, conc, pre, dec in entries
    )


K, EK = 1024, 8192


RECIPES: tuple[Recipe, ...] = (
    *_family(
        "b200",
        "fp8",
        "0.8.1.post2",
        (8, 8, True),
        (
            (K, K, (8,), 1, _d(8, 8, 1, False), 1, 3),
            (K, K, (32,), 1, _d(8, 8, 1, False), 4, 3),
            (K, K, (64,), 1, _d(8, 8, 1, False), 8, 3),
            (K, K, (256,), 1, _d(8, 8, 1, False), 32, 3),
            (K, K, (896,), 1, _d(7, 8, 8, True), 128, 3),
            (K, K, (1024,), 1, _d(4, 8, 8, True), 256, 3),
            (K, K, (1184,), 1, _d(3, 8, 8, True), 384, 3),
            (K, K, (1600,), 1, _d(2, 8, 8, True), 768, 2),
            # One recipe name, "ctx1_gen3_tp8_batch1024", at 4, 32 and 128 clients; srt-slurm's
            # file for each concurrency sets its own decode batch (module doc).
            (K, K, (4,), 1, _d(3, 8, 1, False), 1, 0),
            (K, K, (32,), 1, _d(3, 8, 1, False), 12, 0),
            (K, K, (128,), 1, _d(3, 8, 1, False), 1024, 0),
            (K, K, (1920,), 1, _d(5, 8, 8, True), 48, 0),
            (K, K, (4096,), 1, _d(1, 8, 8, True), 512, 0),
            (K, K, (5152,), 2, _d(5, 8, 8, True), 128, 0),
            (EK, K, (8,), 1, _d(6, 8, 1, False), 8, 3),
            (EK, K, (8,), 1, _d(2, 8, 1, False), 32, 3),
            (EK, K, (48,), 1, _d(6, 8, 1, False), 8, 3),
            (EK, K, (64,), 1, _d(4, 8, 1, False), 16, 3),
            (EK, K, (224,), 2, _d(3, 8, 8, True), 8, 3),
            (EK, K, (288,), 2, _d(1, 8, 8, True), 32, 3),
            (EK, K, (1088,), 4, _d(1, 8, 8, True), 128, 2),
            (EK, K, (1,), 1, _d(1, 8, 1, False), 1, 0),
            (EK, K, (32,), 1, _d(4, 8, 1, False), 8, 0),
            (EK, K, (128,), 1, _d(4, 8, 1, False), 32, 0),
            (EK, K, (96,), 1, _d(6, 8, 1, False), 16, 0),
            (EK, K, (128,), 1, _d(1, 8, 8, True), 128, 0),
            (EK, K, (128,), 1, _d(2, 8, 8, True), 64, 0),
            (EK, K, (256,), 1, _d(1, 8, 8, True), 256, 0),
            (EK, K, (640,), 2, _d(1, 8, 8, True), 640, 0),
        ),
    ),
    *_family(
        "b200",
        "fp4",
        "0.8.1.post1",
        (4, 4, True),
        (
            (K, K, (1214,), 1, _d(2, 8, 8, True), 64, 2),
            (K, K, (875,), 1, _d(5, 8, 8, True), 16, 3),
            (K, K, (6,), 1, _d(5, 8, 8, False), 1, 3),
            (K, K, (10, 15, 25, 45, 90, 180), 1, _d(5, 8, 8, False), 32, 3),
            (K, K, (4968,), 3, _d(4, 8, 8, True), 128, 1),
            (K, K, (10860,), 3, _d(5, 4, 4, True), 512, 1),
            (K, K, (4096,), 1, _d(1, 8, 8, True), 512, 0),
            (K, K, (2192,), 1, _d(2, 8, 8, True), 128, 0),
            (K, K, (1365,), 1, _d(5, 8, 8, True), 32, 0),
            (K, K, (6,), 1, _d(5, 8, 8, False), 1, 0),
            (K, K, (10, 15, 25, 45, 90, 180), 1, _d(5, 8, 8, False), 32, 0),
            (K, K, (450,), 1, _d(6, 8, 8, False), 64, 0),
            (EK, K, (90,), 1, _d(1, 8, 8, True), 8, 3),
            (EK, K, (66,), 1, _d(3, 8, 8, False), 16, 3),
            (EK, K, (6,), 1, _d(5, 8, 8, False), 1, 3),
            (EK, K, (10, 15, 30, 60), 1, _d(5, 8, 8, False), 8, 3),
            (EK, K, (548,), 3, _d(1, 8, 8, True), 64, 3),
            (EK, K, (1096, 1691), 5, _d(1, 8, 8, True), 192, 1),
            (EK, K, (658,), 5, _d(2, 8, 8, True), 32, 3),
            (EK, K, (6,), 1, _d(5, 8, 8, False), 1, 0),
            (EK, K, (10, 15, 25, 50, 100), 1, _d(5, 8, 8, False), 8, 0),
            (EK, K, (370,), 2, _d(5, 8, 8, False), 64, 0),
            (EK, K, (1606,), 4, _d(1, 8, 8, True), 192, 0),
            (EK, K, (837,), 4, _d(3, 8, 8, True), 32, 0),
            (EK, K, (2222,), 7, _d(2, 8, 8, True), 128, 0),
        ),
    ),
    *_family(
        "b300",
        "fp8",
        "0.8.1.post1",
        (4, 1, True),
        (
            (K, K, (10,), 1, _d(8, 8, 1, False), 1, 3),
            (K, K, (160,), 1, _d(8, 8, 1, False), 16, 3),
            (K, K, (3072,), 1, _d(1, 8, 1, True), 256, 1),
            (K, K, (2560,), 1, _d(2, 8, 8, True), 128, 1),
            (K, K, (720,), 1, _d(5, 8, 8, True), 16, 2),
            (K, K, (11264,), 3, _d(2, 8, 1, True), 512, 1),
            (K, K, (2112,), 1, _d(1, 8, 8, True), 256, 0),
            (K, K, (3072,), 1, _d(2, 8, 1, True), 128, 0),
            (K, K, (1280,), 1, _d(3, 8, 1, True), 48, 0),
            (K, K, (12, 128, 384), 1, _d(8, 8, 1, False), 64, 0),
            (K, K, (16384,), 2, _d(1, 8, 1, True), 1024, 0),
            (EK, K, (40,), 1, _d(2, 8, 1, False), 16, 3),
            (EK, K, (8,), 1, _d(4, 8, 1, False), 1, 3),
            (EK, K, (20,), 1, _d(4, 8, 1, False), 4, 3),
            (EK, K, (72,), 1, _d(1, 8, 1, True), 8, 3),
            (EK, K, (144,), 2, _d(1, 8, 1, True), 16, 3),
            (EK, K, (512,), 4, _d(1, 8, 1, True), 64, 2),
            (EK, K, (64,), 1, _d(4, 8, 1, False), 16, 0),
            (EK, K, (16,), 1, _d(8, 8, 1, False), 2, 0),
            (EK, K, (256,), 2, _d(1, 8, 1, True), 32, 0),
            (EK, K, (512,), 3, _d(1, 8, 1, True), 64, 0),
            (EK, K, (256,), 3, _d(5, 8, 1, False), 64, 0),
            (EK, K, (1075,), 5, _d(1, 8, 1, True), 128, 0),
            (EK, K, (3072,), 7, _d(1, 8, 8, True), 384, 0),
        ),
    ),
    *_family(
        "h100-sxm",
        "fp8",
        "0.8.1.post3",
        (16, 16, True),
        (
            (K, K, (6,), 1, _d(3, 16, 16, False), 1, 3),
            (K, K, (9,), 1, _d(3, 16, 16, False), 2, 3),
            (K, K, (30,), 1, _d(3, 16, 16, False), 8, 3),
            (K, K, (60,), 1, _d(3, 16, 16, False), 16, 3),
            (K, K, (117,), 1, _d(3, 16, 16, False), 32, 3),
            (K, K, (231,), 1, _d(3, 16, 16, True), 4, 3),
            (K, K, (462,), 1, _d(3, 16, 16, False), 128, 3),
            (K, K, (615,), 1, _d(1, 16, 16, True), 32, 2),
            (K, K, (1229,), 1, _d(1, 16, 16, True), 64, 1),
            (K, K, (6,), 1, _d(3, 16, 16, False), 1, 0),
            (K, K, (9,), 1, _d(3, 16, 16, False), 2, 0),
            (K, K, (30,), 1, _d(3, 16, 16, False), 8, 0),
            (K, K, (60,), 1, _d(3, 16, 16, False), 16, 0),
            (K, K, (231,), 1, _d(3, 16, 16, True), 4, 0),
            (K, K, (462,), 1, _d(3, 16, 16, True), 8, 0),
            (K, K, (924,), 1, _d(3, 16, 16, True), 16, 0),
            (K, K, (1845,), 1, _d(3, 16, 16, True), 32, 0),
            (K, K, (4916,), 2, _d(1, 16, 16, True), 256, 0),
            (EK, K, (6,), 1, _d(3, 16, 16, False), 1, 3),
            (EK, K, (9,), 1, _d(3, 16, 16, False), 2, 3),
            (EK, K, (30,), 1, _d(3, 16, 16, False), 8, 3),
            (EK, K, (77,), 1, _d(1, 16, 16, True), 4, 3),
            (EK, K, (154,), 2, _d(1, 16, 16, True), 8, 3),
            (EK, K, (6,), 1, _d(3, 16, 16, False), 1, 0),
            (EK, K, (9,), 1, _d(3, 16, 16, False), 2, 0),
            (EK, K, (30,), 1, _d(3, 16, 16, False), 8, 0),
            (EK, K, (154,), 1, _d(2, 16, 16, False), 64, 0),
            (EK, K, (308,), 2, _d(1, 16, 16, True), 16, 0),
        ),
    ),
    # srt-slurm's recipes/trtllm/h200/1k1k/{stp,mtp}/c*_ctx*_gen*_*.yaml (module doc).
    *_family(
        "h200-sxm",
        "fp8",
        "0.8.1.post1",
        (8, 8, True),
        (
            (K, K, (11,), 1, _d(9, 8, 8, False), 1, 0),
            (K, K, (36, 72, 144, 288, 576), 1, _d(9, 8, 8, False), 256, 0),
            (K, K, (1152,), 1, _d(9, 8, 8, True), 512, 0),
            (K, K, (1536,), 1, _d(6, 8, 8, True), 512, 0),
            (K, K, (3584,), 2, _d(7, 8, 8, True), 512, 0),
            (K, K, (13,), 1, _d(11, 8, 8, False), 1, 3),
            (K, K, (44, 88, 352), 1, _d(11, 8, 8, False), 128, 3),
            (K, K, (144,), 1, _d(9, 8, 8, False), 128, 3),
            (K, K, (512,), 1, _d(8, 8, 8, True), 128, 3),
            (K, K, (896,), 1, _d(7, 8, 8, True), 128, 3),
            (K, K, (1024,), 1, _d(4, 8, 8, True), 128, 3),
            (K, K, (1024,), 1, _d(2, 8, 8, True), 256, 1),
        ),
    ),
    # srt-slurm's recipes/trtllm/h200/8k1k/{stp,mtp}/: prefill workers of TP 8 x EP 8.
    *_family(
        "h200-sxm",
        "fp8",
        "0.8.1.post1",
        (8, 8, False),
        (
            (EK, K, (9,), 1, _d(7, 8, 8, False), 1, 0),
            (EK, K, (28,), 1, _d(7, 8, 8, False), 32, 0),
            (EK, K, (48,), 1, _d(6, 8, 8, False), 16, 0),
            (EK, K, (48,), 1, _d(3, 8, 8, False), 32, 0),
            (EK, K, (160,), 2, _d(5, 8, 8, False), 128, 0),
            (EK, K, (192,), 2, _d(3, 8, 8, True), 128, 0),
            (EK, K, (128,), 1, _d(1, 8, 8, True), 256, 0),
            (EK, K, (768,), 5, _d(3, 8, 8, True), 256, 0),
            (EK, K, (512,), 3, _d(1, 8, 8, True), 512, 0),
            (EK, K, (9,), 1, _d(7, 8, 8, False), 1, 3),
            (EK, K, (28,), 1, _d(7, 8, 8, False), 32, 3),
            (EK, K, (48,), 1, _d(6, 8, 8, False), 32, 3),
            (EK, K, (48,), 1, _d(3, 8, 8, False), 32, 2),
            (EK, K, (160,), 3, _d(5, 8, 8, False), 32, 3),
            (EK, K, (64,), 1, _d(1, 8, 8, True), 32, 2),
            (EK, K, (128,), 2, _d(1, 8, 8, True), 32, 2),
            (EK, K, (256,), 3, _d(1, 8, 8, True), 32, 2),
            (EK, K, (512,), 3, _d(1, 8, 8, True), 64, 1),
        ),
    ),
    *_family(
        "gb200",
        "fp4",
        "0.8.1.post2",
        (4, 4, True),
        (
            (K, K, (180,), 1, _d(1, 32, 32, True), 4, 3),
            (K, K, (4, 8, 12, 24, 48), 1, _d(4, 8, 8, False), 8, 3),
            (K, K, (4301,), 2, _d(1, 16, 16, True), 256, 1),
            (K, K, (2253,), 3, _d(1, 32, 32, True), 64, 1),
            (K, K, (16130,), 3, _d(5, 4, 4, True), 768, 1),
            (K, K, (4301,), 1, _d(1, 8, 8, True), 512, 0),
            (K, K, (666,), 1, _d(1, 32, 32, True), 16, 0),
            (K, K, (6144,), 1, _d(2, 4, 4, True), 768, 0),
            (K, K, (12, 24, 48, 96, 192), 1, _d(4, 8, 8, False), 32, 0),
            (K, K, (5,), 1, _d(4, 8, 8, False), 1, 0),
            (K, K, (4301,), 2, _d(1, 16, 16, True), 256, 0),
            (K, K, (2253,), 2, _d(1, 32, 32, True), 64, 0),
            (K, EK, (4, 8, 12, 24, 48), 1, _d(7, 8, 8, False), 4, 3),
            (K, EK, (7,), 1, _d(7, 8, 8, False), 1, 3),
            (K, EK, (128,), 1, _d(1, 32, 32, True), 4, 3),
            (K, EK, (512,), 1, _d(1, 32, 32, True), 16, 3),
            (K, EK, (3072,), 1, _d(3, 16, 16, True), 64, 3),
            (K, EK, (6144,), 1, _d(3, 16, 16, True), 128, 1),
            (K, EK, (8192,), 1, _d(1, 32, 32, True), 256, 1),
            (K, EK, (5,), 1, _d(7, 8, 8, False), 1, 0),
            (K, EK, (60,), 1, _d(15, 4, 4, False), 4, 0),
            (K, EK, (135,), 1, _d(15, 4, 4, False), 8, 0),
            (K, EK, (563,), 1, _d(1, 32, 32, True), 16, 0),
            (K, EK, (2048,), 1, _d(1, 32, 32, True), 64, 0),
            (K, EK, (4096,), 1, _d(1, 32, 32, True), 128, 0),
            (K, EK, (8192,), 1, _d(1, 32, 32, True), 256, 0),
            (EK, K, (4, 8, 12, 24, 48), 1, _d(4, 8, 8, False), 8, 3),
            (EK, K, (180,), 3, _d(1, 32, 32, True), 4, 3),
            (EK, K, (1229,), 7, _d(1, 16, 16, True), 64, 1),
            (EK, K, (666,), 8, _d(1, 32, 32, True), 16, 3),
            (EK, K, (4301,), 11, _d(1, 16, 16, True), 256, 1),
            (EK, K, (333,), 2, _d(1, 32, 32, True), 8, 0),
            (EK, K, (1229,), 7, _d(1, 32, 32, True), 32, 0),
            (EK, K, (2253,), 8, _d(1, 16, 16, True), 128, 0),
            (EK, K, (4096,), 10, _d(1, 16, 16, True), 256, 0),
        ),
    ),
    # The attention-DP ("dep") recipes of the Dynamo image 0.5.1-rc0.pre3 (module doc).
    *_family(
        "gb200",
        "fp4",
        "0.5.1-rc0.pre3",
        (4, 4, True),
        (
            (K, K, (512, 1075), 1, _d(1, 16, 16, True), 64, 3),
            (K, K, (2150,), 2, _d(1, 16, 16, True), 128, 1),
            (K, K, (512,), 1, _d(1, 32, 32, True), 16, 3),
            (K, K, (2252,), 1, _d(1, 8, 8, True), 256, 1),
            (K, K, (1075,), 1, _d(1, 32, 32, True), 32, 0),
            (K, K, (1075,), 1, _d(1, 16, 16, True), 64, 0),
            (K, K, (2048, 4300), 2, _d(1, 16, 16, True), 256, 0),
            (K, K, (4300,), 1, _d(1, 8, 8, True), 512, 0),
            (EK, K, (128, 269), 5, _d(1, 32, 32, True), 8, 3),
            (EK, K, (538,), 8, _d(1, 32, 32, True), 16, 3),
            (EK, K, (1075,), 8, _d(1, 16, 16, True), 64, 2),
            (EK, K, (2150,), 6, _d(1, 8, 8, True), 256, 1),
            (EK, K, (256, 538), 4, _d(1, 32, 32, True), 16, 0),
            (EK, K, (1075,), 6, _d(1, 16, 16, True), 64, 0),
            (EK, K, (2150,), 8, _d(1, 16, 16, True), 128, 0),
            (EK, K, (2150,), 5, _d(1, 8, 8, True), 256, 0),
        ),
    ),
    # Its tensor-parallel ("tep") recipes, which prefill on a worker without attention DP.
    *_family(
        "gb200",
        "fp4",
        "0.5.1-rc0.pre3",
        (4, 4, False),
        (
            (K, K, (1, 2, 4, 8, 16, 36), 1, _d(4, 8, 8, False), 32, 3),
            (K, K, (1, 2, 4, 8, 16, 32, 64, 141), 1, _d(4, 8, 8, False), 128, 0),
            (EK, K, (1, 2, 4, 8, 18), 1, _d(3, 8, 8, False), 16, 3),
            (EK, K, (1, 2, 4, 8, 16, 34), 1, _d(3, 8, 8, False), 32, 0),
        ),
    ),
    *_family(
        "gb300",
        "fp4",
        "0.8.1.post2",
        (2, 2, True),
        (
            (K, K, (3226,), 1, _d(1, 4, 4, True), 768, 1),
            (K, K, (5,), 1, _d(4, 8, 8, False), 1, 3),
            (K, K, (8, 12, 24, 48), 1, _d(4, 8, 8, False), 8, 3),
            (K, K, (2253,), 3, _d(1, 16, 16, True), 128, 1),
            (K, K, (1229,), 3, _d(1, 32, 32, True), 32, 3),
            (K, K, (5,), 1, _d(4, 8, 8, False), 1, 0),
            (K, K, (12, 48, 96, 192), 1, _d(4, 8, 8, False), 32, 0),
            (K, K, (8192,), 2, _d(1, 8, 8, True), 1024, 0),
            (K, K, (1229,), 2, _d(1, 32, 32, True), 32, 0),
            (K, K, (4301,), 3, _d(1, 16, 16, True), 256, 0),
            (K, K, (2253,), 3, _d(1, 32, 32, True), 64, 0),
            (K, EK, (7,), 1, _d(7, 8, 8, False), 1, 3),
            (K, EK, (63,), 1, _d(7, 8, 8, False), 8, 3),
            (K, EK, (563,), 1, _d(1, 32, 32, True), 16, 3),
            (K, EK, (2088,), 1, _d(1, 32, 32, True), 64, 3),
            (K, EK, (8192,), 1, _d(2, 16, 16, True), 256, 1),
            (K, EK, (16384,), 1, _d(4, 8, 8, True), 512, 1),
            (K, EK, (7,), 1, _d(7, 8, 8, False), 1, 0),
            (K, EK, (60,), 1, _d(15, 4, 4, False), 4, 0),
            (K, EK, (245,), 1, _d(7, 8, 8, False), 32, 0),
            (K, EK, (1024,), 1, _d(1, 32, 32, True), 32, 0),
            (K, EK, (4096,), 1, _d(1, 32, 32, True), 128, 0),
            (K, EK, (8192,), 1, _d(1, 32, 32, True), 256, 0),
            (EK, K, (33,), 1, _d(3, 8, 8, False), 8, 3),
            (EK, K, (5,), 1, _d(4, 8, 8, False), 1, 3),
            (EK, K, (12, 24), 1, _d(4, 8, 8, False), 4, 3),
            (EK, K, (180,), 4, _d(1, 32, 32, True), 4, 3),
            (EK, K, (308,), 8, _d(1, 32, 32, True), 8, 3),
            (EK, K, (2253,), 10, _d(1, 8, 8, True), 256, 1),
            (EK, K, (666,), 10, _d(1, 16, 16, True), 32, 3),
            (EK, K, (1127,), 13, _d(1, 16, 16, True), 64, 3),
            (EK, K, (72,), 1, _d(3, 8, 8, False), 16, 0),
            (EK, K, (5,), 1, _d(4, 8, 8, False), 1, 0),
            (EK, K, (12,), 1, _d(4, 8, 8, False), 2, 0),
            (EK, K, (5, 15, 30), 1, _d(5, 4, 4, False), 4, 0),
            (EK, K, (666,), 7, _d(1, 32, 32, True), 16, 0),
            (EK, K, (1229,), 9, _d(1, 16, 16, True), 64, 0),
            (EK, K, (3228,), 11, _d(3, 4, 4, True), 256, 0),
            (EK, K, (2253,), 14, _d(1, 16, 16, True), 128, 0),
        ),
    ),
    *_sglang(
        "gb200",
        "fp8",
        "0.5.8.post1",
        0,
        (
            (K, K, (4, 8), _d(1, 4, 1, False), _d(1, 4, 1, False)),
            (K, K, (1024, 2048, 4096), _d(3, 8, 8, True), _d(1, 48, 48, True)),
            (K, K, (1024, 2048, 4096, 6144), _d(2, 8, 8, True), _d(1, 32, 32, True)),
            (K, K, (4096,), _d(1, 8, 8, True), _d(1, 8, 8, True)),
            (EK, K, (4, 8, 16), _d(1, 8, 1, False), _d(1, 8, 1, False)),
            (EK, K, (512, 1024, 2048, 6144), _d(5, 8, 8, True), _d(1, 32, 32, True)),
            (EK, K, (2048, 4096, 6144), _d(6, 8, 8, True), _d(1, 24, 24, True)),
        ),
    ),
    *_sglang(
        "gb300",
        "fp8",
        "0.5.8.post1",
        0,
        (
            (K, K, (4, 8, 16, 32), _d(1, 4, 1, False), _d(4, 4, 1, False)),
            (K, K, (1024, 2048, 4096, 6144), _d(2, 8, 8, True), _d(1, 32, 32, True)),
            (K, K, (4096, 7168, 7680), _d(1, 8, 8, True), _d(1, 8, 8, True)),
            (EK, K, (4, 8), _d(1, 4, 1, False), _d(1, 4, 1, False)),
            (EK, K, (128, 256, 512, 1024), _d(5, 8, 8, True), _d(1, 32, 32, True)),
            (EK, K, (2048, 4096), _d(6, 8, 8, True), _d(1, 24, 24, True)),
        ),
    ),
    *_sglang(
        "gb200",
        "fp4",
        "0.5.8",
        0,
        (
            (K, K, (4, 8, 32), _d(1, 4, 1, False), _d(2, 4, 1, False)),
            (K, K, (512, 2048, 4096, 8192), _d(4, 4, 4, True), _d(1, 32, 32, True)),
            (K, K, (2048, 4096), _d(4, 4, 4, True), _d(1, 48, 48, True)),
            (EK, K, (4, 8), _d(1, 4, 1, False), _d(4, 4, 1, False)),
            (EK, K, (512, 2048, 4096), _d(6, 4, 1, False), _d(1, 48, 48, True)),
            (EK, K, (2048,), _d(10, 4, 1, False), _d(1, 32, 32, True)),
        ),
    ),
    *_sglang(
        "gb300",
        "fp4",
        "0.5.8.post1",
        0,
        (
            (K, K, (4, 8, 32), _d(1, 4, 1, False), _d(2, 4, 1, False)),
            (K, K, (512, 2048, 4096, 8192), _d(4, 4, 4, True), _d(1, 32, 32, True)),
            (K, K, (512, 2048, 4096, 8192), _d(4, 4, 4, True), _d(1, 48, 48, True)),
            (EK, K, (4, 8, 32, 64), _d(1, 4, 1, False), _d(4, 4, 1, False)),
            (EK, K, (512, 2048, 4096), _d(6, 4, 1, False), _d(1, 48, 48, True)),
            (EK, K, (2048,), _d(10, 4, 1, False), _d(1, 32, 32, True)),
        ),
    ),
    *_sglang(
        "h100-sxm",
        "fp8",
        "0.5.8",
        None,
        (
            (K, K, (1, 2, 4, 8, 16, 32, 64, 128), _d(1, 16, 1, False), _d(2, 16, 1, False)),
            (K, K, (1, 2, 4, 8, 16, 32, 64), _d(1, 16, 1, False), _d(1, 16, 16, True)),
            (K, EK, (1, 2, 4, 8, 16, 32, 64), _d(1, 16, 1, False), _d(2, 16, 1, False)),
            (K, EK, (1, 2, 4, 8, 16, 32, 64), _d(1, 16, 1, False), _d(1, 16, 16, True)),
            (EK, K, (1, 2, 4, 8, 16, 32, 64, 128), _d(1, 16, 1, False), _d(1, 16, 1, False)),
            (EK, K, (1, 2, 4, 8, 16, 32, 64), _d(1, 16, 1, False), _d(1, 16, 16, True)),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class RecipeDeployment:
    """What the recipes matching a line agree on: both pools; the decode batch, the largest
    where they differ (None: one names no cap); the draft tokens where they agree on them
    (None where they differ)."""

    prefill: RecipePool
    decode: RecipePool
    decode_batch: int | None
    draft_tokens: int | None


def _grouped(
    recipes: tuple[Recipe, ...], key: Callable[[Recipe], tuple[Any, ...]]
) -> dict[tuple[Any, ...], tuple[Recipe, ...]]:
    """The recipes of each key, in their order."""
    found: dict[tuple[Any, ...], list[Recipe]] = {}
    for each in recipes:
        found.setdefault(key(each), []).append(each)
    return {named: tuple(members) for named, members in found.items()}


def _lengths_key(recipe: Recipe) -> tuple[Any, ...]:
    """Its engine, GPU, precision and pair of lengths, whatever its release."""
    return (recipe.engine, recipe.gpu, recipe.precision, recipe.input_tokens, recipe.output_tokens)


def _run_key(recipe: Recipe) -> tuple[Any, ...]:
    """Its engine, GPU, precision, release and pair of lengths."""
    return (*_lengths_key(recipe)[:3], recipe.release, recipe.input_tokens, recipe.output_tokens)


# Every dated line of a `predict` file asks its recipes (scanning all of them cost about
# 25 us a line, a tenth of a pass over the 2025-26 set).
_RECIPES_BY_RUN = _grouped(RECIPES, _run_key)
# The same whatever their release, for a line that names none.
_RECIPES_BY_LENGTHS = _grouped(RECIPES, _lengths_key)


def recipe_deployment(
    engine: str,
    gpu: str,
    precision: str,
    release: str | None,
    input_tokens: int,
    output_tokens: int,
    concurrency: int,
    prefill_worker_gpus: int,
    decode_worker_gpus: int,
) -> RecipeDeployment | None:
    """The deployment the recipes of this release, GPU, precision and lengths that list
    `concurrency` and run workers of these GPUs agree on (module doc); None when none
    matches or they disagree on a pool."""
    run = (engine, gpu, precision, release, input_tokens, output_tokens)
    found = [
        each
        for each in _RECIPES_BY_RUN.get(run, ())
        if concurrency in each.concurrencies
        and each.prefill.gpus == prefill_worker_gpus
        and each.decode.gpus == decode_worker_gpus
    ]
    return _agreed(found)


def _agreed(found: list[Recipe]) -> RecipeDeployment | None:
    """What the recipes found agree on (`RecipeDeployment`); None when none was found or they
    disagree on a pool."""
    pools = {(each.prefill, each.decode) for each in found}
    if len(pools) != 1:
        return None
    prefill, decode = pools.pop()
    drafts = {each.draft_tokens for each in found}
    draft_tokens = drafts.pop() if len(drafts) == 1 else None
    return RecipeDeployment(prefill, decode, _largest_batch(found), draft_tokens)


def deployment_of_world_size(
    engine: str,
    gpu: str,
    precision: str,
    release: str | None,
    lengths: tuple[int, int],
    concurrency: int,
    gpus: int,
) -> RecipeDeployment | None:
    """The deployment of the recipes of this engine, GPU, precision, release (any, for None)
    and pair of lengths that list `concurrency` and run `gpus` GPUs in all (both pools'
    workers), when they agree on it; None when none does or they disagree on a pool. A line
    written as one worker of all those GPUs is such a deployment's run (module doc)."""
    found = [
        each
        for each in _RECIPES_BY_LENGTHS.get((engine, gpu, precision, *lengths), ())
        if concurrency in each.concurrencies
        and _deployment_gpus(each) == gpus
        and release in (None, each.release)
    ]
    return _agreed(found)


def _deployment_gpus(recipe: Recipe) -> int:
    """Both pools' GPUs: each pool's workers times its worker's GPUs."""
    pools = (recipe.prefill, recipe.decode)
    return sum(pool.workers * pool.gpus for pool in pools)


def _largest_batch(found: list[Recipe]) -> int | None:
    """The largest decode batch of the recipes that agree on a line's pools; None when one
    of them names none (no cap is larger than any)."""
    batches = [each.decode_batch for each in found]
    named = [batch for batch in batches if batch is not None]
    return max(named) if len(named) == len(batches) else None
