"""Where Aisle keeps a user's own files (platformdirs), never the working directory."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "aisle-desktop"


def user_catalog_dir() -> Path:
    """User-added GPUs, servers and models, in the same file layout as the shipped catalog."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "catalog"


def user_state_dir() -> Path:
    """Files the program writes for itself between runs (autosaves), not documents the user owns.

    Asked of platformdirs on every call, never cached, so tests can point it elsewhere.
    """
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def recovery_dir() -> Path:
    """Autosaved copies of unsaved plans, offered for recovery after a crash."""
    return user_state_dir() / "recovery"


def user_config_dir() -> Path:
    """Settings such as the window's size and panel layout."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
