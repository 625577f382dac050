"""De-identification of Dutch text (interim: the names and quotes the file knows, as the old
rode_draden/scrub.py found them; the full recogniser replaces this module)."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("known_name", "possible_name", "email", "phone", "bsn", "birth_date", "address",
         "iban", "licence_plate", "quote")
REASONS = {"known_name": "bekende naam", "possible_name": "mogelijke naam", "email": "e-mailadres",
           "phone": "telefoonnummer", "bsn": "BSN", "birth_date": "geboortedatum", "address": "adres",
           "iban": "IBAN", "licence_plate": "kenteken", "quote": "citaat of uitspraak"}
MARKS = {"known_name": "[naam]", "possible_name": "[naam]", "email": "[e-mailadres]",
         "phone": "[telefoonnummer]", "bsn": "[BSN]", "birth_date": "[geboortedatum]",
         "address": "[adres]", "iban": "[IBAN]", "licence_plate": "[kenteken]", "quote": "[citaat weggelaten]"}


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class Context:
    people: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


class Recogniser:
    def __init__(self, context: Context) -> None:
        from visitor_app.domain.deidentify._interim import name_pattern, quote_pattern
        self.names = name_pattern(context.people)
        self.quotes = quote_pattern(context.quotes)

    def find(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        for pattern, kind in ((self.quotes, "quote"), (self.names, "known_name")):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                if not any(h.start < m.end() and m.start() < h.end for h in hits):
                    hits.append(Hit(m.start(), m.end(), kind, m.group()))
        return sorted(hits, key=lambda h: h.start)


def redact(text: str, hits) -> str:
    out, at = [], 0
    for h in sorted(hits, key=lambda h: h.start):
        if h.start < at:
            continue
        out.append(text[at:h.start])
        out.append(MARKS[h.kind])
        at = h.end
    out.append(text[at:])
    return "".join(out)


__all__ = ["KINDS", "MARKS", "REASONS", "Context", "Hit", "Recogniser", "redact", "re"]
