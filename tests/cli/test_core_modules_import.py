"""Every module of the Qt-free core imports with only the core's own requirements.

`make test-core` runs this in a virtualenv without PySide6 or pyqtgraph, beside the commands'
end-to-end tests (tests/cli, tests/worker): a core module that needs a package the core does not
declare, or that pulls Qt in, fails here rather than on a server's Python. The core's own
arithmetic is tested once, in the main suite; import-linter guards the same boundary
statically.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

CORE_PACKAGES = (
    "aisle_desktop.catalog",
    "aisle_desktop.plan",
    "aisle_desktop.sizing",
    "aisle_desktop.worker",
    "aisle_desktop.learn",
)
CORE_MODULES = (
    "aisle_desktop.report.model",
    "aisle_desktop.report.decision",
    "aisle_desktop.report.compare",
    "aisle_desktop.report.verdict",
    "aisle_desktop.label_place",
    "aisle_desktop.axis_ticks",
    "aisle_desktop.formatting",
)


def _core_module_names() -> list[str]:
    names = list(CORE_MODULES)
    for package_name in CORE_PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        names.extend(
            info.name for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}.")
        )
    return sorted(set(names))


def test_the_core_is_found_whole() -> None:
    names = _core_module_names()
    assert "aisle_desktop.sizing.engine.serving" in names
    assert "aisle_desktop.plan" in names and len(names) > 150
    assert not any(name.startswith("aisle_desktop.ui") for name in names)


@pytest.mark.parametrize("module_name", _core_module_names())
def test_each_core_module_imports(module_name: str) -> None:
    importlib.import_module(module_name)
