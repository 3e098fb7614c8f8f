"""Where a report may be written: never over a plan or a catalog file, not blindly over a
non-PDF.

``report plan.aisle -o plan.aisle`` once replaced the plan with its own summary, with no
backup, and ``--force`` let a report replace another plan or the catalog's ``gpus.json``. The
output is refused when it is the input (the same file once links are followed), any plan or
a file of the catalog in use; a file that exists but is not a PDF is replaced only when the
user says so (``--force`` on the command line, a question in the window). Plain file checks,
no Qt.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from aisle_desktop.plan import is_plan_file, same_file
from aisle_desktop.plan.atomic import unwritable_folder

PDF_MAGIC = b"%PDF-"


def holds_something_else(path: Path) -> bool:
    """True if ``path`` is a regular, non-empty file that does not start like a PDF."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # absent, or not a file: the writer refuses the latter itself
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        head = os.read(fd, len(PDF_MAGIC))
    except OSError:
        return False
    finally:
        os.close(fd)
    return bool(head) and head != PDF_MAGIC


def output_refusal(
    output: Path,
    plan_file: Path | None,
    catalog_files: Sequence[Path] = (),
    what: tuple[str, str] = ("a report", "the PDF"),
    ending: str = ".pdf",
) -> str | None:
    """Why ``output`` must not receive the report of ``plan_file`` (``what``: a report and
    the PDF, or a comparison and its spreadsheet, whose files end in ``ending``); None if it
    may. ``catalog_files``: those the catalog in use was read from (`Catalog.files`)."""
    kind, written = what
    instead = f"Choose another file name (say one ending in {ending})"
    if plan_file is not None and same_file(output, plan_file):
        return (
            f"{output}: is the plan being reported; writing {written} there would replace the "
            f"plan. {instead}"
        )
    if is_plan_file(output):
        return f"{output}: is an Aisle plan; {kind} never replaces a plan. {instead}"
    for kept in catalog_files:
        if os.path.exists(kept) and same_file(output, kept):
            return (
                f"{output}: is the catalog's {kept.name}, which Aisle reads; {kind} never "
                f"replaces it. {instead}"
            )
    unwritable = unwritable_folder(output) if os.path.isdir(output.parent) else None
    if unwritable is not None:  # said before the pages are laid out, not after
        return f"{output}: cannot write {kind.replace('a ', 'the ', 1)}: {unwritable}"
    return None
