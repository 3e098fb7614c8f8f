"""Which TensorRT-LLM release a disaggregated line ran when its version is NVIDIA Dynamo's.

aiconfigurator's disaggregated TensorRT-LLM runs were served through NVIDIA Dynamo, and some
of its lines name Dynamo's release instead of the engine's: "0.8.1.post1", "0.5.1-rc0.pre3",
"1.1.0-dev.2". Read as TensorRT-LLM versions they would be the 2024 TensorRT engine-build
flow, which ran neither DeepSeek-R1 nor FP4 nor Kimi-K2.5, all of which these lines serve.
Two signs tell a Dynamo version apart on a TensorRT-LLM line measured in 2025-26: a number
below 1.0 (TensorRT-LLM reached 1.0 in September 2025, before these measurements), or a
hyphenated pre-release ("-rc0.pre3", "-dev.2"; TensorRT-LLM writes "1.2.0rc6", Dynamo writes
its early-access builds "vX.Y.Z-<model>-dev.N"). Such a version is mapped to the TensorRT-LLM
release that Dynamo release shipped, from Dynamo's support matrix
(https://docs.nvidia.com/dynamo/v-0-9-1/getting-started/support-matrix.md, read 2026-12-04;
ai-dynamo/dynamo pull requests 2930 and 5932).
"""

from __future__ import annotations

from collections.abc import Mapping

from aisle_desktop.catalog import version_key

DISAGGREGATED_KIND = "aic_disagg"
FIRST_ONE_X = (1, 0)

# Dynamo release (its numbers, without pre-release or post suffix beyond the patch's .postN)
# -> the TensorRT-LLM release it ships.
DYNAMO_TENSORRT_LLM: Mapping[str, str] = {
    # Support matrix: v0.8.0 and v0.8.1 (and .post1) ship 1.2.0rc6.post1; .post2 and .post3
    # (TRT-LLM container and wheels only) 1.2.0rc6.post2 and 1.2.0rc6.post3 (PR 5932 fixed
    # the swap of post1 and post2 in the table).
    "0.8.1": "1.2.0rc6.post1",
    "0.8.1.post1": "1.2.0rc6.post1",
    "0.8.1.post2": "1.2.0rc6.post2",
    "0.8.1.post3": "1.2.0rc6.post3",
    # Dynamo moved its pin from 1.0.0rc6 to 1.1.0rc1 on 2025-09-08 (PR 2930), ahead of 0.5.1;
    # v0.6.0 shipped 1.1.0rc5.
    "0.5.1": "1.1.0rc1",
    # Dynamo 1.1.x ships 1.3.0rc11 (v1.1.1 in the support matrix; 1.1.0's early-access model
    # builds carry the "-dev.N" suffix).
    "1.1.0": "1.3.0rc11",
}


def _dynamo_base(version: str) -> str:
    """ "0.5.1-rc0.pre3" -> "0.5.1", "1.1.0-dev.2" -> "1.1.0", "0.8.1.post2" unchanged."""
    return version.split("-", 1)[0]


def names_dynamo(engine_id: str, version: str, kind: str | None) -> bool:
    """Whether a TensorRT-LLM line's version is Dynamo's (see the module's reasons)."""
    if engine_id != "tensorrt-llm" or kind != DISAGGREGATED_KIND:
        return False
    key = version_key(_dynamo_base(version))
    return "-" in version or (key is not None and key[:2] < FIRST_ONE_X)


def engine_release_of(engine_id: str, version: str | None, kind: str | None) -> str | None:
    """The engine's own release for a line's version: the Dynamo mapping when the version is
    Dynamo's and known; else the version as written. An unknown Dynamo release reads as the
    newest engine release (None), never as a 2024 one."""
    if version is None or not names_dynamo(engine_id, version, kind):
        return version
    return DYNAMO_TENSORRT_LLM.get(version, DYNAMO_TENSORRT_LLM.get(_dynamo_base(version)))
