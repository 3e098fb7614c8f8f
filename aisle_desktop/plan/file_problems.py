"""What a plan file holds that Aisle refuses, in a planner's words: where, and what is wrong.

A planner who opens a colleague's file, or edits one by hand, reads "scenario 1 "Llama RAG",
workload, Active users (active_users): must be a whole number, got 1e+30 (too large: at most
100,000,000)", not a JSON path and a validation library's sentence. The field keeps its key in
brackets, so whoever edits the file finds it. Nothing here loosens a check: every problem
pydantic reports is worded, none dropped.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from aisle_desktop.counted_places import counted, field_path
from aisle_desktop.one_line_names import one_line_value
from aisle_desktop.plan.field_limits import number_limits
from aisle_desktop.strict_json import HALF_A_CHARACTER, excerpt, shown_value

_MAX_SHOWN = 3

# The label of each scenario field in the window (its row), so a message and the field agree.
FIELD_WORDS = {
    "workload.model_id": "Model",
    "workload.engine_id": "Engine",
    "workload.engine_version": "Engine release",
    "workload.weight_precision": "Weights",
    "workload.kv_precision": "KV cache",
    "workload.prompt.system_prompt_tokens": "System prompt",
    "workload.prompt.history_tokens": "History",
    "workload.prompt.question_tokens": "Question",
    "workload.prompt.rag_chunks": "RAG chunks",
    "workload.prompt.rag_chunk_tokens": "Chunk size",
    "workload.output_tokens": "Answer",
    "workload.retrieval_latency_ms": "Retrieval",
    "workload.redundancy": "Redundancy",
    "workload.load.kind": "Load is",
    "workload.load.requests_in_flight": "Requests in flight",
    "workload.load.active_users": "Active users",
    "workload.load.think_time_s": "Think time",
    "workload.load.users": "Users",
    "workload.load.requests_per_user_per_day": "Requests a day per user",
    "workload.load.working_hours_per_day": "Hours a day",
    "workload.load.days_per_year": "Days a year",
    "workload.load.peak_to_average": "Peak factor",
    "workload.targets.ttft_ms": "First token within",
    "workload.targets.tpot_ms": "Each next token within",
    "workload.adapters.count": "LoRA adapters",
    "workload.adapters.rank": "LoRA rank",
    "workload.speculative.method": "Draft with",
    "workload.speculative.draft_model_id": "Draft model",
    "workload.speculative.draft_tokens": "Drafted tokens per step",
    "workload.speculative.acceptance": "Acceptance",
    "workload.embeddings.model_id": "Encoder",
    "workload.embeddings.corpus_documents": "Documents",
    "workload.embeddings.ingest_hours": "Ingest within",
    "workload.embeddings.queries_per_s": "Search queries",
    "workload.embeddings.server_id": "Encoder GPUs",
    "hardware.gpu_id": "GPU",
    "hardware.server_id": "Server",
    "hardware.gpu_count": "GPU count",
    "hardware.tp": "Tensor parallel",
    "hardware.pp": "Pipeline parallel",
    "hardware.expert_layout": "Expert layout",
    "hardware.serving": "Serving",
    "hardware.search_goal": "Pools search for",
    "hardware.rack_power_limit_kw": "Rack power limit",
    "hardware.rack_units_per_rack": "Rack height",
    "costs.pue": "PUE",
    "costs.electricity_usd_per_kwh": "Electricity",
    "costs.colocation_usd_per_kw_month": "Colocation",
    "costs.server_price_usd": "Model server price",
    "costs.amortisation_years": "Written off over",
    "costs.hosted_api_id": "Hosted API",
    "costs.api_input_usd_per_mtok": "API input price",
    "costs.api_output_usd_per_mtok": "API output price",
}
SECTION_WORDS = {"assumption_overrides": "assumption overrides", "power_feed": "power feed"}
NEWER_OR_TYPO = "(misspelt, or a plan from a newer Aisle?)"


def _words(key: str) -> str:
    return SECTION_WORDS.get(key, key.replace("_", " "))


def _parts(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    return tuple(str(p) for p in loc if not str(p).startswith("function-after"))


def field_place(parts: tuple[str, ...]) -> str:
    """`workload, Active users (active_users)`: the scenario field at `parts` in words."""
    if not parts:
        return ""
    label = FIELD_WORDS.get(".".join(parts))
    if label is None:  # no row of its own in the window: its sections and key, in words
        return ", ".join([*(_words(p) for p in parts[:-1]), parts[-1]])
    return f"{_words(parts[0])}, {label} ({parts[-1]})" if len(parts) > 1 else label


def _number(value: Any) -> str:
    """1e8 -> "100,000,000"; a limit that is no number (a date) as it is written."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isinf(value):
        return excerpt(str(value), 60)
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,g}"


def _out_of_range(value: Any, parts: tuple[str, ...]) -> str:
    """` (too large: at most 100,000,000)` for a number past its field's range, else ""."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not parts:
        return ""
    try:
        limits = number_limits(parts)
    except (KeyError, AttributeError, TypeError, IndexError, ValueError):
        return ""
    if limits.high is not None and (math.isinf(value) or value > limits.high):
        return f" (too large: at most {_number(limits.high)})"
    if limits.low is not None and value < limits.low:
        return f" (too small: at least {_number(limits.low)})"
    return ""


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}
_SHAPES = {
    "string_type": "must be text in quotes",
    "bool_type": "must be true or false",
    "list_type": "must be a list [...]",
    "dict_type": "must be an object {...}",
    "model_type": "must be an object {...}",
    "model_attributes_type": "must be an object {...}",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "string_unicode": HALF_A_CHARACTER,
}


def what_is_wrong(problem: ErrorDetails, parts: tuple[str, ...]) -> str:
    """`must be a whole number, got 1e+30 (too large: at most 100,000,000)`."""
    kind = problem["type"]
    ctx = problem.get("ctx") or {}
    value = problem.get("input")
    got = f", got {shown_value(value)}"
    if kind == "missing":
        return "is required and missing"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return "must be a whole number" + got + _out_of_range(value, parts)
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"must be {words} {_number(ctx[key])}" + got
    if kind in _SHAPES:
        return _SHAPES[kind] + got
    if kind in ("literal_error", "enum"):
        return f"must be {ctx.get('expected', 'one of the values allowed')}" + got
    if kind == "too_short":
        return f"must hold at least {_number(ctx['min_length'])}" + got
    if kind == "too_long":
        return f"may hold at most {_number(ctx['max_length'])}, has {_number(len(value))}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {_number(ctx['max_length'])} characters long"
    message = excerpt(problem["msg"].removeprefix("Value error, "), 200)
    if kind == "value_error":
        return message
    return message[:1].lower() + message[1:] + got


def _unknown_field(parts: tuple[str, ...], owner: str) -> str:
    """`unknown field "foo" in the hardware of scenario 1 "Llama RAG" (...)`."""
    sections = ", ".join(_words(p) for p in parts[:-1])
    place = f"the {sections} of {owner}" if sections else owner
    return f'unknown field "{excerpt(parts[-1], 60)}" in {place} {NEWER_OR_TYPO}'


def scenario_label(index: int, raw: Any) -> str:
    """`scenario 2 "Llama RAG"`: numbered from 1, as the window's tabs count them."""
    name = one_line_value(raw.get("name")) if isinstance(raw, dict) else None
    named = f' "{excerpt(name, 60)}"' if isinstance(name, str) and name else ""
    return f"scenario {counted(index)}{named}"


def _joined(lines: list[str], total: int) -> str:
    extra = total - len(lines)
    return "; ".join(lines) + (f"; and {extra} more" if extra > 0 else "")


def describe_scenario_problems(err: ValidationError, index: int, raw: Any) -> str:
    """Every problem of one scenario: `scenario 1 "Llama RAG", workload, ...: ...`."""
    owner = scenario_label(index, raw)
    lines = []
    for problem in err.errors(include_url=False)[:_MAX_SHOWN]:
        parts = _parts(problem["loc"])
        if problem["type"] == "extra_forbidden":
            lines.append(_unknown_field(parts, owner))
        elif parts:
            lines.append(f"{owner}, {field_place(parts)}: {what_is_wrong(problem, parts)}")
        else:
            lines.append(f"{owner}: {what_is_wrong(problem, parts)}")
    return _joined(lines, err.error_count())


def _catalog_place(loc: tuple[int | str, ...], body: Any) -> str:
    """`the plan's own catalog, gpus entry 1 ("lab-gpu"), sources item 2`: the place
    pydantic gives as ("catalog", "gpus", 0, "sources", 1), every list counted from 1."""
    parts = tuple(p for p in loc if not str(p).startswith("function-after"))
    words = ["the plan's own catalog"]
    if len(parts) > 1:
        words.append(str(parts[1]))
    if len(parts) > 2 and isinstance(parts[2], int):
        entries = body.get("catalog", {}).get(parts[1]) if isinstance(body, dict) else None
        index = parts[2]
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        named = f' ("{excerpt(entry_id, 60)}")' if isinstance(entry_id, str) else ""
        words[-1] = f"{parts[1]} entry {counted(index)}{named}"
        if len(parts) > 3:
            words.append(field_path(parts[3:]))
    return ", ".join(words)


def describe_plan_problems(err: ValidationError, body: Any) -> str:
    """Problems of the plan as a whole (its scenarios list, notes, own catalog, keys)."""
    lines = []
    for problem in err.errors(include_url=False)[:_MAX_SHOWN]:
        parts = _parts(problem["loc"])
        kind = problem["type"]
        if parts == ("scenarios",) and kind == "too_short":
            lines.append("the plan has no scenarios (a plan holds at least one)")
        elif kind == "extra_forbidden" and parts[:1] == ("catalog",):
            place = _catalog_place(problem["loc"][:-1], body)
            lines.append(f'unknown field "{excerpt(parts[-1], 60)}" in {place} {NEWER_OR_TYPO}')
        elif kind == "extra_forbidden":
            lines.append(f'unknown field "{excerpt(parts[-1], 60)}" in the plan {NEWER_OR_TYPO}')
        elif parts[:1] == ("catalog",):
            lines.append(f"{_catalog_place(problem['loc'], body)}: {what_is_wrong(problem, ())}")
        elif parts:
            lines.append(f"{', '.join(_words(p) for p in parts)}: {what_is_wrong(problem, ())}")
        else:
            lines.append(what_is_wrong(problem, ()))
    return _joined(lines, err.error_count())
