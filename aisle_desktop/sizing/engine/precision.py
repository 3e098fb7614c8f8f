"""Which precisions an engine runs on a GPU, and at what speed.

FP8 tensor cores exist on Hopper, Ada and Blackwell, FP4 on Blackwell only. Elsewhere an engine
may still load such weights and compute at 16 bits (weight-only): memory shrinks, compute does
not speed up. A combination no engine runs is refused with what would work.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, EngineSpec, GpuSpec
from aisle_desktop.sizing.errors import SizingError

SIXTEEN_BIT = ("bf16", "fp16")


@dataclass(frozen=True, slots=True)
class ExecutionMode:
    """How the engine will actually run the weights and KV cache on this GPU."""

    weight_precision: str
    kv_precision: str
    bits_per_weight: float
    kv_bytes_per_element: float
    gemm_peak_flops: float  # dense FLOP/s of the tensor unit the GEMMs use
    weight_only: bool  # weights stored low-bit, multiplied at 16 bits
    eta_mem: float  # share of memory bandwidth reached reading these weights


def _supported_entry(engine: EngineSpec, precision: str) -> tuple[list[str], list[str]]:
    for entry in engine.supported:
        if entry.weight_precision == precision:
            return list(entry.architectures), list(entry.weight_only_architectures)
    return [], []


def _alternatives(engine: EngineSpec, architecture: str) -> list[str]:
    return [
        e.weight_precision
        for e in engine.supported
        if architecture in e.architectures or architecture in e.weight_only_architectures
    ]


def resolve_execution(
    catalog: Catalog,
    engine: EngineSpec,
    gpu: GpuSpec,
    weight_precision: str,
    kv_precision: str | None,
) -> ExecutionMode:
    """Decide native or weight-only execution, or refuse with a message that says why."""
    spec = catalog.precision(weight_precision)
    native, weight_only_archs = _supported_entry(engine, weight_precision)
    arch = gpu.architecture
    if arch not in native and arch not in weight_only_archs:
        others = _alternatives(engine, arch)
        where = ", ".join(native + weight_only_archs) or "no GPU in the catalog"
        raise SizingError(
            f"{engine.name} does not run {weight_precision.upper()} weights on {gpu.name} "
            f"({arch}); it runs them on: {where}. On this GPU it runs: "
            f"{', '.join(p.upper() for p in others) or 'nothing'}"
        )
    tensor_peak = getattr(gpu, spec.compute_tflops_field, None)
    weight_only = arch not in native or tensor_peak is None
    peak_tflops = gpu.bf16_tflops if weight_only else float(tensor_peak or gpu.bf16_tflops)
    low_bit = spec.bits_per_weight < 8
    eta_mem = engine.eta_mem_weight_only_int4 if (weight_only and low_bit) else engine.eta_mem

    kv_id = kv_precision or engine.default_kv_precision_by_weight.get(weight_precision, "fp16")
    kv_spec = catalog.precision(kv_id)
    if kv_spec.bytes_per_kv_element is None:
        raise SizingError(f"{kv_id.upper()} is not a KV-cache precision; use fp16, bf16 or fp8")
    return ExecutionMode(
        weight_precision=weight_precision,
        kv_precision=kv_id,
        bits_per_weight=spec.bits_per_weight,
        kv_bytes_per_element=kv_spec.bytes_per_kv_element,
        gemm_peak_flops=peak_tflops * 1e12,
        weight_only=weight_only,
        eta_mem=eta_mem,
    )
