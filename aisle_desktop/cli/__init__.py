"""The headless face of Aisle: catalog, size, predict and validate without a window."""
