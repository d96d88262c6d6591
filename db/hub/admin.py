"""The hub administrator's work: staff (each with a login role of their own) and allocations.

Run as the administrator (the embedded hub's owner socket, or a ``--dsn`` with those rights).
Every officer gets their own PostgreSQL login role, a member of the application group, never
able to bypass row-level security; what they may see follows from their allocations.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg import sql

from db.hub.roles import CONNECTIONS, SESSION_LIMITS
from db.hub.schema import APP
from db.hub.server import DATABASE as DEFAULT_DATABASE
from officer_desk.errors import UserFacingError

GRADES = ("PO", "PSO", "SPO", "ACO")
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{0,62}$")
CRN = re.compile(r"^[A-Z][0-9]{6}$")


@dataclass(frozen=True)
class Staff:
    """A member of staff on the hub."""

    username: str
    login_role: str
    staff_code: str
    team_code: str
    provider_code: str
    grade: str


def login_role(username: str, database: str = DEFAULT_DATABASE) -> str:
    """The PostgreSQL role an officer signs in as, named for the hub's database.

    Role names are the server's, not a database's: two hubs on one server each name their
    officers' logins after themselves, so "rhian" may be on both and neither login reaches the
    other hub. The embedded hub's database keeps the short form it always had.
    """
    if database == DEFAULT_DATABASE:
        return f"od_{username}"
    return f"od_{database}_{username}"[:63]


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802, RFC 7677).

    Made here so the password itself never reaches the server: not in a statement, so not in
    its log when a statement fails, nor in pg_stat_activity.
    """
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = base64.b64encode
    return (f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}"
            f"${b64(stored_key).decode()}:{b64(server_key).decode()}")


def _checked_password(password: str) -> str:
    if len(password) < 12:
        raise UserFacingError("A hub password needs at least 12 characters.")
    return password


@contextmanager
def _hub_says(doing: str) -> Iterator[None]:
    """The hub's refusal as one sentence (its functions say why in plain words)."""
    import psycopg

    try:
        yield
    except psycopg.Error as exc:
        diag = getattr(exc, "diag", None)
        text = (getattr(diag, "message_primary", None) or str(exc)).strip()
        text = (text.splitlines() or [type(exc).__name__])[0].rstrip(".")
        raise UserFacingError(f"The hub refused to {doing}: {text}.") from None


def add_staff(conn: Any, username: str, grade: str, team: str, password: str,
              staff_code: str | None = None, provider: str = "N07", full_name: str = "",
              phone: str = "", email: str = "") -> Staff:
    """A member of staff and their login role, in one transaction.

    The login is made with a SCRAM verifier, never the password; the staff row is written by
    the hub's own function, as every write is (a managed server's administrator is no
    superuser, and row-level security holds it too).
    """
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise UserFacingError("A username is lower-case letters, digits, dots, dashes or "
                              "underscores, starting with a letter.")
    if grade not in GRADES:
        raise UserFacingError(f"Grade must be one of {', '.join(GRADES)}.")
    verifier = scram_verifier(_checked_password(password))
    staff = Staff(username, login_role(username, conn.info.dbname),
                  staff_code or username.upper()[:12], team.strip().upper(),
                  provider.strip().upper(), grade)
    with conn.transaction():
        if conn.execute("SELECT 1 FROM hub.staff WHERE username = %s", [username]).fetchone():
            raise UserFacingError(f"{username} is already on the hub.")
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                        [staff.login_role]).fetchone():
            raise UserFacingError(f"The server already has a login called {staff.login_role}, "
                                  "which is not this hub's: choose another username.")
        with _hub_says(f"add {username}"):
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOBYPASSRLS NOCREATEROLE NOCREATEDB "
                                 "CONNECTION LIMIT {} PASSWORD {} IN ROLE {}")
                         .format(sql.Identifier(staff.login_role), sql.Literal(CONNECTIONS),
                                 sql.Literal(verifier), sql.Identifier(APP)))
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(conn.info.dbname), sql.Identifier(staff.login_role)))
            for name, value in SESSION_LIMITS.items():
                conn.execute(sql.SQL("ALTER ROLE {} SET {} = {}").format(
                    sql.Identifier(staff.login_role), sql.Identifier(name), sql.Literal(value)))
            conn.execute("SELECT hub.add_staff(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                         [staff.username, staff.login_role, staff.staff_code, staff.team_code,
                          staff.provider_code, staff.grade, full_name.strip(), phone.strip(),
                          email.strip()])
    return staff


def set_password(conn: Any, username: str, password: str) -> Staff:
    """A new hub password for a member of staff (a lost laptop kept the old one, wrapped)."""
    staff = _staff(conn, username)
    if not conn.execute("SELECT hub.present(%s)", [staff.login_role]).fetchone()[0]:
        raise UserFacingError(f"{username} has left the hub: a leaver gets no password.")
    verifier = scram_verifier(_checked_password(password))
    with conn.transaction(), _hub_says(f"change {username}'s password"):
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(
            sql.Identifier(staff.login_role), sql.Literal(verifier)))
    # Sessions opened with the old password end now: a stolen one keeps nothing open.
    with conn.transaction(), _hub_says(f"end {username}'s sessions"):
        conn.execute("SELECT hub.end_sessions(%s)", [staff.login_role])
    return staff


def remove_staff(conn: Any, username: str) -> tuple[Staff, int]:
    """A leaver: refused while they hold or cover a case; then their login is turned off at
    once and their open sessions ended. Their row stays, as their history names them."""
    staff = _staff(conn, username)
    with conn.transaction(), _hub_says(f"remove {username}"):
        conn.execute("SELECT hub.staff_leaves(%s)", [username])
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(
            sql.Identifier(staff.login_role)))
    with conn.transaction(), _hub_says(f"end {username}'s sessions"):
        ended = int(conn.execute("SELECT hub.end_sessions(%s)",
                                 [staff.login_role]).fetchone()[0])
    return staff, ended


@dataclass(frozen=True)
class Device:
    """A laptop that has synced with the hub."""

    id: str
    username: str
    first_seen: datetime
    last_seen: datetime
    revoked_at: datetime | None


def devices(conn: Any) -> list[Device]:
    """Every laptop the hub has seen, the most recently seen first."""
    rows = conn.execute("SELECT d.id, coalesce(s.username, d.login_role), d.first_seen, "
                        "d.last_seen, d.revoked_at FROM hub.device d LEFT JOIN hub.staff s "
                        "ON s.login_role = d.login_role ORDER BY d.last_seen DESC, d.id")
    return [Device(*r) for r in rows]


def revoke_device(conn: Any, device_id: str) -> str:
    """Take a laptop off the hub; whose it was."""
    with conn.transaction(), _hub_says(f"revoke {device_id}"):
        role = conn.execute("SELECT hub.revoke_device(%s)", [device_id]).fetchone()[0]
    row = conn.execute("SELECT username FROM hub.staff WHERE login_role = %s", [role]).fetchone()
    return row[0] if row else role


def _staff(conn: Any, username: str) -> Staff:
    row = conn.execute("SELECT username, login_role, staff_code, team_code, provider_code, "
                       "grade FROM hub.staff WHERE username = %s", [username]).fetchone()
    if row is None:
        raise UserFacingError(f"There is no {username!r} on the hub: add them first "
                              "(officer-desk hub staff add).")
    return Staff(*row)


def hub_today(conn: Any) -> date:
    """The hub's own day: allocations and cover are decided by it, never by a laptop's clock."""
    return conn.execute("SELECT current_date").fetchone()[0]


def allocate(conn: Any, crn: str, username: str, reason: str | None = None,
             on: date | None = None) -> None:
    """Place a case with an officer from ``on`` (the hub's today): any current allocation ends
    the day before, so exactly one officer holds the case on any day."""
    if not CRN.match(crn):
        raise UserFacingError("A CRN is one letter and six digits.")
    _staff(conn, username)
    with conn.transaction(), _hub_says(f"allocate {crn}"):
        conn.execute("SELECT hub.allocate(%s, %s, %s, %s)", [crn, username, reason, on])


def holder(conn: Any, crn: str, on: date | None = None) -> str | None:
    """The username holding a case on a day (the hub's today by default)."""
    on = on or hub_today(conn)
    row = conn.execute("SELECT s.username FROM hub.allocation a JOIN hub.staff s "
                       "ON s.staff_code = a.staff_code WHERE a.crn = %s AND a.kind = 'holder' "
                       "AND a.from_date <= %s "
                       "AND (a.to_date IS NULL OR a.to_date >= %s)",
                       [crn, on, on]).fetchone()
    return row[0] if row else None


def staff_list(conn: Any) -> list[Staff]:
    """Everyone on the hub."""
    return [Staff(*r) for r in conn.execute(
        "SELECT username, login_role, staff_code, team_code, provider_code, grade "
        "FROM hub.staff s WHERE hub.present(s.login_role) ORDER BY team_code, username")]


def transfer(conn: Any, crn: str, to_username: str, reason: str | None = None) -> str | None:
    """Move a case from today with the domain event in the hub's outbox; who held it."""
    if not CRN.match(crn):
        raise UserFacingError("A CRN is one letter and six digits.")
    _staff(conn, to_username)
    if holder(conn, crn) is None:
        raise UserFacingError(f"{crn} is not allocated to anyone: allocate it first "
                              "(officer-desk hub allocate).")
    if holder(conn, crn) == to_username:
        raise UserFacingError(f"{to_username} already holds {crn}: nothing to move.")
    with conn.transaction(), _hub_says(f"move {crn}"):
        row = conn.execute("SELECT hub.transfer(%s, %s, %s)", [crn, to_username, reason]
                           ).fetchone()
    return row[0] if row else None


def give_cover(conn: Any, absent: str, cover: str, until: date, reason: str | None = None) -> int:
    """A colleague covers an absent officer's cases until a date (inclusive)."""
    _staff(conn, absent)
    _staff(conn, cover)
    if until < hub_today(conn):
        raise UserFacingError("Cover ends today or later.")
    with conn.transaction(), _hub_says("give cover"):
        return int(conn.execute("SELECT hub.give_cover(%s, %s, %s, %s)",
                                [absent, cover, until, reason]).fetchone()[0])


def end_cover(conn: Any, absent: str, cover: str) -> int:
    """End a colleague's cover of an absent officer's cases from today; how many cases."""
    _staff(conn, absent)
    _staff(conn, cover)
    with conn.transaction(), _hub_says("end cover"):
        return int(conn.execute("SELECT hub.end_cover(%s, %s)", [absent, cover]).fetchone()[0])
