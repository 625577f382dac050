"""The analyst's work on a central database: re-sorting findings, merging themes and giving
them their letters, rode draden (named groups of findings across diensten), the
klankbordgroep's review comments, the report's own texts, and the assessments per dienst.

AnalystWork is a part of CentralDb (database.py), kept here so the import and counting
stay readable. Every change is one transaction, all or nothing: what is wrong is found
before anything is written and refused with a Dutch message naming it. The rows and their
SQL are visitor_app/store/central_db.py.

Rode draden belong to one cycle and one theme (followed through merges); their count is
the number of distinct diensten among their findings. A finding may be in more than one
draad (a finding can say two things). The analyst's work points at findings by their
stable id, so it survives re-importing a package; work on findings that are gone drops out.
"""

from __future__ import annotations

import re

from visitor_app.errors import InputError
from visitor_app.rode_draden.counts import dienst_key

COMMENT_STATUSES = ("open", "verwerkt", "niet_overgenomen")
# The report's own texts (rode_draden/central_report.py reads them): section -> whether it
# belongs to a theme (True), to the whole report (False), or either (None: "inleiding")
TEXT_SECTIONS = {"voorwoord": False, "inleiding": None, "integrale_patronen": False, "conclusie": True}


def count_words(k: int, n: int, statement: str | None) -> tuple[str, str]:
    """The phrase for k of n diensten and the sentence of a rode draad: "Bij een kleine
    meerderheid van de diensten (15 van 28) " + its statement (what holds there, "is een
    structureel innovatiebudget beschikbaar"); without a statement the sentence ends after
    the count. Words from rode_draden/wording.py (forms/quantifiers.yaml)."""
    from visitor_app.rode_draden import wording
    words = wording.quantifiers()
    return words.phrase(k, n), words.sentence(k, n, statement or "")


def _text(value: str | None, what: str, required: bool = True) -> str | None:
    value = None if value is None else str(value).strip()
    if required and not value:
        raise InputError(f"{what} mag niet leeg zijn; er is niets veranderd")
    return value or None


class AnalystWork:
    """Mixed into CentralDb; uses its store, themes(), counted_themes(), cycle helpers."""

    # -- themes ---------------------------------------------------------------------------------
    def theme_id(self, ref: str) -> str:
        """A theme by id or by name (case does not count); unknown ones are refused."""
        themes = self.themes()
        for t in themes:
            if ref == t["id"]:
                return t["id"]
        for t in themes:
            if " ".join(str(ref).split()).casefold() == t["name"].casefold():
                return t["id"]
        known = ", ".join(t["id"] for t in themes) or "nog geen (lees eerst pakketten in)"
        raise InputError(f"onbekend thema {ref!r}; de database kent: {known}")

    def _final_theme(self, theme: str) -> str:
        return self._merge_map(self.themes()).get(theme, theme)

    def move_finding(self, finding_id: str, theme: str, subtheme: str | None = None) -> dict:
        """Sort a finding centrally under another theme (and subtheme); the original stays
        stored. Back to its original theme and subtheme removes the move. It leaves the
        draden of its former theme. Returns {"id", "theme", "subtheme", "left_threads"}."""
        found = self._finding(finding_id)
        theme = self.theme_id(theme)
        final = self._final_theme(theme)
        if subtheme is not None:
            counted = next(t for t in self.counted_themes() if t["id"] == final)
            subs = {s["id"]: s for s in counted["subthemes"]}
            named = {s["name"].casefold(): s["id"] for s in counted["subthemes"]}
            asked, subtheme = subtheme, subtheme if subtheme in subs else named.get(str(subtheme).casefold())
            if subtheme is None:
                raise InputError(f"subthema {asked!r} hoort niet bij thema {final!r}; "
                                 "kies uit: " + (", ".join(subs) or "(geen subthema's)")
                                 + ". Er is niets veranderd")
        original = (found["original_theme"], found["original_subtheme"])
        leaving = [t["id"] for t in self.store.threads(found["cycle_id"])
                   if t["id"] in found["threads"] and self._final_theme(t["theme"]) != final]
        with self.store.transaction():
            if (theme, subtheme) == original:
                self.store.set_move(finding_id, None, None)
            else:
                self.store.set_move(finding_id, theme, subtheme)
            for thread_id in leaving:
                self.store.remove_thread_findings(thread_id, [finding_id])
        return {"id": finding_id, "theme": final, "subtheme": subtheme, "left_threads": leaving}

    def merge_theme(self, theme: str, into: str | None) -> dict:
        """Count theme ``theme`` as part of ``into`` (database-wide, every cycle); ``into``
        None undoes the merge. Its draden become draden of ``into``."""
        theme = self.theme_id(theme)
        settings = self.store.theme_settings().get(theme, {})
        if into is not None:
            into = self.theme_id(into)
            if self._final_theme(into) == theme or into == theme:
                raise InputError(f"thema {theme!r} kan niet worden samengevoegd met {into!r}: dat "
                                 "zou een kring worden. Er is niets veranderd")
        letter = settings.get("letter")
        if into is None and letter:  # counted apart again: its letter must still be its own
            taken = [t["id"] for t in self.counted_themes() if t["id"] != theme and t["letter"] == letter]
            if taken:
                raise InputError(f"thema {theme!r} telt weer apart, maar zijn letter {letter} hoort nu bij "
                                 f"{taken[0]!r}; geef een van beide eerst een andere letter (central "
                                 "thema ... --letter). Er is niets veranderd")
        with self.store.transaction():
            self.store.set_theme_setting(theme, into, letter)
        return {"theme": theme, "merged_into": into}

    def set_letter(self, theme: str, letter: str | None) -> dict:
        """Give a theme its official letter (A-F of the report; one capital letter), or
        none (``letter`` None or ""). Two counted themes cannot have the same letter."""
        theme = self.theme_id(theme)
        letter = (letter or "").strip().upper() or None
        merged = self.store.theme_settings().get(theme, {}).get("merged_into")
        if letter is not None and merged:
            raise InputError(f"thema {theme!r} telt mee bij {self._final_theme(theme)!r} en heeft "
                             "daarom geen eigen letter; geef dat thema de letter, of maak het "
                             "samenvoegen eerst ongedaan (--losmaken). Er is niets veranderd")
        if letter is not None and not re.fullmatch(r"[A-Z]{1,4}", letter):
            raise InputError(f"letter {letter!r}: geef een hoofdletter (A tot en met F in het "
                             "rapport; ook een Romeins cijfer als IV mag). Er is niets veranderd")
        taken = [t["id"] for t in self.counted_themes() if t["id"] != theme and t["letter"] == letter]
        if letter is not None and taken:
            raise InputError(f"letter {letter} hoort al bij thema {taken[0]!r}; geef dat eerst "
                             "een andere letter of voeg de thema's samen. Er is niets veranderd")
        settings = self.store.theme_settings().get(theme, {})
        with self.store.transaction():
            # "" is "no letter", also when the framework gives one; NULL: the framework's
            self.store.set_theme_setting(theme, settings.get("merged_into"),
                                         letter if letter is not None else "")
        return {"theme": theme, "letter": letter}

    # -- findings by id -------------------------------------------------------------------------
    def _finding(self, finding_id: str) -> dict:
        found = self._findings_by_id([finding_id])
        return found[finding_id]

    def _findings_by_id(self, ids) -> dict[str, dict]:
        """The findings with these stable ids (any cycle); unknown ids are refused."""
        ids = list(dict.fromkeys(str(i) for i in ids))
        if not ids:
            raise InputError("geef minstens één bevinding (--bevinding ID); er is niets veranderd")
        cycles = self.store.finding_cycles(ids)
        unknown = [i for i in ids if i not in cycles]
        if unknown:
            raise InputError("onbekende bevinding(en): " + ", ".join(unknown)
                             + " (zie 'central bevindingen --json'); er is niets veranderd")
        out = {}
        for cycle_id in {cycles[i] for i in ids}:
            out.update({f["id"]: f for f in self._rows_of(cycle_id) if f["id"] in ids})
        return out

    # -- rode draden ----------------------------------------------------------------------------
    def _thread(self, thread_id) -> dict:
        try:
            wanted = int(thread_id)
        except (TypeError, ValueError):
            wanted = None
        found = next((t for t in self.store.threads() if t["id"] == wanted), None)
        if found is None:
            raise InputError(f"onbekende rode draad {thread_id!r} (zie 'central draden'); er is "
                             "niets veranderd")
        return found

    def _check_members(self, cycle_id: int, theme: str, ids) -> dict[str, dict]:
        """The findings ``ids`` if all are of ``cycle_id`` and of theme ``theme`` (effective)."""
        found = ids if isinstance(ids, dict) else self._findings_by_id(ids)
        names = self._cycle_names()
        other = [i for i, f in found.items() if f["cycle_id"] != cycle_id]
        if other:
            raise InputError(f"bevinding {other[0]} hoort bij cyclus "
                             f"{names.get(found[other[0]]['cycle_id'])!r}, de rode draad bij "
                             f"{names.get(cycle_id)!r}; er is niets veranderd")
        final = self._final_theme(theme)
        wrong = [i for i, f in found.items() if f["theme"] != final]
        if wrong:
            raise InputError(f"bevinding {wrong[0]} staat bij thema {found[wrong[0]]['theme']!r}, "
                             f"niet bij {final!r}; verplaats haar eerst (central verplaats). Er is "
                             "niets veranderd")
        return found

    def new_thread(self, theme: str, name: str, finding_ids, conclusion: str | None = None,
                   cycle: str | None = None, statement: str | None = None) -> int:
        """A new rode draad of ``finding_ids`` (all of one cycle and of theme ``theme``);
        its cycle is theirs (``cycle``, when given, must be it). Returns its id."""
        theme = self.theme_id(theme)
        name = _text(name, "de naam van een rode draad")
        conclusion = _text(conclusion, "", required=False)
        found = self._findings_by_id(finding_ids)
        cycle_ids = {f["cycle_id"] for f in found.values()}
        if cycle is not None:
            cycle_ids.add(self._cycle_id(cycle))
        if len(cycle_ids) > 1:
            names = self._cycle_names()
            raise InputError("de bevindingen horen bij verschillende cycli ("
                             + ", ".join(repr(names.get(c)) for c in cycle_ids)
                             + "); een rode draad hoort bij één cyclus. Er is niets veranderd")
        cycle_id = cycle_ids.pop()
        self._check_members(cycle_id, theme, found)
        with self.store.transaction():
            thread_id = self.store.add_thread(cycle_id, self._final_theme(theme), name, conclusion)
            if statement is not None and _text(statement, "", required=False):
                self.store.set_thread_statement(thread_id, _text(statement, "", required=False))
            self.store.add_thread_findings(thread_id, list(found))
        return thread_id

    def add_to_thread(self, thread_id, finding_ids) -> dict:
        thread = self._thread(thread_id)
        found = self._check_members(thread["cycle_id"], thread["theme"], finding_ids)
        with self.store.transaction():
            self.store.add_thread_findings(thread["id"], list(found))
        return self.thread(thread["id"])

    def remove_from_thread(self, thread_id, finding_ids) -> dict:
        thread = self._thread(thread_id)
        members = self._members(thread["id"])
        ids = list(dict.fromkeys(str(i) for i in finding_ids))
        if not ids:
            raise InputError("geef minstens één bevinding (--bevinding ID); er is niets veranderd")
        outside = [i for i in ids if i not in members]
        if outside:
            raise InputError(f"bevinding {outside[0]} zit niet in rode draad {thread['id']} "
                             f"({thread['name']!r}); er is niets veranderd")
        with self.store.transaction():
            self.store.remove_thread_findings(thread["id"], ids)
        return self.thread(thread["id"])

    def edit_thread(self, thread_id, name: str | None = None, conclusion: str | None = None,
                    statement: str | None = None) -> dict:
        """A new name, conclusion and/or statement (the rest of its sentence after "Bij ...
        (k van n)"); "" clears a conclusion or statement."""
        thread = self._thread(thread_id)
        new_name = _text(name, "de naam van een rode draad") if name is not None else thread["name"]
        new_conclusion = thread["conclusion"] if conclusion is None else _text(conclusion, "", False)
        with self.store.transaction():
            self.store.update_thread(thread["id"], new_name, new_conclusion)
            if statement is not None:
                self.store.set_thread_statement(thread["id"], _text(statement, "", False))
        return self.thread(thread["id"])

    def split_thread(self, thread_id, finding_ids, name: str, conclusion: str | None = None) -> int:
        """Move ``finding_ids`` (of the draad) into a new draad ``name``; returns its id."""
        thread = self._thread(thread_id)
        name = _text(name, "de naam van de nieuwe rode draad")
        members = self._members(thread["id"])
        ids = list(dict.fromkeys(str(i) for i in finding_ids))
        outside = [i for i in ids if i not in members]
        if not ids or outside:
            raise InputError((f"bevinding {outside[0]} zit niet in rode draad {thread['id']}"
                              if outside else "geef de bevindingen die naar de nieuwe draad gaan")
                             + "; er is niets veranderd")
        with self.store.transaction():
            new_id = self.store.add_thread(thread["cycle_id"], thread["theme"], name,
                                           _text(conclusion, "", False))
            self.store.add_thread_findings(new_id, ids)
            self.store.remove_thread_findings(thread["id"], ids)
        return new_id

    def merge_threads(self, thread_id, other_id) -> dict:
        """Put draad ``other_id``'s findings (and review comments) into ``thread_id`` and
        remove ``other_id``; both of one cycle and theme. The conclusion is the first's, or
        the other's when the first has none."""
        thread, other = self._thread(thread_id), self._thread(other_id)
        if thread["id"] == other["id"]:
            raise InputError("een rode draad kan niet met zichzelf worden samengevoegd")
        if thread["cycle_id"] != other["cycle_id"] or \
                self._final_theme(thread["theme"]) != self._final_theme(other["theme"]):
            raise InputError(f"rode draden {thread['id']} en {other['id']} horen niet bij dezelfde "
                             "cyclus en hetzelfde thema; er is niets veranderd")
        with self.store.transaction():
            self.store.add_thread_findings(thread["id"], self._members(other["id"]))
            self.store.move_comments(other["id"], thread["id"])
            if not thread["conclusion"] and other["conclusion"]:
                self.store.update_thread(thread["id"], thread["name"], other["conclusion"])
            self.store.delete_thread(other["id"])
        return self.thread(thread["id"])

    def delete_thread(self, thread_id) -> None:
        """Remove a draad (its findings stay; its review comments stay, with its theme)."""
        thread = self._thread(thread_id)
        with self.store.transaction():
            self.store.delete_thread(thread["id"])

    def _members(self, thread_id: int) -> list[str]:
        return [f for t, f in self.store.thread_findings() if t == thread_id]

    def thread(self, thread_id) -> dict:
        thread = self._thread(thread_id)
        return next(t for t in self._thread_list(thread["cycle_id"]) if t["id"] == thread["id"])

    def threads(self, cycle: str | None = None, theme: str | None = None) -> list[dict]:
        """The rode draden of a cycle, per theme (in theme order), by number of diensten
        (most first), then name: {"id", "cycle", "theme", "name", "conclusion", "findings":
        [ids], "diensten": k, "van": N, "formulering", "zin"}."""
        cycle_id = self._cycle_id(cycle)
        if cycle_id is None:
            return []
        found = self._thread_list(cycle_id)
        if theme is not None:
            wanted = self._final_theme(self.theme_id(theme))
            found = [t for t in found if t["theme"] == wanted]
        return found

    def _thread_list(self, cycle_id: int) -> list[dict]:
        rows = {f["id"]: f for f in self._rows_of(cycle_id)}
        members: dict[int, list[str]] = {}
        for thread_id, finding_id in self.store.thread_findings(cycle_id):
            if finding_id in rows:
                members.setdefault(thread_id, []).append(finding_id)
        n = len({dienst_key(p["dienst"]) for p in self.store.packages(cycle_id)})
        order = {t["id"]: i for i, t in enumerate(self.counted_themes())}
        name = self._cycle_names().get(cycle_id)
        out = []
        for t in self.store.threads(cycle_id):
            ids = members.get(t["id"], [])
            k = len({dienst_key(rows[i]["dienst"]) for i in ids})
            phrase, sentence = count_words(k, n, t["statement"])
            out.append({"id": t["id"], "cycle": name, "theme": self._final_theme(t["theme"]),
                        "name": t["name"], "conclusion": t["conclusion"],
                        "statement": t["statement"], "findings": ids,
                        "diensten": k, "van": n, "formulering": phrase, "zin": sentence})
        out.sort(key=lambda t: (order.get(t["theme"], len(order)), -t["diensten"], t["name"].casefold()))
        return out

    # -- review rounds (klankbordgroep) ---------------------------------------------------------
    def add_comment(self, round_: int, text: str, thread=None, theme: str | None = None,
                    cycle: str | None = None) -> int:
        """A comment of review round ``round_`` (1, 2, ...) on a rode draad or on a chapter
        (a theme); returns its id. A draad's comment is of the draad's cycle."""
        text = _text(text, "de tekst van het commentaar")
        try:
            round_ = int(round_)
        except (TypeError, ValueError):
            round_ = 0
        if round_ < 1:
            raise InputError("geef de ronde als een getal vanaf 1 (--ronde 1); er is niets veranderd")
        if (thread is None) == (theme is None):
            raise InputError("geef een commentaar bij een rode draad (--draad ID) of bij een "
                             "hoofdstuk (--thema T), niet allebei en niet geen van beide")
        if thread is not None:
            t = self._thread(thread)
            cycle_id, thread_id, theme = t["cycle_id"], t["id"], self._final_theme(t["theme"])
        else:
            cycle_id, thread_id, theme = self._cycle_id(cycle), None, self._final_theme(self.theme_id(theme))
            if cycle_id is None:
                raise InputError("de database heeft nog geen cyclus; lees eerst pakketten in")
        with self.store.transaction():
            return self.store.add_comment(cycle_id, round_, thread_id, theme, text, "open")

    def handle_comment(self, comment_id, handling: str | None, status: str | None = None) -> dict:
        """How a comment was handled, and its status (one of COMMENT_STATUSES; with a handling
        text and no status: "verwerkt")."""
        try:
            found = self.store.comment(int(comment_id))
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise InputError(f"onbekend commentaar {comment_id!r} (zie 'central commentaren'); er "
                             "is niets veranderd")
        handling = _text(handling, "", required=False) if handling is not None else found["handling"]
        status = status or ("verwerkt" if handling and found["status"] == "open" else found["status"])
        if status not in COMMENT_STATUSES:
            raise InputError(f"status {status!r}: kies uit {', '.join(COMMENT_STATUSES)}; er is "
                             "niets veranderd")
        with self.store.transaction():
            self.store.update_comment(found["id"], handling, status)
        return self.comment(found["id"])

    def comment(self, comment_id: int) -> dict:
        """One comment as comments() gives it."""
        c = self.store.comment(int(comment_id))
        return {"id": c["id"], "round": c["round"], "thread": c["thread_id"], "theme": c["theme"],
                "text": c["text"], "handling": c["handling"], "status": c["status"],
                "created": c["created"]}

    def comments(self, cycle: str | None = None, round_: int | None = None) -> list[dict]:
        """The comments of a cycle by round: {"id", "round", "thread" (id or None), "theme",
        "text", "handling", "status", "created"}."""
        cycle_id = self._cycle_id(cycle)
        if cycle_id is None:
            return []
        return [self.comment(c["id"]) for c in self.store.comments(cycle_id)
                if round_ is None or c["round"] == int(round_)]

    # -- the report's own texts ----------------------------------------------------------------
    def set_text(self, section: str, text: str | None, theme: str | None = None,
                 cycle: str | None = None) -> dict:
        """The analyst's text of a report section (TEXT_SECTIONS: "voorwoord", "inleiding",
        "integrale_patronen", or "inleiding"/"conclusie" of a theme), per cycle; an empty
        text removes it."""
        section = _text(section, "het onderdeel (--onderdeel)")
        if section not in TEXT_SECTIONS:
            raise InputError(f"onbekend onderdeel {section!r}; kies uit {', '.join(TEXT_SECTIONS)}. "
                             "Er is niets veranderd")
        wants = TEXT_SECTIONS[section]
        if wants is True and not theme:
            raise InputError(f"onderdeel {section!r} hoort bij een thema: geef --thema. Er is niets veranderd")
        if wants is False and theme:
            raise InputError(f"onderdeel {section!r} hoort bij het hele rapport, niet bij een thema. "
                             "Er is niets veranderd")
        theme = self._final_theme(self.theme_id(theme)) if theme else ""
        cycle_id = self._cycle_id(cycle)
        if cycle_id is None:
            raise InputError("de database heeft nog geen cyclus; lees eerst pakketten in")
        with self.store.transaction():
            self.store.set_text(cycle_id, section, theme, _text(text, "", required=False))
        return {"section": section, "theme": theme or None, "text": _text(text, "", required=False)}

    def texts(self, cycle: str | None = None) -> list[dict]:
        """{"section", "theme" (or None), "text", "updated"} of a cycle."""
        cycle_id = self._cycle_id(cycle)
        if cycle_id is None:
            return []
        return [dict(t, theme=t["theme"] or None) for t in self.store.texts(cycle_id)]

    # -- assessments per dienst -----------------------------------------------------------------
    def assessment_groups(self) -> dict[str, list[dict]]:
        """The assessment items split by the frameworks' data: {"basis": items that share
        their value scale with another item (the basis-op-orde group), "single": the items
        with a scale of their own (robuustheid)}. The first value of a scale is the good one
        (ja, voldaan): the order of forms/assessments.yaml."""
        items = self.assessment_items()
        scales: dict[tuple, int] = {}
        for i in items:
            key = tuple(v["id"] for v in i["values"])
            scales[key] = scales.get(key, 0) + 1
        basis = [i for i in items if scales[tuple(v["id"] for v in i["values"])] > 1]
        return {"basis": basis, "single": [i for i in items if i not in basis]}

    def assessments_per_dienst(self, cycle: str | None = None) -> list[dict]:
        """Per dienst of a cycle (its latest visit), by name: {"dienst", "visitation_id",
        "single": [{"item", "name", "value", "value_name", "toelichting"}] (robuustheid),
        "basis": [...] (every basis-op-orde item, value None when not given), "op_orde": True
        (every basis item has its scale's first value), False (one has another value), None
        (not all given)}."""
        groups = self.assessment_groups()
        given: dict[str, dict[str, dict]] = {}
        for a in self._latest_assessments(cycle):
            given.setdefault(a["visitation_id"], {})[a["item"]] = a
        latest: dict[str, dict] = {}
        for v in sorted(self.visitations(cycle), key=lambda v: (v["start"], v["exported"])):
            latest[dienst_key(v["dienst"])] = v
        out = []
        for v in sorted(latest.values(), key=lambda v: v["dienst"].casefold()):
            mine = given.get(v["id"], {})

            def entry(item):
                a = mine.get(item["id"])
                values = {x["id"]: x["name"] for x in item["values"]}
                return {"item": item["id"], "name": item["name"],
                        "value": a["value"] if a else None,
                        "value_name": values.get(a["value"], a["value"]) if a else None,
                        "toelichting": a["toelichting"] if a else None}

            single = [entry(i) for i in groups["single"] if i["id"] in mine]
            basis = [entry(i) for i in groups["basis"]]
            good = {i["id"]: i["values"][0]["id"] for i in groups["basis"]}
            if not basis:
                op_orde = None
            elif any(b["value"] is not None and b["value"] != good[b["item"]] for b in basis):
                op_orde = False
            elif all(b["value"] is not None for b in basis):
                op_orde = True
            else:
                op_orde = None
            out.append({"dienst": v["dienst"], "visitation_id": v["id"], "single": single,
                        "basis": basis, "op_orde": op_orde})
        return out

    def without_basis(self, cycle: str | None = None) -> list[dict]:
        """The diensten whose basis is not op orde: {"dienst", "items": [the basis items
        without the good value, with their toelichting]}."""
        groups = {i["id"]: i["values"][0]["id"] for i in self.assessment_groups()["basis"]}
        return [{"dienst": d["dienst"], "items": [b for b in d["basis"] if b["value"] is not None
                                                  and b["value"] != groups[b["item"]]]}
                for d in self.assessments_per_dienst(cycle) if d["op_orde"] is False]

    def basis_cross_table(self, cycle: str | None = None) -> dict:
        """Robuustheid (the first single item) x basis op orde: {"item", "rows": [{"value",
        "name", "op_orde", "niet_op_orde", "onvolledig"}]} with a row "geen oordeel" (value
        None) last; counts of diensten."""
        groups = self.assessment_groups()
        if not groups["single"]:
            return {"item": None, "rows": []}
        item = groups["single"][0]
        rows = {v["id"]: {"value": v["id"], "name": v["name"], "op_orde": 0, "niet_op_orde": 0,
                          "onvolledig": 0} for v in item["values"]}
        rows[None] = {"value": None, "name": "geen oordeel", "op_orde": 0, "niet_op_orde": 0,
                      "onvolledig": 0}
        for d in self.assessments_per_dienst(cycle):
            value = next((s["value"] for s in d["single"] if s["item"] == item["id"]), None)
            col = {True: "op_orde", False: "niet_op_orde", None: "onvolledig"}[d["op_orde"]]
            rows[value if value in rows else None][col] += 1
        return {"item": item["id"], "name": item["name"], "rows": list(rows.values())}


__all__ = ["AnalystWork", "COMMENT_STATUSES", "TEXT_SECTIONS", "count_words"]
