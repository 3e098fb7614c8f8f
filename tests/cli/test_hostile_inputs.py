"""The cases that once gave tracebacks, hangs or unbounded memory: one line and exit 2 now.

Each command runs in a child process with a time and memory limit (``tests/cli_child.py``), but
for the loop of links, which the system answers at once.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from aisle_desktop.catalog import shipped_catalog_dir
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, plan_to_text, preset_scenario
from tests.cli_child import cli, one_line, said


def _plan_with(tmp_path: Path, section: str, field: str, value: object) -> Path:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")])))
    target = data["scenarios"][0]
    for part in section.split("."):
        if target.get(part) is None:
            target[part] = {}
        target = target[part]
    target[field] = value
    path = tmp_path / f"{field}.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("section", "field", "value"),
    [
        ("workload.load", "working_hours_per_day", 5e-324),
        ("costs", "amortisation_years", 1e-320),
        ("workload.targets", "ttft_ms", 1e-300),
        ("workload.embeddings", "ingest_hours", 1e-300),
        ("hardware", "rack_power_limit_kw", 1e-300),
    ],
)
def test_tiny_positive_scenario_numbers_are_refused(
    tmp_path: Path, section: str, field: str, value: float
) -> None:
    one_line(cli("size", str(_plan_with(tmp_path, section, field, value))), field)


def test_embeddings_at_their_maxima_are_sized(tmp_path: Path) -> None:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")])))
    data["scenarios"][0]["workload"]["embeddings"] = {
        "corpus_documents": 10_000_000_000,
        "tokens_per_document": 10_000_000,
        "chunk_tokens": 16,
        "ingest_hours": 0.1,
        "queries_per_s": 1_000_000,
        "query_tokens": 32_768,
        "vector_bytes_per_dim": 8,
    }
    path = tmp_path / "maxima.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = cli("size", str(path))
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr


def test_a_loop_of_links_as_a_plan_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Asked of ``main`` in this process, not of a child each: the system answers a loop of
    links at once (ELOOP), so there is no hang or memory for a limit to stop, and three
    children cost some 6 s (35 s under load)."""
    loop = tmp_path / "loop.aisle"
    loop.symlink_to("loop.aisle")
    for argv, says in (
        (["plan", "check", str(loop)], "symbolic links"),
        (["size", str(loop)], "symbolic links"),
        (["plan", "new", "--force", "-o", str(loop)], "loop of symbolic links"),
    ):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err, err
        assert len(said(err)) == 1 and says in err, err


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(shipped_catalog_dir(), target)
    return target


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"entries": [{"id": ' + "9" * 5000 + "}]}", "digits"),
        ('{"entries": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    ],
)
def test_hostile_catalog_files(catalog_copy: Path, content: str, says: str) -> None:
    (catalog_copy / "engines.json").write_text(content, encoding="utf-8")
    one_line(cli("--catalog", str(catalog_copy), "catalog", "list", "gpus"), says)


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_catalog_file_that_never_ends(catalog_copy: Path, kind: str) -> None:
    path = catalog_copy / "models.json"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    one_line(cli("--catalog", str(catalog_copy), "catalog", "list", "gpus"), "models.json")


def test_predict_goes_on_after_a_deeply_nested_or_endless_line(
    tmp_path: Path, repo_root: Path
) -> None:
    published = repo_root / "validation" / "published_dev.jsonl"
    good = published.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "lines.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write("[" * 100_000 + "]" * 100_000 + "\n")
        out.write("x" * 3_000_000 + "\n")
        out.write(good + "\n")
    done = cli("predict", str(path))
    assert "Traceback" not in done.stderr, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == 3
    assert "nested" in answers[0]["error"] and "longer than 1 MB" in answers[1]["error"]
    assert "error" not in answers[2]


def test_predict_on_a_device_is_refused(tmp_path: Path) -> None:
    one_line(cli("predict", "/dev/zero"), "device")
