"""The Today dashboard and the Caseload list: what to do now, and everyone on the caseload."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from officer_desk.due import DueItem
from officer_desk.folding import fold
from officer_desk.overview import DiaryEntry, appointments_on, case_rows, outcomes_to_record
from officer_desk.today import priority
from ui.controller import Controller
from ui.models.list_table_model import RowRole, SortRole
from ui.models.table_models import CaseTableModel, DiaryModel, DueTableModel
from ui.widgets import info_label

GROUPS = {
    "All": None,
    "Enforcement": {"absence_decision", "warning_letter", "breach_decision", "breach_to_court",
                    "recall_report", "pss_end"},
    "Case stages": {"induction", "sentence_plan", "review"},
    "Contact and visits": {"contact", "home_visit_checkin"},
}


def compact(view: QTableView) -> None:
    """Rows one line of text high, so 15 or more items show at 1366x768."""
    height = view.fontMetrics().height() + 6
    view.verticalHeader().setDefaultSectionSize(height)
    view.verticalHeader().setMinimumSectionSize(height)


def fit_columns(view: QTableView, texts: dict[int, Iterable[str]]) -> None:
    """Make these columns as wide as the widest of the texts given (or their header), as
    ``resizeColumnsToContents`` would if those were the cells. Asking every cell lays out each
    row's text through the delegate: for a long history that was most of opening a case."""
    metrics = view.fontMetrics()
    # The delegate's margin each side, the grid line, and a pixel for text laid out at
    # fractional widths (one short and the text is cut with an ellipsis).
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view)
                  + 1) + (1 if view.showGrid() else 0) + 1
    header = view.horizontalHeader()
    for column, samples in texts.items():
        widest = max((metrics.horizontalAdvance(text) for text in samples), default=0)
        header.resizeSection(column, max(widest + margin, header.sectionSizeHint(column)))


def keep_order(view: QTableView, proxy: QSortFilterProxyModel,
               order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
    """Rows (set next) come in the order the first column sorts them (``order``): show them
    so without sorting again (a proxy sort asks Python for every comparison: a fifth of a
    second at team scale). Clicking a header still sorts."""
    proxy.sort(-1)
    header = view.horizontalHeader()
    header.blockSignals(True)
    header.setSortIndicator(0, order)
    header.blockSignals(False)


def make_table(name: str, model, sortable: bool = True) -> tuple[QTableView, QSortFilterProxyModel]:
    """A keyboard-friendly, sortable table over a model."""
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.setObjectName(name.replace(" ", "_").lower())
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(sortable)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    # Sized from the first rows only: ResizeToContents over 800 people asks every cell, on
    # every layout, and was most of the start-up time at team scale.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(40)
    header.setStretchLastSection(True)
    return view, proxy


def selected(view: QTableView):
    """The domain object on the current row, or None."""
    index = view.currentIndex()
    return index.data(RowRole) if index.isValid() else None


class DueFilterProxy(QSortFilterProxyModel):
    """Filters due items by kind group."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: set[str] | None = None

    def set_kinds(self, kinds: set[str] | None) -> None:
        """Show only these kinds (None: all)."""
        self.beginFilterChange()
        self.kinds = kinds
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self.kinds is None:
            return True
        item: DueItem = self.sourceModel().index(row, 0, parent).data(RowRole)
        return item.kind in self.kinds


class TodayView(QWidget):
    """Due and overdue items across the caseload, today's diary, outcomes to record."""

    item_requested = Signal(object)  # DueItem: open the place to act on it
    outcome_requested = Signal(str)  # appointment id

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName("Today")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = info_label("Today's summary", "today_summary")
        self.summary.setWordWrap(False)
        top.addWidget(self.summary, 1)
        self.group = QComboBox()
        self.group.addItems(list(GROUPS))
        self.group.setAccessibleName("Show items of kind")
        label = QLabel("&Show:")
        label.setBuddy(self.group)
        top.addWidget(label)
        top.addWidget(self.group)
        layout.addLayout(top)

        self.due_model = DueTableModel(clock=controller.clock)
        self.due_proxy = DueFilterProxy()
        self.due_proxy.setSourceModel(self.due_model)
        self.due_proxy.setSortRole(SortRole)
        self.due_view, _ = make_table("Due and overdue items", self.due_model)
        self.due_view.setModel(self.due_proxy)
        self.group.currentTextChanged.connect(lambda t: self.due_proxy.set_kinds(GROUPS[t]))
        self.due_view.activated.connect(self._open_item)

        # One list of appointments: today's, and any earlier one still without an outcome
        # (each once, however both apply).
        self.pending_model = DiaryModel()
        self.pending_view, _ = make_table("Appointments today and outcomes to record",
                                          self.pending_model)
        self.pending_view.activated.connect(self._record)
        record = QPushButton("&Record outcome")
        record.setAccessibleName("Record outcome for the selected appointment")
        record.clicked.connect(lambda: self._record(self.pending_view.currentIndex()))
        for view in (self.due_view, self.pending_view):
            compact(view)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._titled("Due and overdue, most pressing first", self.due_view))
        split.addWidget(self._titled("Appointments today and outcomes to record",
                                     self.pending_view, record))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

    @staticmethod
    def _titled(title: str, view: QWidget, button: QWidget | None = None) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        label = QLabel(f"<b>{title}</b>")
        label.setBuddy(view)
        head.addWidget(label, 1)
        if button is not None:
            head.addWidget(button)
        v.addLayout(head)
        v.addWidget(view)
        return box

    def refresh(self) -> None:
        """Reload from the controller."""
        c = self.controller
        now = c.clock()
        self.due_model.names = c.names()
        self.due_model.notes = c.item_notes()
        keep_order(self.due_view, self.due_proxy)
        self.due_model.set_rows(c.items)  # already in the order to work them
        seen: set[str] = set()
        rows = []
        shown = c.screen_caseload  # the first screen kept at the last lock, at first
        for entry in (*appointments_on(shown, now.date()), *outcomes_to_record(shown, now)):
            if entry.appointment.id not in seen:
                seen.add(entry.appointment.id)
                rows.append(entry)
        # One order whatever order the caseload holds its people in (a kept first screen, a
        # full load, a case reloaded after a change): the time, then the name.
        rows.sort(key=lambda e: (e.appointment.start, e.name, e.appointment.id))
        self.pending_model.set_rows(rows)
        self.pending_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # a day's diary: few
        for view in (self.due_view, self.pending_view):
            view.resizeColumnsToContents()
        overdue = sum(i.overdue for i in c.items)
        urgent = sum(priority(i) == 0 for i in c.items)
        self.summary.setText(f"{now:%A} {now.day} {now:%B %Y}: {len(c.items)} open items, "
                             f"<b>{overdue} overdue</b>"
                             + (f", <b>{urgent} urgent</b>" if urgent else "")
                             + f"; {self.pending_model.rowCount()} appointments today or "
                             "awaiting an outcome.")

    def _open_item(self, index: QModelIndex) -> None:
        item: DueItem = index.data(RowRole)
        if item is not None:
            self.item_requested.emit(item)

    def _record(self, index: QModelIndex) -> None:
        entry: DiaryEntry | None = index.data(RowRole) if index.isValid() else None
        if entry is not None:
            self.outcome_requested.emit(entry.appointment.id)



class CaseFilterProxy(QSortFilterProxyModel):
    """Matches typed text against name and CRN, or CRNs found by full-text search of notes."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.crns: set[str] = set()

    def set_query(self, text: str, crns: set[str]) -> None:
        """Filter by text; ``crns`` are extra matches from notes."""
        self.beginFilterChange()
        self.text = fold(text).strip()
        self.crns = crns
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not self.text:
            return True
        obj = self.sourceModel().index(row, 0, parent).data(RowRole)
        return (self.text in fold(obj.name) or self.text in fold(obj.crn)
                or obj.crn in self.crns)


class CaseloadView(QWidget):
    """Everyone on the caseload: sortable, filterable, searchable across names, CRN and notes."""

    case_requested = Signal(str, str)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName("Caseload")
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, CRN and notes")
        self.search.setAccessibleName("Search the caseload")
        self.search.setClearButtonEnabled(True)
        label = QLabel("Fin&d:")
        label.setBuddy(self.search)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        self.model = CaseTableModel()
        self.proxy = CaseFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.view, _ = make_table("Caseload table", self.model)
        self.view.setModel(self.proxy)
        self.view.activated.connect(self._open)
        # Sorting by keyboard as well as by the column headers: a column, then the order.
        self.sort_by = QComboBox()
        self.sort_by.setAccessibleName("Sort the caseload by")
        for column in range(self.model.columnCount()):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            self.sort_by.addItem(f"{title}, A to Z", (column, Qt.SortOrder.AscendingOrder))
            self.sort_by.addItem(f"{title}, Z to A", (column, Qt.SortOrder.DescendingOrder))
        sort_label = QLabel("S&ort by:")
        sort_label.setBuddy(self.sort_by)
        row.addWidget(sort_label)
        row.addWidget(self.sort_by)
        self.sort_by.currentIndexChanged.connect(self._sort_chosen)
        layout.addWidget(self.view, 1)
        self.search.textChanged.connect(self._filter)
        # From Find: Enter opens the one match (or goes to the list), Down goes to the list.
        self.search.returnPressed.connect(self._search_entered)
        self.search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Down in Find moves to the first row of the list."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.proxy.rowCount()):  # type: ignore[attr-defined]
            self._to_list()
            return True
        return super().eventFilter(watched, event)

    def _to_list(self) -> None:
        self.view.setFocus()
        self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.view.selectRow(0)

    def _search_entered(self) -> None:
        if self.proxy.rowCount() == 1:
            self._open(self.proxy.index(0, 0))
        elif self.proxy.rowCount():
            self._to_list()

    def _sort_chosen(self, _index: int) -> None:
        column, order = self.sort_by.currentData()
        self.view.sortByColumn(column, order)

    def refresh(self) -> None:
        """Reload rows."""
        c = self.controller
        keep_order(self.view, self.proxy)
        self.model.set_rows(case_rows(c.screen_caseload, c.items, c.clock()))  # by name already
        if self.proxy.rowCount():  # a search showing nobody must not squeeze the columns
            self.view.resizeColumnsToContents()

    def _filter(self, text: str) -> None:
        crns = self.controller.search(text) if len(text.strip()) >= 3 else set()
        self.proxy.set_query(text, crns)

    def _open(self, index: QModelIndex) -> None:
        row = index.data(RowRole)
        if row is not None:
            self.case_requested.emit(row.crn, "")
