"""The wipe on real files: the statement counts documents issued since the export, the device
secret leaves the credential store with the key files, and a hub that does not answer never
stops a wipe."""

from __future__ import annotations

import json
from datetime import date, datetime

from db import documents as stored
from db import export_file
from officer_desk.app import wipe
from officer_desk.services import import_lines
from tests.helpers.records import HEADER, event, person


def test_a_wipe_with_the_hub_away_still_destroys_everything(opened, memory_keyring) -> None:
    import_lines(opened.store, [json.dumps(HEADER), json.dumps(person("V100001")),
                                json.dumps(event("e1", "V100001"))], "test")
    pending = export_file.gather(opened.store)
    pending.write(opened.paths.root.parent / "export.jsonl")
    pending.mark(opened.store)
    stored.store_issued(opened.store, kind="warning_letter", variant="standard",
                        crn="V100001", event_id="e1", record_type="warning", record_id="w1",
                        version=1, reason=None, as_of=date(2026, 11, 2),
                        policy_version="test", pdf=b"%PDF-1.4 letter", pages=1,
                        issued_at=datetime(2026, 11, 2, 9, 0))
    said = wipe.statement(opened, datetime(2026, 11, 20, 9, 0))
    assert "V100001 Łukasz Żółć: 1 document issued since the last export." in said.text()
    assert said.as_json()["cases"][0]["documents_since_export"] == 1
    assert any(k[1].startswith("device-secret:") for k in memory_keyring.secrets)
    root, caseload_id = opened.paths.root, opened.caseload_id
    opened.lock()
    nowhere = {"params": {"conninfo": "host=127.0.0.1 port=9 dbname=hub", "user": "tess",
                          "password": "x", "connect_timeout": 2}, "device": "laptop-1"}

    done = wipe.wipe(root, caseload_id, nowhere)

    assert done.hub_told is False and "could not be reached" in wipe.describe(done)
    assert not any(k[1].startswith("device-secret:") for k in memory_keyring.secrets)
    assert sorted(p.name for p in root.rglob("*")) == []
