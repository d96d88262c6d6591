"""Where caseloads live: one module decides, overridable by --data-dir or an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "OFFICER_DESK_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the argument, else $OFFICER_DESK_DATA_DIR, else the platform's folder."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir("OfficerDesk", appauthor=False))
