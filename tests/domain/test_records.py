"""The record declarations are the one source of the schema, and pure data."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT
from visitor_app.domain.records import RECORDS, Field
from visitor_app.store import schema


def test_domain_imports_no_layer_above_it():
    """domain is data and rules: the store imports it, never the other way round; it may
    use only the errors, the paths and itself."""
    allowed = ("visitor_app.errors", "visitor_app.paths", "visitor_app.domain")
    for path in (ROOT / "visitor_app/domain").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                     else [])
            assert not [n for n in names if n.split(".")[0] in ("sqlite3", "sqlite_utils", "PySide6")
                        or (n.startswith("visitor_app") and not n.startswith(allowed))], path


def test_the_schema_names_are_derived_from_the_declarations():
    assert list(schema.TABLES) == list(RECORDS)
    assert schema.TABLES["observations"] == "waarneming"
    assert schema.COLUMNS["sessions"]["optional"] is int and schema.COLUMNS["findings"]["position"] is float
    assert schema.JSON_COLUMNS == {"sessions": ("participants", "themes"), "case_files": ("fields",),
                                   "partner_interviews": ("fields",)}
    assert schema.BOOL_COLUMNS["observations"] == ("deleted", "pinned")
    assert schema.LOCAL_TABLES == ("drafts",) and "drafts" not in schema.MERGED_TABLES
    assert list(schema.COMMON) == ["id", "author", "created", "updated", "updated_by", "revision", "deleted"]


def test_a_field_type_must_be_known():
    with pytest.raises(ValueError, match="unknown field type"):
        Field("x", "date")


def test_a_new_file_has_every_declared_column_with_its_default(visit):
    for table, record in RECORDS.items():
        columns = {c.name: c for c in visit.store.db[table].columns}
        assert set(columns) == set(schema.COMMON) | {f.name for f in record.fields}, table
    assert visit.store.db["observations"].columns_dict["pinned"] is int
    assert {c.name: c.default_value for c in visit.store.db["sessions"].columns}["optional"] == "0"


def test_the_board_and_the_csv_import_take_their_columns_from_the_record_type():
    from dataclasses import replace

    from visitor_app.domain.records import Field as F
    from visitor_app.services import csv_import  # noqa: F401 - reads RECORDS at call time
    obs = RECORDS["observations"]
    assert obs.csv_columns() == {"required": ("thema", "soort", "tekst"),
                                 "optional": ("subthema", "gesprek", "auteur", "bron", "vastgepind")}
    assert [label for _name, label in obs.columns()] == ["Vast", "Thema", "Subthema", "Soort",
                                                         "Waarneming", "Gesprek", "Auteur", "Tijd"]
    more = replace(obs, fields=obs.fields + (F("confidence", "int", label="Zekerheid", csv="zekerheid"),),
                   board=obs.board + ("confidence",), csv=obs.csv + ("confidence",))
    assert more.csv_columns()["optional"][-1] == "zekerheid"
    assert more.columns()[-1] == ("confidence", "Zekerheid")
