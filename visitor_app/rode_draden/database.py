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

from visitor_app.rode_draden.counts import dienst_key, findings_word, per_kind
from visitor_app.rode_draden.package import read_package
from visitor_app.rode_draden.threads import AnalystWork
from visitor_app.errors import InputError, VisitorError
from visitor_app.store.central_db import DEFAULT_CYCLE, CentralStore, with_stable_ids

STATUSES = ("nieuw", "vervangen", "ongewijzigd", "geweigerd")


def _version_key(version: str) -> tuple:
    """"0.10.2" sorts after "0.9"; parts that are not numbers compare as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-+]", version))


_same_dienst = dienst_key


def _moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


class CentralDb(AnalystWork):
    """One central database file, opened for import and analysis.

    It holds several cycles; every count is of one cycle (``cycle``: its name; None: the
    default cycle, see default_cycle()) and counts distinct diensten, not visits. Themes and
    subthemes of findings are the effective ones: a central move (threads.AnalystWork)
    first, then theme merges; the original stays in "original_theme"/"original_subtheme".
    """

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
    def import_packages(self, paths, cycle: str | None = None) -> list[dict]:
        """Import each package on its own; a refused one changes nothing and stops nothing.

        ``cycle``: the name of the cycle the packages go into (made when new); None: a
        package already present keeps its cycle, a new one goes into the cycle whose period
        holds its visit's start date (the latest starting one), else into DEFAULT_CYCLE.
        Returns per package {"file", "status", "dienst", "visitation_id", "findings",
        "cyclus", "message"} with status one of STATUSES.
        """
        if cycle is not None:
            cycle = self._cycle_name_ok(cycle)
        return [self.import_package(p, cycle) for p in paths]

    def _cycle_for(self, start: str, present: dict | None, cycle: str | None) -> int:
        """The id of the cycle a package goes into (inside the import's transaction)."""
        by_name = {c["name"].casefold(): c for c in self.store.cycle_names()}
        if cycle is not None:
            found = by_name.get(cycle.casefold())
            return found["id"] if found else self.store.add_cycle(cycle)
        if present and present["cycle_id"] is not None:
            return present["cycle_id"]
        holding = [c for c in by_name.values()
                   if c["start"] and c["end"] and c["start"] <= start <= c["end"]]
        if holding:
            return max(holding, key=lambda c: (c["start"], c["id"]))["id"]
        found = by_name.get(DEFAULT_CYCLE.casefold())
        return found["id"] if found else self.store.add_cycle(DEFAULT_CYCLE)

    def import_package(self, path: Path | str, cycle: str | None = None) -> dict:
        path = Path(path)
        result = {"file": str(path), "status": "geweigerd", "dienst": None, "visitation_id": None,
                  "findings": 0, "cyclus": None, "message": ""}
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
                target = self._cycle_for(v["start"], present, cycle)
                moved = target != present["cycle_id"]
                if moved:
                    self.store.set_package_cycle(v["id"], target)
                name = self._cycle_names()[target]
                result.update(status="ongewijzigd", cyclus=name,
                              message=f"{v['dienst']}: ongewijzigd, dit pakket is al ingelezen"
                                      + (f"; verplaatst naar cyclus {name!r}" if moved else ""))
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
            row["cycle_id"] = self._cycle_for(v["start"], present, cycle)
            findings = [dict(f, position=i) for i, f in
                        enumerate(with_stable_ids(v["id"], pkg["findings"]), start=1)]
            self.store.replace_package(row, findings, pkg["assessments"])
            result["cyclus"] = self._cycle_names()[row["cycle_id"]]
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
    def visitations(self, cycle: str | None = None) -> list[dict]:
        """The visitations of a cycle, by dienst: id, dienst, start, end, framework, counts."""
        cycle_id = self._cycle_id(cycle)
        if cycle_id is None:
            return []
        names = self._cycle_names()
        return [{"id": p["visitation_id"], "dienst": p["dienst"], "start": p["start"],
                 "end": p["end"], "framework_id": p["framework_id"],
                 "framework_version": p["framework_version"], "exported": p["exported"],
                 "findings": p["findings"], "cycle": names.get(p["cycle_id"])}
                for p in self.store.packages(cycle_id)]

    def all_visitations(self) -> list[dict]:
        """Every visitation of every cycle (as visitations())."""
        names = self._cycle_names()
        return [{"id": p["visitation_id"], "dienst": p["dienst"], "start": p["start"],
                 "end": p["end"], "findings": p["findings"], "cycle": names.get(p["cycle_id"])}
                for p in self.store.packages()]

    # -- cycles ---------------------------------------------------------------------------------
    def _cycle_names(self) -> dict[int, str]:
        return {c["id"]: c["name"] for c in self.store.cycle_names()}

    @staticmethod
    def _cycle_name_ok(name: str) -> str:
        name = " ".join(str(name).split())
        if not name:
            raise InputError("de naam van een cyclus mag niet leeg zijn")
        return name

    def cycles(self) -> list[dict]:
        """[{"id", "name", "start", "end", "visitations", "diensten", "findings", "default"}],
        oldest made first; "diensten" counts distinct diensten, "default" marks the cycle
        used when none is named."""
        rows = self.store.cycles()
        names: dict[int, set] = {}
        for p in self.store.packages():
            names.setdefault(p["cycle_id"], set()).add(dienst_key(p["dienst"]))
        default = self._default_row(rows)
        return [{"id": c["id"], "name": c["name"], "start": c["start"], "end": c["end"],
                 "visitations": c["visitations"], "diensten": len(names.get(c["id"], ())),
                 "findings": c["findings"], "default": default is not None and c["id"] == default["id"]}
                for c in rows]

    @staticmethod
    def _default_row(rows: list[dict]) -> dict | None:
        """The newest cycle: among those with packages (if any) the latest period start or,
        without a period, the latest visit; then the last made."""
        if not rows:
            return None
        return max(rows, key=lambda c: (c["visitations"] > 0, c["start"] or c["last_visit"] or "", c["id"]))

    def default_cycle(self) -> str | None:
        """The name of the cycle a count is of when none is named (None: no cycles yet)."""
        row = self._default_row(self.store.cycles())
        return row["name"] if row else None

    def cycle(self, name: str | None = None) -> dict | None:
        """One cycle of cycles() by name (case does not count); None: the default cycle.
        An unknown name is refused naming the cycles there are."""
        rows = self.cycles()
        if name is None:
            return next((c for c in rows if c["default"]), None)
        found = next((c for c in rows if c["name"].casefold() == " ".join(str(name).split()).casefold()), None)
        if found is None:
            known = ", ".join(repr(c["name"]) for c in rows) or "nog geen"
            raise InputError(f"onbekende cyclus {name!r}; de database kent: {known}")
        return found

    def _cycle_id(self, name: str | None) -> int | None:
        found = self.cycle(name)
        return found["id"] if found else None

    def cycle_note(self, name: str | None) -> str:
        """A note for the command line when no cycle is named and there are several."""
        rows = self.cycles()
        if name is not None or len(rows) < 2:
            return ""
        chosen = next(c["name"] for c in rows if c["default"])
        return (f"Let op: de database heeft {len(rows)} cycli ("
                + ", ".join(repr(c["name"]) for c in rows)
                + f"); dit gaat over de nieuwste, {chosen!r}. Kies een andere met --cyclus NAAM.")

    def save_cycle(self, name: str, start: str | None = None, end: str | None = None,
                   new_name: str | None = None) -> dict:
        """Make cycle ``name`` or change it: its period (``start`` and ``end`` both, ISO
        dates, or neither) and its name. Returns the cycle as cycles() gives it."""
        name = self._cycle_name_ok(name)
        if (start is None) != (end is None):
            raise InputError("geef een periode met zowel --van als --tot (datums als 2022-01-01)")
        for label, day in (("--van", start), ("--tot", end)):
            if day is not None:
                try:
                    datetime.strptime(day, "%Y-%m-%d")
                except ValueError:
                    raise InputError(f"{label} {day!r}: geen datum (schrijf 2022-01-01)") from None
        if start is not None and start > end:
            raise InputError(f"de periode {start} tot {end} eindigt voor ze begint")
        new_name = self._cycle_name_ok(new_name) if new_name is not None else None
        with self.store.transaction():
            rows = {c["name"].casefold(): c for c in self.store.cycles()}
            present = rows.get(name.casefold())
            if new_name and new_name.casefold() != name.casefold() and new_name.casefold() in rows:
                raise InputError(f"er is al een cyclus {new_name!r}; er is niets veranderd")
            if present is None:
                self.store.add_cycle(new_name or name, start, end)
            else:
                keep = start is None
                self.store.update_cycle(present["id"], new_name or present["name"],
                                        present["start"] if keep else start,
                                        present["end"] if keep else end)
        return self.cycle(new_name or name)

    def _visitation_ref(self, ref: str) -> dict:
        """A package by visitation id, dienst name (when only one visitation has it) or a
        package file (its visitation id)."""
        packages = self.store.packages()
        by_id = {p["visitation_id"]: p for p in packages}
        if ref in by_id:
            return by_id[ref]
        path = Path(ref)
        if path.suffix and path.is_file():
            vid = read_package(path)["visitation"]["id"]
            if vid in by_id:
                return by_id[vid]
            raise InputError(f"{ref}: dit pakket is nog niet ingelezen in {self.path}")
        named = [p for p in packages if dienst_key(p["dienst"]) == dienst_key(ref)]
        if len(named) == 1:
            return named[0]
        if named:
            raise InputError(f"{ref!r} is meer dan eens gevisiteerd; noem de visitatie-id: "
                             + ", ".join(f"{p['visitation_id']} ({p['start']})" for p in named))
        raise InputError(f"geen visitatie, dienst of pakket {ref!r} in {self.path}")

    def move_to_cycle(self, ref: str, cycle: str) -> dict:
        """Put a visitation (id, dienst name or package file) into cycle ``cycle`` (made when
        new). Its findings leave the draden of its old cycle. Returns {"visitation_id",
        "dienst", "from", "to"}."""
        cycle = self._cycle_name_ok(cycle)
        package = self._visitation_ref(ref)
        before = self._cycle_names().get(package["cycle_id"])
        with self.store.transaction():
            target = self._cycle_for(package["start"], package, cycle)
            self.store.set_package_cycle(package["visitation_id"], target)
        return {"visitation_id": package["visitation_id"], "dienst": package["dienst"],
                "from": before, "to": self._cycle_names()[target]}

    def _framework_list(self) -> list[dict]:
        """The packages' frameworks, the one most visitations use first; among equally used
        ones the first imported, then the newest (version, then export moment)."""
        if self._frameworks is None:
            groups: dict[str, list[dict]] = {}
            for p in self.store.framework_rows():
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
        """[{"id", "name", "letter", "merged_into", "subthemes": [{"id", "name"}]}] over all
        packages' frameworks; "letter" is the analyst's (theme_settings) or else the
        framework's, "merged_into" the theme it is merged into (None: counted on its own)."""
        settings = self.store.theme_settings()
        letters = {t["id"]: t.get("letter") for fw in reversed(self._framework_list())
                   for t in fw["themes"]}
        out = []
        for t in self._nested_union("themes", "subthemes"):
            own = settings.get(t["id"], {})
            letter = own.get("letter")
            out.append({"id": t["id"], "name": t["name"],
                        "letter": (letter or None) if letter is not None else letters.get(t["id"]),
                        "merged_into": own.get("merged_into"), "subthemes": t["subthemes"]})
        return out

    def counted_themes(self) -> list[dict]:
        """The themes findings are counted under: themes() without the merged ones, each with
        the subthemes of the themes merged into it after its own, and "merged": their ids."""
        themes = self.themes()
        final = self._merge_map(themes)
        # the official letters give the order (A, B, ...), themes without one after them
        place = {t["id"]: i for i, t in enumerate(themes)}
        themes = sorted(themes, key=lambda t: (t["letter"] is None, t["letter"] or "", place[t["id"]]))
        out = {t["id"]: dict(t, subthemes=list(t["subthemes"]), merged=[])
               for t in themes if t["merged_into"] is None}
        for t in themes:
            if t["merged_into"] is not None and final[t["id"]] in out:
                target = out[final[t["id"]]]
                target["merged"].append(t["id"])
                have = {s["id"] for s in target["subthemes"]}
                target["subthemes"] += [s for s in t["subthemes"] if s["id"] not in have]
        return list(out.values())

    @staticmethod
    def _merge_map(themes: list[dict]) -> dict[str, str]:
        """theme id -> the theme its findings are counted under (following merges)."""
        into = {t["id"]: t["merged_into"] for t in themes}
        final = {}
        for tid in into:
            seen, cur = {tid}, tid
            while into.get(cur) and into[cur] not in seen:
                cur = into[cur]
                seen.add(cur)
            final[tid] = cur
        return final

    def kinds(self) -> list[dict]:
        """Finding kinds [{"id", "name", "plural"}]."""
        return self._union([fw["finding_kinds"] for fw in self._framework_list()],
                           ("id", "name", "plural"))

    def assessment_items(self) -> list[dict]:
        """Assessment items [{"id", "name", "values": [{"id", "name"}]}]."""
        return self._nested_union("assessment_items", "values")

    # -- counting -------------------------------------------------------------------------------
    def _rows(self, cycle: str | None, where: dict | None = None) -> list[dict]:
        """The findings of a cycle with their effective theme and subtheme."""
        cycle_id = self._cycle_id(cycle)
        return [] if cycle_id is None else self._rows_of(cycle_id, where)

    def _rows_of(self, cycle_id: int, where: dict | None = None) -> list[dict]:
        final = self._merge_map(self.themes())
        in_threads: dict[str, list[int]] = {}
        for thread_id, finding_id in self.store.thread_findings(cycle_id):
            in_threads.setdefault(finding_id, []).append(thread_id)
        out = []
        for r in self.store.findings(where, cycle_id):
            moved = r["moved_theme"] is not None
            theme = r["moved_theme"] if moved else r["theme"]
            out.append({"id": r["finding_id"], "dienst": r["dienst"], "visitation_id": r["visitation_id"],
                        "start": r["start"], "end": r["end"], "cycle_id": r["cycle_id"],
                        "theme": final.get(theme, theme),
                        "subtheme": r["moved_subtheme"] if moved else r["subtheme"],
                        "kind": r["kind"], "text": r["text"], "original_theme": r["theme"],
                        "original_subtheme": r["subtheme"], "moved": moved,
                        "threads": in_threads.get(r["finding_id"], [])})
        return out

    def n_diensten(self, cycle: str | None = None) -> int:
        """The N of "k van N": the number of distinct diensten visited in the cycle."""
        return len({dienst_key(v["dienst"]) for v in self.visitations(cycle)})

    def matrix(self, cycle: str | None = None) -> dict:
        """Counts per theme (and subtheme) and kind in one cycle, and assessments.

        {"cycle": name, "visitations": N, "themes": [{"id", "name", "letter", "kinds": {KIND:
        {"visitations": k, "findings": m}}, "subthemes": [{"id", "name", "kinds": {...}}]}],
        "assessments": {ITEM: {VALUE: count}}}. N and k count distinct DIENSTEN (a dienst
        visited twice in the cycle counts once; the key keeps its old name): k is the number
        of diensten with at least one such finding ("bij k van N diensten"), under the
        effective (moved, merged) theme. An assessment counts a dienst once, its latest visit.
        Every kind, item and value appears.
        """
        kinds = [k["id"] for k in self.kinds()]
        per: dict[tuple, set] = {}
        counted: dict[tuple, int] = {}
        for f in self._rows(cycle):
            keys = [(f["theme"], f["kind"])]
            if f["subtheme"]:
                keys.append((f["theme"], f["subtheme"], f["kind"]))
            for key in keys:
                per.setdefault(key, set()).add(dienst_key(f["dienst"]))
                counted[key] = counted.get(key, 0) + 1

        def cells(prefix):
            return {k: {"visitations": len(per.get(prefix + (k,), ())),
                        "findings": counted.get(prefix + (k,), 0)} for k in kinds}

        themes = [{"id": t["id"], "name": t["name"], "letter": t["letter"],
                   "kinds": cells((t["id"],)),
                   "subthemes": [{"id": s["id"], "name": s["name"], "kinds": cells((t["id"], s["id"]))}
                                 for s in t["subthemes"]]}
                  for t in self.counted_themes()]
        assessments = {i["id"]: {v["id"]: 0 for v in i["values"]} for i in self.assessment_items()}
        for a in self._latest_assessments(cycle):
            per_item = assessments.setdefault(a["item"], {})
            per_item[a["value"]] = per_item.get(a["value"], 0) + 1
        return {"cycle": (self.cycle(cycle) or {}).get("name"), "visitations": self.n_diensten(cycle),
                "themes": themes, "assessments": assessments}

    def _latest_assessments(self, cycle: str | None) -> list[dict]:
        """The assessments of each dienst's latest visit in the cycle."""
        cycle_id = self._cycle_id(cycle)
        if cycle_id is None:
            return []
        latest: dict[str, str] = {}
        for v in sorted(self.store.packages(cycle_id), key=lambda p: (p["start"], p["exported"])):
            latest[dienst_key(v["dienst"])] = v["visitation_id"]
        keep = set(latest.values())
        return [a for a in self.store.assessments(cycle_id) if a["visitation_id"] in keep]

    def follow_up(self, cycle: str | None = None) -> dict:
        """The opvolging of previous visitations' recommendations across the cycle, from the
        packages that carry it (package schema 3): {"visitations": n, "statuses": [{"id",
        "name", "count"}] (union by id, the first package's name), "themes": {theme: {status:
        n}}, "per_visitation": [{"visitation_id", "dienst", "statuses": {status: n}}]}."""
        statuses: dict[str, dict] = {}
        themes: dict[str, dict[str, int]] = {}
        per_visitation = []
        cycle_id = self._cycle_id(cycle)
        for vid, dienst, text in (self.store.follow_up(cycle_id) if cycle_id is not None else []):
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
                 kind: str | None = None, subtheme: str | None = None,
                 cycle: str | None = None) -> list[dict]:
        """The findings of a cycle, by dienst and order: {"id" (stable), "dienst",
        "visitation_id", "start", "end", "cycle_id", "theme", "subtheme" (effective: moved,
        merged), "kind", "text", "original_theme", "original_subtheme", "moved", "threads"
        (ids of the rode draden it is in)}; filtered on the effective theme and subtheme."""
        rows = self._rows(cycle, {"visitation_id": visitation_id} if visitation_id else None)
        return [f for f in rows if (theme is None or f["theme"] == theme)
                and (kind is None or f["kind"] == kind)
                and (subtheme is None or f["subtheme"] == subtheme)]

    def assessments(self, cycle: str | None = None) -> list[dict]:
        """Every assessment of a cycle: visitation_id, dienst, start, item, value, toelichting."""
        cycle_id = self._cycle_id(cycle)
        return self.store.assessments(cycle_id) if cycle_id is not None else []

    def cell(self, theme_id: str, visitation_id: str, cycle: str | None = None) -> dict[str, int]:
        """Number of findings per kind of one theme at one visitation (every kind present)."""
        return per_kind(self.findings(theme=theme_id, visitation_id=visitation_id, cycle=cycle),
                        [k["id"] for k in self.kinds()])

    def theme_dienst_matrix(self, cycle: str | None = None) -> dict:
        """Themes x visitations of a cycle: {"diensten": [{"visitation_id", "dienst", "start"}],
        "rows": [{"theme", "name", "counts": {visitation_id: n}}]} (n = all kinds)."""
        visits = self.visitations(cycle)
        totals: dict[tuple, int] = {}
        for f in self._rows(cycle):
            totals[(f["theme"], f["visitation_id"])] = totals.get((f["theme"], f["visitation_id"]), 0) + 1
        return {"diensten": [{"visitation_id": v["id"], "dienst": v["dienst"], "start": v["start"]}
                             for v in visits],
                "rows": [{"theme": t["id"], "name": t["name"],
                          "counts": {v["id"]: totals.get((t["id"], v["id"]), 0) for v in visits}}
                         for t in self.counted_themes()]}


__all__ = ["CentralDb", "STATUSES"]
