"""`catalog import-model`: a model the shipped catalog lacks, from a local ``config.json``.

A planner on an air-gapped network has the model's config (it ships with the weights) but will
not write Python or JSON by hand, so the command reads the config, adds the entry to the user
catalog's ``models.json`` and says what it added. The whole catalog is loaded with the new file
before the real one is touched, so a refusal leaves the user's catalog byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from pydantic import TypeAdapter, ValidationError

from aisle_desktop.catalog import Catalog, CatalogError, import_hf_config, load_catalog
from aisle_desktop.catalog.reading import entries_list, read_json
from aisle_desktop.catalog.schema_common import Slug
from aisle_desktop.plan.atomic import replace_atomically
from aisle_desktop.strict_json import excerpt

MODELS_FILE = "models.json"


_ID = TypeAdapter(Slug)


def _check_id(model_id: str) -> None:
    """Refuse an id no catalog takes before anything is read: it is the planner's own word,
    said once and quoted short (the model's check would quote it whole, once per problem)."""
    try:
        _ID.validate_python(model_id)
    except ValidationError as exc:
        problem = exc.errors(include_url=False)[0]
        reason = str((problem.get("ctx") or {}).get("error", problem["msg"]))
        reason = reason.split(", got ")[0]  # the id is quoted once, in front
        raise CatalogError(f"--id {excerpt(repr(model_id), 40)}: {reason}") from None


@contextlib.contextmanager
def _catalog_held(user_folder: Path) -> Iterator[None]:
    """Hold the user's catalog folder from reading models.json to replacing it.

    Each import writes the whole file back with its own entry added; two at once (two
    terminals, a script's loop) would each keep only their own, and say "Added" both. An
    advisory lock on the folder (``flock``, POSIX as `plan.session_lock`) makes the second
    wait its turn; the kernel drops it if the process dies."""
    try:
        user_folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(user_folder, os.O_RDONLY)
    except OSError as exc:
        raise CatalogError(
            f"{user_folder}: could not be made or opened ({exc.strerror or exc}); "
            "your catalog is unchanged"
        ) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # and with it the lock


def _user_entries(models_file: Path) -> list[Any]:
    """The user's model entries as written (kept verbatim), or none when the file is absent."""
    if not models_file.exists():
        return []
    label = str(models_file)
    return entries_list(read_json(models_file, label), label)


def _entry_id(entry: Any) -> object:
    return entry.get("id") if isinstance(entry, dict) else None


def _with_model(
    entries: list[Any], new_entry: dict[str, Any], model_id: str, replace: bool, where: Path
) -> list[Any]:
    """The user's entries with the new one in place of its namesake, or added at the end."""
    if not any(_entry_id(entry) == model_id for entry in entries):
        return [*entries, new_entry]
    if not replace:
        raise CatalogError(
            f"model {model_id!r} is already in your catalog ({where}); "
            "pass --replace to replace it, or choose another --id"
        )
    return [new_entry if _entry_id(entry) == model_id else entry for entry in entries]


def _check_loads(catalog_folder: Path | None, user_folder: Path, document: str) -> Catalog:
    """Load the catalog as it would be with the new models file, in a scratch copy.

    A problem is reported against the user's real folder, which is where they will look.
    """
    with tempfile.TemporaryDirectory(prefix="aisle-import-") as scratch:
        trial = Path(scratch) / "catalog"
        try:
            if user_folder.is_dir():
                shutil.copytree(user_folder, trial)
            else:
                trial.mkdir()
            (trial / MODELS_FILE).write_text(document, encoding="utf-8")
        except OSError as exc:
            raise CatalogError(
                f"{user_folder}: could not be copied to check the new entry "
                f"({exc.strerror or exc}); your catalog is unchanged"
            ) from None
        try:
            return load_catalog(catalog_folder, user_folder=trial)
        except CatalogError as err:
            raise CatalogError(str(err).replace(str(trial), str(user_folder))) from None


def run_import_model(
    catalog: Catalog,
    catalog_folder: Path | None,
    user_folder: Path,
    config: Path,
    model_id: str,
    replace: bool,
    out: TextIO,
) -> int:
    """Add (or with ``replace``, replace) the model ``model_id`` read from ``config``."""
    _check_id(model_id)
    spec = import_hf_config(config, model_id)
    namesake = catalog.models.get(model_id)  # the shipped model or the user's own
    if namesake is not None and namesake.origin == "shipped" and not replace:
        raise CatalogError(
            f"model {model_id!r} is a shipped model ({namesake.name}); pass --replace to use "
            "yours in its place, or choose another --id"
        )
    models_file = user_folder / MODELS_FILE
    new_entry = spec.model_dump(mode="json", exclude={"origin"})
    with _catalog_held(user_folder):
        existing = _user_entries(models_file)
        entries = _with_model(existing, new_entry, model_id, replace, models_file)
        document = json.dumps({"entries": entries}, indent=2, ensure_ascii=False) + "\n"
        added = _check_loads(catalog_folder, user_folder, document).models[model_id]
        try:
            replace_atomically(models_file, document.encode("utf-8"))
        except OSError as exc:
            raise CatalogError(
                f"{models_file}: could not be written ({exc.strerror or exc}); "
                "your catalog is unchanged"
            ) from None
    verb = "Replaced" if namesake is not None or len(entries) == len(existing) else "Added"
    active = f", {added.active_params_b:,.1f} B active" if added.active_params_b is not None else ""
    out.write(
        f"{verb} model {model_id!r} ({added.name}: {added.total_params_b:,.1f} B parameters"
        f"{active}) in {models_file}\n"
    )
    return 0
