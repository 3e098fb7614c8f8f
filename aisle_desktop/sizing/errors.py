"""Errors the sizing model reports to a planner: what is wrong and what would work."""


class SizingError(ValueError):
    """A scenario the model cannot evaluate, with a message a planner can act on."""
