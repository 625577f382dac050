"""The documents register (issue 15): documents with attachments stored once in the file,
reading notes with a page, the limits, and how documents and attachments travel through a
member's copy and back."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from visitor_app.errors import InputError
from visitor_app.services import Visitation
from visitor_app.services import documents as documents_module
from visitor_app.store.merge import MAX_COPY_BYTES


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def attachment_rows(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT sha256, size FROM attachments ORDER BY sha256").fetchall()
    finally:
        conn.close()


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "jaarverslag-2025.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"Jaarverslag van een verzonnen dienst. " * 2000)
    return path


def kinds(visit):
    return [k["id"] for k in visit.framework.document_kinds]


def note_args(visit):
    fw = visit.framework
    return fw.themes[0]["id"], fw.observation_kinds[0]["id"]


def test_the_kinds_come_from_the_framework(visit):
    assert len(kinds(visit)) >= 3
    assert visit.documents.kinds() == visit.framework.document_kinds
    with pytest.raises(InputError, match="onbekende documentsoort 'geen_soort'"):
        visit.documents.add("Jaarverslag 2025", "geen_soort")
    assert visit.documents.list() == []


def test_add_list_update_and_remove_a_document(visit, pdf):
    first, second = kinds(visit)[:2]
    doc = visit.documents.add("Jaarverslag 2025", first, "2026-01-31", attachment=pdf).id
    visit.documents.add("Organisatieschema", second)
    shown = visit.documents.list()
    assert [d["title"] for d in shown] == ["Jaarverslag 2025", "Organisatieschema"]  # undated last
    d = shown[0]
    assert d["kind"] == first and d["kind_name"] == visit.framework.document_kinds[0]["name"]
    assert d["attachment_name"] == pdf.name and d["attachment_size"] == pdf.stat().st_size
    assert d["attachment_mime"] == "application/pdf" and d["attachment_here"] is True
    assert visit.documents.attachment(doc) == pdf.read_bytes()

    row = visit.documents.update(doc, title="Jaarverslag 2025 (definitief)", date="2026-02-15").row
    assert row["title"] == "Jaarverslag 2025 (definitief)" and row["revision"] == 2
    with pytest.raises(InputError, match="datum van het document: ongeldige datum"):
        visit.documents.update(doc, date="31-01-2026")
    with pytest.raises(InputError, match="titel van het document: tekst mag niet leeg zijn"):
        visit.documents.update(doc, title="   ")
    assert visit.documents.get(doc)["date"] == "2026-02-15"

    visit.documents.delete([doc])
    assert [d["title"] for d in visit.documents.list()] == ["Organisatieschema"]
    visit.documents.restore([doc])
    assert len(visit.documents.list()) == 2
    assert visit.audit.check() == []


def test_an_attachment_above_the_limit_is_refused_and_changes_nothing(visit, tmp_path, monkeypatch):
    monkeypatch.setattr(documents_module, "MAX_ATTACHMENT_BYTES", 1000)  # a real 25 MB file is slow
    big = tmp_path / "begroting-2026.xlsx"
    big.write_bytes(b"x" * 1500)
    before = visit.store.stored("documents")
    with pytest.raises(InputError) as refused:
        visit.documents.add("Begroting 2026", kinds(visit)[0], attachment=big)
    assert "begroting-2026.xlsx" in refused.value.message and "1 kB" in refused.value.message
    assert "Er is niets veranderd" in refused.value.message
    assert visit.store.stored("documents") == before
    assert attachment_rows(visit.path) == []
    doc = visit.documents.add("Begroting 2026", kinds(visit)[0]).id
    with pytest.raises(InputError, match="groter dan de grens"):
        visit.documents.attach(doc, big)
    assert visit.documents.get(doc)["attachment_sha256"] is None


def test_the_limits_keep_a_copy_with_attachments_mergeable():
    assert documents_module.MAX_ATTACHMENT_BYTES == 25_000_000
    assert documents_module.MAX_TOTAL_BYTES + 50_000_000 <= MAX_COPY_BYTES


def test_all_attachments_together_have_a_limit(visit, tmp_path, monkeypatch):
    monkeypatch.setattr(documents_module, "MAX_TOTAL_BYTES", 2500)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"a" * 2000)
    b.write_bytes(b"b" * 1000)
    visit.documents.add("Stuk A", kinds(visit)[0], attachment=a)
    visit.documents.add("Stuk A nog eens", kinds(visit)[0], attachment=a)  # stored already: no extra
    with pytest.raises(InputError, match="samen op 3 kB, meer dan de grens"):
        visit.documents.add("Stuk B", kinds(visit)[0], attachment=b)
    assert len(visit.documents.list()) == 2


def test_a_missing_file_or_a_folder_is_refused(visit, tmp_path):
    with pytest.raises(InputError, match="bestaat niet"):
        visit.documents.add("Jaarverslag", kinds(visit)[0], attachment=tmp_path / "weg.pdf")
    with pytest.raises(InputError, match="is geen bestand"):
        visit.documents.add("Jaarverslag", kinds(visit)[0], attachment=tmp_path)
    assert visit.documents.list() == []


def test_the_same_attachment_is_stored_once(visit, pdf, tmp_path):
    same = tmp_path / "kopie-van-het-jaarverslag.pdf"
    same.write_bytes(pdf.read_bytes())
    one = visit.documents.add("Jaarverslag", kinds(visit)[0], attachment=pdf).id
    two = visit.documents.add("Jaarverslag (bijlage bij de zelfevaluatie)", kinds(visit)[0]).id
    visit.documents.attach(two, same)
    assert attachment_rows(visit.path) == [(visit.documents.get(one)["attachment_sha256"],
                                            pdf.stat().st_size)]
    assert visit.documents.get(two)["attachment_name"] == same.name
    assert visit.documents.stored() == {"count": 1, "bytes": pdf.stat().st_size}


def test_save_an_attachment_out(visit, pdf, tmp_path):
    doc = visit.documents.add("Jaarverslag", kinds(visit)[0], attachment=pdf).id
    out = tmp_path / "uit" / "jaarverslag.pdf"
    out.parent.mkdir()
    assert visit.documents.save_attachment(doc, out).result["size"] == pdf.stat().st_size
    assert sha(out) == sha(pdf)
    bare = visit.documents.add("Zonder bijlage", kinds(visit)[0]).id
    with pytest.raises(InputError, match="heeft geen bijlage"):
        visit.documents.save_attachment(bare, tmp_path / "uit" / "niets.pdf")
    assert not (tmp_path / "uit" / "niets.pdf").exists()
    with pytest.raises(InputError, match="visitatiebestand"):
        visit.documents.save_attachment(doc, visit.path)


def test_a_reading_note_has_the_document_and_page_as_its_source(visit, pdf):
    theme, kind = note_args(visit)
    doc = visit.documents.add("Jaarverslag 2025", kinds(visit)[0], attachment=pdf).id
    note = visit.documents.add_note(doc, theme, kind, "Het verslag noemt 42 fte handhaving", page=12).id
    obs = visit.observations.get(note)
    assert (obs["document_id"], obs["page"], obs["evidence"]) == (doc, 12, "Jaarverslag 2025, p. 12")
    assert [o["id"] for o in visit.documents.notes(doc)] == [note]
    assert [o["id"] for o in visit.observations.search("jaarverslag")] == [note]  # the Bron is searchable

    visit.documents.update(doc, title="Jaarverslag 2025 (definitief)")
    assert visit.observations.get(note)["evidence"] == "Jaarverslag 2025 (definitief), p. 12"
    visit.observations.update(note, page=13)
    assert visit.observations.get(note)["evidence"] == "Jaarverslag 2025 (definitief), p. 13"

    for page, message in ((0, "geen paginanummer"), ("twaalf", "geen paginanummer")):
        with pytest.raises(InputError, match=message):
            visit.documents.add_note(doc, theme, kind, "Nog een", page=page)
    with pytest.raises(InputError, match="kies ook het document"):
        visit.observations.add(theme, kind, "Een pagina zonder document", page=3)
    with pytest.raises(InputError, match="staat niet in het documentenregister"):
        visit.observations.add(theme, kind, "Een onbekend document", document_id="weg", page=3)
    assert len(visit.documents.notes(doc)) == 1
    assert visit.audit.check() == []


def test_a_hand_out_copy_keeps_the_attachments_by_default(visit, pdf, tmp_path):
    doc = visit.documents.add("Jaarverslag", kinds(visit)[0], attachment=pdf).id
    copy = tmp_path / "ilse.visitatie"
    assert visit.team.hand_out("Ilse Voorthuis", copy).result["attachments"] is True
    with Visitation.open(copy) as member:
        assert member.documents.attachment(doc) == pdf.read_bytes()


def test_a_hand_out_without_attachments_then_merged_back_keeps_them(visit, pdf, tmp_path):
    theme, kind = note_args(visit)
    doc = visit.documents.add("Jaarverslag", kinds(visit)[0], attachment=pdf).id
    copy = tmp_path / "ruben.visitatie"
    visit.team.hand_out("Ruben Kasteleijn", copy, with_attachments=False)
    assert attachment_rows(copy) == []
    assert pdf.read_bytes()[:200] not in copy.read_bytes()  # gone from the file, not just unlisted
    with Visitation.open(copy) as member:
        d = member.documents.get(doc)
        assert d["attachment_name"] == pdf.name and d["attachment_here"] is False
        with pytest.raises(InputError, match="zonder bijlagen"):
            member.documents.attachment(doc)
        note = member.documents.add_note(doc, theme, kind, "Ruben las p. 7", page=7).id
    result = visit.team.merge([copy]).result
    assert result["conflicts"] == 0 and result["attachments"] == 0
    assert visit.documents.attachment(doc) == pdf.read_bytes()
    assert visit.observations.get(note)["evidence"] == "Jaarverslag, p. 7"
    assert visit.audit.check() == []


def test_documents_merge_from_copies_with_a_conflict_and_attachments_copied_once(visit, pdf, tmp_path):
    first, second = kinds(visit)[:2]
    shared = visit.documents.add("Zelfevaluatie", first).id
    a, b = tmp_path / "ilse.visitatie", tmp_path / "ruben.visitatie"
    visit.team.hand_out("Ilse Voorthuis", a)
    visit.team.hand_out("Ruben Kasteleijn", b)
    with Visitation.open(a) as ilse:
        ilse.documents.update(shared, title="Zelfevaluatie 2025")
        from_ilse = ilse.documents.add("Jaarverslag", second, attachment=pdf).id
    with Visitation.open(b) as ruben:
        ruben.documents.update(shared, title="Zelfevaluatie (concept)")
        from_ruben = ruben.documents.add("Jaarverslag, nog een keer", second, attachment=pdf).id

    result = visit.team.merge([a, b]).result
    assert result["attachments"] == 1  # the same file from both copies: copied once
    assert [c["attachments"] for c in result["copies"]] == [1, 0]
    assert attachment_rows(visit.path) == [(visit.documents.get(from_ilse)["attachment_sha256"],
                                            pdf.stat().st_size)]
    titles = {d["id"]: d["title"] for d in visit.documents.list()}
    assert set(titles) == {shared, from_ilse, from_ruben}
    conflicts = [c for c in visit.team.conflicts() if c["table"] == "documents"]
    assert len(conflicts) == 1 and conflicts[0]["can_keep_both"]
    assert {conflicts[0]["current"]["title"], conflicts[0]["other"]["title"]} == \
        {"Zelfevaluatie 2025", "Zelfevaluatie (concept)"}
    assert conflicts[0]["current"]["title"] == titles[shared]

    again = visit.team.merge([b, a]).result  # idempotent, in either order
    assert (again["added"], again["updated"], again["conflicts"], again["attachments"]) == (0, 0, 0, 0)
    visit.team.resolve(conflicts[0]["id"], "both")
    assert len(visit.documents.list()) == 4
    assert visit.audit.check() == []


def test_a_copy_with_a_tampered_attachment_is_refused(visit, pdf, tmp_path):
    from visitor_app.errors import DamagedFileError
    copy = tmp_path / "ilse.visitatie"
    visit.team.hand_out("Ilse Voorthuis", copy)
    with Visitation.open(copy) as ilse:
        ilse.documents.add("Jaarverslag", kinds(visit)[0], attachment=pdf)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE attachments SET data = ?", (b"iets anders",))
    conn.commit()
    conn.close()
    before = sha(visit.path)
    with pytest.raises(DamagedFileError, match="klopt niet met de vingerafdruk"):
        visit.team.merge([copy])
    assert visit.documents.list() == [] and sha(visit.path) == before


def test_a_document_kind_unknown_to_the_file_is_refused_in_a_copy(visit, tmp_path):
    copy = tmp_path / "ilse.visitatie"
    visit.team.hand_out("Ilse Voorthuis", copy)
    with Visitation.open(copy) as ilse:
        doc = ilse.documents.add("Jaarverslag", kinds(visit)[0]).id
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE documents SET kind = 'verzonnen_soort' WHERE id = ?", (doc,))
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="onbekende documentsoort 'verzonnen_soort'"):
        visit.team.merge([copy])
    assert visit.documents.list() == []


@pytest.mark.parametrize("copy_secret", [None, "een eigen wachtwoord voor de kopie"])
def test_an_encrypted_file_keeps_its_attachments_encrypted_and_hands_out_without_them(
        tmp_path, framework, pdf, copy_secret):
    from tests.conftest import MEMBERS
    secret = "zeven blauwe fietsen"
    marker = b"Jaarverslag van een verzonnen dienst."
    path = tmp_path / "geheim.visitatie"
    with Visitation.create(path, "OD Kruispunt", "2026-03-10", "2026-03-11", members=MEMBERS,
                           framework=framework, passphrase=secret) as v:
        doc = v.documents.add("Jaarverslag", framework.document_kinds[0]["id"], attachment=pdf).id
        copy = tmp_path / "ilse.visitatie"
        v.team.hand_out("Ilse Voorthuis", copy, passphrase=copy_secret, with_attachments=False)
    assert marker not in path.read_bytes() and marker not in copy.read_bytes()
    assert copy.stat().st_size < path.stat().st_size - 50_000
    with Visitation.open(copy, passphrase=copy_secret or secret) as ilse:
        assert ilse.documents.get(doc)["attachment_here"] is False
    with Visitation.open(path, passphrase=secret) as v:
        v.team.merge([copy], passphrase_for=lambda _p: copy_secret)
        assert v.documents.attachment(doc) == pdf.read_bytes()


def test_check_finds_an_attachment_whose_bytes_changed(visit, pdf):
    visit.documents.add("Jaarverslag", kinds(visit)[0], attachment=pdf)
    assert visit.audit.check() == []
    conn = sqlite3.connect(visit.path)
    conn.execute("UPDATE attachments SET data = ?", (b"iets anders",))
    conn.commit()
    conn.close()
    assert any("klopt niet met de vingerafdruk" in p for p in visit.audit.check())
