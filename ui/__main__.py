"""``python -m ui``: open the desktop (same as ``officer-desk`` with no command)."""

import sys

from officer_desk.cli import gui

sys.exit(gui())
