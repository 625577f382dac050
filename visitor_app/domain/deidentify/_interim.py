"""Names and quotes out of a package's texts, before it leaves the visitation.

Names of members and participants (full name, surname of at least three letters, each
part of a hyphenated surname; case-insensitive, whole words, a genitive "s" included)
become "[naam]"; passages copied from observations of a quote kind become
"[citaat weggelaten]". First names alone are not replaced.
"""

from __future__ import annotations

import re

NAME_MARK = "[naam]"
QUOTE_MARK = "[citaat weggelaten]"

_DASHES = "-\u2010\u2011\u2012\u2013"
_QUOTES = "\"'\u201c\u201d\u201e\u201f\u2018\u2019\u00ab\u00bb"
_END_PUNCT = ".,;:!?\u2026"


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _name_variants(name: str) -> set[tuple[str, ...]]:
    """Full name, surname (last token, >= 3 letters) and the parts of a hyphenated surname."""
    tokens = name.split()
    if not tokens:
        return set()
    out = {tuple(tokens)}
    last = tokens[-1]
    if _letters(last) >= 3:
        out.add((last,))
    parts = re.split(f"[{_DASHES}]", last)
    if len(parts) > 1:
        out.update((p,) for p in parts if _letters(p) >= 3)
    return out


def _token_pattern(token: str) -> str:
    pieces = [re.escape(p) for p in re.split(f"[{_DASHES}]", token)]
    return rf"\s*[{_DASHES}]\s*".join(pieces)


def name_pattern(names) -> re.Pattern | None:
    """One regex for every name: case-insensitive, whole words, longest variant first.

    A trailing genitive "s" is included ("Lantings"); hyphens may be any dash, with spaces.
    """
    variants: set[tuple[str, ...]] = set()
    for name in names:
        if name:
            variants |= _name_variants(str(name))
    if not variants:
        return None
    alternatives = sorted((r"\s+".join(_token_pattern(t) for t in v) for v in variants),
                          key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})s?(?!\w)", re.IGNORECASE)


def quote_passages(text: str) -> list[str]:
    """What a finding could copy from a quote observation: its whole text, the text before
    a spaced dash (the attribution "— directeur"), and every passage between double quotes.
    Surrounding quote marks and closing punctuation are left off; empty passages dropped."""
    candidates = [text]
    m = re.match(rf"^(.*\S)\s+[{_DASHES}\u2014]\s+\S.*$", text, re.S)
    if m:
        candidates.append(m.group(1))
    candidates += re.findall(r"[\u201c\u201e\"\u00ab]([^\u201c\u201d\u201e\"\u00ab\u00bb]+)"
                             r"[\u201d\u201c\"\u00bb]", text)
    out = []
    for c in candidates:
        core = " ".join(c.split()).strip(_QUOTES + " ").rstrip(_END_PUNCT + _QUOTES + " ")
        core = core.strip(_QUOTES + " ")
        # one word ("Nee.") is no quote of a person, and would blank out ordinary words
        if core and _letters(core) and len(core.split()) > 1 and core.casefold() not in {o.casefold() for o in out}:
            out.append(core)
    return out


def quote_pattern(texts) -> re.Pattern | None:
    """One regex for the quoted passages (whitespace-tolerant, case-insensitive), which also
    takes the quote marks and closing punctuation around a passage."""
    alternatives = set()
    for text in texts:
        for passage in quote_passages(text):
            alternatives.add(r"\s+".join(re.escape(t) for t in passage.split()))
    if not alternatives:
        return None
    body = "|".join(sorted(alternatives, key=len, reverse=True))
    # whole words only: a passage never takes half a word ("Nee" in "Neem")
    return re.compile(rf"[{_QUOTES}]?(?<!\w)(?:{body})(?!\w)[{_END_PUNCT}]*[{_QUOTES}]?", re.IGNORECASE)


class Scrubber:
    """Removes quoted passages, then names, from a text; counts what it replaced."""

    def __init__(self, names, quotes):
        self.names = name_pattern(names)
        self.quotes = quote_pattern(quotes)
        self.name_count = 0
        self.quote_count = 0

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        if self.quotes:
            text, n = self.quotes.subn(QUOTE_MARK, text)
            self.quote_count += n
        if self.names:
            text, n = self.names.subn(NAME_MARK, text)
            self.name_count += n
        return text


__all__ = ["NAME_MARK", "QUOTE_MARK", "Scrubber", "name_pattern", "quote_passages", "quote_pattern"]
