"""Why the scenario on screen has no figures, in the words of the field that would fix it.

The sizing thread says what failed ('unknown model id "my-llama": did you mean ...'); when the
cause is an id neither this machine's catalog nor the plan holds, the planner is better served
by the field's own label and what to do there than by the look-up's wording.
"""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, unknown_entries
from aisle_desktop.ui.user_catalog_read import waiting_line

# Each kind of catalog id a scenario names, by the label of the field that chooses it.
FIELD_OF_KIND = {
    "model": "Model",
    "engine": "Engine",
    "precision": "Weights",
    "KV precision": "KV cache",
    "GPU": "GPU",
    "server": "Server",
    "embedding model": "Encoder",
    "encoder server": "Encoder GPUs",
    "hosted API": "Hosted API",
}


def not_sized_reason(
    catalog: Catalog, scenario: Scenario, message: str, pending: Path | None = None
) -> str:
    """`Model: "my-llama" is not in this catalog or the plan; choose one, or add it to your
    catalog` for an unknown id (each named); else the sizing thread's own message. While the
    user's catalog folder `pending` is still being read, the id may be there: it waits."""
    unknown = unknown_entries(catalog, scenario)
    if not unknown:
        return message
    named = "; ".join(f'{FIELD_OF_KIND.get(kind, kind)}: "{wanted}"' for kind, wanted in unknown)
    if pending is not None:
        return (
            f"{named} {'is' if len(unknown) == 1 else 'are'} not in the shipped catalog or the "
            f"plan; {waiting_line(pending, len(unknown))}"
        )
    return (
        f"{named} {'is' if len(unknown) == 1 else 'are'} not in this catalog or the plan; "
        "choose another in the field, or add the entry to your own catalog"
    )
