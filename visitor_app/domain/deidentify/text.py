"""Folding and tokens: the common ground of every recogniser in this package.

``fold`` makes a key of a word: case-folded, without diacritics ("Émile" -> "emile",
"Yılmaz" -> "yilmaz", "Müller" -> "muller"), curly apostrophes made straight. Offsets are
never computed on folded text: a ``Token`` keeps its place in the source and its key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae",
            "œ": "oe", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    out = []
    for c in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.combining(c):
            continue
        out.append(_SPECIAL.get(c, c))
    return "".join(out)


def fold(text: str) -> str:
    """Case-folded, without diacritics; ASCII text stays as fast as ``str.lower``."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(_fold_char(c) for c in text)


# A word: letters (with combining marks), apostrophes inside ("zo'n", "Fatima's", "auto's").
_L = r"(?:[^\W\d_][\u0300-\u036f]*)"
WORD = re.compile(rf"{_L}+(?:['’]{_L}+)*")
DASHES = "\\-\u2010\u2011\u2012\u2013"
# What may stand between two words of one name: spaces, or a hyphen (with spaces around it).
NAME_GAP = re.compile(rf"[ \t\u00a0]+|[ \t\u00a0]*[{DASHES}][ \t\u00a0]*|[ \t\u00a0]*\n[ \t\u00a0]*")
HYPHEN_GAP = re.compile(rf"[{DASHES}]")
SENTENCE_END = ".!?:;\n•*\u2022\u2013\u2014"
_OPENERS = "\"'“„‘«‹([{-\u2013\u2014 \t\u00a0"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    key: str          # folded
    cap: bool         # starts with a capital, not all capitals ("Pieter", "McDonald", "AdVB")
    upper: bool       # all capitals, more than one letter ("PIETER", "VTH")
    initial: bool     # first word of a sentence (weak evidence of a name)


def is_sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in _OPENERS:
        if text[i] == "\n":
            return True
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in SENTENCE_END:
        # "A.M. Veldhuys", "mevr. Jansen": an abbreviation's dot is no sentence end
        if ch == "." and i >= 1 and (text[i - 1].isupper() or text[max(0, i - 4):i].lower().lstrip()
                                      in {"mevr", "mw", "dhr", "mr", "dr", "drs", "ing", "ir", "prof",
                                          "mvr", "mej", "mnr", "ds", "mgr", "geb", "art", "nr", "bijv",
                                          "o.a", "m.b.t", "t.a.v", "i.v.m", "e.d", "evt", "ca", "vgl", "zgn"}):
            return False
        return True
    return False


def tokenize(text: str) -> list[Token]:
    out = []
    for m in WORD.finditer(text):
        w = m.group()
        letters = [c for c in w if c.isalpha()]
        upper = len(letters) > 1 and all(c.isupper() for c in letters)
        cap = bool(letters) and letters[0].isupper() and not upper
        out.append(Token(m.start(), m.end(), w, fold(w), cap, upper, is_sentence_start(text, m.start())))
    return out


def suffix_forms(key: str) -> tuple[str, ...]:
    """What a word may be the possessive or plural of: "fatima's" -> "fatima",
    "pieters" -> "pieter", "klaas'" is handled by the caller (the apostrophe is no letter)."""
    out = []
    if key.endswith("'s") and len(key) > 3:
        out.append(key[:-2])
    elif key.endswith("s") and len(key) > 3:
        out.append(key[:-1])
    return tuple(out)


def damerau_levenshtein_at_most_1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or
    swap of two neighbouring letters."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    if la > lb:
        return a[i + 1:] == b[i:]
    return a[i:] == b[i + 1:]


def deletes(key: str) -> set[str]:
    """The word and every form of it with one letter left out (for fuzzy look-ups)."""
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}
