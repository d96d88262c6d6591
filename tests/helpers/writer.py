"""A writer process for the crash tests: opens the caseload and writes until it is killed.

``save`` mode: one audited save per record, printing each id once its transaction committed.
``import`` mode: one bulk import of many records in a single transaction, then "committed".
``first`` mode: the same into an empty caseload (a first load, under the rollback journal).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from db import caseload_file
from officer_desk.services import import_lines


def main() -> None:
    root, passphrase, mode, start = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    opened = caseload_file.unlock(root, passphrase)
    header = json.dumps({"type": "header", "format": "officer-desk-exchange", "schema_version": 1})
    print("ready", flush=True)
    if mode == "save":
        n = start
        while True:
            rec = {"type": "contact", "id": f"c{n}", "event_id": "e1",
                   "at": "2026-11-24T10:00", "mode": "telephone", "summary": "x" * 400}
            opened.store.save([rec], "create")
            print(f"committed c{n}", flush=True)
            n += 1
    elif mode == "first":
        person = {"type": "person", "id": "p1", "crn": "X123456", "given_name": "Ann",
                  "family_name": "Lee"}
        event = {"type": "event", "id": "e1", "crn": "X123456", "kind": "community_order",
                 "start_date": "2026-01-05", "end_date": "2027-01-04"}
        lines = [header, json.dumps(person), json.dumps(event)] + [
            json.dumps({"type": "contact", "id": f"first-{i}", "event_id": "e1",
                        "at": "2026-11-24T10:00", "mode": "telephone", "summary": "z" * 300})
            for i in range(30000)]
        import_lines(opened.store, lines, "first load")
        print("committed first", flush=True)
    else:
        lines = [header] + [json.dumps({"type": "contact", "id": f"bulk{start}-{i}",
                                        "event_id": "e1", "at": "2026-11-24T10:00",
                                        "mode": "telephone", "summary": "y" * 300})
                            for i in range(4000)]
        import_lines(opened.store, lines, "bulk")
        print(f"committed bulk{start}", flush=True)


if __name__ == "__main__":
    main()
