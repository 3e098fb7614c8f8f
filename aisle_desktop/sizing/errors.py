"""Errors the sizing model reports to a planner: what is wrong and what would work."""

from __future__ import annotations

from typing import TypeVar

_Error = TypeVar("_Error", bound=BaseException)


class SizingError(ValueError):
    """A scenario the model cannot evaluate, with a message a planner can act on."""


def without_tracebacks(err: _Error) -> _Error:
    """`err` and the errors it was raised from or during, without their tracebacks, for an
    error kept after it was raised (a file's answers, the memory of sized scenarios): their
    frames would keep what the sizing held (the scenario, the catalog, the arrays, the
    answers with this error among them) alive as long as the error is, a look-up's KeyError
    hidden by `from None` included, as it is still the `__context__`."""
    chain: list[BaseException | None] = [err]
    seen: set[int] = set()
    while chain:
        each = chain.pop()
        if each is None or id(each) in seen:
            continue
        seen.add(id(each))
        each.__traceback__ = None
        chain += (each.__cause__, each.__context__)
    return err
