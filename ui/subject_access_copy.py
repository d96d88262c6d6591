"""The case action *Subject access copy…*: everything held on the person, written to a folder.

The officer chooses where; the copy goes into a new folder there named for the person and the
day. What the caseload holds is read here, on the thread that owns the database; the index is
laid out and the folder written by a worker (``ui.tasks``); the audit entry is written back
here once the folder is whole. What is in the copy and what is held back is
``officer_desk.subject_access``'s one rule, the same as ``officer-desk sar``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from officer_desk.app import subject_access
from officer_desk.errors import UserFacingError
from ui import tasks
from ui.errors import show_error, show_info
from ui.saved_file import documents_folder


def make_copy(parent: QWidget, controller: Any, crn: str) -> None:
    """Ask for a folder, then write the person's subject access copy into a new folder in it."""
    chosen = QFileDialog.getExistingDirectory(parent, "Subject access copy: choose a folder",
                                              str(documents_folder()))
    if not chosen or not crn:
        return
    out = Path(chosen) / f"subject-access-{crn}-{controller.today().isoformat()}"
    try:
        subject_access.check_folder(out)
        gathered = subject_access.gather(controller.store, crn, controller.clock())
    except UserFacingError as exc:
        parent.subject_access_message = show_error(parent, exc)  # type: ignore[attr-defined]
        return
    version = controller.policy.version

    def done(_path: Path) -> None:
        subject_access.log(controller.store, gathered)
        copy = gathered.copy
        held = (f" {len(copy.held_back)} item(s) about other people or marked sensitive were "
                f"held back: {subject_access.HELD} lists each one for the data protection "
                "officer to decide on before the copy is sent." if copy.held_back else "")
        parent.subject_access_message = show_info(  # type: ignore[attr-defined]
            parent, f"Wrote the subject access copy for {copy.name} to {out}: "
                    f"{len(copy.records)} records, {len(copy.documents)} documents and "
                    f"{len(copy.audit)} audit entries.{held}")

    def failed(exc: BaseException) -> None:
        parent.subject_access_message = show_error(parent, exc)  # type: ignore[attr-defined]

    tasks.start(lambda: subject_access.write(gathered, out, version), done, failed)
