"""Hypothesis strategies for plans, built from the pydantic models' own bounds.

Reading each field's type and ``ge``/``le``/``gt``/``lt`` limits (rather than hand-writing a
strategy per field) keeps the property test honest when the Scenario model gains fields.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from hypothesis import strategies as st
from pydantic import BaseModel

from aisle_desktop.catalog import Catalog
from aisle_desktop.one_line_names import one_line_name, one_line_value
from aisle_desktop.plan import Plan, PlanCatalog, Scenario


def _number(base: type, metadata: list[Any]) -> st.SearchStrategy[Any]:
    lo: Any = None
    hi: Any = None
    open_lo = open_hi = False
    for m in metadata:
        if isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Gt):
            lo, open_lo = m.gt, True
        elif isinstance(m, at.Le):
            hi = m.le
        elif isinstance(m, at.Lt):
            hi, open_hi = m.lt, True
    if base is int:
        low = None if lo is None else int(lo) + (1 if open_lo else 0)
        high = None if hi is None else int(hi) - (1 if open_hi else 0)
        return st.integers(low, high)
    return st.floats(
        lo, hi, exclude_min=open_lo, exclude_max=open_hi, allow_nan=False, allow_infinity=False
    )


def _text(metadata: list[Any]) -> st.SearchStrategy[str]:
    low = next((m.min_length for m in metadata if isinstance(m, at.MinLen)), 0)
    high = next((m.max_length for m in metadata if isinstance(m, at.MaxLen)), 40)
    text = st.text(min_size=low, max_size=min(high, 40))
    if any(getattr(m, "func", None) is one_line_value for m in metadata):  # a name: one line
        return text.map(one_line_name).filter(lambda name: len(name) >= low)
    return text


def for_annotation(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """A strategy for one field's values within its declared bounds."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        inner = [m for info in extra for m in getattr(info, "metadata", [info])]
        return for_annotation(base, metadata + inner)
    if origin in (Union, types.UnionType):
        return st.one_of([for_annotation(arg, metadata) for arg in get_args(annotation)])
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if annotation is type(None):
        return st.none()
    if annotation is bool:
        return st.booleans()
    if annotation in (int, float):
        return _number(annotation, metadata)
    if annotation is str:
        return _text(metadata)
    if origin is dict:
        key, value = get_args(annotation)
        high = next((m.max_length for m in metadata if isinstance(m, at.MaxLen)), 5)
        return st.dictionaries(
            for_annotation(key, []), for_annotation(value, []), max_size=min(high, 5)
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation)
    raise TypeError(f"no strategy for {annotation!r}")


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    """Instances of ``model`` with every field drawn within its bounds."""
    fields = {
        name: for_annotation(info.annotation, list(info.metadata))
        for name, info in model.model_fields.items()
    }
    return st.builds(model, **fields)


def plans(custom: PlanCatalog) -> st.SearchStrategy[Plan]:
    """Plans of one to three scenarios, with some subset of ``custom``'s entries."""

    def subset(items: list[Any]) -> st.SearchStrategy[list[Any]]:
        return st.lists(st.sampled_from(items), unique_by=lambda e: e.id) if items else st.just([])

    catalogs = st.builds(
        PlanCatalog,
        gpus=subset(custom.gpus),
        servers=subset(custom.servers),
        models=subset(custom.models),
        engines=subset(custom.engines),
    )
    scenarios = st.lists(
        model_strategy(Scenario), min_size=1, max_size=3, unique_by=lambda s: s.name
    )
    return st.builds(Plan, notes=st.text(max_size=200), scenarios=scenarios, catalog=catalogs)


def custom_entries(catalog: Catalog) -> PlanCatalog:
    """Copies of shipped entries under new ids, standing in for a user's own hardware."""
    gpu = catalog.gpu("l40s").model_copy(
        update={"id": "lab-l40s", "server_ids": [], "origin": "user"}
    )
    server = catalog.server("dgx-h100").model_copy(update={"id": "lab-rack-h100", "origin": "user"})
    model = catalog.model("llama-3.1-8b").model_copy(update={"id": "our-llama-ft", "name": "Ours"})
    engine = catalog.engine("vllm").model_copy(update={"id": "vllm-patched"})
    return PlanCatalog(gpus=[gpu], servers=[server], models=[model], engines=[engine])
