"""The kinds of personal data the recogniser tells apart, with their Dutch reason (shown on
screen) and the mark that replaces them. The ids are the ones the wiring on main uses
(services/privacy.py, and the package's "redactions": rode_draden.package.REDACTION_KINDS)."""

from __future__ import annotations

KINDS = ("known_name", "possible_name", "email", "phone", "bsn", "birth_date", "address",
         "iban", "licence_plate", "quote")
KNOWN, POSSIBLE, EMAIL, PHONE, BSN, BIRTH_DATE, ADDRESS, IBAN, PLATE, QUOTE = KINDS
NAME_KINDS = frozenset((KNOWN, POSSIBLE))

REASONS = {"known_name": "bekende naam", "possible_name": "mogelijke naam", "email": "e-mailadres",
           "phone": "telefoonnummer", "bsn": "BSN", "birth_date": "geboortedatum", "address": "adres",
           "iban": "IBAN", "licence_plate": "kenteken", "quote": "citaat of uitspraak"}
MARKS = {"known_name": "[naam]", "possible_name": "[naam]", "email": "[e-mailadres]",
         "phone": "[telefoonnummer]", "bsn": "[BSN]", "birth_date": "[geboortedatum]",
         "address": "[adres]", "iban": "[IBAN]", "licence_plate": "[kenteken]", "quote": "[citaat weggelaten]"}
