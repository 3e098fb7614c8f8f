"""Finding a catalog entry by the words of its name, however the planner joins them.

The catalog writes names as their makers do ("DeepSeek-V3", "Qwen3 30B-A3B", "gpt-oss-120b",
"Llama 3.1 70B"); a planner types "deepseek v3", "llama-3.1-70b" as Hugging Face writes it, or
"llama 70b". A search that wanted the name's own hyphens and spaces, letter for letter, said
"no model in the catalog has “DeepSeek V3” in its name" beside the DeepSeek-V3 preset.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

# What may join a name's words: spaces, hyphens, underscores, in any number.
_JOINS = re.compile(r"[\s\-_]+")


def search_text(text: str) -> str:
    """`text` as a search reads it: in any case, its words joined by one space whatever
    joined them ("DeepSeek-V3" and "deepseek  v3" alike)."""
    return _JOINS.sub(" ", text.casefold()).strip()


def holds_words(name: str, typed: str) -> bool:
    """Whether `name` holds what was typed: each typed word in turn, anywhere after the one
    before, inside a word or whole ("llama 70b" finds "Llama 3.1 70B", "h200" finds
    "NVIDIA H200 SXM 141GB", "v3" finds "DeepSeek-V3")."""
    read = search_text(name)
    at = 0
    for word in search_text(typed).split(" "):
        found = read.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return True


def same_name(name: str, typed: str) -> bool:
    """Whether `typed` is `name` itself, read as a search reads both."""
    return search_text(name) == search_text(typed)


class NameFilter(QSortFilterProxyModel):
    """A drop-down's items whose names hold what was typed (`holds_words`), in their order:
    the list a search box shows as the planner types."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._typed = ""

    def set_typed(self, typed: str) -> None:
        """List the items that hold `typed` (all of them for nothing typed)."""
        self.beginFilterChange()
        self._typed = typed
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        source = self.sourceModel()
        name = source.index(source_row, 0, source_parent).data()
        return holds_words(str(name or ""), self._typed)
