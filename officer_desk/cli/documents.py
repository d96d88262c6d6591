"""The document commands: ``pack``, ``documents list`` and ``documents print``, ``office``.

One of the command line's groups. Every document goes through ``officer_desk.app``: built
from the record, stored as issued, reprinted byte for byte. The opened caseload and the policy
come from ``caseload``'s helpers, passed in, so this module stays free of storage and layout
imports.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from officer_desk import app
from officer_desk.dates import uk_datetime
from officer_desk.errors import UserFacingError
from officer_desk.packs import PACK_KINDS, PACK_TITLES

VARIANT_NAMES = {"english": "", "welsh": "cy", "easy-read": "easy-read",
                 "welsh-easy-read": "easy-read-cy"}


class Helpers:
    """What a command needs from ``caseload``: open, policy, dates, passwords."""

    def __init__(self, open_: Callable[[argparse.Namespace], Any],
                 policy: Callable[[argparse.Namespace], Any],
                 on: Callable[[str | None], date],
                 password: Callable[[str], str]) -> None:
        self.open = open_
        self.policy = policy
        self.on = on
        self.password = password


def add_commands(add: Callable[..., argparse.ArgumentParser], helpers: Helpers) -> None:
    """Register the document commands on the parser."""
    p = add("pack", lambda a: cmd_pack(a, helpers), "build a PDF pack or letter for an event")
    p.add_argument("kind", metavar="KIND", help=", ".join(PACK_KINDS))
    p.add_argument("--event", required=True, metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--on", metavar="DATE", help="as of DATE (default today)")
    p.add_argument("--ref", metavar="ID",
                   help="the warning, decision, plan or home visit to print (default: latest)")
    p.add_argument("--variant", choices=sorted(VARIANT_NAMES),
                   help="letters: english, welsh (bilingual Welsh and English), easy-read or "
                        "welsh-easy-read (Easy Read, Welsh and English) "
                        "(default: the person's language)")
    p.add_argument("--reason", metavar="TEXT",
                   help="issue a new version of a document already issued, saying why "
                        "(without it, the issued copy is reprinted)")
    p.add_argument("--pdf-password-file", metavar="FILE",
                   help="protect the PDF with AES-256 using the password in FILE")
    p = add("documents", lambda a: cmd_documents(a, helpers),
            "list issued documents, or reprint one exactly as issued")
    p.add_argument("action", choices=["list", "print"])
    p.add_argument("id", nargs="?", metavar="ID", help="the document to print")
    p.add_argument("--json", action="store_true", help="list as a JSON array")
    p.add_argument("--crn", help="only this person's documents")
    p.add_argument("--out", metavar="FILE.pdf", help="where to write the reprint")
    p.add_argument("--pdf-password-file", metavar="FILE",
                   help="protect the reprint with AES-256 using the password in FILE")
    p = add("office", lambda a: cmd_office(a, helpers),
            "set the office address and phone printed on letters")
    p.add_argument("--address", metavar="LINES", help="address lines separated by commas")
    p.add_argument("--phone", metavar="NUMBER")
    p.add_argument("--name", metavar="NAME", help="your name as printed on letters and packs")


def cmd_pack(args: argparse.Namespace, h: Helpers) -> int:
    """Issue a document (or reprint the issued copy); refuse, listing gaps, when incomplete."""
    if args.kind not in PACK_KINDS:
        raise UserFacingError(f"Unknown pack kind {args.kind!r}: one of {', '.join(PACK_KINDS)}.")
    out = Path(args.out)
    app.check_target(out)
    password = h.password(args.pdf_password_file) if args.pdf_password_file else None
    variant = VARIANT_NAMES[args.variant] if args.variant else None
    opened = h.open(args)
    try:
        store = opened.store
        event = store.record("event", args.event)
        caseload = store.case(event["crn"]) if event else store.overview()
        policy = h.policy(args)
        prepared, doc, pdf = app.issue(store, caseload, args.kind, args.event, policy,
                                       on=h.on(args.on), ref=args.ref, variant=variant,
                                       reason=args.reason, password=password)
        app.write_pdf(out, pdf)
        stale = prepared.reprint is not None and doc is not None and \
            app.changed_since(store, doc, caseload, policy)
    finally:
        opened.lock()
    title = PACK_TITLES[args.kind]
    title = title[0].lower() + title[1:]  # "recall report (Part A)", not "(part a)"
    if prepared.draft:
        print(f"Wrote a draft of the {title} to {out}: marked DRAFT on every page and not "
              "issued. It is issued once the SPO and the ACO have countersigned it "
              "(officer-desk countersign list).")
        return 0
    assert doc is not None
    if prepared.reprint is not None:
        print(f"This {title} was already issued ({doc.describe()}); wrote that copy, exactly "
              f"as issued, to {out}.")
        if stale:
            print("The record has changed since it was issued. To issue a new version, run "
                  "again with --reason saying why.")
    else:
        print(f"Issued the {title} (document {doc.id}, version {doc.version}) and wrote it to "
              f"{out}.")
    return 0


def cmd_documents(args: argparse.Namespace, h: Helpers) -> int:
    """``documents list [--json]`` or ``documents print ID --out F``."""
    if args.action == "print" and (not args.id or not args.out):
        raise UserFacingError("documents print needs the document's ID and --out FILE.pdf.")
    if args.action == "print":
        app.check_target(Path(args.out))
    password = h.password(args.pdf_password_file) if args.pdf_password_file else None
    opened = h.open(args)
    try:
        store = opened.store
        if args.action == "list":
            docs = app.issued_documents(store, crn=args.crn)
        else:
            doc = app.find_document(store, args.id)
            if doc is None:
                raise UserFacingError(f"There is no issued document {args.id!r}. "
                                      "'officer-desk documents list' shows them.")
            pdf = app.reprint(store, doc, password)
            app.write_pdf(Path(args.out), pdf)
    finally:
        opened.lock()
    if args.action == "print":
        print(f"Wrote the {doc.describe()} to {args.out}, exactly as issued "
              f"(SHA-256 {doc.sha256}).")
        return 0
    if args.json:
        print(json.dumps([d.as_json() for d in docs], ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print("No documents have been issued yet.")
        return 0
    rows = [("Document", "Issued", "Person", "What", "Version")]
    rows += [(d.id, uk_datetime(d.issued_at), d.crn, d.title, str(d.version)) for d in docs]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_office(args: argparse.Namespace, h: Helpers) -> int:
    """Set (or show) the officer's name, office address and phone printed on letters."""
    opened = h.open(args)
    try:
        store = opened.store
        if args.name is not None:
            store.set_setting("officer_name", args.name.strip())
        if args.address is not None:
            store.set_setting("office_address",
                              [x.strip() for x in args.address.split(",") if x.strip()])
        if args.phone is not None:
            store.set_setting("office_phone", args.phone.strip())
        office = app.office_of(store)
        name = app.officer_of(store)
    finally:
        opened.lock()
    print(f"Name: {name or 'not set (officer-desk office --name)'}")
    print(f"Office: {', '.join(office.address) or 'not set'}")
    print(f"Phone: {office.phone or 'not set'}")
    return 0

