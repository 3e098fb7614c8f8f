"""What the window says when a recovery (autosave) file cannot be written, removed or read.

Each message says what failed (the write, the removal, the read), on which file, why in plain
words, and the state of the planner's own plan file, which no recovery write ever touches: a
planner reading "Autosave failed: PATH: could not write the recovery file: File exists" could
not tell whether the plan was safe. A failed removal was labelled "Autosave failed" too.
"""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.plan.errors import PlanFileError
from aisle_desktop.plan.recovery import SET_ASIDE, RecoveryEntry, RecoveryFileError


def plan_file_state(plan_file: Path | None, unsaved: bool) -> str:
    """Where the planner's work stands: on disk, or only in the window."""
    if plan_file is None and unsaved:
        return "This plan was never saved: its changes are only in this window until you save it."
    if plan_file is None:
        return "The plan in the window has no unsaved changes."
    if unsaved:
        return (
            f"Your plan file {plan_file} is as you last saved it; the changes since are only "
            "in this window until you save."
        )
    return f"Your plan file {plan_file} holds all your changes."


def failure_text(err: RecoveryFileError, plan_file: Path | None, unsaved: bool) -> str:
    """The status bar's sentence for a recovery file that could not be written or removed:
    why before the path, which is long, so the status bar's short form keeps the why."""
    state = plan_file_state(plan_file, unsaved)
    if err.removal:
        return (
            f"Could not remove a recovery file: {err.why} ({err.path}). It stays, and the next "
            f"start will find it again. {state}"
        )
    return f"Autosave could not write the recovery file: {err.why} ({err.path}). {state}"


def unreadable_text(unreadable: list[RecoveryEntry]) -> str:
    """The recovery files that could not be read (cut short, edited, from a newer Aisle, not
    a file at all): each said with why, not offered, kept as found."""
    files = "; ".join(f"{(entry.problem or '').rstrip('.')} ({entry.path})" for entry in unreadable)
    if len(unreadable) == 1:
        head = f"A recovery file was not offered, as it cannot be read: {files}. It is"
    else:
        head = (
            f"{len(unreadable)} recovery files were not offered, as they cannot be read: "
            f"{files}. They are"
        )
    return f"{head} kept as found, for you to delete. Your plan files are not affected."


def read_failed_text(err: PlanFileError) -> str:
    """The recovery folder could not be read at all."""
    return (
        f"Could not read the recovery folder: {err.reason} ({err.path}). Unsaved work from an "
        "earlier session, if any, is not offered this time. Your plan files are not affected."
    )


def read_stalled_text(path: Path, folder: Path, waited_s: float) -> str:
    """The drive holding the recovery files has not answered for ``waited_s`` seconds."""
    what = "the recovery folder" if path == folder else "a recovery file"
    return (
        f"Still reading {what}: the drive has not answered for {waited_s:,.0f} s ({path}). "
        "Unsaved work from an earlier session will be offered once it answers; you can work "
        "meanwhile."
    )


def removals_done_text(removed: list[Path]) -> str:
    """Recovery files the last session asked to remove (its work saved or discarded) and could
    not before it closed (its drive held a write), removed at this start instead of offered."""
    files = ", ".join(str(path) for path in removed)
    head = "a recovery file" if len(removed) == 1 else f"{len(removed)} recovery files"
    return (
        f"Removed {head} the last session left as it closed, its drive holding a write: {files}. "
        "That work had been saved or discarded. Your plan files are not affected."
    )


def set_aside_question(unreadable: list[RecoveryEntry], folder: Path) -> str:
    """The question about recovery files that cannot be read: each with why, where they would
    go, and what each answer does."""
    files = "\n".join(
        f"• {(entry.problem or '').rstrip('.')} ({entry.path})" for entry in unreadable
    )
    one = len(unreadable) == 1
    these, it = ("This recovery file", "it") if one else ("These recovery files", "them")
    return (
        f"{these} cannot be read, so {'it is' if one else 'they are'} not offered:\n\n{files}"
        f"\n\nSet Aside: move {it} into {folder / SET_ASIDE}, where Aisle no longer looks at "
        f"start (a text editor may still save some of the work). Keep: leave {it} as found and "
        "ask again at the next start. Your plan files are not affected."
    )


def set_aside_text(unreadable: list[RecoveryEntry], folder: Path) -> str:
    """The status bar's word once the planner chose Set Aside."""
    head = "a recovery file" if len(unreadable) == 1 else f"{len(unreadable)} recovery files"
    return (
        f"Set aside {head} that cannot be read, into {folder / SET_ASIDE}: not looked at again "
        "at start. Your plan files are not affected."
    )
