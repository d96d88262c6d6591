"""Every Qt model passes Qt's model tester, with rows from a real caseload."""

from __future__ import annotations

from officer_desk.overview import appointments_on, case_rows, outcomes_to_record
from officer_desk.timeline import timeline
from tests.ui.conftest import NOW, PASSPHRASE
from ui.models.list_table_model import RowRole
from ui.models.table_models import CaseTableModel, DiaryModel, DueTableModel, TimelineModel


def test_models_pass_the_model_tester(qtmodeltester, controller) -> None:
    controller.unlock(PASSPHRASE)
    c = controller
    cases = CaseTableModel(case_rows(c.caseload, c.items, NOW))
    due = DueTableModel(c.names())
    due.set_rows(c.items)
    diary = DiaryModel(appointments_on(c.caseload, NOW.date()))
    pending = DiaryModel(outcomes_to_record(c.caseload, NOW))
    events = TimelineModel(timeline(c.caseload.events["e1"]))
    for model in (cases, due, diary, pending, events):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    assert cases.index(0, 0).data(RowRole).name in ("Łukasz Żółć", "Siobhán Ó Briain")
    assert {cases.index(r, 0).data() for r in range(cases.rowCount())} == {
        "Łukasz Żółć", "Siobhán Ó Briain"}


def test_empty_models_pass_too(qtmodeltester) -> None:
    for model in (CaseTableModel(), DueTableModel(), DiaryModel(), TimelineModel()):
        qtmodeltester.check(model)


def test_caseload_filter_folds_letters_and_keeps_column_widths(qtbot, window, controller) -> None:
    view = window.caseload
    window.tabs.setCurrentWidget(view)
    qtbot.keyClicks(view.search, "lukasz zolc")
    assert view.proxy.rowCount() == 1
    from ui.models.list_table_model import RowRole

    assert view.proxy.index(0, 0).data(RowRole).crn == "X123456"
    widths = [view.view.columnWidth(c) for c in range(view.model.columnCount())]
    view.search.clear()
    qtbot.keyClicks(view.search, "nobody by this name")
    assert view.proxy.rowCount() == 0
    view.refresh()
    assert [view.view.columnWidth(c) for c in range(view.model.columnCount())] == widths
