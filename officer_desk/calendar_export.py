"""The officer's diary for Outlook: appointments and planned home visits as iCalendar.

A calendar leaves the encrypted caseload for a phone or a shared mailbox, so it says as little
as it can: the person's initials and CRN, never the full name, an address or any note; home
visits carry no location (it is the person's home). Each entry's UID is the record's id, so a
re-export updates the entries already imported instead of duplicating them. Times are UK local
time with the Europe/London zone included, so clock changes land right.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from officer_desk.caseload import Caseload
from officer_desk.model import AppointmentKind, Outcome, Person

UK = ZoneInfo("Europe/London")
UID_DOMAIN = "officer-desk"
LENGTH = timedelta(hours=1)
def initials(person: Person) -> str:
    """"Ł.Ż." for Łukasz Żółć: enough for the officer, too little for anyone else."""
    parts = [*person.given_name.split(), *person.family_name.replace("-", " ").split()]
    return ".".join(p[0].upper() for p in parts if p) + "."


def diary(caseload: Caseload, start: date, end: date, stamp: datetime) -> bytes:
    """The iCalendar file for the appointments in the range (those called off or moved sent as
    cancelled, so an imported entry leaves the diary) and the home visits planned in it.

    ``stamp`` is the export's time (DTSTAMP); the same caseload and stamp give the same bytes.
    """
    cal = Calendar()
    cal.add("prodid", "-//Officer Desk//Diary//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Officer Desk diary")
    cal.add_component(_uk_zone())
    stamped = stamp.replace(tzinfo=UK) if stamp.tzinfo is None else stamp
    entries: list[tuple[datetime, str, Event]] = []
    for ef in caseload.events.values():
        person = caseload.people.get(ef.event.crn)
        if person is None:
            continue
        who = f"{initials(person)} ({person.crn})"
        for a in ef.appointments:
            if not start <= a.start.date() <= end:
                continue
            # Called off or moved: sent as cancelled (same UID, a higher SEQUENCE), so Outlook
            # takes it out of the diary instead of keeping the entry it imported before.
            called_off = a.outcome in (Outcome.CANCELLED_BY_SERVICE, Outcome.RESCHEDULED)
            e = _entry(f"appointment-{a.id}", a.start, f"{a.kind.label}: {who}", stamped,
                       cancelled=called_off)
            if a.location and not a.sensitive and a.kind is not AppointmentKind.HOME_VISIT:
                e.add("location", a.location)
            entries.append((a.start, a.id, e))
        for v in ef.home_visits:
            if v.done_at is not None or not start <= v.planned_at.date() <= end:
                continue
            entries.append((v.planned_at, v.id,
                            _entry(f"home-visit-{v.id}", v.planned_at, f"Home visit: {who}",
                                   stamped)))
    for _at, _id, e in sorted(entries, key=lambda t: (t[0], t[1])):
        cal.add_component(e)
    return cal.to_ical()


def _uk_zone() -> Timezone:
    """Europe/London as Outlook writes it: BST from the last Sunday of March, GMT from the
    last Sunday of October, with no end year."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    for kind, month, start, offsets, name in (
            (TimezoneDaylight, 3, datetime(1970, 3, 29, 1), (timedelta(0), timedelta(hours=1)),
             "BST"),
            (TimezoneStandard, 10, datetime(1970, 10, 25, 2), (timedelta(hours=1), timedelta(0)),
             "GMT")):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", offsets[0])
        part.add("tzoffsetto", offsets[1])
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _sequence(stamp: datetime) -> int:
    """A revision number that grows from one export to the next (seconds since 2020): Outlook
    takes an entry's update only when its SEQUENCE is not lower than the one it holds."""
    return max(0, int((stamp - datetime(2020, 1, 1, tzinfo=UK)).total_seconds()))


def _entry(uid: str, at: datetime, summary: str, stamp: datetime,
           cancelled: bool = False) -> Event:
    e = Event()
    e.add("uid", f"{uid}@{UID_DOMAIN}")
    e.add("dtstamp", stamp)
    e.add("sequence", _sequence(stamp))
    e.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    begins = at.replace(tzinfo=UK) if at.tzinfo is None else at
    e.add("dtstart", begins)
    e.add("dtend", begins + LENGTH)
    e.add("summary", summary)
    e.add("class", "PRIVATE")
    return e
