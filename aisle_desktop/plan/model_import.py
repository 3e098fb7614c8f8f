"""A model the shipped catalog lacks, added to the user's own catalog from a local ``config.json``.

A planner on an air-gapped network has the model's config (it ships with the weights) but will
not write Python or JSON by hand. The command line (`catalog import-model`) and the window's
Catalog menu both come here, so the two refuse and write alike. The whole catalog is loaded with
the new file before the real one is touched, so a refusal leaves the user's catalog byte for
byte as it was. It sits in the plan layer because it writes as plans are written (`atomic`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from aisle_desktop.catalog import (
    MAX_ID_CHARS,
    Catalog,
    CatalogError,
    ModelSpec,
    import_hf_config,
    load_catalog,
)
from aisle_desktop.catalog.hf_file_name import named_by_its_file
from aisle_desktop.catalog.hf_modelopt import named_precision_note
from aisle_desktop.catalog.leave_out import ENTRY_LEFT_OUT
from aisle_desktop.catalog.reading import entries_list, entry_label, read_json
from aisle_desktop.catalog.schema_common import Slug
from aisle_desktop.plan.atomic import replace_atomically
from aisle_desktop.strict_json import excerpt

MODELS_FILE = "models.json"
HF_CONFIG_NAME = "config.json"


class ModelIdTakenError(CatalogError):
    """The id names a model already in the catalog, and replacing it was not asked for."""


@dataclass(frozen=True)
class ImportedModel:
    """What an import did: the model as the catalog now reads it, where, and whether it
    replaced a model of that id (shipped or the user's own)."""

    model: ModelSpec
    models_file: Path
    replaced: bool
    # What the planner should know of the figures read (`named_precision_note`), or None.
    note: str | None = None

    def summary(self) -> str:
        """One line saying what was added where, with its size in parameters; the model's
        name only where it says more than its id ("Added model 'x' (x: ...)" read twice)."""
        m = self.model
        verb = "Replaced" if self.replaced else "Added"
        active = f", {m.active_params_b:,.1f} B active" if m.active_params_b is not None else ""
        named = "" if m.name == m.id else f"{m.name}: "
        return (
            f"{verb} model {m.id!r} ({named}{m.total_params_b:,.1f} B parameters{active}) "
            f"in {self.models_file}"
        )


def namesake(catalog: Catalog, model_id: str, left_out: Sequence[str] = ()) -> str | None:
    """What an import under ``model_id`` would replace, in a planner's words, or None: a model
    of ``catalog``, or an entry of the user's own models file that ``catalog`` was loaded
    without (``left_out``, as `load_catalog` described it: where it is and what is wrong)."""
    model = catalog.models.get(model_id)
    if model is None:
        broken = broken_entry(left_out, model_id)
        return None if broken is None else f"a broken entry of your own catalog ({broken})"
    whose = "the shipped model" if model.origin == "shipped" else "your own model"
    return f"{whose} {model.name}"


def broken_entry(left_out: Sequence[str], model_id: str) -> str | None:
    """Where the user's models file has an entry of ``model_id`` that the catalog left out,
    and why (``…/models.json: entry 0 (id "my-70b"): field num_layers: is required but
    missing``), or None."""
    place = re.compile(
        rf'{re.escape(MODELS_FILE)}: entry \d+ \(id "{re.escape(excerpt(model_id, 40))}"\): '
    )
    found = [p.removesuffix(f"; {ENTRY_LEFT_OUT}") for p in left_out if place.search(p)]
    return "; ".join(found) or None


def suggested_id(config: Path) -> str:
    """An id for the model in ``config``: its ``_name_or_path`` when the file is readable and
    names it, else the folder a ``config.json`` sits in (Hugging Face downloads are one folder
    a model), else the model the file's own name names (`named_by_its_file`); lower-cased into
    the catalog's slug, "" if nothing is left."""
    try:
        data = read_json(config, str(config), finite=False)
    except CatalogError:
        data = None
    named = data.get("_name_or_path") if isinstance(data, dict) else None
    if isinstance(named, str) and named.strip("/ "):
        base = named.strip("/ ").rsplit("/", 1)[-1]
    elif config.name.lower() == HF_CONFIG_NAME and config.parent.name:
        base = config.parent.name
    else:
        base = named_by_its_file(config.stem)
    slug = re.sub(r"[^a-z0-9._-]+", "-", base.lower())
    return slug.lstrip("._-")[:MAX_ID_CHARS].rstrip("-")


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
        raise CatalogError(f"the id {excerpt(repr(model_id), 40)}: {reason}") from None


@contextlib.contextmanager
def _catalog_held(user_folder: Path) -> Iterator[None]:
    """Hold the user's catalog folder from reading models.json to replacing it.

    Each import writes the whole file back with its own entry added; two at once (two
    terminals, a script's loop, the window and a terminal) would each keep only their own,
    and say "Added" both. An advisory lock on the folder (``flock``, POSIX as
    `session_lock`) makes the second wait its turn; the kernel drops it if the process dies."""
    try:
        user_folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(user_folder, os.O_RDONLY)
    except OSError as exc:
        # A file where the folder goes was "could not be made or opened (File exists)".
        why = (
            "is not a folder (your own catalog files go in a folder there): move it aside"
            if os.path.lexists(user_folder) and not os.path.isdir(user_folder)
            else f"could not be made or opened ({exc.strerror or exc})"
        )
        raise CatalogError(f"{user_folder}: {why}; your catalog is unchanged") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # and with it the lock


def _user_entries(models_file: Path) -> list[Any]:
    """The user's model entries as written (kept verbatim), or none when the file is absent.

    A file that cannot be read whole is not written over, and the refusal says it is the
    user's own models file that stops the import: "models.json: not valid JSON at line 1"
    alone read as if the config chosen were at fault."""
    if not os.path.lexists(models_file):  # a loop of links "does not exist": it is refused
        return []
    label = str(models_file)
    try:
        return entries_list(read_json(models_file, label), label)
    except CatalogError as err:
        raise CatalogError(
            f"{err.message}; your own models file is kept as it is, so nothing was imported: "
            "mend it, or move it aside to start a new one",
            err.details,
        ) from None


def _entry_id(entry: Any) -> object:
    return entry.get("id") if isinstance(entry, dict) else None


def _with_model(entries: list[Any], new_entry: dict[str, Any], model_id: str) -> list[Any]:
    """The user's entries with the new one in place of its namesake, or added at the end."""
    if not any(_entry_id(entry) == model_id for entry in entries):
        return [*entries, new_entry]
    return [new_entry if _entry_id(entry) == model_id else entry for entry in entries]


def _why_in_file(
    catalog_folder: Path | None, user_folder: Path, entries: list[Any], model_id: str
) -> str:
    """Why an id the catalog was loaded without has an entry in the user's models file: an
    import run meanwhile added it, or the entry is broken and the catalog leaves it out (it
    said "already in your catalog", where no list showed it): then which entry, and why."""
    models_file = user_folder / MODELS_FILE
    left_out: list[str] = []
    now = load_catalog(catalog_folder, user_folder=user_folder, left_out=left_out).models
    if model_id in now and now[model_id].origin == "user":
        return f"model {model_id!r} is already in your catalog ({models_file})"
    index = next(i for i, entry in enumerate(entries) if _entry_id(entry) == model_id)
    label = entry_label(str(models_file), index, model_id)
    problems = [p.removesuffix(f"; {ENTRY_LEFT_OUT}") for p in left_out if p.startswith(label)]
    return (
        f"model {model_id!r} has a broken entry in your catalog, which leaves it out: "
        f"{'; '.join(problems) or label}"
    )


def _not_copied(folder: str, names: list[str]) -> set[str]:
    """What the scratch copy leaves out: pipes, sockets and devices, which the catalog leaves
    out too (copying a pipe named gpus.json failed the import with Python's list of errors)."""
    special = set()
    for name in names:
        with contextlib.suppress(OSError):
            mode = os.lstat(os.path.join(folder, name)).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
                special.add(name)
    return special


def _copy_failure(exc: OSError) -> str:
    """Why the copy failed: the first file's reason, where shutil gives a list of them."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        source, _copy, why = exc.args[0][0]
        return f"{source}: {why}"
    return str(exc.strerror or exc)


def _check_loads(
    catalog_folder: Path | None, user_folder: Path, document: str, model_id: str
) -> ModelSpec:
    """The new model as the catalog would read it with the new models file, loaded in a
    scratch copy as every command and the window load it: an entry of the user's own that
    is bad already stays left out and does not stop the import, but the new model must not
    be left out.

    A problem is reported against the user's real folder, which is where they will look.
    """
    with tempfile.TemporaryDirectory(prefix="aisle-import-") as scratch:
        trial = Path(scratch) / "catalog"
        try:
            if user_folder.is_dir():
                shutil.copytree(user_folder, trial, symlinks=True, ignore=_not_copied)
            else:
                trial.mkdir()
            (trial / MODELS_FILE).unlink(missing_ok=True)  # a link's target is never written
            (trial / MODELS_FILE).write_text(document, encoding="utf-8")
        except OSError as exc:
            raise CatalogError(
                f"{user_folder}: could not be copied to check the new entry "
                f"({_copy_failure(exc)}); your catalog is unchanged"
            ) from None
        left_out: list[str] = []
        try:
            model = load_catalog(catalog_folder, user_folder=trial, left_out=left_out).models.get(
                model_id
            )
        except CatalogError as err:
            raise CatalogError(str(err).replace(str(trial), str(user_folder))) from None
        if model is None or model.origin != "user":
            problems = "; ".join(p.replace(str(trial), str(user_folder)) for p in left_out)
            raise CatalogError(
                f"model {model_id!r} would be left out of your catalog ({problems}); "
                "your catalog is unchanged"
            )
        return model


def config_in(path: Path) -> Path:
    """``path``, or the config.json in it when it is a model's folder (as downloaded, with
    ModelOpt's hf_quant_config.json beside, which the import reads too): the folder was
    refused as "is a folder, not a regular file"."""
    if not path.is_dir():
        return path
    inner = path / HF_CONFIG_NAME
    if not inner.is_file():
        raise CatalogError(
            f"{path}: is a folder with no {HF_CONFIG_NAME} in it; give the model's "
            f"{HF_CONFIG_NAME} (it comes with the weights), or the folder that holds it"
        )
    return inner


def import_model(
    catalog: Catalog,
    catalog_folder: Path | None,
    user_folder: Path,
    config: Path,
    model_id: str,
    replace: bool,
) -> ImportedModel:
    """Add (or with ``replace``, replace) the model ``model_id`` read from ``config`` to the
    user's ``models.json``; raises CatalogError (ModelIdTakenError for a taken id without
    ``replace``) and then has changed nothing."""
    _check_id(model_id)
    config = config_in(config)
    spec = import_hf_config(config, model_id)
    models_file = user_folder / MODELS_FILE
    taken = catalog.models.get(model_id)
    if taken is not None and not replace:
        mine = taken.origin != "shipped"
        where = (
            f"already in your catalog ({models_file})"
            if mine
            else f"a shipped model ({taken.name})"
        )
        raise ModelIdTakenError(f"model {model_id!r} is {where}")
    new_entry = spec.model_dump(mode="json", exclude={"origin"})
    with _catalog_held(user_folder):
        existing = _user_entries(models_file)
        added_meanwhile = any(_entry_id(entry) == model_id for entry in existing)
        if added_meanwhile and taken is None and not replace:
            raise ModelIdTakenError(_why_in_file(catalog_folder, user_folder, existing, model_id))
        entries = _with_model(existing, new_entry, model_id)
        document = json.dumps({"entries": entries}, indent=2, ensure_ascii=False) + "\n"
        added = _check_loads(catalog_folder, user_folder, document, model_id)
        try:
            replace_atomically(models_file, document.encode("utf-8"))
        except OSError as exc:
            raise CatalogError(
                f"{models_file}: could not be written ({exc.strerror or exc}); "
                "your catalog is unchanged"
            ) from None
    note = named_precision_note(config, added.name, added.native_precision)
    return ImportedModel(
        added, models_file, replaced=taken is not None or added_meanwhile, note=note
    )
