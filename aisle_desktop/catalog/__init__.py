"""The catalog: loads and validates GPUs, servers, models, engines and prices (no Qt).

Public names are re-exported here so callers write ``from aisle_desktop.catalog import ...``
and the module layout behind them can change freely.
"""

from aisle_desktop.catalog.catalog import Catalog
from aisle_desktop.catalog.checkpoints import (
    ComponentPrecisions,
    component_name,
    component_params,
    component_precisions,
    plan_quantized,
)
from aisle_desktop.catalog.engine_defaults import engine_defaults_words
from aisle_desktop.catalog.engine_release import (
    engine_release,
    matching_release,
    release_current_on,
)
from aisle_desktop.catalog.errors import CatalogError, UnknownIdError
from aisle_desktop.catalog.hf_import import import_hf_config
from aisle_desktop.catalog.left_out_summary import left_out_line
from aisle_desktop.catalog.loader import load_catalog, shipped_catalog_dir
from aisle_desktop.catalog.param_count import (
    ArchShape,
    MlaShape,
    MoeShape,
    ParamCount,
    count_params,
)
from aisle_desktop.catalog.schema_checkpoint import (
    COMPONENT_NAMES,
    WEIGHT_COMPONENTS,
    CheckpointSpec,
    WeightComponent,
)
from aisle_desktop.catalog.schema_common import MAX_ID_CHARS, Architecture, Entry, Origin
from aisle_desktop.catalog.schema_engine import (
    TIER_FIELDS_WRITTEN_WHEN_SET,
    EngineRelease,
    EngineSpec,
    GpuMemoryTier,
    MemoryReserve,
    SupportedPrecision,
)
from aisle_desktop.catalog.schema_gpu import GpuSpec, Interconnect
from aisle_desktop.catalog.schema_layers import LayerGroup, MtpSpec
from aisle_desktop.catalog.schema_model import AttentionSpec, ModelSpec, MoeSpec
from aisle_desktop.catalog.schema_part import PartKind, PartSpec
from aisle_desktop.catalog.schema_precision import PrecisionSpec
from aisle_desktop.catalog.schema_prices import (
    HostedApiPrice,
    PricesSpec,
    PuePreset,
    RackPowerPreset,
)
from aisle_desktop.catalog.schema_server import ServerSpec
from aisle_desktop.catalog.versions import version_key

__all__ = [
    "COMPONENT_NAMES",
    "MAX_ID_CHARS",
    "TIER_FIELDS_WRITTEN_WHEN_SET",
    "WEIGHT_COMPONENTS",
    "ArchShape",
    "Architecture",
    "AttentionSpec",
    "Catalog",
    "CatalogError",
    "CheckpointSpec",
    "ComponentPrecisions",
    "EngineRelease",
    "EngineSpec",
    "Entry",
    "GpuMemoryTier",
    "GpuSpec",
    "HostedApiPrice",
    "Interconnect",
    "LayerGroup",
    "MemoryReserve",
    "MlaShape",
    "ModelSpec",
    "MoeShape",
    "MoeSpec",
    "MtpSpec",
    "Origin",
    "ParamCount",
    "PartKind",
    "PartSpec",
    "PrecisionSpec",
    "PricesSpec",
    "PuePreset",
    "RackPowerPreset",
    "ServerSpec",
    "SupportedPrecision",
    "UnknownIdError",
    "WeightComponent",
    "component_name",
    "component_params",
    "component_precisions",
    "count_params",
    "engine_defaults_words",
    "engine_release",
    "import_hf_config",
    "left_out_line",
    "load_catalog",
    "matching_release",
    "plan_quantized",
    "release_current_on",
    "shipped_catalog_dir",
    "version_key",
]
