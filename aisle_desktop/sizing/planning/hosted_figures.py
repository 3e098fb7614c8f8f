"""What the plan's load would cost on a hosted API, and above what volume owning is cheaper.

Like for like: owning's yearly cost carries an embeddings workload's encoder GPUs, so the
hosted side pays for the same embeddings (`hosted_embeddings`) beside the answers. The
embeddings cost the same whatever the number of answers (the plan's queries and corpus are
its own figures), so they lower the break-even: owning is cheaper above (TCO - hosted
embeddings a year) / API cost per request.

The API is priced on the requests the plan serves within its targets, like for like with
owning's cost of serving them. A plan that serves none of them still has the load it was asked
to carry, and a planner's first question, "is a hosted API cheaper?", is asked of that load: it
is priced on the requests offered (its explanation says so), never shown as "–" or $0.
"""

from __future__ import annotations

from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.explain import Figure, figure
from aisle_desktop.sizing.planning.cost import (
    api_cost_per_request_usd,
    break_even_requests_per_year,
)
from aisle_desktop.sizing.planning.demand import SECONDS_PER_HOUR
from aisle_desktop.sizing.planning.hosted_embeddings import hosted_embeddings_figures
from aisle_desktop.sizing.planning.plan_prices import Prices

# An API's cost of one request reads with what it is paid for: "$0.00199/request".
PER_REQUEST = "USD/request"
# The requests the API is priced on: those served within the targets, or, where the plan
# serves none, those offered (`priced_requests`).
SERVED_A_YEAR = "requests served a year"
OFFERED_A_YEAR = "requests offered a year"
# The inputs Aisle works out from the plan's tokens, load and prices, read to three figures
# (`Quantity.worked_out`); the prices themselves read as the catalog or the planner gave them.
WORKED_OUT = ("API cost per request", SERVED_A_YEAR, OFFERED_A_YEAR, "hosted embeddings a year")
# Said in the yearly cost's formula where the load offered is priced (before the API's name
# in brackets, which `words.api_name` reads: no bracket here).
NONE_SERVED = (
    ": the plan as bought serves none of them within its latency targets, so the load offered "
    "is priced, not the load served"
)
# The break-even's formula where the plan serves none of its load within its targets.
NO_BREAK_EVEN = (
    "no break-even: the plan as bought serves none of the load within its latency targets; the "
    "API would cost as much as owning at"
)


def _answers_only(scenario: Scenario, prices: Prices) -> str:
    """What the hosted side leaves out of a plan with an embeddings workload no hosted encoder
    prices: its own cost counts the encoder GPUs, the API's the answers alone (words.api_name
    reads the API's name from the brackets after this, so no bracket here)."""
    if scenario.workload.embeddings is None or prices.embeddings_api is not None:
        return ""
    return ", the answers only: the embeddings are not priced on the hosted side"


def priced_requests(served_a_year: float, offered_a_year: float) -> tuple[str, float]:
    """The requests a year the hosted API is priced on, by name: those served within the
    targets; those offered where none is served (walk42: DeepSeek-V3 with 32 k-token prompts
    on H100 at a 1 s TTFT target read "Hosted API, same load, a year: –")."""
    if served_a_year > 0 or offered_a_year <= 0:
        return SERVED_A_YEAR, served_a_year
    return OFFERED_A_YEAR, offered_a_year


def hosted_api_figures(
    scenario: Scenario,
    prices: Prices,
    tco: float,
    requests_a_year: tuple[float, float],
    capacity_rate: float,
    hours: float,
) -> dict[str, Figure]:
    """The hosted API's cost of the requests a year (served, offered: `priced_requests`
    picks) and of the plan's embeddings, its cost per request, and the break-even against
    owning's `tco`, by volume a day and as a share of the `capacity_rate` over the `hours` a
    year. None without an API compared."""
    if not prices.api_compared:  # no hosted price to compare: no API figures at $0
        return {}
    inp, out = scenario.workload.prompt.input_tokens, scenario.workload.output_tokens
    load = scenario.workload.load
    per_request = api_cost_per_request_usd(
        inp, out, prices.api_input_usd_per_mtok, prices.api_output_usd_per_mtok
    )
    emb = scenario.workload.embeddings
    embeddings = (
        hosted_embeddings_figures(emb, hours, prices.embeddings_api)
        if emb is not None and prices.embeddings_api is not None
        else {}
    )
    embeddings_usd = embeddings["api_embeddings_per_year_usd"].value if embeddings else 0.0
    # What the answers must outweigh: owning's cost less what the embeddings cost hosted.
    to_break_even = max(0.0, tco - embeddings_usd)
    capacity_api_year = capacity_rate * hours * SECONDS_PER_HOUR * per_request
    break_even = break_even_requests_per_year(to_break_even, per_request)
    return {
        **embeddings,
        "api_cost_per_year_usd": _api_year(
            scenario, prices, priced_requests(*requests_a_year), per_request, embeddings_usd
        ),
        "api_cost_per_request_usd": figure(
            per_request,
            "USD",
            "input × input price + output × output price",
            {"input tokens": (inp, "tokens"), "output tokens": (out, "tokens")},
            worked=(
                "sum",
                {
                    f"{inp:,} input tokens × ${prices.api_input_usd_per_mtok:g}/M": (
                        inp * prices.api_input_usd_per_mtok / 1e6,
                        "USD",
                    ),
                    f"{out:,} output tokens × ${prices.api_output_usd_per_mtok:g}/M": (
                        out * prices.api_output_usd_per_mtok / 1e6,
                        "USD",
                    ),
                },
            ),
        ),
        "break_even_requests_per_day": _break_even_a_day(
            tco,
            embeddings_usd,
            to_break_even,
            per_request,
            break_even,
            load.days_per_year,
            none_served=requests_a_year[0] <= 0,
        ),
        "break_even_duty_cycle": figure(
            to_break_even / capacity_api_year if capacity_api_year else 0.0,
            "share",
            f"{_owning_less_embeddings(embeddings_usd)} / API cost of the plan's full capacity "
            "within targets over its hours a year",
            {
                "TCO": (tco, "USD/year"),
                **_embeddings_input(embeddings_usd),
                "capacity": (capacity_rate, "requests/s"),
                "hours a year": (hours, "h"),
                "API cost per request": (per_request, PER_REQUEST),
            },
            worked=(
                "ratio",
                {
                    _owning_term(embeddings_usd): (to_break_even, "USD/year"),
                    "API cost of full capacity a year": (capacity_api_year, "USD/year"),
                },
            )
            if capacity_api_year
            else ("sum", {"no API cost to compare with": (0.0, "share")}),
            worked_out=WORKED_OUT,
        ),
    }


def _owning_less_embeddings(embeddings_usd: float) -> str:
    return "(TCO - hosted embeddings a year)" if embeddings_usd else "TCO"


def _owning_term(embeddings_usd: float) -> str:
    return "yearly TCO - hosted embeddings a year" if embeddings_usd else "yearly TCO"


def _embeddings_input(embeddings_usd: float) -> dict[str, tuple[float, str]]:
    return {"hosted embeddings a year": (embeddings_usd, "USD/year")} if embeddings_usd else {}


def _api_year(
    scenario: Scenario,
    prices: Prices,
    priced: tuple[str, float],
    per_request: float,
    embeddings_usd: float,
) -> Figure:
    """The hosted API's yearly cost: the answers `priced` (requests served a year, or
    offered), and the embeddings where priced."""
    requests, requests_per_year = priced
    answers_usd = requests_per_year * per_request
    none_served = NONE_SERVED if requests == OFFERED_A_YEAR else ""
    inputs = {
        requests: (requests_per_year, "requests"),
        "API cost per request": (per_request, PER_REQUEST),
        "API input price": (prices.api_input_usd_per_mtok, "USD/M tokens"),
        "API output price": (prices.api_output_usd_per_mtok, "USD/M tokens"),
    }
    if not embeddings_usd:
        return figure(
            answers_usd,
            "USD/year",
            f"{requests} × API cost per request{_answers_only(scenario, prices)}{none_served} "
            f"({prices.api_name})",
            inputs,
            worked=(
                "product",
                {
                    requests: (requests_per_year, "requests"),
                    "API cost per request": (per_request, "USD"),
                },
            ),
            worked_out=WORKED_OUT,
        )
    return figure(
        answers_usd + embeddings_usd,
        "USD/year",
        f"{requests} × API cost per request + hosted embeddings a year{none_served} "
        f"({prices.api_name})",
        {**inputs, "hosted embeddings a year": (embeddings_usd, "USD/year")},
        worked=(
            "sum",
            {
                f"answers: {requests} × API cost per request": (
                    answers_usd,
                    "USD/year",
                ),
                "hosted embeddings a year": (embeddings_usd, "USD/year"),
            },
        ),
        worked_out=WORKED_OUT,
    )


def _break_even_a_day(
    tco: float,
    embeddings_usd: float,
    to_break_even: float,
    per_request: float,
    break_even: float,
    days: float,
    none_served: bool,
) -> Figure:
    """Requests a day above which owning is cheaper than the hosted API. Where the plan
    serves none of its load within its targets (`none_served`) there is none, said first in
    its formula, and the same arithmetic is named for what it is, the volume at which the API
    would cost what owning does: under the headline's "no break-even" its "why" read "owning
    is cheaper above ... = 34.1 k requests/day" (walk42's case), nothing saying the plan
    serves none of it."""
    lead = NO_BREAK_EVEN if none_served else "owning is cheaper above"
    return figure(
        break_even / days if break_even != float("inf") else 0.0,
        "requests/day",
        f"{lead} {_owning_less_embeddings(embeddings_usd)} / API cost per request, spread over "
        "the days a year",
        {
            "TCO": (tco, "USD/year"),
            **_embeddings_input(embeddings_usd),
            "API cost per request": (per_request, PER_REQUEST),
            "days a year": (days, "days"),
        },
        worked=(
            "ratio",
            {
                _owning_term(embeddings_usd): (to_break_even, "USD/year"),
                "API cost per request": (per_request, "USD"),
                "days a year": (days, "days"),
            },
        )
        if break_even != float("inf")
        else ("sum", {"no API cost to break even with": (0.0, "requests/day")}),
        worked_out=WORKED_OUT,
    )
