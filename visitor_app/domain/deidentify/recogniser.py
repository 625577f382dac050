"""The recogniser: every finder on one text, then one non-overlapping list of hits."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from . import patterns, quotes
from .data import word_keys
from .kinds import ADDRESS, BIRTH_DATE, BSN, EMAIL, IBAN, KNOWN, MARKS, PHONE, PLATE, POSSIBLE, QUOTE
from .names import _ARTICLES, _INITIALS, _NOT_AFTER_NAME, _SPACES, END, TV, People, _shared, _trie
from .text import DASHES, NAME_GAP, Token, fold, suffix_forms, tokenize

_HYPHEN_ONLY = re.compile(f"[{DASHES}]")
_SPACE_ONLY = re.compile(r"[ \t\u00a0]{1,3}")
_KEEP_GAP = re.compile(rf"[\s{DASHES}&+/'’]{{0,3}}")
_PATRONYMIC = ("szoon", "ssen", "sen", "zen", "se", "sz", "s")
_SURNAME_ENDINGS = ("stra", "sma", "inga", "enga", "huys")   # -kamp, -veld, -huis, -ink: often places
_NOT_BEFORE_INITIALS = frozenset("bijlage paragraaf punt fase stap optie variant scenario categorie klasse "
                                 "type lid sub onderdeel deel hoofdstuk figuur tabel blok zone route "
                                 "model versie bijlagen plan".split())
_STREET_ENDS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "park", "dreef", "steeg",
                "hof", "markt", "plantsoen", "boulevard")
_SURNAME_ENDS_TOO = ("hof",)   # "Olthof", "Kerkhof": a street only with a house number after it
_NOUN_ENDS = ("ing", "heid", "schap", "tie", "teit", "ment", "zaken", "beheer", "contact", "omgeving", "recht",
              "beleid", "zorg", "dienst", "werk", "bouw", "water", "lucht", "ordening", "taken", "stelsel",
              "ontwikkeling", "veiligheid", "kwaliteit", "advies", "economie", "energie", "natuur", "milieu",
              "ruimte", "wonen", "verkeer", "vervoer", "cultuur", "financien", "personeel", "programma", "team",
              "centrum", "kantoor", "gebied", "regio", "afdeling", "sector", "ateur", "isme", "iek", "logie",
              "ingen", "heden", "schappen", "ties", "teiten", "menten", "stukken", "dossiers", "projecten")
# Verbs after a first name that is also a word: "Kim zei", "Roos vindt" (a person acts).
_NAME_VERBS = frozenset("zei zegt vindt vond gaf geeft stelt stelde meldt meldde belde belt mailde mailt vertelde "
                        "vertelt heeft had wil wilde kan kon gaat ging werkt werkte leidt leidde neemt nam doet "
                        "deed legt legde toont toonde schreef schrijft merkt merkte noemt noemde ziet zag liet "
                        "laat presenteert presenteerde is was wordt werd sprak spreekt antwoordde reageerde "
                        "benadrukt benadrukte".split())
# Lower-case known first names that are also words ("roos", "mark"): where they are names.
_DETERMINERS = frozenset("de het een deze die dit dat mijn zijn haar hun onze ons jouw uw elke iedere geen "
                         "welke veel weinig meer minder".split())
_LOWER_BEFORE = frozenset("met volgens van aldus namens door aan bij voor".split())
# A person acts: "ellen gaf aan", "roos heeft het rooster gemaakt" (not "is", "wordt": "toon is belangrijk").
_LOWER_ACTS = frozenset("gaf geeft laat liet legt legde heeft had wil wilde neemt nam stuurt stuurde komt kwam "
                        "werkt werkte leidt leidde regelt regelde pakt pakte".split())
_POSSESSIVE_BEFORE = _LOWER_BEFORE | frozenset("in uit op naar over".split())
_LOWER_SPEECH = frozenset("zei zegt vindt vond stelt stelde meldt meldde belde belt mailde mailt vertelde vertelt "
                          "schreef schrijft antwoordde antwoordt benadrukt benadrukte denkt dacht vroeg vraagt "
                          "erkent erkende bevestigt bevestigde reageerde reageert verzuchtte beaamt beaamde "
                          "ontkent ontkende hoopt hoopte appte appt".split())
# What may follow a name without going on with it as a word ("met roos over de planning").
_CLAUSE_WORDS = frozenset("en of maar want omdat dus toen als dan die dat wie waar over om op in bij uit aan tot "
                          "tijdens na via voor naar door met zonder sinds te is was heeft had wil kan moet zal gaat "
                          "ging zijn waren hebben hadden ook nog al wel niet nooit vaak altijd zelf hierover "
                          "daarover erover er toe".split())
_PARTICIPLES = frozenset("besproken afgesproken doorgesproken ontvangen verzonden bevonden vergeten begonnen "
                         "ontboden overlegd".split())
# "gesproken", "opgesteld", "besproken", "verstuurd": a participle after "met roos", "door mark"
_PARTICIPLE = re.compile(r"(?:op|af|aan|in|uit|door|mee|toe|over|na|voor|terug|bij|weg|vast|samen)?"
                         r"ge[a-z]{3,}(?:d|t|en)|(?:be|ver|ont|her)[a-z]{3,}[dt]")
_LIST_GAP = re.compile(r"[ \t\u00a0]*[,&/][ \t\u00a0]*")
_PAREN = re.compile(r"(?<=[^\W\d_])[ \u00a0]?\(([^()\n]{2,40})\)")
_PLACE_WORDS = frozenset("gemeente gemeenten provincie regio waterschap plaats kern dorp wijk stad land "
                         "bedrijf bedrijventerrein industrieterrein haven".split())
_FUNCTION_WORDS = frozenset("en of maar want de het een van in op met voor bij uit aan die dat deze zijn worden "
                            "hebben zonder tot als dan om over door naar tegen onder".split())
# Roles that introduce a person's data ("Melder: Kees de Wit, 06-..."), not what was said.
_NOT_SPEAKERS = frozenset("lid hoofd senior junior melder klager klaagster eigenaar aanvrager overtreder "
                          "vergunninghouder voorzitter secretaris griffier opdrachtgever stagiair stagiaire".split())
_ARTICLE_PARTICLES = frozenset({"de", "den", "der", "het", "'t", "t", "te", "la", "le", "el", "al", "du"})
# What stands in brackets after a person's name besides a role: "(handhaving)", "(juridisch)".
_DEPARTMENTS = frozenset("handhaving toezicht vergunningen vergunningverlening milieu communicatie beleid "
                         "financien juridisch juridische personeel planning bodem asbest geluid bedrijfsvoering "
                         "secretariaat buitendienst binnendienst klantcontact".split())
_PLACE_BEFORE = frozenset("in te uit naar nabij rond richting bij-".split())
_BUILDINGS = ("ziekenhuis", "stadhuis", "gemeentehuis", "provinciehuis", "raadhuis", "dorpshuis", "buurthuis",
              "wijkhuis", "clubhuis", "pakhuis", "warenhuis", "gasthuis", "koetshuis", "landhuis", "poorthuis",
              "sportveld", "speelveld", "werkveld", "krachtenveld", "spanningsveld", "aandachtsveld")
# After an unknown word at the start of a sentence, these make it a person: "Hoogendoorn belde".
_SPEECH_VERBS = frozenset("zei zegt belde belt mailde mailt vertelde vertelt meldde erkent erkende benadrukte "
                          "benadrukt vindt vond antwoordde verzuchtte beaamt beaamde bevestigt bevestigde "
                          "ontkent ontkende denkt dacht hoopt hoopte schreef schrijft".split())
# Before an unknown capitalised word in a sentence: "volgens Hoogendoorn", "zei Hoogendoorn".
_SPEECH_BEFORE = frozenset("volgens aldus zei zegt vertelde vertelt stelt stelde meldt meldde vindt vond "
                           "antwoordde benadrukt benadrukte".split())
_MONTH_BEFORE = frozenset("in op van eind begin medio half sinds tot vanaf per".split())
_BODY_ENDS = ("raad", "gever", "houder", "nemer", "leider", "orgaan", "college", "kamer", "commissie", "bond",
              "partij", "inspectie", "ministerie", "overheid", "instantie", "vereniging", "stichting")
# Initials and a shortened tussenvoegsel written against the surname: "P.v.d.Berg", "F. el-Amrani".
_GLUED_BEFORE = re.compile(r"(?<![\w.])(?:(?:[A-Z][a-z]?\.[ ]?){0,4}(?:v\.[ ]?d\.|v/d\.?|v\.|vd\.|d'|[Ee]l-|[Aa]l-)"
                           r"|(?:[A-Z][a-z]?\.){1,4})$")
_REVERSED = re.compile(r",[ ]?(?:[A-Z][a-z]?\.[ ]?){0,3}[A-Z][a-z]?\.(?:[ ](?:van der|van den|van de|van 't|van|de|"
                       r"der|den|ter|ten|te|el|al|'t)(?![\w]))?(?=[ ]*(?:[,.;:)\]!?]|$)|[ ]+(?!v\.|vd|v/d|van\b|de\b|der\b|den\b|te[rn]?\b|el\b|al\b)[a-z])")
_INITIAL_AT = re.compile(r"[A-Z][a-z]?\.|[A-Z](?:[-‐][A-Z])?[ ]")
_DOTTED_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.(?:[A-Za-z]\.){1,5}(?![\w])")
_RANK = {EMAIL: 0, IBAN: 1, BSN: 2, PHONE: 3, PLATE: 4, BIRTH_DATE: 5, ADDRESS: 6, QUOTE: 7, KNOWN: 8, POSSIBLE: 9}


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


# Endings of Dutch adjectives and words: a known surname with one of them in lower case is the word.
_WORD_ENDS = ("lijk", "ig", "baar", "zaam", "loos", "achtig", "isch", "heid", "ing", "end")
_INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Za-z]\.[ \t\u00a0]*$")
_LAST_WORD = re.compile(r"([^\W\d_]+)\.?[ \t\u00a0]+$")


class _Text:
    """One text's tokens, tussenvoegsel runs and kept spans, shared by the name finders."""

    def __init__(self, text: str, rec: "Recogniser") -> None:
        self.text = text
        self.toks: list[Token] = tokenize(text)
        self.by_start = {t.start: i for i, t in enumerate(self.toks)}
        self.by_end = {t.end: i for i, t in enumerate(self.toks)}
        self.tv: dict[int, int] = {}        # token index -> index of the first token after the run
        self.tv_before: dict[int, int] = {}  # token index after a run -> first token of the run
        starts = [t.start for t in self.toks]
        for m in rec.tv_re.finditer(text):
            i = bisect.bisect_left(starts, m.start())
            j = bisect.bisect_left(starts, m.end())
            if i < len(self.toks) and j < len(self.toks) and j > i:
                self.tv[i] = j
                self.tv_before.setdefault(j, i)
        self.in_tv = set()   # tokens inside a tussenvoegsel ("den" of "van den"): no start of a kept name
        for i, j in self.tv.items():
            self.in_tv.update(range(i + 1, j))
        self.keep_tok = [False] * len(self.toks)
        self.keep_spans: list[tuple[int, int]] = []
        for trie in (rec.org_trie, rec.keep_trie):
            self._mark_keep(trie)

    def gap(self, i: int, j: int) -> str:
        return self.text[self.toks[i].end:self.toks[j].start]

    def _mark_keep(self, trie) -> None:
        toks = self.toks
        i = 0
        while i < len(toks):
            if i in self.in_tv and not toks[i].cap:   # "Van den Bosch" is a name, "van Den Haag" a place
                i += 1
                continue
            node, j, last = trie, i, None
            while j < len(toks):
                key = toks[j].key
                nxt = node.get(key)
                if nxt is None and key.endswith("'s"):
                    nxt = node.get(key[:-2])
                if nxt is None:
                    break
                node = nxt
                if END in node:
                    last = j
                if j + 1 < len(toks) and not _KEEP_GAP.fullmatch(self.gap(j, j + 1)):
                    break
                j += 1
            if last is not None:
                for k in range(i, last + 1):
                    self.keep_tok[k] = True
                self.keep_spans.append((toks[i].start, toks[last].end))
                i = last + 1
            else:
                i += 1


class Recogniser:
    def __init__(self, context: Context) -> None:
        lex, self.tv_re, self.title_re, self.role_re, self.org_trie = _shared()
        self.lex = lex
        self.people = People(tuple(context.people or ()), lex)
        keep = _keep_entries(context.keep or ())
        self.keep_trie = _trie({word_keys(k) for k in keep} - {()})
        self.keep_keys = frozenset(k for e in keep for k in word_keys(e) if len(word_keys(e)) == 1)
        self.quotes = quotes.QuoteIndex(tuple(context.quotes or ()))
        self.fuzzy_stop = self.keep_keys | _org_words()
        self.role_words = frozenset(fold(w) for r in lex.roles for w in r.split())
        self.speakers = frozenset(fold(r) for r in lex.roles if " " not in r) - _NOT_SPEAKERS
        self.first_names = lex.first_names | self.people.first_keys
        self.abbreviations = frozenset(k for o in lex.organisations if len(o) == 1 for k in o) | \
            frozenset(k.lower() for k in lex.not_names) | frozenset(k.lower() for k in self.keep_keys)

    # ------------------------------------------------------------------ names
    def _ambiguous(self, key: str) -> bool:
        lx = self.lex
        return key in lx.homonyms or key in lx.not_names or len(key) < 3

    def _known(self, t: _Text, out: list) -> None:
        toks = t.toks
        n = len(toks)
        cands = [self.people.candidates(tok, self.fuzzy_stop) for tok in toks]
        trie = self.people.trie
        for i in range(n):
            best = None   # (end token, patterns, hows)
            stack = [(trie, i, ())]
            while stack:
                node, j, hows = stack.pop()
                if TV in node and j in t.tv:
                    stack.append((node[TV], t.tv[j], hows))
                if j >= n:
                    continue
                for sym, how in cands[j]:
                    child = node.get(sym)
                    if child is None:
                        continue
                    h = hows + (how,)
                    if END in child:
                        pats = [p for p in child[END] if self._accept(t, i, j, p, h)]
                        if pats and (best is None or j > best[0]):
                            best = (j, pats, h)
                    if how != "suffix" and j + 1 < n and NAME_GAP.fullmatch(t.gap(j, j + 1)):
                        stack.append((child, j + 1, h))
            if best is not None:
                j, pats, _ = best
                strong = any(p.shape == "full" for p in pats)
                first_only = all(p.shape == "first" for p in pats)   # "van Ellen": "van" is no tussenvoegsel
                out.append([toks[i].start, toks[j].end, KNOWN, strong, i, j, first_only])

    def _accept(self, t: _Text, i: int, j: int, p, hows) -> bool:
        toks = t.toks
        # the words that carry the name (not the tussenvoegsel)
        words = [toks[k] for k in range(i, j + 1) if toks[k].key not in self.lex.particle_words or k == j]
        if "fuzzy" in hows and not all(toks[k].cap or toks[k].upper for k in range(i, j + 1)
                                       if toks[k].key not in self.lex.particle_words):
            return False
        if p.shape == "full":
            if p.common or "fuzzy" in hows:
                return all(w.cap or w.upper for w in words)
            return True
        last = toks[j]
        if p.shape != "full" and j + 1 < len(toks) and _HYPHEN_ONLY.fullmatch(t.gap(j, j + 1)) and \
                not toks[j + 1].cap and not toks[j + 1].upper and toks[j + 1].key not in self.lex.particle_words:
            return False   # "Li-ion", "Visser-regeling": part of a word
        if p.short and any(w.upper for w in words):
            return False   # "NG (niet gereed)"
        if not all(w.cap or w.upper for w in words):
            before = toks[i - 1].key if i > 0 else ""
            if before in _ARTICLES or toks[i].key in _ARTICLES:
                return False   # "de steege", "de smits": a word, not the name
        if p.shape == "surname":
            if p.short or p.common:
                # "de dijk", "zwart-wit", "li": a word; "Li", "Bos (jurist)", "De Wit": a name
                if not all(w.cap or w.upper for w in words):
                    # "volgens van dijk": the person's own tussenvoegsel, not an article
                    typed = tuple(toks[k].key for k in range(i, j) if toks[k].key in self.lex.particle_words)
                    if i == j and not p.short and not p.particle and self._name_evidence_before(t, i):
                        return True   # "dhr. vrolijk", "K. vrolijk": a title or an initial shows the name
                    return bool(p.particle) and _same_particle(typed, p.particle) and not p.short \
                        and last.key not in self.lex.not_names \
                        and p.particle[0] not in _ARTICLE_PARTICLES and (i == 0 or toks[i - 1].key not in _ARTICLES)
                if p.common and not p.short and i == j and last.initial and j + 1 < len(toks):
                    # "Bakkers en slagers", "Bos en natuur", "Post voor de directeur": a word that
                    # starts the sentence; "Vink en Valk hebben": two names
                    nxt = toks[j + 1]
                    if nxt.key in _FUNCTION_WORDS and _SPACE_ONLY.fullmatch(t.gap(j, j + 1)):
                        two_names = nxt.key in ("en", "of") and "suffix" not in hows and j + 2 < len(toks) \
                            and toks[j + 2].cap
                        if not two_names:
                            return False
                if p.common and i == j and i > 0 and toks[i - 1].key in _ARTICLES and \
                        _SPACE_ONLY.fullmatch(t.gap(i - 1, i)):
                    return False   # "de Post is gebracht": an article, not the person's tussenvoegsel
                if p.common and i < j and not _same_particle(
                        tuple(toks[k].key for k in range(i, j) if toks[k].key in self.lex.particle_words),
                        p.particle) and toks[i].key in _ARTICLE_PARTICLES and not toks[i].cap:
                    return False   # "de Post" for Mark Post
                return True
            if not (last.cap or last.upper) and len(last.key) < 4:
                return False
            if not any(w.cap or w.upper for w in words) and not self._name_evidence_before(t, i) and \
                    (last.key.endswith(_WORD_ENDS) or self._capitalised_sentence(t, i)):
                return False   # "is niet vrolijk" for Kasper Vrolijk: lower case needs a title or initial
            return True
        # a first name alone
        if p.short or p.common:
            if not (last.cap or last.upper):
                # "met roos", "roos en daan", "mark zei", "(ellen)": a known first name in lower
                # case only where the sentence shows it is a name
                return i == j and not p.short and self._lower_name(t, i, hows)
            if last.key in self.lex.not_names and (last.initial or (i > 0 and toks[i - 1].key in _MONTH_BEFORE)):
                return False   # "Mei is druk", "in Mei": the month
            if last.initial and j + 1 < len(toks) and toks[j + 1].key in _NOT_AFTER_NAME:
                return False
            if last.initial and j + 2 < len(toks) and toks[j + 1].key in ("en", "of") and not toks[j + 2].cap \
                    and self._name_item(t, j + 2) != 2:
                return False   # "Frank en vrij"; "Frank en Bas", "Roos en daan" are two names
            if last.initial and re.match(r"[.,][ \t]*[a-z0-9]|:[ \t]*\d", t.text[last.end:last.end + 3]):
                return False   # "Max. 30 km", "Roos, tulp en lelie", "Ton: 100.000 euro"
            if i > 0 and toks[i - 1].key in _ARTICLES and not p.short:
                return False
        return True

    def _capitalised_sentence(self, t: _Text, i: int) -> bool:
        """The sentence of token i starts with a capital: its writer capitalises names too."""
        start = t.toks[i].start
        k = max(t.text.rfind(c, 0, start) for c in ".!?\n")
        m = re.search(r"[^\W\d_]", t.text[k + 1:start])
        return bool(m) and m.group().isupper()

    def _name_evidence_before(self, t: _Text, i: int) -> bool:
        """A title, a role or an initial just before token i ("mevr. vrolijk", "k. vrolijk")."""
        before = t.text[max(0, t.toks[i].start - 40):t.toks[i].start]
        if _INITIAL_BEFORE.search(before):
            return True
        m = _LAST_WORD.search(before)
        if not m:
            return False
        w = fold(m.group(1))
        return w in self.role_words or any(w == ti.rstrip(".") for ti in self.lex.titles)

    def _name_item(self, t: _Text, k: int) -> int:
        """Whether token k is a name in a list ("mark, bas en fatima"): 2 a clear name (a first
        name that is no Dutch word, or a capitalised first name or known name in the middle of
        a sentence), 1 a known first name that is also a word, 0 no name."""
        tok = t.toks[k]
        key = tok.key[:-2] if tok.key.endswith("'s") else tok.key
        if t.keep_tok[k]:
            return 0
        if key in self.first_names and not self._ambiguous(key):
            return 2
        if key in self.role_words and key not in self.first_names and len(key) >= 4:
            return 2   # "de teamleider en ellen": a person
        node = self.people.trie.get(key)
        known = node is not None and END in node
        if (tok.cap or tok.upper) and (key in self.first_names or known) and \
                (not tok.initial or (known and not all(p.common for p in node[END]))):
            return 2
        if known and not self._ambiguous(key):
            return 2
        if key in self.people.first_keys and len(key) >= 3:
            return 1
        return 0

    def _in_name_list(self, t: _Text, i: int) -> bool | None:
        """Token i in a list of words joined by commas, "en", "of": True when every item is a
        name and one is a clear name (or two are known first names), False when some item of
        an enumeration with "en"/"of" is no name, None when it stands in no list."""
        toks = t.toks
        items = [i]
        conj = False
        for step in (-1, 1):
            k = i
            while True:
                a, b = (k - 1, k) if step < 0 else (k, k + 1)
                if a < 0 or b >= len(toks):
                    break
                gap = t.gap(a, b)
                if _LIST_GAP.fullmatch(gap):
                    k += step
                    items.append(k)
                    continue
                # "daan en roos": "en"/"of" as a token between two items
                c = k + 2 * step
                mid = k + step
                if step > 0 and c + 1 < len(toks) and toks[c].key in _ARTICLES and \
                        toks[c + 1].key in self.role_words and _SPACE_ONLY.fullmatch(t.gap(c, c + 1)):
                    c += 1   # "ellen en de teamleider"
                if 0 <= c < len(toks) and toks[mid].key in ("en", "of") and \
                        _SPACE_ONLY.fullmatch(t.gap(min(k, mid), max(k, mid))) and \
                        _SPACE_ONLY.fullmatch(t.gap(min(mid, c), max(mid, c))):
                    k = c
                    items.append(k)
                    conj = True
                    continue
                break
        if len(items) < 2:
            return None
        kinds = [self._name_item(t, k) for k in items]
        if not all(kinds):
            return False if conj else None   # "roos, tulp en lelie"; "volgens mark, de teamleider"
        weak = {t.toks[k].key for k, v in zip(items, kinds) if v == 1}
        return 2 in kinds or len(weak) >= 2

    def _lower_name(self, t: _Text, i: int, hows) -> bool:
        toks, text = t.toks, t.text
        tok = toks[i]
        prev = toks[i - 1].key if i > 0 and _SPACE_ONLY.fullmatch(t.gap(i - 1, i)) else ""
        if t.keep_tok[i] or (i > 0 and toks[i - 1].key in _DETERMINERS) or \
                re.search(r"\d[ \t\u00a0]*$", text[max(0, tok.start - 4):tok.start]) or \
                (i > 0 and _HYPHEN_ONLY.fullmatch(t.gap(i - 1, i))) or \
                (i + 1 < len(toks) and _HYPHEN_ONLY.fullmatch(t.gap(i, i + 1))):
            return False   # "een roos", "de roos van het stadswapen", "zwart-wit"
        after = text[tok.end:tok.end + 1]
        if tok.key.endswith("'s") or after in "'’" and after and tok.key[-1] in "sxz":
            # "mark's idee", "roos' notitie": a possessive, then the thing
            m = re.match(r"['’]?[ \t]+([^\W\d_]+)", text[tok.end:])
            return bool(m) and m.group(1).islower() and fold(m.group(1)) not in _CLAUSE_WORDS
        if "suffix" in hows:
            # "ellens mail" (or a plural: "merels zingen"): only after a preposition
            nxt = toks[i + 1] if i + 1 < len(toks) and _SPACE_ONLY.fullmatch(t.gap(i, i + 1)) else None
            return prev in _POSSESSIVE_BEFORE and nxt is not None and nxt.text.islower() and \
                nxt.key not in _CLAUSE_WORDS and nxt.key not in _NAME_VERBS
        if text[tok.start - 1:tok.start] == "(" and text[tok.end:tok.end + 1] == ")":
            return True   # "(ellen)"
        listed = self._in_name_list(t, i)
        if listed is not None:
            return listed
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        close = nxt is not None and _SPACE_ONLY.fullmatch(t.gap(i, i + 1))
        if close and (nxt.key in _LOWER_SPEECH or nxt.key in _LOWER_ACTS):
            return True   # "mark zei", "roos vindt", "ellen gaf aan"
        if prev in _LOWER_BEFORE or prev in _SPEECH_BEFORE or prev in _LOWER_SPEECH:
            # "met roos", "volgens mark", "de notitie van ellen": unless a word goes on with it
            # ("met ellen lange vergaderingen", "van bas gitaar")
            rest = text[tok.end:].lstrip(" \t\u00a0")
            if nxt is None or not close:
                if rest[:1] == "." and re.match(r"\.[ \t\u00a0]*[a-z0-9(]", rest):
                    return False   # "voor max. 3 dagen": an abbreviation's dot
                return not rest or rest[0] in ".,;:!?)\n\u2013\u2014"   # not "met max 30 km"
            k = nxt.key
            if prev == "van" and k in ("tot", "naar"):
                return False   # "van amber tot rood", "van toon naar toon": a range
            return k in _CLAUSE_WORDS or k in _LOWER_SPEECH or k in _NAME_VERBS or k in _PARTICIPLES or \
                (bool(_PARTICIPLE.fullmatch(k)) and k not in self.lex.homonyms)
        return False

    def _acronyms(self, t: _Text, out: list) -> None:
        ac = self.people.acronyms
        if not ac:
            return
        for m in _DOTTED_INITIALS.finditer(t.text):   # "F.E.A.", "D.J.H."
            w = m.group().replace(".", "")
            if w in ac and len(w) >= 3 and w.lower() not in self.abbreviations and any(c.isupper() for c in w[1:]):
                out.append([m.start(), m.end(), KNOWN, True, None, None])
        for i, tok in enumerate(t.toks):
            w = tok.text
            if w.endswith(("'s", "’s")):
                w = w[:-2]
            if w in ac and not (w.isupper() and w.lower() in self.abbreviations):
                out.append([tok.start, tok.end, KNOWN, True, i, i])
        weak = self.people.weak_acronyms
        for i, tok in enumerate(t.toks):
            # "(JWB, MdK, AL)": two capitals that are also a word, in a list of known initials
            if tok.text in weak and self._in_initials_list(t, i):
                out.append([tok.start, tok.end, KNOWN, True, i, i])

    def _in_initials_list(self, t: _Text, i: int) -> bool:
        ac = self.people.acronyms
        for k in (i - 1, i + 1):
            if not 0 <= k < len(t.toks):
                continue
            gap = t.gap(min(i, k), max(i, k))
            if re.fullmatch(r"\s*(?:[,/;&+]|en|\bof)\s*", gap) and t.toks[k].text in ac:
                return True
        return False

    def _name_after(self, t: _Text, pos: int, mode: str):
        """The name that starts at ``pos`` (spaces allowed before it): initials, a
        tussenvoegsel, capitalised words. ``mode``: "title", "role", "initials" or "first"."""
        text, toks = t.text, t.toks
        m = _SPACES.match(text, pos) if pos < len(text) else None
        p = m.end() if m else pos
        if mode == "first" and not m:
            return None
        # "mevr. jansen-verbrugge": after an abbreviated title a name, also in lower case
        dotted = mode == "title" and text[:pos].endswith(".")
        if mode == "title":
            while True:
                mt = self.title_re.match(text, p)
                if not mt:
                    break
                dotted = mt.group().endswith(".")
                ms = _SPACES.match(text, mt.end())
                if not ms:
                    return None
                p = ms.end()
        start = p
        got_initials = False
        if mode != "initials":
            mi = _INITIALS.match(text, p)
            if mi:
                got_initials = True
                p = mi.end()
                ms = _SPACES.match(text, p)
                if ms:
                    p = ms.end()
        j = t.by_start.get(p)
        if j is None:
            return None
        got_tv = False
        if j in t.tv:
            got_tv = toks[j].cap or mode != "role"   # "wethouder Van Rijn", not "burgemeester van Rijswaard"
            j = t.tv[j]
        tok = toks[j]
        lower = dotted and tok.text.islower() and len(tok.key) >= 3 and not got_initials and \
            tok.key not in _FUNCTION_WORDS and tok.key not in _ARTICLES and tok.key not in self.lex.particle_words \
            and tok.key not in self.lex.not_names and tok.key not in self.lex.homonyms \
            and ((j + 1 < len(toks) and _HYPHEN_ONLY.fullmatch(t.gap(j, j + 1)) and toks[j + 1].text.islower())
                 or self._surname_shaped(tok) or tok.key in self.people.surname_keys)   # not "mevr. belde"
        if not (tok.cap or lower or (tok.upper and len(tok.key) >= 3 and tok.key not in self.abbreviations)):
            return None
        if tok.key in self.lex.not_names and not ((got_tv or got_initials or mode in ("title", "initials"))
                                                  and tok.key in self.lex.homonyms):
            return None   # "wethouder Financiën", but "mevrouw Van der Meer"
        if tok.key in self.lex.particle_words and not got_tv:
            return None
        if len(tok.key) < 2 or any(tok.key.endswith(e) and len(tok.key) > len(e) + 2 for e in _STREET_ENDS
                                   if e not in _SURNAME_ENDS_TOO or re.match(r"[ \t\u00a0]+\d", text[tok.end:])):
            return None   # "Willem I-prijs", "Willem de Zwijgerlaan"; "Marit Olthof", not "Olthof 3"
        if mode == "role" and not got_tv and not got_initials and tok.key not in self.first_names and \
                tok.key.endswith(_NOUN_ENDS) and tok.key not in self.people.surname_keys:
            return None   # "medewerker Klantcontact", "inspecteur Leefomgeving"
        evidence = mode in ("title", "initials") or got_initials or got_tv
        if t.keep_tok[j] and not evidence:
            return None
        end_j = j
        while end_j + 1 < len(toks) and _HYPHEN_ONLY.fullmatch(t.gap(end_j, end_j + 1)) \
                and (toks[end_j + 1].cap or toks[end_j + 1].key in self.lex.particle_words
                     or (lower and toks[end_j + 1].text.islower())):
            end_j += 1
        while end_j + 1 < len(toks) and toks[end_j].key in self.lex.particle_words and \
                _SPACE_ONLY.fullmatch(t.gap(end_j, end_j + 1)) and toks[end_j + 1].cap:
            end_j += 1
        end = toks[end_j].end
        if mode != "first" and not got_tv and not got_initials and end_j == j and \
                (tok.key in self.first_names):
            more = self._name_after(t, end, "first")
            if more:
                end = more[1]
        return start, end, evidence

    def _shaped(self, t: _Text, out: list) -> None:
        text, toks = t.text, t.toks
        for rx, mode in ((self.title_re, "title"), (self.role_re, "role")):
            for m in rx.finditer(text):
                r = self._name_after(t, m.end(), mode)
                if r:
                    out.append([r[0], r[1], POSSIBLE, r[2], None, None])
        for m in _INITIALS.finditer(text):
            before = text[max(0, m.start() - 12):m.start()].lower().split()
            if before and before[-1].strip("(") in _NOT_BEFORE_INITIALS:
                continue   # "bijlage B. Daarin", "optie A. Deze"
            r = self._name_after(t, m.end(), "initials")
            if r:
                out.append([m.start(), r[1], POSSIBLE, True, None, None])
        for m in _PAREN.finditer(text):
            # "Peters (omwonende)", "Achterberg (bedrijfsleider)": a capitalised word and a role
            inner = m.group(1).strip()
            first = fold(inner.split()[0]) if inner.split() else ""
            if first in _PLACE_WORDS:
                continue   # "Zevenhuizen (gemeente Zuidplas)": a place
            if not (first in self.role_words or first in _DEPARTMENTS):
                continue   # not "Warenautoriteit (NVWA)", "Aanleiding (Commissie ...)"
            j = t.by_end.get(m.start())
            if j is None:
                continue
            tok = toks[j]
            key = tok.key
            if not tok.cap or len(key) < 3 or t.keep_tok[j] or key in self.lex.not_names \
                    or key in self.fuzzy_stop or key in self.lex.particle_words:
                continue
            a = j
            if a in t.tv_before:
                a = t.tv_before[a]
            elif a > 0 and toks[a - 1].cap and toks[a - 1].key in self.first_names and \
                    _SPACE_ONLY.fullmatch(t.gap(a - 1, a)):
                a -= 1
            out.append([toks[a].start, tok.end, POSSIBLE, False, a, j])
        for i, tok in enumerate(toks):
            # "Hoogendoorn belde", "volgens Hoogendoorn": an unknown word that speaks
            if tok.cap and self._plain_unknown(t, i) and (
                    (tok.initial and i + 1 < len(toks) and toks[i + 1].key in _SPEECH_VERBS
                     and _SPACE_ONLY.fullmatch(t.gap(i, i + 1))
                     and not (i + 2 < len(toks) and toks[i + 2].key == "plaats"))
                    or (not tok.initial and i > 0 and toks[i - 1].key in _SPEECH_BEFORE
                        and _SPACE_ONLY.fullmatch(t.gap(i - 1, i))
                        and not (i + 1 < len(toks) and (toks[i + 1].cap or toks[i + 1].upper)))):
                out.append([tok.start, tok.end, POSSIBLE, False, i, None])
        for i, tok in enumerate(toks):
            if t.keep_tok[i]:
                continue
            key = tok.key
            if not tok.cap:
                # "gesproken met youssef": a first name of the list that is no Dutch word
                if tok.text.islower() and len(key) >= 4 and key in self.first_names and not self._ambiguous(key) \
                        and not (i > 0 and _HYPHEN_ONLY.fullmatch(t.gap(i - 1, i))) \
                        and not (i + 1 < len(toks) and _HYPHEN_ONLY.fullmatch(t.gap(i, i + 1))):
                    out.append([tok.start, tok.end, POSSIBLE, False, i, None])
                continue
            if self._surname_shaped(tok):
                if not (i > 0 and (_HYPHEN_ONLY.fullmatch(t.gap(i - 1, i)) or toks[i - 1].key in _PLACE_BEFORE)):
                    out.append([tok.start, tok.end, POSSIBLE, False, i, None])
                continue
            if key not in self.first_names:
                # "Sannes idee", "Fatima's punt": a first name with the possessive s
                forms = [f for f in suffix_forms(key) if f in self.first_names and not self._ambiguous(f)]
                if not forms or (not key.endswith("'s") and key in self.lex.not_names):
                    continue
                key = forms[0]
            ambiguous = self._ambiguous(key)
            last = i
            while last + 1 < len(toks) and _HYPHEN_ONLY.fullmatch(t.gap(last, last + 1)) and \
                    toks[last + 1].cap and toks[last + 1].key in self.first_names:
                last += 1   # "Anne-Marie", "Pieter-Jan"
            if last > i:
                ambiguous = False
            if self._street_follows(t, last):
                continue   # "de Willem de Zwijgerlaan", "Jan van Goyenkade": a street
            more = self._name_after(t, toks[last].end, "first")
            if ambiguous:
                if key in self.lex.not_names and not more:
                    continue   # "in Mei", "Jan." alone: a month
                nxt = text[toks[last].end:toks[last].end + 2].lstrip()[:1]
                acts = nxt == "(" or (i + 1 < len(toks) and toks[i + 1].key in _NAME_VERBS
                                      and _SPACE_ONLY.fullmatch(t.gap(i, i + 1))) \
                    or (i + 2 < len(toks) and toks[i + 1].key in ("en", "of") and toks[i + 2].cap
                        and toks[i + 2].key in self.first_names)   # "Frank en Bas", not "Frank en vrij"
                if (tok.initial or (i > 0 and toks[i - 1].key in _ARTICLES)) and not more and not acts:
                    continue
                if tok.initial and i + 1 < len(toks) and toks[i + 1].key in _NOT_AFTER_NAME:
                    continue
            if i > 0 and _HYPHEN_ONLY.fullmatch(t.gap(i - 1, i)) and not toks[i - 1].cap:
                continue   # "Noord-Holland", "zwart-Wit"
            # "Merel van Houten": a first name and a tussenvoegsel make a kept word a surname
            out.append([tok.start, more[1] if more else toks[last].end, POSSIBLE, bool(more and more[2]), i, None])

    def _street_follows(self, t: _Text, i: int) -> bool:
        toks = t.toks
        j = i + 1
        if j in t.tv:
            j = t.tv[j]
        while j < len(toks) and j <= i + 3 and _SPACE_ONLY.fullmatch(t.gap(j - 1, j)):
            if any(toks[j].key.endswith(e) and len(toks[j].key) > len(e) for e in _STREET_ENDS):
                return True
            if not toks[j].cap:
                return False
            j += 1
        return False

    def _plain_unknown(self, t: _Text, i: int) -> bool:
        """A capitalised word that none of the lists knows, shaped like a surname (not
        "Nederlandse", not "Brussel-achtig"), not part of a kept name."""
        tok = t.toks[i]
        key = tok.key
        lx = self.lex
        if t.keep_tok[i] or len(key) < 4 or key in lx.not_names or key in self.fuzzy_stop \
                or key in lx.particle_words or key in self.first_names or key.endswith(("se", "sche", "'s")) \
                or key in self.role_words or key.endswith(_NOUN_ENDS + _BODY_ENDS) \
                or (key.endswith("s") and (key[:-1] in self.role_words or key[:-1].endswith(_NOUN_ENDS + _BODY_ENDS))):
            return False   # "Nederlandse", "Ambtenaar zegt", "Ondernemingsraad vindt"
        if (i > 0 and not _SPACE_ONLY.fullmatch(t.gap(i - 1, i)) and t.gap(i - 1, i).strip() not in ("", ",", ":")) \
                or (i + 1 < len(t.toks) and _HYPHEN_ONLY.fullmatch(t.gap(i, i + 1))):
            return False
        return True

    def _surname_shaped(self, tok: Token) -> bool:
        """A patronymic ("Pietersen", "Jansen", "Willems") anywhere, or a typical surname
        ending ("Hoekstra", "Sikkema", "Wiersma") in the middle of a sentence."""
        key, lx = tok.key, self.lex
        if len(key) < 5 or key in lx.not_names or key in lx.homonyms or key in self.first_names:
            return False
        for suf in _PATRONYMIC:
            stem = key[:-len(suf)]
            if key.endswith(suf) and len(stem) >= 3 and stem in lx.first_names and stem not in lx.homonyms:
                return True
        return not tok.initial and key.endswith(_SURNAME_ENDINGS) and len(key) >= 6 and not key.endswith(_BUILDINGS)

    def _extend(self, t: _Text, h: list) -> None:
        """Take the tussenvoegsel, initials, the other parts of a hyphenated name and a
        possessive apostrophe into a name hit: never "van der [naam]" or "Veldhuys-[naam]"."""
        text, toks = t.text, t.toks
        for _ in range(4):
            before = h[0]
            i = t.by_start.get(h[0])
            while i is not None and i > 0 and _HYPHEN_ONLY.fullmatch(t.gap(i - 1, i)) and toks[i - 1].cap \
                    and not t.keep_tok[i - 1]:
                i -= 1
                h[0] = toks[i].start
            if i is not None and i in t.tv_before and len(toks[i].key) > 1 and \
                    not _INITIAL_AT.match(text, h[0]) and not (len(h) > 6 and h[6]):
                # "van P.v.d.Berg", "van Ellen" (a first name alone): "van" is a preposition
                k = t.tv_before[i]
                if toks[k].cap or h[2] == KNOWN:
                    h[0] = toks[k].start
                    i = k
            if i is not None and i > 0 and h[2] == KNOWN and _SPACE_ONLY.fullmatch(t.gap(i - 1, i)):
                w = toks[i - 1].text   # "JW Dekker": initials without dots
                if 1 <= len(w) <= 3 and w.isupper() and w.isalpha() and w.lower() not in self.abbreviations:
                    h[0] = toks[i - 1].start
            m = _GLUED_BEFORE.search(text, max(0, h[0] - 24), h[0])
            if m and m.group().strip() and h[2] == KNOWN:
                h[0] = m.start()   # "P.v.d.Berg", "P. v.d.Berg", "F. el-Amrani"
            if h[0] == before:
                break
        j = t.by_end.get(h[1])
        while j is not None and j + 1 < len(toks) and _HYPHEN_ONLY.fullmatch(t.gap(j, j + 1)) and \
                (toks[j + 1].cap or (toks[j + 1].key in self.lex.particle_words and j + 2 < len(toks)
                                      and toks[j + 2].cap)) and not t.keep_tok[j + 1]:
            j += 1
            if toks[j].key in self.lex.particle_words:
                j += 1
            h[1] = toks[j].end
        if h[2] == KNOWN:
            m = _REVERSED.match(text, h[1])
            if m:
                h[1] = m.end()   # "Berg, P. van der": a list written surname first
        if h[1] < len(text) and text[h[1]] in "'’" and text[h[1] - 1] in "sxzSXZ" and \
                (h[1] + 1 >= len(text) or not text[h[1] + 1].isalnum()):
            h[1] += 1

    # ------------------------------------------------------------------ all
    def find(self, text: str) -> list[Hit]:
        """The personal data in ``text``: sorted by start, non-overlapping, on word boundaries.
        Never raises: a finder that fails on some text is left out, the others still count."""
        if not isinstance(text, str) or not text:
            return []
        spans: list = []
        for finder in self._finders():
            try:
                spans += finder(text)
            except Exception:  # pragma: no cover - a bug in one finder must not hide the rest
                continue
        return _select(text, spans)

    def _finders(self):
        return (self._names, lambda s: [(m.start(), m.end(), EMAIL) for m in patterns.EMAIL.finditer(s)],
                lambda s: list(patterns.phones(s)), lambda s: list(patterns.bsns(s)),
                lambda s: list(patterns.ibans(s)), lambda s: list(patterns.plates(s, self.abbreviations)),
                lambda s: list(patterns.birth_dates(s)),
                lambda s: list(patterns.addresses(s, self.abbreviations, self.fuzzy_stop)),
                lambda s: list(quotes.quoted(s)), lambda s: list(quotes.speech(s)),
                lambda s: list(quotes.role_speech(s, self.speakers)), lambda s: list(self.quotes.find(s)))

    def _names(self, text: str) -> list[tuple[int, int, str]]:
        t = _Text(text, self)
        names: list = []
        if self.people.count:
            self._known(t, names)
            self._acronyms(t, names)
        self._shaped(t, names)
        for h in names:
            self._extend(t, h)
            if h[0] > 0 and text[h[0] - 1] in "'’" and text[h[0]:h[0] + 2].lower() == "t ":
                h[0] -= 1   # "'t Hart": the apostrophe belongs to the tussenvoegsel
        # kept words (organisations, places) are no name unless the evidence is strong
        kept = []
        for h in names:
            if not h[3] and any(a < h[1] and h[0] < b for a, b in t.keep_spans):
                continue
            kept.append(h)
        return _merge_names(text, kept)


def _keep_entries(keep) -> list[str]:
    """Names to keep, "Nederlandse Voedsel- en Warenautoriteit (NVWA)" also as its two parts."""
    out = []
    for k in keep:
        if not k or not str(k).strip():
            continue
        k = str(k)
        out.append(k)
        m = re.fullmatch(r"\s*(.*?)\s*\(([^()]*)\)\s*", k)
        if m:
            out += [x for x in m.groups() if x.strip()]
    return out


def _same_particle(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """"van den" and "van der" (and "v.d.") are the same tussenvoegsel."""
    def norm(p):
        return tuple("d" if k in ("de", "den", "der", "d") else k for k in p)
    return norm(a) == norm(b)


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    """Every word of a kept organisation or place: never read as a misspelt name."""
    return frozenset(k for o in _shared()[0].organisations for k in o)


def _merge_names(text: str, hits: list) -> list[tuple[int, int, str]]:
    hits = sorted(hits, key=lambda h: (h[0], -h[1]))
    out: list[list] = []
    for h in hits:
        if out and (h[0] < out[-1][1] or (h[0] - out[-1][1] <= 1 and
                                          text[out[-1][1]:h[0]] in (" ", "-", "\u00a0"))):
            out[-1][1] = max(out[-1][1], h[1])
            if h[2] == KNOWN:
                out[-1][2] = KNOWN
        else:
            out.append([h[0], h[1], h[2]])
    return [(a, b, k) for a, b, k in out]


def _select(text: str, spans) -> list[Hit]:
    """Non-overlapping: the longer wins, then the stronger kind; sorted by start."""
    spans = {(a, b, k) for a, b, k in spans if 0 <= a < b <= len(text)}
    chosen: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for a, b, k in sorted(spans, key=lambda s: (-(s[1] - s[0]), _RANK[s[2]], s[0])):
        if any(a < y and x < b for x, y in taken):
            continue
        chosen.append((a, b, k))
        taken.append((a, b))
    chosen.sort()
    return [Hit(a, b, k, text[a:b]) for a, b, k in chosen]


def redact(text: str, hits) -> str:
    """``text`` with each hit replaced by its mark; overlapping or stale hits are skipped."""
    out, pos = [], 0
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if h.start < pos or h.end > len(text) or h.start < 0 or text[h.start:h.end] != h.text:
            continue
        out.append(text[pos:h.start])
        out.append(MARKS.get(h.kind, "[weggelaten]"))
        pos = h.end
    out.append(text[pos:])
    return "".join(out)
