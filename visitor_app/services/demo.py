"""The demo visitation: a fictional dienst and commission, from resources/demo/."""

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


def current_demo(path: Path | str) -> str | None:
    """Make sure the demo at ``path`` is made with the framework installed now: a demo of an
    older (or another) framework is kept beside it, renamed "<name>-kader-<version>", and
    a new demo takes its place. Returns what was done (Dutch), or None when nothing was.
    A demo that cannot be opened (in use, damaged) is left alone: opening it says why."""
    from visitor_app.domain.framework import load_framework
    from visitor_app.errors import VisitorError
    path = Path(path)
    if not path.exists():
        create_demo(path).close()
        return None
    installed = load_framework()
    try:
        with Visitation.open(path) as visit:
            made_with = (visit.framework.id, visit.framework.version)
    except VisitorError:
        return None
    if made_with == (installed.id, installed.version):
        return None
    kept = path.with_name(f"{path.stem}-kader-{made_with[1]}{path.suffix}")
    n = 2
    while kept.exists():
        kept = path.with_name(f"{path.stem}-kader-{made_with[1]}-{n}{path.suffix}")
        n += 1
    path.rename(kept)
    create_demo(path).close()
    return (f"Nieuwe demo gemaakt met het kader van nu ({installed.version}); de vorige demo "
            f"(kader {made_with[1]}) staat ernaast als {kept.name}.")


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
            author=as_member(o["author"])).id
    for a in data.get("assessments", []):
        visit.assessments.set(a["item"], a["value"], a.get("toelichting"))
    for f in data.get("findings", []):
        visit.current_member = as_member(f["author"])
        visit.findings.add(f["theme"], f["kind"], f["text"], subtheme=f.get("subtheme"),
                          observation_ids=[observations[k] for k in f.get("observations", [])])
    visit.current_member = None
