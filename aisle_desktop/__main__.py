"""`python -m aisle_desktop` runs the same entry point as the `aisle-desktop` command."""

import sys

from aisle_desktop.cli.main import main

sys.exit(main())
