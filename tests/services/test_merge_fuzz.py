"""Fuzzing the merge of a member's copy (issue 11, defect 3): a valid copy is changed behind
the app's back (columns dropped or renamed, a table replaced by a view, bad JSON, a second
visitation, unknown themes, random bytes in text fields, values of the wrong type) and
merged. Either it is merged and the secretary's file is still sound, or it is refused with
a Dutch VisitorError naming the copy and the secretary's file is unchanged; never a crash.

``VISITATIE_STRESS=1`` (``make stress``) runs many more examples."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import MEMBERS
from visitor_app.errors import VisitorError
from visitor_app.services import Visitation
from visitor_app.store.schema import COLUMNS, COMMON

EXAMPLES = 1000 if os.environ.get("VISITATIE_STRESS") else 40
pytestmark = pytest.mark.stress  # `make stress` runs it with VISITATIE_STRESS=1
TABLES = sorted(COLUMNS)
TEXT_COLUMNS = sorted((t, c) for t in COLUMNS for c, kind in {**COMMON, **COLUMNS[t]}.items()
                      if kind is str)
ANY_COLUMNS = sorted((t, c) for t in COLUMNS for c in {**COMMON, **COLUMNS[t]})
DUTCH = ("niets samengevoegd", "niets aan het bestand veranderd", "beschadigd")


@pytest.fixture(scope="module")
def master(tmp_path_factory, request):
    """A secretary's file and a member's copy with something of every kind in it."""
    from visitor_app.domain.framework import load_framework
    from tests.conftest import FRAMEWORKS
    fw = load_framework(FRAMEWORKS[request.param])
    folder = tmp_path_factory.mktemp("fuzz")
    target, copy = folder / "secretaris.visitatie", folder / "ilse.visitatie"
    with Visitation.create(target, "Omgevingsdienst Fuzzland", "2026-03-10", "2026-03-11",
                           members=MEMBERS, framework=fw) as visit:
        theme, kind = fw.themes[0]["id"], fw.observation_kinds[0]["id"]
        visit.observations.add(theme, kind, "Gedeelde waarneming")
        visit.team.hand_out("Ilse Voorthuis", copy)
    with Visitation.open(copy) as member:
        obs = member.observations.add(theme, kind, "Waarneming van Ilse", evidence="verslag").id
        member.findings.add(theme, fw.finding_kinds[0]["id"], "Bevinding van Ilse",
                            observation_ids=[obs])
        item = fw.assessment_items[0]["id"]
        member.assessments.set(item, fw.scale_values(item)[0]["id"], "toelichting")
        member.findings.set_section(fw.report["sections"][0]["id"], "Een rapporttekst")
    return target, copy


def pytest_generate_tests(metafunc):
    if "master" in metafunc.fixturenames:
        metafunc.parametrize("master", ["standaard", "alt"], indirect=True, scope="module")


def sql_mutations():
    table = st.sampled_from(TABLES)
    text_col = st.sampled_from(TEXT_COLUMNS)
    any_col = st.sampled_from(ANY_COLUMNS)
    junk = st.one_of(st.binary(max_size=40), st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=True),
                     st.text(max_size=40), st.none())
    return st.one_of(
        st.tuples(st.just("drop_column"), any_col),
        st.tuples(st.just("rename_column"), any_col),
        st.tuples(st.just("view"), table),
        st.tuples(st.just("bad_framework"), st.text(max_size=30)),
        st.tuples(st.just("second_visitation"), st.booleans()),
        st.tuples(st.just("unknown_theme"), st.sampled_from(["observations", "findings"])),
        st.tuples(st.just("bytes_in_text"), text_col, st.binary(min_size=1, max_size=40)),
        st.tuples(st.just("value"), any_col, junk),
        st.tuples(st.just("json_column"), st.sampled_from(["sessions.participants", "sessions.themes",
                                                           "case_files.fields"]),
                  st.text(max_size=30)),
    )


def mutate(path: Path, mutation) -> None:
    kind, *args = mutation
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if kind == "drop_column":
            (table, col), = args
            conn.execute(f"ALTER TABLE [{table}] DROP COLUMN [{col}]")
        elif kind == "rename_column":
            (table, col), = args
            conn.execute(f"ALTER TABLE [{table}] RENAME COLUMN [{col}] TO [{col}_x]")
        elif kind == "view":
            table, = args
            conn.execute(f"ALTER TABLE [{table}] RENAME TO [{table}_oud]")
            conn.execute(f"CREATE VIEW [{table}] AS SELECT * FROM [{table}_oud]")
        elif kind == "bad_framework":
            conn.execute("UPDATE visitation SET framework_json = ?, revision = revision + 3", args)
        elif kind == "second_visitation":
            other_id = "'" + "e" * 32 + "'" if args[0] else "id || 'x'"
            conn.execute("INSERT INTO visitation (id, dienst, created, updated, revision, deleted) "
                         f"SELECT {other_id}, dienst, created, updated, 1, 0 FROM visitation")
        elif kind == "unknown_theme":
            table, = args
            conn.execute(f"UPDATE [{table}] SET theme = 'geen_bestaand_thema', revision = revision + 3")
        elif kind == "bytes_in_text":
            (table, col), raw = args
            conn.execute(f"UPDATE [{table}] SET [{col}] = CAST(? AS TEXT), revision = revision + 3",
                         (raw,))
        elif kind == "value":
            (table, col), value = args
            conn.execute(f"UPDATE [{table}] SET [{col}] = ?", (value,))
        elif kind == "json_column":
            where, text = args
            table, col = where.split(".")
            conn.execute(f"UPDATE [{table}] SET [{col}] = ?, revision = revision + 3", (text,))
    finally:
        conn.close()


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations=st.lists(sql_mutations(), min_size=1, max_size=3))
def test_a_tampered_copy_is_merged_soundly_or_refused_in_dutch(master, mutations):
    with tempfile.TemporaryDirectory(prefix="visitatie-fuzz-") as tmp:
        target, copy = Path(tmp) / master[0].name, Path(tmp) / master[1].name
        shutil.copy2(master[0], target)
        shutil.copy2(master[1], copy)
        for mutation in mutations:
            try:
                mutate(copy, mutation)
            except sqlite3.Error:
                pass  # SQLite itself refuses this change (e.g. dropping an indexed column)
        before = hashlib.sha256(target.read_bytes()).hexdigest()
        with Visitation.open(target) as visit:
            try:
                visit.team.merge([copy])
            except VisitorError as exc:
                assert copy.name in exc.message, exc.message
                assert any(word in exc.message for word in DUTCH), exc.message
                event(f"geweigerd ({type(exc).__name__})")
                merged = False
            else:
                event("samengevoegd")
                merged = True
                assert visit.audit.check() == []
                visit.audit.info()
                visit.audit.dump()
        if not merged:
            assert hashlib.sha256(target.read_bytes()).hexdigest() == before
