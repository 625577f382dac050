"""The Rode draden rapportage from plain data (rode_draden/report.py): the seed's structure,
the draden as given with their sentences, Bijlage 1 in order with the dates as written,
Bijlage 3 per dienst, the optional raw annex, review comments as real Word comments, hints
where a text is still to be written, and a model that names diensten only. Fictional
diensten throughout."""

from __future__ import annotations

import copy
import dataclasses
import typing
import zipfile
from pathlib import Path

import pytest
from docx import Document

from visitor_app.errors import FormError, InputError
from visitor_app.rode_draden import report
from visitor_app.rode_draden.report import (
    BasisItem, BasisOpOrde, BasisRow, BasisValue, CrossTable, RawFinding, ReportDraad,
    ReportModel, ReportTheme, ReportVisit, ReviewComment, load_report_texts, write_report)

ROOT = Path(__file__).resolve().parents[2]
TEXTS = load_report_texts(ROOT / "forms")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def model(raw: bool = True, **changes) -> ReportModel:
    m = ReportModel(
        cycle="2031-2033", n=4,
        voorwoord="",
        inleiding="De visitaties van vier diensten.\n\nEen tweede alinea.",
        themes=[
            ReportTheme(id="samenspel", name="Samenspel met het bestuur", letter="A",
                        introduction="Over bestuur en directie.",
                        draden=[ReportDraad(id="d-klein", name="Weinig agenda", k=1, n=4,
                                            phrase="één", sentence="Bij één dienst (1 van 4) "
                                            "staat de toekomst op de agenda."),
                                ReportDraad(id="d-groot", name="Open werkrelatie", k=3, n=4,
                                            phrase="de meeste", sentence="Bij de meeste diensten "
                                            "(3 van 4) is de werkrelatie open.",
                                            conclusion="Vertrouwen groeit.")],
                        conclusion="1. Het vertrouwen groeit.\n2) De agenda blijft smal.\n- Derde."),
            ReportTheme(id="keten", name="Keten en partners", conclusion="Eén enkele conclusie."),
        ],
        integral="",
        visits=[ReportVisit(1, "OD Aardal", "17 en 18 oktober 2031", "opgevolgd 4, deels 1"),
                ReportVisit(2, "OD Beekveld", "31 januari en 1 februari 2032"),
                ReportVisit(3, "OD Cranendijk", "3 en 4 april 2032"),
                ReportVisit(4, "OD Dommelhoek", "30 en 31 oktober 2032")],
        basis=BasisOpOrde(
            items=[BasisItem("taken", "Taken en mandaat", "Alle taken zijn ingebracht."),
                   BasisItem("data", "Zaaksysteem")],
            rows=[BasisRow("OD Aardal", "Robuust", {"taken": BasisValue("Ja"),
                                                   "data": BasisValue("Nee", "Het systeem is oud.")}),
                  BasisRow("OD Beekveld", "Twijfel", {"taken": BasisValue("Ja"), "data": BasisValue("Ja")}),
                  BasisRow("OD Cranendijk")],
            without=["OD Aardal"], robuustheid_label="Robuustheid",
            cross=CrossTable(["Robuust", "Twijfel"], ["op orde", "niet op orde", "geen oordeel"],
                             [[0, 1, 0], [1, 0, 0]])),
        raw=[RawFinding("keten", "OD Beekveld", "Sterk punt", "Beekveld werkt goed samen."),
             RawFinding("samenspel", "OD Aardal", "Aanbeveling", "Aardal agendeert de toekomst.")]
        if raw else None,
        comments=[ReviewComment("d-groot", 2, "Klankbordgroep", "Is 'open' niet te stellig?",
                                "Formulering aangepast."),
                  ReviewComment("keten", 1, "Klankbordgroep", "Dit hoofdstuk mist de waterschappen.")],
    )
    return dataclasses.replace(m, **changes)


def write(tmp_path, m=None, **kw) -> tuple[dict, Document, Path]:
    path = tmp_path / "rode-draden.docx"
    result = write_report(m if m is not None else model(), path, **kw)
    return result, Document(str(path)), path


def body(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def after(paras, heading: str, until_style: str = "Heading 1") -> list[tuple[str, str]]:
    """The paragraphs after ``heading`` up to the next paragraph of ``until_style``."""
    i = next(i for i, (_, t) in enumerate(paras) if t == heading)
    out = []
    for style, text in paras[i + 1:]:
        if style == until_style:
            break
        out.append((style, text))
    return out


def chapter(title: str, number: int) -> str:
    return TEXTS["chapter"].format(number=number, title=title)


def annex(title: str, number: int) -> str:
    return TEXTS["annex"].format(number=number, title=title)


def test_the_chapters_come_in_the_seeds_order(tmp_path):
    result, doc, _ = write(tmp_path)
    headings = [t for s, t in body(doc) if s == "Heading 1"]
    assert headings == [
        TEXTS["voorwoord"]["title"],
        chapter(TEXTS["inleiding"]["title"], 1),
        chapter("Samenspel met het bestuur (thema A)", 2),
        chapter("Keten en partners", 3),
        chapter(TEXTS["integral"]["title"], 4),
        annex(TEXTS["visits"]["title"], 1),
        annex(TEXTS["method"]["title"], 2),
        annex(TEXTS["basis"]["title"], 3),
        annex(TEXTS["raw"]["title"], 4),
    ]
    assert result["themes"] == 2 and result["draden"] == 2 and result["visits"] == 4
    # the title page names the cycle and the number of diensten
    assert any("2031-2033" in t for _, t in body(doc)[:3])
    assert any(t == TEXTS["diensten"].format(n=4, cycle="2031-2033") for _, t in body(doc))


def test_a_themes_draden_come_as_given_with_their_sentences_and_conclusions(tmp_path):
    _, doc, _ = write(tmp_path)
    paras = after(body(doc), chapter("Samenspel met het bestuur (thema A)", 2))
    texts = [t for _, t in paras]
    assert texts[0] == "Over bestuur en directie."
    # as given (1 of 4 before 3 of 4: the order is the caller's), each sentence under its name
    assert texts.index("Weinig agenda") < texts.index("Open werkrelatie")
    small = texts.index("Weinig agenda")
    assert texts[small + 1] == "Bij één dienst (1 van 4) staat de toekomst op de agenda."
    assert TEXTS["theme"]["draad_conclusion_hint"] in texts[small + 2]  # no conclusion yet
    big = texts.index("Open werkrelatie")
    assert texts[big + 1:big + 3] == ["Bij de meeste diensten (3 van 4) is de werkrelatie open.",
                                      "Vertrouwen groeit."]
    # several conclusions: numbered 1., 2., 3., the numbers the analyst typed not doubled
    conclusions = texts[texts.index(TEXTS["theme"]["conclusions_title"]) + 1:]
    assert conclusions == ["1.\tHet vertrouwen groeit.", "2.\tDe agenda blijft smal.", "3.\tDerde."]
    # one conclusion: a plain paragraph; a theme without draden says so
    keten = [t for _, t in after(body(doc), chapter("Keten en partners", 3))]
    assert keten[-1] == "Eén enkele conclusie."
    assert TEXTS["theme"]["no_draden"] in keten


def test_a_sentence_without_its_count_gets_the_exact_count_beside_it(tmp_path):
    m = model()
    m.themes[0].draden[1].sentence = "Bij de meeste diensten is de werkrelatie open."
    _, doc, _ = write(tmp_path, m)
    assert "Bij de meeste diensten is de werkrelatie open. (3 van 4)" in [t for _, t in body(doc)]


def test_bijlage_1_lists_the_visits_numbered_in_order_with_their_dates(tmp_path):
    _, doc, _ = write(tmp_path)
    texts = [t for _, t in after(body(doc), annex(TEXTS["visits"]["title"], 1))]
    assert texts[0] == TEXTS["visits"]["intro"]
    assert texts[1:] == [
        "1.\tOD Aardal (17 en 18 oktober 2031)\n"
        + TEXTS["visits"]["follow_up"].format(text="opgevolgd 4, deels 1"),
        "2.\tOD Beekveld (31 januari en 1 februari 2032)",
        "3.\tOD Cranendijk (3 en 4 april 2032)",
        "4.\tOD Dommelhoek (30 en 31 oktober 2032)",
    ]


def test_bijlage_2_is_the_method_from_forms(tmp_path):
    _, doc, _ = write(tmp_path)
    texts = [t for _, t in after(body(doc), annex(TEXTS["method"]["title"], 2))]
    steps = TEXTS["method"]["steps"]
    assert texts[1:] == [f"{i}.\t{s}" for i, s in enumerate(steps, start=1)]
    _, doc, _ = write(tmp_path, model(method=["Eerst lezen.", "Dan ordenen."]))
    texts = [t for _, t in after(body(doc), annex(TEXTS["method"]["title"], 2))]
    assert texts[1:] == ["1.\tEerst lezen.", "2.\tDan ordenen."]


def test_bijlage_3_shows_basis_op_orde_per_dienst_the_diensten_without_it_and_the_cross_table(tmp_path):
    _, doc, _ = write(tmp_path)
    t = TEXTS["basis"]
    paras = after(body(doc), annex(t["title"], 3))
    texts = [x for _, x in paras]
    assert "1.\tTaken en mandaat: Alle taken zijn ingebracht." in texts
    assert "2.\tZaaksysteem" in texts
    per_dienst, cross = doc.tables
    rows = [[c.text for c in r.cells] for r in per_dienst.rows]
    assert rows == [[t["dienst_column"], "Robuustheid", "1", "2"],
                    ["OD Aardal", "Robuust", "Ja", "Nee"],
                    ["OD Beekveld", "Twijfel", "Ja", "Ja"],
                    ["OD Cranendijk", t["not_given"], t["not_given"], t["not_given"]]]
    # the toelichting per dienst, under the dienst
    i = texts.index(t["toelichting"])
    assert texts[i + 1:i + 3] == ["OD Aardal", "Zaaksysteem (Nee): Het systeem is oud."]
    # the diensten without basis op orde, as a list
    j = texts.index(t["without"])
    assert texts[j + 1] == "OD Aardal" and paras[j + 1][0] == "List Bullet"
    assert [[c.text for c in r.cells] for r in cross.rows] == [
        ["Robuustheid", "op orde", "niet op orde", "geen oordeel"],
        ["Robuust", "0", "1", "0"], ["Twijfel", "1", "0", "0"]]


def test_bijlage_3_without_oordelen_says_so_and_all_on_orde_says_so(tmp_path):
    _, doc, _ = write(tmp_path, model(basis=None))
    assert TEXTS["basis"]["none"] in [t for _, t in body(doc)]
    assert doc.tables == []
    m = model()
    m.basis.without = []
    _, doc, _ = write(tmp_path, m)
    assert TEXTS["basis"]["without_none"] in [t for _, t in body(doc)]


def test_the_raw_annex_is_there_only_when_the_model_holds_it(tmp_path):
    result, doc, _ = write(tmp_path)
    paras = after(body(doc), annex(TEXTS["raw"]["title"], 4))
    # per theme in report order, then per dienst
    assert [t for _, t in paras[1:]] == [
        "Samenspel met het bestuur", "OD Aardal", "Aanbeveling: Aardal agendeert de toekomst.",
        "Keten en partners", "OD Beekveld", "Sterk punt: Beekveld werkt goed samen."]
    assert result["findings"] == 2
    result, doc, _ = write(tmp_path, model(raw=False))
    headings = [t for s, t in body(doc) if s == "Heading 1"]
    assert annex(TEXTS["raw"]["title"], 4) not in headings and result["findings"] == 0
    assert headings[-1] == annex(TEXTS["basis"]["title"], 3)


def _comments(path: Path) -> list[str]:
    """The texts of the Word comments in the document's comments part (word/comments.xml)."""
    from lxml import etree
    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        root = etree.fromstring(z.read("word/comments.xml"))
    return ["\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
            for c in root.iter(W + "comment")]


def _commented(doc) -> list[str]:
    """The text of each paragraph of the body that holds a comment's range."""
    return ["".join(t.text or "" for t in p.iter(W + "t"))
            for p in doc.element.body.iter(W + "p") if p.find(W + "commentRangeStart") is not None]


def test_the_review_version_carries_the_comments_as_word_comments(tmp_path):
    result, doc, path = write(tmp_path, review=True)
    c = TEXTS["review"]
    assert _comments(path) == [
        c["comment"].format(round=1, group="Klankbordgroep", text="Dit hoofdstuk mist de waterschappen."),
        c["comment"].format(round=2, group="Klankbordgroep", text="Is 'open' niet te stellig?")
        + "\n" + c["handling"].format(handling="Formulering aangepast."),
    ]
    assert result["comments"] == 2
    # on the theme's heading and on the draad's sentence
    assert sorted(_commented(doc)) == sorted([chapter("Keten en partners", 3),
                                              "Bij de meeste diensten (3 van 4) is de werkrelatie open."])
    assert any(TEXTS["review_status"] in t for _, t in body(doc)[:4])


def test_the_draft_carries_no_comments(tmp_path):
    result, doc, path = write(tmp_path)
    assert _comments(path) == [] and _commented(doc) == [] and result["comments"] == 0


def test_empty_texts_show_their_hints_from_forms(tmp_path):
    m = model(inleiding="", themes=[ReportTheme(id="leeg", name="Een leeg thema")], raw=False,
              comments=[])
    _, doc, _ = write(tmp_path, m)
    hints = [t for s, t in body(doc) if s == "Hint"]
    mark = TEXTS["to_write"]
    for hint in (TEXTS["voorwoord"]["hint"], TEXTS["inleiding"]["hint"], TEXTS["integral"]["hint"],
                 TEXTS["theme"]["introduction_hint"], TEXTS["theme"]["conclusions_hint"]):
        assert f"{mark} {hint}" in hints


def test_the_titles_and_hints_come_from_forms(tmp_path):
    texts = copy.deepcopy(TEXTS)
    texts["voorwoord"]["title"] = "Ten geleide"
    texts["chapter"] = "Hoofdstuk {number}: {title}"
    texts["theme"]["title_letter"] = "Thema {letter} – {name}"
    _, doc, _ = write(tmp_path, texts=texts)
    headings = [t for s, t in body(doc) if s == "Heading 1"]
    assert headings[:3] == ["Ten geleide", f"Hoofdstuk 1: {TEXTS['inleiding']['title']}",
                            "Hoofdstuk 2: Thema A – Samenspel met het bestuur"]


def test_the_report_texts_file_is_checked_and_another_framework_falls_back_to_the_programs(tmp_path):
    assert load_report_texts(ROOT / "tests/fixtures/forms_alt") == TEXTS  # it has none of its own
    bad = tmp_path / "forms"
    bad.mkdir()
    text = (ROOT / "forms/central_report.yaml").read_text(encoding="utf-8")
    (bad / "central_report.yaml").write_text(text.replace('  title: "Rode draden rapportage"\n', ""),
                                             encoding="utf-8")
    with pytest.raises(FormError) as err:
        load_report_texts(bad)
    assert "central_report.yaml" in str(err.value) and "'title' ontbreekt" in str(err.value)


def test_a_model_of_plain_dicts_writes_the_same_report(tmp_path):
    m = model()
    _, doc, _ = write(tmp_path, dataclasses.asdict(m))
    _, again, _ = write(tmp_path, m)
    assert body(doc) == body(again)
    plain = dataclasses.asdict(m)
    del plain["themes"][0]["draden"][1]["k"]
    with pytest.raises(InputError, match=r"model\.themes\[0\]\.draden\[1\]: verplicht veld 'k'"):
        write_report(plain, tmp_path / "fout.docx")
    plain = dataclasses.asdict(m)
    plain["visits"][0]["number"] = "een"
    with pytest.raises(InputError, match=r"model\.visits\[0\]\.number: geheel getal"):
        write_report(plain, tmp_path / "fout.docx")
    assert not (tmp_path / "fout.docx").exists()


@pytest.mark.parametrize("change, message", [
    (lambda m: m.comments.append(ReviewComment("nergens", 1, "Klankbordgroep", "?")),
     "'nergens' is geen rode draad en geen thema"),
    (lambda m: setattr(m.themes[0].draden[0], "k", 5), "5 van 4 diensten kan niet"),
    (lambda m: setattr(m.themes[0].draden[0], "n", 40), "cyclus '2031-2033' heeft 4 diensten"),
    (lambda m: setattr(m.themes[1], "id", "samenspel"), "komt meer dan eens voor"),
    (lambda m: m.raw.append(RawFinding("weg", "OD Aardal", "Sterk punt", "x")), "thema 'weg' staat niet"),
    (lambda m: m.basis.rows[0].items.update(weg=BasisValue("Ja")), "onderdeel 'weg' staat niet"),
    (lambda m: m.basis.cross.counts.pop(), "kruistabel"),
])
def test_a_model_that_does_not_fit_is_refused_and_nothing_is_written(tmp_path, change, message):
    m = model()
    change(m)
    out = tmp_path / "rapport.docx"
    with pytest.raises(InputError, match=message):
        write_report(m, out, review=True)
    assert not out.exists()
    with pytest.raises(InputError, match=r"\.docx"):
        write_report(model(), tmp_path / "rapport.pdf")


def _field_names(tp, seen=None) -> set[str]:
    seen = set() if seen is None else seen
    if dataclasses.is_dataclass(tp) and tp not in seen:
        seen.add(tp)
        hints = typing.get_type_hints(tp)
        names = set()
        for f in dataclasses.fields(tp):
            names.add(f.name)
            for arg in (hints[f.name], *typing.get_args(hints[f.name])):
                for inner in (arg, *typing.get_args(arg)):
                    names |= _field_names(inner, seen)
        return names
    return set()


def test_the_model_has_no_field_for_a_person():
    """Only diensten: no author, member, chair, interviewee or contact field anywhere."""
    names = _field_names(ReportModel)
    assert {"dienst", "group", "target", "text"} <= names
    personal = {"author", "person", "people", "member", "members", "chair", "voorzitter",
                "secretaris", "secretary", "interviewee", "email", "phone", "initials", "naam"}
    assert names & personal == set()
    # the "name" fields name themes, draden and items, never someone
    owners = {tp.__name__ for tp in vars(report).values()
              if dataclasses.is_dataclass(tp) and "name" in {f.name for f in dataclasses.fields(tp)}}
    assert owners == {"ReportTheme", "ReportDraad", "BasisItem"}


def test_review_comments_name_their_group_not_a_person_in_word(tmp_path):
    _, _, path = write(tmp_path, review=True)
    from lxml import etree
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    assert {c.get(W + "author") for c in root.iter(W + "comment")} == {"Klankbordgroep"}


def test_text_that_xml_cannot_hold_is_cleaned_not_refused(tmp_path):
    """A control character from an old package (a bell, a NUL) does not stop the report."""
    m = model()
    m.themes[0].draden[0].sentence = "Bij één dienst\x07 (1 van 4) staat de toekomst op de agenda."
    m.raw[0].text = "Beekveld\x00 werkt goed samen."
    _, doc, _ = write(tmp_path, m, review=True)
    texts = [t for _, t in body(doc)]
    assert "Bij één dienst (1 van 4) staat de toekomst op de agenda." in texts
    assert "Sterk punt: Beekveld werkt goed samen." in texts
