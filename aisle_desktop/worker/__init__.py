"""The sizing worker: one plain Python thread that sizes, compares and builds reports (no Qt).

The window's `SizingService` (ui/worker.py) posts requests (`messages`) to a `SizingThread`
and drains its reports on the GUI thread. Nothing here imports Qt, so the worker is tested
without a display and without PySide6 installed (`make test-core`).
"""

from aisle_desktop.worker.budget_job import SensitivityDone, SensitivityRequest, run_sensitivity
from aisle_desktop.worker.messages import (
    CANCELLED,
    CatalogChange,
    CompareRequest,
    ComparisonDone,
    ComparisonProgress,
    JobDone,
    LatestRevision,
    PlanRequest,
    PlanSized,
    PlanTails,
    Report,
    ReportBuilt,
    ReportProgress,
    ReportRequest,
    Request,
    SizeRequest,
    SizingFailed,
    SizingOutcome,
    Stop,
    TailLatencyDone,
)
from aisle_desktop.worker.thread import SizingThread, internal_error_message

__all__ = [
    "CANCELLED",
    "CatalogChange",
    "CompareRequest",
    "ComparisonDone",
    "ComparisonProgress",
    "JobDone",
    "LatestRevision",
    "PlanRequest",
    "PlanSized",
    "PlanTails",
    "Report",
    "ReportBuilt",
    "ReportProgress",
    "ReportRequest",
    "Request",
    "SensitivityDone",
    "SensitivityRequest",
    "SizeRequest",
    "SizingFailed",
    "SizingOutcome",
    "SizingThread",
    "Stop",
    "TailLatencyDone",
    "internal_error_message",
    "run_sensitivity",
]
