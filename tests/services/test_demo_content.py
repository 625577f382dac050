"""What the demo shows in Documenten and Vorige visitatie: a documents register with one
attachment inside the file and reading notes with pages, and the previous visitation's
recommendations with their opvolging and linked observations. The demo (resources/demo) is
written for forms/, so these run on the standard framework only."""

from __future__ import annotations

import re
import tempfile

import pytest

from visitor_app.services import Visitation
from visitor_app.services.demo import create_demo

pytestmark = pytest.mark.forms_nl


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def test_the_register_has_the_documents_and_one_pdf_inside_the_file(demo_path, tmp_path):
    with Visitation.open(demo_path) as v:
        docs = v.documents.list()
        kinds = {k["id"] for k in v.documents.kinds()}
        assert len(docs) >= 5
        assert {d["kind"] for d in docs} <= kinds and len({d["kind"] for d in docs}) >= 5
        assert all(d["date"] for d in docs)
        [attached] = [d for d in docs if d["attachment_sha256"]]
        assert attached["attachment_here"] and attached["attachment_name"].endswith(".pdf")
        assert v.documents.stored() == {"count": 1, "bytes": attached["attachment_size"]}
        data = v.documents.attachment(attached["id"])
        notes = v.documents.notes(attached["id"])
        out = tmp_path / "bijlage.pdf"
        v.documents.save_attachment(attached["id"], out)
    assert data.startswith(b"%PDF") and len(data) == attached["attachment_size"] < 100_000
    assert out.read_bytes() == data
    # the notes on it point at pages that are in it
    assert len(notes) >= 2 and all(1 <= n["page"] <= pdf_pages(data) for n in notes)
    assert pdf_pages(data) >= 3


def test_reading_notes_with_a_page_and_their_source_over_several_themes(demo_path):
    with Visitation.open(demo_path) as v:
        docs = {d["id"]: d for d in v.documents.list()}
        notes = [o for o in v.observations.list() if o["document_id"]]
        assert len(notes) >= 6
        for note in notes:
            assert note["page"] and note["evidence"] == f"{docs[note['document_id']]['title']}, p. {note['page']}"
        assert len({n["theme"] for n in notes}) >= 4
        assert len({n["document_id"] for n in notes}) == len(docs)  # every document was read
        assert v.audit.check() == []


def test_the_previous_visitation_has_opvolging_and_links(demo_path):
    with Visitation.open(demo_path) as v:
        rows = v.previous.list()
        default = v.framework.follow_up_default()
        dienst = v.details()["dienst"]
        assert len(rows) >= 8
        assert all(dienst in r["source_label"] for r in rows)
        assert {r["kind"] for r in rows} <= set(v.framework.follow_up_kinds())
        done = [r for r in rows if r["status"] != default]
        assert 4 <= len(done) < len(rows)  # the commission is not finished: some still open
        assert len({r["status"] for r in done}) >= 3  # a mix of statuses
        assert all(r["toelichting"] for r in done)
        linked = {r["id"]: v.previous.observation_ids(r["id"]) for r in rows}
        linked = {rid: oids for rid, oids in linked.items() if oids}
        assert len(linked) >= 2
        live = {o["id"] for o in v.observations.list()}
        assert all(set(oids) <= live for oids in linked.values())
        assert v.previous.counts()["total"] == len(rows)


def test_making_the_demo_leaves_no_temp_file_behind(tmp_path, monkeypatch):
    """The PDF is made in the temp folder and is gone after; its bytes are in the file."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    path = tmp_path / "demo.visitatie"
    create_demo(path).close()
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.visitatie", "temp"]
    with Visitation.open(path) as v:
        assert v.documents.stored()["count"] == 1


def test_the_demo_has_prepared_questions_some_asked_some_carried_and_summaries(demo_path):
    with Visitation.open(demo_path) as v:
        questions = v.own_questions.list()
        sessions = v.programme.sessions()
        summaries = v.self_evaluation.all()
        # every session's guide: how many open questions were carried over to it
        carried = {s["id"]: [q for q in v.own_questions.for_session(s["id"]) if q["carried"]]
                   for s in sessions}
    members = {q["member"] for q in questions}
    assert len(questions) >= 8 and len(members - {None}) >= 4 and None in members
    asked = [q for q in questions if q["asked_label"]]
    assert 3 <= len(asked) < len(questions)
    assert any(q["theme"] for q in questions) and any(q["session_id"] for q in questions)
    assert any(carried.values())  # a question not asked in its conversation shows in a later one
    assert len(summaries) >= 3
