"""`python -m aisle_desktop` runs the same entry point as the `aisle-desktop` command."""

from aisle_desktop.cli.console import entry

entry()
