"""The commission: its members and their roles."""

from __future__ import annotations

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, clean_text, normal_name

ROLES = ("voorzitter", "lid", "secretaris")


def check_role(role: str) -> str:
    role = str(role).strip().casefold()
    if role not in ROLES:
        raise InputError(f"onbekende rol {role!r} (kies uit: {', '.join(ROLES)})")
    return role


class Members(Part):
    def list(self) -> list[dict]:
        return self.store.rows("members")

    def add(self, name: str, role: str) -> Changes:
        name = clean_text(name, "naam commissielid")
        role = check_role(role)
        if self.find(name):
            raise InputError(f"commissielid {name!r} bestaat al")
        return changed("members", id=self.store.insert("members", {"name": name, "role": role},
                                                       author=self.author))

    def find(self, name: str) -> dict | None:
        wanted = normal_name(name)
        return next((m for m in self.list() if normal_name(m["name"]) == wanted), None)

    def id_of(self, name: str) -> str:
        member = self.find(name)
        if not member:
            known = ", ".join(m["name"] for m in self.list()) or "nog geen commissieleden"
            raise InputError(f"onbekend commissielid {name!r} (bekend: {known})")
        return member["id"]

    def names(self) -> dict[str, str]:
        """Member id -> name."""
        return {m["id"]: m["name"] for m in self.list()}

    def people_names(self) -> list[str]:
        """Every person's name the file holds: members and named participants, removed
        ones included (what de-identification must find)."""
        names = [m["name"] for m in self.store.rows("members", include_deleted=True)]
        for s in self.store.rows("sessions", include_deleted=True):
            names += [p["name"] for p in s.get("participants") or [] if p.get("name")]
        return names
