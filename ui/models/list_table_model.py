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

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

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
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        obj = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.display(obj)
        if role == SortRole:
            key = column.sort(obj) if column.sort else column.display(obj)
            return key if isinstance(key, (int, float, str)) else str(key)
        if role == RowRole:
            return obj
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(obj)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.emphasis(obj)
            return QBrush(colour) if colour is not None else None
        return None
