"""Where Aisle keeps a user's own files (platformdirs), never the working directory."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "aisle-desktop"


def user_catalog_dir() -> Path:
    """User-added GPUs, servers and models, in the same file layout as the shipped catalog."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "catalog"
