"""An aggregated source line whose TP cannot split the model's attention heads, read as the
worker its engine ran: that many GPUs with data-parallel attention.

TensorRT-LLM's `tensor_parallel_size` is the worker's world size, not the attention split:
with `enable_attention_dp` the attention layers run one data-parallel rank a GPU over that
world and the MoE layers split the same GPUs as `moe_tensor_parallel_size` x
`moe_expert_parallel_size` (their product is `tensor_parallel_size`); SGLang's `--tp` with
`--enable-dp-attention` is read the same way (`source_layouts` says so for the disaggregated
pools). Attention split by TP needs the heads to divide evenly over the GPUs (each rank holds
whole heads), so a worker whose world size does not divide the model's heads can only have
run its attention data-parallel. Four aggregated lines of the 2025-26 set brought this rule:
DeepSeek-R1 FP4 on GB200 under TensorRT-LLM at TP 52 and TP 12 with 128 heads, EP 1 and
attention DP 1 as written. They turned out to be no worker at all but the GPUs in all of
disaggregated deployments of InferenceX's Dynamo recipes, and are read as those
(`source_layouts`, `dynamo_recipes.deployment_of_world_size`) before this rule is asked; it
stays for such a line that no recipe explains, which would otherwise be refused.

Only aiconfigurator's lines (`source_layouts.SOURCE_KINDS`) of the engines whose TP is the
world size are read so; a planner's own line keeps its fields and is refused with the split
that would run (`check_parallelism`).
"""

from __future__ import annotations

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.source_layouts import SOURCE_KINDS

# Engines whose TP field is the worker's world size (module doc); vLLM's is tp x dp.
WORLD_SIZE_ENGINES = frozenset({"tensorrt-llm", "sglang"})


def heads_split_as_ran(scenario: BenchmarkScenario, catalog: Catalog) -> BenchmarkScenario:
    """The aggregated line with data-parallel attention over its world size where its TP
    does not divide the model's attention heads (module doc); any other line as it is."""
    if scenario.disaggregated is not None or scenario.scenario_kind not in SOURCE_KINDS:
        return scenario
    if scenario.engine not in WORLD_SIZE_ENGINES or scenario.attention_dp != 1:
        return scenario
    try:
        heads = catalog.model(scenario.model).num_attention_heads
    except CatalogError:
        return scenario  # the replica's look-up names the unknown model
    if heads % scenario.tp == 0:
        return scenario
    return scenario.model_copy(update={"tp": 1, "attention_dp": scenario.tp})
