"""The model of inference: scenario in, explained result out (pure Python, no Qt).

The parts, each a package whose ``__init__`` names what it offers:

- ``calibration``: the model's mechanism-level assumptions and their sources;
- ``engine``: what one replica does: memory, step time, serving, batching, precision,
  the deployment it runs as and its simulated tail latency;
- ``planning``: a scenario sized into a plan: demand, capacity, parallel split, facility,
  costs, embeddings, adapters, alternatives, warnings, figures, curves and GPU comparison
  (``size_scenario`` is here);
- ``validation``: predictions against published benchmarks, accuracy, hold-out and
  uncertainty bands, and the validation report.

This face offers what every part shares: the result, its explained figures and the error,
and `forget_cached_work` for when the catalog is replaced.
See SIZING.md in the design notes and docs/architecture.md for the mechanisms.
"""

from typing import TYPE_CHECKING, Any

from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Assumption, Figure, Quantity, input_text, worked_line
from aisle_desktop.sizing.memo import forget_cached_work

if TYPE_CHECKING:
    from aisle_desktop.sizing.planning import PlanWarning, SizingResult, figure_text

# The planning part's names, imported when first asked (`__getattr__`).
_PLANNING_NAMES = frozenset({"PlanWarning", "SizingResult", "figure_text"})


def __getattr__(name: str) -> Any:
    """The planning part's names, imported when first asked: `predict` and `validate` read
    only the calibration, engine and validation parts, and importing the planning part
    takes about 60 ms of the command line's 0.45 s start-up."""
    if name in _PLANNING_NAMES:
        from aisle_desktop.sizing import planning

        return getattr(planning, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Assumption",
    "Figure",
    "PlanWarning",
    "Quantity",
    "SizingError",
    "SizingResult",
    "figure_text",
    "forget_cached_work",
    "input_text",
    "worked_line",
]
