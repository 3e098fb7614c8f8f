"""Whether the engine release a plan names came out before its model: such a release cannot
load the model (its architecture, tokenizer or layers were written later), so the plan sizes
a pairing nobody can run."""

from __future__ import annotations

from aisle_desktop.catalog import EngineSpec, ModelSpec
from aisle_desktop.sizing.planning.result import PlanWarning


def engine_older_than_model(engine: EngineSpec, model: ModelSpec) -> PlanWarning | None:
    """A warning naming both dates when the release predates the model's publication; None
    when it does not, or when the catalog records either date not."""
    release = engine.release
    if release is None or model.published is None or release.date >= model.published:
        return None
    return PlanWarning(
        code="engine-older-than-model",
        severity="warning",
        message=f"{engine.name} {release.version} came out on {release.date:%Y-%m-%d}, before "
        f"{model.name} was published on {model.published:%Y-%m-%d}: a release older than the "
        "model cannot serve it. Choose a newer release; the figures assume the engine runs it.",
    )
