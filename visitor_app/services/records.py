"""Records built from the framework's templates: case-file discussions (zaakdossiers)
and partner interviews. Which template a record table holds is declared in forms/, and so
is which sessions get one: a template's ``conversation`` names the conversation type whose
sessions in the programme get a record of it (``session_id`` links the record to one)."""

from __future__ import annotations

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, optional_text

TABLES = ("case_files", "partner_interviews")


class Records(Part):
    TABLES = TABLES

    def template(self, table: str) -> dict:
        """The template whose records live in ``table``."""
        if table not in TABLES:
            raise ValueError(f"unknown record table {table}")
        return self.framework.template_for_record(table)

    def _fields(self, template_id: str, fields: dict) -> dict:
        tpl = self.framework.template(template_id)
        known = {f["id"]: f for f in tpl["fields"]}
        unknown = set(fields) - set(known)
        if unknown:
            raise InputError(f"{tpl['name']}: onbekend veld {sorted(unknown)[0]!r}")
        out = {}
        for fid, spec in known.items():
            value = fields.get(fid)
            if spec["type"] in ("text", "longtext"):
                if not (isinstance(value, str) or value is None):
                    raise InputError(f"{tpl['name']}: veld {spec['label']!r} moet tekst zijn")
                value = optional_text(value, spec["label"]) or ""
                if spec.get("required") and not value:
                    raise InputError(f"{tpl['name']}: veld {spec['label']!r} is verplicht")
            else:
                options = [o["id"] for o in self.option_list(spec)]
                values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
                bad = [v for v in values if v not in options]
                if bad:
                    raise InputError(f"{tpl['name']}: {bad[0]!r} is geen keuze bij {spec['label']!r}")
                if spec["type"] == "choice" and len(values) > 1:
                    raise InputError(f"{tpl['name']}: bij {spec['label']!r} past één keuze")
                if spec.get("required") and not values:
                    raise InputError(f"{tpl['name']}: veld {spec['label']!r} is verplicht")
                value = values if spec["type"] == "multichoice" else (values[0] if values else None)
            out[fid] = value
        return out

    def option_list(self, spec: dict) -> list[dict]:
        """The choices of a choice field: its own, or a list of the framework's."""
        if "options" in spec:
            return spec["options"]
        return self.framework.data[spec["options_from"]]

    def _check_session(self, session_id: str | None) -> None:
        if session_id and session_id not in {s["id"] for s in self.visit.programme.sessions()}:
            raise InputError(f"gesprek {session_id!r} staat niet (meer) in het programma; "
                             "kies een gesprek uit het programma of geen")

    def add(self, table: str, fields: dict, session_id: str | None = None) -> Changes:
        template = self.template(table)["id"]
        values = self._fields(template, fields)
        self._check_session(session_id)
        record_id = self.store.insert(table, {"template": template, "session_id": session_id,
                                              "fields": values}, author=self.author)
        return changed("records", id=record_id)

    def update(self, table: str, record_id: str, fields: dict) -> Changes:
        if table not in TABLES:
            raise ValueError(f"unknown record table {table}")
        cur = self.store.get(table, record_id)
        values = self._fields(cur["template"], {**cur["fields"], **fields})
        return changed("records", row=self.store.update(table, record_id, {"fields": values},
                                                        author=self.author))

    def set_session(self, table: str, record_id: str, session_id: str | None) -> Changes:
        """Link a record to a session of the programme (None: to none)."""
        if table not in TABLES:
            raise ValueError(f"unknown record table {table}")
        cur = self.store.get(table, record_id)
        session_id = session_id or None
        self._check_session(session_id)
        if cur.get("session_id") == session_id:
            return changed()
        return changed("records", row=self.store.update(table, record_id, {"session_id": session_id},
                                                        author=self.author))

    def list(self, table: str) -> list[dict]:
        if table not in TABLES:
            raise ValueError(f"unknown record table {table}")
        return self.store.rows(table)

    def sessions_for(self, table: str, sessions: list[dict] | None = None) -> list[dict]:
        """The sessions of the programme that get a record of ``table`` (their conversation
        type is its template's ``conversation``), in programme order."""
        if sessions is None:
            sessions = self.visit.programme.sessions()
        return [s for s in sessions if self.framework.record_table_for(s["conversation"]) == table]

    def by_session(self, table: str) -> tuple[list[tuple[dict, list[dict]]], list[dict]]:
        """([(session, its records)] for every session that gets a record of ``table``, in
        programme order, records or not), and the records linked to no such session."""
        sessions = self.visit.programme.sessions()
        records = self.list(table)
        wanted = self.sessions_for(table, sessions)
        listed = [(s, [r for r in records if r.get("session_id") == s["id"]]) for s in wanted]
        placed = {r["id"] for _, rs in listed for r in rs}
        return listed, [r for r in records if r["id"] not in placed]

    def unfilled(self, table: str) -> list[dict]:
        """Sessions that get a record of ``table`` and have none yet ("nog niet ingevuld")."""
        return [s for s, records in self.by_session(table)[0] if not records]

    def title(self, record: dict) -> str:
        """What names a record: its title field, then its other required choices in brackets
        ("Politie (Tactisch)"); "" when the title field is empty."""
        template = self.framework.template(record["template"])
        fields = record.get("fields") or {}
        title_id = self.framework.title_field(template["id"])
        specs = {f["id"]: f for f in template["fields"]}
        main = self.value_text(specs[title_id], fields.get(title_id)).strip() if title_id else ""
        extra = [self.value_text(f, fields.get(f["id"])) for f in template["fields"]
                 if f.get("required") and f["type"] == "choice" and f["id"] != title_id]
        extra = [e for e in extra if e]
        if not main:
            return ""
        return f"{main} ({', '.join(extra)})" if extra else main

    def value_text(self, spec: dict, value) -> str:
        """A field's value as the reader sees it: choices by their names."""
        if value in (None, "", []):
            return ""
        if spec["type"] not in ("choice", "multichoice"):
            return str(value)
        names = {o["id"]: o["name"] for o in self.option_list(spec)}
        if isinstance(value, list):
            return ", ".join(names.get(v, v) for v in value)
        return str(names.get(value, value))
