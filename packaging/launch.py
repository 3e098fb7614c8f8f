"""Entry point of the bundled program: the same `main()` as the `aisle-desktop` command."""

from aisle_desktop.cli.console import entry

entry()
