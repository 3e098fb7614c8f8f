"""Where Aisle's log records go: one handler per entry point, configured once at start-up.

Modules log through ``logging.getLogger(__name__)`` and never print errors. The window writes
to a rotating file in the user state folder (a planner can attach it to a report of a
problem; nothing fills the disk), the command line to standard error, where a planner running
a command reads it beside the command's own messages.
"""

from __future__ import annotations

import logging
import sys
import types
from logging.handlers import RotatingFileHandler
from pathlib import Path

from aisle_desktop.user_folders import user_state_dir

LOG_FILE_NAME = "aisle-desktop.log"
# A few hundred tracebacks per file, three old files kept: enough to report a problem.
LOG_FILE_BYTES = 1_000_000
LOG_FILES_KEPT = 3
FILE_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
STDERR_FORMAT = "aisle-desktop: %(levelname)s: %(message)s"


def log_file_path() -> Path:
    """The window's log file (asked of platformdirs each time, so tests can move it)."""
    return user_state_dir() / LOG_FILE_NAME


def log_to_file() -> Path | None:
    """Send INFO and above to the rotating log file; its path, or None when it cannot be
    written (then warnings go to standard error instead: the window still opens)."""
    path = log_file_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILES_KEPT, encoding="utf-8"
        )
    except OSError:
        log_to_stderr()
        logging.getLogger(__name__).warning("cannot write the log file %s", path)
        return None
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    _install(handler, logging.INFO)
    return path


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to standard error as it is when a record comes (the CLI wraps it to escape
    control characters; tests capture it), not as it was when the handler was made."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr  # not setStream: it flushes the old one, which may be closed
        super().emit(record)


def log_to_stderr() -> None:
    """Send warnings and errors to standard error (the command line)."""
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter(STDERR_FORMAT))
    _install(handler, logging.WARNING)


def log_uncaught_errors() -> None:
    """Log an exception nothing caught (in a Qt slot, say) before Python prints it."""
    sys.excepthook = _log_uncaught


def _install(handler: logging.Handler, level: int) -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "aisle_handler", False)]:
        root.removeHandler(old)
        old.close()
    handler.aisle_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)


def _log_uncaught(
    kind: type[BaseException], error: BaseException, trace: types.TracebackType | None
) -> None:
    logging.getLogger("aisle_desktop").critical("uncaught error", exc_info=(kind, error, trace))
    sys.__excepthook__(kind, error, trace)
