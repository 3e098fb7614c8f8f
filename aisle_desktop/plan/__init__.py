"""The plan: what the planner wrote (scenarios, presets, notes), its file format and files.

Pure data and rules, no Qt and no sizing: a scenario here is the input of sizing, and which
catalog entries a saved plan carries is decided here too.

Public names are re-exported here; the window, the report and the CLI import from
``aisle_desktop.plan`` only, so the modules behind it can be reshuffled freely.
"""

from aisle_desktop.plan.carried_entries import carried_entries
from aisle_desktop.plan.checkpoint_precision import (
    checkpoint_line,
    checkpoint_note,
    precision_for_model,
    weights_stored,
)
from aisle_desktop.plan.checks import (
    PlanProblem,
    check_plan,
    context_problem,
    entries_lacked,
    hosted_api_problem,
    release_problem,
    unknown_entries,
    unknown_ids,
)
from aisle_desktop.plan.codec import plan_from_text, plan_to_text
from aisle_desktop.plan.document import EXTENSION, FORMAT, Plan, PlanCatalog
from aisle_desktop.plan.errors import (
    PlanChangedError,
    PlanFileError,
    PlanSaveError,
    PlanVersionError,
)
from aisle_desktop.plan.field_limits import NumberLimits, number_limits
from aisle_desktop.plan.file_problems import field_place, what_is_wrong
from aisle_desktop.plan.files import (
    MAX_FILE_BYTES,
    FileStamp,
    LoadedPlan,
    backup_path,
    file_stamp,
    is_plan_file,
    load_plan,
    names_plan_format,
    same_file,
    save_plan,
    with_plan_extension,
)
from aisle_desktop.plan.input_errors import describe_validation_error, plain_field_message
from aisle_desktop.plan.migrations import CURRENT_VERSION
from aisle_desktop.plan.model_import import (
    ImportedModel,
    ModelIdTakenError,
    config_in,
    import_model,
    namesake,
    suggested_id,
)
from aisle_desktop.plan.plan_catalog import (
    catalog_for_plan,
    differing_entries,
    entries_used,
    sized_alike,
)
from aisle_desktop.plan.plans_together import PlansRead, gathered, read_plans
from aisle_desktop.plan.power_feed import PowerFeed
from aisle_desktop.plan.presets import DEFAULT_PRESET, PRESETS, preset_scenario
from aisle_desktop.plan.recovery import RecoveryEntry, RecoveryFileError, RecoveryStore
from aisle_desktop.plan.scenario import (
    LOAD_KIND_FIELDS,
    MAX_SCENARIO_NAME_CHARS,
    AdapterSpec,
    EmbeddingsWorkload,
    ExpertLayout,
    Hardware,
    LatencyTargets,
    LoadKind,
    LoadSpec,
    PromptComposition,
    Scenario,
    SearchGoal,
    Serving,
    SpeculativeSpec,
    Workload,
)

__all__ = [
    "CURRENT_VERSION",
    "DEFAULT_PRESET",
    "EXTENSION",
    "FORMAT",
    "LOAD_KIND_FIELDS",
    "MAX_FILE_BYTES",
    "MAX_SCENARIO_NAME_CHARS",
    "PRESETS",
    "AdapterSpec",
    "EmbeddingsWorkload",
    "ExpertLayout",
    "FileStamp",
    "Hardware",
    "ImportedModel",
    "LatencyTargets",
    "LoadKind",
    "LoadSpec",
    "LoadedPlan",
    "ModelIdTakenError",
    "NumberLimits",
    "Plan",
    "PlanCatalog",
    "PlanChangedError",
    "PlanFileError",
    "PlanProblem",
    "PlanSaveError",
    "PlanVersionError",
    "PlansRead",
    "PowerFeed",
    "PromptComposition",
    "RecoveryEntry",
    "RecoveryFileError",
    "RecoveryStore",
    "Scenario",
    "SearchGoal",
    "Serving",
    "SpeculativeSpec",
    "Workload",
    "backup_path",
    "carried_entries",
    "catalog_for_plan",
    "check_plan",
    "checkpoint_line",
    "checkpoint_note",
    "config_in",
    "context_problem",
    "describe_validation_error",
    "differing_entries",
    "entries_lacked",
    "entries_used",
    "field_place",
    "file_stamp",
    "gathered",
    "hosted_api_problem",
    "import_model",
    "is_plan_file",
    "load_plan",
    "names_plan_format",
    "namesake",
    "number_limits",
    "plain_field_message",
    "plan_from_text",
    "plan_to_text",
    "precision_for_model",
    "preset_scenario",
    "read_plans",
    "release_problem",
    "same_file",
    "save_plan",
    "sized_alike",
    "suggested_id",
    "unknown_entries",
    "unknown_ids",
    "weights_stored",
    "what_is_wrong",
    "with_plan_extension",
]
