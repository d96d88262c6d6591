"""The Easy Read letters' own words, in English and in Welsh (hawdd ei ddeall).

Easy Read is not the standard letter made bigger. Following the UK guidance (Department of
Health, "Making written information easier to understand for people with learning
disabilities", 2010; Mencap, "Am I making myself clear?"; GOV.UK, "Accessible communication
formats"), each point is a row with a picture to its left; a sentence holds one idea in 15
words or fewer; dates, times and places are in bold; and every hard word the person has to meet
(licence, summons, CRN, breach, recall ...) is said in plain words in the next sentence, where
it is used, not in a glossary at the back. The Welsh is written for the letters, as the standard
Welsh letters are, and follows their mutations ("ar ddydd Llun").

The facts are the standard letter's (the same ``LetterFacts``): no form can give a different
date, place or consequence. Words the officer typed (a decision's reasons, what is expected)
are printed as typed, a sentence to a line.
"""

from __future__ import annotations

from datetime import date, datetime

from forms.easy_read_text import Item, Row, bold, fact
from forms.letter_words import WELSH_EXPECTATIONS, Block, clock, long_date, on_day, sentences
from officer_desk.letters import LetterFacts, Missed
from officer_desk.model import AppointmentKind, EventKind

KINDS = {
    "en": {AppointmentKind.SUPERVISION: "appointment with me",
           AppointmentKind.INDUCTION: "first appointment with me",
           AppointmentKind.HOME_VISIT: "home visit",
           AppointmentKind.PROGRAMME: "group session",
           AppointmentKind.UNPAID_WORK: "unpaid work session",
           AppointmentKind.OTHER: "appointment"},
    "cy": {AppointmentKind.SUPERVISION: "apwyntiad gyda fi",
           AppointmentKind.INDUCTION: "apwyntiad cyntaf gyda fi",
           AppointmentKind.HOME_VISIT: "ymweliad cartref",
           AppointmentKind.PROGRAMME: "sesiwn grŵp",
           AppointmentKind.UNPAID_WORK: "sesiwn gwaith di-dâl",
           AppointmentKind.OTHER: "apwyntiad"},
}
NEXT = {
    "en": {AppointmentKind.SUPERVISION: "next appointment with me",
           AppointmentKind.INDUCTION: "first appointment with me",
           AppointmentKind.HOME_VISIT: "next home visit",
           AppointmentKind.PROGRAMME: "next group session",
           AppointmentKind.UNPAID_WORK: "next unpaid work session",
           AppointmentKind.OTHER: "next appointment"},
    "cy": {AppointmentKind.SUPERVISION: "apwyntiad nesaf gyda fi",
           AppointmentKind.INDUCTION: "apwyntiad cyntaf gyda fi",
           AppointmentKind.HOME_VISIT: "ymweliad cartref nesaf",
           AppointmentKind.PROGRAMME: "sesiwn grŵp nesaf",
           AppointmentKind.UNPAID_WORK: "sesiwn gwaith di-dâl nesaf",
           AppointmentKind.OTHER: "apwyntiad nesaf"},
}
# What the person is on, as a noun after "the rules of your ..." / "rheolau eich ...".
RULES_OF = {
    "en": {EventKind.COMMUNITY_ORDER: "your order", EventKind.SUSPENDED_SENTENCE_ORDER:
           "your order", EventKind.LICENCE: "your licence", EventKind.PSS: "your supervision"},
    "cy": {EventKind.COMMUNITY_ORDER: "eich gorchymyn", EventKind.SUSPENDED_SENTENCE_ORDER:
           "eich gorchymyn", EventKind.LICENCE: "eich trwydded",
           EventKind.PSS: "eich goruchwyliaeth"},
}


def _when(day: date | datetime, lang: str) -> str:
    """``on **Monday 1 June 2026**``; ``ar **ddydd Llun 1 Mehefin 2026**`` (mutation kept)."""
    text = on_day(day, lang)
    word, rest = text.split(" ", 1)
    return f"{word} {fact(rest)}"


def _day(day: date, lang: str) -> str:
    return fact(long_date(day, lang))


def _officer(f: LetterFacts, lang: str) -> Row:
    rules = RULES_OF[lang][f.order]
    if lang == "cy":
        return Row("officer", (f"Fi yw eich {bold('swyddog prawf')}.",
                               f"Mae swyddog prawf yn eich helpu i gadw at reolau {rules}."))
    return Row("officer", (f"I am your {bold('probation officer')}.",
                           f"A probation officer helps you keep to the rules of {rules}."))


def _order(f: LetterFacts, lang: str) -> Row:
    """What the person is on, said in plain words, with its date."""
    cy = lang == "cy"
    if f.order is EventKind.LICENCE:
        out = (["Rydych chi ar " + bold("drwydded") + ".", "Mae trwydded yn rhestr o reolau.",
                "Rhaid i chi gadw atyn nhw ar ôl y carchar."] if cy else
               [f"You are on {bold('licence')}.", "A licence is a list of rules.",
                "You must keep to them after prison."])
        if f.release_date:
            out.append(f"Cawsoch eich rhyddhau o'r carchar ar {_day(f.release_date, lang)}."
                       if cy else f"You left prison on {_day(f.release_date, lang)}.")
    elif f.order is EventKind.PSS:
        out = ([f"Rydych chi dan {bold('oruchwyliaeth')} ar ôl y carchar.",
                "Mae goruchwyliaeth yn golygu bod rhaid i chi weld eich swyddog prawf."] if cy
               else [f"You are on {bold('supervision')} after prison.",
                     "Supervision means you must see your probation officer."])
        if f.supervision_ends:
            out.append(f"Mae'n dod i ben ar {_day(f.supervision_ends, lang)}." if cy else
                       f"It ends on {_day(f.supervision_ends, lang)}.")
    else:
        suspended = f.order is EventKind.SUSPENDED_SENTENCE_ORDER
        name = (("orchymyn dedfryd ohiriedig" if suspended else "orchymyn cymunedol") if cy
                else ("suspended sentence order" if suspended else "community order"))
        made = (f" ar {_day(f.sentence_date, lang)}" if cy else
                f" on {_day(f.sentence_date, lang)}") if f.sentence_date else ""
        out = [f"Rhoddodd y llys {bold(name)} i chi{made}." if cy else
               f"The court gave you a {bold(name)}{made}."]
        if suspended:
            out += (["Mae hyn yn golygu nad ydych chi'n mynd i'r carchar nawr.",
                     "Ond rhaid i chi gadw at reolau'r gorchymyn."] if cy else
                    ["This means you do not go to prison now.",
                     "But you must keep to the rules of the order."])
        else:
            out += (["Mae gorchymyn cymunedol yn rhestr o reolau gan y llys.",
                     "Rhaid i chi gadw at y rheolau hyn."] if cy else
                    ["A community order is a list of rules from the court.",
                     "You must keep to these rules."])
    return Row("document", tuple(out))


def _crn(f: LetterFacts, lang: str) -> Row:
    if lang == "cy":
        return Row("id_card", (f"Eich CRN yw {bold(f.crn)}.",
                               "Mae CRN yn golygu cyfeirnod eich achos.",
                               "Rhowch y rhif hwn i ni pan fyddwch chi'n ffonio."))
    return Row("id_card", (f"Your CRN is {bold(f.crn)}.", "CRN means case reference number.",
                           "Tell us this number when you phone us."))


def _missed(m: Missed, lang: str) -> Row:
    kind = KINDS[lang][m.kind]
    if lang == "cy":
        if m.came:
            said = (f"Daethoch chi i'ch {kind} {_when(m.at, lang)}.",
                    "Ond wnaethoch chi ddim gwneud beth ofynnwyd i chi.")
        elif m.kind is AppointmentKind.HOME_VISIT:
            said = (f"Daethon ni i'ch cartref {_when(m.at, lang)}.", "Doeddech chi ddim yno.")
        else:
            said = (f"Wnaethoch chi ddim dod i'ch {kind} {_when(m.at, lang)}.",)
        return Row("missed", (*said, f"Roedd hyn am {fact(clock(m.at, lang))}."))
    if m.came:
        said = (f"You came to your {kind} {_when(m.at, lang)}.",
                "But you did not do what you were asked.")
    elif m.kind is AppointmentKind.HOME_VISIT:
        said = (f"We came to your home {_when(m.at, lang)}.", "You were not there.")
    else:
        said = (f"You did not come to your {kind} {_when(m.at, lang)}.",)
    return Row("missed", (*said, f"This was at {fact(clock(m.at))}."))


def _next(f: LetterFacts, lang: str) -> list[Item]:
    cy = lang == "cy"
    n = f.next_appointment
    out: list[Item] = [Block("heading", "Eich apwyntiad nesaf" if cy
                             else "Your next appointment")]
    if n is None:
        out.append(Row("calendar", ("Byddaf yn cysylltu â chi i roi eich apwyntiad nesaf i chi."
                                    if cy else "I will contact you to give you your next "
                                               "appointment.",)))
        return out
    what = NEXT[lang][n.kind]
    home = n.kind is AppointmentKind.HOME_VISIT
    out.append(Row("calendar", (f"Mae eich {what} {_when(n.at, lang)}." if cy else
                                f"Your {what} is {_when(n.at, lang)}.",)))
    at = fact(clock(n.at, lang))
    out.append(Row("clock", ((f"Byddaf yn dod am {at}." if home else f"Dewch am {at}.") if cy
                             else (f"I will come at {at}." if home else f"Please come at {at}."),
                             )))
    if n.place and not home:
        out.append(Row("place", (f"Dewch i {bold(n.place)}." if cy else
                                 f"Come to {bold(n.place)}.",)))
    return out


def _contact(f: LetterFacts, lang: str) -> list[Item]:
    cy = lang == "cy"
    out: list[Item] = [Block("heading", "Sut i gysylltu â fi" if cy else "How to contact me")]
    if f.office.phone:
        out.append(Row("phone", (
            f"Fy rhif ffôn yw {fact(f.office.phone)}.",
            "Ffoniwch fi os oes gennych chi gwestiwn.",
            "Ffoniwch fi os oes angen help arnoch chi i ddarllen y llythyr hwn.") if cy else (
            f"My phone number is {fact(f.office.phone)}.", "Call me if you have a question.",
            "Call me if you need help to read this letter.")))
    if f.office.address:
        out.append(Row("envelope", ("Gallwch chi ysgrifennu ata i yn y cyfeiriad hwn:" if cy
                                    else "You can write to me at this address:",),
                       tuple(f.office.address)))
    out.append(Row("document", ("Cadwch y llythyr hwn yn ddiogel." if cy
                                else "Please keep this letter safe.",)))
    return out


def _top(f: LetterFacts, lang: str, title: str) -> list[Item]:
    cy = lang == "cy"
    return [Block("address", (f.name, *f.address)),
            Block("reference", (f"{'Dyddiad' if cy else 'Date'}: {long_date(f.dated, lang)}",)),
            Block("title", title),
            Block("plain", f"{'Annwyl' if cy else 'Dear'} {f.name},")]


def _sign_off(f: LetterFacts, lang: str) -> list[Item]:
    cy = lang == "cy"
    return [Block("plain", "Yn gywir," if cy else "Yours sincerely,"),
            Row("officer", (bold(f.officer), "Eich swyddog prawf" if cy
                            else "Your probation officer"))]


def easy_warning_title(f: LetterFacts, lang: str) -> str:
    """The Easy Read warning letter's heading: what it is, in the reader's words."""
    cy = lang == "cy"
    if f.order is EventKind.LICENCE:
        return "Rhybudd am eich trwydded" if cy else "A warning about your licence"
    if f.order is EventKind.PSS:
        return "Rhybudd am eich goruchwyliaeth" if cy else "A warning about your supervision"
    if f.final:
        return "Eich rhybudd olaf" if cy else "Your last warning"
    return "Eich rhybudd cyntaf" if cy else "Your first warning"


def _consequence(f: LetterFacts, lang: str) -> list[Row]:
    """What can happen next time, one power to a row, each hard word said plainly."""
    cy = lang == "cy"
    summons = [
        Row("envelope", ("Bydd y llys yn anfon llythyr atoch chi o'r enw " + bold("gwŷs") + ".",
                         "Mae gwŷs yn dweud pa ddiwrnod mae'n rhaid i chi fynd i'r llys.") if cy
            else (f"The court will send you a letter called a {bold('summons')}.",
                  "A summons tells you the day you must go to court.")),
        Row("court", ("Rhaid i chi fynd i'r llys ar y diwrnod hwnnw.",
                      "Os nad ewch chi, gall yr heddlu eich arestio.") if cy else
            ("You must go to court on that day.",
             "If you do not go, the police can arrest you."))]
    if f.order is EventKind.LICENCE:
        return [Row("prison", ("Os byddwch chi'n torri eich trwydded eto, gallech chi fynd yn ôl "
                               "i'r carchar.",
                               f"{bold('Adalw')} yw'r enw ar eich anfon yn ôl i'r carchar.") if cy
                    else ("If you break your licence again, you can be sent back to prison.",
                          f"Being sent back to prison is called a {bold('recall')}."))]
    court = Row("court", (
        "Os byddwch chi'n torri'r rheolau cyn hynny, gallaf fynd â chi yn ôl i'r llys.",
        f"{bold('Toriad')} yw'r enw ar dorri'r rheolau.") if cy else (
        "If you break the rules before then, I can take you back to court.",
        f"Breaking the rules is called a {bold('breach')}."))
    if f.order is EventKind.PSS:
        ends = _day(f.supervision_ends, lang) if f.supervision_ends else ""
        return [Row("calendar", (f"Mae eich goruchwyliaeth yn dod i ben ar {ends}." if cy else
                                 f"Your supervision ends on {ends}.",)), court,
                Row("money", (f"Gall y llys roi {bold('dirwy')} i chi.",
                              "Mae dirwy yn golygu bod rhaid i chi dalu arian.") if cy else
                    (f"The court can give you a {bold('fine')}.",
                     "A fine means you must pay money.")),
                Row("prison", (f"Gall eich anfon i'r carchar am hyd at {bold('14 diwrnod')}.",)
                    if cy else (f"It can send you to prison for up to {bold('14 days')}.",)),
                Row("spade", (f"Gall roi {bold('gwaith di-dâl')} i chi.",
                              "Gwaith di-dâl yw gwaith rydych chi'n ei wneud am ddim i helpu "
                              "eich ardal.") if cy else
                    (f"It can give you {bold('unpaid work')}.",
                     "Unpaid work is work you do for free to help your area.")),
                Row("curfew", (f"Neu gall roi {bold('cyrffyw')} i chi.",
                               "Mae cyrffyw yn golygu bod rhaid i chi aros gartref ar adegau "
                               "penodol.") if cy else
                    (f"Or it can give you a {bold('curfew')}.",
                     "A curfew means you must stay at home at set times.")),
                *summons]
    until = _day(f.liable_until, lang) if f.liable_until else ""
    rows = [Row("calendar", (f"Mae'r rhybudd hwn yn para tan {until}." if cy else
                             f"This warning lasts until {until}.",)), court]
    if f.order is EventKind.SUSPENDED_SENTENCE_ORDER:
        months = round(f.custodial_term_days / 30.44) if f.custodial_term_days else 0
        term = ((bold(f"{months} mis") if cy else
                 bold(f"{months} month{'s' if months != 1 else ''}")) if months else
                (bold(f"{f.custodial_term_days} diwrnod") if cy else
                 bold(f"{f.custodial_term_days} days")) if f.custodial_term_days else "")
        said = ["Gall y llys eich anfon i'r carchar." if cy else
                "The court can send you to prison."]
        if term:
            said.append(f"Gallai hyn fod am hyd at {term}." if cy else
                        f"This could be for up to {term}.")
        rows.append(Row("prison", tuple(said)))
    else:
        rows.append(Row("court", (f"Gall y llys roi {bold('dedfryd')} newydd i chi.",
                                  "Dedfryd yw'r gosb mae'r llys yn ei rhoi i chi.",
                                  "Gall yr un newydd fod yn anoddach na'r un sydd gennych chi "
                                  "nawr.") if cy else
                        (f"The court can give you a new {bold('sentence')}.",
                         "A sentence is the punishment the court gives you.",
                         "The new one can be harder than the one you have now.")))
    return [*rows, *summons]


def easy_warning_letter(f: LetterFacts, lang: str = "en") -> list[Item]:
    """The warning letter in Easy Read: the national breach notice's points, one to a row."""
    cy = lang == "cy"
    rules = RULES_OF[lang][f.order]
    which = ("olaf" if f.final else "cyntaf") if cy else ("last" if f.final else "first")
    judged = [bold("Dydyn ni ddim yn derbyn hyn.") if cy else bold("We do not accept this."),
              f"Roedd yn torri rheolau {rules}." if cy else f"It broke the rules of {rules}."]
    if f.order.is_order:
        judged.append(f"Dyma eich {bold('rhybudd ' + which)}." if cy else
                      f"This is your {bold(which + ' warning')}.")
    respond = _day(f.respond_by, lang) if f.respond_by else ""
    days = bold(f"{f.evidence_days} diwrnod gwaith" if cy else f"{f.evidence_days} working days")
    return [
        *_top(f, lang, easy_warning_title(f, lang)), _officer(f, lang), _order(f, lang),
        _crn(f, lang),
        Row("warning", (f"Mae'r llythyr hwn yn {bold('rhybudd')}.",
                        "Mae rhybudd yn dweud eich bod chi wedi torri'r rheolau.") if cy else
            (f"This letter is a {bold('warning')}.",
             "A warning tells you that you broke the rules.")),
        Row("checklist", ("Rhaid i chi fynd i bob apwyntiad.",
                          "Rhaid i chi wneud beth rydw i'n ei ofyn.") if cy else
            ("You must go to every appointment.", "You must do what I ask you to do.")),
        Block("heading", "Beth wnaethoch chi" if cy else "What you did"),
        *[_missed(m, lang) for m in f.missed],
        Row("warning", tuple(judged)),
        Block("heading", "Oedd gennych chi reswm da?" if cy else "Did you have a good reason?"),
        Row("question", (f"Dywedwch wrtha i erbyn {respond}." if cy else
                         f"Tell me by {respond}.",)),
        Row("proof", ("Dangoswch brawf i mi.",
                      "Prawf yw rhywbeth ar bapur, fel nodyn gan eich meddyg neu eich gwaith.")
            if cy else ("Show me proof.",
                        "Proof is something on paper, like a note from your doctor or work.")),
        Row("warning", ("Os na wnewch chi, bydd y rhybudd hwn yn aros.",) if cy else
            ("If you do not, this warning stays.",)),
        Row("phone", ("Os na allwch chi ddod i apwyntiad, dywedwch wrtha i cyn hynny.",
                      f"Yna dangoswch brawf i mi o fewn {days}.",
                      "Diwrnodau gwaith yw o ddydd Llun i ddydd Gwener, ond nid gwyliau banc.")
            if cy else ("If you cannot come to an appointment, tell me before it.",
                        f"Then show me proof within {days}.",
                        "Working days are Monday to Friday, but not bank holidays.")),
        Block("heading", "Beth sy'n digwydd os gwnewch chi hyn eto" if cy
              else "What happens if you do it again"),
        *_consequence(f, lang),
        *_next(f, lang), *_contact(f, lang), *_sign_off(f, lang)]


def _typed(lines: tuple[str, ...], picture: str) -> list[Row]:
    """What the officer typed, a row to each line and a sentence to each line of a row.

    The words are the officer's own; only a capital is put first and a full stop last, as a
    line cut from "you came to see me; you have kept to your curfew" needs.
    """
    rows = []
    for line in lines:
        said = [s[:1].upper() + s[1:] for s in sentences(line.strip()) if s.strip()]
        if said and not said[-1].endswith((".", "?", "!")):
            said[-1] += "."
        rows.append(Row(picture, tuple(said)))
    return rows


def easy_dntr_letter(f: LetterFacts, lang: str = "en") -> list[Item]:
    """The decision-not-to-recall letter in Easy Read: what happened, the decision, what next."""
    cy = lang == "cy"
    missed = [_missed(m, lang) for m in f.missed] or [
        Row("missed", ("Wnaethoch chi ddim cadw at eich trwydded." if cy
                       else "You did not keep to your licence.",))]
    expected = tuple(f.expectations if not cy else
                     (WELSH_EXPECTATIONS.get(x, x) for x in f.expectations))
    decided = _day(f.decided_on, lang) if f.decided_on else ""
    return [
        *_top(f, lang, "Dydych chi ddim yn mynd yn ôl i'r carchar" if cy
              else "You are not going back to prison"),
        _officer(f, lang), _order(f, lang), _crn(f, lang),
        Block("heading", "Beth ddigwyddodd" if cy else "What happened"), *missed,
        Row("prison", ("Felly buon ni'n meddwl am eich anfon yn ôl i'r carchar.",
                       f"{bold('Adalw')} yw'r enw ar eich anfon yn ôl i'r carchar.") if cy else
            ("So we thought about sending you back to prison.",
             f"Sending you back to prison is called a {bold('recall')}.")),
        Block("heading", "Ein penderfyniad" if cy else "Our decision"),
        Row("tick", (f"Ar {decided}, penderfynon ni beidio â'ch anfon yn ôl i'r carchar.",
                     "Rydych chi'n dal ar drwydded.",
                     "Rhaid i chi ddal i gadw at ei rheolau.") if cy else
            (f"On {decided}, we decided not to send you back to prison.",
             "You are still on licence.", "You must still keep to its rules.")),
        *([Row("manager", ("Siaradais am hyn gyda fy rheolwr yn gyntaf.",) if cy else
               ("I talked about this with my manager first.",))]
          if f.manager_consulted else []),
        *([Block("heading", "Pam y penderfynon ni hyn" if cy else "Why we decided this"),
           *_typed(f.reasons, "tick")] if f.reasons else []),
        *([Block("heading", "Beth sy'n mynd yn dda" if cy else "What is going well"),
           *_typed(f.progress, "star")] if f.progress else []),
        Block("heading", "Beth mae'n rhaid i chi ei wneud nawr" if cy
              else "What you must do now"),
        *_typed(expected, "checklist"),
        Block("heading", "Os bydd yn digwydd eto" if cy else "If it happens again"),
        Row("warning", ("Os byddwch chi'n torri eich trwydded eto, gallech chi fynd yn ôl i'r "
                        "carchar.",
                        "Byddwn yn edrych ar y llythyr hwn pan fyddwn yn penderfynu.") if cy else
            ("If you break your licence again, you can be sent back to prison.",
             "We will look at this letter when we decide.")),
        *_next(f, lang), *_contact(f, lang), *_sign_off(f, lang)]
