"""How an aiconfigurator line's layout fields map onto the worker its engine ran.

The engines define a worker by its world size W (TensorRT-LLM `tensor_parallel_size`,
SGLang `--tp`, vLLM tp x dp): attention splits W as TP x data-parallel ranks, and the MoE
layers as expert groups x the slices of each expert (TensorRT-LLM: `tensor_parallel_size` =
`moe_tensor_parallel_size` x `moe_expert_parallel_size`; SGLang and vLLM put whole experts
on every GPU of the worker, EP = W, or slice them all, EP 1). The aiconfigurator runs behind
the 2025-26 set (`scenario_kind` "aic_agg") use exactly those two MoE splits: EP 1, or EP
equal to the worker's GPUs.

A line whose tp x attention_dp is ep x ep (ep > 1) counts the worker's GPUs twice: its
world size times ep. Nine such lines repeat, to the last digit, the TTFT and TPOT of a line
of the same run with a worker of ep GPUs (DeepSeek-R1 FP4 on B200, "tp8_ep8" with 64 GPUs
and attention DP 64 against "tp8_0_ep8_0" with 8 GPUs and attention DP 8; "cfg186" with 16
GPUs at TP 16 against "tp4_0_ep4_0" with 4 at TP 4), and their names carry the world size
("tp8_ep8"). Such a line is read as a worker of ep GPUs, the attention dimension the line
names (data-parallel when its attention_dp exceeds 1, else tensor-parallel) scaled down to
it, and its GPUs divided alike, so its number of workers is kept.

The disaggregated lines ("aic_disagg") whose names give one layout ("tp4_ep4") carry that
one `ep`, the prefill's, in both pools: on a decode pool of another size it names a split
the engines do not run (EP 4 of a 32-GPU SGLang worker; aiconfigurator's runs use EP 1 or
EP over the whole worker). The "cfg" lines of the same runs repeat 17 such measurements to
the last digit and give the decode pool EP equal to its GPUs (TP 32 x EP 4 and TP 32 x EP 2
on GB200 / GB300 TensorRT-LLM, TP 32 x EP 8 on GB300 SGLang, all "attention DP 32 x EP 32";
TP 4 x EP 2 on GB300 TensorRT-LLM, "EP 4"). So a decode pool whose `ep` is the prefill's,
above 1 and below its stage's GPUs, is read with EP over the whole stage; its attention
split is kept as written (the cfg lines differ on it for the same 4-GPU measurement).

Those dated lines ("aic-2026_03_25_...", 457 of the 566) name one worker of each pool and
say 1 worker each, where the cfg lines of the same 32 measurements give 1 to 11 prefill
and 1 to 9 decode workers (the same H200 numbers: 16 GPUs in the dated line, 80 in its cfg
twin); every dated line says 1 and 1. Their worker counts are read as not recorded
(`workers_recorded: false`) and the pools sized for the load as the source sized them:
aiconfigurator's rate matching (`picking.py`, `_RATE_MATCHING_PREFILL_DEGRADATION_FACTOR`)
rates a prefill pool at 0.9 of its throughput when it matches it to the decode pool's, so the
prefill pool is read as at most 0.9 busy (`prefill_sized_utilisation`), not the planner's 0.8.
Of the cfg twins that ran more than one prefill worker, 0.9 sizes closer to what ran than 0.8
on three and alike on the others: GB300 FP4 8,192 in at 3,228 in flight ran 11 (0.9 sizes
13, 0.8 14), H200 FP8 8,192 in at 768 ran 5 (5 and 6), SGLang GB300 FP8 8,192 in at 1,024 ran
5 (6 and 7), B200 FP8 8,192 in at 640 ran 2 (3 and 3).

The dated runs are not aiconfigurator's own: their source fields name NVIDIA Dynamo images
in the enroot form ("nvcr.io#nvidia/ai-dynamo/tensorrtllm-runtime:0.8.1.post2") and
concurrencies (1,075, 2,150, 4,301) of the InferenceMAX benchmark's Dynamo recipes
(`.github/configs/nvidia-master.yaml`, dsr1-fp4-gb200-dynamo-trt and -b300-dynamo-trt, read
2026-12-05). Each recipe is one deployment swept over a list of concurrencies, and the
TensorRT-LLM recipes for the lighter loads keep 3 to 5 decode workers (GB200 1,024 in: 4
workers of TP 8 from 1 to 141 in flight; 8,192 in: 3 from 1 to 34; B300: 3 to 5); the
TensorRT-LLM cfg twins ran 5 to 9 at 15 to 576 in flight. So a dated TensorRT-LLM line's
decode pool is read as at least 3 workers (`fewest_decode_workers`, one a client below 3
clients), the fewest those recipes run. SGLang's dated lines keep the load's count: their
cfg twin at 4 to 16 in flight (GB200 FP8 8,192 in, `cfg536`) ran one decode worker.

A pool wider than 16 GPUs written as TP runs data-parallel attention: the cfg twins of the
dated lines' 32-GPU decode pools say attention DP 32 (TP 32 in the dated line, 6
measurements on GB200 and GB300), and TP 24 or 48 cannot split DeepSeek's 128 heads at all;
TensorRT-LLM's `tensor_parallel_size` and SGLang's `--tp` are the worker's world size, with
attention data-parallel over it when enabled. Pools of 16 GPUs and fewer keep TP as written
(no twin says otherwise, and SGLang serves DeepSeek on two 8-GPU servers at TP 16).
Where the benchmark recipes of a dated line's release, GPU, precision, lengths and
concurrency agree on its deployment (`dynamo_recipes`), the line is read with that
deployment instead: both pools, their workers, its GPUs counted from them and, where the
recipe names it, the decode batch (`decode_max_batch`) and, where it drafts with MTP, its
drafts at TensorRT-LLM's published acceptance (`mtp_published`). A decode worker of 24 or 48
GPUs keeps the split read above (EP over all of them would need redundant experts). Where the
recipes of a dated line's engine, GPU and precision set the prefill worker's token budget, the
line is read with it (`prefill_token_budget`, `recipe_prefill_budgets`), by a recipe or sized
for its load.

Some dated lines write a whole deployment as one worker. InferenceX's first GB200 FP4 Dynamo
recipes (the 0.5.1-rc0.pre3 image, `dynamo_recipes`) run several 4-GPU prefill workers beside one
decode worker of 8 to 32 GPUs, and the source wrote all their GPUs as one worker's TP: the
aggregated DeepSeek-R1 lines "TP 52" at 128 and 269 clients (5 prefill workers and a 32-GPU
decode worker drafting 3 MTP tokens), "TP 64" at 538 (8 and 32) and "TP 12" at 2,252 and 4,300
(1 and 8), and the disaggregated lines without a release that name the same "TP 24", "TP 32" or
"TP 48" for both pools (2 x 4 + 16 GPUs at 2,048 to 4,300 clients, 6 x 4 + 8, 4 x 4 + 32,
8 x 4 + 16). Some repeat a recorded line of the same recipe within 2%: "TP 52" at 269 clients
measured 1,116 ms and 8.82 ms, the 0.5.1-rc0.pre3 image's disaggregated line at 269 clients
1,102 ms and 8.85 ms; "TP 48" at 256 clients 1,164 ms and 15.38 ms, that image's line at 256
1,158 ms and 15.33 ms. No engine runs such a worker (52 and 12 GPUs cannot split DeepSeek's 128
heads; TP 64 on 16 trays decodes nowhere near the measured 10 ms a token). So a dated line
written as one worker of W GPUs (aggregated: TP W on W GPUs, EP 1, attention DP 1;
disaggregated: one worker of W GPUs in each pool) is read as the deployment of the recipes of
its engine, GPU, precision, lengths and release (any, where it names none) that list its
concurrency and run W GPUs in all, when they agree on one, as a recipe reads a line by its
pools.

A dated aggregated line of a release only InferenceX's single-node MTP scripts ran is read with
the drafts its script ran (`aggregated_drafts`), and one whose script sets an FP8 KV cache with
that cache (`script_kv_cache`). Five aiconfigurator series file the same single-node runs again
under their own names: every line of `kimi_k2_5_gap_analysis` (15), `qwen3_5_397b_gap_analysis`
(9), `cfg606` (MiniMax-M2.5 on H200, 15) and `cfg618` (Qwen3.5 on B200, 9), and 7 of the 8 of
`cfg690` (MiniMax-M2.5 FP8 on B200; the eighth, at 512 clients, has no dated line), repeat a
dated line's TTFT and TPOT to the last digit, at the same model, GPU, precision, lengths and
clients. Those series are read as the dated runs they repeat (`is_script_run_id`), with each
reading of the dated lines, rather than as aiconfigurator's harness ran its own.

An aggregated line whose TP does not divide the model's attention heads, and which no recipe
reads, is read, once the catalog says the heads, as that world size with data-parallel
attention (`world_size`).

Lines of other sources, and a planner's own, keep their fields as written.
"""

from __future__ import annotations

import re
from typing import Any

from aisle_desktop.sizing.validation.aggregated_drafts import with_script_drafts
from aisle_desktop.sizing.validation.dynamo_recipes import (
    RecipeDeployment,
    deployment_of_world_size,
    recipe_deployment,
)
from aisle_desktop.sizing.validation.mtp_published import published_mtp_draft
from aisle_desktop.sizing.validation.recipe_prefill_budgets import recipe_prefill_budget
from aisle_desktop.sizing.validation.script_kv_cache import with_script_kv_cache

SOURCE_KINDS = frozenset({"aic_agg"})
# The dated runs' ids: aic-YYYY_MM_DD_...
DATED_RUN_ID = re.compile(r"aic-\d{4}_\d{2}_\d{2}_")
# aiconfigurator series whose aggregated lines repeat dated runs' measurements to the last
# digit: the same InferenceX runs filed again, read as those runs (module doc).
REPEATED_SCRIPT_RUNS = re.compile(
    r"aic-(?:qwen3_5_397b_gap_analysis_|kimi_k2_5_gap_analysis_|.*_cfg(?:606|618|690)$)"
)
# How busy aiconfigurator's rate matching keeps a prefill pool it sizes (module doc).
AICONFIGURATOR_PREFILL_UTILISATION = 0.9
# The fewest decode workers the dated TensorRT-LLM runs' recipes deploy (module doc).
DYNAMO_RECIPE_FEWEST_DECODE_WORKERS = {"tensorrt-llm": 3}
# The engines whose dated lines are read by their benchmark recipes (`dynamo_recipes`).
RECIPE_ENGINES = frozenset({"tensorrt-llm", "sglang"})
# The widest attention TP a disaggregated source line is read with (module doc).
WIDEST_ATTENTION_TP = 16
DISAGGREGATED_SOURCE_KINDS = frozenset({"aic_disagg"})
# The fields that name which script ran a line, looked up together in sets of script runs
# (`with_script_drafts`, `with_script_kv_cache`): names, or absent, before they are looked up.
_SCRIPT_NAMED_BY = ("engine", "engine_version", "gpu", "model", "weight_precision", "id")


def _count(value: Any) -> int | None:
    """An integer field as written (bool is not a count), else None: the schema rejects it."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def worker_counted_twice(tp: int, attention_dp: int, ep: int) -> bool:
    """True when the stage's GPUs are the world size times ep (ep > 1, tp x dp = ep x ep)."""
    return ep > 1 and tp * attention_dp == ep * ep


def as_engine_ran(fields: dict[str, Any]) -> dict[str, Any]:
    """The line's fields with its worker read as its engine ran it (see the module doc);
    lines of other kinds, and fields the schema will refuse, come back unchanged."""
    kind = fields.get("scenario_kind")
    if not isinstance(kind, str):  # a list or an object, looked up in a set, was a traceback
        return fields
    if any(not isinstance(fields.get(name), (str, type(None))) for name in _SCRIPT_NAMED_BY):
        return fields  # so was an engine or a model written as a list (hostile walk, 7 Dec.)
    if kind in DISAGGREGATED_SOURCE_KINDS:
        return _pools_as_engine_ran(fields)
    if kind not in SOURCE_KINDS or fields.get("disaggregated"):
        return fields
    deployment = _world_as_recipe_ran(fields)
    if deployment is not None:
        return deployment
    read = _worker_as_engine_ran(fields)
    dated = is_script_run_id(str(fields.get("id", "")))
    return with_script_kv_cache(with_script_drafts(read)) if dated else read


def _world_as_recipe_ran(fields: dict[str, Any]) -> dict[str, Any] | None:
    """A dated aggregated line written as one worker of TP W (EP 1, attention DP 1, W GPUs)
    read as the disaggregated deployment of the benchmark recipes that list its concurrency
    and run W GPUs in all (module doc); None when the line is not such a worker or no
    deployment is found."""
    if not DATED_RUN_ID.match(str(fields.get("id", ""))):
        return None
    world, gpus = _count(fields.get("tp")), _count(fields.get("num_gpus"))
    split = [_count(fields.get(k, 1)) for k in ("pp", "ep", "attention_dp")]
    if world is None or world != gpus or split != [1, 1, 1]:
        return None
    found = _deployment_of_world(fields, world)
    return None if found is None else _read_as_recipe(fields, found, found.decode.layout(), {})


def _deployment_of_world(fields: dict[str, Any], world: int) -> RecipeDeployment | None:
    """The deployment of the benchmark recipes of the line's engine, GPU, precision, lengths
    and release (any, where it names none) that list its concurrency and run `world` GPUs in
    all (`dynamo_recipes.deployment_of_world_size`); None when none or several disagreeing
    ones do, a field the schema checks is not what it should be, or the decode worker's GPUs
    are no power of two (EP over them would need redundant experts, not modelled)."""
    load = fields.get("load")
    in_flight = _count(load.get("concurrency")) if isinstance(load, dict) else None
    lengths = [_count(fields.get(k)) for k in ("input_tokens", "output_tokens")]
    release = fields.get("engine_version")
    if fields.get("engine") not in RECIPE_ENGINES or in_flight is None or None in lengths:
        return None
    found = deployment_of_world_size(
        str(fields.get("engine")),
        str(fields.get("gpu")),
        str(fields.get("weight_precision")),
        None if release is None else str(release),
        (int(lengths[0] or 0), int(lengths[1] or 0)),
        in_flight,
        world,
    )
    return found if found is not None and _power_of_two(found.decode.gpus) else None


def is_script_run_id(line_id: str) -> bool:
    """Whether an aggregated line is one of InferenceX's single-node runs: dated, or one of
    the aiconfigurator series that repeat them (module doc)."""
    return bool(DATED_RUN_ID.match(line_id) or REPEATED_SCRIPT_RUNS.match(line_id))


def _worker_as_engine_ran(fields: dict[str, Any]) -> dict[str, Any]:
    """An aggregated source line's worker counted once (module doc)."""
    ep = _count(fields.get("ep"))
    if ep is None or ep == 1:  # most lines: a worker with whole-worker EP 1 counts once
        return fields
    tp, num_gpus = _count(fields.get("tp")), _count(fields.get("num_gpus"))
    attention_dp = _count(fields.get("attention_dp", 1))
    if tp is None or num_gpus is None or attention_dp is None:
        return fields
    if not worker_counted_twice(tp, attention_dp, ep) or num_gpus % ep:
        return fields
    # The attention dimension the line names holds the extra factor ep.
    named = "attention_dp" if attention_dp > 1 else "tp"
    named_value = attention_dp if attention_dp > 1 else tp
    if named_value % ep:
        return fields
    return dict(fields, num_gpus=num_gpus // ep, **{named: named_value // ep})


def carries_prefill_ep(prefill_ep: int, decode_stage_gpus: int, decode_ep: int) -> bool:
    """True when the decode pool's ep is the prefill's and splits its stage in a way the
    engines do not run (neither EP 1 nor EP over the whole stage), and the whole stage is a
    power of two GPUs: EP over 48 GPUs would need redundant expert copies to even out 256
    experts (SGLang's EPLB), which Aisle does not model, so such a pool keeps its ep."""
    carried = decode_ep == prefill_ep and 1 < decode_ep < decode_stage_gpus
    return carried and _power_of_two(decode_stage_gpus)


def _power_of_two(gpus: int) -> bool:
    """Whether EP over this many GPUs splits a power-of-two count of experts evenly."""
    return gpus & (gpus - 1) == 0


def attention_as_ran(pool: dict[str, Any]) -> dict[str, Any]:
    """A pool wider than WIDEST_ATTENTION_TP GPUs written as TP, read with data-parallel
    attention over them (module doc); any other pool, or one the schema refuses, as written."""
    tp, attention_dp = _count(pool.get("tp")), _count(pool.get("attention_dp", 1))
    if tp is None or attention_dp != 1 or tp <= WIDEST_ATTENTION_TP:
        return pool
    return dict(pool, tp=1, attention_dp=tp)


def _pools_as_engine_ran(fields: dict[str, Any]) -> dict[str, Any]:
    """The line with its pools read as the engines ran them and, for a dated run, its
    worker counts as not recorded (module doc); fields the schema refuses, as written."""
    pools = fields.get("disaggregated")
    if not isinstance(pools, dict):
        return fields
    prefill, decode = pools.get("prefill"), pools.get("decode")
    if not isinstance(prefill, dict) or not isinstance(decode, dict):
        return fields
    if pools.get("workers_from_recipe") is True:
        return fields  # read already: its pools are a recipe's
    dated = DATED_RUN_ID.match(str(fields.get("id", "")))
    recipe = _recipe_read(fields, prefill, decode) if dated else None
    if dated and recipe is None:
        recipe = _pools_world_as_recipe_ran(fields, prefill, decode)
    if recipe is not None:
        return recipe
    read = dict(pools, prefill=attention_as_ran(prefill), decode=attention_as_ran(decode))
    read["decode"] = _decode_ep_as_engine_ran(read["prefill"], read["decode"])
    if dated:
        read["workers_recorded"] = False
        read["prefill_sized_utilisation"] = AICONFIGURATOR_PREFILL_UTILISATION
        fewest = DYNAMO_RECIPE_FEWEST_DECODE_WORKERS.get(str(fields.get("engine")))
        if fewest is not None:
            read["fewest_decode_workers"] = fewest
        read.update(_recipes_prefill_budget(fields, pools))
    return fields if read == pools else dict(fields, disaggregated=read)


def _pools_world_as_recipe_ran(
    fields: dict[str, Any], prefill: dict[str, Any], decode: dict[str, Any]
) -> dict[str, Any] | None:
    """A dated disaggregated line whose pools both name one worker of the same W GPUs, read
    as the deployment of the benchmark recipes that list its concurrency and run W GPUs in
    all (module doc); None when its pools are not so written or no deployment is found."""
    worlds = {_count(pool.get("gpus_per_worker")) for pool in (prefill, decode)}
    workers = [_count(pool.get("workers")) for pool in (prefill, decode)]
    if len(worlds) != 1 or workers != [1, 1]:
        return None
    world = worlds.pop()
    found = _deployment_of_world(fields, world) if world is not None else None
    if found is None:
        return None
    return _read_as_recipe(fields, found, found.decode.layout(), fields["disaggregated"])


def _recipes_prefill_budget(fields: dict[str, Any], pools: dict[str, Any]) -> dict[str, Any]:
    """The prefill worker's token budget as the pools' field: the line's own where it gives
    one, else the one the dated line's recipes set (`recipe_prefill_budgets`); empty where
    neither does."""
    if "prefill_token_budget" in pools:
        return {"prefill_token_budget": pools["prefill_token_budget"]}
    budget = recipe_prefill_budget(
        str(fields.get("engine")), str(fields.get("gpu")), str(fields.get("weight_precision"))
    )
    return {} if budget is None else {"prefill_token_budget": budget}


def _recipe_read(
    fields: dict[str, Any], prefill: dict[str, Any], decode: dict[str, Any]
) -> dict[str, Any] | None:
    """The dated line with both pools, their workers and the decode batch of the benchmark
    recipe that ran it (`dynamo_recipes`), its GPUs counted from them; None when no recipe
    says, or a field the schema checks is not what it should be."""
    load = fields.get("load")
    in_flight = _count(load.get("concurrency")) if isinstance(load, dict) else None
    worker_gpus = [_count(pool.get("gpus_per_worker")) for pool in (prefill, decode)]
    lengths = [_count(fields.get(k)) for k in ("input_tokens", "output_tokens")]
    if fields.get("engine") not in RECIPE_ENGINES or in_flight is None:
        return None
    if None in worker_gpus or None in lengths:
        return None
    found = recipe_deployment(
        str(fields.get("engine")),
        str(fields.get("gpu")),
        str(fields.get("weight_precision")),
        str(fields.get("engine_version")),
        int(lengths[0] or 0),
        int(lengths[1] or 0),
        in_flight,
        int(worker_gpus[0] or 0),
        int(worker_gpus[1] or 0),
    )
    if found is None:
        return None
    decode_read = found.decode.layout()
    if not _power_of_two(found.decode.gpus):
        # EP over 24 or 48 GPUs needs redundant expert copies (EPLB), not modelled: the
        # worker's split reads as the line's own (module doc), its workers the recipe's.
        as_ran = _decode_ep_as_engine_ran(attention_as_ran(prefill), attention_as_ran(decode))
        decode_read = dict(as_ran, workers=found.decode.workers)
    return _read_as_recipe(fields, found, decode_read, fields.get("disaggregated") or {})


def _read_as_recipe(
    fields: dict[str, Any],
    found: RecipeDeployment,
    decode_read: dict[str, Any],
    written_pools: dict[str, Any],
) -> dict[str, Any]:
    """The line with the recipe's pools (its decode pool as `decode_read`), their workers, the
    decode batch and prefill budget (the line's own pools' where they give one) and the MTP
    drafts the recipe names, its GPUs counted from the pools."""
    pools: dict[str, Any] = {
        "prefill": found.prefill.layout(),
        "decode": decode_read,
        "workers_from_recipe": True,
    }
    if found.decode_batch is not None:
        pools["decode_max_batch"] = found.decode_batch
    pools.update(_recipes_prefill_budget(fields, written_pools))
    gpus = found.prefill.workers * found.prefill.gpus + found.decode.workers * found.decode.gpus
    read = dict(fields, num_gpus=gpus, disaggregated=pools)
    draft = published_mtp_draft(found.draft_tokens or 0) if "speculative" not in fields else None
    return read if draft is None else dict(read, speculative=draft)


def _decode_ep_as_engine_ran(prefill: dict[str, Any], decode: dict[str, Any]) -> dict[str, Any]:
    """The decode pool with its EP over the whole stage when it carries the prefill's
    (see the module doc); anything else as written."""
    prefill_ep = _count(prefill.get("ep", 1))
    tp, attention_dp, ep = (_count(decode.get(k, 1)) for k in ("tp", "attention_dp", "ep"))
    if prefill_ep is None or tp is None or attention_dp is None or ep is None:
        return decode
    if not carries_prefill_ep(prefill_ep, tp * attention_dp, ep):
        return decode
    return dict(decode, ep=tp * attention_dp)
