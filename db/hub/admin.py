"""The hub administrator's work: staff (each with a login role of their own) and allocations.

Run as the administrator (the embedded hub's owner socket, or a ``--dsn`` with those rights).
Every officer gets their own PostgreSQL login role, a member of the application group, never
able to bypass row-level security; what they may see follows from their allocations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from psycopg import sql

from db.hub.roles import CONNECTIONS, SESSION_LIMITS
from db.hub.schema import APP
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


def login_role(username: str) -> str:
    """The PostgreSQL role an officer signs in as."""
    return f"od_{username}"


def add_staff(conn: Any, username: str, grade: str, team: str, password: str,
              staff_code: str | None = None, provider: str = "N07") -> Staff:
    """A member of staff and their login role (SCRAM password), in one transaction."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise UserFacingError("A username is lower-case letters, digits, dots, dashes or "
                              "underscores, starting with a letter.")
    if grade not in GRADES:
        raise UserFacingError(f"Grade must be one of {', '.join(GRADES)}.")
    if len(password) < 12:
        raise UserFacingError("A hub password needs at least 12 characters.")
    staff = Staff(username, login_role(username), staff_code or username.upper()[:12],
                  team.strip().upper(), provider.strip().upper(), grade)
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                              [staff.login_role]).fetchone()
        if exists:
            raise UserFacingError(f"{username} is already on the hub.")
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOBYPASSRLS CONNECTION LIMIT {} "
                             "PASSWORD {} IN ROLE {}")
                     .format(sql.Identifier(staff.login_role), sql.Literal(CONNECTIONS),
                             sql.Literal(password), sql.Identifier(APP)))
        conn.execute("INSERT INTO hub.staff (username, login_role, staff_code, team_code, "
                     "provider_code, grade) VALUES (%s, %s, %s, %s, %s, %s)",
                     [staff.username, staff.login_role, staff.staff_code, staff.team_code,
                      staff.provider_code, staff.grade])
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(conn.info.dbname), sql.Identifier(staff.login_role)))
        for name, value in SESSION_LIMITS.items():
            conn.execute(sql.SQL("ALTER ROLE {} SET {} = {}").format(
                sql.Identifier(staff.login_role), sql.Identifier(name), sql.Literal(value)))
    return staff


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
    day = on or hub_today(conn)
    staff = _staff(conn, username)
    with conn.transaction():
        conn.execute("UPDATE hub.allocation SET to_date = %s WHERE crn = %s AND to_date IS NULL "
                     "AND kind = 'holder' AND from_date < %s", [day - timedelta(days=1), crn, day])
        conn.execute("DELETE FROM hub.allocation WHERE crn = %s AND to_date IS NULL "
                     "AND kind = 'holder' AND from_date >= %s", [crn, day])
        conn.execute("INSERT INTO hub.allocation (crn, staff_code, from_date, reason) "
                     "VALUES (%s, %s, %s, %s)", [crn, staff.staff_code, day, reason])


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
        "FROM hub.staff ORDER BY team_code, username")]


def transfer(conn: Any, crn: str, to_username: str, reason: str | None = None) -> str | None:
    """Move a case from today with the domain event in the hub's outbox; who held it."""
    if not CRN.match(crn):
        raise UserFacingError("A CRN is one letter and six digits.")
    _staff(conn, to_username)
    if holder(conn, crn) is None:
        raise UserFacingError(f"{crn} is not allocated to anyone: allocate it first "
                              "(officer-desk hub allocate).")
    with conn.transaction():
        row = conn.execute("SELECT hub.transfer(%s, %s, %s)", [crn, to_username, reason]
                           ).fetchone()
    return row[0] if row else None


def give_cover(conn: Any, absent: str, cover: str, until: date, reason: str | None = None) -> int:
    """A colleague covers an absent officer's cases until a date (inclusive)."""
    _staff(conn, absent)
    _staff(conn, cover)
    if until < hub_today(conn):
        raise UserFacingError("Cover ends today or later.")
    with conn.transaction():
        return int(conn.execute("SELECT hub.give_cover(%s, %s, %s, %s)",
                                [absent, cover, until, reason]).fetchone()[0])
