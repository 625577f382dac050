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
