"""The plan document: scenarios, notes, format version and migrations, files (no Qt).

Public names are re-exported here; the window, the report and the CLI import from
``aisle_desktop.plan`` only, so the modules behind it can be reshuffled freely.
"""

from aisle_desktop.plan.checks import PlanProblem, check_plan, unknown_ids
from aisle_desktop.plan.codec import plan_from_text, plan_to_text
from aisle_desktop.plan.compare import ComparisonRow, compare_results
from aisle_desktop.plan.document import EXTENSION, FORMAT, Plan, PlanCatalog
from aisle_desktop.plan.errors import PlanFileError, PlanSaveError, PlanVersionError
from aisle_desktop.plan.files import (
    MAX_FILE_BYTES,
    LoadedPlan,
    backup_path,
    load_plan,
    save_plan,
    with_plan_extension,
)
from aisle_desktop.plan.migrations import CURRENT_VERSION
from aisle_desktop.plan.plan_catalog import catalog_for_plan, differing_entries, entries_used
from aisle_desktop.plan.recovery import RecoveryEntry, RecoveryStore

__all__ = [
    "CURRENT_VERSION",
    "EXTENSION",
    "FORMAT",
    "MAX_FILE_BYTES",
    "ComparisonRow",
    "LoadedPlan",
    "Plan",
    "PlanCatalog",
    "PlanFileError",
    "PlanProblem",
    "PlanSaveError",
    "PlanVersionError",
    "RecoveryEntry",
    "RecoveryStore",
    "backup_path",
    "catalog_for_plan",
    "check_plan",
    "compare_results",
    "differing_entries",
    "entries_used",
    "load_plan",
    "plan_from_text",
    "plan_to_text",
    "save_plan",
    "unknown_ids",
    "with_plan_extension",
]
