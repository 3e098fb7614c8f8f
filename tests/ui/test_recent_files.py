"""Open Recent holds ten plans, however many the settings file lists.

The walk (5 December): a window.ini edited by hand, or by a script, listing 2,000 plans made an
Open Recent menu of 2,000 items, far taller than the screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from aisle_desktop.ui.recent_files import MAX_RECENT, RecentFiles


def test_a_settings_file_listing_thousands_of_plans_gives_ten(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    listed = [str(tmp_path / f"plan{n}.aisle") for n in range(2_000)]
    settings.setValue("recent/files", listed)
    recent = RecentFiles(settings)
    assert MAX_RECENT == 10
    assert recent.paths() == [Path(p) for p in listed[:10]]
    recent.add(tmp_path / "new.aisle")
    assert settings.value("recent/files") == [str(tmp_path / "new.aisle"), *listed[:9]]
