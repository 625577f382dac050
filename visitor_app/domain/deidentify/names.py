"""Names: of the people the file knows (every form), and of others by their shape
(title, role, first name from the list, initials), never of organisations and places."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .data import Lexicon, lexicon, word_keys
from .text import DASHES, Token, damerau_levenshtein_at_most_1, deletes, suffix_forms

END = "$"
TV = "<tv>"
# After a first name at the start of a sentence: "Ben je ...", "Mark de tekst": no name.
_NOT_AFTER_NAME = frozenset("je jij u ik we wij jullie ze zij hij het er dat die de een te niet".split())
_ARTICLES = frozenset({"de", "het", "een", "deze", "die", "dit", "dat"})
_INITIALS = re.compile(r"(?<![\w.])(?:(?:[A-Z]|Th|Ch|Chr|Ph|IJ|Tj|Sj|St|Jac|Joh|Wm|Fr|Gr|Hk)\.[ \u00a0]?){1,5}")
# Two capitals that are an abbreviation, not someone's initials.
_TWO_LETTER_WORDS = frozenset(
    "pv bv nv eu vs ok nb ng ps cc wo za zo ma di do vr ca ed mw hr it ov ro wm ab db mt om od tv pc id nl be de "
    "uk us un cv gr bz bt ip vm nm bo aa rd tk ek gs mb kb gb av ww wc vz bw jl bb ms ns pr km ha kg eg bs".split())
_SPACES = re.compile(r"[ \t\u00a0]+")


def _ij_norm(key: str) -> str:
    return key.replace("ij", "y")


def _regex_of(words: tuple[str, ...]) -> str:
    alts = []
    for w in words:
        body = r"\s+".join(re.escape(p) for p in w.split())
        if body.endswith(r"\."):
            body = body[:-2] + r"\.?"
        alts.append(body)
    return "|".join(alts)


@lru_cache(maxsize=1)
def _shared():
    lex = lexicon()
    tv = re.compile(r"(?i)(?<![\w'’])(?:" + _regex_of(tuple(p.replace("’", "'") for p in lex.particles))
                    .replace("'", "['’]") + r")(?=[ \t\u00a0]+[^\W\d_])")
    titles = re.compile(r"(?i)(?<![\w.])(?:" + _regex_of(lex.titles) + r")(?=[ \t\u00a0])")
    roles = re.compile(r"(?i)(?<![\w])(?:" + _regex_of(lex.roles) + r")(?=[ \t\u00a0])")
    orgs = _trie(lex.organisations)
    return lex, tv, titles, roles, orgs


def _trie(entries) -> dict:
    root: dict = {}
    for keys in entries:
        node = root
        for k in keys:
            node = node.setdefault(k, {})
        node[END] = True
    return root


@dataclass
class Person:
    first: list[list[str]]          # first names, each a list of token keys ("dirk-jan" -> [dirk, jan])
    particle: list[str]             # the tussenvoegsel's keys ("van", "der")
    parts: list[tuple[list[str], list[str]]]   # hyphen parts of the surname: (own particle, core keys)
    surname: list[str] = field(default_factory=list)   # the surname's keys without the main particle


def _clean_name(name: str, lex: Lexicon) -> str:
    """The name as "first tussenvoegsel surname": without a role in brackets, titles in front
    ("drs. P. de Vries"), and turned round when written surname first ("Berg, Pieter van der")."""
    name = re.sub(r"\([^()]*\)", " ", name).strip()
    if name.count(",") == 1:
        sur, first = (x.strip() for x in name.split(","))
        words = first.split()
        k = len(words)
        while k > 0 and words[k - 1].lower() in lex.particle_words:
            k -= 1
        name = " ".join(words[:k] + words[k:] + [sur]) if sur and first else sur or first
    words = name.split()
    while len(words) > 1 and (words[0].lower() in lex.titles or words[0].lower().rstrip(".") + "." in lex.titles):
        words = words[1:]
    return " ".join(words)


def parse_person(name: str, lex: Lexicon) -> Person | None:
    words = _clean_name(name, lex).split()
    if not words:
        return None
    lower = [w.lower().replace("’", "'") for w in words]

    def particle_at(k: int) -> int:
        """How many words from k form a tussenvoegsel (0 if none)."""
        for p in lex.particles:
            pw = p.split()
            if lower[k:k + len(pw)] == pw and k + len(pw) < len(words):
                return len(pw)
        return 0

    s = len(words) - 1
    tvn = 0
    lead = particle_at(0)
    if lead:   # "van Dijk", "'t Hart": no first name, a tussenvoegsel and a surname
        particle = [k for w in words[:lead] for k in word_keys(w)]
        surname = [k for w in words[lead:] for k in word_keys(w)]
        parts = [([], [k for w in part.split() for k in word_keys(w)])
                 for part in re.split(f"[{DASHES}]", " ".join(words[lead:]))]
        return Person(first=[], particle=particle, parts=[p for p in parts if p[1]], surname=surname)
    for k in range(1, len(words)):
        n = particle_at(k)
        if n:
            s, tvn = k, n
            break
        tail = lower[k].split("-")[-1] if "-" in lower[k] else ""
        if k == len(words) - 1 or (tail and tail in lex.particle_words):
            s = k
            break
    if len(words) == 1:
        keys = list(word_keys(words[0]))
        if not keys:
            return None
        return Person(first=[keys], particle=[], parts=[([], keys)], surname=keys)
    first = [list(word_keys(w)) for w in words[:s]]
    particle = [k for w in words[s:s + tvn] for k in word_keys(w)]
    surname_str = " ".join(words[s + tvn:])
    parts = []
    for part in re.split(f"[{DASHES}]", surname_str):
        pw = part.split()
        own = []
        i = 0
        while i < len(pw) - 1 and pw[i].lower() in lex.particle_words:
            own += list(word_keys(pw[i]))
            i += 1
        core = [k for w in pw[i:] for k in word_keys(w)]
        if core:
            parts.append((own, core))
    surname = [k for w in surname_str.split() for k in word_keys(w)]
    return Person(first=[f for f in first if f], particle=particle, parts=parts, surname=surname)


@dataclass(frozen=True)
class Pattern:
    person: int
    shape: str        # "full" (first name and surname), "surname", "first"
    common: bool      # a word of it is also a Dutch word (Dijk, Wit, Roos)
    short: bool       # a word of under three letters (Li, Ng)
    has_particle: bool
    particle: tuple[str, ...] = ()   # the person's own tussenvoegsel ("van", "dijk" of Joris van Dijk: "van")


class People:
    """The known people as a trie of token keys (TV stands for any tussenvoegsel)."""

    def __init__(self, names, lex: Lexicon) -> None:
        self.lex = lex
        self.trie: dict = {}
        self.fuzzy: dict[str, set[str]] = {}
        self.first_keys: set[str] = set()
        self.acronyms: dict[str, int] = {}
        self.weak_acronyms: dict[str, int] = {}   # "AL", "EN": initials that are also a word
        self.ij_forms: dict[str, set[str]] = {}   # "zylstra" -> {"zijlstra"}: ij written as y
        self.surname_keys: set[str] = set()
        self.count = 0
        for pid, name in enumerate(names):
            if not name or not str(name).strip():
                continue
            try:
                p = parse_person(str(name), lex)
            except Exception:  # pragma: no cover - a strange name is left out, never an error
                p = None
            if p is None or not (p.surname or p.first):
                continue
            self.count += 1
            try:
                self._add_person(pid, p)
            except Exception:  # pragma: no cover
                continue

    def _common(self, keys) -> bool:
        lx = self.lex
        return any(k in lx.homonyms or k in lx.not_names for k in keys)

    def _add(self, seq, pat: Pattern) -> None:
        if not any(sym != TV and sym not in self.lex.particle_words and len(sym) >= 2 for sym in seq):
            return   # a name of only "van", "de" or one letter would take ordinary words
        node = self.trie
        for sym in seq:
            node = node.setdefault(sym, {})
        node.setdefault(END, set()).add(pat)
        for sym in seq:
            if sym != TV and len(sym) >= 5 and sym not in self.lex.homonyms:
                for d in deletes(sym):
                    self.fuzzy.setdefault(d, set()).add(sym)
            if sym != TV and len(sym) >= 4 and ("ij" in sym or "y" in sym):
                self.ij_forms.setdefault(_ij_norm(sym), set()).add(sym)

    def _add_person(self, pid: int, p: Person) -> None:
        firsts = [f for f in p.first]
        all_first = [k for f in firsts for k in f]
        tv = [TV] if p.particle else []
        part_forms = []   # (with its particle, core)
        for own, core in p.parts:
            part_forms.append(([TV] + core if own else None, core))
        has_tv = bool(p.particle)
        full_forms = [tv + p.surname, p.surname] if has_tv else [p.surname]
        for form in list(full_forms):
            for pf, core in part_forms:
                if len(p.parts) > 1:
                    full_forms.append(core)
                    if pf:
                        full_forms.append(pf)
        # first name(s) + surname forms: strong
        first_seqs = []
        if all_first:
            first_seqs.append(all_first)
            if len(firsts) > 1:
                first_seqs.append(firsts[0])
        for fs in first_seqs:
            for sf in full_forms:
                self._add(fs + sf, Pattern(pid, "full", False, False, has_tv))
                if not has_tv:
                    self._add(fs + [TV] + [s for s in sf if s != TV], Pattern(pid, "full", False, False, True))
        # surname forms alone
        for sf in full_forms:
            core = [s for s in sf if s != TV]
            common = self._common(core) or (len(core) == 1 and core[0] in self.lex.first_names
                                            and len(core[0]) < 4)
            short = any(len(k) < 3 for k in core)
            own = next((o for o, c in p.parts if c == core and o), None) if len(p.parts) > 1 else None
            particle = tuple(own) if own else tuple(p.particle)
            self._add(sf, Pattern(pid, "surname", common, short, TV in sf, particle))
            if TV not in sf:
                self._add([TV] + sf, Pattern(pid, "surname", common, short, True))
            self.surname_keys.update(core)
        # first names alone
        for fs in first_seqs:
            common = self._common(fs) and len(fs) == 1
            short = any(len(k) < 3 for k in fs)
            self._add(fs, Pattern(pid, "first", common, short, False))
            if len(fs) == 1:
                self.first_keys.add(fs[0])
        # initials as one word: "PvdB", "JvD", "AdVB", "AVdW"
        fi_opts = {"".join(f[0][0] for f in firsts if f), firsts[0][0][0] if firsts and firsts[0] else ""}
        fi_opts |= {"".join(k[0] for f in firsts for k in f)}
        tvi = "".join(k[0] for k in p.particle)
        si_full = "".join((("".join(k[0] for k in own)) + core[0][0].upper()) for own, core in p.parts)
        si_first = (p.parts[0][1][0][0].upper()) if p.parts else ""
        for fi in fi_opts:
            if not fi:
                continue
            for si in {si_full, si_first}:
                for t in {tvi, tvi.upper(), ""}:
                    ac = fi.upper() + t + si
                    if len(ac) >= 2 and ac != ac.upper():
                        self.acronyms[ac] = pid
                    elif len(ac) >= 3 or (len(ac) == 2 and ac.lower() not in _TWO_LETTER_WORDS
                                          and ac.lower() not in self.lex.not_names):
                        self.acronyms[ac] = pid
                    elif len(ac) == 2:
                        self.weak_acronyms[ac] = pid

    def candidates(self, tok: Token, keep_keys) -> list[tuple[str, str]]:
        """(symbol, how): what a text token may stand for: "exact", "suffix" or "fuzzy"."""
        out = [(tok.key, "exact")]
        for s in suffix_forms(tok.key):
            out.append((s, "suffix"))
        if tok.key.endswith("'") and len(tok.key) > 2:
            out.append((tok.key[:-1], "suffix"))
        if (len(tok.key) >= 5 and (tok.cap or tok.upper) and tok.key not in self.trie
                and tok.key not in self.lex.first_names and tok.key not in self.lex.homonyms
                and tok.key not in self.lex.not_names and tok.key not in keep_keys):
            seen = set()
            for sym in self.ij_forms.get(_ij_norm(tok.key), ()):   # "Zylstra" for Zijlstra
                if sym != tok.key:
                    seen.add(sym)
                    out.append((sym, "fuzzy"))
            for d in deletes(tok.key):
                for sym in self.fuzzy.get(d, ()):
                    if sym not in seen and sym != tok.key and damerau_levenshtein_at_most_1(sym, tok.key):
                        seen.add(sym)
                        out.append((sym, "fuzzy"))
        return out
