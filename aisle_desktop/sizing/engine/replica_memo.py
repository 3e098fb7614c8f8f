"""What the time model works out of one replica, kept by that replica.

A replica's step times, its constant costs and the curves of its serving are pure answers
that sizing asks again and again: a sweep asks the same step at every rate, `predict` the
same burst for each percentile. They were kept in module-level `functools` caches keyed by
the replica, global state that STYLE forbids and that kept old catalogs' replicas alive after
a reload until newer answers pushed them out. A function marked `kept_by_replica` (or, for a
figure of the replica alone, `replica_constant`) keeps its answers in its replica's own
`Deployment.worked_out` instead: they live exactly as long as
the replica, which lives as long as the sizing, the comparison or the validation run that
made it, and every copy of a replica (`copies.replaced`) starts with none.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

_Work = TypeVar("_Work", bound=Callable[..., Any])
_Replica = TypeVar("_Replica", bound="HasWorkedOut")
_Answer = TypeVar("_Answer")


class HasWorkedOut(Protocol):
    """A replica: what it keeps of the answers worked out of it (`Deployment.worked_out`)."""

    @property
    def worked_out(self) -> dict[Callable[..., Any], Any]: ...


# A key not yet worked out (None is an answer some functions give).
_NOT_KEPT = object()


def kept_by_replica(max_answers: int, replica_at: int = 0) -> Callable[[_Work], _Work]:
    """Keep `work`'s answers in the replica passed as its argument number `replica_at`, by
    the other arguments (the replica itself is not in the key, so its answers do not hold it).

    At most `max_answers` a replica: one more empties them all, as a long file's many lengths
    would otherwise only hold memory (the answers are worked out again, the same)."""

    def keep(work: _Work) -> _Work:
        def remembered(*args: Any) -> Any:
            kept = args[replica_at].worked_out
            answers = kept.get(remembered)
            if answers is None:
                answers = kept[remembered] = {}
            key = args[1:] if replica_at == 0 else args[:replica_at] + args[replica_at + 1 :]
            found = answers.get(key, _NOT_KEPT)
            if found is _NOT_KEPT:
                if len(answers) >= max_answers:
                    answers.clear()
                found = answers[key] = work(*args)
            return found

        return cast(_Work, functools.wraps(work)(remembered))

    return keep


def replica_constant(work: Callable[[_Replica], _Answer]) -> Callable[[_Replica], _Answer]:
    """Keep `work`'s one answer for a replica in that replica: a figure of the replica alone
    (its constant costs, its busiest rank), asked at every step, so one look-up and no key."""

    def remembered(replica: _Replica) -> _Answer:
        kept = replica.worked_out
        found = kept.get(remembered, _NOT_KEPT)
        if found is _NOT_KEPT:
            found = kept[remembered] = work(replica)
        return cast(_Answer, found)

    return functools.wraps(work)(remembered)
