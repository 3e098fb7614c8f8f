"""The 2025-26 lines that name no release, or a build without a release number, are read as
the release each engine had when aiconfigurator's runs were last measured (2026-04-06), not as
the newest the catalog lists: a later release's defaults (vLLM 0.28 doubled the server's token
budget, which no run used) must not move their predictions (docs/calibration.md, "Engine
releases after the 2025-26 measurements")."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, EngineSpec, engine_release
from aisle_desktop.sizing.validation.measurement_kinds import release_measured


@pytest.mark.parametrize(
    ("engine_id", "version", "kind", "measured"),
    [
        ("vllm", None, "aic_agg", "0.19"),  # not 0.32, the newest listed
        ("tensorrt-llm", None, "aic_agg", "1.2"),
        ("sglang", None, "aic_agg", "0.5"),
        ("tensorrt-llm", None, "aic_disagg", "1.2"),
        ("vllm", "nightly-5b8c30d62b754b57", "aic_agg", "0.19"),  # a nightly of March 2026
        ("tensorrt-llm", "gpt-oss-dev", "aic_agg", "1.2"),
        ("vllm", "0.18.0", "aic_agg", "0.18.0"),  # a named release is kept
        ("tensorrt-llm", "1.3.0rc5", "aic_agg", "1.3.0rc5"),
        ("tensorrt-llm", "0.8.1.post2", "aic_disagg", "1.2.0rc6.post2"),  # Dynamo's, mapped
        ("vllm", None, "concurrency_sweep", "0.6"),  # the published set: as of 2025-06-30
        ("vllm", None, None, None),  # a planner's own line: the newest
        ("vllm", "nightly-5b8c30d62b754b57", None, "nightly-5b8c30d62b754b57"),
    ],
)
def test_a_line_is_read_as_the_release_current_when_its_source_measured(
    catalog: Catalog, engine_id: str, version: str | None, kind: str | None, measured: str | None
) -> None:
    assert release_measured(catalog.engine(engine_id), version, kind) == measured


def test_a_release_added_later_with_other_defaults_leaves_the_runs_as_they_were(
    catalog: Catalog,
) -> None:
    """A vLLM release dated after 2026-04-06 with a 16,384-token budget (as 0.28's pull request
    51726 sets) is the newest, yet the runs that name no release keep 0.19's 8,192."""
    data = catalog.engine("vllm").model_dump(mode="json", exclude={"origin"})
    later = {
        "version": "0.40",
        "date": "2026-11-30",
        "label": "vLLM 0.40",
        "settings": {"max_num_batched_tokens": 16384},
        "sources": ["https://github.com/vllm-project/vllm/releases"],
    }
    vllm = EngineSpec.model_validate({**data, "releases": [*data["releases"], later]})
    assert engine_release(vllm, None).max_num_batched_tokens == 16384
    for version in (None, "nightly-5b8c30d62b754b57"):
        measured = release_measured(vllm, version, "aic_agg")
        assert measured == "0.19"
        assert engine_release(vllm, measured).max_num_batched_tokens == 8192
