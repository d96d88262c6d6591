"""``officer-desk hub status``, ``backup`` and ``restore``: what the hub's administrator runs to
keep a hub (team-hub.md, "Across a network", operations). Their options are parsed in
``hub``; the backup and restore themselves are ``db.hub.backup``'s.

``status`` answers even when the hub cannot be reached, and then says why in one sentence (not
running, a wrong password, nothing at that address): each calls for a different fix. Its JSON
keys are a public contract (docs/hub-administrators-guide.md); every key is always present,
null when it cannot be known.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from officer_desk.errors import UserFacingError

# The oldest PostgreSQL the hub runs on (team-hub.md): row-level security and SCRAM as used.
MIN_SERVER = 150000

STATUS_KEYS = ("running", "state", "message", "kind", "server_version", "server_supported",
               "schema_version", "schema_latest", "staff", "cases", "connections",
               "max_connections", "login_connection_limit", "last_backup", "data_folder",
               "data_folder_bytes", "free_bytes", "database_bytes", "encrypted_disk",
               "encryption", "log_statement_text", "log_problems", "listening_on")


def run_operation(args: argparse.Namespace,
                  read_secret: Callable[[str], str]) -> int | None:
    """Run an operations command; None when ``args`` names another command."""
    if args.hub_command == "status":
        return _status(args)
    if args.hub_command == "backup":
        return _backup(args, read_secret)
    if args.hub_command == "restore":
        return _restore(args, read_secret)
    return None


# --- status ----------------------------------------------------------------------------------


def why_not_connected(exc: Exception, where: str) -> tuple[str, str]:
    """A failed connection as a state and one sentence: the password, the address or the
    server, each with its own fix (libpq gives no SQLSTATE before a session exists)."""
    text = str(exc).strip()
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return "wrong_password", (f"The hub at {where} refused the login: the user or password "
                                  "is wrong.")
    if "database" in low and "does not exist" in low:
        return "no_database", f"The server at {where} answers, but has no hub database."
    if "role" in low and "does not exist" in low or "pg_hba.conf" in low:
        return "refused", (f"The server at {where} does not let this user in from here "
                           "(no such role, or not allowed by its pg_hba.conf).")
    if "starting up" in low or "shutting down" in low:
        return "not_running", f"The hub at {where} is starting or stopping: try again shortly."
    if "timeout" in low or "could not translate host name" in low or "no route" in low \
            or "network is unreachable" in low:
        return "unreachable", (f"Nothing answers at {where}: the address is wrong or the "
                               "network does not reach it.")
    if "connection refused" in low or "no such file or directory" in low:
        return "not_running", (f"The hub at {where} is not running: nothing listens on its "
                               "port.")
    first = text.splitlines()[0] if text else "no reason given"
    return "unreachable", f"The hub at {where} cannot be reached ({first})."


def _redacted(dsn: str) -> str:
    """A DSN as it may be printed: no password in it."""
    import re

    dsn = re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", dsn)
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", dsn)


def _log_problems(conn: Any) -> list[str]:
    """What in the server's log settings would put statement text (names, CRNs) in its log."""
    found = dict(conn.execute(
        "SELECT name, setting FROM pg_settings WHERE name IN ('log_statement', "
        "'log_min_error_statement', 'log_min_duration_statement', 'log_min_duration_sample', "
        "'log_transaction_sample_rate', 'debug_print_parse', 'debug_print_rewritten', "
        "'debug_print_plan', 'log_parameter_max_length_on_error')").fetchall())
    problems = []
    if found.get("log_statement", "none") != "none":
        problems.append(f"log_statement is {found['log_statement']} (set it to none)")
    if found.get("log_min_error_statement", "panic") != "panic":
        problems.append(f"log_min_error_statement is {found['log_min_error_statement']}: a "
                        "failed statement's text is logged (set it to panic)")
    for name in ("log_min_duration_statement", "log_min_duration_sample"):
        if found.get(name, "-1") != "-1":
            problems.append(f"{name} is {found[name]}: slow statements are logged with their "
                            "text (set it to -1)")
    if float(found.get("log_transaction_sample_rate", "0") or 0) > 0:
        problems.append("log_transaction_sample_rate logs whole transactions (set it to 0)")
    for name in ("debug_print_parse", "debug_print_rewritten", "debug_print_plan"):
        if found.get(name, "off") == "on":
            problems.append(f"{name} is on (set it off)")
    return problems


def gather_status(args: argparse.Namespace) -> dict[str, Any]:
    """Everything ``hub status`` reports, with the stable keys of ``STATUS_KEYS``."""
    import psycopg

    from db.hub import host_facts
    from db.hub.backup import last_backup
    from db.hub.roles import CONNECTIONS
    from db.hub.schema import MIGRATIONS
    from db.hub.server import DATABASE, EmbeddedHub

    facts: dict[str, Any] = dict.fromkeys(STATUS_KEYS)
    facts.update(running=False, schema_latest=max(v for v, _n, _s in MIGRATIONS),
                 login_connection_limit=CONNECTIONS, log_problems=[])
    hub = None
    if getattr(args, "dsn", None):
        facts.update(kind="server", encrypted_disk=None,
                     encryption="unknown: a server of its own (on a managed service, the "
                                "provider's encryption at rest)")
        dsn, where = args.dsn, _redacted(args.dsn)
    else:
        hub = EmbeddedHub(Path(args.dir))
        facts.update(kind="embedded", data_folder=str(hub.pgdata),
                     last_backup=last_backup(hub.folder))
        if not hub.initialised():
            facts.update(state="no_hub", message=f"There is no hub in {args.dir}: make one "
                                                 f"with 'officer-desk hub up --dir {args.dir}'.")
            return facts
        found = host_facts.block_encryption(hub.pgdata)
        facts.update(data_folder_bytes=host_facts.folder_size(hub.pgdata),
                     free_bytes=host_facts.free_space(hub.pgdata),
                     encrypted_disk=found.encrypted, encryption=found.detail,
                     listening_on=hub.listening_on())
        if not hub.running():
            facts.update(state="not_running", message=f"The hub in {args.dir} is not running: "
                         f"start it with 'officer-desk hub up --dir {args.dir}'.")
            return facts
        dsn, where = hub.owner_dsn(DATABASE), args.dir
    try:
        conn = psycopg.connect(dsn, connect_timeout=10, autocommit=True)
    except psycopg.OperationalError as exc:
        state, message = why_not_connected(exc, where)
        facts.update(state=state, message=message)
        return facts
    with conn:
        version = conn.info.server_version
        facts.update(running=True, state="running",
                     server_version=conn.execute("SHOW server_version").fetchone()[0],
                     server_supported=version >= MIN_SERVER,
                     connections=conn.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                                              "datname = current_database()").fetchone()[0],
                     max_connections=int(conn.execute("SHOW max_connections").fetchone()[0]),
                     database_bytes=conn.execute("SELECT pg_database_size(current_database())"
                                                 ).fetchone()[0],
                     log_problems=_log_problems(conn))
        facts["log_statement_text"] = bool(facts["log_problems"])
        if conn.execute("SELECT to_regclass('public.hub_migrations')").fetchone()[0]:
            facts["schema_version"] = conn.execute(
                "SELECT max(version) FROM public.hub_migrations").fetchone()[0]
        if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'hub'").fetchone():
            leavers = conn.execute("SELECT to_regclass('hub.staff_left')").fetchone()[0]
            facts["staff"] = conn.execute(  # leavers are not counted
                "SELECT count(*) FROM hub.staff s" + (
                    " WHERE NOT EXISTS (SELECT 1 FROM hub.staff_left l "
                    "WHERE l.login_role = s.login_role)" if leavers else "")).fetchone()[0]
            facts["cases"] = conn.execute(
                "SELECT count(DISTINCT crn) FROM hub.allocation WHERE to_date IS NULL OR "
                "to_date >= current_date").fetchone()[0]
        else:
            facts.update(state="empty", message="The server is running but holds no hub yet: "
                                                "run 'officer-desk hub migrate' or restore a "
                                                "backup into it.")
    return facts


def _size(n: int | None) -> str:
    if n is None:
        return "unknown"
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} bytes"


def _status_lines(f: dict[str, Any]) -> list[str]:
    """The status for a person: one line a subject, the trouble said plainly."""
    if not f["running"]:
        return [f["message"]]
    lines = []
    if f["state"] == "empty":
        lines.append(f["message"])
    else:
        lines.append(f"The hub is running: {f['staff']} staff, {f['cases']} case(s) allocated.")
    version = f"PostgreSQL {f['server_version']}"
    if not f["server_supported"]:
        version += " is older than the hub supports (15 or later): upgrade the server"
    schema = f["schema_version"]
    behind = "" if schema is None or schema >= f["schema_latest"] else (
        f" (this Officer Desk has {f['schema_latest']}: run 'officer-desk hub migrate' or "
        "'hub up')")
    lines.append(f"Server: {version}; schema version {schema if schema is not None else 'none'}"
                 f"{behind}.")
    lines.append(f"Connections: {f['connections']} to the hub now, of {f['max_connections']} "
                 f"the server allows; each login at most {f['login_connection_limit']}.")
    backup = f["last_backup"]
    if f["kind"] == "server":
        lines.append("Last backup: not recorded on a server given by --dsn (each backup "
                     "prints its time).")
    elif backup:
        lines.append(f"Last backup: {backup.get('at')} to {backup.get('file')}.")
    else:
        lines.append("Last backup: never (officer-desk hub backup).")
    if f["kind"] == "embedded":
        lines.append(f"Disk: the data folder takes {_size(f['data_folder_bytes'])}, "
                     f"{_size(f['free_bytes'])} free; the database "
                     f"{_size(f['database_bytes'])}.")
    else:
        lines.append(f"Disk: the database takes {_size(f['database_bytes'])}.")
    if f["encrypted_disk"] is False:
        lines.append("Disk encryption: NO: " + f["encryption"] + ".")
    else:
        lines.append("Disk encryption: " + f["encryption"] + ".")
    if f["log_problems"]:
        lines.append("Server log: statement text can reach it (names and CRNs): "
                     + "; ".join(f["log_problems"]) + ".")
    else:
        lines.append("Server log: no statement text.")
    if f["listening_on"]:
        lines.append(f"Network: also serving {f['listening_on']} (TLS only).")
    return lines


def _status(args: argparse.Namespace) -> int:
    facts = gather_status(args)
    if args.json:
        print(json.dumps(facts, ensure_ascii=False))
    else:
        print("\n".join(_status_lines(facts)))
    return 0 if facts["running"] else 1


# --- backup and restore -----------------------------------------------------------------------


def _embedded_extra(hub: Any) -> dict[str, Any]:
    """What a new folder needs to stand in for this one: its port (laptops keep the address)
    and its CA (laptops linked across the network pinned it)."""
    extra: dict[str, Any] = {"port": hub.port(), "listen": hub.listening_on()}
    ca, ca_key = hub.folder / "ca.pem", hub.folder / "ca-key.pem"
    if ca.exists() and ca_key.exists():
        extra["ca"] = ca.read_text(encoding="ascii")
        extra["ca_key"] = ca_key.read_text(encoding="ascii")
    return {"embedded": extra}


def _backup(args: argparse.Namespace, read_secret: Callable[[str], str]) -> int:
    from db.hub.backup import backup, record_last_backup
    from db.hub.server import EmbeddedHub

    password = read_secret(args.password_file)
    if getattr(args, "dsn", None):
        result = backup(args.dsn, Path(args.out), password)
    else:
        hub = EmbeddedHub(Path(args.dir))
        if not hub.running():
            raise UserFacingError(f"The hub in {args.dir} is not running: start it with "
                                  f"'officer-desk hub up --dir {args.dir}'.")
        result = backup(hub.owner_dsn(), Path(args.out), password, _embedded_extra(hub))
        record_last_backup(hub.folder, result)
    print(f"Backed up the hub at {result.at} to {result.path} ({result.size} bytes, "
          f"encrypted): {result.staff} staff, {result.logins_with_password} login(s) with "
          "their passwords.")
    for note in result.notes:
        print(note)
    if getattr(args, "dsn", None):
        print("The server keeps no record of this backup: note its time.")
    return 0


def _embedded_for_restore(folder: Path, port: int | None, manifest: dict[str, Any]) -> Any:
    """The embedded hub in ``folder``, running, with the hub's database made but empty: a new
    folder is made as ``hub up`` makes one (on the backed-up hub's port unless told), without
    the schema (the backup brings it)."""
    import psycopg

    from db.hub.server import DATABASE, DEFAULT_PORT, EmbeddedHub

    hub = EmbeddedHub(folder)
    embedded = manifest.get("embedded") or {}
    if not hub.initialised():
        hub.init(port or int(embedded.get("port") or DEFAULT_PORT))
    elif port and port != hub.port():
        raise UserFacingError(f"This hub listens on port {hub.port()}; it keeps the port it "
                              "was created with.")
    if not hub.running():
        hub.configure()
    hub.start()
    hub.close_gate()
    with psycopg.connect(hub.owner_dsn("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")
            conn.execute(f"REVOKE ALL ON DATABASE {DATABASE} FROM PUBLIC")
        hub.close_system_databases(conn)
    return hub


def _put_back_ca(hub: Any, manifest: dict[str, Any]) -> bool:
    """The backed-up hub's CA, into a folder that has none (laptops pinned it)."""
    import os

    from db.private_files import write_private_bytes

    embedded = manifest.get("embedded") or {}
    ca_path, key_path = hub.folder / "ca.pem", hub.folder / "ca-key.pem"
    if not embedded.get("ca") or ca_path.exists() or key_path.exists():
        return False
    write_private_bytes(key_path, embedded["ca_key"].encode("ascii"), "The hub's CA key")
    ca_path.write_text(embedded["ca"], encoding="ascii")
    os.chmod(ca_path, 0o644)
    return True


def _restore(args: argparse.Namespace, read_secret: Callable[[str], str]) -> int:
    from db.hub.backup import hub_is_empty, read_manifest, restore

    password = read_secret(args.password_file)
    manifest = read_manifest(Path(args.file), password)  # the whole file opens, or nothing changes
    hub = None
    if getattr(args, "dsn", None):
        if args.port:
            raise UserFacingError("--port is for a new embedded hub (--dir).")
        dsn = args.dsn
    else:
        import psycopg

        from db.hub.server import EmbeddedHub

        existing = EmbeddedHub(Path(args.dir))
        if existing.initialised() and existing.running():
            with psycopg.connect(existing.owner_dsn(), autocommit=True) as conn:
                if not hub_is_empty(conn):
                    raise UserFacingError("This folder already holds a hub: a backup is restored "
                                          "only into an empty one (a new folder).")
        hub = _embedded_for_restore(Path(args.dir), args.port, manifest)
        dsn = hub.owner_dsn()
    done = restore(dsn, Path(args.file), password, manifest=manifest)
    print(f"Restored the hub backed up at {manifest.get('at')}: {done.staff} staff; "
          f"{len(done.created)} role(s) made, {len(done.kept)} already on the server.")
    if done.need_password:
        print("These logins cannot sign in until given a new password (the backup could not "
              f"read theirs): {', '.join(done.need_password)}.")
    if hub is not None:
        if _put_back_ca(hub, manifest):
            print(f"ca: {hub.folder / 'ca.pem'} (the backed-up hub's own CA, as laptops pinned)")
        listen = (manifest.get("embedded") or {}).get("listen")
        if listen:
            print(f"The backed-up hub also served {listen}: start that with 'officer-desk hub "
                  f"up --dir {args.dir} --listen {listen}'.")
        print(f"dsn: {hub.dsn()}")
    return 0
