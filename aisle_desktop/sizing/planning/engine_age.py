"""Whether the engine release a plan names came out before its model: such a release cannot
load the model (its architecture, tokenizer or layers were written later), so the plan sizes
a pairing nobody can run. When that release is the newest the catalog lists, there is no newer
one to choose: the plan then says its engine defaults are those of a release older than the
model, which the release that serves it may have changed."""

from __future__ import annotations

from aisle_desktop.catalog import EngineSpec, ModelSpec
from aisle_desktop.sizing.planning.result import PlanWarning


def engine_older_than_model(engine: EngineSpec, model: ModelSpec) -> PlanWarning | None:
    """A warning naming both dates when the release predates the model's publication (telling
    the planner to choose a newer release, or, for the newest listed, whose defaults the plan
    uses); None when it does not, or when the catalog records either date not."""
    release = engine.release
    if release is None or model.published is None or release.date >= model.published:
        return None
    if release.key == engine.releases[-1].key:
        return PlanWarning(
            code="newest-release-older-than-model",
            severity="warning",
            message=f"{engine.name} {release.version} ({release.date:%Y-%m-%d}), the newest "
            f"{engine.name} release the catalog lists, came out before {model.name} was "
            f"published on {model.published:%Y-%m-%d}: the plan uses that release's defaults, "
            "which a release that serves the model may have changed.",
        )
    return PlanWarning(
        code="engine-older-than-model",
        severity="warning",
        message=f"{engine.name} {release.version} came out on {release.date:%Y-%m-%d}, before "
        f"{model.name} was published on {model.published:%Y-%m-%d}: a release older than the "
        "model cannot serve it. Choose a newer release; the figures assume the engine runs it.",
    )
