"""Replicas of one shape stacked into one, so that lines of several go through the model as one
array.

Lines of one replica are predicted together as arrays (one element a line); a file names a
hundred replicas, most with a handful of lines, and every group pays the model's fixed cost
of many small numpy steps. Replicas that differ only in numbers (a GPU's bandwidths, an
engine release's factors, a precision's bytes) can share the group: `Stacking` builds one
object of the same type whose differing numbers are arrays with one element a LINE (each
replica's value repeated for its lines), so the formulas, written once for numbers or
arrays, run unchanged and each element is what that line's replica gives alone.

Anything else that differs (a flag, a label, a list) cannot become an array: it is held by
a `Differs` that refuses every use with NotStackableError, and the caller predicts those
replicas one by one. Two labels are the exception, an engine's KV sizing and admission
(`LABELS_PER_ELEMENT`): the formulas compare them element by element, so replicas of
engines that size and admit differently stack as one (their labels an array of strings).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
from pydantic import BaseModel

from aisle_desktop.sizing.engine.copies import replaced

if TYPE_CHECKING:
    from aisle_desktop.sizing.engine import Deployment


class NotStackableError(Exception):
    """The formulas read something that differs between the stacked replicas and is not a
    number: they must be predicted one by one."""


# What numpy and `uniform` say when a formula branches on a condition of an array.
_BRANCHED = ("truth value of an array", "differs between the stacked elements")
# What Python and numpy say when `float()`, `int()`, `math` or a cache keyed by value is
# given an array of several numbers.
_NOT_ONE_NUMBER = ("arrays can be converted to Python scalars", "unhashable type: 'numpy.ndarray'")


def branched_apart(err: Exception) -> bool:
    """True when `err` says the formulas cannot take the stacked replicas as one: they
    read something that is not a number (NotStackableError), branched on a number that
    differs (`if` on an array, ValueError), took one number of an array or kept a value by
    it (TypeError), or a whole number is too large for an array (OverflowError). Any other
    error is a fault."""
    if isinstance(err, (NotStackableError, OverflowError)):
        return True
    text = str(err)
    if isinstance(err, ValueError):
        return any(words in text for words in _BRANCHED)
    return isinstance(err, TypeError) and any(words in text for words in _NOT_ONE_NUMBER)


def replica_shape(dep: Deployment) -> tuple[Any, ...]:
    """What replicas must share to be stacked: the formulas branch on these (whether the
    model has experts, its kinds of layers, a draft, weights multiplied at 16 bits, how the
    model counts its embeddings, whether the engine works its memory fraction out from a
    reserve); the rest may differ as numbers: other models of those kinds, other TP, PP and
    EP degrees (1 included), attention split or data-parallel, other engines and their eras,
    whatever their KV sizing and admission (`LABELS_PER_ELEMENT`)."""
    return (
        dep.model.moe is None,
        tuple((g.kind, g.is_latent) for g in dep.model_layers),
        dep.speculation is None,
        dep.execution.weight_only,
        dep.model.attention.kind,
        dep.model.tie_word_embeddings,
        dep.model.active_params_include_input_embedding,
        dep.engine.memory_reserve is None,
    )


class Differs:
    """A field whose values differ between stacked replicas and cannot be an array: any use
    raises NotStackableError (a formula that does not read it is unaffected)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "name", name)

    def _refuse(self, *_: object) -> NoReturn:
        raise NotStackableError(f"{self.name} differs between the stacked replicas")

    def __getattr__(self, _: str) -> NoReturn:
        self._refuse()

    __bool__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _refuse
    __pow__ = __rpow__ = __neg__ = __float__ = __int__ = __index__ = __hash__ = _refuse
    __iter__ = __len__ = __getitem__ = __contains__ = __format__ = __str__ = _refuse
    __array__ = _refuse


# Labels the formulas compare element by element (`choose`, never `if`): whether an engine's
# memory fraction is of the whole device or of what its weights leave (`kv_room_bytes`), and
# whether it admits requests by their prompts or reserves whole sequences (`batch_limits`).
LABELS_PER_ELEMENT = frozenset({"memory_fraction_of", "kv_admission"})


# Values a field of one value is told by in one C call (an object's fields are compared
# one by one instead: comparing two models as wholes costs more than it saves).
_PLAIN = (float, int, str, bool, type(None))


# This and the two below are kept by class (a few dataclasses and catalog entry types): facts
# of its definition, as long-lived as the class itself, and no sizing's data.
@functools.cache
def _dataclass_fields(kind: Any) -> tuple[list[str], attrgetter[Any]]:
    """A dataclass's field names, and a getter of their values (the fields its `__init__`
    takes: one it does not, a replica's memo, is the copy's own)."""
    names = [field.name for field in dataclasses.fields(kind) if field.init]
    return names, attrgetter(*names)


class Stacking:
    """Stacks values of replicas over their `lines` (how many lines each has, in order).

    Objects the replicas share in several places (an engine's calibration values, read by
    the replica and by its ideal twin) are stacked once."""

    def __init__(self, lines: Sequence[int]) -> None:
        # Each line's replica, by its place: a replica's numbers are read out for its lines
        # (an index read costs a third of repeating by counts, asked for every number).
        self._replica_of_line = np.repeat(np.arange(len(lines)), lines)
        self._done: dict[tuple[int, ...], Any] = {}

    def of(self, values: Sequence[Any], name: str) -> Any:
        """A value they all share as it is; differing numbers (floats, whole numbers) as an
        array of one element a line; objects of one type with their differing fields
        stacked, tuples of one length item by item; anything else `Differs`."""
        values = list(values)
        key = tuple(map(id, values))  # the values outlive the stacking: their replicas hold them
        if key.count(key[0]) == len(key):  # one object (most of a replica's)
            return values[0]
        if key not in self._done:
            self._done[key] = self._stacked(values, name)
        return self._done[key]

    def _stacked(self, values: list[Any], name: str) -> Any:
        """`of` of values that are not all one object. Catalog entries stack each field when
        a formula first reads it (`StackedEntry`); other objects are compared field by field
        (not as wholes first), and come back as the first where none of their fields
        differs."""
        first = values[0]
        kind: Any = type(first)
        one_type = len(set(map(type, values))) == 1
        if one_type and (kind is float or kind is int):  # most differing values: numbers
            if values.count(first) == len(values):
                return first
            return self._plain(values, kind, name)
        if one_type and isinstance(first, BaseModel):
            return StackedEntry(self, values, name)
        if one_type and dataclasses.is_dataclass(first):
            names, of_fields = _dataclass_fields(kind)
            rows = list(map(of_fields, values))
            changed = self._changed(rows, names, name)
            return replaced(first, **changed) if changed else first
        if one_type and kind is tuple and len(set(map(len, values))) == 1:  # layer groups
            columns = enumerate(zip(*values, strict=True))
            items = tuple(self.of(list(column), f"{name}[{i}]") for i, column in columns)
            return first if list(map(id, items)) == list(map(id, first)) else items
        if values.count(first) == len(values):  # equal everywhere (C compares)
            return first
        return self._plain(values, kind if one_type else object, name)

    def _plain(self, values: Sequence[Any], kind: Any, name: str) -> Any:
        """Values of one plain type (`kind`; `object` for several) that are not all equal:
        numbers as an array of one element a line, labels compared element by element
        (`LABELS_PER_ELEMENT`) likewise, anything else `Differs`."""
        if kind is float or kind is int:
            return np.array(values, dtype=kind)[self._replica_of_line]
        if kind is str and name.rsplit(".", 1)[-1] in LABELS_PER_ELEMENT:
            return np.array(values)[self._replica_of_line]
        return Differs(name)

    def _changed(self, rows: list[Any], names: list[str], name: str) -> dict[str, Any]:
        """The stacked values of the fields that differ between objects whose fields'
        values are `rows` (one tuple an object, in the order of `names`)."""
        if len(names) == 1:  # a getter of one name gives the value, not a tuple
            rows = [(row,) for row in rows]
        changed = {}
        for field, column in zip(names, zip(*rows, strict=True), strict=True):
            stacked = self.field(list(column), f"{name}.{field}")
            if stacked is not column[0]:
                changed[field] = stacked
        return changed

    def field(self, column: list[Any], name: str) -> Any:
        """`of` of one field's values: a field of one plain value (most) as it is, plain
        values of one type stacked here, anything else through `of`."""
        first = column[0]
        kind = type(first)
        if kind in _PLAIN:
            if column.count(first) == len(column):
                return first
            if len(set(map(type, column))) == 1:
                return self._plain(column, kind, name)
        return self.of(column, name)


class StackedEntry:
    """Catalog entries (or assumptions) of one pydantic type standing as one: each field is
    stacked (`Stacking.field`) when a formula first reads it, and kept. A GPU, an engine
    release or a model has dozens of fields the step formulas never read (names, sources,
    dates, most of a datasheet); comparing and stacking all of them cost more than the
    formulas' reads. The type's own properties and methods run on it as on the entry;
    pydantic's (copying, dumping, comparing, hashing) refuse with NotStackableError, as a
    field that differs does, and the caller predicts the replicas one by one."""

    __slots__ = ("__dict__", "_kind", "_name", "_stacking", "_values")

    def __init__(self, stacking: Stacking, values: list[BaseModel], name: str) -> None:
        self._stacking = stacking
        self._values = values
        self._name = name
        self._kind = type(values[0])

    def __getattr__(self, attr: str) -> Any:
        if attr in _field_names(self._kind):
            column = [value.__dict__[attr] for value in self._values]
            stacked = self._stacking.field(column, f"{self._name}.{attr}")
            self.__dict__[attr] = stacked
            return stacked
        if attr.startswith("__"):  # numpy's and Python's probes: not there
            raise AttributeError(attr)
        found = getattr(self._kind, attr)
        if not _entry_own(self._kind, attr):
            raise NotStackableError(f"{self._name}.{attr} of stacked entries")
        # A property of the frozen entry is a figure of its fields: kept as they are.
        value = found.__get__(self, self._kind) if hasattr(found, "__get__") else found
        self.__dict__[attr] = value
        return value

    def model_copy(self, *, update: dict[str, Any]) -> StackedEntry:
        """A copy with `update` in place of those fields (as pydantic's `model_copy`, which
        does not validate them either): the ideal twin's assumptions. Only fields are
        carried over: a property read of this one may read a field the update changes."""
        copy = StackedEntry(self._stacking, self._values, self._name)
        fields = _field_names(self._kind)
        copy.__dict__.update({k: v for k, v in self.__dict__.items() if k in fields}, **update)
        return copy

    def _refuse(self, *_: object) -> NoReturn:
        raise NotStackableError(f"{self._name} compared or kept by value while stacked")

    __eq__ = __ne__ = __hash__ = _refuse


@functools.cache
def _field_names(kind: Any) -> frozenset[str]:
    return frozenset(kind.model_fields)


@functools.cache
def _entry_own(kind: Any, attr: str) -> bool:
    """Whether `attr` is the entry type's own (a property or method of the catalog's
    classes), not pydantic's."""
    return any(attr in owner.__dict__ for owner in kind.__mro__ if owner not in BaseModel.__mro__)
