"""The Rode draden rapportage from a central database: a generated cycle of 28 visitations
with planted rode draden (tests/rode_draden/cycle.py), the analyst's draden made from the
planted topics (also in cells that mix topics), and the report written from it. The
draden's counts equal the planted ones, the phrases follow forms/quantifiers.yaml, and the
chapters, Bijlage 1 (date order, Dutch dates) and Bijlage 3 (per dienst) are in the DOCX."""

from __future__ import annotations

import json
import zipfile

import pytest
from docx import Document

from visitor_app.rode_draden import wording
from visitor_app.rode_draden.central_report import build_model, write_central_report
from visitor_app.rode_draden.database import CentralDb

pytestmark = pytest.mark.slow


@pytest.fixture
def worked(cycle, tmp_path):
    """The cycle imported, and a rode draad per planted topic (named after it)."""
    db = CentralDb.open(tmp_path / "centraal.db", create=True)
    db.import_packages(cycle.paths, cycle="2022-2024")
    by_topic: dict[str, list[dict]] = {}
    for f in db.findings():
        topic = cycle.label(f["visitation_id"], f["text"])
        if topic:
            by_topic.setdefault(topic, []).append(f)
    threads = {}
    for topic, found in by_topic.items():
        threads[topic] = db.new_thread(found[0]["theme"], topic, [f["id"] for f in found])
    yield db, cycle, threads
    db.close()


def paragraphs(path) -> list[tuple[str, str]]:
    doc = Document(str(path))
    return [(p.style.name, p.text) for p in doc.paragraphs if p.text.strip()]


def test_the_draden_count_the_planted_diensten_in_the_words_of_forms(worked):
    db, cycle, threads = worked
    n = db.n_diensten()
    assert n == 28
    shown = {t["id"]: t for t in db.threads()}
    for topic, thread_id in threads.items():
        t = shown[thread_id]
        assert t["diensten"] == cycle.counts[topic], topic
        assert t["van"] == 28 and t["formulering"] == wording.phrase(cycle.counts[topic], 28)
    counts = sorted(cycle.counts.values())
    assert 15 in counts and 4 in counts and 11 in counts  # the seed's, also where cells mix topics
    model = build_model(db)
    draden = [d for theme in model.themes for d in theme.draden]
    assert {(d.k, d.phrase) for d in draden} >= {(15, "een kleine meerderheid"), (28, "alle")}
    assert all(f"({d.k} van 28)" in d.sentence for d in draden)
    for theme in model.themes:  # most diensten first
        assert [d.k for d in theme.draden] == sorted((d.k for d in theme.draden), reverse=True)


def test_the_report_has_the_chapters_bijlage_1_in_date_order_and_bijlage_3_per_dienst(worked, tmp_path):
    db, cycle, _threads = worked
    db.set_text("voorwoord", "Dit is het voorwoord van de analist.")
    theme = db.counted_themes()[0]["id"]
    db.set_text("conclusie", "Eerste conclusie.\nTweede conclusie.", theme=theme)
    out = tmp_path / "rode-draden.docx"
    result = write_central_report(db, out)
    assert result["visits"] == 28 and result["draden"] == len(db.threads())
    paras = paragraphs(out)
    texts = [t for _s, t in paras]
    headings = [t for s, t in paras if s == "Heading 1"]
    assert "Dit is het voorwoord van de analist." in texts
    assert any(h.endswith("Inleiding") for h in headings)
    for t in db.counted_themes():
        assert any(t["name"] in h for h in headings), t["name"]
    assert any("Eerste conclusie." in t for t in texts) and any("Tweede conclusie." in t for t in texts)
    # Bijlage 1: every visit, numbered, in date order, its dates as the seed writes them
    ordered = sorted(cycle.diensten, key=lambda d: d["start"])
    lines = [t for t in texts if t.endswith(")") and any(d["dienst"] in t for d in ordered)]
    listed = [next(d for d in ordered if f" {d['dienst']} (" in f" {line}") for line in lines
              if any(f" {d['dienst']} (" in f" {line}" for d in ordered)]
    first = ordered[0]
    expected = f"{first['dienst']} ({wording.visit_dates(first['start'], first['end'])})"
    assert any(expected in t for t in texts), expected
    assert [d["start"] for d in listed[:28]] == sorted(d["start"] for d in listed[:28])
    # Bijlage 3: a row per dienst in its table, and the diensten without basis op orde
    doc = Document(str(out))
    cells = {c.text for table in doc.tables for row in table.rows for c in row.cells}
    assert {d["dienst"] for d in cycle.diensten} <= cells
    without = [d["dienst"] for d in db.without_basis()]
    assert without and all(any(w in t for t in texts) for w in without)


def test_the_review_version_carries_the_klankbordgroep_comments(worked, tmp_path):
    db, _cycle, threads = worked
    thread = next(iter(threads.values()))
    db.add_comment(1, "Is dit niet te stellig?", thread=thread)
    out = tmp_path / "review.docx"
    write_central_report(db, out, review=True)
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "Is dit niet te stellig?" in comments
    plain = tmp_path / "concept.docx"
    write_central_report(db, plain)
    with zipfile.ZipFile(plain) as z:
        assert "word/comments.xml" not in z.namelist() or "stellig" not in z.read(
            "word/comments.xml").decode("utf-8")
    json.dumps(build_model(db).cycle)  # the model holds plain data


def test_the_cli_proposes_draden_and_writes_the_report_with_its_options(cycle, tmp_path, capsys):
    from visitor_app.cli import main
    db_path = tmp_path / "c.db"
    assert main(["central", "import", str(db_path), *map(str, cycle.paths), "--cyclus", "2022-2024"]) == 0
    capsys.readouterr()
    assert main(["central", "voorstellen", str(db_path), "--json"]) == 0
    proposals = json.loads(capsys.readouterr().out)
    assert proposals and all(p["diensten"] >= 2 and len(p["bevindingen"]) >= 2 for p in proposals)
    assert set(proposals[0]) == {"thema", "soort", "bevindingen", "diensten", "voorbeeld"}
    first = proposals[0]
    assert main(["central", "draad", "nieuw", str(db_path), "--thema", first["thema"], "--naam", "Voorstel",
                 "--zin", "zeggen de commissies hetzelfde", *sum((["--bevinding", i] for i in first["bevindingen"]), []),
                 "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["diensten"] == first["diensten"]
    assert made["zin"].endswith(f"({first['diensten']} van 28) zeggen de commissies hetzelfde.")
    assert main(["central", "voorstellen", str(db_path), "--alleen-los", "--json"]) == 0
    assert all(set(p["bevindingen"]).isdisjoint(first["bevindingen"]) for p in json.loads(capsys.readouterr().out))
    out = tmp_path / "r.docx"
    assert main(["central", "export", str(db_path), "--docx", str(out), "--alle-bevindingen"]) == 0
    assert "Concept Rode draden rapportage geschreven" in capsys.readouterr().out
    texts = [t for _s, t in paragraphs(out)]
    assert made["zin"] in texts
    assert main(["central", "tekst", str(db_path), "--onderdeel", "conclusie", "--tekst", "x"]) == 1
    assert "hoort bij een thema" in capsys.readouterr().err


def test_the_xlsx_has_a_screening_row_per_finding_and_the_oordelen_per_dienst(worked, tmp_path):
    from openpyxl import load_workbook

    from visitor_app.rode_draden.exports import write_overview_xlsx
    db, cycle, threads = worked
    moved = next(f for f in db.findings() if not f["threads"])
    other = next(t for t in db.counted_themes() if t["id"] != moved["theme"])
    db.move_finding(moved["id"], other["id"])
    out = tmp_path / "overzicht.xlsx"
    write_overview_xlsx(db, out)
    wb = load_workbook(out, read_only=True)
    rows = list(wb["Screening"].iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    assert head[:9] == ("Cyclus", "Dienst", "Bezoek van", "Bezoek tot", "Thema", "Subthema", "Soort",
                        "Bevinding", "Rode draad")
    assert len(body) == len(db.findings())
    by_id = {r[11]: r for r in body}
    row = by_id[moved["id"]]
    assert row[0] == "2022-2024" and other["name"] in row[4] and row[9]  # re-sorted, original beside it
    topic, thread = next(iter(threads.items()))
    in_draad = [r for r in body if r[8] == topic]
    assert len({r[1] for r in in_draad}) == cycle.counts[topic]
    per = list(wb["Oordelen per dienst"].iter_rows(values_only=True))
    assert {r[0] for r in per[1:29]} == {d["dienst"] for d in cycle.diensten}
    without = {d["dienst"] for d in db.without_basis()}
    assert without and all(any(r[0] == name and "niet op orde" in r for r in per[1:29]) for name in without)
    assert per[0][-1] == "Opvolging vorige visitatie"
    followed = {d["dienst"] for d in cycle.diensten if d["follow_up"]}
    assert followed and {r[0] for r in per[1:29] if r[-1]} == followed


def test_chapters_follow_the_letters_and_a_letter_stays_one_themes(worked):
    from visitor_app.errors import InputError
    db, _cycle, _threads = worked
    themes = [t["id"] for t in db.counted_themes()]
    letters = "ABCDEF"[:len(themes)]
    for theme, letter in zip(reversed(themes), letters):  # the last theme of the framework is A
        db.set_letter(theme, letter)
    assert [t.letter for t in build_model(db).themes] == list(letters)
    first, second = db.counted_themes()[0]["id"], db.counted_themes()[1]["id"]
    db.merge_theme(second, first)
    with pytest.raises(InputError, match="geen eigen letter"):
        db.set_letter(second, "Z")
    db.set_letter(first, None)
    db.set_letter(db.counted_themes()[-1]["id"], None)
    letter_of_second = next(t for t in db.themes() if t["id"] == second)["letter"]
    db.set_letter(first, letter_of_second)  # the merged one's letter, now free to take
    with pytest.raises(InputError, match="hoort nu bij"):
        db.merge_theme(second, None)  # counted apart again, its letter would be taken twice
    assert next(t for t in db.themes() if t["id"] == second)["merged_into"] == first
