"""Every table model (and the proxies over them) keeps Qt's model contract.

Checked by Qt's own QAbstractItemModelTester (pytest-qt's Python port predates Qt 6.9's
batched filter changes and misreads them).
"""

from __future__ import annotations

from datetime import datetime

from officer_desk import services
from officer_desk.model import Decision, RecallType


def test_every_model_passes_the_model_tester(qtbot, qtmodeltester, window, controller) -> None:
    controller.run(services.decide_enforcement, "e2", datetime(2026, 11, 24, 9, 0),
                   Decision.RECALL, "Whereabouts unknown.", recall_type=RecallType.STANDARD)
    window.refresh()
    window.open_case("X123456", "e1")
    models = [window.today.due_model, window.today.due_proxy, window.today.pending_model,
              window.caseload.model, window.caseload.proxy, window.workspace.timeline_model,
              window.workspace.timeline.model()]
    for model in models:
        assert model.rowCount() > 0, type(model).__name__
        qtmodeltester.check(model, force_py=False)
    # And while filtering to nothing and back.
    window.caseload.search.setText("nobody by this name")
    qtmodeltester.check(window.caseload.proxy, force_py=False)
    window.caseload.search.clear()
    window.today.group.setCurrentIndex(1)
    qtmodeltester.check(window.today.due_proxy, force_py=False)
