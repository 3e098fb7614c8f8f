"""Engine releases: which release a version string names, and the engine as that release runs.

A catalog engine lists its releases oldest first; each carries only the defaults it changed
(``EngineRelease.settings``), applied in order on top of the entry's top-level values, which
describe the oldest release. Planners and measurements write versions as engines print them
("0.5.10.post1", "1.0.0rc3", "nightly-5b8c30d"), so matching reads the leading numbers only.
"""

from __future__ import annotations

import datetime

from aisle_desktop.catalog.schema_engine import EngineRelease, EngineSpec
from aisle_desktop.catalog.versions import version_key


def matching_release(engine: EngineSpec, version: str | None) -> EngineRelease | None:
    """The release a version runs: the newest release not newer than it.

    None (no version given) and versions without leading numbers mean the newest release; a
    version older than every release means the oldest. None when the engine lists no release.
    """
    releases = engine.releases
    if not releases:
        return None
    wanted = None if version is None else version_key(version)
    if wanted is None:
        return releases[-1]
    chosen = releases[0]
    for release in releases:
        if release.key <= wanted:
            chosen = release
    return chosen


def engine_release(engine: EngineSpec, version: str | None) -> EngineSpec:
    """The engine with the defaults of the release `version` names (see matching_release).

    The result's ``release`` names the release applied (None for an engine with no releases,
    which is returned as it is).
    """
    chosen = matching_release(engine, version)
    if chosen is None:
        return engine
    update: dict[str, object] = {}
    for release in engine.releases:
        if release.key > chosen.key:
            break
        update.update(release.typed_settings)
    return engine.as_release(update, chosen)


def release_current_on(engine: EngineSpec, day: datetime.date) -> str | None:
    """The version of the engine's newest release out on `day` (the oldest if none was yet);
    None when the engine lists no release. Measurements that name no release were run with
    the one current when they were taken."""
    releases = engine.releases
    if not releases:
        return None
    out = [r for r in releases if r.date <= day]
    return (out[-1] if out else releases[0]).version
