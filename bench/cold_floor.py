"""Run in a fresh process: the floor for cold start.

Import PySide6, derive the key with the caseload's own KDF settings, show an empty main window:
what any Qt desktop with an encrypted file must do before it can show anything. Prints one JSON
line with the seconds from process start.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import base64  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


def main() -> None:
    root, passphrase = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    wrap = json.loads((root / "keys.json").read_text(encoding="utf-8"))["passphrase"]
    kdf = wrap["kdf"]
    hashlib.scrypt(passphrase.encode(), salt=base64.b64decode(wrap["salt"]), n=kdf["n"],
                   r=kdf["r"], p=kdf["p"], dklen=32, maxmem=256 * 1024 * 1024)
    window = QMainWindow()
    window.show()
    app.processEvents()
    print(json.dumps({"seconds": time.perf_counter() - STARTED}))


if __name__ == "__main__":
    main()
