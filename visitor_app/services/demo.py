"""The demo visitation: a fictional dienst and commission, from resources/demo/.

Everything in it comes from resources/demo/demo_visitatie.yaml: the programme, the notes,
the documents register (one document with an attachment, a short PDF made here with
reportlab in a temp folder that is removed after), the reading notes, and the
recommendations of the previous visitation with their opvolging. This module only reads it.
"""

from __future__ import annotations

from pathlib import Path

from visitor_app.errors import InputError
from visitor_app.paths import resources_dir
from visitor_app.services import Visitation


def demo_data_file() -> Path:
    return resources_dir() / "demo" / "demo_visitatie.yaml"


def create_demo(path: Path | str, data_file: Path | None = None) -> Visitation:
    """Create the demo visitation at ``path`` (refuses to overwrite an existing file)."""
    import yaml
    data_file = data_file or demo_data_file()
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    return Visitation.create(
        path, data["dienst"], str(data["start"]), str(data["end"]),
        members=[(m["name"], m["role"]) for m in data["members"]], with_programme=False,
        fill=lambda visit: _fill(visit, data))


def is_current(framework) -> bool:
    """Whether a demo with this (embedded) framework was made with the one installed now."""
    from visitor_app.domain import framework as framework_module
    return (framework.id, framework.version) == framework_module.installed_identity()


def replace_demo(path: Path | str, made_with: str) -> str:
    """Keep the demo at ``path`` (made with framework version ``made_with``) beside it,
    renamed "<name>-kader-<version>", and make a new demo in its place; what was done (Dutch)."""
    path = Path(path)
    kept = path.with_name(f"{path.stem}-kader-{made_with}{path.suffix}")
    n = 2
    while kept.exists():
        kept = path.with_name(f"{path.stem}-kader-{made_with}-{n}{path.suffix}")
        n += 1
    path.rename(kept)
    with create_demo(path) as visit:
        now = visit.framework.version
    return (f"Nieuwe demo gemaakt met het kader van nu ({now}); de vorige demo "
            f"(kader {made_with}) staat ernaast als {kept.name}.")


def current_demo(path: Path | str) -> str | None:
    """Make sure the demo at ``path`` is made with the framework installed now: made when
    there is none; a demo of an older (or another) framework is kept beside a new one
    (replace_demo). Returns what was done (Dutch), or None when nothing was. A demo that
    cannot be opened (in use, damaged) is left alone: opening it says why."""
    from visitor_app.errors import VisitorError
    path = Path(path)
    if not path.exists():
        create_demo(path).close()
        return None
    try:
        with Visitation.open(path) as visit:
            current, made_with = is_current(visit.framework), visit.framework.version
    except VisitorError:
        return None
    return None if current else replace_demo(path, made_with)


def _fill(visit: Visitation, data: dict) -> None:
    members = {m["key"]: visit.members.id_of(m["name"]) for m in data["members"]}

    def as_member(key):
        if key not in members:
            raise InputError(f"demo: onbekend commissielid {key!r}")
        return members[key]

    sessions = {}
    for s in data["sessions"]:
        sessions[s["key"]] = visit.programme.add(
            day=s["day"], start=s["start"], end=s["end"], conversation=s["conversation"],
            title=s.get("title"), participants=s.get("participants", []), themes=s.get("themes"),
            optional=s.get("optional", False)).id
        for question in s.get("discussed", []):  # guide questions ticked off in that conversation
            visit.questions.tick(sessions[s["key"]], question)
    documents = _documents(visit, data, as_member)
    records = {}
    for table in visit.records.TABLES:
        for rec in data.get(table, []):
            visit.current_member = as_member(rec["author"])
            records[rec["key"]] = visit.records.add(
                table, rec["fields"], session_id=sessions.get(rec.get("session"))).id
    observations = {}
    for o in data["observations"]:
        observations[o["key"]] = visit.observations.add(
            theme=o["theme"], kind=o["kind"], text=o["text"], subtheme=o.get("subtheme"),
            session_id=sessions[o["session"]] if o.get("session") else None,
            evidence=o.get("evidence"), pinned=o.get("pinned", False),
            case_file_id=records[o["case_file"]] if o.get("case_file") else None,
            partner_interview_id=records[o["partner_interview"]] if o.get("partner_interview") else None,
            document_id=documents[o["document"]] if o.get("document") else None,
            page=o.get("page"), author=as_member(o["author"])).id
    for a in data.get("assessments", []):
        visit.assessments.set(a["item"], a["value"], a.get("toelichting"))
    for f in data.get("findings", []):
        visit.current_member = as_member(f["author"])
        visit.findings.add(f["theme"], f["kind"], f["text"], subtheme=f.get("subtheme"),
                          observation_ids=[observations[k] for k in f.get("observations", [])])
    _previous(visit, data, as_member, observations)
    _preparation(visit, data, as_member, sessions)
    visit.current_member = None


def _preparation(visit: Visitation, data: dict, as_member, sessions: dict) -> None:
    """The members' own questions (some ticked off where they were asked) and the
    zelfevaluatie summaries per theme."""
    for q in data.get("own_questions", []):
        member = as_member(q["member"]) if q.get("member") else None
        visit.current_member = member
        new = visit.own_questions.add(q["text"], session_id=sessions[q["session"]] if q.get("session") else None,
                                      theme=q.get("theme"), member_id=member).id
        if q.get("asked_in"):
            visit.own_questions.set_asked(new, sessions[q["asked_in"]])
    visit.current_member = None
    for s in data.get("self_evaluation", []):
        visit.self_evaluation.set(s["theme"], s["text"])


def _documents(visit: Visitation, data: dict, as_member) -> dict:
    """The documents register; {key: document id}. The attachment (fictional text, no
    personal data) is written to a new folder in the system temp folder, removed with it
    when the documents are in; the bytes are then inside the visitation file."""
    import tempfile
    documents = {}
    entries = data.get("documents", [])
    if not entries:
        return documents
    with tempfile.TemporaryDirectory(prefix="visitatie-demo-") as name:
        folder = Path(name)
        for d in entries:
            visit.current_member = as_member(d["author"])
            attachment = None
            if d.get("attachment"):
                attachment = folder / d["attachment"]["name"]
                _write_pdf(attachment, d["title"], data["dienst"], d["attachment"]["pages"])
            documents[d["key"]] = visit.documents.add(
                d["title"], d.get("kind"), d.get("date"), attachment=attachment,
                notes=d.get("notes")).id
    return documents


def _write_pdf(path: Path, title: str, dienst: str, pages: list[dict]) -> None:
    """A short A4 PDF: one page per entry of ``pages`` (heading, paragraphs), with a footer
    naming document, dienst and page. The same text gives the same bytes (invariant)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas
    width, height = A4
    margin, size, leading = 2.5 * cm, 11, 15
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor(dienst)
    pdf.setSubject("Fictief document voor de demovisitatie")
    pdf.setCreator("Visitatie-app (demo)")
    for number, page in enumerate(pages, start=1):
        y = height - margin
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(margin, y, page["heading"])
        y -= 1.2 * cm
        for paragraph in page.get("paragraphs", []):
            for line in simpleSplit(paragraph, "Helvetica", size, width - 2 * margin):
                pdf.setFont("Helvetica", size)
                pdf.drawString(margin, y, line)
                y -= leading
            y -= leading / 2
        pdf.setFont("Helvetica", 9)
        pdf.drawString(margin, 1.5 * cm, f"{title} · {dienst}")
        pdf.drawRightString(width - margin, 1.5 * cm, f"pagina {number} van {len(pages)}")
        pdf.showPage()
    pdf.save()


def _previous(visit: Visitation, data: dict, as_member, observations: dict) -> None:
    """The recommendations of the previous visitation, imported as import-vorige imports a
    previous visitation's file, then the opvolging and links the demo gives them."""
    from visitor_app.services.previous import PreviousSource, visitation_label
    previous = data.get("previous")
    if not previous:
        return
    visit.current_member = as_member(previous["author"])
    points = previous["points"]
    source = PreviousSource(
        key=previous["visitation_id"], visitation_id=previous["visitation_id"],
        dienst=data["dienst"], label=visitation_label(data["dienst"], previous["start"]),
        items=[{"theme": p["theme"], "kind": p["kind"], "text": p["text"]} for p in points])
    ids = visit.previous.import_source(source).ids
    if len(ids) != len(points):
        raise InputError(f"demo: {len(points)} punten van de vorige visitatie, {len(ids)} ingelezen "
                         "(een dubbel punt, of een soort zonder opvolging?)")
    for rid, point in zip(ids, points):
        if point.get("status") or point.get("toelichting"):
            visit.previous.set_opvolging(rid, point.get("status"), point.get("toelichting"))
        for key in point.get("observations", []):
            if key not in observations:
                raise InputError(f"demo: onbekende waarneming {key!r} bij de vorige visitatie")
            visit.previous.link(rid, observations[key])
