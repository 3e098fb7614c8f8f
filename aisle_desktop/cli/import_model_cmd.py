"""`catalog import-model`: a model the shipped catalog lacks, from a local ``config.json``.

The work is the plan layer's (``import_model``, which the window's Catalog menu uses too); this
command names its flags in a refusal and prints what was added.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import ModelIdTakenError, import_model


def run_import_model(
    catalog: Catalog, args: argparse.Namespace, user_folder: Path, out: TextIO
) -> int:
    """Add (or with ``--replace``, replace) the model ``--id`` read from the config given."""
    try:
        imported = import_model(
            catalog, args.catalog, user_folder, args.config, args.model_id, args.replace
        )
    except ModelIdTakenError as err:
        raise CatalogError(
            f"{err}; pass --replace to use yours in its place, or choose another --id"
        ) from None
    out.write(imported.summary() + "\n")
    if imported.note is not None:
        out.write(imported.note + "\n")
    return 0
