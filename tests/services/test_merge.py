"""Merging members' copies: examples a secretary would meet, and properties over random
edit histories (hypothesis): idempotent, order-independent, and nothing is lost."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MEMBERS
from visitor_app.services import Visitation
from visitor_app.errors import DamagedFileError, FileExistsRefused, FileLockedError, InputError, NewerSchemaError
from visitor_app.store.schema import MERGED_TABLES
from visitor_app.store.visitation_file import row_version


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def theme_and_kinds(visit):
    fw = visit.framework
    return fw.themes[0]["id"], [k["id"] for k in fw.observation_kinds]


@pytest.fixture
def team(visit, tmp_path):
    """The secretary's file with one shared observation, and copies for two members."""
    theme, kinds = theme_and_kinds(visit)
    shared = visit.observations.add(theme, kinds[0], "Het bestuur stuurt op hoofdlijnen").id
    a = tmp_path / "ilse.visitatie"
    b = tmp_path / "ruben.visitatie"
    visit.team.hand_out("Ilse Voorthuis", a)
    visit.team.hand_out("Ruben Kasteleijn", b)
    return visit, a, b, shared


def test_a_copy_knows_its_member_and_leaves_drafts_behind(visit, tmp_path):
    visit.drafts.save("gesprek:x", "half getypte zin van de secretaris")
    out = tmp_path / "femke.visitatie"
    result = visit.team.hand_out("Femke Ouwerling", out).result
    with Visitation.open(out) as copy:
        assert copy.current_member == result["member_id"] == copy.team.owner()
        assert copy.drafts.all() == {}
        assert copy.details()["id"] == visit.details()["id"]
        theme, kinds = theme_and_kinds(copy)
        obs = copy.observations.add(theme, kinds[0], "Goede sfeer").id
        assert copy.observations.get(obs)["author"] == result["member_id"]


def test_a_hand_out_names_a_member_or_an_explicit_new_one(visit, tmp_path):
    out = tmp_path / "nieuw.visitatie"
    with pytest.raises(InputError, match=r"'Ilse Voorthuys' is geen lid van de commissie \(bekend: "
                                         r"Ilse Voorthuis, Ruben Kasteleijn"):
        visit.team.hand_out("Ilse Voorthuys", out)  # a typo stamps no copy and adds no one
    assert not out.exists() and visit.members.find("Ilse Voorthuys") is None
    with pytest.raises(InputError, match="'Ilse Voorthuis' bestaat al"):
        visit.team.hand_out("Ilse Voorthuis", out, new_member_role="lid")
    assert not out.exists()
    result = visit.team.hand_out("Sanne Olthof", out, new_member_role="secretaris").result
    assert result["member_added"] is True
    assert visit.members.find("Sanne Olthof")["role"] == "secretaris"
    with Visitation.open(out) as copy:
        assert copy.team.owner() == result["member_id"]


def test_an_existing_copy_is_replaced_only_when_asked_with_a_backup_of_it(visit, tmp_path):
    out = tmp_path / "ilse.visitatie"
    first = visit.team.hand_out("Ilse Voorthuis", out).result
    with Visitation.open(out) as copy:  # Ilse's own note, not yet merged
        theme, kinds = theme_and_kinds(copy)
        copy.observations.add(theme, kinds[0], "Notitie van Ilse in haar kopie")
    before = sha(out)
    with pytest.raises((InputError, FileExistsRefused), match="bestaat al"):
        visit.team.hand_out("Ruben Kasteleijn", out)
    assert sha(out) == before
    result = visit.team.hand_out("Ruben Kasteleijn", out, replace=True).result
    assert result["replaced"] and sha(out) != before
    with Visitation.open(out) as copy:
        assert copy.team.owner() == result["member_id"] != first["member_id"]
    saved = Path(result["backup_of_replaced"])
    assert sha(saved) == before and "voor-vervangen" in saved.name  # Ilse's note kept
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp file


def test_replacing_refuses_the_file_itself_and_a_copy_that_is_open(visit, tmp_path):
    own = sha(visit.path)
    with pytest.raises(InputError, match="dat is deze visitatie zelf"):
        visit.team.hand_out("Ilse Voorthuis", visit.path, replace=True)
    assert sha(visit.path) == own
    out = tmp_path / "ilse.visitatie"
    visit.team.hand_out("Ilse Voorthuis", out)
    before = sha(out)
    with Visitation.open(out, exclusive=True):  # Ilse has her copy open in a window
        with pytest.raises(FileLockedError, match="deze kopie is nu geopend"):
            visit.team.hand_out("Ruben Kasteleijn", out, replace=True)
    assert sha(out) == before
    assert visit.members.find("Ruben Kasteleijn")


def test_merge_adds_updates_and_keeps_a_conflict_for_the_secretary(team):
    visit, a, b, shared = team
    theme, kinds = theme_and_kinds(visit)
    with Visitation.open(a) as ilse:
        ilse.observations.add(theme, kinds[1], "Kalibratie ontbreekt bij toezicht")
        ilse.observations.update(shared, text="Het bestuur stuurt vooral op geld")
    with Visitation.open(b) as ruben:
        ruben.observations.update(shared, text="Het bestuur stuurt op hoofdlijnen en risico's")
        ruben.observations.update(shared, pinned=True)
    result = visit.team.merge([a, b]).result
    assert (result["added"], result["conflicts"]) == (1, 1)
    texts = {o["text"] for o in visit.observations.list()}
    assert "Kalibratie ontbreekt bij toezicht" in texts
    # Ruben changed it twice (revision 3) against Ilse once (revision 2): Ruben's wins
    assert visit.observations.get(shared)["text"] == "Het bestuur stuurt op hoofdlijnen en risico's"
    [conflict] = visit.team.conflicts()
    assert conflict["other"]["text"] == "Het bestuur stuurt vooral op geld"
    assert conflict["other_by"] == "gewijzigd door Ilse Voorthuis"
    assert conflict["current_by"] == "gewijzigd door Ruben Kasteleijn"
    assert result["backup"] and visit.team.log()[0]["member"] in ("Ilse Voorthuis", "Ruben Kasteleijn")


@pytest.mark.parametrize("keep, expected", [
    ("current", ["Versie van Ruben"]),
    ("other", ["Versie van Ilse"]),
    ("both", ["Versie van Ilse", "Versie van Ruben"]),
])
def test_resolving_a_conflict_sticks_when_the_same_copies_come_in_again(team, keep, expected):
    visit, a, b, shared = team
    for path, text in ((a, "Versie van Ilse"), (b, "Versie van Ruben")):
        with Visitation.open(path) as copy:
            copy.observations.update(shared, text=text)
            if path == b:
                copy.observations.update(shared, evidence="verslag p. 3")
    visit.team.merge([a, b])
    [conflict] = visit.team.conflicts()
    visit.team.resolve(conflict["id"], keep)
    assert sorted(o["text"] for o in visit.observations.list()) == expected
    again = visit.team.merge([b, a]).result
    assert (again["added"], again["updated"], again["conflicts"]) == (0, 0, 0)
    assert visit.team.conflicts() == []
    assert sorted(o["text"] for o in visit.observations.list()) == expected


def test_one_assessment_per_item_even_when_two_copies_each_made_one(team):
    visit, a, b, _shared = team
    item = visit.framework.assessment_items[0]["id"]
    first, second = [v["id"] for v in visit.framework.scale_values(item)][:2]
    with Visitation.open(a) as ilse:
        ilse.assessments.set(item, first)
    with Visitation.open(b) as ruben:
        ruben.assessments.set(item, second)
    visit.team.merge([a, b])
    [double] = visit.team.conflicts()
    assert double["can_keep_both"] is False
    assert visit.audit.check() == [] and visit.audit.info()["open_conflicts"] == 1  # a decision, not damage
    assert visit.assessments.all()[item]["value"] == double["current"]["value"]
    visit.team.resolve(double["id"], "other")
    assert visit.assessments.all()[item]["value"] == double["other"]["value"]
    visit.team.merge([a, b])
    assert visit.team.conflicts() == []


def test_refused_copies_change_nothing(team, tmp_path):
    visit, a, _b, _shared = team
    other = Visitation.create(tmp_path / "ander.visitatie", "Omgevingsdienst Elders", "2026-04-01",
                              "2026-04-02", members=MEMBERS)
    other.close()
    broken = tmp_path / "kapot.visitatie"
    broken.write_bytes(a.read_bytes()[:4096])
    newer = tmp_path / "nieuwer.visitatie"
    shutil.copy2(a, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    visit.close()
    before = sha(visit.path)
    with Visitation.open(visit.path) as again:
        for copy, error, words in ((other.path, InputError, "andere visitatie"),
                                   (broken, DamagedFileError, "beschadigd"),
                                   (newer, NewerSchemaError, "nieuwere versie"),
                                   (again.path, InputError, "het bestand zelf")):
            with pytest.raises(error, match=words) as info:
                again.team.merge([a, copy])  # a good copy first: still nothing may change
            assert str(copy.name) in info.value.message or words == "het bestand zelf"
    assert sha(visit.path) == before


def test_a_copy_from_an_older_schema_is_merged_without_touching_it(tmp_path):
    from tests.conftest import ROOT
    old_copy = tmp_path / "oud.visitatie"
    shutil.copy2(ROOT / "tests/fixtures/schema_v1.visitatie", old_copy)
    mine = tmp_path / "mijn.visitatie"
    shutil.copy2(old_copy, mine)
    before = sha(old_copy)
    with Visitation.open(mine) as visit:
        theme, kinds = theme_and_kinds(visit)
        visit.observations.add(theme, kinds[0], "Nieuw na de upgrade")
        result = visit.team.merge([old_copy]).result
        assert result["added"] == 0 and result["conflicts"] == 0
        assert any(o["text"] == "Nieuw na de upgrade" for o in visit.observations.list())
    assert sha(old_copy) == before


def test_export_json_is_complete_and_readable(team, tmp_path):
    import json
    visit, a, _b, _shared = team
    visit.observations.delete([_shared])
    out = tmp_path / "dump.json"
    visit.audit.export_json(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["visitation_id"] == visit.details()["id"]
    assert data["tables"]["visitation"][0]["framework"]["id"] == visit.framework.id
    [obs] = data["tables"]["observations"]
    assert obs["deleted"] is True  # tombstones are in the archive too
    assert {m["name"] for m in data["tables"]["members"]} == {m["name"] for m in visit.members.list()}
    assert data["history"], "the edit history is part of the dump"


# -- properties over random edit histories ---------------------------------------------------------
TEXTS = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=12).filter(str.strip)
OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), st.integers(0, 3), TEXTS),
    st.tuples(st.just("edit"), st.integers(0, 50), TEXTS),
    st.tuples(st.just("delete"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("restore"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("assess"), st.integers(0, 3), st.just("")),
    st.tuples(st.just("finding"), st.integers(0, 3), TEXTS),
), max_size=6)


def _apply(visit: Visitation, ops) -> None:
    theme, kinds = theme_and_kinds(visit)
    item = visit.framework.assessment_items[0]["id"]
    values = [v["id"] for v in visit.framework.scale_values(item)]
    for op, n, text in ops:
        ids = [o["id"] for o in visit.store.rows("observations", include_deleted=True)]
        if op == "add":
            visit.observations.add(theme, kinds[n % len(kinds)], text)
        elif op == "finding":
            visit.findings.add(theme, visit.framework.finding_kinds[n % 4]["id"], text)
        elif op == "assess":
            visit.assessments.set(item, values[n % len(values)])
        elif ids:
            target = ids[n % len(ids)]
            if op == "edit":
                visit.observations.update(target, text=text)
            elif op == "delete":
                visit.observations.delete([target])
            else:
                visit.observations.restore([target])


def _state(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        state = {t: sorted(conn.execute(f"SELECT * FROM [{t}]").fetchall()) for t in MERGED_TABLES}
        state["conflicts"] = sorted(conn.execute(
            "SELECT table_name, record_id, version, row_json FROM merge_conflicts "
            "WHERE status = 'open'").fetchall())
        state["history"] = sorted(conn.execute("SELECT * FROM record_versions").fetchall())
        return state
    finally:
        conn.close()


def _versions(path) -> dict[str, tuple[str, str]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {r["id"]: (t, row_version(t, dict(r))) for t in MERGED_TABLES
                for r in conn.execute(f"SELECT * FROM [{t}]")}
    finally:
        conn.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secretary=OPS, members=st.lists(OPS, min_size=2, max_size=3), order=st.randoms())
def test_merging_is_idempotent_order_independent_and_loses_nothing(tmp_path_factory, framework,
                                                                   secretary, members, order):
    tmp = tmp_path_factory.mktemp("merge")
    base = Visitation.create(tmp / "s.visitatie", "Omgevingsdienst Proefland", "2026-03-10",
                             "2026-03-11", members=MEMBERS, framework=framework, with_programme=False)
    theme, kinds = theme_and_kinds(base)
    for i in range(3):
        base.observations.add(theme, kinds[i], f"gedeeld {i}")
    copies = []
    for i, ops in enumerate(members):
        path = tmp / f"lid{i}.visitatie"
        base.team.hand_out(MEMBERS[i][0], path)
        with Visitation.open(path) as copy:
            _apply(copy, ops)
        copies.append(path)
    _apply(base, secretary)
    base.close()
    one, two = tmp / "een.visitatie", tmp / "twee.visitatie"
    shutil.copy2(base.path, one)
    shutil.copy2(base.path, two)
    shuffled = list(copies)
    order.shuffle(shuffled)
    with Visitation.open(one) as m1:
        m1.team.merge(copies)
    with Visitation.open(two) as m2:
        for path in shuffled:  # one at a time, another order
            m2.team.merge([path])
    assert _state(one) == _state(two)

    with Visitation.open(one) as m1:
        again = m1.team.merge(list(reversed(copies))).result
    assert (again["added"], again["updated"], again["conflicts"]) == (0, 0, 0)
    assert _state(one) == _state(two)

    merged = _versions(one)
    conn = sqlite3.connect(one)
    open_versions = set(conn.execute(
        "SELECT record_id, version FROM merge_conflicts WHERE status = 'open'").fetchall())
    conn.close()
    with Visitation.open(one) as m1:
        from visitor_app.store.merge import History
        history = History(m1.store.conn.execute("SELECT * FROM record_versions").fetchall())
    for source in [base.path, *copies]:
        for record_id, (_table, version) in _versions(source).items():
            assert record_id in merged, "a record of a copy is missing after the merge"
            current = merged[record_id][1]
            assert (version == current or history.is_ancestor(record_id, version, current)
                    or (record_id, version) in open_versions
                    or any(history.is_ancestor(record_id, version, v)
                           for r, v in open_versions if r == record_id)), \
                "a version of a copy is neither kept, included in a later one, nor in the conflict list"


def test_a_conflict_on_a_dossier_or_an_assessment_is_labelled_in_words(tmp_path, framework):
    """The secretary must see what differs: a dossier by its title and fields, an assessment
    by the names of its item and value, not by ids."""
    from visitor_app.services import Visitation as V
    table = "case_files"
    tpl = framework.template_for_record(table)
    title = framework.title_field(tpl["id"])
    text_field = next(f["id"] for f in tpl["fields"] if f["type"] == "longtext")
    with V.create(tmp_path / "s.visitatie", "OD Label", "2026-03-10", "2026-03-11",
                  members=[("Ilse Voorthuis", "secretaris"), ("Ruben Kasteleijn", "lid")],
                  framework=framework) as sec:
        rid = sec.records.add(table, {title: "Lozing bij de haven"}).id
        sec.team.hand_out("Ruben Kasteleijn", tmp_path / "r.visitatie")
        with V.open(tmp_path / "r.visitatie") as copy:
            copy.records.update(table, rid, {text_field: "Versie van Ruben."})
        sec.records.update(table, rid, {text_field: "Versie van de secretaris."})
        sec.team.merge([tmp_path / "r.visitatie"])
        [conflict] = sec.team.conflicts()
        labels = {conflict["current_label"], conflict["other_label"]}
        assert all("Lozing bij de haven" in label for label in labels)
        assert any("Versie van Ruben." in label for label in labels)
        assert any("Versie van de secretaris." in label for label in labels)
        assert rid not in conflict["current_label"]
