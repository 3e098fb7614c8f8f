"""The planner's course: lessons, glossary and tooltips read from `resources/learn/` (no Qt).

The window's Learn page and tooltips and the report's glossary read the same content here.
"""

from aisle_desktop.learn.loader import (
    LearnContentError,
    load_learn_content,
    parse_lesson,
    shipped_learn_dir,
)
from aisle_desktop.learn.model import (
    CURVES,
    TARGET_KINDS,
    VIEWS,
    GlossaryTerm,
    LearnContent,
    Lesson,
    Tooltips,
    TryThis,
)

__all__ = [
    "CURVES",
    "TARGET_KINDS",
    "VIEWS",
    "GlossaryTerm",
    "LearnContent",
    "LearnContentError",
    "Lesson",
    "Tooltips",
    "TryThis",
    "load_learn_content",
    "parse_lesson",
    "shipped_learn_dir",
]
