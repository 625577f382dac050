"""De-identification of what leaves the file: the texts of the rode-dradenpakket, the
recogniser's replacements in them, and the secretary's decisions on those.

Every text that leaves (a finding's text, an assessment's toelichting) is an *item* with
a reference ("finding:ID", "assessment:ITEM"). The recogniser (visitor_app.domain.deidentify)
finds personal data in it; the secretary can keep a replacement ("niet vervangen"), here or
in every text, or mark more text. Those decisions are records of the file
(``privacy_decisions``: scope = a reference or "*", the text, action keep/mark, the kind of a
mark), so the next export reuses them. A decision is on a piece of text, not on a position:
after an edit it holds wherever the same words still stand.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part



def _deid():
    """The recogniser's module, imported on first use (not at every start of the window)."""
    from visitor_app.domain import deidentify
    return deidentify


EVERYWHERE = "*"
KEEP, MARK = "keep", "mark"
MARKED_REASON = "door jou gemarkeerd"
MAX_MARK = 300  # characters: a mark is a name or a passage, not a whole text


@dataclass(frozen=True)
class Replacement:
    """One place in an item's text that the export replaces, or would but was kept."""
    start: int
    end: int
    kind: str
    text: str
    marked: bool   # the secretary marked it (else the recogniser found it)
    kept: bool     # the secretary kept it: the export leaves it as it is
    everywhere: bool = False  # the decision behind it holds in every text

    @property
    def reason(self) -> str:
        reason = _deid().REASONS[self.kind]
        return f"{MARKED_REASON} ({reason})" if self.marked else reason

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "text": self.text,
                "reason": self.reason, "marked": self.marked, "kept": self.kept,
                "everywhere": self.everywhere,
                "mark": _deid().MARKS[self.kind]}


@dataclass(frozen=True)
class Item:
    ref: str
    label: str     # Dutch: what the text is ("Bevinding · THEMA · SOORT")
    text: str
    replacements: tuple[Replacement, ...]

    @property
    def redacted(self) -> str:
        d = _deid()
        return d.redact(self.text, [d.Hit(r.start, r.end, r.kind, r.text)
                                    for r in self.replacements if not r.kept])

    def counts(self) -> Counter:
        return Counter(r.kind for r in self.replacements if not r.kept)

    def as_dict(self) -> dict:
        return {"ref": self.ref, "label": self.label, "text": self.text, "redacted": self.redacted,
                "replacements": [r.as_dict() for r in self.replacements]}


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _occurrences(text: str, piece: str) -> list[tuple[int, int]]:
    """Where ``piece`` stands in ``text`` as whole words (case-insensitive, any whitespace)."""
    words = piece.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)]


def count_text(counts: dict) -> str:
    """Dutch: "3 x bekende naam (wordt [naam]), 1 x citaat (wordt [citaat weggelaten])"."""
    d = _deid()
    return ", ".join(f"{n} x {d.REASONS[k]} (wordt {d.MARKS[k]})" for k, n in counts.items())


class Privacy(Part):
    """The texts that leave the file, what the recogniser and the secretary replace in them."""

    # -- what the recogniser knows of this file ---------------------------------------------
    def context(self):
        """Every person the file names, every quote typed, and the names that must stay (the
        dienst, the framework's partner organisations)."""
        framework = self.framework
        people = tuple(dict.fromkeys(n for n in self.visit.members.people_names() if n and n.strip()))
        quotes = tuple(t for t in self.visit.observations.texts_of_kinds(framework.quote_kinds()) if t)
        keep = [self.visit.details()["dienst"]]
        for partner in framework.partner_types:
            keep.append(partner["name"])
            keep += [p.strip() for p in re.split(r"[()/]", partner["name"]) if p.strip()]
        return _deid().Context(people=people, quotes=quotes, keep=tuple(dict.fromkeys(keep)))

    def recogniser(self):
        return _deid().Recogniser(self.context())

    # -- the texts that leave -----------------------------------------------------------------
    def _outgoing(self) -> list[tuple[str, str, str]]:
        """(ref, label, text) of every text a rode-dradenpakket takes, in package order."""
        fw = self.framework
        theme_names = {t["id"]: t["name"] for t in fw.themes}
        kind_names = {k["id"]: k["name"] for k in fw.finding_kinds}
        item_names = {i["id"]: i["name"] for i in fw.assessment_items}
        out = []
        for f in self.visit.findings.list():
            label = " · ".join(("Bevinding", theme_names.get(f["theme"], f["theme"]),
                                kind_names.get(f["kind"], f["kind"])))
            out.append((f"finding:{f['id']}", label, f["text"] or ""))
        for a in sorted(self.visit.assessments.all().values(), key=lambda a: a["item"]):
            if a.get("toelichting"):
                out.append((f"assessment:{a['item']}",
                            f"Toelichting bij oordeel · {item_names.get(a['item'], a['item'])}",
                            a["toelichting"]))
        return out

    def decisions(self) -> list[dict]:
        return self.store.rows("privacy_decisions", order_by="created, id")

    def _item(self, recogniser, decisions: list[dict], ref: str, label: str,
              text: str) -> Item:
        # one decision per piece of text: one made in this text wins over one for every text
        winners: dict[str, dict] = {}
        for d in sorted((d for d in decisions if d["scope"] in (ref, EVERYWHERE)),
                        key=lambda d: d["scope"] == ref):
            winners[_fold(d["text"])] = d
        kept = {f: d["scope"] == EVERYWHERE for f, d in winners.items() if d["action"] == KEEP}
        marks = [(s, e, d["kind"], d["scope"] == EVERYWHERE)
                 for d in winners.values() if d["action"] == MARK for s, e in _occurrences(text, d["text"])]
        found = [h for h in recogniser.find(text)
                 if not any(s < h.end and h.start < e for s, e, _, _ in marks)]
        replacements = [Replacement(h.start, h.end, h.kind, h.text, marked=False,
                                    kept=_fold(h.text) in kept, everywhere=kept.get(_fold(h.text), False))
                        for h in found]
        taken: list[tuple[int, int]] = []
        for s, e, kind, everywhere in sorted(marks, key=lambda m: (m[0], -(m[1] - m[0]))):
            if not any(s < te and ts < e for ts, te in taken):
                taken.append((s, e))
                replacements.append(Replacement(s, e, kind, text[s:e], marked=True, kept=False,
                                                everywhere=everywhere))
        return Item(ref, label, text, tuple(sorted(replacements, key=lambda r: r.start)))

    def items(self) -> list[Item]:
        """Every text that leaves, with what the export replaces in it (and what was kept)."""
        recogniser, decisions = self.recogniser(), self.decisions()
        return [self._item(recogniser, decisions, *entry) for entry in self._outgoing()]

    def preview(self) -> dict:
        """What `export-central --preview` and the window show: every item, the counts, and
        whether the export would be refused ("no_findings")."""
        items = self.items()
        counts = Counter()
        for item in items:
            counts.update(item.counts())
        return {"items": [i.as_dict() for i in items],
                "counts": {k: counts[k] for k in _deid().KINDS if counts[k]},
                "kept": sum(r.kept for i in items for r in i.replacements),
                "no_findings": not any(i.ref.startswith("finding:") for i in items)}

    def redactor(self):
        """For the package: ``redact(ref, text) -> text`` and the counts per kind so far."""
        recogniser, decisions = self.recogniser(), self.decisions()
        counts: Counter = Counter()

        def apply(ref: str, text: str | None) -> str | None:
            if not text:
                return text
            item = self._item(recogniser, decisions, ref, "", text)
            counts.update(item.counts())
            return item.redacted
        return apply, counts

    # -- the secretary's decisions ----------------------------------------------------------
    def _outgoing_texts(self, ref: str) -> dict[str, str]:
        """Reference -> text of every text that leaves; InputError when ``ref`` is none of them."""
        texts = {r: t for r, _, t in self._outgoing()}
        if ref != EVERYWHERE and ref not in texts:
            raise InputError(f"onbekende tekst {ref!r}: geen bevinding of toelichting die meegaat")
        return texts

    def keep(self, ref: str, text: str, everywhere: bool = False) -> Changes:
        """Leave ``text`` as it is in this item (or in every text): "niet vervangen"."""
        return self._decide(EVERYWHERE if everywhere else ref, text, KEEP, None, ref)

    def mark(self, ref: str, text: str, kind: str = "possible_name", everywhere: bool = False) -> Changes:
        """Replace ``text`` too, wherever it stands in this item (or in every text)."""
        kinds = _deid().KINDS
        if kind not in kinds:
            raise InputError(f"onbekende soort {kind!r}; kies uit {', '.join(kinds)}")
        return self._decide(EVERYWHERE if everywhere else ref, text, MARK, kind, ref)

    def _decide(self, scope: str, text: str, action: str, kind: str | None, ref: str) -> Changes:
        texts = self._outgoing_texts(ref)
        piece = " ".join((text or "").split())
        if not piece:
            raise InputError("geen tekst gekozen: selecteer de woorden die je wilt markeren of houden")
        if len(piece) > MAX_MARK:
            raise InputError(f"de gekozen tekst is langer dan {MAX_MARK} tekens; pas de tekst zelf aan")
        if action == MARK and not _occurrences(texts.get(ref, ""), piece):
            raise InputError(f"\u2018{piece}\u2019 staat niet als los woord of losse woorden in deze "
                             "tekst; selecteer hele woorden")
        with self.store.transaction():
            for d in self.decisions():  # a new decision on the same words replaces the old one
                if d["scope"] == scope and _fold(d["text"]) == _fold(piece):
                    self.store.delete("privacy_decisions", d["id"], author=self.author)
            new_id = self.store.insert("privacy_decisions", {"scope": scope, "text": piece,
                                                             "action": action, "kind": kind},
                                       author=self.author)
        occurrences = sum(len(_occurrences(t, piece)) for r, t in texts.items()
                          if scope == EVERYWHERE or r == ref)
        return changed("privacy", id=new_id, result={"text": piece, "occurrences": occurrences})

    def set_text(self, ref: str, text: str) -> Changes:
        """Edit the text itself: the finding's text, or the assessment's toelichting."""
        self._outgoing_texts(ref)
        what, key = ref.split(":", 1)
        if what == "finding":
            return self.visit.findings.update(key, text=text)
        current = self.visit.assessments.all()[key]
        return self.visit.assessments.set(key, current["value"], toelichting=text)

    def undo(self, ref: str, text: str, everywhere: bool = False) -> Changes:
        """Forget the decision on ``text`` in this item (with ``everywhere``: the one for every
        text)."""
        scope = EVERYWHERE if everywhere else ref
        with self.store.transaction():
            gone = [d for d in self.decisions()
                    if d["scope"] == scope and _fold(d["text"]) == _fold(text)]
            for d in gone:
                self.store.delete("privacy_decisions", d["id"], author=self.author)
        return changed("privacy", result={"removed": len(gone)})

    # -- the report -------------------------------------------------------------------------
    def report_warnings(self, texts: list[tuple[str, str]]) -> list[dict]:
        """Personal data in the report's texts ((where, text) pairs, title page left out):
        interviewees are never named in the report, members only on the title page.
        Returns [{"where", "text", "kind", "reason"}]; no decisions apply here."""
        recogniser = self.recogniser()
        out = []
        for where, text in texts:
            for h in recogniser.find(text or ""):
                out.append({"where": where, "text": h.text, "kind": h.kind,
                            "reason": _deid().REASONS[h.kind]})
        return out
