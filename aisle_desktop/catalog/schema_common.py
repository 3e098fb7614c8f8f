"""Pieces every catalog entry shares: ids, dates, sources and where the entry came from.

Entries are frozen and refuse unknown fields, so a typo in a hand-edited file ("memory_gib" for
"memory_gb") is an error rather than a silently ignored key.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Origin = Literal["shipped", "user", "plan"]
# xe2: Intel's Battlemage (Arc Pro B-series): XMX matrix engines for BF16/FP16 and INT8, no FP8.
Architecture = Literal[
    "ampere", "ada", "hopper", "blackwell", "cdna3", "cdna4", "gaudi2", "gaudi3", "xe2"
]


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            "must be a lower-case slug (letters a-z, digits, '.', '_' or '-', "
            f"starting with a letter or digit), got {value!r}"
        )
    return value


def _parse_iso_date(value: object) -> object:
    # pydantic alone would also take integers (Unix time) and datetimes; a catalog date is
    # written by a person, so only the plain "YYYY-MM-DD" form is accepted.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f'must be an ISO date string "YYYY-MM-DD", got {value!r}')
    return value


def _check_sources(value: list[str]) -> list[str]:
    if not value or not all(s.strip() for s in value):
        raise ValueError("must list at least one non-empty public source (URL or document name)")
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]
Sources = Annotated[list[str], AfterValidator(_check_sources)]
PositiveFloat = Annotated[float, Field(gt=0)]
PositiveInt = Annotated[int, Field(ge=1)]
Fraction = Annotated[float, Field(gt=0, le=1)]


class Frozen(BaseModel):
    """Base for every catalog model: immutable and strict about field names."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(Frozen):
    """Fields every catalog entry carries: identity, provenance and a date."""

    id: Slug
    sources: Sources
    as_of: IsoDate
    notes: str = ""
    origin: Origin = "shipped"
