"""Fields that do not bear on the plan say so instead of reading as amounts.

"Chunk size 400 tokens" beside "RAG chunks none" read as 400 tokens of input; "History
0 tokens" as an amount of history. The plan file keeps what it holds either way.
"""

from __future__ import annotations

from aisle_desktop.ui.number_box import NumberBox

# What a number field shows at 0 when 0 means the thing is not there.
NONE = "none"
CHUNK_SIZE_NOT_IN_USE = "not in use: no RAG chunks"


def show_in_use(box: NumberBox, in_use: bool, not_in_use_text: str) -> None:
    """Enable `box` when its value bears on the plan; else disable it and show
    `not_in_use_text` in place of its value, which the plan keeps."""
    box.setEnabled(in_use)
    box.show_instead(None if in_use else not_in_use_text)
