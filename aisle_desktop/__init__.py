"""Aisle Desktop: an offline sizer for on-premises LLM inference."""

__version__ = "0.1.0"
