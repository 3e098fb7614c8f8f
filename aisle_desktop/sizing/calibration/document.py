"""docs/calibration.md's table of assumptions, written from the calibration object itself.

The table sits between two marker lines; tests/sizing/test_calibration.py checks that the page
holds exactly what ``calibration_table`` writes, and running this module rewrites it:
``python -m aisle_desktop.sizing.calibration.document docs/calibration.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aisle_desktop.sizing.calibration.calibration import CURRENT_CALIBRATION, Calibration

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
    """What each engine era replaces: one column per era, one row per assumption it sets."""
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
        "table's). A blank cell keeps the table's value.",
        "",
        f"| assumption | shared | {header} |",
        "|---|---|" + "---|" * len(calibration.eras),
    ]
    for name in names:
        cells = " | ".join(
            f"{e.values[name]:.3g}" if name in e.values else "" for e in calibration.eras
        )
        lines.append(f"| `{name}` | {calibration.value(name):g} | {cells} |")
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
