"""An unlock started the moment the desktop starts, before its imports.

The key derivation takes a third of a second with the interpreter lock released, and so does
loading the desktop's code (Qt first): side by side, start-up waits for the longer, not both.
This module imports nothing of Qt, so a caller can start the unlock before importing Qt.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any


class EarlyUnlock:
    """The caseload opened on a thread of its own while the desktop's modules load."""

    def __init__(self, root: Path, passphrase: str) -> None:
        self.opened: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(root, passphrase),
                                        name="early-unlock")
        self._thread.start()

    def _run(self, root: Path, passphrase: str) -> None:
        from db import kdf

        try:
            # The derivation first: it needs none of the storage layer's imports.
            kdf.derive_ahead(root / "keys.json", passphrase)
            from db import caseload_file

            self.opened = caseload_file.unlock(root, passphrase)
        except BaseException as exc:  # noqa: BLE001 - raised on the caller's thread
            self.error = exc
        finally:
            kdf.forget()

    def result(self) -> Any:
        """The opened caseload (or the error the unlock raised)."""
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.opened
