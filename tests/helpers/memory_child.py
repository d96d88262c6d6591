"""A desktop session in its own process, for reading its memory from outside.

Unlocks through the desktop's controller, saves, prints "unlocked" and waits; on "lock" it
locks as the Lock action does and prints "locked", then waits to be read and killed.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from officer_desk.policy import load_policy
    from ui.controller import Controller

    app = QApplication([])
    controller = Controller(Path(sys.argv[1]), load_policy())
    controller.unlock(sys.argv[2])
    controller.store.set_setting("officer_name", "Rhian Evans")
    print("unlocked", flush=True)
    sys.stdin.readline()
    controller.lock()
    gc.collect()
    print("locked", flush=True)
    sys.stdin.readline()
    app.quit()


if __name__ == "__main__":
    main()
