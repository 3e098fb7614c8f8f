"""The weights a scenario takes when its model changes, and what sizing at a precision other
than the checkpoint's asks of the team (`plan.checkpoint_precision`)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import (
    checkpoint_line,
    checkpoint_note,
    precision_for_model,
    weights_stored,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("old", "new", "plan", "taken"),
    [
        # A quantized checkpoint at another precision: its own (converting it sizes nothing
        # anyone would run).
        ("llama-3.1-70b", "gpt-oss-120b", "fp8", "mxfp4"),
        ("llama-3.1-70b", "deepseek-v3", "bf16", "fp8"),
        ("llama-3.1-70b", "nemotron-3.5-lightning-30b-a3b", "fp8", "fp4"),
        # The plan followed the old checkpoint: it follows the new one.
        ("gpt-oss-120b", "llama-3.1-70b", "mxfp4", "bf16"),
        ("deepseek-v3", "kimi-k2.5", "fp8", "int4"),
        # The planner quantizes 16-bit weights, or asks what the checkpoint ships: kept.
        ("llama-3.1-70b", "llama-3.1-8b", "fp8", "fp8"),
        ("llama-3.1-70b", "qwen3-32b", "int4", "int4"),
        ("llama-3.1-70b", "deepseek-v3", "fp8", "fp8"),
        ("llama-3.1-70b", "llama-2-7b", "bf16", "bf16"),  # FP16 weights cast on load
        ("llama-3.1-70b", "no-such-model", "fp8", "fp8"),
    ],
)
def test_weights_follow_the_checkpoint_unless_the_planner_quantizes(
    catalog: Catalog, old: str, new: str, plan: str, taken: str
) -> None:
    assert precision_for_model(catalog, old, new, plan) == taken


def test_no_note_when_the_plan_sizes_the_weights_as_published(catalog: Catalog) -> None:
    assert checkpoint_note(catalog, "deepseek-v3", "fp8") is None
    assert checkpoint_note(catalog, "llama-2-7b", "bf16") is None  # FP16, served at 16 bits
    assert checkpoint_note(catalog, "no-such-model", "bf16") is None


def test_widening_a_quantized_checkpoint_says_the_memory_it_costs(catalog: Catalog) -> None:
    """gpt-oss-120b at BF16 takes 233.7 GB against the 65.2 GB its MXFP4 checkpoint holds
    (experts at 4.25 bits a weight, scales included; attention and tables at BF16): 3.6 times."""
    note = checkpoint_note(catalog, "gpt-oss-120b", "bf16")
    assert note == (
        "gpt-oss-120b ships MXFP4 weights; this plan sizes them at BF16, which needs them "
        "converted to BF16 first: 3.6 times the weight memory of what the maker published, "
        "for no accuracy the MXFP4 weights lack. Set the weights to MXFP4 to size the "
        "checkpoint as shipped."
    )


def test_quantizing_says_who_does_it(catalog: Catalog) -> None:
    fp8 = checkpoint_note(catalog, "llama-3.1-70b", "fp8")
    assert fp8 == (
        "Llama 3.1 70B ships BF16 weights; this plan sizes them at FP8: the engine quantizes "
        "them to FP8 as it loads them, or an FP8 export is made from them (NVIDIA ModelOpt), "
        "with the accuracy risk of FP8 weights. nvidia/Llama-3.1-70B-Instruct-FP8 is "
        "published at FP8."
    )
    eight = checkpoint_note(catalog, "llama-3.1-8b", "fp8")  # no export in the catalog
    assert eight is not None and eight.endswith("risk of FP8 weights.")
    four = checkpoint_note(catalog, "llama-3.1-70b", "int4")
    assert four is not None and "a 4-bit export must be made from them (AWQ, GPTQ" in four
    again = checkpoint_note(catalog, "deepseek-v3", "int4")
    assert again is not None and "quantized again from FP8" in again
    nvfp4 = checkpoint_note(catalog, "deepseek-v3.2", "fp4")
    assert nvfp4 == (
        "DeepSeek-V3.2 ships FP8 weights; this plan sizes them at FP4: "
        "nvidia/DeepSeek-V3.2-NVFP4 is published at FP4, an export of its own beside the "
        "maker's FP8 checkpoint, with its own accuracy to check. Set the weights to FP8 to "
        "size the checkpoint as shipped."
    )
    # NVFP4 from INT4 is another 4-bit format, not a wider one: QA read Kimi K2.5 at FP4 as
    # "needs it converted, 1.0 times the weight memory"; NVIDIA publishes that export.
    kimi = checkpoint_note(catalog, "kimi-k2.5", "fp4")
    assert kimi is not None and "times the weight memory" not in kimi
    assert "nvidia/Kimi-K2.5-NVFP4 is published at FP4, an export of its own" in kimi


def test_the_line_under_weights_says_what_is_held_and_why(catalog: Catalog) -> None:
    assert checkpoint_line(catalog, "gpt-oss-120b", "mxfp4") == (
        "MXFP4, as gpt-oss-120b's checkpoint ships. Held in memory: routed experts at MXFP4; "
        "attention, embeddings, LM head at BF16 (as openai/gpt-oss-120b's config lists them)."
    )
    assert checkpoint_line(catalog, "llama-2-7b", "bf16") == (
        "BF16: Llama 2 7B's checkpoint ships FP16, cast as it loads."
    )
    assert checkpoint_line(catalog, "deepseek-v3", "int4") == (
        "The checkpoint ships FP8: INT4 needs it quantized again (why: in the results). Held in "
        "memory: routed experts, shared and dense MLPs, attention at INT4; embeddings, LM head "
        "at BF16 (the plan quantizes every linear layer to INT4)."
    )
    assert checkpoint_line(catalog, "llama-3.1-70b", "int4") == (
        "The checkpoint ships BF16: INT4 needs an export made from it (why: in the results). "
        "Held in memory: MLPs, attention at INT4; embeddings, LM head at BF16 (the plan "
        "quantizes every linear layer to INT4)."
    )
    assert checkpoint_line(catalog, "no-such-model", "fp8") == ""


def test_a_published_export_at_the_plans_precision_is_named_once(catalog: Catalog) -> None:
    """The walk: Llama 3.1 70B at FP8 read "the engine quantizes it" beside "taken as uniform:
    nvidia/...-FP8's config lists no precision by component", two stories of where the FP8
    weights come from. Either serves the same parts, and the split is said to be assumed."""
    assert checkpoint_line(catalog, "llama-3.1-70b", "fp8") == (
        "nvidia/Llama-3.1-70B-Instruct-FP8 is published at FP8; the checkpoint ships BF16 "
        "(why: in the results). Held in memory: MLPs, attention at FP8; embeddings, LM head at "
        "BF16 (assumed)."
    )
    assert checkpoint_line(catalog, "deepseek-v3.2", "fp4") == (
        "nvidia/DeepSeek-V3.2-NVFP4 is published at FP4; the checkpoint ships FP8 (why: in "
        "the results). Held in memory: routed experts, shared and dense MLPs, attention at FP4; "
        "embeddings, LM head at BF16 (assumed)."
    )
    # NVIDIA's FP8 export of Llama 3.1 405B, whose model card says what it quantized (QA: a
    # TensorRT-LLM plan read "the engine quantizes it").
    assert checkpoint_line(catalog, "llama-3.1-405b", "fp8") == (
        "nvidia/Llama-3.1-405B-Instruct-FP8 is published at FP8; the checkpoint ships BF16 "
        "(why: in the results). Held in memory: attention and MLPs at FP8; embeddings, LM head "
        "at BF16 (per its model card)."
    )
    assert weights_stored(catalog, "llama-3.1-405b", "fp8").endswith(
        "(as nvidia/Llama-3.1-405B-Instruct-FP8's model card states)"
    )
    # A model quantized by the plan with no export published names none.
    assert "is served" not in checkpoint_line(catalog, "llama-3.1-8b", "fp8")


def test_each_part_is_named_with_its_precision_and_whence(catalog: Catalog) -> None:
    assert weights_stored(catalog, "kimi-k2.5", "int4") == (
        "routed experts at INT4; shared and dense MLPs, attention, embeddings, LM head at BF16 "
        "(as moonshotai/Kimi-K2.5's config lists them)"
    )
    assert weights_stored(catalog, "kimi-k2.5", "fp4") == (
        "routed experts, shared and dense MLPs at FP4; attention, embeddings, LM head at BF16 "
        "(as nvidia/Kimi-K2.5-NVFP4's config lists them)"
    )
    # a plan that quantizes gpt-oss to FP8 takes its BF16 attention down with the experts
    assert weights_stored(catalog, "gpt-oss-120b", "fp8") == (
        "routed experts, attention at FP8; embeddings, LM head at BF16 (the plan quantizes "
        "every linear layer to FP8)"
    )
    # NVIDIA's DeepSeek-V3.2 NVFP4 ships no quantization_config: the split is said assumed,
    # and by whose config, wherever the line is read alone (`size`, the report)
    assert weights_stored(catalog, "deepseek-v3.2", "fp4").endswith(
        "(assumed: nvidia/DeepSeek-V3.2-NVFP4's config does not list them)"
    )
    assert weights_stored(catalog, "llama-3.1-70b", "bf16") == "all BF16"
