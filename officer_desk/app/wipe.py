"""Wiping this laptop: say first what has not been sent, then destroy every copy, keys first.

A laptop handed back must not leave a readable caseload behind, and a wipe must never quietly
lose work that reached neither the central system nor the hub. So a wipe is in two steps: a
statement of what is still only here (per case: changes waiting, documents issued since the
last export, open conflicts), which the officer can save; then, after a typed confirmation, the
key files (and the device secret in the credential store) go first, so whatever a crash leaves
is unreadable, then the caseload, every backup and every kept copy. The hub link goes with the
caseload, and the hub is told if it answers (best effort: a wipe never fails for want of it).
Part of the composition root.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from db import audit_anchor, file_lock, keystore, private_files
from db.caseload_file import CaseloadPaths, OpenCaseload
from officer_desk import retention
from officer_desk.app.retention import unsent
from officer_desk.dates import uk_datetime
from officer_desk.errors import DatabaseLockedError, UserFacingError

PHRASE = "wipe this laptop"


@dataclass(frozen=True)
class StatementCase:
    """One case with something not yet sent."""

    crn: str
    name: str
    waiting: retention.Unsent


@dataclass
class Statement:
    """What has not reached the central system or the hub, made just before a wipe."""

    made_at: datetime
    cases_held: int
    cases: list[StatementCase] = field(default_factory=list)
    linked: bool = False

    def text(self) -> str:
        """The statement as the officer reads (and saves) it."""
        lines = [f"Officer Desk: what has not been sent, {uk_datetime(self.made_at)}",
                 f"This laptop holds {self.cases_held} case(s)."]
        if not self.cases:
            lines.append("Everything has reached the central system (an acknowledged export)"
                         + (" or the team hub." if self.linked else "."))
        else:
            lines.append(f"{len(self.cases)} case(s) have something that reached neither the "
                         "central system nor the team hub, and a wipe destroys it:")
            lines += [f"  {c.crn} {c.name}: {'; '.join(c.waiting.parts())}." for c in self.cases]
        return "\n".join(lines) + "\n"

    def as_json(self) -> dict[str, Any]:
        """The statement as data (``wipe --json``)."""
        return {"made_at": self.made_at.isoformat(timespec="seconds"),
                "cases_held": self.cases_held, "linked_to_hub": self.linked,
                "cases": [{"crn": c.crn, "name": c.name, "changes_not_exported":
                           0 if c.waiting.synced else c.waiting.not_exported,
                           "documents_since_export": 0 if c.waiting.synced
                           else c.waiting.documents,
                           "changes_not_synced": c.waiting.not_synced,
                           "open_conflicts": c.waiting.conflicts,
                           "said": c.waiting.parts()} for c in self.cases]}


def statement(opened: OpenCaseload, now: datetime) -> Statement:
    """What a wipe would destroy that was never sent."""
    store = opened.store
    names = {crn: p.name for crn, p in store.caseload().people.items()}
    found = unsent(store)
    cases = [StatementCase(crn, names.get(crn, ""), w) for crn, w in sorted(found.items())
             if w.parts()]
    return Statement(now, len(found), cases, isinstance(store.setting("hub_link"), dict))


def save_statement(said: Statement, path: Path) -> None:
    """Write the statement (owner-only) where the officer chose; not inside the data folder,
    which the wipe empties."""
    private_files.check_target(path)
    private_files.write_private_bytes(path, said.text().encode("utf-8"), "The statement")


def refuse_unless_confirmed(typed: str | None) -> None:
    """The officer must type the phrase: a wipe cannot be undone."""
    if " ".join((typed or "").lower().split()) != PHRASE:
        raise UserFacingError(f'Nothing was wiped: type "{PHRASE}" exactly to confirm.')


def hub_contact(opened: OpenCaseload) -> dict[str, Any] | None:
    """How to reach the hub after the caseload is gone (read while it is open), or None."""
    link = opened.store.setting("hub_link")
    if not isinstance(link, dict):
        return None
    try:
        from db.hub import sync

        return {"params": sync.connection_params(opened.store, opened.key),
                "device": str(link.get("device", ""))}
    except Exception:  # noqa: BLE001 - a revoked or broken link: the hub is not told
        return None


def _shred(path: Path) -> None:
    """Overwrite a file with random bytes, flush it, then remove it (best effort on disks
    that remap blocks; the key files going first is what makes the rest unreadable)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            while size > 0:
                chunk = min(size, 1 << 20)
                fh.write(os.urandom(chunk))
                size -= chunk
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass  # unlinked below all the same
    path.unlink(missing_ok=True)


@dataclass
class Wiped:
    """What the wipe did."""

    files: int
    hub_told: bool | None  # None: no hub link


def _key_files(paths: CaseloadPaths) -> list[Path]:
    root = paths.root
    found = [paths.keys, paths.backups / "keys.json"]
    # Half-written key files a kill left behind too (any name with "keys" in it).
    found += [p for folder in (root, paths.backups) if folder.is_dir()
              for p in folder.iterdir() if p.is_file() and "keys" in p.name]
    return [p for p in dict.fromkeys(found) if p.exists()]


def _data_files(paths: CaseloadPaths) -> list[Path]:
    root = paths.root
    found = [p for p in root.iterdir() if p.is_file() and (
        p.name.startswith(("caseload.db", ".caseload.db")) or p.name in (
            audit_anchor.NAME, paths.unlock_state.name) or ".rekeying-" in p.name)]
    if paths.backups.is_dir():
        found += [p for p in paths.backups.rglob("*") if p.is_file()]
    return found


def wipe(root: Path, caseload_id: str | None, hub: dict[str, Any] | None) -> Wiped:
    """Destroy the caseload in ``root`` (closed by the caller): keys first, then every copy.

    Refused while anything else has the caseload open (an export, a sync, another window):
    the exclusive lock is what tells.
    """
    paths = CaseloadPaths(root)
    try:
        held = file_lock.exclusive(root)
    except DatabaseLockedError:
        raise UserFacingError("Nothing was wiped: the caseload is in use (an export, a sync or "
                              "another Officer Desk window). Wait for it to finish, close it, "
                              "and try again.") from None
    count = 0
    try:
        count = _destroy(paths, caseload_id)
    except OSError as exc:
        raise UserFacingError(
            f"The wipe stopped part-way ({exc.strerror or exc}): delete the folder {root} to "
            "finish (the key files go first, so once they are gone nothing left opens).") from None
    finally:
        held.release()
        (root / file_lock.LOCK_NAME).unlink(missing_ok=True)
    return Wiped(count, _tell_hub(hub) if hub else None)


def _destroy(paths: CaseloadPaths, caseload_id: str | None) -> int:
    """Keys first (files and the device secret), then every other file; how many files."""
    root, count = paths.root, 0
    for path in _key_files(paths):
        _shred(path)
        count += 1
    if caseload_id:
        keystore.forget_device(caseload_id)
    private_files.sync_folder(root)
    for path in _data_files(paths):
        _shred(path)
        count += 1
    if paths.backups.is_dir():
        for folder in sorted(paths.backups.rglob("*"), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()
        with contextlib.suppress(OSError):
            paths.backups.rmdir()
    private_files.sync_folder(root)
    return count


def _tell_hub(hub: dict[str, Any]) -> bool:
    """Tell the hub this laptop is wiped (it retires the laptop's id: nothing more is taken
    from it, and the administrator's device list says so); False when it does not answer (the
    wipe is done all the same)."""
    try:
        from db.hub import protocol, sync

        conn = sync.open_connection({**hub["params"], "connect_timeout": 5})
        try:
            protocol.checkin(conn, hub["device"])
            protocol.retire(conn, hub["device"])
        finally:
            conn.close()
    except Exception:  # noqa: BLE001 - best effort: a wipe never fails for the hub
        return False
    return True


def describe(done: Wiped) -> str:
    """The wipe's result in one sentence."""
    hub = {None: "", True: " The team hub was told.",
           False: " The team hub could not be reached; tell your hub administrator that this "
                  "laptop was wiped."}[done.hub_told]
    return (f"This laptop was wiped: the key files went first, then the caseload, its backups "
            f"and kept copies ({done.files} file(s)).{hub}")


def statement_json(said: Statement) -> str:
    """The statement as JSON text."""
    return json.dumps(said.as_json(), ensure_ascii=False, indent=1)
