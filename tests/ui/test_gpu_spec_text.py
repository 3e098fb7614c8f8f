"""A GPU's memory as sold and as the memory bars count it (QA: the H100's "80 GB" bar added
up to 85.4 GB with nothing saying why)."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.ui.catalog_text import gpu_spec_text


def test_memory_reads_as_sold_and_as_usable_in_the_bars_units(catalog: Catalog) -> None:
    # nvidia-smi reports 79.65 GiB of the H100 SXM's "80 GB": 85.5 GB in decimal GB.
    assert gpu_spec_text(catalog.gpu("h100-sxm")).startswith("80 GB (85.5 GB usable) · 3.35 TB/s")
