"""Findings and the report's texts: what the secretaries make of the observations.

Every rule of composing the report lives here (the window only asks): a finding made
from observations, moving within its theme and kind, merging two findings of one theme,
links to the observations they rest on, what is not covered yet, and the free texts of
the report's sections.
"""

from __future__ import annotations

from typing import Iterable

from visitor_app.errors import InputError
from visitor_app.domain.records import RECORDS
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, clean_text, optional_text

FIELDS = tuple(f for f in RECORDS["findings"].names() if f != "position")  # what an edit changes


class Findings(Part):
    def _values(self, theme, kind, text, subtheme=None) -> dict:
        self.check_theme(theme, subtheme)
        self.check_kind(kind, finding=True)
        return {"theme": theme, "kind": kind, "text": clean_text(text, "bevinding"),
                "subtheme": subtheme or None}

    # -- making and changing findings --------------------------------------------------------
    def add(self, theme: str, kind: str, text: str, subtheme: str | None = None,
            observation_ids: Iterable[str] = ()) -> Changes:
        values = self._values(theme, kind, text, subtheme)
        with self.store.transaction():
            values["position"] = float(self.store.count("findings") + 1)
            fid = self.store.insert("findings", values, author=self.author)
            for oid in observation_ids:
                self._link(fid, oid)
        return changed("findings", id=fid)

    def add_many(self, rows: list[dict]) -> Changes:
        prepared = [self._values(**row) for row in rows]
        with self.store.transaction():
            base = self.store.count("findings")
            for i, values in enumerate(prepared, start=1):
                values["position"] = float(base + i)
            ids = self.store.insert_many("findings", prepared, author=self.author)
        return changed("findings", ids=tuple(ids))

    def from_observations(self, observation_ids: list[str], kind: str,
                          theme: str | None = None) -> Changes:
        """A finding made of observations: their texts joined in the order given, their
        common subtheme (none when they differ), linked to each of them. The theme is
        theirs; observations of different themes need ``theme`` to say which."""
        if not observation_ids:
            raise InputError("kies eerst een of meer waarnemingen")
        rows = [self.store.get("observations", oid) for oid in observation_ids]
        themes = {o["theme"] for o in rows}
        if theme is None:
            if len(themes) != 1:
                raise InputError("de waarnemingen horen bij verschillende thema's; kies het thema")
            theme = themes.pop()
        subthemes = {o["subtheme"] for o in rows if o["theme"] == theme}
        subtheme = subthemes.pop() if len(subthemes) == 1 else None
        text = " ".join(o["text"].strip() for o in rows)
        return self.add(theme, kind, text, subtheme=subtheme, observation_ids=observation_ids)

    def set_kind(self, finding_id: str, kind: str) -> Changes:
        """Another kind for a finding (a strength becomes a point of attention, say): one of
        the framework's finding kinds. Its text, theme and observations stay."""
        kinds = self.framework.finding_kinds
        if kind not in {k["id"] for k in kinds}:
            names = ", ".join(k["name"] for k in kinds)
            raise InputError(f"soort van de bevinding: onbekende soort {kind!r} (kies uit: {names})")
        return self.update(finding_id, kind=kind)

    def update(self, finding_id: str, **changes) -> Changes:
        return changed("findings", row=self.update_tagged("findings", finding_id, changes, FIELDS,
                                                          self._values))

    def delete(self, ids: Iterable[str]) -> Changes:
        return changed("findings", ids=tuple(self.set_deleted("findings", ids, True)))

    def restore(self, ids: Iterable[str]) -> Changes:
        return changed("findings", ids=tuple(self.set_deleted("findings", ids, False)))

    def move(self, finding_id: str, step: int) -> Changes:
        """Move a finding up (-1) or down (+1) among the findings of its theme and kind."""
        finding = self.store.get("findings", finding_id)
        group = [f for f in self.list() if f["theme"] == finding["theme"] and f["kind"] == finding["kind"]]
        j = [f["id"] for f in group].index(finding_id) + step
        if not 0 <= j < len(group):
            return changed()
        other = group[j]
        with self.store.transaction():
            a, b = finding["position"], other["position"]
            if a == b:  # equal positions (merged copies): spread them first
                b = a + (0.5 if step > 0 else -0.5)
            self.store.update("findings", finding_id, {"position": b}, author=self.author)
            self.store.update("findings", other["id"], {"position": a}, author=self.author)
        return changed("findings")

    def merge(self, keep_id: str, other_id: str) -> Changes:
        """Merge ``other`` into ``keep``: texts joined, links united, ``other`` removed.
        Only findings of one theme can be merged."""
        if keep_id == other_id:
            raise InputError("een bevinding kan niet met zichzelf worden samengevoegd")
        keep = self.store.get("findings", keep_id)
        other = self.store.get("findings", other_id)
        if keep["theme"] != other["theme"]:
            raise InputError("alleen bevindingen van hetzelfde thema kunnen worden samengevoegd")
        with self.store.transaction():
            text = clean_text(f"{keep['text']} {other['text']}", "bevinding")
            self.store.update("findings", keep_id, {"text": text}, author=self.author)
            for oid in self.observation_ids(other_id):
                self._link(keep_id, oid)
            self.store.delete("findings", other_id, author=self.author)
        return changed("findings", row=self.store.get("findings", keep_id))

    # -- links to observations ----------------------------------------------------------------
    def _link(self, finding_id: str, observation_id: str) -> str:
        self.store.get("findings", finding_id)
        self.store.get("observations", observation_id)
        existing = self.store.find_one("finding_links", {"finding_id": finding_id,
                                                         "observation_id": observation_id})
        if existing:
            return existing["id"]
        return self.store.insert("finding_links", {"finding_id": finding_id,
                                                   "observation_id": observation_id},
                                 author=self.author)

    def add_observations(self, finding_id: str, observation_ids: Iterable[str]) -> Changes:
        """Put observations under an existing finding (its text stays as the secretary wrote
        it). Only observations of the finding's theme: one of another theme is refused,
        naming it, and nothing is linked. One already under the finding is left as it is;
        ``result["added"]``: how many were new."""
        finding = self.store.get("findings", finding_id)
        ids = list(dict.fromkeys(observation_ids))
        if not ids:
            raise InputError("kies eerst een of meer waarnemingen om aan de bevinding toe te voegen")
        rows = [self.store.get("observations", oid) for oid in ids]
        for o in rows:
            if o["theme"] != finding["theme"]:
                text = o["text"] if len(o["text"]) <= 60 else o["text"][:59] + "…"
                raise InputError(
                    f"de waarneming \u201c{text}\u201d hoort bij het thema "
                    f"{self._theme_name(o['theme'])}, de bevinding bij "
                    f"{self._theme_name(finding['theme'])}: een bevinding rust alleen op "
                    "waarnemingen van haar eigen thema")
        before = set(self.observation_ids(finding_id))
        with self.store.transaction():
            for oid in ids:
                self._link(finding_id, oid)
        return changed("findings", id=finding_id, result={"added": len(set(ids) - before)})

    def _theme_name(self, theme: str) -> str:
        fw = self.framework
        return fw.theme(theme)["name"] if fw.has_theme(theme) else theme

    def unlink(self, finding_id: str, observation_ids: Iterable[str]) -> Changes:
        """Detach observations from a finding, all in one transaction."""
        with self.store.transaction():
            for oid in observation_ids:
                link = self.store.find_one("finding_links", {"finding_id": finding_id,
                                                             "observation_id": oid})
                if link:
                    self.store.delete("finding_links", link["id"], author=self.author)
        return changed("findings")

    def observation_ids(self, finding_id: str) -> list[str]:
        return [l["observation_id"] for l in self.store.rows("finding_links", {"finding_id": finding_id})]

    # -- reading --------------------------------------------------------------------------------
    def list(self) -> list[dict]:
        return self.store.rows("findings", order_by="position, created")

    def uncovered(self) -> dict:
        """What the report does not use yet: themes with observations but no findings, and
        observations that no finding rests on."""
        findings = self.list()
        live = {f["id"] for f in findings}
        used = {link["observation_id"] for link in self.store.rows("finding_links")
                if link["finding_id"] in live}
        observations = self.visit.observations.list()
        with_findings = {f["theme"] for f in findings}
        observed = {o["theme"] for o in observations}
        themes = [t["id"] for t in self.framework.themes
                  if t["id"] not in with_findings and t["id"] in observed]
        return {"themes_without_findings": themes,
                "unused_observations": [o for o in observations if o["id"] not in used]}

    # -- the report's own texts -------------------------------------------------------------------
    def set_section(self, section: str, text: str) -> Changes:
        known = {s["id"] for s in self.framework.report["sections"]}
        if section not in known:
            raise InputError(f"onbekend rapportonderdeel {section!r} (kies uit: {', '.join(sorted(known))})")
        text = optional_text(text, "rapporttekst") or ""
        with self.store.transaction():
            current = self.keyed("report_sections", "section", section)
            if current:
                if current["text"] != text:
                    self.store.update("report_sections", current["id"], {"text": text},
                                      author=self.author)
            else:
                self.store.insert("report_sections", {"section": section, "text": text},
                                  author=self.author)
        return changed("report")

    def sections(self) -> dict[str, str]:
        return {r["section"]: r["text"] or "" for r in self.store.rows("report_sections",
                                                                      order_by="updated, id")}
