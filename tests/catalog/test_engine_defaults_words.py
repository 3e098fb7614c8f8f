"""What an engine release runs with on a GPU when nobody sets its batch limits, in the words
the window, `size` and the report share."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, engine_defaults_words


@pytest.mark.parametrize(
    ("engine_id", "version", "gpu_id", "words"),
    [
        (
            "vllm",
            None,
            "l40s",
            "256 requests at once, 2,048 tokens a step "
            "(its defaults on GPUs under 70 GiB and on A100)",
        ),
        (
            "vllm",
            "0.19.0",
            "a100-80gb-sxm",
            "256 requests at once, 2,048 tokens a step "
            "(its defaults on GPUs under 70 GiB and on A100)",
        ),
        (
            "vllm",
            None,
            "h100-sxm",
            "1,024 requests at once, 8,192 tokens a step (its defaults on GPUs of 70 to 160 GiB)",
        ),
        (
            "vllm",
            "0.24.0",
            "b200",
            "1,024 requests at once, 8,192 tokens a step (its defaults on GPUs of 70 GiB and more)",
        ),
        (
            "vllm",
            None,
            "b200",
            "1,024 requests at once, 16,384 tokens a step "
            "(its defaults on GPUs of 160 GiB and more)",
        ),
        ("vllm", "0.6.3", "l40s", "256 requests at once, 512 tokens a step (its defaults)"),
        (
            "tensorrt-llm",
            None,
            "h200-sxm",
            "2,048 requests at once, 8,192 tokens a step (its defaults)",
        ),
    ],
)
def test_the_defaults_are_named_with_the_gpus_they_apply_to(
    catalog: Catalog, engine_id: str, version: str | None, gpu_id: str, words: str
) -> None:
    assert engine_defaults_words(catalog, engine_id, version, gpu_id) == words


def test_an_id_the_catalog_lacks_says_nothing(catalog: Catalog) -> None:
    """A plan naming a GPU or engine this catalog lacks is refused elsewhere, by name."""
    assert engine_defaults_words(catalog, "vllm", None, "lab-gpu") == ""
    assert engine_defaults_words(catalog, "lab-engine", None, "l40s") == ""
