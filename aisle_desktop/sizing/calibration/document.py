"""docs/calibration.md's table of assumptions, written from the calibration object itself.

The table sits between two marker lines; tests/sizing/test_calibration.py checks that the page
holds exactly what ``calibration_table`` writes, and running this module rewrites it:
``python -m aisle_desktop.sizing.calibration.document docs/calibration.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aisle_desktop.sizing.calibration.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.calibration.engine_eras import EngineEra
from aisle_desktop.sizing.calibration.provenance import FITTED, Provenance
from aisle_desktop.sizing.calibration.release_provenance import era_provenance

BEGIN = "<!-- begin: table written by aisle_desktop/sizing/calibration/document.py -->"
END = "<!-- end: table written by aisle_desktop/sizing/calibration/document.py -->"


def calibration_table(calibration: Calibration) -> str:
    """A Markdown heading and table: each assumption, its value and its source."""
    rows = [
        f"| `{name}` | {calibration.value(name):g} | {calibration.source(name)} |"
        for name in calibration.names()
    ]
    return "\n".join(
        [
            f"### Calibration {calibration.id}, dated {calibration.date.isoformat()}",
            "",
            "| assumption | value | source |",
            "|---|---|---|",
            *rows,
            *_era_table(calibration),
        ]
    )


def _era_table(calibration: Calibration) -> list[str]:
    """What each engine era replaces: one column per era, one row per assumption it sets, a
    value not fitted marked with how it was found, then where each such value comes from."""
    if not calibration.eras:
        return []
    names = [n for n in calibration.names() if any(n in e.values for e in calibration.eras)]
    header = " | ".join(e.title for e in calibration.eras)
    lines = [
        "",
        "#### Engine eras: values the 2025-26 releases run with",
        "",
        "A release at or after an era's first release runs with these values instead of the "
        "table above (a release before every era, or a row measured before them, keeps the "
        "table's). A blank cell keeps the table's value. A value is fitted to the 2025-26 "
        "measurements unless marked sourced (an engine's code, release notes, a recipe or a "
        "harness's rules) or measured (a published measurement); the list below the table "
        "names each one's source.",
        "",
        f"| assumption | shared | {header} |",
        "|---|---|" + "---|" * len(calibration.eras),
    ]
    for name in names:
        cells = " | ".join(_era_cell(e, name) for e in calibration.eras)
        lines.append(f"| `{name}` | {calibration.value(name):g} | {cells} |")
    return [*lines, "", *_not_fitted_list(calibration, names)]


def _era_cell(era: EngineEra, name: str) -> str:
    """An era's value of ``name`` ("0.529"), marked where it is not fitted ("0 (sourced)")."""
    if name not in era.values:
        return ""
    found = era_provenance(era, name)
    return f"{era.values[name]:.3g}" + ("" if found == FITTED else f" ({found.kind})")


def _not_fitted_list(calibration: Calibration, names: list[str]) -> list[str]:
    """Each value not fitted, once per way it was found, with the eras that have it:
    "- `host_overlap`, vLLM V1 engine (0.10 and later, before 0.14): sourced (vLLM's release
    notes: …)"."""
    lines = []
    for name in names:
        eras: dict[Provenance, list[str]] = {}
        for era in (e for e in calibration.eras if name in e.values):
            eras.setdefault(era_provenance(era, name), []).append(era.title)
        for found, titles in eras.items():
            if found != FITTED:
                lines.append(f"- `{name}`, {', '.join(titles)}: {found.kind} ({found.source})")
    return lines


def with_table(page: str, calibration: Calibration) -> str:
    """The page with the text between the markers replaced; ValueError if they are missing."""
    start, end = page.find(BEGIN), page.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the page has no {BEGIN!r} ... {END!r} section")
    return page[: start + len(BEGIN)] + "\n" + calibration_table(calibration) + "\n" + page[end:]


def main(argv: list[str]) -> int:
    """Rewrite the table in the page named on the command line."""
    path = Path(argv[0])
    path.write_text(with_table(path.read_text(encoding="utf-8"), CURRENT_CALIBRATION), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
