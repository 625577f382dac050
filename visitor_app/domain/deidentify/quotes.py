"""Quotes: text between quotation marks, passages copied from the file's quote
observations, and speech introduced by "zei:", "zegt:" or closed by ", aldus ..."."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .kinds import QUOTE as KIND
from .text import fold

Span = tuple[int, int, str]

_MAX = 800
# Pairs whose marks are never apostrophes.
_PAIRED = re.compile(r"“[^”\n]{1,%d}?[”“]|„[^”“\n]{1,%d}?[”“]|«[^»\n]{1,%d}?»"
                     r"|‹[^›\n]{1,%d}?›"
                     r"|(?<![\w\"])\"(?=[^\s\"])[^\"\n]{1,%d}?(?<=\S)\"(?![\w\"])" % ((_MAX,) * 5))
_LETTER = re.compile(r"[^\W\d_]")
# "'s avonds", "'t", "'n", "'80": an apostrophe, no opening quote.
_NOT_OPENING = re.compile(r"['’‘](?:s|t|n|k|m|r)(?![\w])|['’‘]\d{2}(?!\d)")


def _single_quotes(text: str) -> Iterator[tuple[int, int]]:
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in "'‘" and (i == 0 or not (text[i - 1].isalnum())) and i + 1 < n and not text[i + 1].isspace() \
                and not _NOT_OPENING.match(text, i):
            j = i + 1
            while j < n and j - i < _MAX and text[j] != "\n":
                c = text[j]
                if c in "'’" and not text[j - 1].isspace() and (j + 1 >= n or not _LETTER.match(text[j + 1])) \
                        and not (text[j - 1] in "sS" and j + 1 < n and text[j + 1] == " " and False):
                    if _LETTER.search(text, i + 1, j):
                        yield i, j + 1
                        i = j
                    break
                j += 1
        i += 1


def quoted(text: str) -> Iterator[Span]:
    for m in _PAIRED.finditer(text):
        if _LETTER.search(m.group()):
            yield m.start(), m.end(), KIND
    for a, b in _single_quotes(text):
        yield a, b, KIND


# Speech: "zei: ...", "zegt letterlijk: ..." up to the end of the sentence.
_SPEECH_VERBS = (r"zei|zeiden|zegt|zeggen|zegde|stelde|stelt|vertelde|vertelt|antwoordde|antwoordt|riep|"
                 r"verzuchtte|sprak|meldde|meldt|merkte\s+op|gaf\s+aan|liet\s+weten|schreef|schrijft|"
                 r"verklaarde|verklaart|reageerde|reageert|concludeerde|benadrukte|benadrukt|"
                 r"citeer|citaat|quote|letterlijk|aldus")
_SPEECH = re.compile(rf"(?i)(?:\b(?:{_SPEECH_VERBS})\b[^:.!?\n]{{0,40}}"
                     rf"|\bvolgens\s+(?:(?:de|het|een|onze|mijn)\s+)?[\w-]+(?:\s+[\w-]+)?\s*)"
                     rf":[ \t]*(?P<q>[^\s].*?)(?=[.!?](?:\s|$)|\n|$)")
_ALDUS = re.compile(r"(?i),?\s*\baldus\b(?!\s+(?:het|dit|deze|dat|de\s+(?:notitie|brief|nota|rapportage|"
                    r"evaluatie|analyse|monitor|wet|regeling|begroting|jaarrekening|website|krant)|[\w-]*"
                    r"(?:rapport|verslag|plan|stuk|document|besluit|advies)\b))")


# "..., zei een medewerker": the clause before the attribution.
_SAID_AFTER = re.compile(r"(?i),\s*(?:zei|zegt|zeggen|zeiden|vertelde|vertelt|stelde|stelt|meldde|riep|verzuchtte|"
                         r"antwoordde|benadrukte|verklaarde)\s+(?:de|een|het|die|ze|zij|hij|men|[A-Z])")


def _clause_before(text: str, end: int) -> int:
    start = 0
    for mark in (". ", "? ", "! ", ": ", "\n", "; "):
        k = text.rfind(mark, 0, end)
        if k >= 0:
            start = max(start, k + len(mark))
    while start < end and text[start].isspace():
        start += 1
    return start


def speech(text: str) -> Iterator[Span]:
    for m in _SPEECH.finditer(text):
        a, b = m.start("q"), m.end("q")
        if text[a] in "\"'“„‘«‹" and not _NOT_OPENING.match(text, a):
            continue   # the quotation marks say where it ends ("'s avonds ..." is no quotation mark)
        if b < len(text) and text[b] in ".!?":
            b += 1
        if _LETTER.search(text, a, b):
            yield a, b, KIND
    for rx in (_ALDUS, _SAID_AFTER):
        for m in rx.finditer(text):
            end = m.start()
            start = _clause_before(text, end)
            if end - start > 3 and _LETTER.search(text, start, end) and \
                    (text[start] not in "\"“„«‘" or _NOT_OPENING.match(text, start)):
                yield start, end, KIND


_CLAUSE = re.compile(r"[ \t]*(?P<q>(?:[^\s\"'“„‘«‹]|['’‘](?:s|t|n|k|m|r)(?![\w])).*?)(?=[.!?](?:\s|$)|\n|$)")


def _clause_after(text: str, at: int) -> tuple[int, int] | None:
    """The clause that starts at ``at`` (after a colon), with its closing . ! or ?."""
    c = _CLAUSE.match(text, at)
    if not c:
        return None
    a, b = c.start("q"), c.end("q")
    if b < len(text) and text[b] in ".!?":
        b += 1
    return a, b


def role_speech(text: str, roles) -> Iterator[Span]:
    """"Een teamleider: de capaciteit is op." (a role, a colon, what was said)."""
    for m in _ROLE_COLON.finditer(text):
        words = [w for w in m.group("who").split() if w.lower() not in ("een", "de")]
        if not words or fold(words[0]) not in roles:
            continue
        clause = _clause_after(text, m.end())
        said = text[slice(*clause)] if clause else ""
        if len(said.split()) >= 3 and not re.search(r"[\d@]", said):
            yield *clause, KIND


    for m in _VOLGENS_COLON.finditer(text):
        # "Volgens een medewerker is het zo: wie klaagt, krijgt voorrang.": a role or a person, then a colon
        who = m.group("who")
        if fold(who) not in roles and not (who[0].isupper() and not who.isupper()):
            continue
        if len(re.findall(r"\b[a-z]\w*", m.group("rest"))) < 2:
            continue   # "volgens Bijlage B:": no "is het zo", "werkt het zo"
        clause = _clause_after(text, m.end())
        said = text[slice(*clause)] if clause else ""
        if len(said.split()) >= 3 and "@" not in said:
            yield *clause, KIND


_VOLGENS_COLON = re.compile(r"(?i:\bvolgens)\s+(?:(?i:de|het|een|onze|mijn|hun|haar|zijn|die)\s+)?"
                            r"(?P<who>[^\W\d_][\w-]*)(?P<rest>[^:.!?\n;\d]{0,30}):")
_ROLE_COLON = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))"
                         r"(?P<who>(?:(?:[Ee]en|[Dd]e)\s+)?[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,2}):")


# Passages copied from the file's quotes (whitespace, case, diacritics and punctuation tolerant).
_QWORD = re.compile(r"[^\W_](?:[\w\u0300-\u036f]|['’](?=\w))*")
_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»]?\s+")
_ATTRIBUTION = re.compile(r"\s+[-\u2013\u2014]\s+[^\"“”„«»]*$|\s*\([^()]*\)\s*$")
_TEXT_SENT = re.compile(r"[.!?…:;]+(?=\s|$)|\n|[(\[]")
MIN_RUN = 6   # a run of this many words of a quote counts as copied, sentence or not


def _words(s: str) -> list[str]:
    return [fold(m.group()).replace("'", "") for m in _QWORD.finditer(s)]


def _opening_at(text: str, p: int) -> bool:
    ch = text[p]
    if ch in "„“«‹":
        return True
    return ch == '"' and (p == 0 or not text[p - 1].isalnum()) and p + 1 < len(text) and not text[p + 1].isspace()


def _closing_at(text: str, p: int) -> bool:
    ch = text[p]
    if ch in "”»›":
        return True
    return ch == '"' and p > 0 and not text[p - 1].isspace() and (p + 1 >= len(text) or not text[p + 1].isalnum())


def within_marks(text: str, a: int, b: int) -> tuple[int, int]:
    """A copied passage that runs over a quotation mark: only the part between the marks
    ("noemt de provincie „een kritische opdrachtgever”": not "de provincie")."""
    for p in range(a + 1, b):
        if _opening_at(text, p):
            if _LETTER.search(text, a, p):
                a = p
            break
    for q in range(b - 1, a, -1):
        if _closing_at(text, q):
            if _LETTER.search(text, q + 1, b):
                b = q + 1
            break
    return a, b


class QuoteIndex:
    def __init__(self, quotes) -> None:
        self.seqs: list[list[str]] = []
        self.sentence_bounds: list[set[tuple[int, int]]] = []
        for q in quotes:
            if not q or not str(q).strip():
                continue
            q = _ATTRIBUTION.sub("", str(q).strip())
            words = _words(q)
            if len(words) < 2:
                continue
            bounds = set()
            pos = 0
            for sent in _SENT_SPLIT.split(q.strip(" \"'“”„«»‘’")):
                n = len(_words(sent))
                if n >= 2:
                    bounds.add((pos, pos + n))
                pos += n
            bounds.add((0, len(words)))
            self.seqs.append(words)
            self.sentence_bounds.append(bounds)
        self.sentence_sets = [set(self.seqs[qi][a:b]) for qi, bs in enumerate(self.sentence_bounds)
                              for a, b in bs if len(set(self.seqs[qi][a:b])) >= 5]
        self.index: dict[str, list[tuple[int, int]]] = {}
        for qi, words in enumerate(self.seqs):
            for j, w in enumerate(words):
                self.index.setdefault(w, []).append((qi, j))

    def _reordered(self, text: str, tw) -> Iterator[Span]:
        """A sentence of a quote with its words in another order ("geen keuze voor ons" for
        "voor ons geen keuze"): nearly all its words, close together, in one sentence."""
        if not self.sentence_sets:
            return
        bounds = [0] + [m.end() for m in _TEXT_SENT.finditer(text)] + [len(text) + 1]
        k = 0
        for a, b in zip(bounds, bounds[1:]):
            idx = []
            while k < len(tw) and tw[k][0] < b:
                if tw[k][0] >= a:
                    idx.append(k)
                k += 1
            if len(idx) < 5:
                continue
            words = {tw[i][2] for i in idx}
            for qset in self.sentence_sets:
                if len(words & qset) < 0.85 * len(qset):
                    continue
                hit = [i for i in idx if tw[i][2] in qset]
                # leave off words at either end that the rest of the passage has as well
                while len(hit) > 1 and tw[hit[0]][2] in {tw[i][2] for i in hit[1:]}:
                    hit = hit[1:]
                while len(hit) > 1 and tw[hit[-1]][2] in {tw[i][2] for i in hit[:-1]}:
                    hit = hit[:-1]
                first, last = hit[0], hit[-1]
                if len(hit) >= 0.8 * (last - first + 1):
                    end = tw[last][1]
                    if end < len(text) and text[end] in ".!?…":
                        end += 1
                    a, end = within_marks(text, tw[first][0], end)
                    yield a, end, KIND
                    break

    def find(self, text: str) -> Iterator[Span]:
        if not self.seqs:
            return
        tw = [(m.start(), m.end(), fold(m.group()).replace("'", "")) for m in _QWORD.finditer(text)]
        active: dict[tuple[int, int], int] = {}   # (quote, position of the word in it) -> run length
        runs = []   # (text start word, text end word, quote, quote start, quote end)
        for i, (_, _, w) in enumerate(tw):
            nxt = {}
            for qi, j in self.index.get(w, ()):
                nxt[(qi, j)] = active.get((qi, j - 1), 0) + 1
            for (qi, j), n in active.items():
                if (qi, j + 1) not in nxt:
                    runs.append((i - n, i, qi, j - n + 1, j + 1))
            active = nxt
        for (qi, j), n in active.items():
            runs.append((len(tw) - n, len(tw), qi, j - n + 1, j + 1))
        yield from self._reordered(text, tw)
        for ts, te, qi, qs, qe in runs:
            n = te - ts
            ok = n >= MIN_RUN or any(qs <= a and b <= qe for a, b in self.sentence_bounds[qi]) or \
                (n >= 4 and any(a <= qs and qe <= b and n >= 0.6 * (b - a) for a, b in self.sentence_bounds[qi]))
            if ok and n >= 2:
                a, b = tw[ts][0], tw[te - 1][1]
                if b < len(text) and text[b] in ".!?…":
                    b += 1
                a, b = within_marks(text, a, b)
                if _LETTER.search(text, a, b):
                    yield a, b, KIND
