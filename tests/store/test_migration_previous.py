"""Schema 6 step _v6_previous: an old file gets the tables of the previous visitation, and
its recommendations can be imported right away."""

from __future__ import annotations

import shutil
import sqlite3

from tests.conftest import ROOT
from visitor_app.services import Visitation
from visitor_app.services.previous import PreviousSource
from visitor_app.store import migrations


def test_an_old_file_gets_the_previous_tables_and_takes_an_import(tmp_path):
    assert migrations._v6_previous in migrations.V6_STEPS
    path = tmp_path / "oud.visitatie"
    shutil.copy2(ROOT / "tests/fixtures/schema_v3.visitatie", path)
    with Visitation.open(path) as v:
        fw = v.framework
        source = PreviousSource(key="csv", label="test", dienst=None, resolved=True, items=[
            {"theme": fw.themes[0]["id"], "kind": fw.follow_up_kinds()[0], "text": "Werk aan de basis."}])
        assert v.previous.import_source(source).result["added"] == 1
        assert v.audit.check() == []
        assert v.audit.info()["vorige"]["total"] == 1
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"previous_recommendations", "previous_links"} <= tables


def test_an_old_previous_visitation_is_read_without_touching_its_file(tmp_path, framework):
    import hashlib
    from visitor_app.services.previous import read_visitation_source
    old = tmp_path / "vorige.visitatie"
    shutil.copy2(ROOT / "tests/fixtures/schema_v3.visitatie", old)
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    source = read_visitation_source(old)
    assert source.dienst and source.visitation_id
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before  # not upgraded in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vorige.visitatie"]  # no backup beside it
