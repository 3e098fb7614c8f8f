"""The `--preset NAME` option of every command that takes one, its help naming what each
preset is: the ids alone ("deepseek-v3.2-ep", "qwen3.5-assistant-b200") left a planner to
guess which plan each was, or to run `aisle-desktop presets` first."""

from __future__ import annotations

from typing import Any

from aisle_desktop.plan import PRESETS


def presets_named() -> str:
    """Each preset's id and title, in the order of the ids ("llama-70b-rag: Llama 3.1 70B
    RAG assistant; ...")."""
    return "; ".join(f"{id_}: {PRESETS[id_].title}" for id_ in sorted(PRESETS))


def add_preset_option(parser: Any, doing: str, default: str | None = None) -> None:
    """Add ``--preset NAME`` to ``parser``; ``doing`` says what the command does with it."""
    named = presets_named().replace("%", "%%")  # argparse formats help with %
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default=default,
        metavar="NAME",
        help=f"{doing}; one of {named}",
    )
