"""`plan new`, `plan check` and `size FILE`: output, exit statuses, messages without tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def plan_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "chat.aisle"
    code, out, _ = run(capsys, "plan", "new", "--preset", "llama-8b-chat", "-o", str(path))
    assert code == 0 and "wrote" in out
    return path


def test_plan_new_gives_a_bare_name_the_plan_suffix_as_save_as_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan new -o chat` wrote a file named "chat", which File > Open did not list."""
    folder = tmp_path / "plans"
    folder.mkdir()
    code, out, err = run(capsys, "plan", "new", "-o", str(folder / "chat"))
    assert (code, err) == (0, "")
    scenario = "Llama 3.1 70B RAG assistant"
    assert out == f'wrote {folder / "chat.aisle"}: plan version 4, scenario "{scenario}"\n'
    code, _, err = run(capsys, "plan", "new", "-o", str(folder / "chat"))
    assert code == 2 and err.startswith(f"aisle-desktop: {folder / 'chat.aisle'}: already exists")
    (folder / "notes").write_text("not a plan", encoding="utf-8")  # there already: not renamed
    code, _, err = run(capsys, "plan", "new", "-o", str(folder / "notes"), "--force")
    assert code == 2 and "notes: exists and is not an Aisle plan" in err
    # `-o plan.json` wrote plan.json.aisle and said only "wrote plan.json.aisle", as if asked.
    code, out, err = run(capsys, "plan", "new", "-o", str(folder / "plan.json"))
    assert (code, err) == (0, "")
    assert out.startswith(
        f"wrote {folder / 'plan.json.aisle'}, not plan.json (a plan file's name ends in "
        ".aisle: File > Open lists those): plan version 4, scenario "
    )
    assert sorted(p.name for p in folder.iterdir()) == ["chat.aisle", "notes", "plan.json.aisle"]


def test_plan_new_writes_a_valid_plan(plan_path: Path) -> None:
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    assert data["format"] == "aisle-plan" and data["version"] == 4
    assert [s["name"] for s in data["scenarios"]] == ["Llama 3.1 8B chat assistant"]


def test_plan_new_refuses_to_overwrite_without_force(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = plan_path.read_bytes()
    code, _, err = run(capsys, "plan", "new", "--preset", "deepseek-v3", "-o", str(plan_path))
    assert code == 2 and "already exists" in err and "--force" in err
    assert plan_path.read_bytes() == before
    code, _, _ = run(
        capsys, "plan", "new", "--preset", "deepseek-v3", "-o", str(plan_path), "--force"
    )
    assert code == 0
    assert (plan_path.parent / "chat.aisle.bak").read_bytes() == before


def test_plan_new_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", "new", "-o", str(tmp_path / "nope" / "x.aisle"))
    assert code == 2 and "does not exist; choose or create a folder first" in err


def test_plan_check_ok(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "check", str(plan_path))
    assert code == 0 and "no problems" in out and "1 scenario" in out and err == ""


def test_plan_check_lists_unknown_ids_per_scenario(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    data["scenarios"][0]["hardware"]["gpu_id"] = "h900"
    plan_path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "plan", "check", str(plan_path))
    assert code == 1
    assert 'scenario "Llama 3.1 8B chat assistant"' in out and 'GPU "h900"' in out


LACKS_BOTH = 'unknown on this machine and not in the plan: model "retired-model", GPU "retired-gpu"'


def _lacking_model_and_gpu(plan_path: Path) -> Path:
    """The plan, its scenario naming a model and a GPU no catalog here has."""
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    data["scenarios"][0]["workload"]["model_id"] = "retired-model"
    data["scenarios"][0]["hardware"]["gpu_id"] = "retired-gpu"
    plan_path.write_text(json.dumps(data), encoding="utf-8")
    return plan_path


def test_size_names_every_entry_a_scenario_lacks_at_once(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hostile walk (hostile34): a plan naming a model and a GPU no catalog here has; `size`
    named the GPU only (the first sizing looked up), then the model once that was mended."""
    path = _lacking_model_and_gpu(plan_path)
    code, _out, err = run(capsys, "size", str(path))
    assert code == 1
    assert err == (f'aisle-desktop: {path}: scenario "Llama 3.1 8B chat assistant": {LACKS_BOTH}\n')


def test_bom_names_every_entry_a_scenario_lacks_at_once_as_size_does(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hostile35: `bom` still named the GPU only ('unknown GPU id "retired-gpu"'), then the
    model once that was mended."""
    path = _lacking_model_and_gpu(plan_path)
    code, out, err = run(capsys, "bom", str(path))
    assert (code, out) == (2, "")
    assert err == (f'aisle-desktop: {path}: scenario "Llama 3.1 8B chat assistant": {LACKS_BOTH}\n')


def test_report_names_every_entry_a_scenario_lacks_at_once_as_size_does(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hostile35: `report` noted 'could not be sized: unknown GPU id "retired-gpu"' only."""
    pytest.importorskip("PySide6", reason="the report is drawn with Qt")
    path = _lacking_model_and_gpu(plan_path)
    pdf = path.with_suffix(".pdf")
    code, out, err = run(capsys, "report", str(path), "-o", str(pdf))
    assert code == 1 and out.startswith(f"wrote {pdf}: ")
    assert err == (
        'aisle-desktop: note: Scenario "Llama 3.1 8B chat assistant" could not be sized: '
        f"{LACKS_BOTH}\n"
    )


def test_a_key_twice_is_refused_with_its_line_and_column(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hostile35: a plan with a key twice was refused without saying where."""
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.replace('"name": ', '"name": "x", "name": ', 1), encoding="utf-8")
    line = text[: text.index('"name": ')].count("\n") + 1
    column = len('      "name": "x", ') + 1
    for command in ("size", "bom", "plan check"):
        code, out, err = run(capsys, *command.split(), str(plan_path))
        assert (code, out) == (2, "")
        assert err == (
            f"aisle-desktop: {plan_path}: not a valid plan at line {line}, column {column}: "
            'key "name" appears twice in one object\n'
        )


def test_plan_check_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.aisle"
    path.write_text('{"format": "aisle-plan", "version": 2, "scenarios": [{"name": ""}]}')
    code, out, err = run(capsys, "plan", "check", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"aisle-desktop: {path}") and "name" in err


def test_size_file_text_and_json(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "size", str(plan_path))
    assert code == 0 and out.startswith("Llama 3.1 8B chat assistant\n") and err == ""
    code, out, _ = run(capsys, "size", str(plan_path), "--json")
    records = json.loads(out)
    assert code == 0 and [r["scenario_name"] for r in records] == ["Llama 3.1 8B chat assistant"]
    assert records[0]["gpus"] >= 1
    assert records[0]["tail_latency"]["ttft_p99_s"] >= records[0]["tail_latency"]["ttft_p50_s"]


def test_size_file_with_every_scenario_and_one_that_cannot_be_sized(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(data["scenarios"][0]))
    broken["name"] = "On a GPU we lack"
    broken["hardware"]["gpu_id"] = "h900"
    data["scenarios"].append(broken)
    plan_path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "size", str(plan_path), "--json")
    records = json.loads(out)
    assert code == 1
    assert "error" in records[1] and 'scenario "On a GPU we lack"' in err and "h900" in err


def test_size_preset_still_works_and_not_both(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "size", "--preset", "deepseek-v3")
    assert code == 0 and out.startswith("DeepSeek-V3")
    code, _, err = run(capsys, "size", str(plan_path), "--preset", "deepseek-v3")
    assert code == 2 and "not both" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        (b'{"format": "aisle-plan", "version": 99}', "version 99"),
        (b'{"format": "aisle-plan", "version": 2, "notes": NaN}', "finite"),
    ],
)
def test_size_bad_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str
) -> None:
    path = tmp_path / "bad.aisle"
    path.write_bytes(content)
    code, out, err = run(capsys, "size", str(path))
    assert code == 2 and out == "" and says in err and "Traceback" not in err
    assert path.read_bytes() == content


def test_subprocess_bad_file_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.aisle"
    path.write_text("[" * 50_000)
    done = subprocess.run(
        [sys.executable, "-m", "aisle_desktop", "plan", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and str(path) in done.stderr


def test_plan_check_notes_fields_left_to_their_defaults(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    del data["scenarios"][0]["hardware"]["gpu_id"]
    plan_path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "plan", "check", str(plan_path))
    assert code == 0 and err == ""
    assert out.splitlines()[1:] == [
        '  note: scenario 1 "Llama 3.1 8B chat assistant", hardware, GPU (gpu_id): not in the '
        'file, so Aisle uses the default: "h100-sxm"',
        "  no problems",
    ]


def test_a_negative_zero_in_a_plan_file_is_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: a file's -0.0 stayed -0.0 (size's sentence: "asking again -0 s", --json's
    costs -0.0); the file's numbers are read as zero."""
    path = tmp_path / "rag.aisle"
    code, _, _ = run(capsys, "plan", "new", "--preset", "llama-70b-rag", "-o", str(path))
    text = path.read_text(encoding="utf-8")
    for key in ("think_time_s", "retrieval_latency_ms"):
        text = text.replace(f'"{key}": 60.0', f'"{key}": -0.0').replace(
            f'"{key}": 100.0', f'"{key}": -0.0'
        )
    text = text.replace('"server_price_usd": null', '"server_price_usd": -1e-400')
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "size", str(path))
    assert code == 0 and "asking again 0 s after answers" in out
    assert re.findall(r"(?<![\d-])-0\b", out) == []  # dates (2026-04) aside
    code, out, _ = run(capsys, "size", str(path), "--json")
    assert code == 0 and re.findall(r"(?<![\d-])-0\b", out) == []


def test_plan_new_replaces_only_a_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_root: Path
) -> None:
    """The walk: `plan new -o catalog/gpus.json --force` wrote a plan over the catalog's GPUs
    (and over any file named so); --force replaces a plan, and only a plan."""
    folder = tmp_path / "out"
    folder.mkdir()
    gpus = folder / "gpus.json"
    gpus.write_bytes((repo_root / "catalog" / "gpus.json").read_bytes())
    link = folder / "looks like a plan.aisle"
    link.symlink_to(gpus)
    for path in (gpus, link):
        for force in ([], ["--force"]):
            code, _, err = run(capsys, "plan", "new", "-o", str(path), *force)
            assert code == 2 and err == (
                f"aisle-desktop: {path}: exists and is not an Aisle plan; plan new replaces "
                "only a plan (with --force). Choose another file name (say one ending in .aisle)\n"
            )
    assert gpus.read_bytes() == (repo_root / "catalog" / "gpus.json").read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["gpus.json", "looks like a plan.aisle"]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["", "--force"])
def test_plan_new_names_a_device_a_device_with_or_without_force(
    capsys: pytest.CaptureFixture[str], force: list[str]
) -> None:
    """`plan new -o /dev/null` said "already exists; use --force to replace it", which then
    refused it as a device."""
    code, out, err = run(capsys, "plan", "new", "-o", "/dev/null", *force)
    assert (code, out) == (2, "")
    assert err == (
        "aisle-desktop: /dev/null: could not save: it is a device, not a file; "
        "give a file name ending in .aisle\n"
    )


def test_size_says_when_the_plan_widens_the_checkpoint_it_sizes(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """gpt-oss-120b at BF16: the planner reads, beside the GPUs, that OpenAI ships MXFP4 and
    the plan sizes weights converted to BF16, 3.6 times their bytes."""
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    workload = data["scenarios"][0]["workload"]
    workload["model_id"], workload["weight_precision"] = "gpt-oss-120b", "bf16"
    plan_path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "size", str(plan_path))
    assert code == 0 and "Serving   gpt-oss-120b, BF16 weights" in out
    said = (
        "  Good to know: gpt-oss-120b ships MXFP4 weights; this plan sizes them at BF16, which "
        "needs them converted to BF16 first: 3.6 times the weight memory"
    )
    assert said in out
    workload["weight_precision"] = "mxfp4"
    plan_path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "size", str(plan_path))
    assert code == 0 and "gpt-oss-120b ships" not in out
