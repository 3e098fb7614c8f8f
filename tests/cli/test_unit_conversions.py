"""Seconds and milliseconds, bytes and gigabytes: converted in one place (formatting)."""

from __future__ import annotations

import numpy as np
import pytest

from aisle_desktop.formatting import (
    bytes_from_gb,
    duration_ms,
    gb_from_bytes,
    ms_from_s,
    s_from_ms,
    with_unit,
)


def test_unit_conversions_take_floats_and_arrays_alike() -> None:
    assert ms_from_s(0.085) == pytest.approx(85.0) and s_from_ms(1500.0) == 1.5
    assert bytes_from_gb(80.0) == 80e9 and gb_from_bytes(141e9) == 141.0
    curve = np.array([0.02, 0.5])
    np.testing.assert_allclose(s_from_ms(ms_from_s(curve)), curve)
    assert duration_ms(ms_from_s(1.5)) == "1.5 s"


def test_a_wait_shorter_than_a_microsecond_reads_as_such() -> None:
    """QA: the DeepSeek-V3 TTFT read "+ prefill queue 0.000000192 ms +"."""
    assert duration_ms(1.92e-7) == "< 0.001 ms"
    assert (duration_ms(0.0), duration_ms(0.00123)) == ("0 ms", "0.00123 ms")


def test_a_size_of_a_few_bytes_reads_in_kb_or_mb_not_in_millionths_of_a_gb() -> None:
    """QA: the vector index's worked line read "bytes per vector with its graph links
    0.0000043 GB" (4,296 B); a size from 10 MB up keeps reading in GB."""
    assert with_unit(4.296e-6, "GB") == "4.3 kB"
    assert with_unit(0.0043, "GB") == "4.3 MB"
    assert with_unit(2e-9, "GB") == "2 B"
    assert [with_unit(gb, "GB") for gb in (0.0, 0.01, 0.537, 161.1)] == [
        "0 GB",
        "0.01 GB",
        "0.537 GB",
        "161 GB",
    ]
