"""The range the scenario model allows for a number field, read from the model itself.

Editors in the window must be able to show and send every value the model accepts (a plan may
hold 3e9 corpus documents, more than a 32-bit spin box holds), so they ask here instead of
repeating the limits. ``docs/plan-format.md`` lists them.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from aisle_desktop.plan.scenario import Scenario


@dataclass(frozen=True)
class NumberLimits:
    """``low`` to ``high``; ``low`` itself refused when ``low_excluded`` (a ``gt`` bound)."""

    low: float | None
    high: float | None
    low_excluded: bool
    whole: bool
    optional: bool


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """The bare type under Optional/Annotated, the constraints found, whether None is allowed."""
    constraints: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            for item in extra:
                constraints.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, constraints, optional


def number_limits(path: tuple[str, ...], model: type[BaseModel] = Scenario) -> NumberLimits:
    """The limits of the number at ``path`` (say ``("hardware", "gpu_count")``)."""
    *parents, name = path
    for part in parents:
        model, _c, _o = _unwrap(model.model_fields[part].annotation)
    field = model.model_fields[name]
    bare, constraints, optional = _unwrap(field.annotation)
    constraints = [*field.metadata, *constraints]
    low = high = None
    low_excluded = False
    for item in constraints:
        if isinstance(item, annotated_types.Ge):
            low = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Gt):
            low, low_excluded = float(item.gt), True  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            high = float(item.le)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Lt):
            high = float(item.lt)  # type: ignore[arg-type]
    return NumberLimits(low, high, low_excluded, bare is int, optional)
