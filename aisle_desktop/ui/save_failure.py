"""What the window says when a plan could not be saved: one message, what failed and where.

The box used to say it twice: title "Could not save", then "PATH: could not save: WHY".
"""

from __future__ import annotations

from aisle_desktop.plan import PlanFileError

SAVE_FAILED_TITLE = "Plan not saved"
_REPEATED = "could not save: "
# Every save refusal leaves the file on disk alone (plan/files.py: save_plan); the reasons
# that do not say so themselves (a name holding NUL, a folder where a file was asked for)
# get it said here.
_ON_DISK_WORDS = ("left as it was", "Nothing was written", "not overwritten")
_UNTOUCHED = "Nothing on disk was changed."
_STILL_OPEN = "Your plan is still open here, unsaved."


def save_failure_text(err: PlanFileError) -> str:
    """'Could not save the plan to PATH: WHY. The file on disk was left as it was. Your plan is
    still open here, unsaved.' from a save error whose reason starts "could not save: "."""
    reason = err.reason.removeprefix(_REPEATED).rstrip()
    if not reason.endswith("."):
        reason += "."
    if not any(words in reason for words in _ON_DISK_WORDS):
        reason += f" {_UNTOUCHED}"
    return f"Could not save the plan to {err.path}: {reason} {_STILL_OPEN}"
