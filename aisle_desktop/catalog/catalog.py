"""The loaded catalog: entries by id, look-ups that suggest close ids, the data's date."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from aisle_desktop.catalog.engine_release import engine_release
from aisle_desktop.catalog.errors import UnknownIdError
from aisle_desktop.catalog.schema_engine import LARGE_GRAPH_WORKER_GPUS, EngineSpec
from aisle_desktop.catalog.schema_gpu import GpuSpec
from aisle_desktop.catalog.schema_model import ModelSpec
from aisle_desktop.catalog.schema_part import PartSpec
from aisle_desktop.catalog.schema_precision import PrecisionSpec
from aisle_desktop.catalog.schema_prices import HostedApiPrice, PricesSpec
from aisle_desktop.catalog.schema_server import ServerSpec

T = TypeVar("T")


def _lookup(kind: str, table: Mapping[str, T], wanted: str) -> T:
    try:
        return table[wanted]
    except KeyError:
        raise UnknownIdError(kind, wanted, table.keys()) from None


@dataclass(frozen=True, eq=False)
class Catalog:
    """Every entry by id. Built by ``load_catalog``; treat the dicts as read-only."""

    gpus: dict[str, GpuSpec]
    servers: dict[str, ServerSpec]
    models: dict[str, ModelSpec]
    engines: dict[str, EngineSpec]
    precisions: dict[str, PrecisionSpec]
    prices: PricesSpec
    parts: dict[str, PartSpec]
    # The files it was read from (where they exist): those no output of Aisle may replace.
    files: tuple[Path, ...] = ()
    # Engines as a release runs them, by (engine id, version): sizing asks for the same few
    # thousands of times in one GPU comparison, and applying a release is not cheap.
    _released: dict[tuple[str, str | None], EngineSpec] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _on_gpu: dict[tuple[str, str | None, float, bool, str], EngineSpec] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # What sizing worked out of these entries, by function (`sizing.engine.replica_memo`):
    # as long-lived as the catalog, so a reloaded catalog starts with none.
    worked_out: dict[Callable[..., Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def gpu(self, gpu_id: str) -> GpuSpec:
        """The GPU with this id, or UnknownIdError naming the closest ids."""
        return _lookup("GPU", self.gpus, gpu_id)

    def server(self, server_id: str) -> ServerSpec:
        """The server with this id, or UnknownIdError naming the closest ids."""
        return _lookup("server", self.servers, server_id)

    def model(self, model_id: str) -> ModelSpec:
        """The model with this id, or UnknownIdError naming the closest ids."""
        return _lookup("model", self.models, model_id)

    def engine(self, engine_id: str) -> EngineSpec:
        """The engine with this id, or UnknownIdError naming the closest ids."""
        return _lookup("engine", self.engines, engine_id)

    def engine_release(self, engine_id: str, version: str | None) -> EngineSpec:
        """The engine with this id as the release `version` names runs it (`engine_release`),
        worked out once per engine and version (entries are frozen, so it cannot go stale)."""
        key = (engine_id, version)
        released = self._released.get(key)
        if released is None:
            released = self._released[key] = engine_release(self.engine(engine_id), version)
        return released

    def engine_on_gpu(
        self,
        engine_id: str,
        version: str | None,
        gpu_memory_gib: float,
        stage_gpus: int,
        gpu_name: str = "",
    ) -> EngineSpec:
        """The release `version` names with the defaults it picks on a GPU of this memory and
        name for a worker of `stage_gpus` GPUs (`EngineSpec.on_gpu`), worked out once per such
        GPU."""
        large = stage_gpus >= LARGE_GRAPH_WORKER_GPUS
        key = (engine_id, version, gpu_memory_gib, large, gpu_name)
        engine = self._on_gpu.get(key)
        if engine is None:
            released = self.engine_release(engine_id, version)
            engine = self._on_gpu[key] = released.on_gpu(gpu_memory_gib, stage_gpus, gpu_name)
        return engine

    def precision(self, precision_id: str) -> PrecisionSpec:
        """The precision with this id, or UnknownIdError naming the closest ids."""
        return _lookup("precision", self.precisions, precision_id)

    def part(self, part_id: str) -> PartSpec:
        """The bill-of-materials part with this id, or UnknownIdError naming the closest ids."""
        return _lookup("part", self.parts, part_id)

    def same_entries(self, other: Catalog) -> bool:
        """Whether ``other`` holds equal entries under the same ids (two merges of one plan
        into one machine's catalog do, though they are different objects)."""
        return self is other or all(
            getattr(self, name) == getattr(other, name)
            for name in ("gpus", "servers", "models", "engines", "precisions", "prices", "parts")
        )

    def hosted_api(self, api_id: str) -> HostedApiPrice:
        """The hosted API price with this id, or UnknownIdError naming the closest ids."""
        return _lookup("hosted API", {a.id: a for a in self.prices.hosted_apis}, api_id)

    def servers_for_gpu(self, gpu_id: str) -> list[ServerSpec]:
        """Servers that hold this GPU, in catalog order."""
        return [s for s in self.servers.values() if s.gpu_id == gpu_id]

    def catalog_as_of(self) -> date:
        """The newest ``as_of`` date of any entry: how fresh the data is, at best."""
        tables: list[
            Mapping[str, GpuSpec | ServerSpec | ModelSpec | EngineSpec | PrecisionSpec | PartSpec]
        ]
        tables = [self.gpus, self.servers, self.models, self.engines, self.precisions, self.parts]
        dates = [entry.as_of for table in tables for entry in table.values()]
        dates += [api.as_of for api in self.prices.hosted_apis]
        dates.append(self.prices.as_of)
        return max(dates)
