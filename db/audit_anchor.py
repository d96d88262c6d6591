"""The audit trail's head, kept outside the database under a keyed MAC.

The hash chain inside the database shows an edit made around the app, but not a rewrite by
someone holding the key: they can delete rows and hash the chain again. The anchor file
(beside the key file) records the latest entry's number and hash, sealed with a MAC keyed
from the caseload key, and each export's header carries it to the central system. A chain
that no longer reaches the anchored entry, or reaches it with another hash, was rewritten or
lost saves (a damaged write-ahead log); the finding is kept in the anchor for good.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db.audit import GENESIS
from db.private_files import write_json_quietly

NAME = "audit-anchor.json"


def _mac_key(key: bytes) -> bytes:
    return hmac.new(key, b"officer-desk audit anchor v1", hashlib.sha256).digest()


@dataclass
class Anchor:
    """The anchored head, with the problems found against it (never removed) and history."""

    seq: int
    head: str
    at: str
    problems: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        """What the MAC covers."""
        return {"seq": self.seq, "head": self.head, "at": self.at,
                "problems": self.problems, "history": self.history}

    def mac(self, key: bytes) -> str:
        """HMAC-SHA256 of the fields."""
        text = json.dumps(self.fields(), sort_keys=True, separators=(",", ":"))
        return hmac.new(_mac_key(key), text.encode("utf-8"), hashlib.sha256).hexdigest()


class AnchorForged(Exception):
    """The anchor file's MAC does not match (edited, or from another caseload)."""


def read(path: Path, key: bytes) -> Anchor | None:
    """The anchor, None when there is none; ``AnchorForged`` when it does not verify."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        anchor = Anchor(int(data["seq"]), str(data["head"]), str(data["at"]),
                        [str(p) for p in data.get("problems", [])],
                        [str(h) for h in data.get("history", [])])
        mac = str(data["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorForged("the anchor file is damaged") from exc
    if not hmac.compare_digest(mac, anchor.mac(key)):
        raise AnchorForged("the anchor file does not verify")
    return anchor


def write(path: Path, key: bytes, anchor: Anchor) -> bool:
    """Replace the anchor atomically; False when the disk would not take it (it lags)."""
    return write_json_quietly(path, {**anchor.fields(), "mac": anchor.mac(key)})


def head(db: Database) -> tuple[int, str]:
    """(number, hash) of the newest audit entry; (0, genesis) for none."""
    row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def compare(db: Database, anchor: Anchor) -> str | None:
    """What is wrong with the database's chain against the anchor, in words, or None."""
    last, _ = head(db)
    if last < anchor.seq:
        return (f"the audit trail ends at entry {last}, but entry {anchor.seq} had been "
                f"written: entries {last + 1} to {anchor.seq} are missing (removed, or saves "
                "lost from a damaged file)")
    row = db.execute("SELECT hash FROM audit WHERE seq = ?", [anchor.seq]).fetchone()
    if row is None:
        return f"entry {anchor.seq}, which was anchored, is missing"
    if row[0] != anchor.head:
        return (f"entry {anchor.seq} is not the entry that was anchored: the trail up to it "
                "was rewritten")
    return None


def change_head(db: Database) -> tuple[int, str]:
    """(number, hash) of the newest entry that changed records: what an export reflects.

    Logins, prints and exports do not move it, so two exports of an unchanged caseload carry
    the same anchor (and the same bytes).
    """
    row = db.execute(
        "SELECT seq, hash FROM audit WHERE record_type IS NOT NULL OR (action = 'import' AND "
        "(json_extract(detail, '$.added') > 0 OR json_extract(detail, '$.changed') > 0)) "
        "ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def export_mark(db: Database, key: bytes) -> dict[str, Any]:
    """An export header's anchor: the change head and a MAC over it keyed from the key."""
    seq, digest = change_head(db)
    text = json.dumps({"seq": seq, "head": digest}, sort_keys=True, separators=(",", ":"))
    mac = hmac.new(_mac_key(key), text.encode("utf-8"), hashlib.sha256).hexdigest()
    return {"seq": seq, "head": digest, "mac": mac}


def now_text() -> str:
    """When, for the anchor's notes."""
    return datetime.now().isoformat(timespec="seconds")


def advance(path: Path, key: bytes, db: Database, previous: Anchor | None) -> Anchor:
    """Anchor the current head, keeping every problem and note found so far."""
    seq, digest = head(db)
    anchor = Anchor(seq, digest, now_text(), list(previous.problems) if previous else [],
                    list(previous.history) if previous else [])
    write(path, key, anchor)
    return anchor
