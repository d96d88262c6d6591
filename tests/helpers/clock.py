"""The suite's clocks, so no test depends on the day it runs.

The desktop and the domain take their "now" from an injected clock (tests fix it). The hub
decides allocations and cover by its own day (PostgreSQL's ``current_date``): a laptop's clock
is never trusted there. A test that gives the hub a date relative to "today" asks the hub for
its day, so the suite passes on any day, and again with the clock set a year ahead
(``make test`` runs it so).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def hub_today(conn: Any) -> date:
    """The hub's own day (what its allocations and cover are decided by)."""
    day = conn.execute("SELECT current_date").fetchone()[0]
    conn.commit()
    return day


def hub_days_ahead(conn: Any, days: int) -> date:
    """A day ``days`` after the hub's today (a cover end, a future allocation)."""
    return hub_today(conn) + timedelta(days=days)
