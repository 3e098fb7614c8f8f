"""Every shipped model is dated (when its maker first published the weights) or is on the
list of undated models in catalog/README.md, which says why; the engine-older-than-model
warning depends on it."""

from __future__ import annotations

import re

from aisle_desktop.catalog import Catalog, shipped_catalog_dir

UNDATED_HEADING = "**Models without a `published` date.**"


def undated_in_readme() -> set[str]:
    """The model ids the README's undated list names, one `- \\`id\\`: why` line each."""
    text = (shipped_catalog_dir() / "README.md").read_text(encoding="utf-8")
    block = text.split(UNDATED_HEADING, 1)[1].split("\n\n", 2)[1]
    return set(re.findall(r"^- `([^`]+)`: \S", block, flags=re.MULTILINE))


def test_every_model_is_dated_or_listed_as_undated_with_why(catalog: Catalog) -> None:
    undated = {m.id for m in catalog.models.values() if m.published is None}
    assert undated == undated_in_readme()


def test_the_readme_list_names_the_four_left_undated() -> None:
    assert undated_in_readme() == {
        "e5-large-v2",
        "nomic-embed-text-v1.5",
        "all-minilm-l6-v2",
        "llama-3.3-nemotron-super-49b",
    }


def test_no_model_was_checked_before_it_was_published(catalog: Catalog) -> None:
    """A date after the entry's `as_of` would be a typo: the figures were read from the
    published checkpoint."""
    late = [m.id for m in catalog.models.values() if m.published and m.published > m.as_of]
    assert late == []


def test_dates_read_from_their_sources(catalog: Catalog) -> None:
    """Worked examples: the Qwen3.5 README's news (2026-02-24 for the medium sizes, 2025-09-11
    for Qwen3-Next), the Qwen3-VL README's, and Phi-4's weights on Hugging Face (2025-01-08,
    a month after the Azure-only announcement)."""
    published = {m.id: str(m.published) for m in catalog.models.values()}
    assert published["qwen3.5-122b-a10b"] == "2026-02-24"
    assert published["qwen3-next-80b-a3b"] == "2025-09-11"
    assert published["qwen3-vl-30b-a3b"] == "2025-10-04"
    assert published["phi-4"] == "2025-01-08"
    assert "https://github.com/QwenLM/Qwen3.5" in catalog.models["qwen3-next-80b-a3b"].sources
