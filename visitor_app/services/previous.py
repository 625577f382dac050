"""The previous visitation of the same dienst: its recommendations and their opvolging.

What the commission takes over (the finding kinds marked ``follow_up: true`` in forms/, the
aanbevelingen and verbeterpunten) comes from one of three sources, read into a
``PreviousSource`` first:

- the previous visitation's own file (``read_visitation_source``, opened read-only),
- its rode-dradenpakket (``visitor_app.rode_draden.package.previous_source``; the package
  reader lives on the rode-draden side, above the services),
- a CSV with the columns thema, soort, tekst typed over from a published report
  (``read_csv_source``; a bad row refuses the whole file with its line and column).

An import is all or nothing and idempotent: each recommendation's id is a hash of the
source's identity (the previous visitation's id; "csv" for a CSV), its theme and its text,
so the same source imported again (also in a member's copy) adds nothing. A source of
another dienst (names compared case and spacing aside) is refused unless the caller says
the dienst was renamed (``other_dienst=True``).

The opvolging (status from report.previous.statuses, toelichting) lives on the
recommendation itself, so merging copies treats it like every other record (a change made
in two copies is a conflict); links to observations are their own records (union).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, clean_text, normal_name, optional_text

CSV_COLUMNS = {"required": ("thema", "soort", "tekst"), "optional": ()}


class OtherDienstError(InputError):
    """The source belongs to another dienst: the window offers to import it all the same."""


@dataclass
class PreviousSource:
    """What a source of the previous visitation holds, before it meets this visitation."""

    key: str  # the identity of the source: the previous visitation's id, or "csv"
    label: str  # how the report and the window name it (Dutch)
    dienst: str | None  # None: the source does not say (a CSV)
    visitation_id: str | None = None
    # {"theme": id, "kind": id, "text"} already in this visitation's words (a CSV), or
    # {"theme", "theme_name", "kind", "kind_name", "text"} in the source's words
    items: list[dict] = field(default_factory=list)
    resolved: bool = False  # items already checked against this visitation's framework


def recommendation_id(key: str, theme: str, text: str) -> str:
    """The stable id of a recommendation: source, theme and text (spacing and case aside)."""
    blob = "\x1f".join((key, theme, normal_name(text)))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def visitation_label(dienst: str, start) -> str:
    """How the report and the window name a previous visitation: "visitatie <dienst> (<start>)"."""
    return f"visitatie {dienst} ({start})"


def read_visitation_source(path: Path | str, passphrase: str | None = None) -> PreviousSource:
    """The follow-up findings of a previous visitation's file (read from a duplicate)."""
    from visitor_app.services.visitation import Visitation
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: bestand bestaat niet")
    import shutil
    from visitor_app.store.scratch import scratch_dir
    # read from a private duplicate (the app's own temp folder, removed after): the previous
    # visitation's file is never written, not even to upgrade an older schema
    with scratch_dir("vorige") as folder:
        duplicate = folder / "vorige.visitatie"
        shutil.copyfile(path, duplicate)
        journal = path.with_name(path.name + "-journal")
        if journal.exists():
            shutil.copyfile(journal, folder / "vorige.visitatie-journal")
        with Visitation.open(duplicate, passphrase=passphrase) as old:
            details = old.details()
            fw = old.framework
            kinds = set(fw.follow_up_kinds())
            items = [{"theme": f["theme"], "theme_name": fw.theme(f["theme"])["name"]
                      if fw.has_theme(f["theme"]) else f["theme"],
                      "kind": f["kind"], "kind_name": fw.kind_name(f["kind"]), "text": f["text"]}
                     for f in old.findings.list() if not kinds or f["kind"] in kinds]
    return PreviousSource(key=details["id"], visitation_id=details["id"], dienst=details["dienst"],
                          label=visitation_label(details["dienst"], details["start"]), items=items)


def read_csv_source(path: Path | str, framework) -> PreviousSource:
    """A CSV (thema, soort, tekst) typed over from a published report; theme and kind by id
    or name. Any bad row refuses the whole file, naming file, line and column."""
    from visitor_app.services.csv_import import _raise_collected, read_rows
    path = Path(path)
    rows = read_rows(path, CSV_COLUMNS)
    kinds = [k for k in framework.finding_kinds if k["id"] in framework.follow_up_kinds()]
    items, errors = [], []
    for line, values in rows:
        where = f"regel {line}"
        try:
            theme = framework.resolve_theme(values["thema"]) if values["thema"] else None
        except InputError as exc:
            errors.append(f"{where}, kolom 'thema': {exc.message}")
            theme = None
        else:
            if theme is None:
                errors.append(f"{where}, kolom 'thema': is leeg")
        kind = framework._resolve(values["soort"], kinds, ("plural",))
        if kind is None:
            what = "is leeg" if not values["soort"] else f"onbekende soort {values['soort']!r}"
            errors.append(f"{where}, kolom 'soort': {what} (kies uit: "
                          f"{', '.join(k['name'] for k in kinds)})")
        if not values["tekst"]:
            errors.append(f"{where}, kolom 'tekst': is leeg")
        if theme and kind and values["tekst"]:
            items.append({"theme": theme, "kind": kind, "text": values["tekst"]})
    _raise_collected(path.name, errors)
    return PreviousSource(key="csv", label=f"overgenomen uit {path.name}", dienst=None,
                          items=items, resolved=True)


class Previous(Part):
    TABLE = "previous_recommendations"

    def _settings(self) -> dict:
        previous = self.framework.previous
        if not previous:
            raise InputError("het visitatiekader van deze visitatie kent geen opvolging van een "
                             "vorige visitatie (report.previous in forms/report.yaml)")
        return previous

    # -- importing ---------------------------------------------------------------------------
    def _resolve_item(self, item: dict) -> tuple[str, str] | None:
        """(theme, kind) in this framework, None for a kind that is not followed up."""
        fw = self.framework
        kinds = [k for k in fw.finding_kinds if k["id"] in fw.follow_up_kinds()]
        kind = fw._resolve(item["kind"], kinds) or fw._resolve(item.get("kind_name", ""), kinds)
        if kind is None:
            return None
        theme = (item["theme"] if fw.has_theme(item["theme"])
                 else fw._resolve(item.get("theme_name", ""), fw.themes, ("letter",)))
        if theme is None:
            raise InputError(f"thema {item.get('theme_name') or item['theme']!r} van de vorige "
                             "visitatie bestaat niet in het visitatiekader van deze visitatie")
        return theme, kind

    def import_source(self, source: PreviousSource, other_dienst: bool = False) -> Changes:
        """Import a source's recommendations; all or nothing, and a source imported before
        adds nothing. Returns result {"added", "unchanged", "skipped", "label"}."""
        default = self._settings() and self.framework.follow_up_default()
        details = self.visit.details()
        if source.visitation_id and source.visitation_id == details["id"]:
            raise InputError("dit is deze visitatie zelf, niet de vorige; er is niets ingelezen")
        if (source.dienst is not None and not other_dienst
                and normal_name(source.dienst) != normal_name(details["dienst"])):
            raise OtherDienstError(
                f"de bron hoort bij {source.dienst!r}, deze visitatie bij {details['dienst']!r}; "
                "er is niets ingelezen. Heet de dienst inmiddels anders, lees de bron dan in met "
                "--andere-dienst (in het venster: Ja op de vraag of het dezelfde dienst is).")
        prepared, skipped, seen = [], 0, set()
        for i, item in enumerate(source.items, start=1):
            try:
                pair = (item["theme"], item["kind"]) if source.resolved else self._resolve_item(item)
            except InputError as exc:
                raise InputError(f"{source.label}, punt {i}: {exc.message}; er is niets "
                                 "ingelezen")
            if pair is None:
                skipped += 1
                continue
            text = clean_text(item["text"], "tekst van het punt")
            rid = recommendation_id(source.key, pair[0], text)
            if rid in seen:
                continue
            seen.add(rid)
            prepared.append({"id": rid, "theme": pair[0], "kind": pair[1], "text": text,
                             "source": source.key, "source_label": source.label,
                             "status": default, "toelichting": None})
        with self.store.transaction():
            present = {r["id"] for r in self.store.stored(self.TABLE)}
            new = [p for p in prepared if p["id"] not in present]
            base = len(present)
            for i, values in enumerate(new, start=1):
                values["position"] = float(base + i)
            ids = self.store.insert_many(self.TABLE, new, author=self.author) if new else []
        result = {"added": len(ids), "unchanged": len(prepared) - len(ids), "skipped": skipped,
                  "label": source.label}
        return changed("previous", "report", ids=tuple(ids), result=result) if ids else \
            changed(result=result)

    # -- the opvolging -------------------------------------------------------------------------
    def resolve_status(self, token: str) -> str:
        statuses = self.framework.follow_up_statuses()
        found = self.framework._resolve(token, statuses)
        if not found:
            raise InputError(f"onbekende opvolging {token!r} (kies uit: "
                             f"{', '.join(s['id'] for s in statuses)})")
        return found

    def resolve_id(self, token: str) -> str:
        """A recommendation by its id or a unique start of it (at least 4 characters)."""
        token = (token or "").strip().lower()
        ids = [r["id"] for r in self.list()]
        found = [i for i in ids if i == token] or (
            [i for i in ids if i.startswith(token)] if len(token) >= 4 else [])
        if len(found) != 1:
            why = "komt bij meer dan één punt voor" if found else "bestaat niet"
            raise InputError(f"punt {token!r} {why} (zie visitor-app info --json of de "
                             "lijst na import-vorige)")
        return found[0]

    def set_opvolging(self, recommendation_id: str, status: str | None = None,
                      toelichting: str | None = ...) -> Changes:
        """Set the status (id or name) and/or the toelichting; only what changes is written."""
        self._settings()
        current = self.store.get(self.TABLE, recommendation_id)
        values = {}
        if status is not None:
            values["status"] = self.resolve_status(status)
        if toelichting is not ...:
            values["toelichting"] = optional_text(toelichting, "toelichting")
        values = {k: v for k, v in values.items() if v != current[k]}
        if not values:
            return changed(row=current)
        row = self.store.update(self.TABLE, recommendation_id, values, author=self.author)
        return changed("previous", "report", row=row)

    def delete(self, ids: Iterable[str]) -> Changes:
        return changed("previous", "report", ids=tuple(self.set_deleted(self.TABLE, ids, True)))

    # -- links to observations --------------------------------------------------------------------
    def link(self, recommendation_id: str, observation_id: str) -> Changes:
        self.store.get(self.TABLE, recommendation_id)
        self.store.get("observations", observation_id)
        where = {"recommendation_id": recommendation_id, "observation_id": observation_id}
        if self.store.find_one("previous_links", where):
            return changed()
        self.store.insert("previous_links", where, author=self.author)
        return changed("previous")

    def unlink(self, recommendation_id: str, observation_ids: Iterable[str]) -> Changes:
        with self.store.transaction():
            for oid in observation_ids:
                found = self.store.find_one("previous_links", {"recommendation_id": recommendation_id,
                                                               "observation_id": oid})
                if found:
                    self.store.delete("previous_links", found["id"], author=self.author)
        return changed("previous")

    def observation_ids(self, recommendation_id: str) -> list[str]:
        live = {o["id"] for o in self.store.rows("observations")}
        return [l["observation_id"] for l in self.store.rows(
            "previous_links", {"recommendation_id": recommendation_id}, order_by="created, id")
            if l["observation_id"] in live]

    # -- reading -------------------------------------------------------------------------------------
    def list(self) -> list[dict]:
        """Every recommendation, by theme (framework order), then as imported."""
        order = {t["id"]: i for i, t in enumerate(self.framework.themes)}
        rows = self.store.rows(self.TABLE, order_by="position, created")
        return sorted(rows, key=lambda r: order.get(r["theme"], len(order)))

    def by_theme(self) -> list[tuple[dict, list[dict]]]:
        """[(theme, its recommendations)] for the themes that have any, framework order."""
        rows = self.list()
        return [(t, [r for r in rows if r["theme"] == t["id"]]) for t in self.framework.themes
                if any(r["theme"] == t["id"] for r in rows)]

    def for_themes(self, theme_ids: Iterable[str]) -> list[dict]:
        """The previous recommendations of these themes (the guide of a conversation shows
        them), each with ``kind_name`` and ``status_name``; framework order."""
        wanted = set(theme_ids)
        names = {s["id"]: s["name"] for s in self.framework.follow_up_statuses()}
        return [dict(r, kind_name=self.framework.kind_name(r["kind"]),
                     status_name=names.get(r["status"], r["status"] or ""))
                for r in self.list() if r["theme"] in wanted]

    def for_session(self, session_id: str) -> list[dict]:
        """The previous recommendations of a conversation's themes (its ``themes``; the guide
        of the conversation can show them), as ``for_themes``."""
        return self.for_themes(self.store.get("sessions", session_id)["themes"] or [])

    def counts(self) -> dict:
        """{"total", "statuses": {status: n} (every status), "themes": {theme: {status: n}}
        (themes with recommendations)}."""
        statuses = [s["id"] for s in self.framework.follow_up_statuses()]
        default = self.framework.follow_up_default()
        out = {"total": 0, "statuses": {s: 0 for s in statuses}, "themes": {}}
        for r in self.list():
            status = r["status"] if r["status"] in statuses else default
            out["total"] += 1
            out["statuses"][status] = out["statuses"].get(status, 0) + 1
            per = out["themes"].setdefault(r["theme"], {s: 0 for s in statuses})
            per[status] = per.get(status, 0) + 1
        return out
