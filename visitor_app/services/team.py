"""The team: copies handed out to members, merging them back, and the conflicts the
secretary decides. How records are merged is store/merge.py; this is what it means."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterable

from visitor_app.errors import FileLockedError, InputError, NotFoundError
from visitor_app.services.changes import EVERYTHING, Changes, changed
from visitor_app.services.common import Part, clean_text, now
from visitor_app.services.members import check_role
from visitor_app.services.preparation import session_label
from visitor_app.store.files import check_output_path
from visitor_app.services.records import TABLES as RECORD_TABLES
from visitor_app.store.schema import TABLES

# Tables where one record per key counts (an assessment per item, a text per report section):
# copies that each made their own record for the same key show up as a conflict too.
KEYED = {"assessments": "item", "report_sections": "section", "self_evaluations": "theme"}
# Records where "keep both" makes sense (two observations can both stand).
KEEP_BOTH = ("observations", "findings", "sessions", "case_files", "partner_interviews", "documents")
# Records whose text the secretary may adjust while deciding (through their own update).
TEXT_EDITABLE = ("observations", "findings")
# What a conflict in a table changes when it is decided.
KIND_OF_TABLE = {"visitation": "details", "members": "members", "sessions": "programme",
                 "observations": "observations", "case_files": "records",
                 "partner_interviews": "records", "assessments": "assessments",
                 "findings": "findings", "finding_links": "findings", "report_sections": "report",
                 "question_ticks": "questions", "documents": "documents",
                 "previous_recommendations": "previous", "previous_links": "previous",
                 "own_questions": "questions", "self_evaluations": "self_evaluation"}


def _holder(exc: FileLockedError) -> str:
    """Who holds a lock, from the refusal's text ("... al geopend (door X op ...)...")."""
    text = str(exc)
    start = text.find("(door ")
    return text[start + 1:text.find(")", start)] if start >= 0 else "door een ander programma"


class Team(Part):
    def owner(self) -> str | None:
        """The member this copy was handed out to (None: not a hand-out copy)."""
        return self.store.meta("owner_member_id")

    def copy_of(self) -> dict | None:
        """Whose copy this file is: {"member", "member_id", "from", "at"} (the member's
        name, None when the commission no longer has them; the file it was handed out from
        and when); None for a file that is no hand-out copy."""
        owner = self.owner()
        if not owner:
            return None
        return {"member": self.visit.members.names().get(owner), "member_id": owner,
                "from": self.store.meta("handed_out_from"), "at": self.store.meta("handed_out_at")}

    def hand_out(self, member_name: str, out: Path | str, passphrase: str | None = None,
                 new_member_role: str | None = None, replace: bool = False,
                 with_attachments: bool = True) -> Changes:
        """A copy of this visitation for one member of the commission, stamped with who they
        are. ``member_name`` must be a member (InputError naming the known ones), unless
        ``new_member_role`` is given: then the name is added to the commission with that
        role first (and must not be there yet), so merging knows them.

        ``passphrase``: the copy's own; None gives a copy of an encrypted file this file's
        passphrase ("hetzelfde wachtwoord") and a plain file a plain copy. A copy of an
        encrypted visitation is always encrypted. ``with_attachments=False``: the documents'
        attachments are left out of the copy (the documents stay; merging it back removes
        no attachment here).

        ``replace`` (the user confirmed it): an existing file at ``out`` is replaced, through
        a temp file renamed over it, after a byte copy of it went to its backup folder (an
        old copy may hold notes not yet merged). Refused, with nothing changed: this
        visitation file itself, a file open in a window or command (its lock), a folder."""
        name = clean_text(member_name, "naam commissielid")
        out = Path(out)
        if passphrase is not None:
            from visitor_app.services.encryption import check_passphrase
            check_passphrase(passphrase)
        members = self.visit.members
        member = members.find(name)
        if new_member_role is not None:
            role = check_role(new_member_role)
            if member is not None:
                raise InputError(f"commissielid {member['name']!r} bestaat al; kies die naam uit de "
                                 "commissie in plaats van een nieuw lid. Er is niets gemaakt.")
        elif member is None:
            known = ", ".join(m["name"] for m in members.list()) or "nog geen commissieleden"
            raise InputError(f"{name!r} is geen lid van de commissie (bekend: {known}). Kies een van "
                             "deze namen, of voeg eerst een nieuw lid toe. Er is niets gemaakt.")
        self._check_target(out, replace)  # before the commission changes
        from visitor_app.store import merge as merging  # on first use: keeps start-up fast
        from visitor_app.store.lock import FileLock
        lock = None
        if replace and out.exists():
            lock = FileLock(out)  # nobody opens the old copy while it is replaced
            try:
                lock.acquire()
            except FileLockedError as exc:
                raise FileLockedError(f"{out}: deze kopie is nu geopend ({_holder(exc)}); sluit haar "
                                      "daar eerst. Er is niets gemaakt.") from None
        try:
            added = new_member_role is not None
            if added:
                members.add(name, role)
                member = members.find(name)
            saved = None
            if lock is not None:
                from visitor_app.store.backup import copy_bytes
                saved = copy_bytes(out, "voor-vervangen")
            key = passphrase if passphrase is not None else self.store.key
            merging.hand_out(self.store, out, {
                "owner_member_id": member["id"], "handed_out_from": self.visit.path.name,
                "handed_out_at": now(), "handed_out_by": self.author or ""}, key=key,
                overwrite=lock is not None, with_attachments=with_attachments)
        finally:
            if lock is not None:
                lock.release()
        result = {"out": str(out), "member": member["name"], "member_id": member["id"],
                  "member_added": added, "dienst": self.visit.details()["dienst"],
                  "encrypted": key is not None, "replaced": saved is not None,
                  "backup_of_replaced": str(saved) if saved else None,
                  "attachments": with_attachments}
        return changed("members", "team", result=result) if added else changed("team", result=result)

    def _check_target(self, out: Path, replace: bool) -> None:
        """Refuse a target the hand-out cannot write, before anything changes."""
        if out.exists() and not out.is_dir():
            try:
                itself = os.path.samefile(out, self.visit.path)
            except OSError:
                itself = False
            if itself:
                raise InputError(f"{out}: dat is deze visitatie zelf; een kopie komt daar niet "
                                 "overheen. Kies een andere bestandsnaam; er is niets gemaakt.")
            if not replace:
                raise InputError(f"{out}: bestaat al; kies een andere bestandsnaam of kies ervoor "
                                 "het bestand te vervangen. Er is niets gemaakt.")
            if Path(str(out) + "-journal").exists():
                raise FileLockedError(f"{out}: in dit bestand wordt nu geschreven, of een schrijfactie "
                                      "is onderbroken; open het eerst in de app. Er is niets gemaakt.")
            return
        check_output_path(out, None, "een kopie", overwrite=False)

    def merge(self, paths: Iterable[Path | str],
              passphrase_for: Callable[[Path], str | None] | None = None) -> Changes:
        """Merge members' copies into this file (backup first, one transaction).
        ``passphrase_for(path)`` is asked for each encrypted copy's passphrase (None, or no
        callback: this file's own); a wrong one raises PassphraseError naming the copy, nothing merged."""
        from visitor_app.store import merge as merging
        from visitor_app.services.audit import record_problems
        # every record of a copy is checked against this file's framework before any is merged
        def validate(table: str, row: dict, exists) -> list[str]:
            return record_problems(self.visit, table, row, exists)

        result = merging.merge_files(self.store, list(paths), validate=validate,
                                     key_of=passphrase_for)
        names = self.visit.members.names()
        for copy in result["copies"]:
            copy["member"] = names.get(copy["member_id"])
        result["open_conflicts"] = len(self.conflicts())  # stored ones and keyed doubles
        return Changes(EVERYTHING.kinds, result=result)

    def needs_passphrase(self, path: Path | str) -> bool:
        """True when the copy ``path`` is encrypted with another passphrase than this file's
        (or this file is plain): merging it then needs that copy's own passphrase."""
        from visitor_app.services.encryption import is_encrypted, opens_with
        return is_encrypted(path) and not (self.store.key is not None and opens_with(path, self.store.key))

    def log(self) -> list[dict]:
        names = self.visit.members.names()
        return [{**r, "member": names.get(r["copy_member"])}
                for r in reversed(self.store.bookkeeping("merge_log"))]

    # -- conflicts ----------------------------------------------------------------------------
    def _label(self, table: str, row: dict) -> str:
        fw = self.framework
        if table in ("observations", "findings"):
            theme = fw.theme(row["theme"])["name"] if fw.has_theme(row.get("theme") or "") else row.get("theme")
            return f"{theme}: {row.get('text') or ''}"
        if table == "previous_recommendations":  # the opvolging is what differs
            theme = fw.theme(row["theme"])["name"] if fw.has_theme(row.get("theme") or "") else row.get("theme")
            names = {s["id"]: s["name"] for s in fw.follow_up_statuses()}
            return (f"{theme}: {row.get('text') or ''} — opvolging: "
                    f"{names.get(row.get('status'), row.get('status'))}"
                    + (f" ({row['toelichting']})" if row.get("toelichting") else ""))
        if table == "documents":
            return f"{TABLES[table]}: {row.get('title') or ''}"
        if table == "assessments":
            items = {i["id"]: i["name"] for i in fw.assessment_items}
            item = row.get("item")
            values = {v["id"]: v["name"] for v in fw.scale_values(item)} if item in items else {}
            return f"{items.get(item, item)}: {values.get(row.get('value'), row.get('value'))}" + (
                f" ({row['toelichting']})" if row.get("toelichting") else "")
        if table in RECORD_TABLES:  # a dossier or partner interview: its title, then its fields
            return self._record_label(table, row)
        if table == "sessions":
            return f"dag {row.get('day')} {row.get('start')} {row.get('title') or row.get('conversation')}"
        if table == "members":
            return f"{row.get('name')} ({row.get('role')})"
        if table == "own_questions":  # where it was asked is what two copies differ in
            asked = row.get("asked_session_id")
            where = "nog niet gesteld"
            if asked:
                try:
                    where = "gesteld in " + session_label(self.store.get("sessions", asked, include_deleted=True))
                except NotFoundError:
                    where = "gesteld"
            return f"{row.get('text') or ''} ({where})"
        if table == "self_evaluations":
            theme = fw.theme(row["theme"])["name"] if fw.has_theme(row.get("theme") or "") else row.get("theme")
            return f"{theme}: {row.get('text') or ''}"
        if table == "question_ticks":
            question = next((q["text"] for t in fw.themes for q in t["questions"]
                             if q["id"] == row.get("question")), row.get("question"))
            return f"{question} ({'besproken' if row.get('ticked') else 'niet besproken'})"
        for key in ("text", "title", "dienst", "name", "section"):
            if row.get(key):
                return str(row[key])
        return row["id"]

    def _record_label(self, table: str, row: dict) -> str:
        fw, fields = self.framework, row.get("fields") or {}
        known = {t["id"] for t in fw.data["templates"]}
        if row.get("template") not in known:
            return f"{self._what(table)}: {row['id']}"
        template = fw.template(row["template"])
        title = fw.title_field(template["id"])
        parts = []
        for spec in template["fields"]:
            value = fields.get(spec["id"])
            if spec["id"] == title or value in (None, "", []):
                continue
            if spec["type"] in ("choice", "multichoice"):
                names = {o["id"]: o["name"] for o in self.visit.records.option_list(spec)}
                value = ", ".join(names.get(v, v) for v in (value if isinstance(value, list) else [value]))
            parts.append(f"{spec['label']}: {value}")
        head = f"{self._what(table)}: {fields.get(title) or '(zonder titel)'}"
        return head + ("\n" + "\n".join(parts) if parts else "")

    @staticmethod
    def _who(row: dict, names: dict) -> str | None:
        if row.get("revision", 1) > 1 and names.get(row.get("updated_by")):
            return f"gewijzigd door {names[row['updated_by']]}"
        if names.get(row.get("author")):
            return f"{'vastgelegd' if row.get('revision', 1) == 1 else 'oorspronkelijk'} door " \
                   f"{names[row['author']]}"
        return None

    @staticmethod
    def _member(row: dict, names: dict) -> str | None:
        """Who wrote this version: the last to change it, else its author."""
        who = row.get("updated_by") if row.get("revision", 1) > 1 else None
        return names.get(who or row.get("author"))

    def _what(self, table: str) -> str:
        """What a record of ``table`` is called in a sentence: for records made from a
        template, the template's own name ("zaakdossier"), else the table's Dutch name."""
        if table in RECORD_TABLES:
            name = self.framework.record_names(table)["short"]
            return name if name[1:2].isupper() else name[:1].lower() + name[1:]
        return TABLES[table]

    def _entry(self, conflict_id, table, current, other, source, names, can_keep_both) -> dict:
        return {"id": conflict_id, "table": table, "what": self._what(table),
                "current": current, "other": other, "source": source,
                "current_label": self._label(table, current), "other_label": self._label(table, other),
                "current_by": self._who(current, names), "other_by": self._who(other, names),
                "current_deleted": current["deleted"], "other_deleted": other["deleted"],
                "current_member": self._member(current, names), "other_member": self._member(other, names),
                "can_keep_both": can_keep_both,
                "can_edit_text": table in TEXT_EDITABLE and not str(conflict_id).startswith("dubbel:"),
                "current_text": current.get("text") if table in TEXT_EDITABLE else None,
                "other_text": other.get("text") if table in TEXT_EDITABLE else None}

    def conflicts(self) -> list[dict]:
        """What the secretary still has to decide after merging: per record the current
        version and the other one, who wrote each and where the other came from."""
        names = self.visit.members.names()
        out = []
        for c in self.store.open_conflicts():
            table = c["table_name"]
            try:
                current = self.store.decode(table, self.store.raw(table, c["record_id"]))
            except NotFoundError:
                continue
            other = self.store.decode(table, json.loads(c["row_json"]))
            out.append(self._entry(c["id"], table, current, other, c["source"], names,
                                   table in KEEP_BOTH))
        for table, key in KEYED.items():
            groups: dict[str, list[dict]] = {}
            for row in self.store.rows(table):
                groups.setdefault(row[key], []).append(row)
            for rows in groups.values():
                rows.sort(key=lambda r: (r["updated"], r["id"]), reverse=True)
                for other in rows[1:]:
                    out.append(self._entry(f"dubbel:{table}:{other['id']}", table, rows[0], other,
                                           "zelfde onderdeel, in twee kopieën ingevuld", names, False))
        return out

    def resolve(self, conflict_id: str, keep: str, text: str | None = None) -> Changes:
        """keep: "current" (the version now in the file), "other", or "both" (the other
        becomes a record of its own). The decision is a new version of the record that
        includes both, so merging the same copy again does not bring the conflict back.

        ``text``: the secretary's own wording of the version that stays (for "both": of the
        current one), for an observation or finding; stored in the same transaction through
        that record's own update, so it is checked and versioned like any edit."""
        if keep not in ("current", "other", "both"):
            raise InputError(f"onbekende keuze {keep!r} (kies uit: current, other, both)")
        if text is not None and conflict_id.startswith("dubbel:"):
            raise InputError("bij dit conflict kan de tekst niet worden aangepast; kies een versie")
        with self.store.transaction():
            if conflict_id.startswith("dubbel:"):
                found = next((c for c in self.conflicts() if c["id"] == conflict_id), None)
                if found is None:
                    raise NotFoundError(f"conflict {conflict_id!r} niet gevonden (al opgelost?)")
                if keep == "both":
                    raise InputError(f"bij een {found['what']} kan maar één versie gelden")
                loser = found["current"] if keep == "other" else found["other"]
                self.store.delete(found["table"], loser["id"], author=self.author)
                return changed("team", KIND_OF_TABLE[found["table"]])
            c = self.store.conflict(conflict_id)
            if c is None:
                raise NotFoundError(f"conflict {conflict_id!r} niet gevonden (al opgelost?)")
            table = c["table_name"]
            if keep == "both" and table not in KEEP_BOTH:
                raise InputError(f"bij een {self._what(table)} kan maar één versie gelden")
            other = json.loads(c["row_json"])
            content = other if keep == "other" else self.store.raw(table, c["record_id"])
            from visitor_app.store.merge import record_merge_version
            record_merge_version(self.store, table, c["record_id"], content, [c["version"]],
                                         self.author)
            if keep == "both" and not other["deleted"]:
                self.store.insert_copy(table, other)
            self.store.mark_conflict_resolved(conflict_id, keep, self.author)
            if text is not None:
                self._edit_kept(table, c["record_id"], text)
        return changed("team", KIND_OF_TABLE[table])

    def _edit_kept(self, table: str, record_id: str, text: str) -> None:
        what = self._what(table)
        if table not in TEXT_EDITABLE:
            raise InputError(f"bij een {what} kan de tekst hier niet worden aangepast; kies een versie")
        if self.store.raw(table, record_id)["deleted"]:
            raise InputError(f"de versie die blijft, is verwijderd: er is geen tekst van de {what} "
                             "om aan te passen")
        part = self.visit.observations if table == "observations" else self.visit.findings
        part.update(record_id, text=text)
