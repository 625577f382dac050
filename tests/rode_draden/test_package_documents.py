"""The central package carries nothing of the documents register (issue 15): no titles, no
attachment names or bytes, no reading notes or their Bron (privacy: a self-evaluation is
the service's own, and its title can name people)."""

from __future__ import annotations

import base64

from visitor_app.rode_draden.package import build_package, export_central

TITLE = "Zelfevaluatie Omgevingsdienst Testland, versie van Wilma Haverkamp"
ATTACHMENT = b"%PDF-1.4\nVERTROUWELIJK-inhoud-van-de-bijlage-7QX"


def test_the_package_carries_no_document_title_attachment_or_reading_note(visit, framework, tmp_path):
    pdf = tmp_path / "zelfevaluatie-haverkamp.pdf"
    pdf.write_bytes(ATTACHMENT)
    doc = visit.documents.add(TITLE, framework.document_kinds[0]["id"], "2026-01-15",
                              attachment=pdf).id
    visit.documents.add_note(doc, framework.themes[0]["id"], framework.observation_kinds[0]["id"],
                             "Leesnotitie-uit-de-zelfevaluatie", page=12)
    visit.findings.add(framework.themes[0]["id"], framework.finding_kinds[0]["id"],
                       "De dienst heeft haar processen beschreven.")
    out = tmp_path / "testland.rodedraden"
    export_central(visit, out)
    raw = out.read_bytes()
    text = raw.decode("utf-8")
    for forbidden in ("Zelfevaluatie Omgevingsdienst Testland", "zelfevaluatie-haverkamp",
                      "Leesnotitie-uit-de-zelfevaluatie", ", p. 12", doc, "attachment", "document_id"):
        assert forbidden not in text, forbidden
    assert b"VERTROUWELIJK" not in raw and base64.b64encode(ATTACHMENT).decode() not in text
    assert len(build_package(visit)["findings"]) == 1
