"""Feed mutated plans and catalogs to the command line and count what happens.

Each case is a folder holding one mutated file (a plan, or a copy of the catalog with one file
mutated). A worker process runs the command in-process (``size PLAN`` with the shipped catalog
already loaded, or ``--catalog DIR size --preset P``); the parent gives each case a time limit,
kills and replaces a worker that overruns it, and compares every file in the case folder
before and after. Outcomes:

- refused cleanly: exit 2 with one line on standard error
- accepted: exit 0 or 1 (sized, or some scenario reported as not sizable here)
- refused untidily: exit 2 but not one line (counted; should be 0)
- tracebacks: an exception escaped ``main``
- hangs: the case overran its time limit
- files modified: a file in the case folder changed, appeared or went

``make fuzz`` runs 10,000 of each kind; ``tests/fuzz/test_fuzz_smoke.py`` 120 in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from tests.fuzz.mutate import mutate

CASE_LIMIT_S = 60.0
OUTCOMES = (
    "refused cleanly",
    "accepted",
    "refused untidily",
    "tracebacks",
    "hangs",
    "files modified",
)


@dataclass
class Tally:
    """Counts per kind ("plans", "catalogs") and outcome, and one example of each failure."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, outcome: str, detail: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1
        if outcome not in ("refused cleanly", "accepted"):
            self.examples.setdefault(f"{kind}: {outcome}", detail)

    def as_json(self) -> str:
        return json.dumps({kind: dict(counts) for kind, counts in self.counts.items()})

    def failures(self) -> int:
        bad = ("refused untidily", "tracebacks", "hangs", "files modified")
        return sum(c[o] for c in self.counts.values() for o in bad)

    def table(self) -> str:
        kinds = sorted(self.counts)
        lines = ["| outcome | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
        for outcome in OUTCOMES:
            cells = " | ".join(f"{self.counts[k][outcome]:,}" for k in kinds)
            lines.append(f"| {outcome} | {cells} |")
        return "\n".join(lines)


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# --- the worker: runs cases in-process ---------------------------------------------------------


def _run_main(argv: list[str]) -> tuple[str, str]:
    from aisle_desktop.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as stop:  # argparse
        code = stop.code if isinstance(stop.code, int) else 2
    except BaseException:
        return "tracebacks", traceback.format_exc(limit=-8)
    message = err.getvalue().strip()
    if code in (0, 1):
        return "accepted", ""
    if code == 2 and message and len(message.splitlines()) == 1:
        return "refused cleanly", ""
    return "refused untidily", f"exit {code}: {message[:2000]}"


def _worker(connection: Connection) -> None:
    import aisle_desktop.cli.main as cli_main

    shipped = cli_main.load_catalog()
    original = cli_main._catalog

    def catalog_for(folder: Path | None, left_out: list[str]) -> Any:
        return shipped if folder is None else original(folder, left_out)

    cli_main._catalog = catalog_for  # type: ignore[assignment]
    while True:
        argv = connection.recv()
        if argv is None:
            return
        connection.send(_run_main(argv))


class Worker:
    """One worker process; replaced when a case overruns its limit."""

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()

    def run(self, argv: list[str], limit_s: float) -> tuple[str, str]:
        self.connection.send(argv)
        if self.connection.poll(limit_s):
            result: tuple[str, str] = self.connection.recv()
            return result
        self.process.kill()
        self.process.join()
        self._start()
        return "hangs", " ".join(argv)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()


# --- the cases ---------------------------------------------------------------------------------


def _seed_plans() -> list[str]:
    from aisle_desktop.catalog import load_catalog
    from aisle_desktop.plan import (
        PRESETS,
        EmbeddingsWorkload,
        Plan,
        entries_used,
        plan_to_text,
        preset_scenario,
    )

    catalog = load_catalog()
    texts = []
    for preset in sorted(PRESETS):
        scenario = preset_scenario(preset)
        texts.append(
            plan_to_text(Plan(scenarios=[scenario], catalog=entries_used(catalog, [scenario])))
        )
    base = preset_scenario(sorted(PRESETS)[0])
    rag = base.model_copy(
        update={"workload": base.workload.model_copy(update={"embeddings": EmbeddingsWorkload()})}
    )
    texts.append(plan_to_text(Plan(scenarios=[rag, base.model_copy(update={"name": "Other"})])))
    return texts


def plan_cases(
    count: int, seed: int, root: Path, shard: tuple[int, int]
) -> Iterator[tuple[Path, list[str]]]:
    seeds = _seed_plans()
    for n in range(shard[0], count, shard[1]):
        folder = root / f"plan-{n}"
        folder.mkdir()
        path = folder / "plan.aisle"
        path.write_bytes(mutate(seeds[(seed + n) % len(seeds)], seed * 1_000_003 + n))
        yield folder, ["size", str(path)]


def catalog_cases(
    count: int, seed: int, root: Path, shard: tuple[int, int]
) -> Iterator[tuple[Path, list[str]]]:
    from aisle_desktop.catalog import shipped_catalog_dir
    from aisle_desktop.plan import PRESETS

    shipped = shipped_catalog_dir()
    files = sorted(p.name for p in shipped.glob("*.json"))
    presets = sorted(PRESETS)
    for n in range(shard[0], count, shard[1]):
        folder = root / f"catalog-{n}"
        shutil.copytree(shipped, folder)
        name = files[(seed + n) % len(files)]
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_bytes(mutate(text, seed * 1_000_003 + n))
        preset = presets[n % len(presets)]
        yield folder, ["--catalog", str(folder), "size", "--preset", preset]


def run(
    plans: int,
    catalogs: int,
    seed: int,
    shard: tuple[int, int] = (0, 1),
    progress: Path | None = None,
) -> Tally:
    """Run the cases (every ``shard[1]``-th from ``shard[0]``); the tally of outcomes.

    With ``progress``, the counts so far are written there every hundred cases.
    """
    tally = Tally()
    worker = Worker()
    try:
        with tempfile.TemporaryDirectory(prefix="aisle-fuzz-") as temp:
            root = Path(temp)
            for kind, cases in (
                ("plans", plan_cases(plans, seed, root, shard)),
                ("catalogs", catalog_cases(catalogs, seed, root, shard)),
            ):
                for folder, argv in cases:
                    before = _snapshot(folder)
                    outcome, detail = worker.run(argv, CASE_LIMIT_S)
                    if _snapshot(folder) != before:
                        tally.add(kind, "files modified", " ".join(argv))
                    tally.add(kind, outcome, detail or " ".join(argv))
                    shutil.rmtree(folder, ignore_errors=True)
                    done = sum(sum(c.values()) for c in tally.counts.values())
                    if progress is not None and done % 100 == 0:
                        progress.write_text(
                            json.dumps({k: dict(c) for k, c in tally.counts.items()})
                        )
    finally:
        worker.close()
    return tally


def _run_shard(job: tuple[int, int, int, int, int, Path | None]) -> Tally:
    plans, catalogs, seed, index, shards, progress = job
    where = None if progress is None else progress.with_name(f"{progress.name}.{index}")
    return run(plans, catalogs, seed, (index, shards), where)


def run_parallel(
    plans: int, catalogs: int, seed: int, workers: int, progress: Path | None = None
) -> Tally:
    """``run`` split over ``workers`` processes, the tallies added up."""
    jobs = [(plans, catalogs, seed, i, workers, progress) for i in range(workers)]
    if workers == 1:
        return _run_shard(jobs[0])
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        tallies = list(pool.map(_run_shard, jobs))
    total = Tally()
    for tally in tallies:
        for kind, counts in tally.counts.items():
            total.counts.setdefault(kind, Counter()).update(counts)
        for what, example in tally.examples.items():
            total.examples.setdefault(what, example)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--catalogs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the counts here")
    parser.add_argument("--progress", type=Path, help="counts so far, per worker: FILE.N")
    args = parser.parse_args()
    started = time.monotonic()
    tally = run_parallel(args.plans, args.catalogs, args.seed, args.workers, args.progress)
    minutes = (time.monotonic() - started) / 60
    print(f"seed {args.seed}: {args.plans:,} plans, {args.catalogs:,} catalogs, {minutes:.0f} min")
    print(tally.table())
    for what, example in tally.examples.items():
        print(f"\n{what}, for example:\n{example}")
    if args.json is not None:
        counts = {k: dict(c) for k, c in tally.counts.items()}
        args.json.write_text(json.dumps({"seed": args.seed, "counts": counts}, indent=2))
    return 1 if tally.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
