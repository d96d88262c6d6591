"""The command line and the composition root: the one place that wires db, forms and ui.

``officer-desk`` with no subcommand opens the desktop. ``main`` and ``gui`` are the entry points;
``build_parser`` wires the command groups, a module each: ``caseload`` (init, demo, import,
export, due, backup, restore, audit and the keys), ``documents`` (pack, documents, office),
``exports`` (the national exports and the diary), ``reports`` (readiness), ``hub`` (the team
hub's administration), ``sync`` (sync, conflicts, resolve), ``team`` (countersign,
late-changes) and ``desktop`` (opening the desktop). Argument parsing lives only in this
package. Errors meant for the officer are printed as one clear message and a non-zero exit.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from officer_desk import __version__
from officer_desk.cli import documents, exports, holding, hub, reports, rights, sync, team
from officer_desk.cli.caseload import (
    EXIT_ERROR,
    HELPERS,
    _common,
    _open,
    _read_passphrase_file,
    cmd_audit,
    cmd_backup,
    cmd_demo,
    cmd_due,
    cmd_export,
    cmd_import,
    cmd_init,
    cmd_passwd,
    cmd_recover,
    cmd_recovery_code,
    cmd_rekey,
    cmd_restore,
)
from officer_desk.cli.desktop import _harden, _run_gui
from officer_desk.errors import OfficerDeskError, ValidationError

# --- wiring ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the tests for bad-argument checks)."""
    parser = argparse.ArgumentParser(
        prog="officer-desk", description="Offline encrypted caseload desk for probation "
                                         "officers. With no command, opens the desktop.")
    parser.add_argument("--version", action="version", version=f"officer-desk {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str):
        p = sub.add_parser(name, help=help_, description=help_)
        _common(p, top=False)
        p.set_defaults(func=func)
        return p

    add("init", cmd_init, "create an empty encrypted caseload")
    p = add("demo", cmd_demo, "create a demo caseload of synthetic people")
    p.add_argument("--on", metavar="DATE", help="anchor the demo on DATE (default today)")
    p = add("import", cmd_import, "import an exchange file (all or nothing)")
    p.add_argument("file", help="JSON Lines file, or - for standard input")
    p = add("export", cmd_export, "export the caseload as an exchange file")
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--events", action="store_true",
                   help="HMPPS domain events with national codes, since the last events export")
    p.add_argument("--csv", metavar="DIR", help="one spreadsheet (CSV) per record type in DIR")
    p.add_argument("--since-last", action="store_true",
                   help="only records changed since the last export")
    p.add_argument("--redact-sensitive", action="store_true",
                   help="withhold the text of records marked sensitive (for partner agencies)")
    p = add("due", cmd_due, "what is due and overdue across the caseload")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--on", metavar="DATE", help="as of DATE (YYYY-MM-DD; default today)")
    p.add_argument("--all", action="store_true",
                   help="include extension kinds: contact, pss_end, home_visit_checkin")
    p.add_argument("--kind", action="append", metavar="KIND", help="only this kind (repeatable)")
    p.add_argument("--detail", action="store_true", help="JSON: add ref, title and opened")
    p.add_argument("--compact", action="store_true", help="JSON on one line")
    documents.add_commands(add, HELPERS)
    exports.add_calendar(add, HELPERS)
    reports.add_commands(add, HELPERS)
    rights.add_commands(add, HELPERS)
    holding.add_commands(add, HELPERS)
    hub.add_commands(add, _read_passphrase_file)
    sync.add_sync_commands(add, _open, _read_passphrase_file)
    team.add_team_commands(add, _open)
    add("backup", cmd_backup, "write an encrypted backup now")
    p = add("restore", cmd_restore, "replace the caseload with a checked backup")
    p.add_argument("file")
    p.add_argument("--recovery-code-file", metavar="FILE",
                   help="unlock with the recovery code (e.g. on a new laptop)")
    p = add("audit", cmd_audit, "verify or list the audit trail")
    p.add_argument("action", choices=["verify", "list"])
    p.add_argument("--crn")
    p.add_argument("--limit", type=int, default=50)
    p = add("passwd", cmd_passwd, "change the passphrase")
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p = add("recover", cmd_recover, "unlock with the recovery code and set a new passphrase")
    p.add_argument("--recovery-code-file", required=True, metavar="FILE")
    p.add_argument("--new-passphrase-file", required=True, metavar="FILE")
    p = add("rekey", cmd_rekey, "re-encrypt the caseload and its backups under a new key")
    p.add_argument("--recovery-code-file", metavar="FILE",
                   help="keep this recovery code (otherwise a new one is issued)")
    p = add("recovery-code", cmd_recovery_code, "confirm a new recovery code by typing it back")
    p.add_argument("action", choices=["confirm"])
    p.add_argument("--recovery-code-file", required=True, metavar="FILE")
    return parser


def gui(argv: Sequence[str] | None = None) -> int:
    """Open the desktop (the gui-script entry point)."""
    _harden()
    parser = build_parser()
    args = parser.parse_args(argv)
    return _run_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point."""
    _harden()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _run_gui(args)
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (``due | head``): what it wanted it has; no traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"officer-desk: {problem}", file=sys.stderr)
        return EXIT_ERROR
    except OfficerDeskError as exc:
        print(f"officer-desk: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("officer-desk: stopped.", file=sys.stderr)
        return 130

