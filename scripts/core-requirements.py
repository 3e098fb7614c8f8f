"""Print the pinned requirements of the Qt-free core and its tests, one per line.

`make test-core` installs these into a second virtualenv without PySide6 or pyqtgraph and runs
the catalog, sizing and CLI tests there, proving the core never needs Qt. The pins are read from
pyproject.toml so they are written down once.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

QT_PACKAGES = ("pyside6", "pyqtgraph", "pytest-qt", "pyinstaller", "ruff", "mypy", "import-linter")


def main() -> None:
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text())["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["dev"]
    for pin in pins:
        if not pin.lower().startswith(QT_PACKAGES):
            print(pin)


if __name__ == "__main__":
    main()
