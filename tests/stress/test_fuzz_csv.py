"""Issue 11, proof: Hypothesis fuzzing of the CSV import (import-notes and import-findings).

Inputs: random bytes; and CSV built from parts: a header of right, wrong, doubled or
missing columns, any of the three separators, a BOM or none, UTF-8 / UTF-16 / cp1252,
cells with quotes, separators, line breaks, control characters, lone surrogates, huge
fields, many rows. The property: the import either takes every data row (the count goes
up by what it returns) or refuses with a Dutch InputError that names the file (and the
line where there is one), and then the visitation file is byte for byte as before. No
other exception, never a part of the rows. Both frameworks.

Examples: MAX_EXAMPLES in the suite, STRESS_EXAMPLES under ``make stress``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FRAMEWORKS, MEMBERS
from visitor_app.domain.framework import load_framework
from visitor_app.errors import InputError
from visitor_app.services import Visitation
from visitor_app.services.csv_import import import_findings, import_notes

STRESS = bool(os.environ.get("VISITATIE_STRESS"))
MAX_EXAMPLES, STRESS_EXAMPLES = 40, 1500
FUZZ = settings(max_examples=STRESS_EXAMPLES if STRESS else MAX_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

pytestmark = pytest.mark.stress


@pytest.fixture(scope="module", params=list(FRAMEWORKS))
def fuzzed(request, tmp_path_factory):
    """One visitation per framework for all examples (the count tells what an import did)."""
    framework = load_framework(FRAMEWORKS[request.param])
    path = tmp_path_factory.mktemp("fuzz-csv") / "fuzz.visitatie"
    visit = Visitation.create(path, "Omgevingsdienst Veenland", "2026-03-02", "2026-03-03",
                              members=MEMBERS, framework=framework)
    yield visit
    visit.close()


# Python's own (English) error texts that must not reach the user (the csv module's
# "field larger than field limit" is one; the import words its own message around it).
ENGLISH = re.compile(r"[A-Z][a-z]+Error|exceed|expected|Expecting|larger than|field limit|"
                     r"new-line character|unexpected end")


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def words(visit) -> dict[str, list[str]]:
    fw = visit.framework
    return {"thema": [t["id"] for t in fw.themes] + [t["name"] for t in fw.themes] + ["geen-thema"],
            "soort": [k["id"] for k in fw.observation_kinds] + [k["name"] for k in fw.observation_kinds]
                     + [k["name"] for k in fw.finding_kinds] + ["onbekend"],
            "auteur": [m[0] for m in MEMBERS] + ["Onbekende Persoon", ""],
            "vastgepind": ["ja", "nee", "", "misschien"],
            "gesprek": ["1 09:00", "", "9 25:61", "onbekend gesprek"]}


HOSTILE = st.sampled_from(["\x00", "\x0b", "\x0c", "\x1b", "\ufeff", "\ud800", "\r", "\r\n", "\n",
                           '"', '""', ";", ",", "\t", "e\u0301", "\u202e", "\x7f", "\uffff"])
TEXT = st.lists(st.one_of(st.text(max_size=30), HOSTILE), max_size=6).map("".join)
COLUMNS = ["thema", "soort", "tekst", "subthema", "gesprek", "auteur", "bron", "vastgepind",
           "Thema ", "TEKST", "onbekend", ""]


SOUND_TEXT = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
                                HOSTILE.filter(lambda c: c != "\ud800")), max_size=6).map("".join)


def sound_words(visit, findings: bool) -> dict[str, list[str]]:
    """Only values the import takes (the kinds of the table imported into)."""
    fw = visit.framework
    kinds = fw.finding_kinds if findings else fw.observation_kinds
    return {"thema": [t["id"] for t in fw.themes] + [t["name"].upper() for t in fw.themes],
            "soort": [k["id"] for k in kinds] + [k["name"] for k in kinds],
            "auteur": [m[0] for m in MEMBERS] + [""], "vastgepind": ["ja", "nee", "", "X"],
            "gesprek": [""]}


@st.composite
def csv_files(draw, visit) -> tuple[bytes, bool]:
    """(the bytes of a CSV file, whether it goes to import-findings). Half of them sound in
    every respect, so that the import's "all" side is exercised as much as its refusals."""
    findings = draw(st.booleans())
    sound = draw(st.booleans())
    if sound:
        optional = ["bron"] if findings else ["auteur", "bron", "vastgepind"]
        header = draw(st.permutations(["thema", "soort", "tekst",
                                       *draw(st.lists(st.sampled_from(optional), unique=True))]))
        vocabulary = sound_words(visit, findings)
        if findings:
            header = [h for h in header if h != "bron"]
    else:
        header = draw(st.one_of(
            st.just(["thema", "soort", "tekst"]),
            st.permutations(["thema", "soort", "tekst", "auteur", "vastgepind"]).map(list),
            st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=7)))
        vocabulary = words(visit)
    sep = draw(st.sampled_from([",", ";", "\t"]))
    rows = []
    for _ in range(draw(st.integers(1 if sound else 0, 12))):
        row = []
        for col in header:
            known = vocabulary.get(col.strip().casefold())
            if sound:
                cell = draw(st.sampled_from(known)) if known else "t" + draw(SOUND_TEXT)
            else:
                cell = draw(st.one_of(st.sampled_from(known), TEXT) if known else TEXT)
            row.append(cell)
        if not sound and draw(st.integers(0, 9)) == 0:
            row.append(draw(TEXT))  # one field too many
        if not sound and draw(st.integers(0, 19)) == 0:
            row[:1] = ["x" * draw(st.sampled_from([1000, 140_000]))]  # a huge field
        rows.append(row)

    def cell(value: str) -> str:
        if not sound and draw(st.integers(0, 3)) == 0:
            return value  # unquoted, whatever is in it
        return '"' + value.replace('"', '""') + '"'

    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(sep.join(cell(c) for c in row) for row in [header, *rows])
    if draw(st.booleans()):
        text += newline
    encodings = ["utf-8", "utf-8-sig"] if sound else ["utf-8", "utf-8-sig", "utf-16", "cp1252"]
    encoding = draw(st.sampled_from(encodings))
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    if not sound and draw(st.integers(0, 9)) == 0:  # a damaged byte somewhere
        at = draw(st.integers(0, max(0, len(data) - 1)))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data, findings


OUTCOMES = {"imported": 0, "refused": 0}


def import_once(visit, tmp_path, data: bytes, findings: bool = False) -> None:
    table = "findings" if findings else "observations"
    csv = tmp_path / "invoer.csv"
    csv.write_bytes(data)
    before, digest = visit.store.count(table), sha256(visit.path)
    try:
        count = (import_findings(visit, csv) if findings else import_notes(visit, csv))
    except InputError as exc:
        assert exc.message.startswith("invoer.csv"), exc.message  # names the file
        assert not ENGLISH.search(exc.message), exc.message
        if re.search(r"regel|kolom", exc.message) is None:
            assert re.search(r"leeg|geen regels", exc.message), exc.message
        assert visit.store.count(table) == before and sha256(visit.path) == digest, "a part was written"
        OUTCOMES["refused"] += 1
    else:
        OUTCOMES["imported"] += 1
        assert count > 0 and visit.store.count(table) == before + count
    assert not visit.store.conn.in_transaction


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_import_all_or_refuse(fuzzed, tmp_path, data):
    import_once(fuzzed, tmp_path, data)


def test_structured_csv_imports_all_or_refuses(fuzzed, tmp_path):
    @FUZZ
    @given(made=csv_files(fuzzed))
    def run(made):
        data, findings = made
        import_once(fuzzed, tmp_path, data, findings)

    run()
    print(f"CSV fuzz so far: {OUTCOMES}")


def test_a_huge_csv_is_refused_within_bounded_memory(fuzzed, tmp_path):
    """A 40 MB file of one unquoted field: refused, and memory stays within a few times its size."""
    csv = tmp_path / "groot.csv"
    fw = fuzzed.framework
    with open(csv, "w", encoding="utf-8") as fh:
        fh.write("thema,soort,tekst\n")
        fh.write(f"{fw.themes[0]['id']},{fw.observation_kinds[0]['id']},")
        for _ in range(40):
            fh.write("y" * 1_000_000)
        fh.write("\n")
    before = fuzzed.store.count("observations")
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="groot.csv"):
            import_notes(fuzzed, csv)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert fuzzed.store.count("observations") == before
    print(f"peak {peak / 2**20:.0f} MB for a 40 MB file")
    assert peak < 200 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB for a 40 MB file"
