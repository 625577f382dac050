"""Schema 6, step _v6_documents (issue 15): a stored old file gets the documents register,
the attachments table and an observation's document and page, with its content intact; its
old copies still merge into it, and a document made after the upgrade travels to a copy."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.store.test_migrations import FIXTURES, stored, tables_in, team_of_schema_3
from visitor_app.services import Visitation
from visitor_app.store import schema
from visitor_app.store.visitation_file import row_version


def columns(path, table):
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    finally:
        conn.close()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_old_file_gets_the_documents_register(tmp_path, version):
    path = tmp_path / "oud.visitatie"
    shutil.copy2(FIXTURES / f"schema_v{version}.visitatie", path)
    assert "documents" not in tables_in(path) and "attachments" not in tables_in(path)
    observations = stored(path, "observations")
    with Visitation.open(path) as v:
        versions = {o["id"]: row_version("observations", o) for o in v.observations.list()}
    assert {"documents", "attachments"} <= tables_in(path)
    assert {"document_id", "page"} <= set(columns(path, "observations"))
    assert columns(path, "attachments") == schema.ATTACHMENT_COLUMNS
    after = stored(path, "observations")
    assert {i: {c: after[i][c] for c in row} for i, row in observations.items()} == observations
    assert all(after[i]["document_id"] is None and after[i]["page"] is None for i in after)

    pdf = tmp_path / "zelfevaluatie.pdf"
    pdf.write_bytes(b"%PDF-1.4 verzonnen zelfevaluatie")
    with Visitation.open(path) as v:
        # a new field at its default changes no version: old copies merge without conflicts
        assert {o["id"]: row_version("observations", o) for o in v.observations.list()} == versions
        kinds = v.framework.document_kinds  # a snapshot without them: the installed forms/'
        assert kinds
        doc = v.documents.add("Zelfevaluatie", kinds[0]["id"], attachment=pdf).id
        fw = v.framework
        note = v.documents.add_note(doc, fw.themes[0]["id"], fw.observation_kinds[0]["id"],
                                    "Zelfevaluatie noemt het bestuur", page=3).id
        assert v.observations.get(note)["evidence"] == "Zelfevaluatie, p. 3"
        assert v.documents.attachment(doc) == pdf.read_bytes()
        assert v.audit.check() == []


def test_copies_of_a_schema_3_file_merge_after_a_document_was_registered(tmp_path):
    main, ilse, ruben, _femke = team_of_schema_3(tmp_path)
    pdf = tmp_path / "jaarverslag.pdf"
    pdf.write_bytes(b"%PDF-1.4 verzonnen jaarverslag")
    with Visitation.open(main) as v:
        kind = v.framework.document_kinds[0]["id"]
        doc = v.documents.add("Jaarverslag", kind, attachment=pdf).id
        result = v.team.merge([ilse, ruben]).result  # old copies: no documents, no attachments
        assert (result["added"], result["conflicts"], result["attachments"]) == (1, 1, 0)
        assert v.documents.attachment(doc) == pdf.read_bytes()
        new_copy = tmp_path / "sanne.visitatie"
        v.team.hand_out("Sanne Olthof", new_copy, new_member_role="lid")
    with Visitation.open(new_copy) as sanne:
        assert sanne.documents.attachment(doc) == pdf.read_bytes()
