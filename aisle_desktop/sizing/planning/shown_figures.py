"""How a figure reads wherever a planner sees it (window, `size`, report): its value with its
unit, or a dash where a number would mislead.

A plan that serves nothing within its latency targets has no cost per token or per request:
written as $0 they read as free. Its hosted API is priced on the load offered instead of the
load served (`hosted_figures.priced_requests`), said beside the figure: the planner still asks
what that load would cost hosted. A break-even beyond what the hardware serves within the
targets is never reached at this size.
API figures priced from another model of the plan's size class say so beside the number
(`hosted_api`), and the requests served the rate offered where it is more.
"""

from __future__ import annotations

from collections.abc import Mapping

from aisle_desktop.formatting import beside_target, with_unit
from aisle_desktop.sizing.explain import Figure
from aisle_desktop.sizing.planning.hosted_figures import OFFERED_A_YEAR
from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.served import offered_beside

# Figures that divide by, or scale with, the volume served within the targets.
PER_SERVED_VOLUME = frozenset(
    {
        "cost_per_million_tokens_usd",
        "cost_per_request_usd",
        "break_even_duty_cycle",
    }
)
# Figures priced from the hosted API the plan compares with.
PRICED_BY_THE_API = frozenset(
    {
        "api_cost_per_year_usd",
        "api_cost_per_request_usd",
        "break_even_requests_per_day",
        "break_even_duty_cycle",
    }
)
NO_VALUE = "–"
BEYOND_CAPACITY = "beyond capacity"
# A plan that serves nothing within its targets never pays for itself, whatever the volume:
# its break-even read "348 k requests/day" with a footnote "beyond capacity".
NO_BREAK_EVEN = "no break-even"
SERVES_NOTHING = "the plan serves nothing within its latency targets"
# Beside the hosted API's yearly cost of a plan that serves nothing: which volume it priced.
OFFERED_LOAD_PRICED = (
    "priced on the load offered, none of which the plan as bought serves within its targets"
)
ANOTHER_MODELS_PRICE = "a same-size model's price"
ANOTHER_ENCODERS_PRICE = "a same-size encoder's price"
NO_COMPARABLE_API = (
    "Hosted API: none compared, the catalog has no hosted price for this model or one of its "
    "size class"
)


def nothing_served(figures: Mapping[str, Figure]) -> bool:
    """No request is served within the latency targets, whatever the load."""
    return "tokens_per_year" in figures and figures["tokens_per_year"].value <= 0


def serves_nothing(result: SizingResult) -> bool:
    """`nothing_served` of a sized plan."""
    return nothing_served(result.figures)


def break_even_beyond_capacity(result: SizingResult) -> bool:
    """Owning would be cheaper only above the volume this hardware serves within targets."""
    if "break_even_duty_cycle" not in result.figures:
        return False
    return serves_nothing(result) or result.value("break_even_duty_cycle") > 1


def yearly_text(usd: float) -> str:
    """A yearly sum as every figure in USD/year reads: ``$174 k/year`` (the budget's swings,
    goal-seeks and the serving comparison write theirs so, never "$174 k a year")."""
    return with_unit(usd, "USD/year")


def shown_value(result: SizingResult, name: str) -> float | None:
    """``name``'s value where a view shows it as a number, None where it shows a dash (a
    figure the plan lacks, or one per volume served when nothing is served): the Scenarios
    tab read "$0/M tokens" where the headline and `size` read "–"."""
    fig = result.figures.get(name)
    if fig is None or (name in PER_SERVED_VOLUME and serves_nothing(result)):
        return None
    return fig.value


def figure_text(result: SizingResult, name: str) -> str:
    """``name``'s value as the planner reads it, with its unit (beside a target it has, with
    the digits that tell the two apart: ``formatting.beside_target``) and its notes after it
    in brackets: ``591 k requests/day (beyond capacity; a same-size model's price)``."""
    text, notes = figure_value_and_notes(result, name)
    return f"{text} ({'; '.join(notes)})" if notes else text


def figure_value_and_notes(result: SizingResult, name: str) -> tuple[str, list[str]]:
    """``figure_text`` in its two parts: the value with its unit, and the notes that qualify
    it (none for a dash), for a view with no room to show them beside it (the window's
    headline cells put them in a footnote)."""
    if name in PER_SERVED_VOLUME and serves_nothing(result):
        return NO_VALUE, []
    if name == "break_even_requests_per_day" and serves_nothing(result):
        return NO_BREAK_EVEN, [SERVES_NOTHING]
    fig = result.figures[name]
    if fig.target is None:
        text = with_unit(fig.value, fig.unit)
    else:
        text = beside_target(fig.value, fig.target, fig.unit)
    notes = []
    if name == "break_even_requests_per_day" and break_even_beyond_capacity(result):
        notes.append(BEYOND_CAPACITY)
    if name == "api_cost_per_year_usd" and offered_requests_priced(result) is not None:
        notes.append(OFFERED_LOAD_PRICED)
    if name in PRICED_BY_THE_API and priced_by_another_model(result):
        notes.append(ANOTHER_MODELS_PRICE)
    if name == "api_embeddings_per_year_usd" and embeddings_priced_by_another_encoder(result):
        notes.append(ANOTHER_ENCODERS_PRICE)
    offered = offered_beside(fig) if name == "requests_per_s" else None
    if offered is not None and with_unit(offered, fig.unit) != text:
        notes.append(f"{with_unit(offered, fig.unit)} offered")
    return text, notes


def offered_requests_priced(result: SizingResult) -> float | None:
    """The requests offered a year the hosted API's yearly cost is priced on, where the plan
    serves none within its targets (`hosted_figures.priced_requests`); None where it is
    priced on the requests served, or no API is compared."""
    fig = result.figures.get("api_cost_per_year_usd")
    if fig is None:
        return None
    offered = [q.value for q in fig.explanation.inputs if q.name == OFFERED_A_YEAR]
    return offered[0] if offered else None


def no_comparable_api(result: SizingResult) -> bool:
    """The catalog has no hosted price for the plan's model or one of its size class, so its
    API figures are left out (`hosted_api`): a view showing their places says why."""
    return any(w.code == "api-none-comparable" for w in result.warnings)


def priced_by_another_model(result: SizingResult) -> bool:
    """The catalog has no hosted price for the plan's model, so the API figures are another
    model's of its size class: said beside each, not only in a warning below the fold."""
    return any(w.code == "api-same-size-model" for w in result.warnings)


def embeddings_priced_by_another_encoder(result: SizingResult) -> bool:
    """The catalog has no hosted price for the plan's encoder, so the hosted embeddings are
    priced at another encoder's of its class: said beside the figure, as for the answers."""
    return any(w.code == "embeddings-api-same-size-model" for w in result.warnings)
