"""Loading the shipped catalog, merging the user's own entries, checking cross-references.

The shipped folder is found next to the package in a source checkout and inside the bundle
when frozen by PyInstaller, so the same call works in tests, the CLI and the packaged app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from aisle_desktop.catalog.catalog import Catalog
from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.leave_out import (
    ALL_LEFT_OUT,
    FILE_LEFT_OUT,
    check_leaving_out,
    valid_user_entries,
)
from aisle_desktop.catalog.reading import (
    Located,
    describe_validation_error,
    entries_list,
    read_json,
    validate_entries,
)
from aisle_desktop.catalog.schema_common import Entry, Origin
from aisle_desktop.catalog.schema_engine import EngineSpec
from aisle_desktop.catalog.schema_gpu import GpuSpec
from aisle_desktop.catalog.schema_model import ModelSpec
from aisle_desktop.catalog.schema_part import PartSpec
from aisle_desktop.catalog.schema_precision import PrecisionSpec
from aisle_desktop.catalog.schema_prices import HostedApiPrice, PricesSpec
from aisle_desktop.catalog.schema_server import ServerSpec
from aisle_desktop.catalog.unread_files import unread_files
from aisle_desktop.catalog.xref import check_cross_references, check_power_references
from aisle_desktop.strict_json import json_kind

M = TypeVar("M", bound=Entry)

ENTRY_FILES: dict[str, tuple[str, type[Entry]]] = {
    "gpus": ("gpus.json", GpuSpec),
    "servers": ("servers.json", ServerSpec),
    "models": ("models.json", ModelSpec),
    "engines": ("engines.json", EngineSpec),
    "precisions": ("precisions.json", PrecisionSpec),
    "parts": ("parts.json", PartSpec),
}
PRICES_FILE = "prices.json"


def shipped_catalog_dir() -> Path:
    """The folder holding the shipped catalog JSON files.

    A PyInstaller bundle unpacks data files under ``sys._MEIPASS``; a source checkout or an
    installed tree keeps ``catalog/`` at the repository root, two levels above this package.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        candidate = Path(bundle) / "catalog"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parent.parent.parent / "catalog"


def catalog_files(folder: Path | None = None, user_folder: Path | None = None) -> list[Path]:
    """The files `load_catalog(folder, user_folder)` reads (where they exist): those a command
    must never write its output over."""
    names = [name for name, _ in ENTRY_FILES.values()] + [PRICES_FILE]
    folders = [folder if folder is not None else shipped_catalog_dir()]
    folders += [user_folder] if user_folder is not None else []
    return [each / name for each in folders for name in names]


def _label(folder: Path, name: str, user: bool) -> str:
    # Shipped files are named the way the docs name them ("catalog/gpus.json"); a user file
    # by its full path, since the user has to find it on disk.
    return str(folder / name) if user else f"{folder.name}/{name}"


def _load_entries(folder: Path, name: str, model: type[M], user: bool) -> list[Located[M]]:
    label = _label(folder, name, user)
    origin: Origin = "user" if user else "shipped"
    return validate_entries(
        entries_list(read_json(folder / name, label), label), model, label, origin
    )


def _load_prices(folder: Path) -> tuple[PricesSpec, list[Located[HostedApiPrice]]]:
    label = _label(folder, PRICES_FILE, user=False)
    data: Any = read_json(folder / PRICES_FILE, label)
    if not isinstance(data, dict):
        raise CatalogError(f"{label}: must be a JSON object, got {json_kind(data)}")
    rest = {k: v for k, v in data.items() if k != "hosted_apis"}
    raw_apis = data.get("hosted_apis", [])
    if not isinstance(raw_apis, list):
        raise CatalogError(f"{label}: field hosted_apis: must be a list of entries")
    apis = validate_entries(raw_apis, HostedApiPrice, f"{label} hosted_apis", "shipped")
    try:
        prices = PricesSpec.model_validate({**rest, "hosted_apis": []})
    except ValidationError as exc:
        raise CatalogError(describe_validation_error(label, exc)) from None
    return prices, apis


def _merge(base: list[Located[M]], extra: list[Located[M]]) -> dict[str, Located[M]]:
    """User entries add new ids and replace shipped ones with the same id."""
    merged = {item.entry.id: item for item in base}
    for item in extra:
        merged[item.entry.id] = item
    return merged


def _user_folder_read(user_folder: Path | None, left_out: list[str] | None) -> Path | None:
    """The user's folder when it is one (or is not there at all); a file in its place was
    taken for an empty catalog, so the planner never learnt why their entries were missing."""
    if user_folder is None or not os.path.lexists(user_folder) or os.path.isdir(user_folder):
        return user_folder
    problem = f"{user_folder}: is not a folder (your own catalog files go in a folder there)"
    if left_out is None:
        raise CatalogError(problem)
    left_out.append(f"{problem}; {ALL_LEFT_OUT}")
    return None


def load_catalog(
    folder: Path | None = None,
    user_folder: Path | None = None,
    left_out: list[str] | None = None,
) -> Catalog:
    """Load, validate and cross-check the catalog; merge the user's entries over it.

    ``user_folder`` may hold any subset of the same file names, each ``{"entries": [...]}``
    (for ``prices.json`` the entries are hosted API prices). A user entry whose id is new is
    added; one whose id exists replaces the shipped entry and is marked ``origin="user"``.
    Any problem raises CatalogError with a message naming file, entry and field; given a
    ``left_out`` list (the window), a bad user file or entry is described there and left out
    instead, so the shipped catalog and every valid user entry still load.
    """
    folder = folder if folder is not None else shipped_catalog_dir()
    if not os.path.isdir(folder):  # False, not OSError, for a name too long to look up
        if os.path.exists(folder):
            raise CatalogError(
                f"not a catalog folder: {folder} is a file (give the folder that holds "
                "models.json, gpus.json and the others)"
            )
        raise CatalogError(f"catalog folder not found: {folder}")
    files: dict[str, tuple[str, type[Entry]]] = {
        **ENTRY_FILES,
        "hosted_apis": (PRICES_FILE, HostedApiPrice),
    }
    shipped: dict[str, dict[str, Located[Any]]] = {
        key: _merge(_load_entries(folder, name, model, user=False), [])
        for key, (name, model) in ENTRY_FILES.items()
    }
    prices, apis = _load_prices(folder)
    shipped["hosted_apis"] = _merge(apis, [])
    user_folder = _user_folder_read(user_folder, left_out)
    if user_folder is not None:
        read = [name for name, _ in ENTRY_FILES.values()] + [PRICES_FILE]
        for problem in unread_files(user_folder, read):
            if left_out is None:
                raise CatalogError(problem)
            left_out.append(f"{problem}; {FILE_LEFT_OUT}")
    tables: dict[str, dict[str, Located[Any]]] = {}
    for key, (name, model) in files.items():
        extra: list[Located[Any]] = []
        # lexists: a broken link or a loop of links is named, not taken for no file at all.
        if user_folder is not None and os.path.lexists(user_folder / name):
            if left_out is None:
                extra = _load_entries(user_folder, name, model, user=True)
            else:
                extra = valid_user_entries(user_folder, name, model, left_out)
        tables[key] = _merge(list(shipped[key].values()), extra)
    if left_out is None:
        check_cross_references(tables)
    else:
        check_leaving_out(tables, shipped, left_out)
    check_power_references(_label(folder, PRICES_FILE, user=False), prices, tables["gpus"])
    hosted = [item.entry for item in tables["hosted_apis"].values()]
    return Catalog(
        gpus={k: v.entry for k, v in tables["gpus"].items()},
        servers={k: v.entry for k, v in tables["servers"].items()},
        models={k: v.entry for k, v in tables["models"].items()},
        engines={k: v.entry for k, v in tables["engines"].items()},
        precisions={k: v.entry for k, v in tables["precisions"].items()},
        parts={k: v.entry for k, v in tables["parts"].items()},
        prices=prices.model_copy(update={"hosted_apis": hosted}),
        files=tuple(catalog_files(folder, user_folder)),
    )
