"""``python -m officer_desk``: the same as the ``officer-desk`` command."""

import sys

from officer_desk.cli import main

sys.exit(main())
