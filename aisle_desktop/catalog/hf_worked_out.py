"""A parameter total no catalog entry takes, refused by the config's keys it was worked out from.

The totals (total, active, feed-forward and routed-expert parameters) are products of a
config's numbers, each within what the catalog takes of its kind (`key_ceiling`), together
past what any model is: a DeepSeek-V3 config with 100,000 routed experts. They were refused as
"field total_params_b: must be at most 100,000", a field no config holds; now by the keys
that weigh most: those nearest the most their kind may be (for a total too large), or
farthest below it (too small).
"""

from __future__ import annotations

from pydantic_core import ErrorDetails

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.hf_key_ceilings import key_ceiling
from aisle_desktop.catalog.hf_keys import Keys

# The catalog's fields Aisle works out from a config's numbers, in a planner's words.
WORKED_OUT = {
    "total_params_b": "total parameters",
    "active_params_b": "active parameters",
    "feed_forward_params_b": "feed-forward parameters",
    "moe.routed_expert_params_b": "routed experts' parameters",
}
# How many keys a refusal names: the few that weigh most, not every number read.
KEYS_NAMED = 2


def worked_out_refusal(keys: Keys, item: ErrorDetails) -> CatalogError | None:
    """``config.json: keys n_routed_experts 100,000 and hidden_size 7,168 give total
    parameters of 2.55e+05 billion, more than the 100,000 billion a catalog entry takes``;
    None where ``item`` is not about a worked-out total."""
    what = WORKED_OUT.get(".".join(str(part) for part in item["loc"]))
    if what is None or not keys.numbers_read:
        return None
    bound = next(iter(item.get("ctx", {}).values()), None)
    too_large = item["type"].startswith("less_than")

    def weight(named: tuple[str, int]) -> float:
        name, value = named
        return value / key_ceiling(name.rsplit(".", 1)[-1])

    ranked = sorted(keys.numbers_read.items(), key=weight, reverse=too_large)[:KEYS_NAMED]
    named = " and ".join(f"{name} {value:,}" for name, value in ranked)
    plural = "s" if len(ranked) > 1 else ""
    limit = (
        f"more than the {_billions(bound)}" if too_large else f"less than the {_billions(bound)}"
    )
    return CatalogError(
        f"{keys.label}: key{plural} {named} give{'' if plural else 's'} {what} of "
        f"{_billions(item.get('input'))}, {limit} a catalog entry takes"
    )


def _billions(value: object) -> str:
    """``255,475 billion``, ``0.001 billion``: a count of parameters in billions as the
    catalog holds it, whole from one billion up."""
    if not isinstance(value, (int, float)):
        return f"{value} billion"
    return f"{value:,.0f} billion" if value >= 1 else f"{value:.4g} billion"
