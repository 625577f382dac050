"""add-document, documents, add-note --document/--pagina and hand-out --zonder-bijlagen
through a real subprocess, on each framework."""

from __future__ import annotations

import hashlib
import json

from tests.conftest import closed_visitation
from tests.test_cli import run  # noqa: F401 - the fixture


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_register_list_and_note_from_a_document(run, tmp_path, each_framework):  # noqa: F811
    fw = each_framework
    path = closed_visitation(tmp_path / "s.visitatie", fw)
    pdf = tmp_path / "jaarverslag.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"Verzonnen jaarverslag. " * 1000)
    kind = fw.document_kinds[-1]

    added = run("add-document", path.name, "--titel", "Jaarverslag 2025", "--soort", kind["name"],
                "--datum", "2026-01-31", "--bijlage", pdf.name, "--json")
    assert added.returncode == 0, added.stderr
    doc = json.loads(added.stdout)
    assert (doc["title"], doc["kind"], doc["date"]) == ("Jaarverslag 2025", kind["id"], "2026-01-31")
    assert doc["attachment"] == {"name": pdf.name, "size": pdf.stat().st_size, "mime": "application/pdf",
                                 "sha256": sha(pdf), "in_file": True}
    plain = run("add-document", path.name, "--titel", "Organogram", "--soort", fw.document_kinds[0]["id"])
    assert plain.returncode == 0 and "Document geregistreerd: Organogram" in plain.stdout

    note = run("add-note", path.name, "--thema", fw.themes[0]["id"], "--soort",
               fw.observation_kinds[0]["id"], "--tekst", "42 fte handhaving",
               "--document", "jaarverslag 2025", "--pagina", "12", "--json")
    assert note.returncode == 0, note.stderr
    found = json.loads(run("search", path.name, "handhaving", "--json").stdout)
    assert [h["evidence"] for h in found] == ["Jaarverslag 2025, p. 12"]

    listed = json.loads(run("documents", path.name, "--json").stdout)
    assert [(d["title"], d["reading_notes"]) for d in listed] == [("Jaarverslag 2025", 1), ("Organogram", 0)]
    text = run("documents", path.name)
    assert text.returncode == 0
    assert "Jaarverslag 2025" in text.stdout and f"bijlage: {pdf.name}" in text.stdout


def test_bad_input_is_refused_and_changes_nothing(run, tmp_path, each_framework):  # noqa: F811
    fw = each_framework
    path = closed_visitation(tmp_path / "s.visitatie", fw)
    before = sha(path)
    unknown = run("add-document", path.name, "--titel", "Jaarverslag", "--soort", "geen_soort")
    assert unknown.returncode == 1 and "onbekende documentsoort 'geen_soort'" in unknown.stderr
    assert fw.document_kinds[0]["id"] in unknown.stderr  # names the choices
    missing = run("add-document", path.name, "--titel", "Jaarverslag", "--soort",
                  fw.document_kinds[0]["id"], "--bijlage", "weg.pdf")
    assert missing.returncode == 1 and "weg.pdf: bestand bestaat niet" in missing.stderr
    no_doc = run("add-note", path.name, "--thema", fw.themes[0]["id"], "--soort",
                 fw.observation_kinds[0]["id"], "--tekst", "x", "--document", "Onbekend", "--pagina", "3")
    assert no_doc.returncode == 1 and "staat niet in het documentenregister" in no_doc.stderr
    assert sha(path) == before
    assert "Traceback" not in unknown.stderr + missing.stderr + no_doc.stderr
    assert "leeg" in run("documents", path.name).stdout


def test_hand_out_without_attachments_and_merge_back(run, tmp_path, each_framework):  # noqa: F811
    fw = each_framework
    path = closed_visitation(tmp_path / "s.visitatie", fw)
    pdf = tmp_path / "begroting.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"Verzonnen begroting. " * 5000)
    assert run("add-document", path.name, "--titel", "Begroting", "--soort", fw.document_kinds[0]["id"],
               "--bijlage", pdf.name).returncode == 0
    out = run("hand-out", path.name, "--member", "Ilse Voorthuis", "--out", "ilse.visitatie",
              "--zonder-bijlagen", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["attachments"] is False
    copy = tmp_path / "ilse.visitatie"
    assert copy.stat().st_size < path.stat().st_size - 50_000
    [doc] = json.loads(run("documents", copy.name, "--json").stdout)
    assert doc["attachment"]["in_file"] is False and doc["attachment"]["name"] == pdf.name
    assert "niet in deze kopie" in run("documents", copy.name).stdout

    merged = run("merge", path.name, copy.name, "--json")
    assert merged.returncode == 0, merged.stderr
    assert json.loads(merged.stdout)["attachments"] == 0
    [doc] = json.loads(run("documents", path.name, "--json").stdout)
    assert doc["attachment"]["in_file"] is True
