"""The kinds of personal data the recogniser tells apart, with their Dutch reason (shown on
screen) and the mark that replaces them."""

from __future__ import annotations

KINDS = ("bekende_naam", "mogelijke_naam", "e_mail", "telefoon", "bsn", "geboortedatum", "adres", "iban",
         "kenteken", "citaat")
QUOTE = KINDS[-1]   # also a kind id in forms/: tests/test_architecture.py needs it in ORDINARY_LITERALS
NAME_KINDS = frozenset(KINDS[:2])

REASONS = {"bekende_naam": "bekende naam", "mogelijke_naam": "mogelijke naam", "e_mail": "e-mailadres",
           "telefoon": "telefoonnummer", "bsn": "BSN", "geboortedatum": "geboortedatum", "adres": "adres",
           "iban": "IBAN", "kenteken": "kenteken", QUOTE: QUOTE}   # the reason is the same word

MARKS = {"bekende_naam": "[naam]", "mogelijke_naam": "[naam]", "e_mail": "[e-mailadres]",
         "telefoon": "[telefoonnummer]", "bsn": "[BSN]", "geboortedatum": "[geboortedatum]", "adres": "[adres]",
         "iban": "[IBAN]", "kenteken": "[kenteken]", QUOTE: "[citaat weggelaten]"}
