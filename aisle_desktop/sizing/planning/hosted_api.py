"""Which hosted API a plan's costs are compared with, and what a planner must hear about it.

A hosted price says something about owning only for a model like the plan's: the same model,
else one of its size class (within 1.5 times its parameters, total and active: Llama 2 70B is
compared with Llama 3.1 70B's price, never Llama 3.1 8B's at a fifth of it). Where the catalog
holds neither, no API is compared, and the plan says so plainly rather than price another
model's tokens.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from aisle_desktop.catalog import Catalog, HostedApiPrice, ModelSpec
from aisle_desktop.formatting import parameters
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.planning.result import PlanWarning

# Models within this factor of each other, in total and in active parameters, are of one size
# class: a provider's price follows the memory a model holds and the compute a token takes.
SIZE_CLASS_FACTOR = 1.5


def compared_api(catalog: Catalog, scenario: Scenario) -> HostedApiPrice | None:
    """The hosted API the plan is compared with: the planner's choice, else the automatic one
    (`automatic_api`)."""
    if scenario.costs.hosted_api_id:
        return catalog.hosted_api(scenario.costs.hosted_api_id)
    return automatic_api(catalog, scenario.workload.model_id)


def api_is_compared(catalog: Catalog, scenario: Scenario) -> bool:
    """A hosted API is compared: the planner entered its prices, chose one, or "Automatic"
    found one."""
    costs = scenario.costs
    entered = costs.api_input_usd_per_mtok is not None and costs.api_output_usd_per_mtok is not None
    return entered or compared_api(catalog, scenario) is not None


def api_label(api: HostedApiPrice) -> str:
    """``Llama 3.1 70B Instruct Turbo (Together AI) (2025-06-01)``, or ``OpenAI GPT-4o (OpenAI,
    2025-08-01)``: the API's name with its provider where the name lacks it, and its date."""
    provider = "" if api.provider in api.name else f"{api.provider}, "
    return f"{api.name} ({provider}{api.as_of})"


def automatic_api(catalog: Catalog, model_id: str) -> HostedApiPrice | None:
    """The hosted API "Automatic" stands for with `model_id`: the first serving the same model,
    else the one serving the model nearest in size within its size class; None when the
    catalog prices no such model (the window words its choice by which it is)."""
    apis = [
        a
        for a in catalog.prices.hosted_apis
        if a.kind == "llm" and a.output_usd_per_mtok is not None
    ]
    return priced_for(catalog, apis, model_id, size_gap)


def priced_for(
    catalog: Catalog,
    apis: list[HostedApiPrice],
    model_id: str,
    gap: Callable[[ModelSpec, ModelSpec], float | None],
) -> HostedApiPrice | None:
    """The first of `apis` pricing `model_id` itself, else the one pricing the model nearest
    it by `gap` (None outside its class; the first listed of equals); None when none does."""
    same_model = [a for a in apis if a.comparable_model_id == model_id]
    if same_model:
        return same_model[0]
    model = catalog.models.get(model_id)
    if model is None:
        return None
    gaps = [
        (distance, i, a)
        for i, a in enumerate(apis)
        if a.comparable_model_id in catalog.models
        and (distance := gap(model, catalog.models[a.comparable_model_id])) is not None
    ]
    return min(gaps, key=lambda g: (g[0], g[1]))[2] if gaps else None


def size_gap(model: ModelSpec, other: ModelSpec) -> float | None:
    """How far `other` is from `model` in size (the larger log-ratio of total and of active
    parameters); None when it is outside `model`'s size class."""
    return class_gap(
        other.total_params_b / model.total_params_b,
        _active(other) / _active(model),
    )


def class_gap(*ratios: float) -> float | None:
    """The larger log-ratio of `ratios`, or None beyond `SIZE_CLASS_FACTOR` either way."""
    gap = max(abs(math.log(r)) for r in ratios)
    return gap if gap <= math.log(SIZE_CLASS_FACTOR) else None


def _active(model: ModelSpec) -> float:
    return model.active_params_b or model.total_params_b


def _size(model: ModelSpec) -> str:
    """``70.6 B parameters``, or ``401 B parameters, 17.2 B active``."""
    active = (
        "" if model.active_params_b is None else f", {parameters(model.active_params_b)} active"
    )
    return f"{parameters(model.total_params_b)} parameters{active}"


def size_class_text(model: ModelSpec) -> str:
    """``21.8 B to 49.1 B parameters``, with the active ones of a MoE model: the size class."""
    low, high = 1 / SIZE_CLASS_FACTOR, SIZE_CLASS_FACTOR

    def span(params_b: float) -> str:
        return f"{parameters(params_b * low)} to {parameters(params_b * high)}"

    total = f"{span(model.total_params_b)} parameters"
    if model.active_params_b is None:
        return total
    return f"{total}, {span(model.active_params_b)} active"


def hosted_api_warnings(catalog: Catalog, scenario: Scenario) -> list[PlanWarning]:
    """What the automatic comparison stands on, where it is not the plan's own model: another
    model of its size class (named), or nothing comparable (no API compared). None when the
    planner chose an API or entered its prices."""
    costs = scenario.costs
    entered = costs.api_input_usd_per_mtok is not None and costs.api_output_usd_per_mtok is not None
    model = catalog.models.get(scenario.workload.model_id)
    if costs.hosted_api_id or entered or model is None:
        return []
    api = automatic_api(catalog, model.id)
    if api is not None and api.comparable_model_id == model.id:
        return []
    if api is None:
        return [
            PlanWarning(
                code="api-none-comparable",
                severity="warning",
                message=f"No hosted API is compared: the catalog has no hosted price for "
                f"{model.name} or for a model of its size class ({size_class_text(model)}). "
                "Choose a hosted API or enter its prices in the cost settings to compare.",
            )
        ]
    other = catalog.models[api.comparable_model_id or ""]
    return [
        PlanWarning(
            code="api-same-size-model",
            severity="info",
            message=f"The catalog has no hosted price for {model.name}: the API comparison "
            f"uses {api.name}, priced for {other.name}, a model of its size class "
            f"({_size(other)}, against {_size(model)}). Choose another hosted API or enter "
            "its prices in the cost settings.",
        )
    ]
