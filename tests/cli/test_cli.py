"""The headless commands: exit statuses, output shapes and messages without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import PRESETS

DEV_SET = Path(__file__).resolve().parents[2] / "validation" / "published_dev.jsonl"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_predict_answers_every_line_of_the_development_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "predict", str(DEV_SET))
    answers = [json.loads(line) for line in out.splitlines()]
    ids = [json.loads(line)["id"] for line in DEV_SET.read_text().splitlines() if line.strip()]
    assert [a["id"] for a in answers] == ids
    assert [a for a in answers if "error" in a] == []
    assert code == 0 and err == ""
    needed = {
        "fits",
        "replicas",
        "max_concurrency",
        "batch",
        "memory_per_gpu_gb",
        "output_tokens_per_s",
        "total_tokens_per_s",
        "requests_per_s",
        "ttft_ms",
        "tpot_ms",
        "e2e_latency_s",
        "bound",
        "saturated",
    }
    assert all(needed <= set(a) for a in answers if a["fits"])


def test_predict_reports_bad_lines_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = DEV_SET.read_text().splitlines()[0]
    bad = json.loads(good) | {"id": "bad-tp", "tp": 3, "num_gpus": 3}
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([good, "{not json", json.dumps(bad), "[1, 2]", good]) + "\n")
    code, out, _ = run(capsys, "predict", str(path))
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert len(answers) == 5
    assert "error" not in answers[0] and "error" not in answers[4]
    assert "line 2" in answers[1]["error"] and "JSON" in answers[1]["error"]
    assert answers[2]["id"] == "bad-tp" and "attention heads" in answers[2]["error"]
    assert "JSON object" in answers[3]["error"]


@pytest.mark.parametrize("make", ["missing", "directory", "binary"])
def test_unreadable_file_exits_2_with_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str
) -> None:
    path = tmp_path / "scenarios.jsonl"
    if make == "directory":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage\x9c")
    code, out, err = run(capsys, "predict", str(path))
    assert code == 2 and out == ""
    assert err.startswith("aisle-desktop: ") and str(path) in err and "Traceback" not in err


def test_validate_prints_tables_and_worst_ten(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(DEV_SET))
    assert code == 0
    for heading in ("By metric", "By metric and scenario kind", "Worst ten"):
        assert heading in out
    assert "output_tokens_per_s" in out and "median |err|" in out


def test_catalog_export_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "export")
    data = json.loads(out)
    assert code == 0
    assert {"gpus", "models", "engines", "servers"} <= set(data)
    gpu_keys = {
        "id",
        "memory_gb",
        "memory_bandwidth_tbps",
        "bf16_tflops",
        "fp8_tflops",
        "fp4_tflops",
        "tdp_w",
    }
    assert all(gpu_keys <= set(g) for g in data["gpus"])
    model_keys = {
        "id",
        "num_layers",
        "hidden_size",
        "num_attention_heads",
        "num_key_value_heads",
        "head_dim",
        "total_params_b",
        "active_params_b",
        "kv_bytes_per_token_16bit",
    }
    assert all(model_keys <= set(m) for m in data["models"])
    by_id = {m["id"]: m for m in data["models"]}
    assert by_id["llama-3.1-70b"]["kv_bytes_per_token_16bit"] == 327_680
    assert by_id["deepseek-v3"]["kv_bytes_per_token_16bit"] == 70_272
    assert by_id["llama-3.1-70b"]["active_params_b"] is None


@pytest.mark.parametrize("kind", ["gpus", "models", "engines", "servers", "hosted-apis"])
def test_catalog_list_prints_a_table(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    code, out, _ = run(capsys, "catalog", "list", kind)
    assert code == 0 and out.splitlines()[1].startswith("---")


def test_catalog_list_offers_the_hosted_apis_the_break_even_compares_with(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """There was no way to read which hosted APIs a plan's `hosted_api_id` may name. Prices
    read as the window's Hosted API field writes them, "$3.5/M tokens" (was "$3.50/Mtok")."""
    _, out, _ = run(capsys, "catalog", "list", "hosted-apis")
    header, _rule, *lines = out.splitlines()
    assert header.split() == [
        "id",
        "name",
        "kind",
        "like",
        "model",
        "input",
        "output",
        "price",
        "date",
    ]
    row = next(line for line in lines if line.startswith("together-llama-3.1-405b "))
    cells = [cell.strip() for cell in row.split("  ") if cell.strip()]
    assert cells == [
        "together-llama-3.1-405b",
        "Llama 3.1 405B Instruct Turbo (Together AI)",
        "llm",
        "llama-3.1-405b",
        "$3.5/M tokens",
        "$3.5/M tokens",
        "2025-06-01",
    ]


def test_catalog_list_gives_parameters_as_the_window_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Kimi K2's 1,026.41 billion parameters read 1.03 T, as in the window, not 1026.41 B."""
    _, out, _ = run(capsys, "catalog", "list", "models")
    rows = {line.split()[0]: line.split("  ") for line in out.splitlines()[2:]}
    cells = {key: [cell.strip() for cell in row if cell.strip()] for key, row in rows.items()}
    assert cells["kimi-k2"][2:4] == ["1.03 T", "32.9 B"]
    assert cells["llama-3.1-70b"][2:4] == ["70.6 B", "-"]
    assert cells["all-minilm-l6-v2"][2] == "22.7 M"
    # bytes in the decimal units of every memory figure (9.62 KiB, 7.62 MiB before)
    assert cells["deepseek-v4-pro"][-2:] == ["9.85 kB", "8 MB"]
    assert cells["llama-3.1-70b"][-2:] == ["328 kB", "-"]  # no state held per sequence


def test_catalog_list_gives_context_windows_as_model_cards_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Llama 2's 4,096-token window read "4.1 k" and Llama 3.1's 131,072 "131 k"."""
    header, models = _cells(run(capsys, "catalog", "list", "models")[1])
    at = header.index("context")
    assert models["llama-2-7b"][at] == "4,096"
    assert models["llama-3.1-70b"][at] == "128 k"
    assert models["llama-4-scout"][at] == "10 M"


def _cells(out: str) -> tuple[list[str], dict[str, list[str]]]:
    """A `catalog list` table's header (split on its column gaps) and its rows by id."""
    header, _rule, *lines = out.splitlines()
    rows = {line.split()[0]: [c.strip() for c in line.split("  ") if c.strip()] for line in lines}
    return [c.strip() for c in header.split("  ") if c.strip()], rows


def test_catalog_list_of_gpus_and_engines_reads_in_the_planners_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The GPUs' compute read "312", "1979" with no unit and their link "nvlink x8" (a lane
    width?); the engines' defaults "0.9 of free_after_weights", "eta mem 0.7", "max seqs
    2048". They read as the hardware panel and the assumptions do."""
    header, gpus = _cells(run(capsys, "catalog", "list", "gpus")[1])
    assert header[4:] == ["BF16 TFLOPS", "FP8 TFLOPS", "FP4 TFLOPS", "TDP", "link"]
    assert gpus["h100-sxm"][4:] == ["989", "1,979", "-", "700 W", "NVLink, 8 GPUs"]
    header, engines = _cells(run(capsys, "catalog", "list", "engines")[1])
    assert " | ".join(header[2:]) == (
        "memory it takes | sequences a step | tokens a step | memory speed reached | "
        "compute reached | time a step"
    )
    assert " | ".join(engines["tensorrt-llm"][2:]) == (
        "90 % of what weights leave | 2,048 | 8,192 | 70 % | 60 % | 1 ms"
    )
    assert engines["vllm"][2] == "90 % of memory"


def test_size_default_preset_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "size", "--preset", "llama-70b-rag")
    assert code == 0
    assert "Llama 3.1 70B RAG assistant" in out and "Time to first token" in out
    assert "Assumptions" in out and "Warnings" in out
    assert "Tail latency (simulated, 1,600 requests" in out and "p95" in out


def test_size_names_the_engine_release_and_the_expert_layout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "size", "--preset", "deepseek-v3")
    assert code == 0
    assert "FP8 weights, BF16 KV cache, SGLang 0.5.22 (2026-10)" in out
    assert "replicas of TP 8 × EP 8, attention data-parallel 8, in " in out
    assert (
        "Layout    EP 8 with data-parallel attention: each GPU keeps only its own sequences' "
        "latent KV, so "
    ) in out
    code, out, _ = run(capsys, "size", "--preset", "deepseek-v3", "--json")
    (record,) = json.loads(out)
    assert record["engine_release"] == "SGLang 0.5.22 (2026-10)"
    assert record["layout"] == "TP 8 × EP 8, attention data-parallel 8"
    assert record["layout_reason"].startswith("EP 8 with data-parallel attention")


def test_size_names_each_pools_memory_per_gpu(capsys: pytest.CaptureFixture[str]) -> None:
    """DeepSeek-V3 in pools: a prefill worker of TP 2 × PP 3 holds 671 GB of FP8 weights over
    6 GPUs (112 GB each), a decode worker of TP 8 over 8 (84.1 GB each)."""
    code, out, _ = run(capsys, "size", "--preset", "deepseek-v3", "--serving", "disaggregated")
    assert code == 0
    weights = "\n  Weights" + " " * 38
    assert f"Memory per GPU, prefill pool (TP 2 × PP 3){weights}112 GB\n" in out
    assert f"Memory per GPU, decode pool (TP 8 × PP 1){weights}84.1 GB\n" in out
    assert "  Full-length requests a decode worker holds   192 sequences\n" in out
    assert "per replica" not in out
    # What binds, and what each pool's step waits on; the pools' own tail latencies.
    assert (
        "Binds     decode pool; a prefill step is compute-bound, a decode step memory "
        "bandwidth-bound\n" in out
    )
    assert "Tail latency (simulated, 1,600 requests through a prefill and a decode worker" in out
    assert "answers each" in out and "up to " in out.split("Decode workers", 1)[1].split("\n")[0]


def test_size_compare_shows_both_ways_tails_against_the_targets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The agentic coding preset compared: one replica's p95 TTFT 1.03 s against the pools'
    2.45 s, both within 3 s; the pools' p99 TTFT, 3.08 s, over it (1.07, 2.6 and 3.38 s under
    calibration 2026.12.28). The JSON carries both."""
    code, out, _ = run(capsys, "size", "--preset", "agentic-coding", "--serving", "compare")
    assert code == 0
    both = out.split("Tail latency both ways (simulated at the planned load)\n", 1)[1]
    rows = both.split("\n")[:5]
    assert rows[0].split() == ["together", "in", "two", "pools"]
    assert (
        "p95 time to first token" in rows[1]
        and "1.03 s (within 3 s)" in rows[1]
        and "2.45 s (within 3 s)" in rows[1]
    )
    assert "p99 time to first token" in rows[2] and "3.08 s (over 3 s)" in rows[2]
    assert "p95 time per output token" in rows[3] and "(within 40 ms)" in rows[3]
    code, out, _ = run(
        capsys, "size", "--json", "--preset", "agentic-coding", "--serving", "compare"
    )
    serving = json.loads(out)[0]["serving"]
    assert serving["together_tail_latency"]["ttft_p95_s"] == pytest.approx(1.03, abs=0.005)
    assert serving["pools_tail_latency"]["ttft_p99_s"] == pytest.approx(3.08, abs=0.005)
    assert serving["pools_tail_latency"]["pools"] is True


def test_bad_catalog_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--catalog", str(tmp_path / "nowhere"), "catalog", "list", "gpus")
    assert code == 2 and "nowhere" in err and "Traceback" not in err


def test_console_script_runs_without_qt_display(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aisle_desktop", "size", "--json", "--preset", "llama-8b-chat"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["fits"] is True


def test_catalog_shows_the_accelerators_of_late_2026(capsys: pytest.CaptureFixture[str]) -> None:
    new_gpus = ["gb300", "mi350x", "h20", "h800", "l20", "arc-pro-b60", "rtx-pro-4500"]
    _, gpus, _ = run(capsys, "catalog", "list", "gpus")
    rows = {line.split()[0]: line for line in gpus.splitlines()[2:]}
    assert set(new_gpus) <= set(rows)
    assert rows["gb300"].rstrip().endswith("NVLink, 72 GPUs")
    assert rows["arc-pro-b60"].rstrip().endswith("PCIe, 1 GPU")
    _, servers, _ = run(capsys, "catalog", "list", "servers")
    tray = next(line for line in servers.splitlines() if line.startswith("gb300-nvl72-tray"))
    assert "1U, 18 per 48U rack" in tray and "$205,000" in tray
    _, exported, _ = run(capsys, "catalog", "export")
    data = json.loads(exported)
    assert set(new_gpus) <= {g["id"] for g in data["gpus"]}
    by_id = {s["id"]: s for s in data["servers"]}
    assert by_id["gb300-nvl72-tray"]["rack_scale"] == {"servers_per_rack": 18, "rack_units": 48}
    assert by_id["dgx-h100"]["rack_scale"] is None
    assert data["prices"][0]["colocation_as_of"] == "2025-12-31"


def test_catalog_sources_lists_every_gpu_with_its_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "sources")
    assert code == 0 and out.startswith("<!-- catalog sources")
    row = next(line for line in out.splitlines() if line.startswith("| `arc-pro-b60` |"))
    assert "| Intel Arc Pro B60 24GB | 2026-12-04 |" in row and "intel.com" in row


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["frobnicate"], "aisle-desktop: argument COMMAND: invalid choice: 'frobnicate'"),
        (["bom", "--preset", "nope"], "aisle-desktop bom: argument --preset: invalid choice"),
        (["plan", "new"], "aisle-desktop plan new: the following arguments are required: -o"),
        (["sensitivity", "--tpot-ms", "x"], "aisle-desktop sensitivity: argument --tpot-ms"),
        (["size", "a.aisle", "b.aisle"], "aisle-desktop: unrecognized arguments: b.aisle"),
        # Hostile walk: a value beginning with "-" is taken for an option, and argparse said
        # only "expected one argument".
        (
            ["sensitivity", "--preset", "llama-70b-rag", "--budget-usd", "-5e3"],
            "aisle-desktop sensitivity: argument --budget-usd: expected one argument (a value "
            'that begins with "-" is given as --budget-usd=VALUE)',
        ),
        (
            ["report", "--preset", "llama-8b-chat", "-o", "-x.pdf"],
            "aisle-desktop report: argument -o/--output: expected one argument (a value that "
            'begins with "-" is given as --output=VALUE)',
        ),
    ],
)
def test_a_command_line_argparse_refuses_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    """The walk: argparse printed 4 to 7 lines of usage (every preset's id) before its error."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and len(err.splitlines()) == 1 and err.startswith(says), err
    assert err.rstrip().endswith("--help`)")


def test_presets_lists_every_title_in_one_column(capsys: pytest.CaptureFixture[str]) -> None:
    """`presets` wrote "qwen3.5-assistant-b200 Qwen3.5 397B ..." one space past its id, the
    other titles in a column of 20 characters."""
    code, out, _ = run(capsys, "presets")
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(PRESETS)
    starts = {line.index(PRESETS[line.split()[0]].title) for line in lines}
    assert starts == {len("qwen3.5-assistant-b200") + 2}
