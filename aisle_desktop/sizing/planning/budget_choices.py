"""The choices an AI team makes that move the budget, each at a lower and a higher setting.

A planner is told "we want the 70B model, FP8, 8k context, 300 users"; each of those words is a
choice someone could make differently. `budget_choices` turns a scenario into, per choice, the
scenario one step lower and one step higher (a smaller and a larger model of the same family,
fewer and more bits, half and twice the prompt, ...). Categorical choices with no order (the
serving engine, the GPU) list every alternative; the sizing step keeps the cheapest and the
dearest. Pure: the catalog and the scenario in, scenarios out.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import duration_ms
from aisle_desktop.plan import LatencyTargets, PromptComposition, Scenario
from aisle_desktop.sizing.planning.demand import load_rule, stated_count

# Weight precisions a planner weighs, closest first when stepping down or up from the plan's.
_STEPPED_PRECISIONS = ("fp4", "mxfp4", "int4", "fp8", "int8", "bf16")
_KV_LOW, _KV_HIGH = "fp8", "bf16"
LOWER, HIGHER = 0.5, 2.0  # the factor for quantities: half and twice the plan's


@dataclass(frozen=True)
class Setting:
    """One alternative to the plan: what a planner reads, and the scenario to size."""

    label: str
    scenario: Scenario


@dataclass(frozen=True)
class Choice:
    """A choice and its settings. An ordered choice lists candidates for its lower and its
    higher setting, closest to the plan first (the first that can be sized is kept; none where
    the plan already sits at the end of the range); an unordered one lists alternatives, of
    which the cheapest and the dearest are kept."""

    name: str
    low: tuple[Setting, ...] = ()
    high: tuple[Setting, ...] = ()
    alternatives: tuple[Setting, ...] = ()


def _one(setting: Setting | None) -> tuple[Setting, ...]:
    return () if setting is None else (setting,)


def with_workload(scenario: Scenario, **changes: object) -> Scenario:
    """The scenario with these workload fields changed."""
    return scenario.model_copy(update={"workload": scenario.workload.model_copy(update=changes)})


def automatic_count(scenario: Scenario) -> Scenario:
    """The scenario with the GPU count, split and server left to Aisle, so every setting gets
    the hardware it needs (a pinned count would hold the budget still by definition)."""
    hardware = scenario.hardware.model_copy(update={"gpu_count": None, "tp": None, "pp": None})
    return scenario.model_copy(update={"hardware": hardware})


def _model_size(catalog: Catalog, scenario: Scenario) -> Choice | None:
    model = catalog.model(scenario.workload.model_id)
    family = [
        m
        for m in catalog.models.values()
        if m.family == model.family and m.kind == model.kind and m.id != model.id
    ]
    smaller = [m for m in family if m.total_params_b < model.total_params_b * 0.95]
    larger = [m for m in family if m.total_params_b > model.total_params_b * 1.05]
    if not smaller and not larger:
        return None
    low = max(smaller, key=lambda m: m.total_params_b) if smaller else None
    high = min(larger, key=lambda m: m.total_params_b) if larger else None
    return Choice(
        "Model size in its family",
        _one(Setting(low.name, with_workload(scenario, model_id=low.id)) if low else None),
        _one(Setting(high.name, with_workload(scenario, model_id=high.id)) if high else None),
    )


def _bits(catalog: Catalog, precision_id: str) -> float:
    return catalog.precision(precision_id).bits_per_weight


def _weight_precision(catalog: Catalog, scenario: Scenario) -> Choice:
    """Every precision the engine supports with fewer bits (closest first) as low candidates,
    more bits as high ones: the first that runs on this GPU and engine is kept."""
    w = scenario.workload
    engine = catalog.engine(w.engine_id)
    supported = {s.weight_precision for s in engine.supported}
    base_bits = _bits(catalog, w.weight_precision)
    known = [p for p in _STEPPED_PRECISIONS if p in supported and p in catalog.precisions]
    lower = sorted(
        (p for p in known if _bits(catalog, p) < base_bits), key=lambda p: -_bits(catalog, p)
    )
    higher = sorted(
        (p for p in known if _bits(catalog, p) > base_bits), key=lambda p: _bits(catalog, p)
    )

    def settings(ids: list[str]) -> tuple[Setting, ...]:
        return tuple(
            Setting(
                p.upper(), with_workload(scenario, weight_precision=p, kv_precision=w.kv_precision)
            )
            for p in ids
        )

    return Choice("Weight precision", settings(lower), settings(higher))


def _kv_precision(scenario: Scenario) -> Choice:
    return Choice(
        "KV cache precision",
        (Setting("FP8", with_workload(scenario, kv_precision=_KV_LOW)),),
        (Setting("16-bit", with_workload(scenario, kv_precision=_KV_HIGH)),),
    )


def _scaled_prompt(prompt: PromptComposition, factor: float) -> PromptComposition:
    def scaled(tokens: int) -> int:
        return max(1, round(tokens * factor)) if tokens else 0

    return prompt.model_copy(
        update={
            "system_prompt_tokens": scaled(prompt.system_prompt_tokens),
            "history_tokens": scaled(prompt.history_tokens),
            "question_tokens": scaled(prompt.question_tokens),
            "rag_chunk_tokens": scaled(prompt.rag_chunk_tokens),
        }
    )


def _context(catalog: Catalog, scenario: Scenario) -> Choice:
    w = scenario.workload
    limit = catalog.model(w.model_id).max_context_tokens - w.output_tokens
    settings: list[Setting | None] = []
    for factor in (LOWER, HIGHER):
        prompt = _scaled_prompt(w.prompt, factor)
        if prompt.input_tokens > limit or prompt.input_tokens == w.prompt.input_tokens:
            settings.append(None)
            continue
        label = f"{prompt.input_tokens:,} tokens in"
        settings.append(Setting(label, with_workload(scenario, prompt=prompt)))
    return Choice("Prompt length (context)", _one(settings[0]), _one(settings[1]))


def _engine(catalog: Catalog, scenario: Scenario) -> Choice:
    others = [e for e in catalog.engines.values() if e.id != scenario.workload.engine_id]
    return Choice(
        "Serving engine",
        alternatives=tuple(
            Setting(e.name, with_workload(scenario, engine_id=e.id)) for e in others
        ),
    )


def _price_per_gpu_usd(catalog: Catalog, gpu_id: str) -> float | None:
    """The GPU's reference price: its first server's price shared among its GPUs."""
    gpu = catalog.gpu(gpu_id)
    if not gpu.server_ids:
        return None
    server = catalog.server(gpu.server_ids[0])
    return None if server.price_usd is None else server.price_usd / server.gpus_per_server


def _gpu(catalog: Catalog, scenario: Scenario) -> Choice | None:
    """The GPUs next cheaper and next dearer per GPU than the plan's, closest first."""
    base = _price_per_gpu_usd(catalog, scenario.hardware.gpu_id)
    if base is None:
        return None
    priced = [
        (price, gpu)
        for gpu in catalog.gpus.values()
        if gpu.id != scenario.hardware.gpu_id
        and (price := _price_per_gpu_usd(catalog, gpu.id)) is not None
    ]

    def setting(gpu_id: str, name: str) -> Setting:
        hardware = scenario.hardware.model_copy(update={"gpu_id": gpu_id, "server_id": None})
        return Setting(name, scenario.model_copy(update={"hardware": hardware}))

    cheaper = sorted((p for p in priced if p[0] < base), key=lambda p: -p[0])
    dearer = sorted((p for p in priced if p[0] >= base), key=lambda p: p[0])
    return Choice(
        "GPU",
        tuple(setting(g.id, g.name) for _, g in cheaper),
        tuple(setting(g.id, g.name) for _, g in dearer),
    )


def _load(scenario: Scenario) -> Choice:
    load = scenario.workload.load
    rule = load_rule(load)
    base = stated_count(load)
    settings: list[Setting | None] = []
    for factor in (LOWER, HIGHER):
        count = max(1, round(base * factor))
        if count == base:
            settings.append(None)
            continue
        changed = load.model_copy(update={rule.count_field: count})
        settings.append(Setting(f"{count:,} {rule.noun}", with_workload(scenario, load=changed)))
    return Choice(rule.title, _one(settings[0]), _one(settings[1]))


def _targets(scenario: Scenario) -> Choice:
    t = scenario.workload.targets

    def setting(factor: float) -> Setting:
        targets = LatencyTargets(ttft_ms=t.ttft_ms * factor, tpot_ms=t.tpot_ms * factor)
        label = f"TTFT {duration_ms(targets.ttft_ms)}, TPOT {duration_ms(targets.tpot_ms)}"
        return Setting(label, with_workload(scenario, targets=targets))

    return Choice("Latency targets", (setting(LOWER),), (setting(HIGHER),))


def _redundancy(scenario: Scenario) -> Choice:
    return Choice(
        "Redundancy",
        (Setting("no spare", with_workload(scenario, redundancy="none")),),
        (Setting("N+1 spare", with_workload(scenario, redundancy="n_plus_1")),),
    )


def _hours(scenario: Scenario) -> Choice:
    """Hours of use a day: requests a day spread over fewer hours make a higher peak; other
    load kinds state their peak directly, so their row shows the hardware stays the same and
    only the energy bill moves (the GPUs work those hours and idle the rest)."""
    load = scenario.workload.load
    hours = load.working_hours_per_day
    settings: list[Setting | None] = []
    for value in (max(1.0, hours * LOWER), min(24.0, hours * HIGHER)):
        if value == hours:
            settings.append(None)
            continue
        changed = load.model_copy(update={"working_hours_per_day": value})
        settings.append(Setting(f"{value:g} h a day", with_workload(scenario, load=changed)))
    return Choice("Hours of use a day", _one(settings[0]), _one(settings[1]))


def budget_choices(catalog: Catalog, scenario: Scenario) -> list[Choice]:
    """Every choice that applies to this scenario, each with its settings to size."""
    choices = [
        _model_size(catalog, scenario),
        _weight_precision(catalog, scenario),
        _kv_precision(scenario),
        _context(catalog, scenario),
        _engine(catalog, scenario),
        _gpu(catalog, scenario),
        _load(scenario),
        _targets(scenario),
        _redundancy(scenario),
        _hours(scenario),
    ]
    return [c for c in choices if c is not None]
