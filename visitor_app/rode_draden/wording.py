"""Counts and dates in the rode-draden report's own words.

``phrase(k, n)`` says "k of n diensten" as the Rode draden rapportage does ("een kleine
meerderheid" for 15 of 28), from forms/quantifiers.yaml, so ODNL can change the words and
the bounds without a new program (the file's comments describe its format; docs/central.md
"Formuleringen"). ``sentence(k, n, text)`` makes a rode draad's sentence: "Bij een kleine
meerderheid van de diensten (15 van 28) is een structureel innovatiebudget beschikbaar."
``visit_dates(start, end)`` writes a visit's dates as the report's Bijlage 1 does: "17 en
18 oktober 2022", "31 januari en 1 februari 2023".

The file is read from the installed forms/ (``visitor_app.paths.forms_dir``: the same lookup
as for new visitations); when that folder has no quantifiers.yaml (a framework handed out
before there was one), from the program's own forms/. It is read and checked once and kept
until the file changes (its path, size and modification time are the key). A file that is
not monotonic, has gaps or overlaps, or is otherwise broken is refused with a FormError
naming file, line and field.

No Qt, no SQL: the central database and the window call these.
"""

from __future__ import annotations

import re
import string
import threading
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

from visitor_app.domain.form_schema import List, Map, OneOf, Problems, Spec, Str, describe
from visitor_app.errors import FormError, InputError
from visitor_app.paths import forms_dir, project_root
from visitor_app.reports.dutch import MONTHS

FILE = "quantifiers.yaml"
# N up to which the load checks that every k has one phrase and that phrases grow with k.
CHECKED_UP_TO = 200
EXACT = ("none", "one", "half", "all")  # in order of precedence: see the file's comments
PLACEHOLDERS = ("group", "k", "n", "text")
RATIO_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class Ratio(Spec):
    """A fraction of N: "3/5", or a number from 0 to 1."""

    def check(self, value, path, problems):
        if parse_ratio(value) is None:
            problems.add(path, f"breuk als \"3/5\" of getal van 0 tot en met 1 verwacht, gevonden: "
                               f"{describe(value)}")


def parse_ratio(value) -> Fraction | None:
    """``value`` as a Fraction from 0 to 1, or None when it is no such thing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        out = Fraction(str(value))
    elif isinstance(value, str) and (m := RATIO_RE.match(value)) and int(m.group(2)):
        out = Fraction(int(m.group(1)), int(m.group(2)))
    else:
        return None
    return out if 0 <= out <= 1 else None


ENTRY = {"phrase": Str(), "group": Str()}
SPEC = Map({"sentence": Str(), "quantifiers": List(Map(dict(ENTRY), {
    "exact": OneOf(*EXACT), "from": Ratio(), "to": Ratio()}), min_items=1)})


@dataclass(frozen=True)
class Entry:
    rank: int  # position in the file: the order from few to many
    phrase: str
    group: str
    exact: str | None = None
    low: Fraction | None = None
    high: Fraction | None = None


class Quantifiers:
    """The checked content of one quantifiers.yaml."""

    def __init__(self, source: str, template: str, entries: list[Entry]):
        self.source = source
        self.template = template
        self.entries = entries
        self.exact = {e.exact: e for e in entries if e.exact}
        self.bands = [e for e in entries if not e.exact]
        # low <= k/n < high (<= when high is 1) in whole numbers, for entry()
        self._bounds = [(e.low.numerator, e.low.denominator, e.high.numerator, e.high.denominator,
                         e.high == 1, e) for e in self.bands]
        get = self.exact.get
        self._none, self._all, self._one, self._half = get("none"), get("all"), get("one"), get("half")

    def entry(self, k: int, n: int) -> Entry | None:
        """The entry for k of n (n >= 1, 0 <= k <= n), None if the file has none."""
        if k == 0 and self._none:
            return self._none
        if k == n and self._all:
            return self._all
        if k == 1 and self._one:
            return self._one
        if 2 * k == n and self._half:
            return self._half
        for lo_n, lo_d, hi_n, hi_d, closed, entry in self._bounds:
            if lo_n * n <= k * lo_d and (k * hi_d < hi_n * n or closed):
                return entry
        return None

    def _entry(self, k, n) -> Entry:
        _check_count(k, n)
        return self.entry(k, n)

    def phrase(self, k: int, n: int) -> str:
        return self._entry(k, n).phrase

    def group(self, k: int, n: int) -> str:
        return self._entry(k, n).group

    def sentence(self, k: int, n: int, text: str = "") -> str:
        rest = _continuation(text)
        words = self.template.format(group=self.group(k, n), k=k, n=n, text=rest)
        words = " ".join(words.split())
        words = words[:1].upper() + words[1:]
        return words if words.endswith(_ENDS) else words + "."


# -- the public functions --------------------------------------------------------------------
def phrase(k: int, n: int, forms: Path | str | None = None) -> str:
    """k of n diensten in words: "een kleine meerderheid" for 15 of 28, "alle" for n of n."""
    return quantifiers(forms).phrase(k, n)


def group(k: int, n: int, forms: Path | str | None = None) -> str:
    """The diensten as they follow "Bij": "een kleine meerderheid van de diensten", "één dienst"."""
    return quantifiers(forms).group(k, n)


def sentence(k: int, n: int, text: str = "", forms: Path | str | None = None) -> str:
    """A rode draad's sentence: "Bij een kleine meerderheid van de diensten (15 van 28) is een
    structureel innovatiebudget beschikbaar."

    ``text`` (the draad's conclusion) continues the sentence after the count: its first
    letter is made small unless the word is written in capitals ("ODNL", "IJmond" stay), ends
    of spaces and full stops are dropped, and the sentence gets its capital and one full stop
    (a "?" or "!" of the text stays). Without a text: "Bij één dienst (1 van 28)."
    """
    return quantifiers(forms).sentence(k, n, text)


def visit_dates(start: str | date, end: str | date | None = None) -> str:
    """A visit's dates as the report's Bijlage 1 writes them (ISO strings or dates):

    "17 oktober 2022"; "17 en 18 oktober 2022"; "30 september en 1 oktober 2022";
    "31 december 2022 en 1 januari 2023"; three days "3, 4 en 5 oktober 2022" (the month once
    per month, the year once per year: "30 september, 1 en 2 oktober 2022"); longer "3 t/m 7
    oktober 2022", "28 september t/m 2 oktober 2022".
    """
    s = _as_date(start, "begindatum")
    e = _as_date(end, "einddatum") if end is not None else s
    if e < s:
        raise InputError(f"bezoek van {s.isoformat()} tot {e.isoformat()}: de einddatum ligt vóór "
                         "de begindatum")
    days = (e - s).days + 1
    if days > 3:
        return f"{_day_text(s, s.year != e.year or s.month != e.month, s.year != e.year)} t/m " \
               f"{_day_text(e, True, True)}"
    dates = [date.fromordinal(s.toordinal() + i) for i in range(days)]
    items = []
    for i, d in enumerate(dates):
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        month_ends = nxt is None or (nxt.year, nxt.month) != (d.year, d.month)
        year_ends = nxt is None or nxt.year != d.year
        items.append(_day_text(d, month_ends, year_ends))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


# -- reading and checking the file -----------------------------------------------------------
_cache: dict[tuple, Quantifiers] = {}
_lock = threading.Lock()


def quantifiers_file(forms: Path | str | None = None) -> Path:
    """The quantifiers.yaml the central side uses: in ``forms`` (default: the installed
    forms/), else the program's own."""
    folder = Path(forms) if forms else forms_dir()
    path = folder / FILE
    if not path.is_file() and not forms:
        own = project_root() / "forms" / FILE
        if own.is_file():
            return own
    return path


def quantifiers(forms: Path | str | None = None) -> Quantifiers:
    """The checked quantifiers.yaml (cached until the file changes); FormError when broken."""
    path = quantifiers_file(forms)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise FormError(f"{path}: bestand ontbreekt; het zegt hoe het rode-dradenrapport "
                        "aantallen diensten formuleert ('een kleine meerderheid')") from None
    key = (str(path), st.st_size, st.st_mtime_ns)
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = load_quantifiers(path)
            _cache.clear()
            _cache[key] = found
    return found


def load_quantifiers(path: Path | str) -> Quantifiers:
    """Read and check one quantifiers.yaml (no cache). Raises FormError naming file, line, field."""
    from visitor_app.domain.framework import _read_yaml  # the one reader of forms/ files
    path = Path(path)
    content, node = _read_yaml(path)
    problems = Problems(str(path), node)
    SPEC.check(content, (), problems)
    if not problems.items:
        _check_template(content["sentence"], problems)
        entries = _entries(content["quantifiers"], problems)
    if problems.items:
        raise FormError(_summary(path, problems.items))
    result = Quantifiers(str(path), content["sentence"], entries)
    _check_counts(result, problems)
    if problems.items:
        raise FormError(_summary(path, problems.items))
    return result


def _summary(path: Path, items: list[str]) -> str:
    head = f"De formuleringen van aantallen in {path} bevatten fouten:\n- " + "\n- ".join(items[:20])
    if len(items) > 20:
        head += f"\n- ... en nog {len(items) - 20} fout(en)"
    return head


def _check_template(template: str, problems: Problems) -> None:
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        problems.add(("sentence",), f"ongeldige zin ({exc}); gebruik {{group}}, {{k}}, {{n}} en {{text}}")
        return
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    missing = [p for p in PLACEHOLDERS if p not in names]
    if unknown:
        problems.add(("sentence",), "onbekende plaats(en) " + ", ".join(f"{{{u}}}" for u in unknown)
                     + "; toegestaan: {group}, {k}, {n}, {text}")
    if missing:
        problems.add(("sentence",), "de zin mist " + ", ".join(f"{{{m}}}" for m in missing))


def _entries(raw: list[dict], problems: Problems) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        path = ("quantifiers", i)
        exact = item.get("exact")
        bounds = [key for key in ("from", "to") if key in item]
        if exact is not None:
            if bounds:
                problems.add(path + (bounds[0],), f"'{item['phrase']}' heeft een vaste regel (exact: "
                             f"{exact}) en een reeks; kies één van beide")
            if exact in seen:
                problems.add(path + ("exact",), f"de regel exact: {exact} staat er al bij "
                             f"quantifiers[{seen[exact]}]")
            seen[exact] = i
            entries.append(Entry(i, item["phrase"], item["group"], exact=exact))
            continue
        if len(bounds) < 2:
            absent = "from" if "from" not in item else "to"
            problems.add(path, f"'{item['phrase']}' mist '{absent}' (of een vaste regel 'exact')")
            continue
        low, high = parse_ratio(item["from"]), parse_ratio(item["to"])
        if low >= high:
            problems.add(path + ("to",), f"'{item['phrase']}': to ({item['to']}) moet groter zijn "
                         f"dan from ({item['from']})")
        entries.append(Entry(i, item["phrase"], item["group"], low=low, high=high))
    bands = [e for e in entries if not e.exact]
    if not bands:
        problems.add(("quantifiers",), "geen enkele reeks (from, to): de aantallen tussen de vaste "
                     "regels krijgen geen formulering")
        return entries
    if bands[0].low != 0:
        problems.add(("quantifiers", bands[0].rank, "from"), f"'{bands[0].phrase}' is de eerste reeks "
                     f"en begint bij {_ratio(bands[0].low)}, niet bij 0: daaronder krijgt een aantal "
                     "geen formulering")
    for before, after in zip(bands, bands[1:]):
        where = ("quantifiers", after.rank, "from")
        if after.low > before.high:
            problems.add(where, f"gat: '{before.phrase}' houdt op bij {_ratio(before.high)}, "
                         f"'{after.phrase}' begint pas bij {_ratio(after.low)}")
        elif after.low < before.high:
            problems.add(where, f"overlap: '{after.phrase}' begint bij {_ratio(after.low)}, maar "
                         f"'{before.phrase}' (ervoor in de lijst) loopt tot {_ratio(before.high)}")
    if bands[-1].high != 1:
        problems.add(("quantifiers", bands[-1].rank, "to"), f"'{bands[-1].phrase}' is de laatste "
                     f"reeks en houdt op bij {_ratio(bands[-1].high)}, niet bij 1: daarboven krijgt "
                     "een aantal geen formulering")
    return entries


def _check_counts(q: Quantifiers, problems: Problems) -> None:
    """For every N up to CHECKED_UP_TO: each k has a phrase, and a larger k never gets a phrase
    that stands earlier in the list. The first offence is reported."""
    for n in range(1, CHECKED_UP_TO + 1):
        previous = None
        for k in range(n + 1):
            entry = q.entry(k, n)
            if entry is None:
                problems.add(("quantifiers",), f"{k} van {n} krijgt geen formulering")
                return
            if previous is not None and entry.rank < previous.rank:
                problems.add(("quantifiers", previous.rank),
                             f"niet oplopend: {k - 1} van {n} is '{previous.phrase}', maar {k} van "
                             f"{n} is '{entry.phrase}', dat eerder in de lijst staat; zet de "
                             "formuleringen van weinig naar veel")
                return
            previous = entry


def _ratio(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


# -- small helpers ---------------------------------------------------------------------------
_ENDS = (".", "!", "?", "…")


def _check_count(k, n) -> None:
    for value, what in ((k, "aantal diensten"), (n, "totaal aantal diensten")):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"{what}: geheel getal verwacht, gevonden: {describe(value)}")
    if n < 1:
        raise InputError(f"{k} van {n}: er is geen enkele dienst om van te tellen")
    if not 0 <= k <= n:
        raise InputError(f"{k} van {n}: het aantal diensten ligt niet tussen 0 en {n}")


def _continuation(text: str | None) -> str:
    """``text`` as the rest of a sentence: stripped, without its final full stop(s), first
    letter small unless the first word is written with more capitals."""
    rest = " ".join((text or "").split())
    while rest.endswith(".") and not rest.endswith("..."):
        rest = rest[:-1].rstrip()
    if rest[:1].isupper() and not rest[1:2].isupper():
        rest = rest[:1].lower() + rest[1:]
    return rest


def _as_date(value, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what} {value!r}: geen datum (verwacht: JJJJ-MM-DD)") from None


def _day_text(d: date, month: bool, year: bool) -> str:
    text = str(d.day)
    if month:
        text += f" {MONTHS[d.month - 1]}"
    if year:
        text += f" {d.year}"
    return text
