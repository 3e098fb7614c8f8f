"""Pieces every catalog entry shares: ids, dates, sources and where the entry came from.

Entries are frozen and refuse unknown fields, so a typo in a hand-edited file ("memory_gib" for
"memory_gb") is an error rather than a silently ignored key.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)

from aisle_desktop.strict_json import shown_value

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Origin = Literal["shipped", "user", "plan"]
# xe2: Intel's Battlemage (Arc Pro B-series): XMX matrix engines for BF16/FP16 and INT8, no FP8.
Architecture = Literal[
    "ampere", "ada", "hopper", "blackwell", "cdna3", "cdna4", "gaudi2", "gaudi3", "xe2"
]


# Ids and names are read in lists, tables and a plan's line (the longest shipped: 26 and 127
# characters), any other text in a tooltip or the report (the longest, an engine's notes, 3,506).
# A million-character name took the window 43 s to open and `catalog list` printed 31 MB.
MAX_ID_CHARS = 100
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 10_000


def _at_most(value: object, chars: int) -> object:
    """A text within ``chars`` as it is, before the type's own checks (the longest text any
    field takes, MAX_TEXT_CHARS, would be named first)."""
    if isinstance(value, str) and len(value) > chars:
        raise ValueError(f"must be at most {chars:,} characters long, has {len(value):,}")
    return value


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            "must be a lower-case slug (letters a-z, digits, '.', '_' or '-', "
            f"starting with a letter or digit), got {shown_value(value)}"
        )
    return value


def _parse_iso_date(value: object) -> object:
    # pydantic alone would also take integers (Unix time) and datetimes; a catalog date is
    # written by a person, so only the plain "YYYY-MM-DD" form is accepted.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f'must be an ISO date string "YYYY-MM-DD", got {value!r:.40}')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f'is not a real date: "{value}"') from None


def _check_sources(value: list[str]) -> list[str]:
    if not value or not all(s.strip() for s in value):
        raise ValueError("must list at least one non-empty public source (URL or document name)")
    return value


Slug = Annotated[
    str, BeforeValidator(lambda value: _at_most(value, MAX_ID_CHARS)), AfterValidator(_check_slug)
]
IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]
Sources = Annotated[list[str], AfterValidator(_check_sources)]
PositiveInt = Annotated[int, Field(ge=1, le=1_000_000_000)]  # a count; ranges.py has narrower ones
Fraction = Annotated[float, Field(ge=0.01, le=1)]  # a share of peak: 1% .. 100%


class Frozen(BaseModel):
    """Base for every catalog model: immutable, strict about field names and about types.

    Strict types: ``"80"`` or ``true`` where a number belongs is refused, not converted (a whole
    number is still accepted for a float).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        allow_inf_nan=False,
        str_max_length=MAX_TEXT_CHARS,
    )

    @field_validator("name", mode="before", check_fields=False)
    @classmethod
    def _name_fits_a_line(cls, name: object) -> object:
        return _at_most(name, MAX_NAME_CHARS)


class Entry(Frozen):
    """Fields every catalog entry carries: identity, provenance and a date."""

    id: Slug
    sources: Sources
    as_of: IsoDate
    notes: str = ""
    origin: Origin = "shipped"
