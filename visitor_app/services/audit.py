"""What the file holds and whether it is sound: info, check, and the full JSON dump."""

from __future__ import annotations

import json
from pathlib import Path

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import TIME_RE, Part, now, parse_date
from visitor_app.services.members import ROLES
from visitor_app.store.files import atomic_write, check_output_path
from visitor_app.store.schema import TABLES

BOOKKEEPING = {"history": "record_versions", "conflicts": "merge_conflicts",
               "merge_log": "merge_log"}


class Audit(Part):
    def _counts(self, table: str, kinds: list[dict]) -> dict:
        counts = self.store.count_by(table, ("theme", "kind"))
        by_theme = {t["id"]: {k["id"]: counts.get((t["id"], k["id"]), 0) for k in kinds}
                    for t in self.framework.themes}
        return {"total": sum(counts.values()), "by_theme": by_theme}

    def info(self) -> dict:
        visit, fw = self.visit, self.framework
        row = self.store.visitation()
        return {
            "file": str(visit.path),
            "dienst": row["dienst"],
            "start": row["start"],
            "end": row["end"],
            "status": row["status"],
            "schema_version": self.store.schema_version,
            "framework": {"id": fw.id, "version": fw.version, "name": fw.name, "status": fw.status},
            "themes": [{"id": t["id"], "name": t["name"]} for t in fw.themes],
            "members": [{"name": m["name"], "role": m["role"]} for m in visit.members.list()],
            "sessions": self.store.count("sessions"),
            "observations": self._counts("observations", fw.observation_kinds),
            "findings": self._counts("findings", fw.finding_kinds),
            "case_files": self.store.count("case_files"),
            "partner_interviews": self.store.count("partner_interviews"),
            "documents": self.store.count("documents"),
            "assessments": {item: a["value"] for item, a in visit.assessments.all().items()},
            "open_conflicts": len(visit.team.conflicts()),
            "copy_of": (copy := visit.team.copy_of()) and copy["member"],
            "handed_out": copy,
            "vorige": visit.previous.counts(),
            "eigen_vragen": visit.own_questions.counts(),
            "zelfevaluatie_samenvatting": sorted(visit.self_evaluation.all()),
        }

    def check(self) -> list[str]:
        """Integrity and consistency problems; empty when the file is sound."""
        problems = self.store.integrity_problems()
        ids = {table: {r["id"] for r in self.store.rows(table, include_deleted=True)}
               for table in ("sessions", "observations", "findings", "case_files",
                             "partner_interviews", "members", "documents")}
        what = {"observations": "waarneming", "findings": "bevinding",
                "sessions": "programmaonderdeel", "documents": "document"}
        for table in ("observations", "findings", "sessions", "documents"):
            for row in self.store.rows(table):
                problems += [f"{what[table]} {row['id']}: {p}"
                             for p in record_problems(self.visit, table, row)]

        def exists(table: str, record_id: str) -> bool:
            return record_id in ids[table]

        for o in self.store.rows("observations"):
            problems += [f"waarneming {o['id']}: {p}" for p in references("observations", o, exists)]
        for link in self.store.rows("finding_links"):
            if references("finding_links", link, exists):
                problems.append(f"koppeling {link['id']}: verwijst naar ontbrekende bevinding of waarneming")
        for t in self.store.rows("question_ticks"):
            problems += [f"besproken gespreksvraag {t['id']}: {p}"
                         for p in record_problems(self.visit, "question_ticks", t, exists)]
        from visitor_app.store import attachments
        bad = attachments.problem(self.store)
        if bad:
            problems.append(bad)
        previous = {r["id"] for r in self.store.rows("previous_recommendations", include_deleted=True)}
        for link in self.store.rows("previous_links"):
            if link["recommendation_id"] not in previous or not exists("observations", link["observation_id"]):
                problems.append(f"koppeling {link['id']}: verwijst naar een ontbrekend punt van de "
                                "vorige visitatie of een ontbrekende waarneming")
        for a in self.store.rows("assessments"):  # an item twice (merged copies) is a conflict
            problems += [f"oordeel {a['item']}: {p}" for p in record_problems(self.visit, "assessments", a)]
        return problems

    def dump(self) -> dict:
        """Everything in the file as plain data (export-json; see docs/dump.md)."""
        from visitor_app import __version__
        tables = {}
        for table in TABLES:
            rows = []
            for raw in self.store.stored(table):
                row = self.store.decode(table, raw)
                if table == "visitation":
                    row["framework"] = json.loads(row.pop("framework_json"))
                rows.append(row)
            tables[table] = rows
        out = {
            "format": "visitatie-export",
            "format_version": 1,
            "schema_version": self.store.schema_version,
            "app_version": __version__,
            "exported": now(),
            "file": self.visit.path.name,
            "visitation_id": self.visit.details()["id"],
            "tables": tables,
        }
        out.update({key: self.store.bookkeeping(table) for key, table in BOOKKEEPING.items()})
        out["file_meta"] = {r["key"]: r["value"] for r in self.store.bookkeeping("file_meta")}
        return out

    def export_json(self, out: Path | str) -> Changes:
        out = Path(out)
        if out.resolve() == self.visit.path.resolve():
            raise InputError(f"{out}: dat is het visitatiebestand zelf; kies een andere naam")
        check_output_path(out, ".json", "een JSON-bestand")
        data = self.dump()
        atomic_write(out, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return changed(result={"out": str(out),
                               "records": sum(len(rows) for rows in data["tables"].values())})


# The references between records: table -> column -> the table it points into.
REFERENCES = {
    "observations": {"session_id": "sessions", "case_file_id": "case_files",
                     "partner_interview_id": "partner_interviews", "author": "members",
                     "document_id": "documents"},
    "finding_links": {"finding_id": "findings", "observation_id": "observations"},
    "case_files": {"session_id": "sessions"},
    "partner_interviews": {"session_id": "sessions"},
    "question_ticks": {"session_id": "sessions"},
}


def references(table: str, row: dict, exists) -> list[str]:
    """References of ``row`` to records that do not exist (``exists(table, id)``), in Dutch.
    A removed (tombstoned) record still exists."""
    return [f"verwijst naar ontbrekend {col} {row[col]}" if col != "author"
            else f"onbekende auteur {row[col]}"
            for col, target in REFERENCES.get(table, {}).items()
            if row.get(col) and not exists(target, row[col])]


def record_problems(visit, table: str, row: dict, exists=None) -> list[str]:
    """What is wrong with one record (decoded: JSON parsed, flags as bool) against the
    framework of ``visit``, in Dutch; empty when it is valid. The same rules the services
    apply on the way in, for records that did not come in through them: a member's copy
    before it is merged (store/merge.py) and ``check``. References between records are
    checked too when ``exists(table, id)`` says which records exist."""
    fw = visit.framework
    problems: list[str] = references(table, row, exists) if exists else []

    def text(col: str, required: bool = False) -> None:
        value = row.get(col)
        if required and not (isinstance(value, str) and value.strip()):
            problems.append(f"veld {col!r} mag niet leeg zijn")

    def tagged(finding: bool) -> None:
        theme, subtheme = row.get("theme"), row.get("subtheme")
        if not isinstance(theme, str) or not fw.has_theme(theme):
            problems.append(f"onbekend thema {theme!r}")
        elif subtheme and subtheme not in {s["id"] for s in fw.subthemes(theme)}:
            problems.append(f"subthema {subtheme!r} past niet bij thema {theme!r}")
        kinds = fw.finding_kinds if finding else fw.observation_kinds
        if row.get("kind") not in {k["id"] for k in kinds}:
            problems.append(f"onbekende soort {row.get('kind')!r}")
        text("text", required=True)

    if table == "observations":
        tagged(finding=False)
        page = row.get("page")
        if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
            problems.append(f"pagina {page!r} is geen paginanummer")
    elif table == "findings":
        tagged(finding=True)
    elif table == "sessions":
        if row.get("conversation") not in {c["id"] for c in fw.conversation_types}:
            problems.append(f"onbekend gesprekstype {row.get('conversation')!r}")
        themes = row.get("themes")
        if themes is not None and (not isinstance(themes, list)
                                   or any(not isinstance(t, str) or not fw.has_theme(t) for t in themes)):
            problems.append(f"onbekend thema in {themes!r}")
        participants = row.get("participants")
        if participants is not None and (not isinstance(participants, list) or any(
                not isinstance(p, (str, dict)) or (isinstance(p, dict) and not all(
                    isinstance(v, str) for v in p.values())) for p in participants)):
            problems.append("deelnemers moeten een lijst van functies en namen zijn")
        if not isinstance(row.get("day"), int) or isinstance(row.get("day"), bool):
            problems.append(f"dag {row.get('day')!r} is geen dagnummer")
        for col in ("start", "end"):
            if not isinstance(row.get(col), str) or not TIME_RE.match(row[col]):
                problems.append(f"veld {col!r}: ongeldige tijd {row.get(col)!r}")
    elif table == "assessments":
        items = {i["id"] for i in fw.assessment_items}
        item = row.get("item")
        if item not in items:
            problems.append(f"onbekend oordeel {item!r}")
        elif row.get("value") not in {v["id"] for v in fw.scale_values(item)}:
            problems.append(f"waarde {row.get('value')!r} past niet bij {item!r}")
    elif table in ("case_files", "partner_interviews"):
        template = fw.template_for_record(table)["id"]
        if row.get("template") != template:
            problems.append(f"onbekend sjabloon {row.get('template')!r}")
        elif not isinstance(row.get("fields"), dict):
            problems.append("veld 'fields' is geen verzameling velden")
        else:
            try:
                visit.records._fields(template, row["fields"])
            except InputError as exc:
                problems.append(exc.message)
    elif table == "documents":
        text("title", required=True)
        kinds = {k["id"] for k in fw.document_kinds}
        if row.get("kind") not in kinds and not (not kinds and row.get("kind") is None):
            problems.append(f"onbekende documentsoort {row.get('kind')!r}")
        if row.get("date") is not None:
            try:
                parse_date(row.get("date"), "datum")
            except InputError as exc:
                problems.append(exc.message)
        digest, size = row.get("attachment_sha256"), row.get("attachment_size")
        if digest is not None and (not isinstance(digest, str) or len(digest) != 64
                                   or not isinstance(size, int) or size < 0):
            problems.append("de bijlage heeft geen geldige vingerafdruk of grootte")
    elif table == "report_sections":
        if row.get("section") not in {s["id"] for s in fw.report["sections"]}:
            problems.append(f"onbekend rapportonderdeel {row.get('section')!r}")
    elif table == "question_ticks":
        if row.get("question") not in {q["id"] for t in fw.themes for q in t["questions"]}:
            problems.append(f"onbekende gespreksvraag {row.get('question')!r}")
        if not isinstance(row.get("session_id"), str):
            problems.append("een besproken gespreksvraag hoort bij een gesprek")
    elif table == "members":
        text("name", required=True)
        if row.get("role") not in ROLES:
            problems.append(f"onbekende rol {row.get('role')!r}")
    elif table == "visitation":
        from visitor_app.services.visitation import STATUSES  # it imports this module
        text("dienst", required=True)
        for col in ("start", "end"):
            try:
                parse_date(row.get(col), col)
            except InputError as exc:
                problems.append(exc.message)
        if row.get("status") not in STATUSES:
            problems.append(f"onbekende status {row.get('status')!r}")
    return problems
