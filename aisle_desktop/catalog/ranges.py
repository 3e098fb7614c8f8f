"""Physical ranges of catalog numbers: what a real accelerator, server, model or price can be.

A catalog file or a plan's own entries may come from anyone; a number outside these ranges is a
typo or a hostile file, and a value like ``1e308`` or ``1e-300`` would turn every figure into
``inf`` or a 300-digit latency. Each range holds today's datasheets with room to grow (2026: 288 GB
of HBM, 8 TB/s, 20 PFLOP/s of FP4, 1,400 W per GPU, 72-GPU racks at 130 kW; models of over a
trillion parameters with a million-token context). ``catalog/README.md`` lists them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# --- accelerators ------------------------------------------------------------------------------
MemoryGb = Annotated[float, Field(ge=1, le=10_000)]  # 16 GB (T4) .. 288 GB (B300) .. 10 TB
BandwidthTbps = Annotated[float, Field(ge=0.05, le=1_000)]  # 0.3 TB/s (T4) .. 8 TB/s (B300)
Tflops = Annotated[float, Field(ge=1, le=1_000_000)]  # dense; FP4 on B300 about 15,000
OptionalTflops = Annotated[float | None, Field(default=None, ge=1, le=1_000_000)]
GpuWatts = Annotated[float, Field(ge=10, le=10_000)]  # 70 W (L4) .. 1,400 W (B300)
DomainGpus = Annotated[int, Field(ge=1, le=100_000)]  # 1 .. 72 (NVL72) .. 576 and beyond
LinkGbps = Annotated[float, Field(ge=0.1, le=100_000)]  # GB/s: PCIe 4 (32) .. NVLink 5 (900)
LatencyUs = Annotated[float, Field(ge=0.01, le=100_000)]

# --- servers and racks -------------------------------------------------------------------------
GpusPerServer = Annotated[int, Field(ge=1, le=1_000)]  # 1 .. 8 .. 72 for a rack-scale system
RackUnits = Annotated[int, Field(ge=1, le=60)]
ServerWatts = Annotated[float, Field(ge=10, le=2_000_000)]  # a workstation .. a 130 kW rack
BaseWatts = Annotated[float, Field(ge=0, le=2_000_000)]
PriceUsd = Annotated[float, Field(ge=1, le=1e9)]
RackKw = Annotated[float, Field(ge=0.5, le=2_000)]
Kilograms = Annotated[float, Field(ge=0.1, le=100_000)]  # a card .. a 1.4-tonne NVL72 rack

# --- models ------------------------------------------------------------------------------------
MAX_LAYERS = 10_000
MAX_WIDTH = 1_000_000
MAX_HEADS = 100_000
MAX_FFN_WIDTH = 10_000_000
MAX_VOCABULARY = 100_000_000
MAX_PARAMS_B = 100_000
MAX_CONTEXT_TOKENS = 100_000_000
MAX_EXPERTS = 100_000
Layers = Annotated[int, Field(ge=1, le=MAX_LAYERS)]
Width = Annotated[int, Field(ge=1, le=MAX_WIDTH)]  # hidden, head and latent sizes
Heads = Annotated[int, Field(ge=1, le=MAX_HEADS)]
FfnWidth = Annotated[int, Field(ge=1, le=MAX_FFN_WIDTH)]
Vocabulary = Annotated[int, Field(ge=1, le=MAX_VOCABULARY)]
ParamsB = Annotated[float, Field(ge=0.001, le=MAX_PARAMS_B)]  # 1 M .. 1 T (Kimi K2) .. 100 T
OptionalParamsB = Annotated[float | None, Field(ge=0.001, le=MAX_PARAMS_B)]
# up to 1 M (Llama 4) and beyond
ContextTokens = Annotated[int, Field(ge=1, le=MAX_CONTEXT_TOKENS)]
Experts = Annotated[int, Field(ge=1, le=MAX_EXPERTS)]

# --- engines and precisions --------------------------------------------------------------------
Sequences = Annotated[int, Field(ge=1, le=10_000_000)]
BatchTokens = Annotated[int, Field(ge=1, le=100_000_000)]
StepMs = Annotated[float, Field(ge=0, le=10_000)]
BitsPerWeight = Annotated[float, Field(ge=1, le=64)]
BytesPerElement = Annotated[float | None, Field(ge=0.125, le=8)]

# --- prices ------------------------------------------------------------------------------------
UsdPerKwh = Annotated[float, Field(ge=0.001, le=10)]
UsdPerKwMonth = Annotated[float, Field(ge=0.01, le=10_000)]
UsdPerMtok = Annotated[float, Field(ge=0, le=100_000)]
Years = Annotated[int, Field(ge=1, le=30)]
