"""The one rule of what a subject access copy holds back, on its own (no storage)."""

from __future__ import annotations

from officer_desk.subject_access import audit_line, hub_view, split_record


def test_third_party_fields_are_held_back_and_listed_never_copied() -> None:
    visit = {"type": "home_visit", "id": "h1", "event_id": "e1",
             "planned_at": "2026-11-02T10:00", "outcome": "Seen at home",
             "people_present": "Partner Jo Bloggs", "children": "Two, aged 3 and 5",
             "corrections": [{"at": "2026-11-03T09:00", "reason": "Wrong name",
                              "before": {"people_present": "Jo Blogs"}}]}
    split = split_record(visit)
    assert split.disclosed["outcome"] == "Seen at home"
    assert "people_present" not in split.disclosed and "children" not in split.disclosed
    assert "Jo Blog" not in repr(split.disclosed) and "Jo Blog" not in repr(split.held_back)
    assert {h.field for h in split.held_back} == {"people_present", "children",
                                                  "people_present_before_correction"}
    change = {"type": "significant_change", "id": "s1", "event_id": "e1", "on": "2026-11-01",
              "kind": "new_partner", "note": "Living with Sam Smith"}
    assert "note" not in split_record(change).disclosed


def test_the_audit_trail_and_the_hub_do_not_bring_held_back_text_back() -> None:
    record = {"type": "assessment", "id": "x1", "event_id": "e1", "completed_on": "2026-10-01",
              "at_risk": "Ex-partner Alex Roe"}
    line, held = audit_line("2026-10-01T10:00", "rhian", "create", "assessment", "x1",
                            {"changes": [{"field": "at_risk", "old": None,
                                          "new": "Ex-partner Alex Roe"},
                                         {"field": "completed_on", "old": None,
                                          "new": "2026-10-01"}]}, record)
    assert "Alex Roe" not in line.sentence and "1 Oct 2026" in line.sentence
    assert [h.field for h in held] == ["at_risk"] and held[0].where == "audit"

    settings = {"hub_last_sync": "2026-11-20T08:00",
                "hub_conflicts": [{"crn": "X1", "record_type": "assessment", "record_id": "x1",
                                   "field": "at_risk", "mine": "Alex Roe", "theirs": "A. Roe",
                                   "base": None},
                                  {"crn": "OTHER", "record_type": "contact", "record_id": "c9",
                                   "field": "summary", "mine": "a", "theirs": "b"}],
                "hub_countersign": [{"crn": "X1", "decision_id": "r1", "decision": "recall",
                                     "status": "RECALL_DECIDED", "signatures": []}],
                "hub_team": {"cases": [{"crn": "X1", "username": "rhian", "kind": "holder"}]}}
    view, held = hub_view("X1", True, settings, {("assessment", "x1"): record})
    assert view is not None and "Roe" not in repr(view)
    assert len(view["conflicts"]) == 1 and view["countersignatures"][0]["status"] == \
        "RECALL_DECIDED" and view["held_by"][0]["username"] == "rhian"
    assert {h.field for h in held} == {"at_risk (mine)", "at_risk (theirs)"}
    assert hub_view("X1", False, settings, {}) == (None, [])
