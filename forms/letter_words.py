"""The words of the letters to a person on probation, in English and Welsh.

Written for a reading age of about nine: the second person, one idea to a sentence, full month
names, "9am" (the Easy Read letters have their own words, in ``easy_read_words``). The Welsh
is written for these letters (Welsh public bodies send bilingual letters, Welsh first), never
translated by machine when printing. Every variant is built from the same ``LetterFacts``, so
each states the same dates, times, places and consequences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from officer_desk.letters import LetterFacts, Missed
from officer_desk.model import AppointmentKind, EventKind

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "cy": ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
           "Medi", "Hydref", "Tachwedd", "Rhagfyr"),
}
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "cy": ("Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener",
           "Dydd Sadwrn", "Dydd Sul"),
}
KINDS = {
    "en": {AppointmentKind.SUPERVISION: "appointment with your probation officer",
           AppointmentKind.INDUCTION: "first appointment with your probation officer",
           AppointmentKind.HOME_VISIT: "home visit",
           AppointmentKind.PROGRAMME: "group session",
           AppointmentKind.UNPAID_WORK: "unpaid work session",
           AppointmentKind.OTHER: "appointment"},
    "cy": {AppointmentKind.SUPERVISION: "apwyntiad gyda'ch swyddog prawf",
           AppointmentKind.INDUCTION: "apwyntiad cyntaf gyda'ch swyddog prawf",
           AppointmentKind.HOME_VISIT: "ymweliad cartref",
           AppointmentKind.PROGRAMME: "sesiwn grŵp",
           AppointmentKind.UNPAID_WORK: "sesiwn gwaith di-dâl",
           AppointmentKind.OTHER: "apwyntiad"},
}


def long_date(day: date | datetime, lang: str = "en", weekday: bool = False) -> str:
    """``10 November 2026`` (``Monday 10 November 2026``); Welsh month and day names for cy."""
    if isinstance(day, datetime):
        day = day.date()
    text = f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"
    return f"{WEEKDAYS[lang][day.weekday()]} {text}" if weekday else text


def on_day(day: date | datetime, lang: str = "en") -> str:
    """``on Monday 10 November 2026``; in Welsh ``ar ddydd Llun 10 Tachwedd 2026``: "ar" softens
    what follows (dydd becomes ddydd), and a day named inside a sentence is not capitalised."""
    if lang != "cy":
        return f"on {long_date(day, lang, True)}"
    return "ar d" + long_date(day, "cy", True).replace("Dydd ", "dydd ", 1)


def clock(at: datetime, lang: str = "en") -> str:
    """``9am``, ``2:30pm``, ``12 noon``; in Welsh ``9yb``, ``2:30yp``, ``12 hanner dydd``."""
    if at.hour == 12 and at.minute == 0:
        return "12 noon" if lang == "en" else "12 hanner dydd"
    hour = at.hour % 12 or 12
    minutes = f":{at.minute:02d}" if at.minute else ""
    if lang == "cy":
        return f"{hour}{minutes}{'yb' if at.hour < 12 else 'yp'}"
    return f"{hour}{minutes}{'am' if at.hour < 12 else 'pm'}"


@dataclass(frozen=True)
class Block:
    """A piece of a letter: ``title``, ``heading``, ``banner``, ``para``, ``plain`` (a greeting
    or sign-off, never broken up), ``lines``, ``bullets``, ``address``, ``reference`` or
    ``signature``."""

    style: str
    text: str | tuple[str, ...]


def _missed_line(m: Missed, lang: str) -> str:
    when_en = f"{on_day(m.at, 'en')} at {clock(m.at)}"
    when_cy = f"{on_day(m.at, 'cy')} am {clock(m.at, 'cy')}"
    kind = KINDS[lang][m.kind]
    if lang == "cy":
        if m.came:
            return (f"Daethoch chi i'ch {kind} {when_cy}. Ond wnaethoch chi ddim gwneud beth "
                    "ofynnwyd i chi.")
        if m.kind is AppointmentKind.HOME_VISIT:
            return f"Doeddech chi ddim gartref ar gyfer eich ymweliad cartref {when_cy}."
        return f"Wnaethoch chi ddim dod i'ch {kind} {when_cy}."
    if m.came:
        return f"You came to your {kind} {when_en}. But you did not do what you were asked."
    if m.kind is AppointmentKind.HOME_VISIT:
        return f"You were not at home for your home visit {when_en}."
    return f"You did not come to your {kind} {when_en}."


def _order_line(f: LetterFacts, lang: str) -> str:
    en = lang == "en"
    made = f.sentence_date
    if f.order is EventKind.COMMUNITY_ORDER:
        text = "You are on a community order." if en else "Rydych chi ar orchymyn cymunedol."
    elif f.order is EventKind.SUSPENDED_SENTENCE_ORDER:
        text = ("You are on a suspended sentence order." if en
                else "Rydych chi ar orchymyn dedfryd ohiriedig.")
    elif f.order is EventKind.LICENCE:
        text = "You are on licence." if en else "Rydych chi ar drwydded."
        if f.release_date:
            text += (f" You were released from prison on {long_date(f.release_date)}." if en else
                     f" Cawsoch eich rhyddhau o'r carchar ar {long_date(f.release_date, 'cy')}.")
        return text
    else:
        text = ("You are on supervision after your prison sentence." if en
                else "Rydych chi dan oruchwyliaeth ar ôl eich dedfryd o garchar.")
        if f.supervision_ends:
            text += (f" It ends on {long_date(f.supervision_ends)}." if en else
                     f" Mae'n dod i ben ar {long_date(f.supervision_ends, 'cy')}.")
        return text
    if made:
        text += (f" The court made it on {long_date(made)}." if en
                 else f" Gwnaeth y llys y gorchymyn ar {long_date(made, 'cy')}.")
    return text


def _term(days: int | None, lang: str) -> str:
    if not days:
        return ""
    months = round(days / 30.44)
    if months >= 1:
        return (f" ({months} month{'s' if months != 1 else ''})" if lang == "en"
                else f" ({months} mis)")
    return f" ({days} days)" if lang == "en" else f" ({days} diwrnod)"


def _consequence(f: LetterFacts, lang: str) -> list[str]:
    en = lang == "en"
    summons = ("The court will send you a letter called a summons. You must go to court on the "
               "date it gives. If you do not go, the police can arrest you." if en else
               "Bydd y llys yn anfon llythyr atoch o'r enw gwŷs. Rhaid i chi fynd i'r llys ar y "
               "dyddiad sydd arni. Os nad ewch chi, gall yr heddlu eich arestio.")
    if f.order.is_order:
        until = long_date(f.liable_until, lang) if f.liable_until else ""
        first = (f"If you break your order again by {until}, I can take you back to court."
                 if en else f"Os byddwch chi'n torri eich gorchymyn eto erbyn {until}, gallaf "
                            "fynd â chi yn ôl i'r llys.")
        if f.order is EventKind.SUSPENDED_SENTENCE_ORDER:
            power = (f"The court can send you to prison. You could serve the prison sentence "
                     f"the court put off{_term(f.custodial_term_days, lang)}." if en else
                     "Gall y llys eich anfon i'r carchar. Gallech chi dreulio'r ddedfryd o "
                     f"garchar a ohiriodd y llys{_term(f.custodial_term_days, lang)}.")
        else:
            power = ("The court can give you a new sentence. It can be harder than the one you "
                     "have now." if en else
                     "Gall y llys roi dedfryd newydd i chi. Gall fod yn llymach na'r un sydd "
                     "gennych chi nawr.")
        return [first, power, summons]
    if f.order is EventKind.LICENCE:
        return ["If you break your licence again, you can be sent back to prison. This is "
                "called recall." if en else
                "Os byddwch chi'n torri eich trwydded eto, gallwch chi gael eich anfon yn ôl i'r "
                "carchar. Adalw yw'r enw ar hyn."]
    ends = long_date(f.supervision_ends, lang) if f.supervision_ends else ""
    return [(f"If you break your supervision again before it ends on {ends}, I can take you "
             "back to court." if en else
             f"Os byddwch chi'n torri eich goruchwyliaeth eto cyn iddi ddod i ben ar {ends}, "
             "gallaf fynd â chi yn ôl i'r llys."),
            ("The court can fine you. It can send you to prison for up to 14 days. Or it can "
             "give you unpaid work or a curfew." if en else
             "Gall y llys roi dirwy i chi. Gall eich anfon i'r carchar am hyd at 14 diwrnod. "
             "Neu gall roi gwaith di-dâl neu gyrffyw i chi."),
            summons]


def _next(f: LetterFacts, lang: str) -> list[Block]:
    en = lang == "en"
    n = f.next_appointment
    out = [Block("heading", "Your next appointment" if en else "Eich apwyntiad nesaf")]
    if n is None:
        out.append(Block("para", "I will contact you to give you your next appointment." if en
                         else "Byddaf yn cysylltu â chi i roi eich apwyntiad nesaf i chi."))
        return out
    when = (f"{long_date(n.at, 'en', True)} at {clock(n.at)}" if en
            else f"{long_date(n.at, 'cy', True)} am {clock(n.at, 'cy')}")
    lines = [f"{'When' if en else 'Pryd'}: {when}",
             f"{'What' if en else 'Beth'}: {KINDS[lang][n.kind]}"]
    if n.place:
        lines.append(f"{'Where' if en else 'Ble'}: {n.place}")
    out.append(Block("lines", tuple(lines)))
    return out


def _contact(f: LetterFacts, lang: str) -> list[Block]:
    en = lang == "en"
    lines = []
    if f.office.phone:
        lines.append(f"{'Phone' if en else 'Ffôn'}: {f.office.phone}")
    if f.office.address:
        lines.append(f"{'Write to' if en else 'Ysgrifennwch at'}: {', '.join(f.office.address)}")
    return [Block("heading", "How to contact me" if en else "Sut i gysylltu â fi"),
            Block("lines", tuple(lines)),
            Block("plain", "Please keep this letter." if en else "Cadwch y llythyr hwn.")]


def _sign_off(f: LetterFacts, lang: str) -> list[Block]:
    en = lang == "en"
    return [Block("plain", "Yours sincerely," if en else "Yn gywir,"),
            Block("signature", (f.officer, "Your probation officer" if en
                                else "Eich swyddog prawf"))]


def _top(f: LetterFacts, lang: str) -> list[Block]:
    en = lang == "en"
    return [Block("address", (f.name, *f.address)),
            Block("reference", (f"{'Reference (CRN)' if en else 'Cyfeirnod (CRN)'}: {f.crn}",
                                f"{'Date' if en else 'Dyddiad'}: {long_date(f.dated, lang)}")),
            Block("plain", f"{'Dear' if en else 'Annwyl'} {f.name},")]


def warning_title(f: LetterFacts, lang: str) -> str:
    """The letter's heading."""
    en = lang == "en"
    if f.order is EventKind.LICENCE:
        return "Warning about your licence" if en else "Rhybudd am eich trwydded"
    if f.order is EventKind.PSS:
        return "Warning about your supervision" if en else "Rhybudd am eich goruchwyliaeth"
    if f.final:
        return "Final warning" if en else "Rhybudd olaf"
    return "First warning" if en else "Rhybudd cyntaf"


def warning_letter(f: LetterFacts, lang: str = "en") -> list[Block]:
    """The warning letter (the national breach notice's sections, in plain words)."""
    en = lang == "en"
    which = ("final" if f.final else "first") if f.order.is_order else ""
    out = [*_top(f, lang), Block("title", warning_title(f, lang)),
           Block("para", _order_line(f, lang)),
           Block("para", "You must go to every appointment. You must do what your probation "
                         "officer asks you to do." if en else
                         "Rhaid i chi fynd i bob apwyntiad. Rhaid i chi wneud beth mae eich "
                         "swyddog prawf yn gofyn i chi ei wneud."),
           Block("heading", "What you did" if en else "Beth wnaethoch chi"),
           Block("bullets", tuple(_missed_line(m, lang) for m in f.missed)),
           Block("banner", "This failure to comply is unacceptable" if en
                 else "Nid yw'r methiant hwn i gydymffurfio yn dderbyniol")]
    if which:
        out.append(Block("para", (f"This is your {which} warning." if en else
                                  f"Dyma eich rhybudd {'olaf' if f.final else 'cyntaf'}.")))
    respond = long_date(f.respond_by, lang) if f.respond_by else ""
    out += [Block("heading", "Did you have a good reason?" if en
                  else "Oedd gennych chi reswm da?"),
            Block("para", f"Tell me by {respond}. Show me proof, like a note from your doctor or "
                          "your work. If you do not, this warning stays." if en else
                          f"Dywedwch wrtha i erbyn {respond}. Dangoswch brawf i mi, fel nodyn "
                          "gan eich meddyg neu eich gwaith. Os na wnewch chi, bydd y rhybudd "
                          "hwn yn aros."),
            Block("para", f"If you cannot come to an appointment, tell me before it. Then show "
                          f"me proof within {f.evidence_days} working days." if en else
                          "Os na allwch chi ddod i apwyntiad, dywedwch wrtha i cyn hynny. Yna "
                          f"dangoswch brawf i mi o fewn {f.evidence_days} diwrnod gwaith."),
            Block("heading", "What happens if you do it again" if en
                  else "Beth sy'n digwydd os gwnewch chi hyn eto"),
            *[Block("para", line) for line in _consequence(f, lang)],
            *_next(f, lang), *_contact(f, lang), *_sign_off(f, lang)]
    return out


WELSH_EXPECTATIONS = {
    "Go to every appointment, on time.": "Ewch i bob apwyntiad, ar amser.",
    "Do what your licence says.": "Gwnewch beth mae eich trwydded yn ei ddweud.",
    "Tell me straight away if anything changes, like where you live.":
        "Dywedwch wrtha i ar unwaith os bydd rhywbeth yn newid, fel ble rydych chi'n byw.",
}


def dntr_letter(f: LetterFacts, lang: str = "en") -> list[Block]:
    """The decision-not-to-recall letter: what happened, what is expected, what follows."""
    en = lang == "en"
    decided = long_date(f.decided_on, lang) if f.decided_on else ""
    missed = tuple(_missed_line(m, lang) for m in f.missed) or (
        ("You did not keep to your licence.",) if en
        else ("Wnaethoch chi ddim cadw at eich trwydded.",))
    expected = tuple(f.expectations if en else
                     (WELSH_EXPECTATIONS.get(x, x) for x in f.expectations))
    return [*_top(f, lang),
            Block("title", "We are not recalling you to prison" if en
                  else "Nid ydym yn eich galw yn ôl i'r carchar"),
            Block("para", _order_line(f, lang)),
            Block("heading", "What happened" if en else "Beth ddigwyddodd"),
            Block("bullets", missed),
            Block("para", "So we thought about sending you back to prison. This is called "
                          "recall." if en else
                          "Felly buom yn ystyried eich anfon yn ôl i'r carchar. Adalw yw'r enw "
                          "ar hyn."),
            Block("heading", "Our decision" if en else "Ein penderfyniad"),
            Block("para", f"On {decided}, we decided not to recall you. You can stay in the "
                          "community. You are still on licence." if en else
                          f"Ar {decided}, penderfynon ni beidio â'ch galw yn ôl. Gallwch chi aros "
                          "yn y gymuned. Rydych chi'n dal ar drwydded."),
            *([Block("para", "I talked about this with my manager before we decided." if en
                     else "Siaradais am hyn gyda fy rheolwr cyn i ni benderfynu.")]
              if f.manager_consulted else []),
            *([Block("heading", "Why we decided this" if en else "Pam y penderfynon ni hyn"),
               Block("bullets", f.reasons)] if f.reasons else []),
            *([Block("heading", "What is going well" if en else "Beth sy'n mynd yn dda"),
               Block("bullets", f.progress)] if f.progress else []),
            Block("heading", "What we expect from you now" if en
                  else "Beth rydyn ni'n ei ddisgwyl gennych chi nawr"),
            Block("bullets", expected),
            Block("heading", "If it happens again" if en else "Os bydd yn digwydd eto"),
            Block("para", "If you break your licence again, you can be sent back to prison. "
                          "We will look at this letter when we decide." if en else
                          "Os byddwch chi'n torri eich trwydded eto, gallwch chi gael eich anfon "
                          "yn ôl i'r carchar. Byddwn yn edrych ar y llythyr hwn pan fyddwn yn "
                          "penderfynu."),
            *_next(f, lang), *_contact(f, lang), *_sign_off(f, lang)]


def sentences(text: str) -> list[str]:
    """``text`` cut at each full stop, question or exclamation mark (a sentence a line)."""
    parts, current = [], ""
    for word in text.split(" "):
        current = f"{current} {word}".strip()
        if word.endswith((".", "?", "!")) and not word.endswith(("a.m.", "p.m.")):
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts
