"""Where a field that a blocking problem asks the planner to change sits in the window.

QA: "Blocked: One NVIDIA DGX B200 (8x B200 180GB) can draw 14.3 kW, more than the rack's 12
kW limit" named no field, and the planner looked for the setting among a dozen groups. A
block names the field as its row reads, with its panel and group (at 1024 px the panels are
tabs of the same names): “Rack power limit” (Hardware and costs > Rack and facility). The
command line and the report say the same, so a plan file's reader finds the field in the
window. A test holds these words to the window's own rows.
"""

from __future__ import annotations

from typing import NamedTuple

WORKLOAD, HARDWARE = "Workload", "Hardware and costs"


class FieldPlace(NamedTuple):
    """A field's row label, and the panel and group it is in."""

    label: str
    panel: str
    group: str


FIELD_PLACES = {
    "workload.weight_precision": FieldPlace("Weights", WORKLOAD, "Model and serving"),
    "workload.embeddings.corpus_documents": FieldPlace("Documents", WORKLOAD, "Embeddings"),
    "workload.embeddings.ingest_hours": FieldPlace("Ingest within", WORKLOAD, "Embeddings"),
    "workload.embeddings.queries_per_s": FieldPlace("Queries", WORKLOAD, "Embeddings"),
    "workload.embeddings.server_id": FieldPlace("Encoder GPUs", WORKLOAD, "Embeddings"),
    "hardware.gpu_id": FieldPlace("GPU", HARDWARE, "GPUs and servers"),
    "hardware.server_id": FieldPlace("Server", HARDWARE, "GPUs and servers"),
    "hardware.gpu_count": FieldPlace("GPU count", HARDWARE, "GPUs and servers"),
    "hardware.rack_power_limit_kw": FieldPlace("Rack power limit", HARDWARE, "Rack and facility"),
    "hardware.rack_units_per_rack": FieldPlace("Rack height", HARDWARE, "Rack and facility"),
}


def field_named(path: str) -> str:
    """`“Rack power limit” (Hardware and costs > Rack and facility)`: the field at `path`
    (as a plan file writes it, "hardware.rack_power_limit_kw") and where it is."""
    return f"{label(path)} ({where(path)})"


def label(path: str) -> str:
    """`“Rack power limit”`: the field's row label, quoted to read as a name in a sentence."""
    return f"“{FIELD_PLACES[path].label}”"


def where(path: str) -> str:
    """`Workload > Embeddings`: the panel and group of the field at `path`, said once after
    several fields of one group."""
    place = FIELD_PLACES[path]
    return f"{place.panel} > {place.group}"
