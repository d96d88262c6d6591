"""``officer-desk hub``: start, stop and administer a team hub (team-hub.md, command line).

``--dir DIR`` runs the embedded PostgreSQL kept in DIR; ``--dsn DSN`` administers any
PostgreSQL >= 15 instead (a connection string with the rights to create roles). psycopg and the
server binaries load only when a hub command runs. Every hub action's options are parsed here;
``status``, ``backup`` and ``restore`` run in ``hub_operations``; the storage and protocol
behind them are ``db.hub``'s, and the demo team is ``officer_desk.app.demo_team``'s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from officer_desk.errors import UserFacingError


def add_commands(add: Callable[..., argparse.ArgumentParser],
                 read_secret: Callable[[str], str]) -> None:
    """Register ``hub`` and its sub-commands."""
    p = add("hub", lambda a: run(a, read_secret), "start, stop and administer a team hub")
    sub = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True)

    def target(q: argparse.ArgumentParser) -> None:
        where = q.add_mutually_exclusive_group(required=True)
        where.add_argument("--dir", metavar="DIR", help="the embedded hub's folder")
        where.add_argument("--dsn", metavar="DSN",
                           help="any PostgreSQL >= 15, as a role that may create roles")

    q = sub.add_parser("up", help="start the hub (creating and migrating it on first use)")
    q.add_argument("--dir", required=True, metavar="DIR")
    q.add_argument("--port", type=int, metavar="N", help="port on 127.0.0.1 (first start)")
    q.add_argument("--listen", metavar="ADDR",
                   help="also serve this address (another machine's laptops), TLS only")
    q.add_argument("--tls-cert", metavar="FILE", help="the server certificate for --listen "
                                                       "(otherwise the hub makes its own CA)")
    q.add_argument("--tls-key", metavar="FILE", help="the key of --tls-cert")
    q = sub.add_parser("demo", help="a demo team: a hub, two officers and their SPO, each "
                                    "with a linked caseload")
    q.add_argument("--dir", required=True, metavar="DIR", help="an empty folder")
    q = sub.add_parser("down", help="stop the embedded hub")
    q.add_argument("--dir", required=True, metavar="DIR")
    q = sub.add_parser("migrate", help="apply the hub's schema migrations (with --dsn)")
    target(q)
    staff = sub.add_parser("staff", help="staff on the hub").add_subparsers(
        dest="staff_command", metavar="ACTION", required=True)
    q = staff.add_parser("add", help="add a member of staff with their own login role")
    target(q)
    q.add_argument("--username", required=True)
    q.add_argument("--grade", required=True, choices=["PO", "PSO", "SPO", "ACO"])
    q.add_argument("--team", required=True, metavar="TEAM_CODE")
    q.add_argument("--staff-code", metavar="CODE")
    q.add_argument("--provider", default="N07", metavar="PROVIDER_CODE")
    q.add_argument("--name", default="", metavar="FULL_NAME",
                   help="as documents and screens name them (e.g. a Part A's countersigner)")
    q.add_argument("--phone", default="", metavar="PHONE")
    q.add_argument("--email", default="", metavar="EMAIL")
    q.add_argument("--password-file", required=True, metavar="FILE")
    q = staff.add_parser("list", help="everyone on the hub")
    target(q)
    q = staff.add_parser("remove", help="a leaver: their login stops at once (move their "
                                        "cases first)")
    target(q)
    q.add_argument("--username", required=True)
    q = staff.add_parser("password", help="give a member of staff a new hub password")
    target(q)
    q.add_argument("--username", required=True)
    q.add_argument("--password-file", required=True, metavar="FILE")
    device = sub.add_parser("device", help="the laptops that sync with the hub").add_subparsers(
        dest="device_command", metavar="ACTION", required=True)
    q = device.add_parser("list", help="each laptop: its id, its officer, its last sync")
    target(q)
    q.add_argument("--json", action="store_true")
    q = device.add_parser("revoke", help="take a lost laptop off the hub")
    target(q)
    q.add_argument("id", metavar="ID", help="the laptop's id (hub device list)")
    q = sub.add_parser("allocate", help="place a case with an officer from today")
    target(q)
    q.add_argument("--crn", required=True)
    q.add_argument("--username", required=True)
    q = sub.add_parser("transfer", help="move a case to another officer from today")
    target(q)
    q.add_argument("--crn", required=True)
    q.add_argument("--to", required=True, metavar="USERNAME")
    q.add_argument("--reason", metavar="TEXT")
    q = sub.add_parser("cover", help="a colleague covers an absent officer's cases until a date")
    target(q)
    q.add_argument("--absent", required=True, metavar="USERNAME")
    q.add_argument("--cover", required=True, metavar="USERNAME")
    q.add_argument("--until", metavar="DATE", help="the last day of cover")
    q.add_argument("--end", action="store_true",
                   help="end the cover from today (the absent officer is back)")
    q.add_argument("--reason", metavar="TEXT")
    q = sub.add_parser("events", help="the hub's outbox: domain events for the central system")
    target(q)
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("status", help="is the hub running, and is it kept safely")
    target(q)
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("backup", help="an encrypted backup of the hub (pg_dump, sealed)")
    target(q)
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument("--password-file", required=True, metavar="FILE",
                   help="the backup's password (at least 12 characters)")
    q = sub.add_parser("restore", help="restore a backup into an empty hub")
    target(q)
    q.add_argument("--file", required=True, metavar="FILE")
    q.add_argument("--password-file", required=True, metavar="FILE")
    q.add_argument("--port", type=int, metavar="N",
                   help="a new embedded hub's port (default: the backed-up hub's)")


@contextmanager
def _admin(args: argparse.Namespace):  # -> psycopg.Connection
    import psycopg

    from db.hub.server import DATABASE, EmbeddedHub

    if getattr(args, "dsn", None):
        dsn = args.dsn
        if _password_in(dsn):
            raise UserFacingError("A password in --dsn shows in the list of running programs: "
                                  "keep it in a password file (PGPASSFILE) instead.")
    else:
        hub = EmbeddedHub(Path(args.dir))
        if not hub.running():
            raise UserFacingError(f"The hub in {args.dir} is not running: start it with "
                                  f"'officer-desk hub up --dir {args.dir}'.")
        dsn = hub.owner_dsn(DATABASE)
    try:
        conn = psycopg.connect(dsn, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise UserFacingError(f"Cannot reach the hub: {str(exc).strip().splitlines()[0]}") from None
    try:
        yield conn
    except psycopg.errors.UndefinedTable:
        raise UserFacingError("There is no hub in this database yet: run 'officer-desk hub "
                              "migrate' first.") from None
    except psycopg.Error as exc:
        text = (getattr(getattr(exc, "diag", None), "message_primary", None) or str(exc))
        raise UserFacingError(f"The hub refused: {text.strip().splitlines()[0]}.") from None
    finally:
        conn.close()


def _password_in(dsn: str) -> bool:
    from psycopg.conninfo import conninfo_to_dict

    try:
        return bool(conninfo_to_dict(dsn).get("password"))
    except Exception:  # noqa: BLE001 - a malformed DSN is refused by the connection itself
        return False


def _device(conn: Any, args: argparse.Namespace) -> None:
    from db.hub import admin
    from officer_desk.dates import uk_datetime

    if args.device_command == "revoke":
        owner = admin.revoke_device(conn, args.id)
        print(f"Laptop {args.id} ({owner}) is taken off the hub: its changes from now on wait "
              "for a person, and at its next sync it removes every case. If its passphrase "
              f"may be known, also give {owner} a new password (hub staff password).")
        return
    found = admin.devices(conn)
    if args.json:
        print(json.dumps([{"id": d.id, "username": d.username,
                           "first_seen": d.first_seen.isoformat(timespec="seconds"),
                           "last_sync": d.last_seen.isoformat(timespec="seconds"),
                           "revoked_at": d.revoked_at.isoformat(timespec="seconds")
                           if d.revoked_at else None} for d in found], ensure_ascii=False))
        return
    if not found:
        print("No laptop has synced with this hub yet.")
    for d in found:
        state = f"revoked {uk_datetime(d.revoked_at.astimezone())}" if d.revoked_at else "active"
        print(f"{d.id}  {d.username:16} last sync {uk_datetime(d.last_seen.astimezone())}  {state}")


def _tls_material(hub: Any, listen: str, args: argparse.Namespace) -> tuple[bytes, bytes, str]:
    """The server certificate and key for ``listen``, and the line that tells laptops what to
    trust: the administrator's own certificate, or one the hub's own CA signs (made once)."""
    from db.hub import tls
    from db.private_files import write_private_bytes

    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            raise UserFacingError("--tls-cert and --tls-key go together.")
        try:
            cert, key = Path(args.tls_cert).read_bytes(), Path(args.tls_key).read_bytes()
        except OSError as exc:
            raise UserFacingError(f"The certificate or its key cannot be read: "
                                  f"{exc.strerror or exc}.") from None
        return cert, key, (f"certificate: {args.tls_cert} ({tls.fingerprint(cert)}); laptops "
                           "link with the CA that signed it")
    ca_path, ca_key_path = hub.folder / "ca.pem", hub.folder / "ca-key.pem"
    if not (ca_path.exists() and ca_key_path.exists()):
        ca, ca_key = tls.make_ca(f"Officer Desk hub CA ({hub.folder.name})")
        write_private_bytes(ca_key_path, ca_key, "The hub's CA key")
        ca_path.write_bytes(ca)
        os.chmod(ca_path, 0o644)
    ca = ca_path.read_bytes()
    cert, key = tls.make_server_cert(ca, ca_key_path.read_bytes(), [listen])
    return cert, key, f"ca: {ca_path} ({tls.fingerprint(ca)})"


def _up(args: argparse.Namespace) -> int:
    import psycopg

    from db.hub import tls
    from db.hub.schema import migrate
    from db.hub.server import DATABASE, DEFAULT_PORT, EmbeddedHub

    hub = EmbeddedHub(Path(args.dir))
    if not hub.initialised():
        hub.init(args.port or DEFAULT_PORT)
    elif args.port and args.port != hub.port():
        raise UserFacingError(f"This hub listens on port {hub.port()}; it keeps the port it "
                              "was created with.")
    listen = (args.listen or "").strip() or None
    if listen is not None and tls.is_loopback(listen):
        raise UserFacingError(f"{listen} is this machine only, which the hub always serves: "
                              "give the address other machines reach it by.")
    if not hub.running():
        hub.configure()
    hub.start()
    trust = None
    if listen is None:
        hub.close_gate()
    else:
        cert, key, trust = _tls_material(hub, listen, args)
        hub.open_gate(listen, cert, key)
    with psycopg.connect(hub.owner_dsn("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")
            conn.execute(f"REVOKE ALL ON DATABASE {DATABASE} FROM PUBLIC")
        EmbeddedHub.close_system_databases(conn)
    with psycopg.connect(hub.owner_dsn()) as conn:
        applied = migrate(conn)
    if applied:
        print(f"Hub schema brought up to version {applied[-1]}.")
    print(f"dsn: {hub.dsn()}")
    if trust:
        print(trust)
    return 0


def run(args: argparse.Namespace, read_secret: Callable[[str], str]) -> int:
    """Dispatch a hub command."""
    from db.hub import admin
    from db.hub.schema import migrate
    from db.hub.server import EmbeddedHub

    action = args.hub_command
    if action == "up":
        return _up(args)
    if action == "demo":
        from officer_desk.app.demo_team import team_demo

        try:
            lines = team_demo(Path(args.dir))
        except ValueError as exc:
            raise UserFacingError(str(exc)) from None
        print("A demo team is ready. Open each officer's desktop with:")
        for line in lines:
            print("  " + line)
        return 0
    if action == "down":
        hub = EmbeddedHub(Path(args.dir))
        hub.stop()
        print("The hub is stopped.")
        return 0
    from officer_desk.cli.hub_operations import run_operation

    answer = run_operation(args, read_secret)
    if answer is not None:
        return answer
    with _admin(args) as conn:
        if action == "migrate":
            applied = migrate(conn)
            print(f"Applied {len(applied)} migration(s).")
        elif action == "staff" and args.staff_command == "add":
            staff = admin.add_staff(conn, args.username, args.grade, args.team,
                                    read_secret(args.password_file), args.staff_code,
                                    args.provider, args.name, args.phone, args.email)
            print(f"Added {staff.username} ({staff.grade}, team {staff.team_code}, staff code "
                  f"{staff.staff_code}); they sign in as {staff.login_role}.")
        elif action == "staff" and args.staff_command == "remove":
            gone, ended = admin.remove_staff(conn, args.username)
            print(f"{gone.username} has left the hub: their login is turned off"
                  + (f" and {ended} open session(s) were ended." if ended else "."))
        elif action == "staff" and args.staff_command == "password":
            admin.set_password(conn, args.username, read_secret(args.password_file))
            print(f"{args.username} has a new hub password: their laptop asks for it at the "
                  "next sync.")
        elif action == "device":
            _device(conn, args)
        elif action == "staff":
            for s in admin.staff_list(conn):
                print(f"{s.username:20} {s.grade:4} {s.team_code:8} {s.staff_code}")
        elif action == "allocate":
            admin.allocate(conn, args.crn, args.username)
            print(f"{args.crn} is allocated to {args.username} from today.")
        elif action == "transfer":
            before = admin.transfer(conn, args.crn, args.to, reason=args.reason)
            print(f"{args.crn} moves from {before or 'nobody'} to {args.to} from today. "
                  "Its history goes with it at their next sync.")
        elif action == "cover":
            from officer_desk.dates import parse_date, uk_date

            if args.end:
                n = admin.end_cover(conn, args.absent, args.cover)
                print(f"{args.cover} no longer covers {args.absent}'s cases ({n} ended from "
                      "today).")
            elif not args.until:
                raise UserFacingError("Give --until DATE (the last day of cover), or --end.")
            else:
                until = parse_date(args.until)
                n = admin.give_cover(conn, args.absent, args.cover, until, args.reason)
                print(f"{args.cover} covers {n} case(s) of {args.absent} until "
                      f"{uk_date(until)}.")
        elif action == "events":
            from db.hub.team import domain_events

            events = domain_events(conn)
            if args.json:
                print(json.dumps(events, ensure_ascii=False, indent=1))
            for e in [] if args.json else events:
                print(f"{e['occurredAt']}  {e['eventType']}  "
                      f"{e['personReference']['identifiers'][0]['value']}")
        conn.commit()
    sys.stdout.flush()
    return 0
