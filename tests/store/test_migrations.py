"""Migrations: every stored old file upgrades with its content intact, and record versions
stay stable across an upgrade, so copies handed out before it still merge cleanly."""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest

from tests.conftest import MEMBERS, ROOT
from tests.store.conftest import NEXT
from visitor_app.services import Visitation
from visitor_app.domain.records import Field
from visitor_app.store import backup, migrations, schema
from visitor_app.store.visitation_file import row_version

FIXTURES = ROOT / "tests/fixtures"


def stored(path, table):
    """A table as stored in ``path``, by id (columns as the file has them)."""
    conn = sqlite3.connect(path)
    try:
        cur = conn.execute(f"SELECT * FROM [{table}]")
        names = [d[0] for d in cur.description]
        return {r[0]: dict(zip(names, r)) for r in cur.fetchall()}
    finally:
        conn.close()


def tables_in(path):
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


@pytest.mark.parametrize("version, observations", [(1, 86), (2, 5), (3, 5)])
def test_a_stored_old_file_upgrades_with_its_content_intact(tmp_path, version, observations):
    path = tmp_path / "oud.visitatie"
    shutil.copy2(FIXTURES / f"schema_v{version}.visitatie", path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == version
    old_tables = [t for t in schema.TABLES if t in tables_in(path)]
    before = {t: stored(path, t) for t in old_tables}
    with Visitation.open(path) as v:
        assert v.store.schema_version == schema.SCHEMA_VERSION
        assert v.audit.check() == []
        assert v.audit.info()["observations"]["total"] == observations
    for table in old_tables:
        after = stored(path, table)
        assert {i: {c: after[i][c] for c in row} for i, row in before[table].items()} == before[table]
    copies = backup.list_backups(path)
    assert len(copies) == 1 and f"voor-migratie-v{version}-naar-v{schema.SCHEMA_VERSION}" in copies[0].name
    assert sqlite3.connect(copies[0]).execute("PRAGMA user_version").fetchone()[0] == version


def test_add_column_takes_the_declared_type_and_default(tmp_path, next_schema):
    with Visitation.create(tmp_path / "v.visitatie", "OD Kolom", "2026-03-10", "2026-03-11") as v:
        theme, kind = v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"]
        obs = v.observations.add(theme, kind, "Er staat al iets").id
        version = row_version("observations", v.store.get("observations", obs))
    next_schema(lambda db: migrations.add_column(db, "observations", "checked"),
                "observations", Field("checked", "bool", False))
    with Visitation.open(tmp_path / "v.visitatie") as v:
        columns = {c.name: c for c in v.store.db["observations"].columns}
        assert columns["checked"].type == "INTEGER" and columns["checked"].default_value == "0"
        row = v.store.get("observations", obs)
        assert row["checked"] is False
        assert row_version("observations", row) == version  # a new field at its default counts not


def test_a_copy_handed_out_before_a_new_column_merges_without_conflicts(visit, tmp_path, next_schema):
    theme, kind = visit.framework.themes[0]["id"], visit.framework.observation_kinds[0]["id"]
    obs = visit.observations.add(theme, kind, "Het bestuur stuurt op hoofdlijnen").id
    copy = tmp_path / "ilse.visitatie"
    visit.team.hand_out(MEMBERS[0][0], copy)
    path = visit.path
    visit.close()
    with Visitation.open(copy) as member:  # changed with the app as it is now
        member.observations.update(obs, text="Het bestuur stuurt vooral op geld")

    next_schema(lambda db: migrations.add_column(db, "observations", "confidence"),
                "observations", Field("confidence", "int"))
    with Visitation.open(path) as secretary:  # the file is upgraded; the copy when merged
        assert secretary.store.schema_version == NEXT
        result = secretary.team.merge([copy]).result
        assert (result["conflicts"], result["updated"], result["open_conflicts"]) == (0, 1, 0)
        assert secretary.observations.get(obs)["text"] == "Het bestuur stuurt vooral op geld"
        assert "confidence" in secretary.store.db["observations"].columns_dict


def team_of_schema_3(tmp_path):
    for name in ("", "-ilse", "-ruben", "-femke"):
        shutil.copy2(FIXTURES / f"schema_v3{name}.visitatie", tmp_path / f"v3{name}.visitatie")
    return [tmp_path / f"v3{name}.visitatie" for name in ("", "-ilse", "-ruben", "-femke")]


def by_text(visit):
    return {o["text"]: o for o in visit.observations.list()}


def test_copies_of_a_schema_3_file_merge_after_the_upgrade_with_one_real_conflict(tmp_path):
    """Made with the schema-3 app: Ilse and Ruben both changed one observation, Ilse alone
    changed another and added one; Femke's copy was merged already, its conflict open."""
    main, ilse, ruben, femke = team_of_schema_3(tmp_path)
    with Visitation.open(main) as v:
        assert v.store.schema_version == schema.SCHEMA_VERSION
        assert len(v.team.conflicts()) == 1  # Femke's, from before the upgrade
        result = v.team.merge([ilse, ruben]).result
        assert (result["added"], result["conflicts"], result["open_conflicts"]) == (1, 1, 2)
        texts = by_text(v)
        # changed on one side only: arrives without a conflict
        assert "Kalibratie ontbreekt bij toezicht en handhaving" in texts
        assert "Ilse: de directie is goed bereikbaar" in texts
        # changed on both: one wins, the other waits for the secretary
        [conflict] = [c for c in v.team.conflicts() if c["source"] in (ilse.name, ruben.name)
                      or ilse.name in c["source"] or ruben.name in c["source"]]
        assert {conflict["current"]["text"], conflict["other"]["text"]} == {
            "Het bestuur stuurt vooral op geld", "Het bestuur stuurt op hoofdlijnen en risico's"}
        again = v.team.merge([femke, ilse, ruben]).result  # idempotent across the upgrade
        assert (again["added"], again["updated"], again["conflicts"], again["open_conflicts"]) == (0, 0, 0, 2)
        assert v.audit.check() == []


def test_a_resolved_old_conflict_stays_resolved_when_its_copy_comes_again(tmp_path):
    main, _ilse, _ruben, femke = team_of_schema_3(tmp_path)
    with Visitation.open(main) as v:
        [old] = v.team.conflicts()
        v.team.resolve(old["id"], "other")
        assert by_text(v)["De ketenpartners worden laat betrokken"]
        result = v.team.merge([femke]).result
        assert (result["conflicts"], result["open_conflicts"]) == (0, 0)


def test_records_of_a_stored_old_file_stay_linked_to_their_sessions(tmp_path):
    """The link from a record to its session (``session_id``) is as old as the records
    (schema 1): after the upgrade every case file and partner interview of the first
    release's file sits under its session, and its framework, made before ``own_meeting``
    existed, takes that key from the installed forms/ (the same framework)."""
    path = tmp_path / "oud.visitatie"
    shutil.copy2(FIXTURES / "schema_v1.visitatie", path)
    before = {t: {i: r["session_id"] for i, r in stored(path, t).items()}
              for t in ("case_files", "partner_interviews")}
    with Visitation.open(path) as v:
        assert v.store.schema_version == schema.SCHEMA_VERSION
        fw = v.framework
        assert all("own_meeting" not in c for c in fw.conversation_types)
        for table, links in before.items():
            listed, loose = v.records.by_session(table)
            assert loose == [] and len(links) > 1
            assert {r["id"]: s["id"] for s, records in listed for r in records} == links
            assert all(fw.record_table_for(s["conversation"]) == table for s, _ in listed)
        own = {s["title"] for s in v.programme.sessions() if fw.own_meeting(s["conversation"])}
        assert own == {"Commissieberaad dag 1", "Commissieberaad dag 2"}


def test_schema_6_adds_question_ticks_and_a_copy_from_before_still_merges_with_them(tmp_path):
    """The step _v6_question_ticks: an old file gets the (empty) table of ticked guide
    questions; a copy handed out before the upgrade merges, and so do its ticks once the
    member's app has upgraded it too."""
    main, ilse, _ruben, _femke = team_of_schema_3(tmp_path)
    assert "question_ticks" not in tables_in(main)
    with Visitation.open(main) as v:
        assert v.store.rows("question_ticks") == []
        asked = [(s["id"], q["id"]) for s in v.programme.sessions()
                 for _theme, qs in v.framework.questions_for(s["conversation"]) for q in qs]
        (s1, q1), (s2, q2) = asked[0], asked[-1]
        v.questions.tick(s1, q1)
        assert v.team.merge([ilse]).result["added"] == 1  # Ilse's new observation, as before
        assert v.questions.ticked(s1) == {q1}
    with Visitation.open(ilse) as copy:  # Ilse's app upgrades her copy and she ticks a question
        assert copy.store.schema_version == schema.SCHEMA_VERSION
        copy.questions.tick(s2, q2)
    with Visitation.open(main) as v:
        assert v.team.merge([ilse]).result["added"] == 1
        assert v.questions.list() == ({s1: {q1}, s2: {q2}} if s1 != s2 else {s1: {q1, q2}})
        assert v.audit.check() == []


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_upgraded_file_finds_parts_of_words_in_its_old_observations(tmp_path, version):
    path = tmp_path / "oud.visitatie"
    shutil.copy2(FIXTURES / f"schema_v{version}.visitatie", path)
    assert schema.TRIGRAM_INDEX not in tables_in(path)
    texts = {i: row["text"] for i, row in stored(path, "observations").items() if not row["deleted"]}
    oid, word = next((i, w) for i, t in texts.items() for w in re.findall(r"\w{8,}", t))
    inner = word[2:-1]  # begins no word: only the trigram index finds it
    with Visitation.open(path) as v:
        assert v.audit.check() == []  # the trigram index checked with the word index
        found = [o["id"] for o in v.observations.search(inner)]
        assert oid in found
        assert all(inner.casefold() in (o["text"] + (o["evidence"] or "")).casefold()
                   for o in v.observations.search(inner))
        count = v.store.conn.execute(f"SELECT COUNT(*) FROM {schema.TRIGRAM_INDEX}").fetchone()[0]
        assert count == len(stored(path, "observations"))


def test_drafts_of_an_old_file_gain_their_choices_empty(tmp_path):
    """Schema 6 (_v6_drafts): a draft of before keeps its text, with no theme, subtheme,
    kind or session; a draft saved after the upgrade keeps its choices."""
    path = tmp_path / "oud.visitatie"
    shutil.copy2(FIXTURES / "schema_v3.visitatie", path)
    with Visitation.open(path) as v:
        assert v.drafts.all() == {"gesprek:x": "half getypte zin"}
        assert v.drafts.choices()["gesprek:x"] == dict.fromkeys(("theme", "subtheme", "kind", "session_id"))
        assert v.drafts.place() == {"view": None, "session_id": None}
        theme = v.framework.themes[0]["id"]
        v.drafts.save("gesprek:x", "half getypte zin, verder", {"theme": theme})
    with Visitation.open(path) as v:
        assert v.drafts.choices()["gesprek:x"]["theme"] == theme
