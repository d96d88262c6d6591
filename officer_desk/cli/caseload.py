"""The caseload commands, and the helpers every command group shares.

Subcommands follow ``exchange-format.md`` (init, demo, import, export, due) plus backup,
restore, audit, passwd, recover, rekey and recovery-code; ``export --events`` and ``--csv``
hand over to ``exports``. The helpers open the caseload, read the policy, parse ``--on`` and read
a passphrase file; the other command groups get them as ``HELPERS``. A passphrase is read from
``--passphrase-file`` or asked for on a terminal, never taken on the command line. Errors meant
for the officer are printed as one clear message and a non-zero exit; nothing is half-done.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import secrets
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from officer_desk.cli import exports
from officer_desk.cli.documents import Helpers
from officer_desk.dates import parse_date, uk_date, uk_datetime, uk_zone_name
from officer_desk.errors import OfficerDeskError, UserFacingError, ValidationError
from officer_desk.paths import data_dir

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CliError(UserFacingError):
    """A problem with how the command was called."""


# --- shared helpers -------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, metavar="DIR",
                        help="caseload folder (default: $OFFICER_DESK_DATA_DIR or the "
                             "platform's user data folder)")
    parser.add_argument("--passphrase-file", default=default, metavar="FILE",
                        help="read the passphrase from FILE (first line; - for standard "
                             "input, which is also read when it is not a terminal)")


def _read_passphrase_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"Cannot read the passphrase file {path}: {exc}") from None
    line = text.splitlines()[0] if text.splitlines() else ""
    if not line:
        raise CliError(f"The passphrase file {path} is empty.")
    return line


def _passphrase(args: argparse.Namespace, *, confirm: bool = False,
                prompt: str = "Passphrase: ") -> str:
    if args.passphrase_file and args.passphrase_file != "-":
        return _read_passphrase_file(args.passphrase_file)
    if args.passphrase_file == "-" or not sys.stdin.isatty():
        # A script may pipe the passphrase in: the first line of standard input.
        if getattr(args, "file", None) == "-":
            raise CliError("The import file is standard input, so give the passphrase with "
                           "--passphrase-file FILE.")
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CliError("No passphrase: give --passphrase-file FILE, or the passphrase on "
                           "standard input (never on the command line).")
        return line
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise CliError("The two passphrases differ.")
    return first


def _root(args: argparse.Namespace) -> Path:
    return data_dir(args.data_dir)


def _open(args: argparse.Namespace):  # -> db.caseload_file.OpenCaseload
    from db import caseload_file

    root = _root(args)
    paths = caseload_file.CaseloadPaths(root)
    if not paths.exists():
        raise CliError(f"There is no caseload in {root}. Create one with 'officer-desk init' "
                       "or 'officer-desk demo'.")
    opened = caseload_file.unlock(root, _passphrase(args))
    if opened.notice:
        print(f"officer-desk: warning: {opened.notice}", file=sys.stderr)
    try:
        keep = int(_policy(args).desktop.get("backups_kept", 10))
        opened.backup_if_due(keep)  # the daily encrypted backup
    except UserFacingError as exc:
        # A full or read-only backup disk must not stop the day's work: said, not fatal.
        print(f"officer-desk: warning: the daily backup was not taken. {exc}", file=sys.stderr)
    except Exception:
        opened.lock()
        raise
    return opened


def _policy(args: argparse.Namespace):  # -> Policy
    from officer_desk.policy import load_policy

    return load_policy(_root(args) / "policy.toml")


def _on(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(f"--on: {exc}") from None


# --- commands -------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    """Create an empty encrypted caseload and print its one-time recovery code."""
    from db import caseload_file, keystore

    root = _root(args)
    interactive = not args.passphrase_file and sys.stdin.isatty()
    passphrase = _passphrase(args, confirm=True, prompt="New passphrase: ")
    # Typed at a terminal: the full length rule. From a file or a script: warned instead.
    opened, code = caseload_file.create(root, passphrase,
                                        minimum=keystore.MIN_PASSPHRASE if interactive else 1)
    opened.lock()
    warning = keystore.weak_passphrase_warning(passphrase)
    if warning:
        print(warning, file=sys.stderr)
    print(f"Created an encrypted caseload in {root}.")
    if opened.notice:
        print(opened.notice)
    print()
    print("Recovery code (shown once; write it down and keep it apart from this laptop):")
    print(f"    {code}")
    print("Lose both the passphrase and this code and the caseload cannot be opened.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a demo caseload of synthetic people, with its passphrase."""
    from db import caseload_file
    from officer_desk.demo import demo_records
    from officer_desk.exchange import sort_records, uk_now

    root = _root(args)
    if args.passphrase_file and args.passphrase_file != "-":
        passphrase = _read_passphrase_file(args.passphrase_file)
    elif args.passphrase_file == "-":
        passphrase = _passphrase(args)
    else:
        words = ["amber", "bridge", "cobalt", "delta", "ember", "fjord", "granite", "harbour",
                 "indigo", "juniper", "kestrel", "lantern", "meadow", "nettle", "orchard"]
        passphrase = "-".join(secrets.choice(words) for _ in range(4))
    opened, code = caseload_file.create(root, passphrase, minimum=1)
    try:
        # The demo's decisions and signatures are before now by the desktop's clock and by UK
        # time alike (the file's times are UK time): the earlier of the two.
        now = min(datetime.now(), uk_now())
        today = _on(args.on) if args.on else now.date()
        records = sort_records(demo_records(today, now=now))
        opened.store.import_records(records, "demo caseload")
        opened.store.set_setting("officer_name", "Demo Officer")
        opened.store.set_setting("office_address", ["Probation Office", "1 High Street",
                                                    "Cardiff", "CF10 1AA"])
        opened.store.set_setting("office_phone", "029 2000 0000")
    finally:
        opened.lock()
    if not args.passphrase_file:
        secret = root / "demo-passphrase.txt"
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(passphrase + "\n")
        print(f"Demo passphrase: {passphrase}  (also in {secret}; demo data only)")
    print(f"Created a demo caseload of {len([r for r in records if r['type'] == 'person'])} "
          f"synthetic people in {root} (as of {uk_date(today)}).")
    print(f"Recovery code: {code}")
    return EXIT_OK


def _read_lines(path: str) -> list[str]:
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"Cannot read {path}: {exc.strerror or exc}") from None
    lines: list[str] = []
    bad: list[str] = []
    for number, chunk in enumerate(raw.split(b"\n"), start=1):
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(f"line {number}: not UTF-8 text")
            text = ""
        lines.append(text.lstrip("\ufeff") if number == 1 else text)
    if bad:
        raise ValidationError(bad)
    return lines


def cmd_import(args: argparse.Namespace) -> int:
    """Validate the whole file; import all of it or nothing."""
    from officer_desk.services import import_lines

    lines = _read_lines(args.file)
    opened = _open(args)
    try:
        try:
            result = import_lines(opened.store, lines, Path(args.file).name)
            opened.store.index_for_search()  # its own transaction, after the import commits
        except ValidationError as exc:
            print(f"{args.file}: {len(exc.problems)} problem(s); nothing was imported.",
                  file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            return EXIT_ERROR
    finally:
        opened.lock()
    print(f"Imported {args.file}: {result.added} added, {result.changed} changed, "
          f"{result.unchanged} unchanged.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the caseload (or changes since the last export) as JSON Lines; or, with
    ``--events`` or ``--csv``, as domain events or spreadsheets."""
    from db import export_file

    if args.csv and (args.out or args.events or args.since_last):
        raise CliError("--csv DIR writes spreadsheets of everything; give it without --out, "
                       "--events or --since-last.")
    if args.csv:
        return exports.spreadsheets(args, HELPERS)
    if not args.out:
        raise CliError("export needs --out FILE (or --csv DIR for spreadsheets).")
    if args.events:
        if args.redact_sensitive or args.since_last:
            raise CliError("--events always writes the changes since the last events export, "
                           "and carries no free text: give it without --since-last or "
                           "--redact-sensitive.")
        return exports.events(args, HELPERS)
    out = Path(args.out)
    from db.private_files import check_target

    check_target(out)  # before the caseload is opened: a wrong --out costs nothing
    opened = _open(args)
    try:
        pending = export_file.gather(opened.store, args.since_last, args.redact_sensitive)
        pending.header_extra = opened.export_header()
        count = pending.write(out)
        pending.mark(opened.store)
    finally:
        opened.lock()
    print(f"Exported {count} record(s) to {out}.")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    """What is due across the caseload, as JSON or a table."""
    from officer_desk.due import CONTRACT_KINDS, EXTENSION_KINDS, due_items
    from officer_desk.today import failure_notes

    on = _on(args.on)
    kinds = set(args.kind or [])
    unknown = kinds - set(CONTRACT_KINDS) - set(EXTENSION_KINDS)
    if unknown:
        raise CliError(f"Unknown kind(s): {', '.join(sorted(unknown))}.")
    opened = _open(args)
    try:
        # The overview holds what the rules need as of today or later; an earlier --on may
        # need older attendances and contacts, so it reads everything.
        horizon = datetime.combine(on + timedelta(days=2), datetime.min.time())
        caseload = (opened.store.overview(until=horizon) if on >= date.today()
                    else opened.store.caseload())
    finally:
        opened.lock()
    extended = args.all or bool(kinds & set(EXTENSION_KINDS))
    items = due_items(caseload, on, _policy(args), extended=extended, kinds=kinds or None)
    if args.json:
        print(json.dumps([i.as_json(args.detail) for i in items], ensure_ascii=False,
                         indent=None if args.compact else 1))
        return EXIT_OK
    if not items:
        print(f"Nothing is due as of {uk_date(on)}.")
        return EXIT_OK
    names = {p.crn: p.name for p in caseload.people.values()}
    notes = failure_notes(items, caseload)  # which appointment a failure's items are about
    rows = [("Status", "Due", "CRN", "Name", "What", "Rule")]
    for i in items:
        due = (f"{uk_datetime(i.due)} {uk_zone_name(i.due)}" if isinstance(i.due, datetime)
               else uk_date(i.due))
        note = notes.get((i.kind, i.ref))
        rows.append((i.status.upper() if i.overdue else i.status, due, i.crn,
                     names.get(i.crn, ""), f"{i.title}: {note}" if note else i.title, i.rule))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    overdue = sum(i.overdue for i in items)
    print(f"\n{len(items)} open item(s) as of {uk_date(on)}, {overdue} overdue.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """An encrypted backup now."""
    opened = _open(args)
    try:
        keep = int(_policy(args).desktop.get("backups_kept", 10))
        dest = opened.backup(keep)
    finally:
        opened.lock()
    print(f"Encrypted backup written: {dest}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the caseload with a backup, after checking it opens with the caseload's key."""
    from db import caseload_file

    source = Path(args.file)
    if args.recovery_code_file:
        count, kept = caseload_file.restore_backup(
            _root(args), source, code=_read_passphrase_file(args.recovery_code_file))
    else:
        count, kept = caseload_file.restore_backup(_root(args), source,
                                                   passphrase=_passphrase(args))
    print(f"Restored {count} records from {source.name}.")
    if kept:
        print(f"The replaced caseload file was kept as {kept.name}.")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """Check the audit trail's hash chain, or list entries."""
    from db import audit

    opened = _open(args)
    try:
        if args.action == "verify":
            result = audit.verify(opened.db)
            problems = list(opened.anchor.problems) if opened.anchor else []
            for note in (opened.anchor.history if opened.anchor else []):
                print(f"Note: {note}.")
            if result.ok and not problems:
                print(f"Audit trail intact: {result.checked} entries checked, and the chain "
                      "reaches the head anchored outside the database.")
                return EXIT_OK
            if not result.ok:
                print(f"Audit trail broken at entry {result.broken_at}: {result.reason}.",
                      file=sys.stderr)
            for problem in problems:
                print(f"Audit trail does not match its anchor: {problem}.", file=sys.stderr)
            return EXIT_ERROR
        for e in audit.entries(opened.db, crn=args.crn, limit=args.limit):
            target = f" {e.record_type} {e.record_id}" if e.record_type else ""
            if e.action in ("issue", "reprint"):  # which document, which version
                target += f" ({e.detail.get('kind')}, version {e.detail.get('version')})"
            print(f"{e.at}  {e.actor}  {e.action}{target}  {e.crn or ''}".rstrip())
        return EXIT_OK
    finally:
        opened.lock()


def cmd_passwd(args: argparse.Namespace) -> int:
    """Change the passphrase (rewraps the key; the data is not re-encrypted)."""
    from db import caseload_file

    opened = _open(args)
    try:
        if args.new_passphrase_file:
            new = _read_passphrase_file(args.new_passphrase_file)
        else:
            new = _passphrase(argparse.Namespace(passphrase_file=None), confirm=True,
                              prompt="New passphrase: ")
        old = _read_passphrase_file(args.passphrase_file) if args.passphrase_file else None
        if old is None:
            raise CliError("Give --passphrase-file for the current passphrase.")
        caseload_file.change_passphrase(opened, old, new)
    finally:
        opened.lock()
    print("Passphrase changed.")
    return EXIT_OK


def _confirm_at_terminal(opened) -> bool:  # opened: OpenCaseload
    """At a terminal, the officer types the new code back; True once confirmed."""
    from db import caseload_file

    if not sys.stdin.isatty():
        return False
    for _ in range(3):
        typed = getpass.getpass("Type the new recovery code to confirm you have it: ")
        try:
            caseload_file.confirm_recovery_code(opened, typed)
            return True
        except OfficerDeskError as exc:
            print(exc, file=sys.stderr)
    return False


def _show_new_code(opened, new_code: str, previous_works: bool) -> None:  # opened: OpenCaseload
    """A new code to write down and confirm.

    After a recovery the previous code is wrapped round the new key too, until the new one is
    confirmed (a kill before the new code was seen loses nothing); after a re-encryption asked
    for without the code, the previous code wrapped only the old key and opens nothing.
    """
    print("Your new recovery code (shown once; write it down and keep it apart from this "
          "laptop):")
    print(f"    {new_code}")
    sys.stdout.flush()
    if not previous_works:
        print("The previous recovery code no longer works: the caseload's key has changed, "
              "so this new code is now the only way back if the passphrase is lost.")
    if _confirm_at_terminal(opened):
        print("New recovery code confirmed." if not previous_works else
              "New recovery code confirmed; the previous code no longer works.")
    elif previous_works:
        print("Until you confirm it, the previous recovery code keeps working too. Confirm "
              "with: officer-desk recovery-code confirm --recovery-code-file FILE")
    else:
        print("Confirm you have written it down with: officer-desk recovery-code confirm "
              "--recovery-code-file FILE")


def cmd_recover(args: argparse.Namespace) -> int:
    """Open with the recovery code, set a new passphrase, re-encrypt, get a new code."""
    from db import caseload_file

    code = _read_passphrase_file(args.recovery_code_file)
    new = _read_passphrase_file(args.new_passphrase_file)
    opened, new_code = caseload_file.recover(_root(args), code, new)
    try:
        print("Recovered: the new passphrase is set, and the caseload and its backups are "
              "re-encrypted under a new key, so old key files and the old passphrase no longer "
              "open them.")
        _show_new_code(opened, new_code, previous_works=True)
    finally:
        opened.lock()
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace) -> int:
    """Re-encrypt the caseload and its backups under a new key; old key files stop working."""
    from db import caseload_file

    code = _read_passphrase_file(args.recovery_code_file) if args.recovery_code_file else None
    opened, pending, retired = caseload_file.rekey_caseload(_root(args), _passphrase(args), code)
    try:
        print("Re-encrypted the caseload and every backup under a new key: copies of old key "
              "files no longer open them.")
        if retired:
            print(f"{len(retired)} kept copy(ies) did not open and were removed: "
                  f"{', '.join(p.name for p in retired)}.")
        if pending:
            _show_new_code(opened, pending, previous_works=False)
        else:
            print("Your recovery code is unchanged.")
    finally:
        opened.lock()
    return EXIT_OK


def cmd_recovery_code(args: argparse.Namespace) -> int:
    """Confirm a new recovery code by typing it back (the old one then stops working)."""
    from db import caseload_file

    code = _read_passphrase_file(args.recovery_code_file)
    opened = _open(args)
    try:
        caseload_file.confirm_recovery_code(opened, code)
    finally:
        opened.lock()
    print("New recovery code confirmed; the previous code no longer works.")
    return EXIT_OK


HELPERS = Helpers(_open, _policy, _on, _read_passphrase_file)
