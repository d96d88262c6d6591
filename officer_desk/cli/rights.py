"""People's rights on the command line: ``sar`` makes a subject access copy of one person.

One of the command line's groups. The copy itself (what is in it, what is held back, the
folder written whole) is ``officer_desk.app.subject_access``; this module parses the arguments
and says what was written, in words.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from officer_desk.app import subject_access
from officer_desk.cli.documents import Helpers
from officer_desk.errors import UserFacingError


def add_commands(add: Callable[..., argparse.ArgumentParser], helpers: Helpers) -> None:
    """Register ``sar`` on the parser."""
    p = add("sar", lambda a: cmd_sar(a, helpers),
            "make a subject access copy of everything held on one person")
    p.add_argument("--crn", required=True, help="the person's case reference number")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="a new or empty folder for the copy")


def cmd_sar(args: argparse.Namespace, h: Helpers) -> int:
    """Write the copy into DIR whole, audit it, and say what it holds and what was held back."""
    if not args.crn.strip():
        raise UserFacingError("Give the person's CRN with --crn.")
    out = Path(args.out)
    subject_access.check_folder(out)  # before the passphrase is asked for
    policy = h.policy(args)
    opened = h.open(args)
    try:
        copy = subject_access.make_copy(opened.store, args.crn, out, policy.version)
    finally:
        opened.lock()
    print(f"Wrote a subject access copy for {copy.name} ({copy.crn}) to {out}: "
          f"{len(copy.records)} records, {len(copy.documents)} documents, "
          f"{len(copy.audit)} audit entries.")
    if copy.held_back:
        print(f"{len(copy.held_back)} item(s) were held back (about other people, or marked "
              f"sensitive): {subject_access.HELD} lists each one for the data protection "
              "officer to decide on before the copy is sent.")
    review = [d.file for d in copy.documents if d.review]
    if review:
        print("Read these documents before sending, as they may hold text about other people: "
              + ", ".join(review) + ".")
    return 0
