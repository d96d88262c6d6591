"""Builders for exchange records in tests: short to write, complete enough to validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEADER = {"type": "header", "format": "officer-desk-exchange", "schema_version": 1}


def person(crn: str = "X123456", pid: str = "p1", **extra: Any) -> dict[str, Any]:
    return {"type": "person", "id": pid, "crn": crn, "given_name": "Łukasz",
            "family_name": "Żółć", **extra}


def event(eid: str = "e1", crn: str = "X123456", kind: str = "community_order",
          **extra: Any) -> dict[str, Any]:
    return {"type": "event", "id": eid, "crn": crn, "kind": kind, **extra}


def appt(aid: str, start: str, kind: str = "supervision", event_id: str = "e1",
         **extra: Any) -> dict[str, Any]:
    return {"type": "appointment", "id": aid, "event_id": event_id, "start": start,
            "kind": kind, **extra}


def write_jsonl(path: Path, records: list[dict[str, Any]], header: bool = True) -> Path:
    lines = ([json.dumps(HEADER)] if header else []) + [
        json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
