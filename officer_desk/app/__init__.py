"""The composition root's shared code: what both front ends call that needs storage or documents.

The command line (``officer_desk.cli``) and the desktop (``ui``) both come here to issue a
document (check, lay out, store, audit: ``issuing``), to write what leaves Officer Desk besides
the exchange file (``exports``), and to build a demo team (``demo_team``, loaded only when asked
for: it needs the hub's PostgreSQL client). ``from officer_desk import app`` then ``app.issue``
and the rest work as they did when this was one module.
"""

from __future__ import annotations

from officer_desk.app.exports import export_diary, export_events, export_spreadsheets
from officer_desk.app.issuing import (
    BREACH_KINDS,
    Prepared,
    changed_since,
    check_target,
    find_document,
    issue,
    issued_documents,
    office_of,
    officer_of,
    prepare,
    preview,
    record,
    render,
    reprint,
    write_pdf,
)

__all__ = [
    "BREACH_KINDS",
    "Prepared",
    "changed_since",
    "check_target",
    "export_diary",
    "export_events",
    "export_spreadsheets",
    "find_document",
    "issue",
    "issued_documents",
    "office_of",
    "officer_of",
    "prepare",
    "preview",
    "record",
    "render",
    "reprint",
    "write_pdf",
]
