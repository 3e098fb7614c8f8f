"""The sentence on the hosted API that follows the recommendation, whichever costs less.

The recommendation picks among the plans to own. Where the hosted API would serve the same
load for less, the planner should know by how much and why owning may still be the choice;
where owning is cheaper, by how much and below what volume the API would win (QA: page 1
said nothing of the API when owning won, though a drop in the load can hand it the lead).
Where the plan serves nothing within its targets, what the load offered would cost hosted
(`offered_load_on_the_api`): the planner's first question has an answer even then.
The report's first page and `size FILE`'s recommendation say it in the same words.
"""

from __future__ import annotations

from html import escape

from aisle_desktop.formatting import percent, with_unit
from aisle_desktop.report.words import api_name, embeddings_api_name
from aisle_desktop.sizing import SizingResult, figure_text
from aisle_desktop.sizing.planning import (
    OFFERED_LOAD_PRICED,
    break_even_beyond_capacity,
    figure_value_and_notes,
    offered_requests_priced,
    serves_nothing,
    yearly_text,
)

# Where the plan serves nothing within its targets, before what the load offered costs hosted.
NO_BREAK_EVEN_SENTENCE = (
    "The plan as bought serves no request within its latency targets, so owning has no cost "
    "per token and no break-even against a hosted API."
)


def against_the_api(result: SizingResult) -> str:
    """The sentence for ``result``, the recommended plan: which costs less and by how much,
    or that no hosted API is compared; where it serves nothing, that it has no break-even and
    what the load offered would cost hosted."""
    if "api_cost_per_year_usd" not in result.figures:
        return no_api_compared(result)
    if serves_nothing(result):
        return f"{NO_BREAK_EVEN_SENTENCE} {offered_load_on_the_api(result)}".rstrip()
    api, owning = result.value("api_cost_per_year_usd"), result.value("tco_per_year_usd")
    return _api_cheaper(result) if api < owning else _owning_cheaper(result)


def _api_cheaper(result: SizingResult) -> str:
    api, owning = result.value("api_cost_per_year_usd"), result.value("tco_per_year_usd")
    pays = (
        "only where prompts and answers must stay on site: even fully used, this hardware "
        "costs more a request"
        if break_even_beyond_capacity(result)
        else "where prompts and answers must stay on site, or above "
        f"{figure_text(result, 'break_even_requests_per_day')}"
    )
    return (
        f"The hosted API {api_name(result)} would serve the same load for "
        f"{figure_text(result, 'api_cost_per_year_usd')}{embeddings_there(result)}, "
        f"{yearly_text(owning - api)} less than "
        f"owning: owning pays {pays}."
    )


def _owning_cheaper(result: SizingResult) -> str:
    """Owning's lead over the API a year, and the volume below which the API would cost
    less (`owning_share_of_api` of the planned load)."""
    api, owning = result.value("api_cost_per_year_usd"), result.value("tco_per_year_usd")
    return (
        f"Owning costs {yearly_text(api - owning)} less than the hosted API "
        f"{api_name(result)}, which would serve the same load for "
        f"{figure_text(result, 'api_cost_per_year_usd')}"
        f"{embeddings_there(result)}; the API would cost less below "
        f"{figure_text(result, 'break_even_requests_per_day')}, "
        f"{percent(owning_share_of_api(owning, api), 2)} of the planned load."
    )


def offered_load_on_the_api(result: SizingResult, html: bool = False) -> str:
    """What the load offered would cost on the hosted API, where the plan serves none of it
    within its targets and the API is priced on it (`shown_figures.offered_requests_priced`):
    the volume said, as the figure's explanation works it; empty otherwise. As `html`, escaped
    with the price in bold, as the summary writes every figure it weighs."""
    offered = offered_requests_priced(result)
    if offered is None:
        return ""
    value, notes = figure_value_and_notes(result, "api_cost_per_year_usd")
    others = [n for n in notes if n != OFFERED_LOAD_PRICED]  # "a same-size model's price"
    said = f" ({'; '.join(others)})" if others else ""
    words = (escape, lambda text: f"<b>{escape(text)}</b>") if html else (str, str)
    plain, strong = words
    return (
        plain(f"The load offered, {with_unit(offered, 'requests')} a year, would cost ")
        + strong(value)
        + plain(f"{said} on the hosted API {api_name(result)}{embeddings_there(result)}.")
    )


def no_api_compared(result: SizingResult) -> str:
    """Why no hosted API is compared, where the catalog prices none for the plan's model or
    one of its size class (the agentic-coding preset's Qwen2.5 32B); else empty."""
    if not any(w.code == "api-none-comparable" for w in result.warnings):
        return ""
    return (
        f"No hosted API is compared: the catalog has no hosted price for {result.model_name} "
        "or a model of its size class."
    )


def embeddings_there(result: SizingResult) -> str:
    """What the hosted API's cost holds of an embeddings workload: its embeddings at a hosted
    encoder's price, or, where none is comparable, the answers only; empty without encoders."""
    if "api_embeddings_per_year_usd" in result.figures:
        return (
            f" (the answers, and the embeddings at {embeddings_api_name(result)}: "
            f"{figure_text(result, 'api_embeddings_per_year_usd')})"
        )
    return " (its answers only: the embeddings are not priced there)" if result.encoder_gpus else ""


def owning_share_of_api(owning_usd_per_year: float, api_usd_per_year: float) -> float:
    """The share of the planned load below which the hosted API costs less than owning: the
    API's yearly cost is in proportion to the requests, owning's does not move with them."""
    return owning_usd_per_year / api_usd_per_year
