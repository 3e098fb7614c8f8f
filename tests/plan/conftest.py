"""Fixtures for the plan tests: the shipped catalog, a plan using custom entries, its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import PRESETS, Hardware, Plan, PlanCatalog, preset_scenario, save_plan
from tests.plan.plan_strategies import custom_entries


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalog, loaded once per session (no user folder)."""
    return load_catalog()


@pytest.fixture(scope="session")
def custom(catalog: Catalog) -> PlanCatalog:
    """Custom entries a plan might carry."""
    return custom_entries(catalog)


@pytest.fixture(scope="session")
def plan(custom: PlanCatalog) -> Plan:
    """Every preset, plus one scenario on a custom server, with the custom entries."""
    scenarios = [preset_scenario(k) for k in PRESETS]
    lab = preset_scenario("llama-70b-rag").model_copy(
        update={"name": "On the lab rack", "hardware": Hardware(server_id="lab-rack-h100")}
    )
    return Plan(
        notes="Options for the\nsecond-floor room.", scenarios=[*scenarios, lab], catalog=custom
    )


@pytest.fixture
def plan_file(tmp_path: Path, plan: Plan) -> Path:
    """``plan`` saved as ``tmp_path/plans/options.aisle``, alone in its folder."""
    path = tmp_path / "plans" / "options.aisle"
    path.parent.mkdir()
    save_plan(plan, path)
    return path
