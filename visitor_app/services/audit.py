"""What the file holds and whether it is sound: info, check, and the full JSON dump."""

from __future__ import annotations

import json
from pathlib import Path

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, now
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
            "assessments": {item: a["value"] for item, a in visit.assessments.all().items()},
            "open_conflicts": len(visit.team.conflicts()),
        }

    def check(self) -> list[str]:
        """Integrity and consistency problems; empty when the file is sound."""
        problems = self.store.integrity_problems()
        fw = self.framework
        theme_ids = {t["id"]: {s["id"] for s in t["subthemes"]} for t in fw.themes}
        obs_kinds = {k["id"] for k in fw.observation_kinds}
        finding_kinds = {k["id"] for k in fw.finding_kinds}
        ids = {table: {r["id"] for r in self.store.rows(table, include_deleted=True)}
               for table in ("sessions", "observations", "findings", "case_files",
                             "partner_interviews", "members")}

        def check_theme(what, row, kinds):
            if row["theme"] not in theme_ids:
                problems.append(f"{what} {row['id']}: onbekend thema {row['theme']!r}")
            elif row["subtheme"] and row["subtheme"] not in theme_ids[row["theme"]]:
                problems.append(f"{what} {row['id']}: subthema {row['subtheme']!r} past niet bij thema")
            if row["kind"] not in kinds:
                problems.append(f"{what} {row['id']}: onbekende soort {row['kind']!r}")

        for o in self.store.rows("observations"):
            check_theme("waarneming", o, obs_kinds)
            for col, table in (("session_id", "sessions"), ("case_file_id", "case_files"),
                               ("partner_interview_id", "partner_interviews")):
                if o[col] and o[col] not in ids[table]:
                    problems.append(f"waarneming {o['id']}: verwijst naar ontbrekend {col} {o[col]}")
            if o["author"] and o["author"] not in ids["members"]:
                problems.append(f"waarneming {o['id']}: onbekende auteur {o['author']}")
        for f in self.store.rows("findings"):
            check_theme("bevinding", f, finding_kinds)
        for link in self.store.rows("finding_links"):
            if link["finding_id"] not in ids["findings"] or link["observation_id"] not in ids["observations"]:
                problems.append(f"koppeling {link['id']}: verwijst naar ontbrekende bevinding of waarneming")
        for a in self.store.rows("assessments"):  # an item twice (merged copies) is a conflict
            try:
                fw.resolve_assessment(a["item"], a["value"])
            except InputError as exc:
                problems.append(f"oordeel {a['item']}: {exc.message}")
        conv_ids = {c["id"] for c in fw.conversation_types}
        for s in self.store.rows("sessions"):
            if s["conversation"] not in conv_ids:
                problems.append(f"programmaonderdeel {s['id']}: onbekend gesprekstype {s['conversation']!r}")
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
