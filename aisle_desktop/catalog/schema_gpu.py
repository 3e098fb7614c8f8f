"""GPUs and accelerators: memory, bandwidth, dense tensor throughput, power and interconnect.

Compute figures are DENSE (no 2:4 sparsity): the sizing model divides real work by them, and
the sparse figures datasheets print would make every prediction twice too fast.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from aisle_desktop.catalog.ranges import (
    BandwidthTbps,
    DomainGpus,
    GpuWatts,
    LatencyUs,
    LinkGbps,
    MemoryGb,
    OptionalTflops,
    Tflops,
)
from aisle_desktop.catalog.schema_common import (
    Architecture,
    Entry,
    Frozen,
    Slug,
)

Vendor = Literal["nvidia", "amd", "intel"]
FormFactor = Literal["sxm", "pcie", "oam", "superchip", "mezzanine"]
LinkKind = Literal["nvlink", "nvlink-bridge", "pcie", "infinity-fabric", "roce"]


class Interconnect(Frozen):
    """How the GPUs of one scale-up domain talk to each other during tensor parallelism."""

    kind: LinkKind
    scale_up_domain_gpus: DomainGpus
    link_bandwidth_gbps: LinkGbps
    allreduce_bus_bandwidth_gbps: LinkGbps
    allreduce_latency_us: LatencyUs


# A short name is read whole in the GPU box at 1024 px: about 26 characters of its font.
MAX_SHORT_NAME_CHARS = 26


class GpuSpec(Entry):
    """One accelerator model as its datasheet and driver describe it."""

    name: str = Field(min_length=1)
    # The product as its maker's page (`sources`) names it, with its memory as sold ("NVIDIA
    # B200 180GB"): shown where the whole name does not fit (the GPU box at 1280 px read
    # "NVIDIA B200 (HGX/DGX B2…") and in a scenario's automatic name. None: the name is shown.
    short_name: str | None = Field(default=None, min_length=1, max_length=MAX_SHORT_NAME_CHARS)
    vendor: Vendor
    architecture: Architecture
    # CUDA compute capability ("10.0"), NVIDIA's only: engines pick kernels by it, and one
    # architecture name spans several (Blackwell: 10.x data-centre GPUs, 12.x RTX PRO cards).
    compute_capability: str | None = Field(default=None, pattern=r"^[0-9]{1,2}\.[0-9]$")
    memory_gb: MemoryGb
    usable_memory_gib: MemoryGb
    memory_bandwidth_tbps: BandwidthTbps
    bf16_tflops: Tflops
    fp8_tflops: OptionalTflops
    fp4_tflops: OptionalTflops
    int8_tops: OptionalTflops
    tdp_w: GpuWatts
    form_factor: FormFactor
    interconnect: Interconnect
    server_ids: list[Slug] = Field(default_factory=list)

    @property
    def shown_name(self) -> str:
        """The short name, or the whole name where the entry gives none."""
        return self.short_name or self.name

    @property
    def memory_sold_gb(self) -> float:
        """The memory as sold (`memory_gb`: binary gigabytes in truth, "80 GB" is 80 GiB) in
        the decimal GB every figure of a plan uses."""
        return self.memory_gb * 2**30 / 1e9

    @property
    def usable_memory_gb(self) -> float:
        """What the driver reports, in the decimal GB every figure of a plan uses."""
        return self.usable_memory_gib * 2**30 / 1e9

    @property
    def compute_capability_major(self) -> int | None:
        """The compute capability's major number (10 on B200-class Blackwell, 12 on the RTX
        PRO cards); None where the catalog gives none (not NVIDIA, or a user's entry)."""
        if self.compute_capability is None:
            return None
        return int(self.compute_capability.split(".")[0])

    @field_validator("usable_memory_gib")
    @classmethod
    def _usable_not_above_datasheet(cls, value: float, info: ValidationInfo) -> float:
        # The driver never reports more than the datasheet capacity. HBM is sized in binary
        # units, so the GiB figure sits just below the GB number (H100: 79.6 GiB of "80 GB");
        # a value above it is almost always GB typed into the GiB field.
        datasheet = info.data.get("memory_gb")
        if datasheet is not None and value > datasheet:
            raise ValueError(f"must not exceed memory_gb ({datasheet}), got {value}")
        return value
