"""Text bound for a terminal: control characters shown as escapes, never obeyed.

A scenario name holding ESC or BEL sequences set the terminal's title when ``size`` printed it,
and a newline in a name split a one-line error in two. Everything the command line prints goes
through here (``cli.main`` wraps standard output and error), so a name from someone else's plan
is shown as ``\\x1b]0;...`` rather than acted on. Unicode's bidirectional controls are escaped
too: a right-to-left override (U+202E) in a scenario's or a file's name turned the rest of
the line it was printed on around, figures and file names read backwards. A leaf module, like
``formatting``.
"""

from __future__ import annotations

import errno
import re
from typing import TextIO

# C0 controls and DEL, C1 controls, the Unicode line and paragraph separators, and the
# bidirectional controls: the Arabic letter mark, the left-to-right and right-to-left marks,
# embeddings, overrides and their pop, and the isolates (Unicode's UAX #9).
_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_KEPT_IN_OUTPUT = "\n\t"
# An error is one line a person reads; a 10 MB value quoted whole helps nobody.
MAX_ERROR_CHARS = 2_000


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with every control character except those in ``keep`` written as an escape."""
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def file_name(path: object) -> str:
    """A file's name as the command line prints it in its output: every control character
    escaped, the newline and tab too, which the output's writer keeps to lay out its lines.
    A name may hold any character but "/" and NUL, and `plan new -o $'two\\nlines.aisle'`
    said "wrote two" on one line and "lines.aisle: plan version 4" on the next."""
    return escape_controls(str(path))


def one_line(text: str) -> str:
    """An error message as one printable line of at most MAX_ERROR_CHARS characters."""
    line = escape_controls(text)
    return line if len(line) <= MAX_ERROR_CHARS else line[: MAX_ERROR_CHARS - 3] + "..."


class OutputWriteError(Exception):
    """The stream a command prints to refused its text (standard output sent to a full disk
    or `/dev/full`): said in one line, where it was a traceback. A closed pipe stays a
    BrokenPipeError, which is no error (`| head`)."""


class ClosedStream:
    """Standard output or error closed before the program started (`aisle-desktop presets
    >&-`): Python gives None for it, and printing to None was a traceback. Writing to this
    fails as a full disk does, so the command says it could not write and exits 2."""

    def __init__(self, name: str) -> None:
        self._name = name

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self._name} is closed")

    def flush(self) -> None:
        raise OSError(errno.EBADF, f"{self._name} is closed")


class EscapingWriter:
    """A text stream that passes writes on with control characters escaped (lines kept)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            self._stream.write(escape_controls(text, _KEPT_IN_OUTPUT))
        except BrokenPipeError:
            raise
        except OSError as err:
            raise OutputWriteError(err.strerror or str(err)) from None
        return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as err:
            raise OutputWriteError(err.strerror or str(err)) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
