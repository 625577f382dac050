"""De-identification of findings: which spans of a Dutch text are personal data.

Pure Python (stdlib and the word lists in resources/privacy/). ``Recogniser(context)``
knows the visitation's people, quotes and names to keep; ``find(text)`` gives the hits,
sorted and non-overlapping; ``redact(text, hits)`` replaces them by their marks.

Modules: ``text`` (folding, tokens), ``data`` (the word lists, cached), ``names`` (known
people and name shapes), ``patterns`` (e-mail, phone, BSN, IBAN, plate, address, date of
birth), ``quotes`` (quotation marks, copied quotes, speech), ``recogniser`` (the whole).
"""

from __future__ import annotations

from .kinds import KINDS, MARKS, REASONS
from .recogniser import Context, Hit, Recogniser, redact

__all__ = ["KINDS", "REASONS", "MARKS", "Hit", "Context", "Recogniser", "redact"]
