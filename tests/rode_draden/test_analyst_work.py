"""The analyst's work on the central database: moving findings, merging themes, letters,
rode draden (count = distinct diensten, order, split, merge), assessments per dienst,
review comments and report texts; every refusal changes nothing."""

from __future__ import annotations

import pytest

from tests.rode_draden.packages import pick
from visitor_app.errors import InputError
from visitor_app.rode_draden.package import export_central
from visitor_app.rode_draden.threads import count_words
from visitor_app.services import Visitation


@pytest.fixture
def four(tmp_path, framework, db):
    """Four diensten in one cycle; OD Aardal visited twice. Theme x: kind k at Aardal (both
    visits), Beekveld and Cranendijk; theme y: kind k at Duinhoeve."""
    x, y, kinds = pick(framework)
    k = kinds[0]
    rows = [("OD Aardal", "2022-03-01", [(x, "Eerste bezoek: planning achter."), (x, "Innovatiebudget ontbreekt.")]),
            ("OD Aardal", "2024-03-01", [(x, "Tweede bezoek: planning achter.")]),
            ("OD Beekveld", "2023-03-01", [(x, "Planning loopt achter."), (x, "Geen innovatiebudget.")]),
            ("OD Cranendijk", "2023-05-01", [(x, "Planning is niet op orde.")]),
            ("OD Duinhoeve", "2023-09-01", [(y, "Samenwerking in de keten is sterk.")])]
    paths = []
    for i, (dienst, start, findings) in enumerate(rows):
        folder = tmp_path / f"p{i}"
        folder.mkdir()
        with Visitation.create(folder / "v.visitatie", dienst, start, start, framework=framework,
                               with_programme=False) as visit:
            for theme, text in findings:
                visit.findings.add(theme["id"], k, text)
            paths.append(folder / "v.rodedraden")
            export_central(visit, paths[-1])
    db.import_packages(paths, cycle="2022-2024")
    ids = {f["text"]: f["id"] for f in db.findings()}
    return {"x": x["id"], "y": y["id"], "k": k, "ids": ids, "xsub": x["subthemes"][0]["id"],
            "framework": framework}


def _cell(db, theme, kind):
    return next(t for t in db.matrix()["themes"] if t["id"] == theme)["kinds"][kind]


def _state(db):
    return (db.threads(), db.findings(), db.themes(), db.comments(), db.texts())


def test_a_move_counts_under_the_new_theme_and_keeps_the_original(db, four):
    ids, x, y, k = four["ids"], four["x"], four["y"], four["k"]
    assert _cell(db, x, k)["visitations"] == 3 and _cell(db, y, k)["visitations"] == 1
    result = db.move_finding(ids["Planning is niet op orde."], y)
    assert result["theme"] == y
    assert _cell(db, x, k)["visitations"] == 2 and _cell(db, y, k) == {"visitations": 2, "findings": 2}
    moved = next(f for f in db.findings() if f["id"] == ids["Planning is niet op orde."])
    assert (moved["theme"], moved["original_theme"], moved["moved"]) == (y, x, True)
    db.move_finding(ids["Planning loopt achter."], x, four["xsub"])
    sub = next(s for t in db.matrix()["themes"] if t["id"] == x for s in t["subthemes"]
               if s["id"] == four["xsub"])
    assert sub["kinds"][k] == {"visitations": 1, "findings": 1}
    before = _state(db)
    with pytest.raises(InputError, match="hoort niet bij thema"):
        db.move_finding(ids["Planning loopt achter."], y, four["xsub"])
    with pytest.raises(InputError, match="onbekende bevinding"):
        db.move_finding("0000", y)
    with pytest.raises(InputError, match="onbekend thema"):
        db.move_finding(ids["Planning loopt achter."], "geen_thema")
    assert _state(db) == before


def test_merging_themes_counts_distinct_diensten_of_both(db, four):
    x, y, k = four["x"], four["y"], four["k"]
    db.merge_theme(y, x)
    m = db.matrix()
    assert y not in [t["id"] for t in m["themes"]]
    assert _cell(db, x, k) == {"visitations": 4, "findings": 7}
    assert {f["theme"] for f in db.findings()} == {x}
    assert {f["original_theme"] for f in db.findings()} == {x, y}
    before = _state(db)
    with pytest.raises(InputError, match="kring"):
        db.merge_theme(x, y)
    assert _state(db) == before
    db.merge_theme(y, None)
    assert _cell(db, y, k)["visitations"] == 1


def test_letters_are_one_capital_and_unique(db, four):
    x, y = four["x"], four["y"]
    db.set_letter(x, "b")
    assert next(t for t in db.themes() if t["id"] == x)["letter"] == "B"
    assert next(t for t in db.matrix()["themes"] if t["id"] == x)["letter"] == "B"
    before = _state(db)
    with pytest.raises(InputError, match="hoort al bij thema"):
        db.set_letter(y, "B")
    with pytest.raises(InputError, match="geef een hoofdletter"):
        db.set_letter(y, "A1")
    assert _state(db) == before
    db.merge_theme(y, x)
    db.set_letter(x, None)  # no letter, also not the framework's
    assert next(t for t in db.themes() if t["id"] == x)["letter"] is None
    assert next(t for t in db.themes() if t["id"] == y)["merged_into"] == x
    db.set_letter(x, "XIV")  # a Roman numeral, as a framework may number its themes


def test_draden_count_distinct_diensten_and_are_ordered(db, four):
    ids, x = four["ids"], four["x"]
    planning = db.new_thread(x, "De planning", [
        ids["Eerste bezoek: planning achter."], ids["Tweede bezoek: planning achter."],
        ids["Planning loopt achter."], ids["Planning is niet op orde."]], conclusion="Planning verbeteren.",
        statement="loopt de planning achter")
    budget = db.new_thread(x, "is geen structureel innovatiebudget", [ids["Innovatiebudget ontbreekt."]])
    t = db.thread(planning)
    assert (t["diensten"], t["van"], len(t["findings"])) == (3, 4, 4)  # Aardal twice: once
    assert t["conclusion"] == "Planning verbeteren."
    phrase, sentence = count_words(3, 4, "loopt de planning achter")
    assert (t["formulering"], t["zin"]) == (phrase, sentence) == (
        "een ruime meerderheid", "Bij een ruime meerderheid van de diensten (3 van 4) loopt de planning achter.")
    # the sentence follows its statement; without one it ends after the count
    db.edit_thread(planning, statement="")
    assert db.thread(planning)["zin"] == "Bij een ruime meerderheid van de diensten (3 van 4)."
    db.edit_thread(planning, statement="loopt de planning achter")
    assert [d["id"] for d in db.threads()] == [planning, budget]
    db.add_to_thread(budget, [ids["Geen innovatiebudget."]])
    db.remove_from_thread(planning, [ids["Planning is niet op orde."]])
    assert [d["diensten"] for d in db.threads()] == [2, 2]
    # split: the second visit's finding goes into a draad of its own
    split = db.split_thread(planning, [ids["Tweede bezoek: planning achter."]], "tweede bezoek")
    assert db.thread(planning)["diensten"] == 2 and db.thread(split)["diensten"] == 1
    assert [d["id"] for d in db.threads()] == [planning, budget, split]  # by count, then name
    merged = db.merge_threads(planning, split)
    assert merged["diensten"] == 2 and len(merged["findings"]) == 3
    with pytest.raises(InputError, match="onbekende rode draad"):
        db.thread(split)
    db.edit_thread(budget, name="geen innovatiebudget", conclusion="")
    assert db.thread(budget)["name"] == "geen innovatiebudget" and db.thread(budget)["conclusion"] is None
    db.delete_thread(budget)
    assert [d["id"] for d in db.threads()] == [planning]
    assert len(db.findings()) == 7  # the findings stay


def test_draad_refusals_change_nothing(db, four, tmp_path):
    ids, x, y = four["ids"], four["x"], four["y"]
    planning = db.new_thread(x, "planning", [ids["Planning loopt achter."]])
    before = _state(db)
    with pytest.raises(InputError, match="niet bij"):
        db.new_thread(x, "gemengd", [ids["Planning loopt achter."], ids["Samenwerking in de keten is sterk."]])
    with pytest.raises(InputError, match="onbekende bevinding"):
        db.add_to_thread(planning, [ids["Geen innovatiebudget."], "ffff"])
    with pytest.raises(InputError, match="onbekende rode draad 99"):
        db.add_to_thread(99, [ids["Geen innovatiebudget."]])
    with pytest.raises(InputError, match="zit niet in rode draad"):
        db.remove_from_thread(planning, [ids["Geen innovatiebudget."]])
    with pytest.raises(InputError, match="mag niet leeg"):
        db.new_thread(x, "  ", [ids["Geen innovatiebudget."]])
    other = db.new_thread(y, "keten", [ids["Samenwerking in de keten is sterk."]])
    after_other = _state(db)
    with pytest.raises(InputError, match="niet bij dezelfde"):
        db.merge_threads(planning, other)
    assert _state(db) == after_other
    db.delete_thread(other)
    assert _state(db) == before
    # a finding of another cycle
    db.move_to_cycle(next(f["visitation_id"] for f in db.findings() if f["dienst"] == "OD Cranendijk"), "Anders")
    with pytest.raises(InputError, match="hoort bij cyclus 'Anders'"):
        db.add_to_thread(planning, [ids["Planning is niet op orde."]])


def test_moving_a_finding_takes_it_out_of_its_draad(db, four):
    ids, x, y = four["ids"], four["x"], four["y"]
    planning = db.new_thread(x, "planning", [ids["Planning loopt achter."], ids["Planning is niet op orde."]])
    result = db.move_finding(ids["Planning is niet op orde."], y)
    assert result["left_threads"] == [planning]
    assert db.thread(planning)["diensten"] == 1
    # a merge keeps them together: the draad of y is counted under x
    keten = db.new_thread(y, "keten", [ids["Samenwerking in de keten is sterk."]])
    db.merge_theme(y, x)
    assert db.thread(keten)["theme"] == x
    db.add_to_thread(planning, [ids["Samenwerking in de keten is sterk."]])
    assert db.thread(planning)["diensten"] == 2


def test_moving_a_visitation_to_another_cycle_takes_its_findings_out_of_draden(db, four):
    ids, x = four["ids"], four["x"]
    planning = db.new_thread(x, "planning", [ids["Planning loopt achter."], ids["Planning is niet op orde."]])
    cran = next(f["visitation_id"] for f in db.findings() if f["dienst"] == "OD Cranendijk")
    db.move_to_cycle(cran, "Later")
    assert db.thread(planning)["diensten"] == 1 and db.thread(planning)["van"] == 3
    assert db.matrix("2022-2024")["visitations"] == 3 and db.matrix("Later")["visitations"] == 1


def test_assessments_per_dienst_and_basis_op_orde(tmp_path, framework, db):
    groups_in_forms = {i["id"] for i in framework.assessment_items if i.get("group")}
    x, _, kinds = pick(framework)
    values = {i["id"]: [v["id"] for v in framework.scale_values(i["id"])] for i in framework.assessment_items}
    single = next(i["id"] for i in framework.assessment_items if not i.get("group"))
    basis = [i for i in values if i in groups_in_forms]
    plan = {"OD Aardal": {b: values[b][0] for b in basis} | {single: values[single][0]},
            "OD Beekveld": {b: values[b][0] for b in basis} | {basis[1]: values[basis[1]][1]},
            "OD Cranendijk": {basis[0]: values[basis[0]][0]}}
    paths = []
    for dienst, given in plan.items():
        folder = tmp_path / dienst.split()[-1]
        folder.mkdir()
        with Visitation.create(folder / "v.visitatie", dienst, "2023-01-01", "2023-01-01",
                               framework=framework, with_programme=False) as visit:
            visit.findings.add(x["id"], kinds[0], "Een bevinding.")
            for item, value in given.items():
                visit.assessments.set(item, value, toelichting=f"Toelichting bij {item}.")
            paths.append(folder / "v.rodedraden")
            export_central(visit, paths[-1])
    db.import_packages(paths)
    groups = db.assessment_groups()
    assert {i["id"] for i in groups["basis"]} == groups_in_forms  # the rule matches forms/
    per = {d["dienst"]: d for d in db.assessments_per_dienst()}
    assert [per[d]["op_orde"] for d in plan] == [True, False, None]
    assert per["OD Aardal"]["single"][0]["value"] == values[single][0]
    beek = next(b for b in per["OD Beekveld"]["basis"] if b["item"] == basis[1])
    assert beek["toelichting"] == f"Toelichting bij {basis[1]}." and beek["value"] == values[basis[1]][1]
    assert [d["dienst"] for d in db.without_basis()] == ["OD Beekveld"]
    assert [i["item"] for i in db.without_basis()[0]["items"]] == [basis[1]]
    table = db.basis_cross_table()
    first = table["rows"][0]
    assert table["item"] == single and (first["op_orde"], first["niet_op_orde"]) == (1, 0)
    none = table["rows"][-1]
    assert none["value"] is None and (none["niet_op_orde"], none["onvolledig"]) == (1, 1)


def test_review_comments_and_report_texts(db, four):
    ids, x = four["ids"], four["x"]
    planning = db.new_thread(x, "planning", [ids["Planning loopt achter."]])
    c1 = db.add_comment(1, "Noem de oorzaak.", thread=planning)
    c2 = db.add_comment(2, "Hoofdstuk is te lang.", theme=x)
    db.handle_comment(c1, "Oorzaak toegevoegd.")
    comments = db.comments()
    assert [(c["round"], c["thread"], c["theme"], c["status"]) for c in comments] == [
        (1, planning, x, "verwerkt"), (2, None, x, "open")]
    assert [c["id"] for c in db.comments(round_=2)] == [c2]
    before = _state(db)
    for bad in (lambda: db.add_comment(0, "x", theme=x), lambda: db.add_comment(1, "x"),
                lambda: db.add_comment(1, "", theme=x), lambda: db.handle_comment(c2, None, "klaar"),
                lambda: db.handle_comment(77, "x")):
        with pytest.raises(InputError):
            bad()
    assert _state(db) == before
    db.delete_thread(planning)
    assert db.comments()[0]["thread"] is None and db.comments()[0]["theme"] == x  # the comment stays
    db.set_text("voorwoord", "Het voorwoord.")
    db.set_text("inleiding", "Over dit thema.", theme=x)
    assert [(t["section"], t["theme"]) for t in db.texts()] == [("inleiding", x), ("voorwoord", None)]
    db.set_text("voorwoord", "")
    assert [t["section"] for t in db.texts()] == ["inleiding"]
    db.save_cycle("Andere")
    assert db.texts("Andere") == []  # texts are per cycle


def test_a_failure_halfway_through_a_split_changes_nothing(db, four, monkeypatch):
    ids, x = four["ids"], four["x"]
    planning = db.new_thread(x, "planning", [ids["Planning loopt achter."], ids["Planning is niet op orde."]])
    before = _state(db)

    def broken(*_args):
        raise OSError("schijf vol")

    monkeypatch.setattr(db.store, "remove_thread_findings", broken)
    with pytest.raises(OSError):
        db.split_thread(planning, [ids["Planning is niet op orde."]], "apart")
    monkeypatch.undo()
    assert _state(db) == before  # no new draad, nothing moved
