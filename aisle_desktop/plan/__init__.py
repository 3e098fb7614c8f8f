"""The plan document: scenarios, notes, format version and migrations (no Qt)."""
