"""A caseload on disk: the encrypted database and its key file in one data folder.

Creating, unlocking (passphrase or recovery code), changing the passphrase, locking. Nothing
here prints or prompts: the composition root and the desktop ask the officer and show results.
"""

from __future__ import annotations

import contextlib
import getpass
import hmac
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db import (
    audit,
    audit_anchor,
    backup,
    file_clock,
    file_lock,
    key_memory,
    keystore,
    rekey,
    restore,
    unlock_guard,
)
from db.connection import close_database, open_database
from db.errors import SqlError, translate
from db.migrations import migrate
from db.store import RecordStore
from db.transaction import write_transaction
from officer_desk.caseload import Caseload
from officer_desk.errors import (
    CaseloadExistsError,
    CaseloadMissingError,
    DatabaseDamagedError,
    DiskFullError,
    UserFacingError,
    WrongKeyError,
)


@dataclass(frozen=True)
class CaseloadPaths:
    """Where a caseload's files live inside its data folder."""

    root: Path

    @property
    def database(self) -> Path:
        """The encrypted SQLCipher file."""
        return self.root / "caseload.db"

    @property
    def keys(self) -> Path:
        """The wrapped keys."""
        return self.root / "keys.json"

    @property
    def backups(self) -> Path:
        """Encrypted backups."""
        return self.root / "backups"

    @property
    def policy(self) -> Path:
        """An organisation's policy override, if any."""
        return self.root / "policy.toml"

    @property
    def anchor(self) -> Path:
        """The audit trail's head, sealed, kept outside the database."""
        return self.root / audit_anchor.NAME

    @property
    def unlock_state(self) -> Path:
        """Failed-unlock counter (no case content)."""
        return self.root / "unlock-state.json"

    def exists(self) -> bool:
        """A caseload is here."""
        return self.database.exists() and self.keys.exists()


def default_actor() -> str:
    """Who the audit trail names when no officer name is set."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "officer"


@dataclass
class OpenCaseload:
    """An unlocked caseload. ``lock`` closes the database and drops the key."""

    paths: CaseloadPaths
    db: Database
    key: bytearray  # zeroed on lock
    caseload_id: str
    store: RecordStore = field(init=False)
    notice: str = ""
    held: file_lock.CaseloadLock | None = None
    anchor: audit_anchor.Anchor | None = None

    def __post_init__(self) -> None:
        actor = None
        try:
            row = self.db.execute("SELECT value FROM settings WHERE key = 'officer_name'").fetchone()
            actor = json.loads(row[0]) if row else None
        except SqlError:
            actor = None
        self.store = RecordStore(self.db, actor or default_actor())
        self.store.on_audit = self.advance_anchor

    def overview_apart(self, until: datetime) -> Caseload:
        """The overview over a connection of its own (another thread may be using ``db``)."""
        try:
            db = open_database(self.paths.database, self.key)
        except SqlError as exc:
            raise translate(exc) from None
        try:
            return RecordStore(db, self.store.actor).overview(until=until)
        except SqlError as exc:
            raise translate(exc) from None
        finally:
            db.conn.close()

    def advance_anchor(self) -> None:
        """Anchor the trail's new head outside the database (after each committed write)."""
        if self.key:
            self.anchor = audit_anchor.advance(self.paths.anchor, self.key, self.db, self.anchor)

    def export_header(self) -> dict[str, object]:
        """What an export's header line carries: the audit trail's newest change, sealed."""
        return {"audit_anchor": audit_anchor.export_mark(self.db, self.key)}

    @property
    def is_open(self) -> bool:
        """Not yet locked."""
        return bool(self.key)

    def backup(self, keep: int = 10) -> Path:
        """An encrypted backup now (and a copy of the key file beside the backups)."""
        dest = backup.make_backup(self.db, self.key, self.paths.backups, keep)
        _copy_keys(self.paths)
        self.store.log("backup", detail={"file": dest.name})
        return dest

    def forget_cases(self, crns: list[str]) -> None:
        """Cases that moved to another officer leave every kept copy too, not only the caseload."""
        if crns and self.key:
            from db.hub.history import purge_copies

            purge_copies(self.paths.root, self.key, self.store.actor, crns)

    def backup_due(self, hours: float = 24.0) -> bool:
        """True when the newest backup is older than ``hours`` (or there is none)."""
        latest = backup.backups(self.paths.backups)
        return not latest or file_clock.age(latest[0], file_clock.now_in(latest[0].parent)) \
            >= hours * 3600

    def backup_if_due(self, keep: int = 10, hours: float = 24.0) -> Path | None:
        """The daily backup."""
        return self.backup(keep) if self.backup_due(hours) else None

    def lock(self) -> None:
        """Close the database and forget the key."""
        if self.key:
            close_database(self.db)
            key_memory.wipe(self.key)
            self.key = bytearray()
        if self.held is not None:
            self.held.release()
            self.held = None


def backup_from_worker(paths: CaseloadPaths, key: bytes, keep: int) -> Path:
    """A backup over a connection of the calling thread's own (for a background worker)."""
    db = open_database(paths.database, key)
    try:
        dest = backup.make_backup(db, key, paths.backups, keep)
    finally:
        close_database(db, checkpoint="PASSIVE")
    _copy_keys(paths)
    return dest


def _copy_keys(paths: CaseloadPaths) -> None:
    """The key file beside the backups: a backup is useless without its wrapped key."""
    try:
        keystore.KeyFile.read(paths.keys).write(paths.backups / "keys.json")
    except OSError as exc:
        raise UserFacingError(f"The key file could not be copied beside the backups: "
                              f"{exc.strerror or exc}.") from None


def _damaged(paths: CaseloadPaths, what: str) -> DatabaseDamagedError:
    latest = backup.backups(paths.backups)
    offer = (f"The latest backup is {latest[0].name} (in {paths.backups}); restore it with "
             f"'officer-desk restore {latest[0]}'." if latest else
             "No backup was found; the last export to the central system is the other copy.")
    return DatabaseDamagedError(f"The caseload file is damaged ({what}). {offer}")


def _check_size(paths: CaseloadPaths, db: Database) -> None:
    """Cheap truncation check: the file must hold every page its header promises.

    Pages can still sit in the write-ahead log after a crash, so the log is folded into the
    file first; when another program holds the caseload the check is skipped (it cannot tell).
    """
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        return
    page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    size = paths.database.stat().st_size
    if size % page_size or size < pages * page_size:
        raise _damaged(paths, "it is shorter than it should be")


def _disk_full(paths: CaseloadPaths) -> DiskFullError | None:
    """A full disk, said as such (SQLite reports some of its forms as an unreadable file)."""
    try:
        st = os.statvfs(paths.root)
    except (OSError, AttributeError):
        return None
    if st.f_bavail * st.f_frsize < _LOW_SPACE:
        return DiskFullError(f"The disk holding the caseload ({paths.root}) is full, so it "
                             "cannot be opened. Nothing is damaged: free some space and try "
                             "again.")
    return None


_LOW_SPACE = 1024 * 1024


def _tidy(paths: CaseloadPaths) -> None:
    """Clear what killed backups and restores left behind; keep few replaced files."""
    restore.clear_leftovers(paths.root, older_than=0)  # the shared lock proves none is running
    restore.rotate_replaced(paths.database)
    backup.clear_partial(paths.backups)
    if paths.backups.is_dir():
        with contextlib.suppress(OSError):
            os.chmod(paths.backups, 0o700)


def _open(paths: CaseloadPaths, key: bytes, caseload_id: str) -> OpenCaseload:
    held = file_lock.shared(paths.root)
    try:
        return _open_held(paths, key, caseload_id, held)
    except BaseException:
        held.release()
        raise


def _open_held(paths: CaseloadPaths, key: bytes, caseload_id: str,
               held: file_lock.CaseloadLock) -> OpenCaseload:
    with contextlib.suppress(OSError):
        _tidy(paths)
    try:
        db = open_database(paths.database, key)
    except (WrongKeyError, DatabaseDamagedError, DiskFullError, UserFacingError) as exc:
        full = _disk_full(paths)
        if full is not None:
            raise full from None
        if isinstance(exc, WrongKeyError | DatabaseDamagedError):
            raise _damaged(paths, "the key is right but the file does not open") from None
        raise
    try:
        _check_size(paths, db)
        migrate(db, paths.database)
    except SqlError as exc:
        db.conn.close()
        full = _disk_full(paths)
        if full is not None:
            raise full from None
        error = translate(exc)
        if isinstance(error, DatabaseDamagedError):
            raise _damaged(paths, "a part of it cannot be read") from None
        raise error from None
    except OSError as exc:
        db.conn.close()
        raise _disk_full(paths) or UserFacingError(
            f"The caseload could not be opened: {exc.strerror or exc}.") from None
    except Exception:
        db.conn.close()
        raise
    return OpenCaseload(paths, db, key, caseload_id, held=held)


def create(root: Path, passphrase: str, *, minimum: int = keystore.MIN_PASSPHRASE,
           **cost: dict[str, int]) -> tuple[OpenCaseload, str]:
    """A new empty caseload; returns it open, with the recovery code to show once."""
    paths = CaseloadPaths(root)
    if paths.database.exists() or paths.keys.exists():
        raise CaseloadExistsError(f"There is already a caseload in {root}.")
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    made = keystore.create_keys(passphrase, cost=cost.get("cost"),
                                recovery_cost=cost.get("recovery_cost"), minimum=minimum)
    held = file_lock.shared(root)
    db = open_database(paths.database, made.key, create=True)
    os.chmod(paths.database, 0o600)
    try:
        migrate(db, None)
        made.keyfile.write(paths.keys)
        unlock_guard.start(paths.unlock_state, _tries(made.keyfile))
        opened = OpenCaseload(paths, db, made.key, made.keyfile.caseload_id, notice=made.notice,
                              held=held)
        db.execute("INSERT INTO settings (key, value) VALUES ('audit_anchored', 'true')")
        opened.store.log("create", detail={"device_bound": made.keyfile.device_bound})
    except BaseException:
        db.conn.close()
        held.release()
        for p in (paths.database, paths.keys, paths.unlock_state, paths.anchor):
            p.unlink(missing_ok=True)
        raise
    return opened, made.recovery_code


def _require(paths: CaseloadPaths) -> keystore.KeyFile:
    if paths.keys.exists() and not paths.database.exists():
        latest = backup.backups(paths.backups)
        offer = (f"Restore the latest backup with 'officer-desk restore {latest[0]}'."
                 if latest else "No backup was found beside it.")
        raise CaseloadMissingError(f"The caseload file is missing from {paths.root} (its key "
                                   f"file is there). {offer}")
    if not paths.exists():
        raise CaseloadMissingError(f"There is no caseload in {paths.root}. Create one with "
                                   "'officer-desk init' (or 'officer-desk demo').")
    return keystore.KeyFile.read(paths.keys)


def unlock_delay(paths: CaseloadPaths, free_tries: int = unlock_guard.FREE_TRIES,
                 max_seconds: int = unlock_guard.MAX_SECONDS) -> float:
    """Seconds to wait before the next try: doubling after ``free_tries`` wrong passphrases."""
    keyfile = keystore.KeyFile.read(paths.keys) if paths.keys.exists() else None
    return unlock_guard.delay(paths.unlock_state, free_tries, max_seconds,
                              _tries(keyfile) if keyfile else None)


def _tries(keyfile: keystore.KeyFile) -> unlock_guard.Mirror | None:
    """The wrong-passphrase count's copy in the credential store, where the caseload is tied
    to one (a passphrase-only caseload has only its file)."""
    return keystore.KeyringTries(keyfile.caseload_id) if keyfile.device_bound else None


def _unwrap(paths: CaseloadPaths, keyfile: keystore.KeyFile, *, passphrase: str | None = None,
            code: str | None = None) -> tuple[keystore.KeyFile, bytes]:
    """The caseload key, where the wrong-passphrase delay is enforced and counted.

    A re-encryption that a kill cut short is finished here (it needs the same secret).
    """
    unlock_guard.check(paths.unlock_state, mirror=_tries(keyfile))
    try:
        if passphrase is not None:
            key = keystore.unlock(keyfile, passphrase)
        else:
            assert code is not None
            key = keystore.unlock_with_recovery(keyfile, code)
    except WrongKeyError:
        unlock_guard.note_failure(paths.unlock_state, _tries(keyfile))
        raise
    if keyfile.rekey is not None:
        try:
            new_key = keystore.unlock_rekey(keyfile, passphrase=passphrase, code=code)
        except WrongKeyError:
            return keyfile, key  # this secret cannot finish it; the old key still opens
        keyfile, _retired = rekey.roll_forward(paths.root, keyfile, key, new_key)
        key_memory.wipe(key)
        key = new_key
    return keyfile, key


def _write_keys(paths: CaseloadPaths, keyfile: keystore.KeyFile) -> None:
    """Every stored key file: the caseload's and the copy beside the backups."""
    keyfile.write(paths.keys)
    if paths.backups.is_dir():
        keyfile.write(paths.backups / "keys.json")


def _check_anchor(opened: OpenCaseload) -> str | None:
    """The chain against the anchor kept outside the database; a problem in words."""
    path = opened.paths.anchor
    try:
        anchor = audit_anchor.read(path, opened.key)
    except audit_anchor.AnchorForged as exc:
        opened.anchor = None
        return f"{exc} (it was edited, or belongs to another caseload)"
    opened.anchor = anchor
    if anchor is None:
        if opened.store.setting("audit_anchored", False):
            return "the anchor kept outside the database is missing"
        return None
    return audit_anchor.compare(opened.db, anchor)


def _after_login(opened: OpenCaseload, how: str, before: unlock_guard.UnlockState) -> None:
    problem = _check_anchor(opened)
    with write_transaction(opened.db):
        if before.count and not before.suspicious:
            audit.append(opened.db, opened.store.actor, "failed_unlocks",
                         detail={"count": before.count,
                                 "last": datetime.fromtimestamp(before.last).isoformat(
                                     timespec="seconds")})
        if before.suspicious:
            audit.append(opened.db, opened.store.actor, "unlock_counter_lost",
                         detail={"reason": before.suspicious})
        if problem:
            audit.append(opened.db, opened.store.actor, "audit_anchor_mismatch",
                         detail={"problem": problem})
        audit.append(opened.db, opened.store.actor, "login", detail={"how": how})
        opened.db.execute("INSERT INTO settings (key, value) VALUES ('audit_anchored', 'true') "
                          "ON CONFLICT (key) DO NOTHING")
    if problem:
        base = opened.anchor or audit_anchor.Anchor(0, audit.GENESIS, audit_anchor.now_text())
        base.problems.append(f"{audit_anchor.now_text()}: {problem}")
        opened.anchor = base
        opened.notice = (f"The audit trail does not match what was recorded outside the "
                         f"database: {problem}. 'officer-desk audit verify' gives the details; "
                         "tell your manager.")
    opened.advance_anchor()


def unlock(root: Path, passphrase: str) -> OpenCaseload:
    """Open with the passphrase. A wrong one changes nothing but the failure counter."""
    paths = CaseloadPaths(root)
    keyfile = _require(paths)
    keyfile, key = _unwrap(paths, keyfile, passphrase=passphrase)
    opened = _open(paths, key, keyfile.caseload_id)
    try:
        _after_login(opened, "passphrase",
                     unlock_guard.note_success(paths.unlock_state, _tries(keyfile)))
    except BaseException:
        opened.lock()
        raise
    return opened


def _open_rekeyed(paths: CaseloadPaths, key: bytearray, final: keystore.KeyFile, how: str,
                  before: unlock_guard.UnlockState, detail: dict[str, Any]) -> OpenCaseload:
    """Open under the new key after a re-encryption, with its login and audit rows."""
    opened = _open(paths, key, final.caseload_id)
    try:
        _after_login(opened, how, before)
        if how == "recovery code":
            opened.store.log("recovery_code_used", detail={"device_bound": final.device_bound})
        opened.store.log("rekeyed", detail=detail)
    except BaseException:
        opened.lock()
        raise
    return opened


def recover(root: Path, code: str, new_passphrase: str) -> tuple[OpenCaseload, str]:
    """Open with the recovery code, set a new passphrase, re-encrypt under a new key.

    The passphrase may be known to someone else, so the database, its backups and kept copies
    go under a new key and every old key file stops opening them. A new one-time code is
    issued; the old code keeps working until the officer confirms the new one
    (``confirm_recovery_code``), so a kill before the new code was shown loses nothing.
    """
    paths = CaseloadPaths(root)
    keyfile = _require(paths)
    keystore.check_passphrase(new_passphrase)
    keyfile, old_key = _unwrap(paths, keyfile, code=code)
    before = unlock_guard.note_success(paths.unlock_state, _tries(keyfile))
    # The new passphrase and the new key's wraps go into the key file in one write: a kill
    # before it changes nothing; after it, whoever unlocks next (with the new passphrase or
    # the code) finishes the re-encryption, so the old key never stays in use.
    with_passphrase, _ = keystore.rewrap(keyfile, old_key, new_passphrase)
    new_code = keystore.new_recovery_code()
    final, key, retired = rekey.rekey(root, with_passphrase, old_key, new_passphrase, code=code,
                                      pending_code=new_code)
    key_memory.wipe(old_key)
    opened = _open_rekeyed(paths, key, final, "recovery code", before,
                           {"why": "recovery", "copies_retired": len(retired)})
    return opened, new_code


def rekey_caseload(root: Path, passphrase: str, code: str | None = None
                   ) -> tuple[OpenCaseload, str | None, list[Path]]:
    """Re-encrypt under a new key on demand.

    Returns the caseload (open, under the new key), a new code to confirm (or None) and the
    copies retired because they did not open.

    With the current recovery code it is kept (wrapped under the new key); without it a new
    code is issued, since the old one wraps only the old key.
    """
    paths = CaseloadPaths(root)
    keyfile = _require(paths)
    keyfile, old_key = _unwrap(paths, keyfile, passphrase=passphrase)
    before = unlock_guard.note_success(paths.unlock_state, _tries(keyfile))
    if code is not None:
        try:
            keystore.unlock_with_recovery(keyfile, code)
        except WrongKeyError:
            unlock_guard.note_failure(paths.unlock_state, _tries(keyfile))
            raise
    pending = None if code is not None else keystore.new_recovery_code()
    final, key, retired = rekey.rekey(root, keyfile, old_key, passphrase, code=code,
                                      pending_code=pending)
    key_memory.wipe(old_key)
    opened = _open_rekeyed(paths, key, final, "passphrase", before,
                           {"why": "asked", "copies_retired": len(retired)})
    return opened, pending, retired


def confirm_recovery_code(opened: OpenCaseload, code: str) -> None:
    """The new code, typed back, replaces the old one (which then stops working)."""
    keyfile = keystore.KeyFile.read(opened.paths.keys)
    _write_keys(opened.paths, keystore.confirm_recovery(keyfile, code))
    opened.store.log("recovery_code_confirmed")


def change_passphrase(opened: OpenCaseload, old: str, new: str) -> None:
    """Rewrap the key under a new passphrase after checking the old one.

    Every stored key file is rewritten. The database key stays the same: a copy of an old
    key file still opens the caseload with the old passphrase until ``rekey_caseload``.
    """
    keyfile = keystore.KeyFile.read(opened.paths.keys)
    unlock_guard.check(opened.paths.unlock_state, mirror=_tries(keyfile))
    try:
        given = keystore.unlock(keyfile, old)
        matches = hmac.compare_digest(given, opened.key)
        key_memory.wipe(given)
    except WrongKeyError:
        matches = False
    if not matches:
        unlock_guard.note_failure(opened.paths.unlock_state, _tries(keyfile))
        raise WrongKeyError("The current passphrase is not right.")
    updated, _ = keystore.rewrap(keyfile, opened.key, new)
    _write_keys(opened.paths, updated)
    opened.store.log("passphrase_changed")


def restore_backup(root: Path, source: Path, *, passphrase: str | None = None,
                   code: str | None = None) -> tuple[int, Path | None]:
    """Replace the caseload with a checked backup (on a new laptop too); (records, kept file)."""
    paths = CaseloadPaths(root)
    keys_path = paths.keys if paths.keys.exists() else Path(source).parent / "keys.json"
    if not keys_path.exists():
        raise CaseloadMissingError("No key file (keys.json) was found for this caseload or "
                                   "beside the backup.")
    keyfile = keystore.KeyFile.read(keys_path)
    root.mkdir(parents=True, exist_ok=True)
    fresh = not paths.keys.exists()
    if fresh:
        unlock_guard.start(paths.unlock_state, _tries(keyfile))
    keyfile, key = _unwrap(paths, keyfile, passphrase=passphrase, code=code)
    count, kept = restore.restore(Path(source), paths.database, key)
    if fresh:
        keyfile.write(paths.keys)
    # The restored trail is older than the anchor: anchor it afresh, saying so.
    previous = None
    try:
        previous = audit_anchor.read(paths.anchor, key)
    except audit_anchor.AnchorForged:
        previous = None
    opened = _open(paths, key, keyfile.caseload_id)
    try:
        seq, _ = audit_anchor.head(opened.db)
        opened.anchor = audit_anchor.Anchor(
            seq, "", audit_anchor.now_text(), list(previous.problems) if previous else [],
            [*(previous.history if previous else []),
             f"{audit_anchor.now_text()}: restored from {Path(source).name} (trail to entry "
             f"{seq}; the replaced file's later entries are in "
             f"{kept.name if kept else 'no kept file'})"])
        opened.store.log("restore", detail={"file": Path(source).name, "records": count})
        opened.db.execute("INSERT INTO settings (key, value) VALUES ('audit_anchored', 'true') "
                          "ON CONFLICT (key) DO NOTHING")
        opened.advance_anchor()
    finally:
        opened.lock()
    return count, kept
