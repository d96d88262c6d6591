"""The person's issued documents: what was sent, when, which version, and a byte-exact reprint.

A list (Qt model/view) of the stored copies, newest first; Reprint writes the stored bytes where
the officer chooses, through the same builder as every other print, so it is audited the same
way. Nothing here rebuilds a document from today's record.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from officer_desk.dates import uk_datetime
from officer_desk.documents import IssuedDocument
from ui.models.list_table_model import Column, ListTableModel


class IssuedDocumentsModel(ListTableModel[IssuedDocument]):
    """One row per stored document."""

    columns = (
        Column("Issued", lambda d: uk_datetime(d.issued_at), lambda d: d.issued_at),
        Column("Document", lambda d: d.title),
        Column("Version", lambda d: str(d.version), lambda d: d.version),
        Column("Why a new version", lambda d: d.reason or ""),
        Column("Issued by", lambda d: d.issued_by),
        Column("Pages", lambda d: str(d.pages), lambda d: d.pages),
        Column("SHA-256", lambda d: d.sha256[:16] + "…", tooltip=lambda d: d.sha256),
    )


class IssuedDocumentsDialog(QDialog):
    """Browse a person's issued documents and reprint one exactly as issued."""

    def __init__(self, documents: list[IssuedDocument], reprint: object,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Issued letters and packs")
        self.setAccessibleName("Issued letters and packs")
        self.reprint_one = reprint
        layout = QVBoxLayout(self)
        intro = QLabel("Every letter and pack as it was issued. A reprint is the stored copy, "
                       "byte for byte.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = IssuedDocumentsModel(sorted(documents, key=lambda d: d.issued_at,
                                                 reverse=True), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Issued documents")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)
        layout.addWidget(self.table)
        if not self.model.rowCount():
            layout.addWidget(QLabel("Nothing has been issued for this person yet."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.reprint_button = QPushButton("&Reprint…")
        self.reprint_button.setAccessibleName("Reprint the selected document")
        self.reprint_button.setEnabled(self.model.rowCount() > 0)
        buttons.addButton(self.reprint_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.reprint_button.clicked.connect(self.reprint_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 360)

    def selected(self) -> IssuedDocument | None:
        """The document on the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def reprint_selected(self) -> None:
        """Reprint the selected document (the stored bytes)."""
        doc = self.selected()
        if doc is not None:
            self.reprint_one(doc)  # type: ignore[operator]
