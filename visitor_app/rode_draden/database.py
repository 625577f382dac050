"""The central rode-draden side: import packages of many visitations and count across them.

Every package is checked in full (read_package) and imported in its own transaction.
A package of a visitation already present replaces it when it was exported later;
the same package again is "ongewijzigd"; an older one is refused. Themes, subthemes,
kinds and assessment items come from the frameworks inside the packages (union by id),
so the central side needs no forms/. A name comes from the framework that most
visitations use (among equally used ones the first imported, then the newest version):
one package, with any version number, cannot rename what the other diensten' findings
are counted under; a new framework's names take over once most visitations use it. The tables and
their SQL are visitor_app/store/central_db.py (CentralStore); nothing here speaks SQL.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

from visitor_app.rode_draden.counts import findings_word, per_kind
from visitor_app.rode_draden.package import read_package
from visitor_app.errors import InputError, VisitorError
from visitor_app.store.central_db import CentralStore

STATUSES = ("nieuw", "vervangen", "ongewijzigd", "geweigerd")


def _version_key(version: str) -> tuple:
    """"0.10.2" sorts after "0.9"; parts that are not numbers compare as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-+]", version))


def _same_dienst(name: str) -> str:
    """A dienst's name as compared: case and spacing do not count."""
    return " ".join(name.casefold().split())


def _moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


class CentralDb:
    """One central database file, opened for import and analysis."""

    def __init__(self, store: CentralStore, created: bool = False):
        self.store = store
        self.created = created  # True when open(create=True) made a new file
        self._frameworks: list[dict] | None = None

    # -- lifecycle ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, create: bool = False) -> "CentralDb":
        """Open a central database; ``create=True`` makes a new one when ``path`` is missing."""
        path = Path(path)
        if not path.exists():
            if not create:
                raise InputError(f"{path}: centrale database bestaat niet (maak er een met "
                                 "'visitor-app central import')")
            return cls(CentralStore.create(path), created=True)
        return cls(CentralStore.open(path))

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- import ------------------------------------------------------------------------------
    def import_packages(self, paths) -> list[dict]:
        """Import each package on its own; a refused one changes nothing and stops nothing.

        Returns per package {"file", "status", "dienst", "visitation_id", "findings", "message"}
        with status one of STATUSES.
        """
        return [self.import_package(p) for p in paths]

    def import_package(self, path: Path | str) -> dict:
        path = Path(path)
        result = {"file": str(path), "status": "geweigerd", "dienst": None, "visitation_id": None,
                  "findings": 0, "message": ""}
        try:
            pkg = read_package(path)
        except VisitorError as exc:
            result["message"] = f"geweigerd: {exc.message}"
            return result
        v = pkg["visitation"]
        result.update(dienst=v["dienst"], visitation_id=v["id"], findings=len(pkg["findings"]))
        with self.store.transaction():
            present = self.store.package(v["id"])
            if present and _same_dienst(present["dienst"]) != _same_dienst(v["dienst"]):
                result.update(
                    findings=0,
                    message=(f"geweigerd: {path}: dit pakket van {v['dienst']} heeft hetzelfde "
                             f"visitatie-id als het ingelezen pakket van {present['dienst']}. Het "
                             "visitatiebestand is waarschijnlijk gekopieerd om een nieuwe visitatie "
                             "te beginnen; geef die visitatie een eigen id met Bestand > Opslaan "
                             "als nieuwe visitatie (of visitor-app kopie BESTAND --out NIEUW "
                             "--nieuwe-visitatie). Er is niets veranderd"))
                return result
            if present and present["digest"] == pkg["digest"]:
                result.update(status="ongewijzigd",
                              message=f"{v['dienst']}: ongewijzigd, dit pakket is al ingelezen")
                return result
            if present and _moment(present["exported"]) >= _moment(pkg["exported"]):
                same = _moment(present["exported"]) == _moment(pkg["exported"])
                why = ("is even oud als de aanwezige versie maar heeft een andere inhoud"
                       if same else "is ouder dan de aanwezige versie")
                result.update(
                    findings=0,
                    message=(f"geweigerd: {path}: dit pakket van {v['dienst']} (geëxporteerd "
                             f"{pkg['exported']}) {why} (geëxporteerd {present['exported']}); "
                             "er is niets veranderd"))
                return result
            row = {"visitation_id": v["id"], "dienst": v["dienst"], "start": v["start"],
                   "end": v["end"], "framework_id": pkg["framework"]["id"],
                   "framework_version": pkg["framework"]["version"],
                   "framework_json": json.dumps(pkg["framework"], ensure_ascii=False),
                   "exported": pkg["exported"], "app_version": pkg["app_version"],
                   "digest": pkg["digest"], "source_file": path.name,
                   "imported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   "follow_up_json": (json.dumps(pkg["follow_up"], ensure_ascii=False)
                                      if pkg.get("follow_up") else None)}
            findings = [dict(f, position=i) for i, f in enumerate(pkg["findings"], start=1)]
            self.store.replace_package(row, findings, pkg["assessments"])
        self._frameworks = None
        counted = findings_word(len(pkg["findings"]))
        note = self._other_names(pkg["framework"])
        if present:
            result.update(status="vervangen",
                          message=f"{v['dienst']}: vervangen door de nieuwere export ({counted})"
                                  + (f".{note}" if note else ""))
        else:
            result.update(status="nieuw", message=f"{v['dienst']}: ingelezen ({counted})"
                                                   + (f".{note}" if note else ""))
        return result

    # -- what is in it ------------------------------------------------------------------------
    def visitations(self) -> list[dict]:
        """The imported visitations, by dienst: id, dienst, start, end, framework, counts."""
        return [{"id": p["visitation_id"], "dienst": p["dienst"], "start": p["start"],
                 "end": p["end"], "framework_id": p["framework_id"],
                 "framework_version": p["framework_version"], "exported": p["exported"],
                 "findings": p["findings"]} for p in self.store.packages()]

    def _framework_list(self) -> list[dict]:
        """The packages' frameworks, the one most visitations use first; among equally used
        ones the first imported, then the newest (version, then export moment)."""
        if self._frameworks is None:
            groups: dict[str, list[dict]] = {}
            for p in self.store.packages():
                groups.setdefault(p["framework_json"], []).append(p)
            order = sorted(groups, key=lambda fw: max((_version_key(p["framework_version"]),
                                                       _moment(p["exported"])) for p in groups[fw]),
                           reverse=True)
            order.sort(key=lambda fw: (-len(groups[fw]), min(p["imported"] for p in groups[fw])))
            self._frameworks = [json.loads(fw) for fw in order]
        return self._frameworks

    def _names(self) -> dict[tuple[str, ...], str]:
        """What the counts call each theme, subtheme, kind and assessment item now."""
        out: dict[tuple[str, ...], str] = {}
        for t in self.themes():
            out[("thema", t["id"])] = t["name"]
            for sub in t["subthemes"]:
                out[("subthema", t["id"], sub["id"])] = sub["name"]
        out.update({("soort", k["id"]): k["name"] for k in self.kinds()})
        out.update({("oordeel", i["id"]): i["name"] for i in self.assessment_items()})
        return out

    @staticmethod
    def _names_in(fw: dict) -> dict[tuple[str, ...], str]:
        out: dict[tuple[str, ...], str] = {}
        for t in fw["themes"]:
            out[("thema", t["id"])] = t["name"]
            for sub in t["subthemes"]:
                out[("subthema", t["id"], sub["id"])] = sub["name"]
        out.update({("soort", k["id"]): k["name"] for k in fw["finding_kinds"]})
        out.update({("oordeel", i["id"]): i["name"] for i in fw["assessment_items"]})
        return out

    def _other_names(self, fw: dict) -> str:
        """A note when the package names something otherwise than the counts now do."""
        shown = self._names()
        differ = [(key, name, shown[key]) for key, name in self._names_in(fw).items()
                  if key in shown and shown[key] != name]
        if not differ:
            return ""
        (what, *ids), name, kept = differ[0]
        more = f" (en {len(differ) - 1} andere naam/namen)" if len(differ) > 1 else ""
        return (f" Let op: dit pakket noemt {what} {ids[-1]!r} {name!r}{more}; de telling houdt "
                f"{kept!r} aan, de naam die de meeste visitaties gebruiken.")

    @staticmethod
    def _union(lists: list[list[dict]], fields: tuple[str, ...]) -> list[dict]:
        """Union by id; order and fields of the first (newest) list that has an entry."""
        out: dict[str, dict] = {}
        for entries in lists:
            for e in entries:
                if e["id"] not in out:
                    out[e["id"]] = {f: e.get(f) for f in fields}
        return list(out.values())

    def _nested_union(self, key: str, children: str) -> list[dict]:
        """Union of the frameworks' ``key`` entries (id, name), each with the union of its
        ``children`` (id, name) over the frameworks that have that entry."""
        fws = self._framework_list()
        entries = self._union([fw[key] for fw in fws], ("id", "name"))
        for entry in entries:
            lists = [next((e[children] for e in fw[key] if e["id"] == entry["id"]), []) for fw in fws]
            entry[children] = self._union(lists, ("id", "name"))
        return entries

    def themes(self) -> list[dict]:
        """[{"id", "name", "subthemes": [{"id", "name"}]}] over all packages' frameworks."""
        return self._nested_union("themes", "subthemes")

    def kinds(self) -> list[dict]:
        """Finding kinds [{"id", "name", "plural"}]."""
        return self._union([fw["finding_kinds"] for fw in self._framework_list()],
                           ("id", "name", "plural"))

    def assessment_items(self) -> list[dict]:
        """Assessment items [{"id", "name", "values": [{"id", "name"}]}]."""
        return self._nested_union("assessment_items", "values")

    # -- counting -------------------------------------------------------------------------------
    def matrix(self) -> dict:
        """Counts per theme (and subtheme) and kind across visitations, and assessments.

        {"visitations": N, "themes": [{"id", "name", "kinds": {KIND: {"visitations": k,
        "findings": m}}, "subthemes": [{"id", "name", "kinds": {...}}]}],
        "assessments": {ITEM: {VALUE: count}}}; k is the number of visitations with at least
        one such finding ("bij k van N diensten"). Every kind, item and value appears.
        """
        kinds = [k["id"] for k in self.kinds()]
        per_theme: dict[tuple, set] = {}
        findings_theme: dict[tuple, int] = {}
        per_sub: dict[tuple, set] = {}
        findings_sub: dict[tuple, int] = {}
        for theme, subtheme, kind, vid, n in self.store.finding_counts():
            per_theme.setdefault((theme, kind), set()).add(vid)
            findings_theme[(theme, kind)] = findings_theme.get((theme, kind), 0) + n
            if subtheme:
                key = (theme, subtheme, kind)
                per_sub.setdefault(key, set()).add(vid)
                findings_sub[key] = findings_sub.get(key, 0) + n

        def cells(visits, counts, prefix):
            return {k: {"visitations": len(visits.get(prefix + (k,), ())),
                        "findings": counts.get(prefix + (k,), 0)} for k in kinds}

        themes = []
        for t in self.themes():
            themes.append({
                "id": t["id"], "name": t["name"],
                "kinds": cells(per_theme, findings_theme, (t["id"],)),
                "subthemes": [{"id": s["id"], "name": s["name"],
                               "kinds": cells(per_sub, findings_sub, (t["id"], s["id"]))}
                              for s in t["subthemes"]]})
        assessments = {i["id"]: {v["id"]: 0 for v in i["values"]} for i in self.assessment_items()}
        for item, value, n in self.store.assessment_counts():
            assessments.setdefault(item, {})[value] = n
        return {"visitations": len(self.store.packages()), "themes": themes,
                "assessments": assessments}

    def follow_up(self) -> dict:
        """The opvolging of previous visitations' recommendations across the cycle, from the
        packages that carry it (package schema 3): {"visitations": n, "statuses": [{"id",
        "name", "count"}] (union by id, the first package's name), "themes": {theme: {status:
        n}}, "per_visitation": [{"visitation_id", "dienst", "statuses": {status: n}}]}."""
        statuses: dict[str, dict] = {}
        themes: dict[str, dict[str, int]] = {}
        per_visitation = []
        for vid, dienst, text in self.store.follow_up():
            data = json.loads(text)
            for st in data["statuses"]:
                entry = statuses.setdefault(st["id"], {"id": st["id"], "name": st["name"], "count": 0})
                entry["count"] += st["count"]
            for row in data["themes"]:
                per = themes.setdefault(row["theme"], {})
                per[row["status"]] = per.get(row["status"], 0) + row["count"]
            per_visitation.append({"visitation_id": vid, "dienst": dienst,
                                   "statuses": {st["id"]: st["count"] for st in data["statuses"]}})
        return {"visitations": len(per_visitation), "statuses": list(statuses.values()),
                "themes": themes, "per_visitation": per_visitation}

    def findings(self, theme: str | None = None, visitation_id: str | None = None,
                 kind: str | None = None, subtheme: str | None = None) -> list[dict]:
        """Findings (dienst, theme, subtheme, kind, text, visitation_id), by dienst and order."""
        where = {k: v for k, v in (("theme", theme), ("visitation_id", visitation_id),
                                   ("kind", kind), ("subtheme", subtheme)) if v is not None}
        return [{"dienst": f["dienst"], "theme": f["theme"], "subtheme": f["subtheme"],
                 "kind": f["kind"], "text": f["text"], "visitation_id": f["visitation_id"]}
                for f in self.store.findings(where)]

    def assessments(self) -> list[dict]:
        """Every assessment: visitation_id, dienst, item, value, toelichting."""
        return self.store.assessments()

    def cell(self, theme_id: str, visitation_id: str) -> dict[str, int]:
        """Number of findings per kind of one theme at one visitation (every kind present)."""
        return per_kind(self.store.findings({"theme": theme_id, "visitation_id": visitation_id}),
                        [k["id"] for k in self.kinds()])

    def theme_dienst_matrix(self) -> dict:
        """Themes x visitations: {"diensten": [{"visitation_id", "dienst", "start"}],
        "rows": [{"theme", "name", "counts": {visitation_id: n}}]} (n = all kinds)."""
        visits = self.visitations()
        totals: dict[tuple, int] = {}
        for theme, _sub, _kind, vid, n in self.store.finding_counts():
            totals[(theme, vid)] = totals.get((theme, vid), 0) + n
        return {"diensten": [{"visitation_id": v["id"], "dienst": v["dienst"], "start": v["start"]}
                             for v in visits],
                "rows": [{"theme": t["id"], "name": t["name"],
                          "counts": {v["id"]: totals.get((t["id"], v["id"]), 0) for v in visits}}
                         for t in self.themes()]}


__all__ = ["CentralDb", "STATUSES"]
