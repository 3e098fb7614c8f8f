"""Numeric precisions for weights and KV cache: storage cost and which tensor unit runs them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aisle_desktop.catalog.ranges import (
    BitsPerWeight,
    BytesPerElement,
)
from aisle_desktop.catalog.schema_common import Entry

ComputeField = Literal["bf16_tflops", "fp8_tflops", "fp4_tflops", "int8_tops"]


class PrecisionSpec(Entry):
    """One precision. ``bits_per_weight`` includes the scales stored alongside the weights."""

    name: str = Field(min_length=1)
    bits_per_weight: BitsPerWeight
    bytes_per_kv_element: BytesPerElement
    compute_tflops_field: ComputeField
    quality_note: str = Field(min_length=1)
