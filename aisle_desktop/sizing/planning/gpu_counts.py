"""How GPU counts read wherever a planner sees them (window, `size`, `sensitivity`, report).

Three counts describe a plan on whole servers, and each has one name:

- **GPUs bought**: every GPU of the whole servers bought, paid for and powered. The count a
  plan is known by; the yearly cost pays for all of them.
- **GPUs needed**: those the load needs (its replicas, the spare included). Named beside the
  GPUs bought only where fewer: "8 GPUs bought, 6 needed". An embeddings workload's encoder
  GPUs are bought too and named apart: "8 GPUs bought, 2 needed + 1 for embeddings".
- **replicas**: the copies of the model that run. With an automatic GPU count the GPUs bought
  anyway run more of them than needed: "4 replicas (3 needed, 1 more on GPUs already
  bought)"; with a count set by hand the GPUs left over sit idle.
"""

from __future__ import annotations

from aisle_desktop.formatting import count

# What the counts mean, for the captions of tables and charts that show them. The example is
# quoted as a form: bare, "(8 GPUs bought, 6 needed)" read as the plan's own counts under a
# Qwen3 32B plan that needs 3.
GPUS_CAPTION = (
    "GPU counts are the GPUs bought in whole servers, with those the load needs where fewer "
    '(written as "8 GPUs bought, 6 needed"); the yearly cost pays for every GPU bought.'
)
GPUS_BOUGHT_HEADER = "GPUs bought"
GPUS_BOUGHT_TIP = (
    'GPUs in the whole servers bought; "8 (6 needed)" where the load needs fewer than the '
    "servers hold"
)


def gpus_text(needed: int, bought: int, encoders: int = 0) -> str:
    """``8 GPUs`` when the load needs every GPU bought; ``8 GPUs bought, 6 needed``; with an
    embeddings workload's encoder GPUs among those bought, ``8 GPUs bought, 2 needed + 1 for
    embeddings``, or ``8 GPUs (1 for embeddings)`` when every GPU is needed."""
    return _counted(count(bought, "GPU"), needed, bought, encoders)


def _counted(bought_text: str, needed: int, bought: int, encoders: int) -> str:
    """What follows the GPUs bought: those needed where fewer, the encoder's named."""
    if needed + encoders >= bought:
        return f"{bought_text} ({encoders:,} for embeddings)" if encoders else bought_text
    for_embeddings = f" + {encoders:,} for embeddings" if encoders else ""
    return f"{bought_text} bought, {needed:,} needed{for_embeddings}"


def gpus_cell(needed: int, bought: int, encoders: int = 0) -> str:
    """`gpus_text` in a column headed "GPUs bought": ``8``, ``8 (6 needed)``, or ``8 (2
    needed + 1 for embeddings)``."""
    if needed + encoders >= bought:
        return f"{bought:,} ({encoders:,} for embeddings)" if encoders else f"{bought:,}"
    for_embeddings = f" + {encoders:,} for embeddings" if encoders else ""
    return f"{bought:,} ({needed:,} needed{for_embeddings})"


def gpus_of(name: str, needed: int, bought: int, encoders: int = 0) -> str:
    """``8 × NVIDIA H100 SXM5 80GB``, or ``8 × NVIDIA H100 SXM5 80GB bought, 6 needed``
    (`gpus_text`'s counts, the encoder GPUs among them)."""
    return _counted(f"{bought:,} × {name}", needed, bought, encoders)


def own_encoder_gpus(name: str, needed: int, bought: int) -> str:
    """An encoder pool on servers of its own GPU type: ``4 × NVIDIA L4 24GB for embeddings
    (1 needed)``, or without the needed count when every GPU bought encodes."""
    text = f"{bought:,} × {name} for embeddings"
    return f"{text} ({needed:,} needed)" if needed < bought else text


def replicas_text(replicas: int, layout: str, more: int, idle_gpus: int) -> str:
    """``4 replicas of TP 2 × PP 1``, with what whole servers did to them: ``(3 needed, 1 more
    on GPUs already bought)`` or ``(2 GPUs bought sit idle)``."""
    text = f"{count(replicas, 'replica')} of {layout}"
    notes = []
    if more:
        notes.append(f"{replicas - more:,} needed, {more:,} more on GPUs already bought")
    if idle_gpus:
        notes.append(f"{count(idle_gpus, 'GPU')} bought {'sits' if idle_gpus == 1 else 'sit'} idle")
    return f"{text} ({'; '.join(notes)})" if notes else text


def bought_each_way(together: int, pools: int) -> str:
    """The GPUs bought serving together and in two pools, beside a comparison of the GPUs
    needed: ``8 bought either way``, or ``8 bought together, 16 for two pools``."""
    if together == pools:
        return f"{together:,} bought either way"
    return f"{together:,} bought together, {pools:,} for two pools"
