"""Starting the window: without a display it says what to do instead; --screenshot works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from aisle_desktop.cli.main import main


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aisle_desktop", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        env=env,
    )


def _env_without_display() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return env


def test_no_display_exits_with_a_message_naming_headless_commands() -> None:
    """It named size, predict, validate and catalog: a planner without a display read that
    the report, the bill and plans needed the window."""
    done = _run([], _env_without_display())
    assert done.returncode == 2
    assert "no display" in done.stderr and "aisle-desktop size, report, bom," in done.stderr
    assert "sensitivity, comparison, plan, presets, catalog, predict, validate" in done.stderr
    assert "Traceback" not in done.stderr


def test_screenshot_renders_the_window_without_a_display(tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    done = _run(
        [
            "--screenshot",
            str(shot),
            "--window-size",
            "1280x800",
            "--window-preset",
            "llama-8b-chat",
        ],
        _env_without_display(),
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)


def test_screenshot_in_the_dark_theme_draws_a_dark_window(tmp_path: Path) -> None:
    from PySide6.QtGui import QColor

    from aisle_desktop.ui.contrast import is_dark

    shot = tmp_path / "dark.png"
    args = ["--screenshot", str(shot), "--window-size", "1280x800", "--theme", "dark"]
    done = _run([*args, "--window-preset", "llama-8b-chat"], _env_without_display())
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    # The window's background, beside the menu bar's last entry.
    assert is_dark(QColor(image.pixel(1200, 10)))


@pytest.mark.parametrize("size", ["big", "0x0", "-5x800", "1280x99999999", "1280x800x3"])
def test_bad_window_size_is_refused(
    tmp_path: Path, size: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: "0x0" drew the window at its smallest without a word, 20000x20000 took 4 GB
    and 37 s, and 99999999x99999999 crashed after 27,000 lines of Qt's warnings. Refused
    before any window is built, so asked of `main` here, not of a new process each (the
    screenshot tests above and below start the program itself)."""
    shot = tmp_path / "x.png"
    assert main(["--screenshot", str(shot), f"--window-size={size}"]) == 2
    assert not shot.exists()
    assert capsys.readouterr().err == (
        "aisle-desktop: --window-size wants WIDTHxHEIGHT in pixels, from 640x480 to "
        f"7680x4320, got {size!r}\n"
    )


def test_screenshot_opens_a_plan_and_refuses_a_bad_one(tmp_path: Path) -> None:
    from aisle_desktop.plan import Plan, preset_scenario, save_plan

    plan = tmp_path / "two.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), plan)
    shot = tmp_path / "plan.png"
    args = ["--screenshot", str(shot), "--window-size", "1280x800", "--open"]
    done = _run([*args, str(plan)], _env_without_display())
    assert done.returncode == 0, done.stderr
    assert shot.exists()
    bad = tmp_path / "bad.aisle"
    bad.write_bytes(b"\x00\x01 not a plan")
    done = _run([*args, str(bad)], _env_without_display())
    assert done.returncode == 2 and "bad.aisle" in done.stderr and "Traceback" not in done.stderr


def test_screenshot_renders_the_learn_page(tmp_path: Path) -> None:
    shot = tmp_path / "learn.png"
    done = _run(
        ["--screenshot", str(shot), "--window-size", "1280x800", "--page", "learn"],
        _env_without_display(),
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    # The Learn page's "Try this" bar, tinted indigo, runs along the bottom; the Sizer has none.
    bar, window = image.pixelColor(800, 752), image.pixelColor(1200, 10)
    assert bar != window and bar.blue() > bar.red()


@pytest.mark.parametrize("name", ["plan.aisle", "notes.txt"])
def test_a_screenshot_over_a_file_that_is_not_a_png_is_refused_and_leaves_it(
    tmp_path: Path, name: str
) -> None:
    """The walk: `--screenshot plan.aisle` emptied the plan, then said it could not write."""
    kept = tmp_path / name
    kept.write_text('{"format": "aisle-plan"}', encoding="utf-8")
    done = _run(["--screenshot", str(kept)], _env_without_display())
    assert done.returncode == 2
    assert done.stderr == (
        f"aisle-desktop: {kept}: a screenshot is a PNG; give a file name ending in .png\n"
    )
    assert kept.read_text(encoding="utf-8") == '{"format": "aisle-plan"}'


def test_a_screenshot_onto_a_folder_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "folder.png"
    folder.mkdir()
    args = ["--window-size", "1280x800", "--window-preset", "llama-8b-chat", "--screenshot"]
    done = _run([*args, str(folder)], _env_without_display())
    assert done.returncode == 2 and folder.is_dir()
    assert done.stderr == (
        f"aisle-desktop: {folder}: is a folder, not a file; give a file name ending in .png\n"
    )


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux's /proc")
def test_a_screenshot_into_a_system_folder_says_the_folder_takes_no_files() -> None:
    """The walk: it said the system's "No such file or directory" of a folder that is there;
    now the words a plan's save uses (`why_not_written`)."""
    args = ["--window-size", "1280x800", "--window-preset", "llama-8b-chat", "--screenshot"]
    done = _run([*args, "/proc/shot.png"], _env_without_display())
    assert done.returncode == 2
    assert done.stderr == (
        "aisle-desktop: /proc/shot.png: cannot write the screenshot: the folder /proc does not "
        "take new files (a system folder?)\n"
    )
