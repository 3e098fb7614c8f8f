"""A shipped catalog shared by the sizing tests (loading it once keeps the suite quick)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.sizing.calibration import PerformanceAssumptions
from aisle_desktop.sizing.engine import Deployment, resolve_deployment


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def deploy(catalog: Catalog):  # type: ignore[no-untyped-def]
    """Build a Deployment from ids: deploy("llama-3.1-70b", "h100-sxm", tp=8)."""

    def build(
        model: str,
        gpu: str,
        tp: int = 1,
        pp: int = 1,
        weights: str = "fp8",
        kv: str | None = "fp16",
        engine: str = "vllm",
    ) -> Deployment:
        return resolve_deployment(
            catalog, model, gpu, engine, weights, kv, tp, pp, PerformanceAssumptions()
        )

    return build
