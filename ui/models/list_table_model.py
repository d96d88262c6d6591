"""A read-only table model over a list of domain objects, with named columns.

Each concrete model declares its columns as (header, display function, sort key function);
``RowRole`` returns the domain object itself, so views and proxies never reach into storage.
Rows are replaced with a model reset; ``setData`` is not offered (edits go through dialogs and
services, never through the model).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

T = TypeVar("T")
RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#9b1c1c")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, what it shows, how it sorts, and an optional tooltip."""

    header: str
    display: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    tooltip: Callable[[T], str] | None = None


class ListTableModel(QAbstractTableModel, Generic[T]):
    """Rows are a list of domain objects; columns are declared by subclasses."""

    columns: Sequence[Column[Any]] = ()

    def __init__(self, rows: Sequence[T] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = list(rows)
        self._texts: dict[tuple[int, int], str] = {}

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}
        self.endResetModel()

    def forget_texts(self, column: int) -> None:
        """Work out one column's texts again on their next showing (what they show from
        changed; the rows did not)."""
        self._texts = {k: v for k, v in self._texts.items() if k[1] != column}

    def row_object(self, row: int) -> T:
        """The domain object on a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):
            return self.columns[section].header
        return None

    def emphasis(self, obj: T) -> QColor | None:  # noqa: ARG002 - subclasses use it
        """A colour for the whole row (overdue items), or None."""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for a dozen roles per cell on every paint and every sizing; the ones no
        # column answers go back at once, and each cell's text is worked out once per reset.
        if role not in _ANSWERED:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        if role in _TEXT:
            key = (row, index.column())
            text = self._texts.get(key)
            if text is None:
                text = self._texts[key] = self.columns[key[1]].display(self._rows[row])
            return text
        obj = self._rows[row]
        if role == RowRole:
            return obj
        column = self.columns[index.column()]
        if role == SortRole:
            key = column.sort(obj) if column.sort else column.display(obj)
            return key if isinstance(key, (int, float, str)) else str(key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(obj) if column.tooltip else None
        colour = self.emphasis(obj)  # ForegroundRole
        return QBrush(colour) if colour is not None else None


_TEXT = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole)})
_ANSWERED = _TEXT | {int(RowRole), int(SortRole), int(Qt.ItemDataRole.ToolTipRole),
                     int(Qt.ItemDataRole.ForegroundRole)}
