"""Dutch dates for documents, without depending on the machine's locale, and nouns in a sentence."""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def long_date(iso: str, weekday: bool = True) -> str:
    """'dinsdag 10 maart 2026' (or '10 maart 2026' without the weekday)."""
    d = date.fromisoformat(iso)
    text = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


def short_date(iso: str) -> str:
    """'di 10 mrt'."""
    d = date.fromisoformat(iso)
    return f"{WEEKDAYS[d.weekday()][:2]} {d.day} {MONTHS_SHORT[d.month - 1]}"


def period(start: str, end: str, weekday: bool = True) -> str:
    """'dinsdag 10 en woensdag 11 maart 2026', '10 t/m 12 maart 2026' and the like."""
    s, e = date.fromisoformat(start), date.fromisoformat(end)
    if s == e:
        return long_date(start, weekday)
    joiner = "en" if (e - s).days == 1 else "t/m"
    if (s.year, s.month) == (e.year, e.month):
        first = f"{WEEKDAYS[s.weekday()]} {s.day}" if weekday else str(s.day)
        return f"{first} {joiner} {long_date(end, weekday)}"
    return f"{long_date(start, weekday)} {joiner} {long_date(end, weekday)}"


def in_sentence(name: str) -> str:
    """A name from forms/ ("Zaakdossiers") as it stands inside a sentence ("zaakdossiers").
    A name whose second letter is a capital ("ODNL-gesprek", "IJkgesprek") stays as it is."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name
