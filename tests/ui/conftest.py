"""A real encrypted caseload, a controller on a fixed clock, and the main window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from db import caseload_file
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from tests.helpers.fakes import FAST_KDF
from tests.helpers.records import HEADER, appt, event, person

NOW = datetime(2026, 11, 24, 12, 0)
PASSPHRASE = "correct horse battery staple"


def case_records() -> list[dict]:
    return [
        person("X123456", date_of_birth="1990-05-01",
               addresses=[{"lines": ["12 Heol y Frenhines"], "postcode": "CF10 2AB"}]),
        person("Y654321", "p2", given_name="Siobhán", family_name="Ó Briain",
               date_of_birth="1985-03-03", language="cy",
               addresses=[{"lines": ["3 Stryd y Bont", "Abertawe"], "postcode": "SA1 2BB"}]),
        event(court="Cardiff Magistrates' Court", offence="Theft", sentence_date="2026-09-01",
              allocation_date="2026-09-02", start_date="2026-09-01", rosh="medium",
              requirements=[{"kind": "unpaid_work", "amount": 100, "unit": "hours"}]),
        event("e2", "Y654321", "licence", release_date="2026-11-02", start_date="2026-11-02",
              end_date="2027-11-01", rosh="high", offence="Burglary", custodial_term_days=730,
              conditions=[{"code": "1c", "text": "Keep in touch"}]),
        appt("a0", "2026-09-04T10:00", "induction", outcome="attended"),
        appt("a1", "2026-11-20T10:00", location="Probation office"),
        appt("a2", "2026-11-24T09:00", location="Community hub"),
        appt("a3", "2026-12-01T10:00", location="Probation office"),
        {"type": "sentence_plan", "id": "s1", "event_id": "e1", "completed_on": "2026-09-20",
         "objectives": [{"need": "accommodation", "text": "Find a tenancy"}]},
    ]


@pytest.fixture
def ui_caseload(tmp_path: Path):
    import json

    root = tmp_path / "caseload"
    opened, _ = caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)
    import_lines(opened.store, [json.dumps(HEADER)] + [json.dumps(r) for r in case_records()],
                 "test")
    opened.store.set_setting("officer_name", "Rhian Evans")
    opened.store.set_setting("office_address", ["Probation Office", "1 High Street", "Cardiff"])
    opened.store.set_setting("office_phone", "029 2000 0000")
    opened.lock()
    return root


@pytest.fixture
def controller(ui_caseload: Path):
    from ui.controller import Controller

    c = Controller(ui_caseload, load_policy(), clock=lambda: NOW)
    yield c
    if c.is_open:
        c.opened.lock()
        c.opened = None


@pytest.fixture
def window(qtbot, controller, tmp_path: Path):
    from ui.main_window import MainWindow

    w = MainWindow(controller)
    qtbot.addWidget(w)
    w.builder.choose_path = lambda _parent, name: tmp_path / name
    w.builder.opener = lambda _path: True
    controller.unlock(PASSPHRASE)
    w.show()
    yield w
    w.lock_on_close()
