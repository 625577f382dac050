"""A member's copy is checked before anything of it is merged (issue 11, defect 3): its
tables are real tables with the expected columns, it holds one visitation (ours), its
framework is ours, and every record is valid against our framework. Otherwise nothing is
merged, the secretary's file is unchanged, and the message (Dutch) names the copy."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from visitor_app.errors import VisitorError
from visitor_app.services import Visitation


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tamper(path, *statements, params=()):
    """Change a member's copy behind the app's back (as another program or a bit flip could)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql, params) if params else conn.execute(sql)
    finally:
        conn.close()


@pytest.fixture
def copy(visit, tmp_path):
    theme = visit.framework.themes[0]["id"]
    kind = visit.framework.observation_kinds[0]["id"]
    visit.observations.add(theme, kind, "Het bestuur stuurt op hoofdlijnen")
    path = tmp_path / "ilse.visitatie"
    visit.team.hand_out("Ilse Voorthuis", path)
    with Visitation.open(path) as member:
        member.observations.add(theme, kind, "Een waarneming van Ilse")
    return path


def framework_json(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return json.loads(conn.execute("SELECT framework_json FROM visitation").fetchone()[0])
    finally:
        conn.close()


def set_framework(path, text: str) -> None:
    """A copy whose visitation row (with its framework) is newer than ours: it would win."""
    tamper(path, "UPDATE visitation SET framework_json = ?, revision = revision + 5",
           params=(text,))


def refused(visit, path, *words):
    before = sha(visit.path)
    rows = visit.audit.dump()["tables"]
    with pytest.raises(VisitorError) as info:
        visit.team.merge([path])
    message = info.value.message
    assert path.name in message, message
    assert "niets samengevoegd" in message or "niets aan het bestand veranderd" in message, message
    for word in words:
        assert word in message, message
    assert sha(visit.path) == before
    assert visit.audit.dump()["tables"] == rows
    return message


def test_a_good_copy_still_merges(visit, copy):
    result = visit.team.merge([copy]).result
    assert result["added"] == 1


def test_a_framework_that_is_not_json_is_refused(visit, copy):
    set_framework(copy, "{niet af")
    refused(visit, copy, "visitatiekader")
    visit.close()
    with Visitation.open(visit.path) as again:  # still opens
        assert again.details()


def test_a_framework_without_the_quote_flag_is_refused(visit, copy):
    data = framework_json(copy)
    for kind in data["observation_kinds"]:
        kind.pop("quote", None)
    set_framework(copy, json.dumps(data, ensure_ascii=False))
    refused(visit, copy, "visitatiekader")
    assert visit.framework.quote_kinds() == Visitation.open(visit.path).framework.quote_kinds()


def test_the_same_framework_written_differently_is_accepted(visit, copy):
    set_framework(copy, json.dumps(framework_json(copy), indent=1, sort_keys=True))
    assert visit.team.merge([copy]).result["added"] == 1


def test_a_second_visitation_row_is_refused(visit, copy):
    tamper(copy, "INSERT INTO visitation (id, dienst, created, updated, revision, deleted) "
                 "SELECT 'ffff' || id, dienst, created, updated, 1, 0 FROM visitation")
    refused(visit, copy, "visitatie")
    visit.close()
    with Visitation.open(visit.path) as again:
        assert again.details()


def test_a_record_with_an_unknown_theme_is_refused(visit, copy):
    tamper(copy, "UPDATE observations SET theme = 'thema_dat_niet_bestaat', revision = 9 "
                 "WHERE text = 'Een waarneming van Ilse'")
    message = refused(visit, copy, "thema_dat_niet_bestaat")
    assert "waarneming" in message


def test_a_record_with_an_unknown_kind_is_refused(visit, copy):
    tamper(copy, "UPDATE observations SET kind = 'soort_die_niet_bestaat'")
    refused(visit, copy, "soort_die_niet_bestaat")


def test_a_finding_with_an_unknown_theme_is_refused(visit, copy):
    theme = visit.framework.themes[0]["id"]
    kind = visit.framework.finding_kinds[0]["id"]
    with Visitation.open(copy) as member:
        member.findings.add(theme, kind, "Een bevinding")
    tamper(copy, "UPDATE findings SET theme = 'geen_thema'")
    refused(visit, copy, "geen_thema")


def test_a_view_in_place_of_a_table_is_refused(visit, copy):
    tamper(copy, "ALTER TABLE observations RENAME TO obs_old",
           "CREATE VIEW observations AS SELECT * FROM obs_old")
    refused(visit, copy, "observations")


def test_a_recursive_view_is_refused_without_reading_it(visit, copy):
    # on the old code this view took 13 GB of memory; it must be refused before any read
    cols = "id, author, created, updated, updated_by, revision, deleted, theme, subtheme, kind, " \
           "text, session_id, case_file_id, partner_interview_id, evidence, pinned"
    tamper(copy, "DROP TRIGGER IF EXISTS observations_ai", "DROP TRIGGER IF EXISTS observations_ad",
           "DROP TRIGGER IF EXISTS observations_au", "DROP TABLE observations_fts",
           "ALTER TABLE observations RENAME TO obs_old",
           f"CREATE VIEW observations AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
           f"SELECT n + 1 FROM r) SELECT {cols.replace('id,', 'n || id AS id,', 1)} "
           "FROM r, obs_old")
    refused(visit, copy, "observations")


def test_a_missing_column_is_refused(visit, copy):
    tamper(copy, "ALTER TABLE observations RENAME COLUMN evidence TO bron")
    refused(visit, copy, "observations", "evidence")


def test_invalid_utf8_in_a_text_is_refused(visit, copy):
    tamper(copy, "UPDATE observations SET text = CAST(X'48e96c6c6f' AS TEXT) "
                 "WHERE text = 'Een waarneming van Ilse'")
    refused(visit, copy, "UTF-8")


def test_a_text_field_holding_bytes_is_refused(visit, copy):
    tamper(copy, "UPDATE observations SET text = X'00ff10', revision = 7 "
                 "WHERE text = 'Een waarneming van Ilse'")
    refused(visit, copy, "text")


def test_an_open_conflict_of_an_unknown_table_is_refused(visit, copy):
    tamper(copy, "INSERT INTO merge_conflicts (id, table_name, record_id, version, row_json, "
                 "detected) VALUES ('c1', 'sqlite_master', 'x', '1:a', '{}', '2026-01-01')")
    refused(visit, copy, "sqlite_master")
