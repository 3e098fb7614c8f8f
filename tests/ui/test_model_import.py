"""Catalog > Import Model Config…: a planner adds a model from its config.json in the window,
and gives it files that are not configs or that read slowly.

The real dialogs run: Qt's own file dialog (the desktop's native one is not used offscreen)
takes the path typed into its file name line, and the id dialog takes the id typed as keys.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import load_catalog, reading
from aisle_desktop.ui.app import start_session
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.model_import import ModelIdDialog
from aisle_desktop.ui.off_thread import WaitDialog
from tests.catalog.test_hf_families import SHARED
from tests.cli.test_import_model import LLAMA_8B_CONFIG
from tests.conftest import UserDirs
from tests.ui.conftest import RESULT_TIMEOUT_MS, MessageBoxes, warnings_shown
from tests.ui.stalled_drive import cancel_once_drawn, held_drive, stalled_reads, threads_ended


@pytest.fixture
def models_json(user_dirs: UserDirs) -> Path:
    """Where the user's own models are written."""
    return user_dirs.data / "aisle-desktop" / "catalog" / "models.json"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The message boxes shown ("title: text" each)."""
    return warnings_shown(monkeypatch)


def written_config(folder: Path, text: str) -> Path:
    """A Hugging Face download's config: ``<model folder>/config.json``."""
    folder.mkdir(parents=True)
    path = folder / "config.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def llama_config(tmp_path: Path) -> Path:
    return written_config(tmp_path / "Our-Llama-8B", json.dumps(LLAMA_8B_CONFIG))


# A dialog its answer left open is closed after this long, so a test fails instead of hanging.
LEFT_OPEN_MS = 5_000


@dataclass
class Answer:
    """One dialog to answer: whether it showed, and whether the answer left it open."""

    poll: QTimer = field(default_factory=QTimer)
    shown: bool = False
    left_open: bool = False


def when_shown(kind: type[QWidget], act: Callable[[Any], None]) -> Answer:
    """Do ``act`` to the next modal dialog of ``kind`` once it shows (polled, never slept)."""
    answer = Answer()

    def close_if_open(dialog: QDialog) -> None:
        if dialog.isVisible():
            answer.left_open = True
            dialog.reject()

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and isinstance(dialog, QDialog) and dialog.isVisible():
            answer.poll.stop()
            answer.shown = True
            QTimer.singleShot(LEFT_OPEN_MS, dialog, lambda: close_if_open(dialog))
            act(dialog)

    answer.poll.setInterval(20)
    answer.poll.timeout.connect(check)
    answer.poll.start()
    return answer


def pick_file(qtbot: QtBot, config: Path) -> Callable[[QFileDialog], None]:
    """Go to the config's folder, type its name into the file name line and press Enter (a
    model's folder is chosen so in the folder dialog)."""

    def act(dialog: QFileDialog) -> None:
        line = dialog.findChild(QLineEdit, "fileNameEdit")
        buttons = dialog.findChild(QDialogButtonBox)
        assert line is not None and buttons is not None
        open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        # A whole path typed from "/" had the dialog go to "/" and empty the line now and then
        # (its listing of each folder arrives in its own time), so the folder is gone to first.
        dialog.setDirectory(str(config.parent))
        qtbot.keyClicks(line, config.name)
        # Open is enabled once the dialog has listed the folder and found the file there.
        qtbot.waitUntil(open_button.isEnabled, timeout=RESULT_TIMEOUT_MS)
        qtbot.keyClick(line, Qt.Key.Key_Return)

    return act


def type_id(
    qtbot: QtBot, model_id: str, seen: dict[str, str], accept: bool = True
) -> Callable[[ModelIdDialog], None]:
    """Note what the id dialog suggested, type ``model_id`` over it, then Import or Cancel."""

    def act(dialog: ModelIdDialog) -> None:
        seen["suggested"] = dialog.id_edit.text()
        dialog.id_edit.selectAll()
        qtbot.keyClicks(dialog.id_edit, model_id)
        seen["note"] = dialog.note.text()
        seen["button"] = dialog.ok_button.text()
        if accept:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()

    return act


def run_import(
    window: MainWindow, qtbot: QtBot, config: Path, model_id: str, accept: bool = True
) -> dict[str, str]:
    """Catalog > Import Model Config…, through both dialogs; what the id dialog showed."""
    seen: dict[str, str] = {}
    answers = [
        when_shown(QFileDialog, pick_file(qtbot, config)),
        when_shown(ModelIdDialog, type_id(qtbot, model_id, seen, accept)),
    ]
    window.import_model_action.trigger()
    for answer in answers:
        answer.poll.stop()
    assert [(a.shown, a.left_open) for a in answers] == [(True, False), (True, False)]
    return seen


def test_an_imported_config_is_in_the_catalog_and_chosen(
    window: MainWindow, qtbot: QtBot, llama_config: Path, models_json: Path, shown: list[str]
) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        seen = run_import(window, qtbot, llama_config, "our-llama")
    assert seen == {
        "suggested": "our-llama-8b",
        "note": "A new model in your own catalog.",
        "button": "Import",
    }
    (entry,) = json.loads(models_json.read_text(encoding="utf-8"))["entries"]
    assert (entry["id"], entry["total_params_b"]) == ("our-llama", 8.0303)
    assert window.document.machine.models["our-llama"].origin == "user"
    assert window.controller.scenario.workload.model_id == "our-llama"
    box = window.workload_panel.fields.widget(("workload", "model_id"))
    assert box.currentData() == "our-llama"
    (said,) = shown
    assert said == (
        f"Model imported: Added model 'our-llama' (8.0 B parameters) in "
        f"{models_json}.\n\nIt is now this scenario's model."
    )
    window.controller.undo_stack.undo()  # choosing it is an edit like any other
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"


def test_a_quantized_export_read_at_its_configs_dtype_is_said_in_the_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, models_json: Path, shown: list[str]
) -> None:
    """Hostile walk (hostile34): nvidia/Llama-3.1-70B-Instruct-FP8's config.json names no
    quantization (ModelOpt keeps it beside, in hf_quant_config.json); it was imported at BF16
    without a word. The window's message says so, between what was added and what is chosen."""
    config = written_config(tmp_path / "Our-Llama-8B-FP8", json.dumps(LLAMA_8B_CONFIG))
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        run_import(window, qtbot, config, "our-llama-fp8")
    (said,) = shown
    added, note, chosen = said.split("\n\n")
    assert added.startswith("Model imported: Added model 'our-llama-fp8' (")
    assert note.startswith(
        "Note: its name says FP8, but its config.json names no quantization, so its weights "
        "were read as BF16"
    )
    assert chosen == "It is now this scenario's model."


def test_a_config_saved_under_its_models_name_names_the_model_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, models_json: Path, shown: list[str]
) -> None:
    """The walk: "Qwen--Qwen3-VL-32B-Instruct_config.json" (no _name_or_path in it) was
    imported as "qwen3-vl-32b-instruct", and the Model box, the summary ("qwen3-vl-32b-instruct
    at BF16") and the report read that id; the name is the file's own for the model."""
    config = tmp_path / "Our-Lab--Our-Llama-8B-Instruct_config.json"
    config.write_text(json.dumps(LLAMA_8B_CONFIG), encoding="utf-8")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        seen = run_import(window, qtbot, config, "our-llama-8b-instruct")
    assert seen["suggested"] == "our-llama-8b-instruct"
    (entry,) = json.loads(models_json.read_text(encoding="utf-8"))["entries"]
    assert (entry["id"], entry["name"]) == ("our-llama-8b-instruct", "Our-Llama-8B-Instruct")
    box = window.workload_panel.fields.widget(("workload", "model_id"))
    assert box.currentText().startswith("Our-Llama-8B-Instruct · 8.03 B")
    (said,) = shown
    assert "Added model 'our-llama-8b-instruct' (Our-Llama-8B-Instruct: 8.0 B" in said


def test_a_shipped_id_is_named_and_cancel_changes_nothing(
    window: MainWindow, qtbot: QtBot, llama_config: Path, models_json: Path
) -> None:
    seen = run_import(window, qtbot, llama_config, "llama-3.1-8b", accept=False)
    assert seen["note"] == (
        "⚠ This id is the shipped model Llama 3.1 8B: importing replaces it with "
        "this config on this machine."
    )
    assert seen["button"] == "Replace"
    assert not models_json.exists()
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"


def choose_only(window: MainWindow, qtbot: QtBot, config: Path, folder: bool = False) -> None:
    """Catalog > Import Model Config… (or Import Model Folder… with ``folder``), choosing
    ``config``; the id dialog must not show."""
    answers = [
        when_shown(QFileDialog, pick_file(qtbot, config)),
        when_shown(ModelIdDialog, lambda dialog: dialog.reject()),
    ]
    (window.import_folder_action if folder else window.import_model_action).trigger()
    for answer in answers:
        answer.poll.stop()
    assert [(a.shown, a.left_open) for a in answers] == [(True, False), (False, False)]


def assert_unchanged(window: MainWindow, models_json: Path) -> None:
    """No models file written; the scenario's model and the undo stack as they were."""
    assert not models_json.exists()
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    assert window.controller.undo_stack.count() == 0


def _minimax(changes: dict[str, int]) -> bytes:
    """MiniMax-M2.5's published config with ``changes``."""
    fixture = Path(__file__).parents[1] / "catalog" / "fixtures" / "minimax-m2.5" / "config.json"
    return json.dumps(json.loads(fixture.read_text(encoding="utf-8")) | changes).encode()


def _too_large(path: Path) -> None:
    """A config.json of 21 MB (sparse: nothing is written), beyond the 20 MB a file is read."""
    with path.open("r+b") as file:
        file.truncate(21_000_000)


# Each config refused, named, with what its message must say.
REFUSED_CONFIGS = dict(
    zip(
        [
            "not JSON",
            "unknown quantization",
            "no layers",
            "not UTF-8",
            "too large",
            "1e30 layers",
            "1e30 MTP layers",
            "NaN width",
            "string heads",
            "text_config a list",
            "huge context",
        ],
        [
            (b'{"model_type": "llama",', "config.json: not valid JSON"),
            (
                json.dumps(
                    {**LLAMA_8B_CONFIG, "quantization_config": {"quant_method": "bitsandbytes"}}
                ).encode(),
                "bitsandbytes",
            ),
            (json.dumps({**LLAMA_8B_CONFIG, "num_hidden_layers": 0}).encode(), "num_hidden_layers"),
            (b"\xff{}", "config.json: not a text file: byte 0xff at offset 0 is not UTF-8 text"),
            (None, "config.json: is 21.0 MB; at most 20 MB"),
            # MiniMax's reader listed 1e30 layers until the system killed Aisle, and a layer group
            # of 1e30 MTP layers raised pydantic's own error, which this dialog did not catch.
            (_minimax({"num_hidden_layers": 10**30}), "key num_hidden_layers: must be at most"),
            (_minimax({"num_mtp_modules": 10**30}), "key num_mtp_modules: must be at most 10,000"),
            # Hostile walk (hostile34): one of each class the command's tests run.
            (
                json.dumps({**LLAMA_8B_CONFIG, "hidden_size": 1})
                .replace(": 1,", ": NaN,")
                .encode(),
                "key hidden_size: must be a positive integer, got nan",
            ),
            (
                json.dumps({**LLAMA_8B_CONFIG, "num_key_value_heads": "8"}).encode(),
                'key num_key_value_heads: must be a positive integer, got "8"',
            ),
            (
                json.dumps({"model_type": "qwen3_vl", "text_config": [LLAMA_8B_CONFIG]}).encode(),
                "key text_config: must be an object {...}",
            ),
            (
                json.dumps({**LLAMA_8B_CONFIG, "max_position_embeddings": 10**12}).encode(),
                "key max_position_embeddings: must be at most 100,000,000",
            ),
        ],
        strict=True,
    )
)


def test_a_refused_config_is_said_once_chosen_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, models_json: Path, shown: list[str]
) -> None:
    """QA: a file too large or unreadable was said only after the id was typed and Import
    pressed; it is said as soon as the file is chosen, and no id is asked. Each refused config
    chosen in turn in one window (a refusal changes nothing, so each starts as the first)."""
    for name, (config, said) in REFUSED_CONFIGS.items():
        path = written_config(tmp_path / name, "")
        if config is None:
            _too_large(path)
        else:
            path.write_bytes(config)
        shown.clear()
        choose_only(window, qtbot, path)
        (message,) = shown
        assert message.startswith("Model not imported: ") and said in message, name
        assert message.endswith("\n\nNothing was changed."), name
        assert_unchanged(window, models_json)


def test_a_family_aisle_cannot_read_says_what_to_do_and_lists_families_in_details(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    models_json: Path,
    shown: list[str],
    message_boxes: MessageBoxes,
) -> None:
    """Walk: an unknown model_type was refused with 36 family names in one sentence before
    the advice; now what is wrong and what to do, and the families behind Show Details..."""
    path = written_config(tmp_path / "mamba", json.dumps({"model_type": "mamba3"}))
    choose_only(window, qtbot, path)
    (message,) = shown
    assert message.startswith(
        f"Model not imported: {path}: Aisle cannot read this model's layers: its model_type "
        'is "mamba3", not one of the '
    )
    assert "To size it, add it to your own catalog's models.json by hand" in message
    assert "qwen3_moe" not in message and message.endswith("\n\nNothing was changed.")
    assert message_boxes.details[-1].startswith("Families Aisle can import: bert, ")
    assert "qwen3_moe" in message_boxes.details[-1]
    assert not models_json.exists()


def test_an_unwritable_user_folder_is_said_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, llama_config: Path, models_json: Path, shown: list[str]
) -> None:
    in_the_way = models_json.parent  # a file where the folder belongs
    in_the_way.parent.mkdir(parents=True)
    in_the_way.write_text("not a folder", encoding="utf-8")
    run_import(window, qtbot, llama_config, "our-llama")
    (message,) = shown
    assert message.startswith("Model not imported: ") and str(in_the_way) in message
    assert in_the_way.read_text(encoding="utf-8") == "not a folder"
    assert "our-llama" not in window.document.catalog.models


def test_an_id_whose_own_entry_is_broken_is_said_and_replaced(
    window: MainWindow, qtbot: QtBot, llama_config: Path, models_json: Path, shown: list[str]
) -> None:
    """QA: over an id whose entry in the user's models.json is broken (left out of the
    catalog), the dialog said "A new model" and offered Import, which was refused ("has a
    broken entry") with no way to replace it. Now the dialog says where the entry is and what
    is wrong, and Replace puts the config in its place."""
    broken = {"id": "my-70b", "name": "My 70B", "kind": "llm"}  # no size, no layers
    models_json.parent.mkdir(parents=True)
    models_json.write_text(json.dumps({"entries": [broken]}), encoding="utf-8")
    left_out: list[str] = []
    machine = load_catalog(user_folder=models_json.parent, left_out=left_out)
    assert "my-70b" not in machine.models and len(left_out) == 1
    window.document.set_machine(machine)
    window.show_catalog_left_out(left_out)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        seen = run_import(window, qtbot, llama_config, "my-70b")
    assert seen["note"].startswith(
        f'⚠ This id is a broken entry of your own catalog ({models_json}: entry 1 (id "my-70b"): '
    )
    assert seen["note"].endswith("): importing replaces it with this config on this machine.")
    assert seen["button"] == "Replace"
    (entry,) = json.loads(models_json.read_text(encoding="utf-8"))["entries"]
    assert (entry["id"], entry["total_params_b"]) == ("my-70b", 8.0303)
    assert window.document.machine.models["my-70b"].origin == "user"
    assert window.controller.scenario.workload.model_id == "my-70b"
    assert not window.catalog_warning.isVisible()  # nothing of the user's is left out now
    (said,) = shown
    assert said.startswith("Model imported: Replaced model 'my-70b'")


# Hostile walk (7 December): the chosen config was read, checked and imported on the GUI
# thread, four times over; a config on a drive that stalls froze the window with no way out.


def test_a_config_on_a_stalled_drive_keeps_the_window_drawn_and_can_be_cancelled(
    window: MainWindow,
    qtbot: QtBot,
    llama_config: Path,
    models_json: Path,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    answers = [
        when_shown(QFileDialog, pick_file(qtbot, llama_config)),
        when_shown(WaitDialog, cancel_once_drawn(qtbot, window, seen)),
        when_shown(ModelIdDialog, lambda dialog: dialog.reject()),
    ]
    with stalled_reads(monkeypatch, reading, "read_regular") as drive_back:
        window.import_model_action.trigger()  # returns once Cancel is pressed, the drive out
        for answer in answers:
            answer.poll.stop()
        drive_back.set()  # the drive comes back: what is read now is dropped
    assert [(a.shown, a.left_open) for a in answers] == [
        (True, False),
        (True, False),
        (False, False),
    ]
    assert seen == [f"Reading {llama_config}…"]
    assert shown == []
    assert_unchanged(window, models_json)


def test_importing_from_a_stalled_drive_waits_without_a_cancel_that_would_lie(
    window: MainWindow,
    qtbot: QtBot,
    llama_config: Path,
    models_json: Path,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once the id is given the import writes the user's catalog: the dialog has no Cancel
    (the write would go on all the same), and Escape leaves it up until the import is done."""
    reads: list[Path] = []

    def the_imports_own_read(path: Path) -> bool:  # after the suggestion's and the check's
        reads.append(path)
        return path == llama_config and reads.count(llama_config) > 2

    seen: dict[str, object] = {}

    def press_escape(dialog: WaitDialog) -> None:
        seen["doing"] = dialog.doing.text()
        seen["buttons"] = dialog.findChild(QDialogButtonBox)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen["open after Escape"] = dialog.isVisible()
        drive_back.set()

    waiting = when_shown(WaitDialog, press_escape)
    stalled = stalled_reads(monkeypatch, reading, "read_regular", the_imports_own_read)
    with stalled as drive_back, qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        run_import(window, qtbot, llama_config, "our-llama")
    waiting.poll.stop()
    assert (waiting.shown, waiting.left_open) == (True, False)
    assert seen == {
        "doing": f"Importing {llama_config} as 'our-llama'…",
        "buttons": None,
        "open after Escape": True,
    }
    assert shown[0].startswith("Model imported: Added model 'our-llama'")
    assert window.controller.scenario.workload.model_id == "our-llama"


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("fifo", "is a pipe (FIFO), not a regular file"),
        ("/dev/zero", "is a device, not a regular file"),
        ("empty", "the file is empty; it should hold a JSON object"),
    ],
)
def test_a_file_that_is_not_a_config_is_said_at_once(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    models_json: Path,
    shown: list[str],
    kind: str,
    words: str,
) -> None:
    """A pipe waits forever for a writer and /dev/zero never ends: each is refused before it
    is opened, in one message naming it; the window was never stuck."""
    if kind == "/dev/zero":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "configs" / "config.json"
        path.parent.mkdir()
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.write_bytes(b"")
    choose_only(window, qtbot, path)
    (message,) = shown
    assert message == f"Model not imported: {path}: {words}\n\nNothing was changed."
    assert not models_json.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file without read permission")
def test_a_config_without_read_permission_is_said(
    window: MainWindow,
    qtbot: QtBot,
    llama_config: Path,
    shown: list[str],
) -> None:
    llama_config.chmod(0)
    choose_only(window, qtbot, llama_config)
    (message,) = shown
    assert message == (
        f"Model not imported: {llama_config}: cannot be read (Permission denied)"
        "\n\nNothing was changed."
    )


def test_an_import_while_the_users_catalog_is_still_read_at_start_keeps_the_import(
    window: MainWindow, qtbot: QtBot, llama_config: Path, models_json: Path, shown: list[str]
) -> None:
    """The start-up read of the user's folder (held by its drive) answers after an import that
    read the folder again: its older answer, without the import, is dropped, and the status
    bar no longer says it is reading."""
    with held_drive() as (reader, drive_back):
        start_session(window, None, (), (reader, models_json.parent))
        read = window.user_catalog
        assert read is not None and read.pending()
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            run_import(window, qtbot, llama_config, "our-llama")
        assert not read.pending() and window.document.machine_pending is None
        assert not window.catalog_reading.isVisibleTo(window)
        drive_back.set()
    threads_ended("aisle-catalog-read")
    assert window.document.machine.models["our-llama"].origin == "user"
    assert window.controller.scenario.workload.model_id == "our-llama"


@pytest.mark.skipif(SHARED is None, reason="shared/model-configs is not beside this checkout")
@pytest.mark.parametrize(
    ("name", "figures"),
    [
        # (layers, heads, KV heads, head width, MLA latent, window, layers of each kind)
        ("moonshotai--Kimi-K3", (93, 96, 96, 128, 512, None, {"linear": 69, "full": 24})),
        (
            "nvidia--Gemma-4-31B-IT-NVFP4",
            (60, 32, 16, 256, None, 1024, {"sliding": 50, "full": 10}),
        ),
        ("XiaomiMiMo--MiMo-V2-Flash", (48, 64, 4, 192, None, 128, {"full": 9, "sliding": 39})),
        (
            "deepseek-ai--DeepSeek-V4-Flash",
            (43, 64, 1, 512, 448, None, {"sliding": 2, "compressed": 41}),
        ),
    ],
)
def test_a_shared_config_imported_in_the_window_has_its_architecture(
    window: MainWindow,
    qtbot: QtBot,
    shown: list[str],
    name: str,
    figures: tuple[object, ...],
) -> None:
    """Hostile walk (hostile34): the shared configs through Catalog > Import Model Config…,
    one a reader of layers by kind (linear attention and MLA, a nested text_config with
    sliding layers, a windowed MoE, compressed attention): the model the window then sizes has
    the architecture `tests/catalog/test_shared_configs_imported.py` reads off each."""
    assert SHARED is not None
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 3):
        run_import(window, qtbot, SHARED / f"{name}_config.json", "imported")
    model = window.document.catalog.models["imported"]
    kinds: dict[str, int] = {}
    for group in model.layers or []:
        kinds[group.kind] = kinds.get(group.kind, 0) + group.count
    a = model.attention
    assert (
        model.num_layers,
        model.num_attention_heads,
        model.num_key_value_heads,
        model.head_dim,
        a.kv_lora_rank,
        a.sliding_window_tokens,
        kinds,
    ) == figures
    assert window.controller.scenario.workload.model_id == "imported"
    assert shown[0].startswith("Model imported: Added model 'imported' (")


def test_a_models_folder_is_imported_from_its_config_and_quantization_beside(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, models_json: Path, shown: list[str]
) -> None:
    """hostile35: the CLI took a model's folder as downloaded (`catalog import-model FOLDER`),
    the window's dialog only files. Catalog > Import Model Folder… takes the folder: its
    config.json is read, with ModelOpt's hf_quant_config.json beside it."""
    config = written_config(tmp_path / "Our-Llama-8B", json.dumps(LLAMA_8B_CONFIG))
    quantized = {"producer": {"name": "modelopt"}, "quantization": {"quant_algo": "FP8"}}
    (config.parent / "hf_quant_config.json").write_text(json.dumps(quantized), encoding="utf-8")
    seen: dict[str, str] = {}
    answers = [
        when_shown(QFileDialog, pick_file(qtbot, config.parent)),
        when_shown(ModelIdDialog, type_id(qtbot, "our-llama", seen)),
    ]
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.import_folder_action.trigger()
    for answer in answers:
        answer.poll.stop()
    assert [(a.shown, a.left_open) for a in answers] == [(True, False), (True, False)]
    assert seen["suggested"] == "our-llama-8b"
    (entry,) = json.loads(models_json.read_text(encoding="utf-8"))["entries"]
    assert (entry["id"], entry["total_params_b"]) == ("our-llama", 8.0303)
    assert entry["native_precision"] == "fp8"  # from hf_quant_config.json, not the config
    assert window.controller.scenario.workload.model_id == "our-llama"
    (said,) = shown
    assert said.startswith("Model imported: Added model 'our-llama' (8.0 B parameters) in ")


def test_a_folder_without_a_config_is_said_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, models_json: Path, shown: list[str]
) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    choose_only(window, qtbot, folder, folder=True)
    assert shown == [
        f"Model not imported: {folder}: is a folder with no config.json in it; give the "
        "model's config.json (it comes with the weights), or the folder that holds it"
        "\n\nNothing was changed."
    ]
    assert_unchanged(window, models_json)
