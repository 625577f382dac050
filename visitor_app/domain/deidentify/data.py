"""The word lists in resources/privacy/, read once per process.

Each file is plain UTF-8, one entry per line, ``#`` starts a comment. Entries are kept as
folded keys (see ``text.fold``); multi-word entries as tuples of word keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...paths import resources_dir
from .text import WORD, fold

FILES = ("voornamen", "tussenvoegsels", "organisaties", "woorden", "geen_namen", "titels", "rollen")


def privacy_dir() -> Path:
    return resources_dir() / "privacy"


def read_list(name: str) -> list[str]:
    """The entries of resources/privacy/<name>.txt, in file order, comments and blanks left out."""
    path = privacy_dir() / f"{name}.txt"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return out


def word_keys(entry: str) -> tuple[str, ...]:
    return tuple(fold(m.group()) for m in WORD.finditer(entry))


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]            # voornamen, folded ("anne-marie" as "anne-marie")
    homonyms: frozenset[str]               # woorden: names that are also Dutch words
    not_names: frozenset[str]              # geen_namen: capitalised words that are no name
    particles: tuple[str, ...]             # tussenvoegsels, longest first, as written (lower case)
    particle_words: frozenset[str]         # every word of a tussenvoegsel, folded
    organisations: tuple[tuple[str, ...], ...]   # organisaties, as tuples of word keys
    titles: tuple[str, ...]                # titels, lower case, longest first
    roles: tuple[str, ...]                 # rollen, lower case, longest first


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    first = set()
    for name in read_list("voornamen"):
        first.add(fold(name))
        keys = word_keys(name)
        if len(keys) == 1:
            first.add(keys[0])
    particles = sorted({p.lower() for p in read_list("tussenvoegsels")}, key=len, reverse=True)
    pwords = {k for p in particles for k in word_keys(p)}
    orgs = tuple(sorted({word_keys(o) for o in read_list("organisaties")} - {()}))
    return Lexicon(
        first_names=frozenset(first),
        homonyms=frozenset(fold(w) for w in read_list("woorden")),
        not_names=frozenset(fold(w) for w in read_list("geen_namen")),
        particles=tuple(particles),
        particle_words=frozenset(pwords),
        organisations=orgs,
        titles=tuple(sorted({t.lower() for t in read_list("titels")}, key=len, reverse=True)),
        roles=tuple(sorted({r.lower() for r in read_list("rollen")}, key=len, reverse=True)),
    )
