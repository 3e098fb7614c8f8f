"""The report's own words read shares as its figures do ("80 %"), not "80%" beside them."""

from __future__ import annotations

import re

from aisle_desktop.report.methodology import MEASURED_ACCURACY, methodology_html


def test_the_methodology_spaces_its_shares() -> None:
    """Its accuracy tables quote validation/REPORT.md's "10.2% / 24.3%" and print them spaced."""
    html = methodology_html()
    assert not re.search(r"\d%", re.sub(r"<[^>]*>", "", html))  # tags' widths are not read
    _name, _n, in_sample, _held_out = MEASURED_ACCURACY[0]
    assert in_sample.replace("%", "\u00a0%") in html
    assert "latency to about 20 %" in html
