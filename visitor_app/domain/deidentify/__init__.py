"""De-identification of findings: which spans of a Dutch text are personal data.

Pure Python (stdlib and the word lists in resources/privacy/). ``Recogniser(context)``
knows the visitation's people, quotes and names to keep; ``find(text)`` gives the hits,
sorted and non-overlapping; ``redact(text, hits)`` replaces them by their marks.

Modules: ``kinds`` (KINDS, REASONS, MARKS), ``text`` (folding, tokens), ``data`` (the word
lists, cached), ``names`` (the file's people as a trie of name forms), ``patterns`` (e-mail,
phone, BSN, IBAN, plate, address, date of birth), ``quotes`` (quotation marks, copied quotes,
speech), ``recogniser`` (names by shape, the whole).

How names are found: every form of a known person (full, first name, surname with or without
tussenvoegsel, each part of a hyphenated surname, initials, "PvdB", possessive and plural,
any case, without diacritics, one letter off for words of five letters or more) is matched on
the text's words; a form that is also a Dutch word (resources/privacy/woorden.txt) only where it
is written as a name. Unknown people by shape: a title or role before a capitalised name, a
first name from voornamen.txt (with the surname after it), initials, a patronymic, a role in
brackets after it, an unknown word that speaks ("Hoogendoorn belde"). Organisations and places
(organisaties.txt and Context.keep) are never a name unless the evidence is strong
("mevrouw Van Buren").
"""

from __future__ import annotations

from .kinds import KINDS, MARKS, REASONS
from .recogniser import Context, Hit, Recogniser, redact

__all__ = ["KINDS", "REASONS", "MARKS", "Hit", "Context", "Recogniser", "redact"]
