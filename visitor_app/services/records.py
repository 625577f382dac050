"""Records built from the framework's templates: case-file discussions (zaakdossiers)
and partner interviews. Which template a record table holds is declared in forms/."""

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

    def add(self, table: str, fields: dict, session_id: str | None = None) -> Changes:
        template = self.template(table)["id"]
        values = self._fields(template, fields)
        if session_id:
            self.store.get("sessions", session_id)
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

    def list(self, table: str) -> list[dict]:
        if table not in TABLES:
            raise ValueError(f"unknown record table {table}")
        return self.store.rows(table)
