"""`aisle-desktop sensitivity`: the JSON shape the issue asks for, the text, goal-seeks, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, preset_scenario, save_plan

KEYS = {
    "choice",
    "low",
    "high",
    "gpus_low",
    "gpus_high",
    "tco_per_year_usd_low",
    "tco_per_year_usd_base",
    "tco_per_year_usd_high",
}
# The default plan: 9.63 kW with cooling (tests/sizing/test_whole_servers.py).
# Energy: 8 h x 250 days serving at 9.63 kW, the other 6,760 h idle at 4.59 kW (PUE 1.5).
ONE_DGX_H100_USD = 110_000 + 33_000 + (9.63 * 2000 + 4.59 * 6760) * 0.146 + 10.2 * 194.95 * 12


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_lists_every_choice_with_low_and_high(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sensitivity", "--preset", "llama-70b-rag", "--json")
    assert code == 0 and err == ""
    record = json.loads(out)
    choices = record["choices"]
    assert {c["choice"] for c in choices} >= {
        "Weight precision",
        "KV cache precision",
        "Prompt length (context)",
        "Serving engine",
        "GPU",
        "Number of users",
        "Latency targets",
        "Redundancy",
    }
    for row in choices:
        assert set(row) >= KEYS
        assert row["tco_per_year_usd_base"] == pytest.approx(ONE_DGX_H100_USD, rel=1e-6)
    users = next(c for c in choices if c["choice"] == "Number of users")
    assert (users["low"], users["high"]) == ("150 active users", "600 active users")


def test_text_and_goal_seeks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "sensitivity", "--preset", "llama-70b-rag", "--tpot-ms", "25", "--budget-usd", "1e6"
    )
    assert code == 0
    assert out.startswith("What swings the budget: Llama 3.1 70B RAG assistant\n")
    # 300 active users need 3 replicas of TP 2 (6 GPUs) of the DGX H100's 8; at 150 users 2
    # replicas (4 GPUs), in the same one server at nearly the same cost, and so at 600 users
    # (4 replicas: 8.14 requests/s at the targets' E2E, 80% of 3.71 each, and the spare).
    assert "Plan: 8 GPUs bought, 6 needed, $174 k/year." in out
    assert "GPU counts are the GPUs bought in whole servers, with those the load needs" in out
    assert "  lower   150 active users: 8 GPUs bought, 4 needed, $174 k/year\n" in out
    assert "  higher  600 active users: 8 GPUs, $174 k/year\n" in out
    assert "At TPOT 25 ms it is 16 GPUs bought, 12 needed, $348 k/year." in out
    assert "$1 M/year serves up to 4,115 active users on 40 GPUs ($871 k/year)." in out


def test_a_plan_file_and_a_named_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = tmp_path / "p.aisle"
    assert main(["plan", "new", "--preset", "llama-8b-chat", "-o", str(plan)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "sensitivity", str(plan), "--json")
    assert code == 0 and json.loads(out)["scenario"] == "Llama 3.1 8B chat assistant"
    code, _, err = run(capsys, "sensitivity", str(plan), "--scenario", "Nope")
    assert code == 2
    assert err == (
        'aisle-desktop: sensitivity: the plan has no scenario "Nope"; it has '
        '"Llama 3.1 8B chat assistant"\n'
    )


def test_a_scenario_not_in_a_plan_of_hundreds_is_said_in_a_short_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Hostile walk: a 5,000-character --scenario was quoted whole, and the plan's names all
    listed, one line of 30,000 characters for a plan of 1,000 scenarios."""
    chat = preset_scenario("llama-8b-chat")
    plan = tmp_path / "many.aisle"
    scenarios = [chat.model_copy(update={"name": f"Chat {n}"}) for n in range(1, 301)]
    save_plan(Plan(scenarios=scenarios), plan)
    code, _, err = run(capsys, "bom", str(plan), "--scenario", "x" * 5_000)
    assert code == 2
    assert err == (
        f'aisle-desktop: bom: the plan has no scenario "{"x" * 57}..."; it has '
        '"Chat 1", "Chat 2", "Chat 3" and 297 more scenarios\n'
    )


def test_no_plan_says_what_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sensitivity")
    assert code == 2 and out == ""
    assert "give a plan FILE or --preset NAME (one of them)" in err and "Traceback" not in err


TPOT_RANGE = "wants a number of milliseconds from 1 to 10,000"
BUDGET_RANGE = "wants a number of dollars a year from 1,000 to 10,000,000,000"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--tpot-ms", "0"], f"argument --tpot-ms: {TPOT_RANGE}, got 0 "),
        (["--budget-usd", "nan"], f"argument --budget-usd: {BUDGET_RANGE}, got nan "),
        # The walk: past the window's goal-seek limits the answers printed 300-digit numbers
        # ("At TPOT 1,666,666,...,936 min", "$100,000,...,016 B/year serves ...").
        (["--tpot-ms", "1e308"], f"argument --tpot-ms: {TPOT_RANGE}, got 1e308 "),
        (["--tpot-ms", "1e-300"], f"argument --tpot-ms: {TPOT_RANGE}, got 1e-300 "),
        (["--budget-usd", "1e308"], f"argument --budget-usd: {BUDGET_RANGE}, got 1e308 "),
        # Hostile walk: a number past a float's range was quoted back as "inf", and a word
        # got argparse's "invalid float value" with no range.
        (["--budget-usd", "1e309"], f"argument --budget-usd: {BUDGET_RANGE}, got 1e309 "),
        (["--budget-usd=-1e6"], f"argument --budget-usd: {BUDGET_RANGE}, got -1e6 "),
        (["--tpot-ms=-inf"], f"argument --tpot-ms: {TPOT_RANGE}, got -inf "),
        (["--tpot-ms", "fast"], f"argument --tpot-ms: {TPOT_RANGE}, got fast "),
        (["--tpot-ms", "9" * 400], f"argument --tpot-ms: {TPOT_RANGE}, got {'9' * 27}... "),
    ],
)
def test_a_goal_out_of_range_is_refused_with_its_range_as_typed(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["sensitivity", "--preset", "llama-70b-rag", *argv])
    captured = capsys.readouterr()
    assert stop.value.code == 2 and captured.out == ""
    assert captured.err.startswith(f"aisle-desktop sensitivity: {message}(`"), captured.err
    assert len(captured.err.splitlines()) == 1
