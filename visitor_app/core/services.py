"""Use-case services for one visitation. The CLI and the window both call these.

Every method that changes something is durable when it returns (the store
commits each call). Input is validated against the framework embedded in the
file; bad input raises InputError (Dutch) and changes nothing.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

from visitor_app.errors import InputError, NotFoundError, VisitorError
from visitor_app.core.framework import Framework, load_framework
from visitor_app.core.paths import check_output_path
from visitor_app.store.schema import COLUMNS as TABLE_COLUMNS, SCHEMA_VERSION, TABLES as TABLE_NAMES
from visitor_app.store.lock import FileLock
from visitor_app.store.visitation_file import VisitationStore, inspect_file, recover_interrupted_write

ROLES = ("voorzitter", "lid", "secretaris")
STATUSES = ("voorbereiding", "bezoek", "rapportage", "afgerond")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WORD_RE = re.compile(r"\w+", re.UNICODE)


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def parse_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{what}: ongeldige datum {value!r} (gebruik JJJJ-MM-DD)")


def parse_time(value: str, what: str) -> str:
    value = str(value).strip()
    if re.match(r"^\d:[0-5]\d$", value):
        value = "0" + value
    if not TIME_RE.match(value):
        raise InputError(f"{what}: ongeldige tijd {value!r} (gebruik UU:MM)")
    return value


def fts_query(text: str) -> str | None:
    """User words -> an FTS5 query: every word must match, as a prefix."""
    words = WORD_RE.findall(text or "")
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def _clean_text(text: Any, what: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{what}: tekst mag niet leeg zijn")
    return text.strip()


class Visitation:
    """One open visitation file together with the framework embedded in it."""

    def __init__(self, store: VisitationStore, framework: Framework, member_id: str | None = None):
        self.store = store
        self.framework = framework
        self.current_member = member_id
        self._lock: FileLock | None = None

    # -- lifecycle ----------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, dienst: str, start: str, end: str,
               members: Iterable[tuple[str, str]] = (), framework: Framework | None = None,
               with_programme: bool = True, fill=None) -> "Visitation":
        """Create a visitation file; all or nothing (``fill(visit)`` adds more content)."""
        dienst = _clean_text(dienst, "dienst")
        d_start, d_end = parse_date(start, "begindatum"), parse_date(end, "einddatum")
        if d_end < d_start:
            raise InputError(f"einddatum {end} ligt voor begindatum {start}")
        if (d_end - d_start).days > 13:
            raise InputError("een visitatie duurt hoogstens twee weken; controleer de data")
        members = [(_clean_text(n, "naam commissielid"), cls._check_role(r)) for n, r in members]
        framework = framework or load_framework()
        extra = fill
        row = {
            "dienst": dienst, "start": d_start.isoformat(), "end": d_end.isoformat(),
            "status": STATUSES[0], "framework_id": framework.id,
            "framework_version": framework.version,
            "framework_json": json.dumps(framework.data, ensure_ascii=False),
        }
        def fill_new(new_store):
            visit = cls(new_store, framework)
            for name, role in members:
                visit.add_member(name, role)
            if with_programme:
                visit.add_default_programme()
            if extra:
                extra(visit)

        store = VisitationStore.create(path, row, fill=fill_new)
        return cls(store, framework)

    @classmethod
    def open(cls, path: Path | str, exclusive: bool = False, verify_later: bool = False) -> "Visitation":
        """Open a file. ``exclusive`` (the window) refuses a file another window has open.

        ``verify_later`` skips the full integrity read at opening (fast start of the window);
        the store then runs it before the first write, and ``verify()`` runs it on demand.
        """
        lock = None
        recover_interrupted_write(Path(path))
        info = inspect_file(Path(path), deep=not verify_later)  # damage reported before locking
        if exclusive and not os.access(path, os.W_OK):
            raise InputError(f"{path}: dit bestand is alleen-lezen; kopieer het naar een map waar je "
                             "mag schrijven om er verder in te werken. Er is niets veranderd.")
        if exclusive:
            lock = FileLock(Path(path))
            lock.acquire()
        try:
            store = VisitationStore.open(path, inspected=info)
        except BaseException:
            if lock:
                lock.release()
            raise
        try:
            row = store.visitation()
            framework = Framework(json.loads(row["framework_json"]))  # freshly parsed: ours alone
        except BaseException as exc:
            store.close()
            if lock:
                lock.release()
            if isinstance(exc, (ValueError, KeyError, TypeError)):
                raise InputError(f"{path}: het ingebedde visitatiekader is onleesbaar ({exc})")
            raise
        visit = cls(store, framework)
        visit._lock = lock
        owner = store.meta("owner_member_id")  # a member's hand-out copy knows whose it is
        if owner and any(m["id"] == owner for m in store.rows("members")):
            visit.current_member = owner
        return visit

    def close(self) -> None:
        self.store.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    def transaction(self):
        return self.store.transaction()

    # -- the visitation ---------------------------------------------------------------------
    def details(self) -> dict:
        row = self.store.visitation()
        return {k: row[k] for k in ("id", "dienst", "start", "end", "status", "notes")}

    def visit_days(self) -> int:
        row = self.store.visitation()
        return (date.fromisoformat(row["end"]) - date.fromisoformat(row["start"])).days + 1

    def day_date(self, day: int) -> str:
        start = date.fromisoformat(self.store.visitation()["start"])
        return (start + timedelta(days=day - 1)).isoformat()

    def update_details(self, **changes) -> dict:
        row = self.store.visitation()
        values = {}
        if "dienst" in changes:
            values["dienst"] = _clean_text(changes["dienst"], "dienst")
        start = parse_date(changes.get("start", row["start"]), "begindatum")
        end = parse_date(changes.get("end", row["end"]), "einddatum")
        if end < start:
            raise InputError(f"einddatum {end} ligt voor begindatum {start}")
        values.update(start=start.isoformat(), end=end.isoformat())
        if "status" in changes:
            if changes["status"] not in STATUSES:
                raise InputError(f"onbekende status {changes['status']!r} (kies uit: {', '.join(STATUSES)})")
            values["status"] = changes["status"]
        if "notes" in changes:
            values["notes"] = changes["notes"]
        self.store.update("visitation", row["id"], values, author=self.current_member)
        return self.details()

    # -- members --------------------------------------------------------------------------
    @staticmethod
    def _check_role(role: str) -> str:
        role = str(role).strip().casefold()
        if role not in ROLES:
            raise InputError(f"onbekende rol {role!r} (kies uit: {', '.join(ROLES)})")
        return role

    def members(self) -> list[dict]:
        return self.store.rows("members")

    def add_member(self, name: str, role: str) -> str:
        name = _clean_text(name, "naam commissielid")
        role = self._check_role(role)
        if self.find_member(name):
            raise InputError(f"commissielid {name!r} bestaat al")
        return self.store.insert("members", {"name": name, "role": role}, author=self.current_member)

    def find_member(self, name: str) -> dict | None:
        wanted = " ".join(name.casefold().split())
        for m in self.members():
            if " ".join(m["name"].casefold().split()) == wanted:
                return m
        return None

    def member_id(self, name: str) -> str:
        member = self.find_member(name)
        if not member:
            known = ", ".join(m["name"] for m in self.members()) or "nog geen commissieleden"
            raise InputError(f"onbekend commissielid {name!r} (bekend: {known})")
        return member["id"]

    def set_current_member(self, member_id: str | None) -> None:
        if member_id is not None:
            self.store.get("members", member_id)
        self.current_member = member_id

    # -- programme --------------------------------------------------------------------------
    def add_default_programme(self) -> list[str]:
        ids = []
        days = self.visit_days()
        for day in self.framework.programme["days"]:
            if day["day"] > days:
                continue
            for s in day["sessions"]:
                ids.append(self.add_session(
                    day=day["day"], start=s["start"], end=s["end"], conversation=s["conversation"],
                    title=s["title"], participants=[{"function": f} for f in s.get("participants", [])],
                    themes=s.get("themes"), optional=s.get("optional", False)))
        return ids

    def _session_values(self, day, start, end, conversation, title, participants, themes,
                        optional) -> dict:
        if not isinstance(day, int) or not 1 <= day <= self.visit_days():
            raise InputError(f"dag {day!r} valt buiten het bezoek (1 t/m {self.visit_days()})")
        start, end = parse_time(start, "begintijd"), parse_time(end, "eindtijd")
        if end <= start:
            raise InputError(f"eindtijd {end} ligt niet na begintijd {start}")
        if conversation not in {c["id"] for c in self.framework.conversation_types}:
            conversation = self.framework.resolve_conversation(conversation)
        people = []
        for p in participants or []:
            if isinstance(p, str):
                p = {"function": p}
            function = _clean_text(p.get("function", ""), "functie deelnemer")
            entry = {"function": function}
            if p.get("name"):
                entry["name"] = str(p["name"]).strip()
            people.append(entry)
        if themes is None:
            themes = self.framework.default_themes_for(conversation)
        for th in themes:
            if not self.framework.has_theme(th):
                raise InputError(f"onbekend thema {th!r}")
        title = (title or "").strip() or self.framework.conversation(conversation)["name"]
        return {"day": day, "start": start, "end": end, "conversation": conversation,
                "title": title, "participants": people, "themes": list(themes),
                "optional": bool(optional)}

    def add_session(self, day: int, start: str, end: str, conversation: str, title: str | None = None,
                    participants: list | None = None, themes: list[str] | None = None,
                    optional: bool = False) -> str:
        values = self._session_values(day, start, end, conversation, title, participants, themes,
                                      optional)
        return self.store.insert("sessions", values, author=self.current_member)

    def update_session(self, session_id: str, **changes) -> dict:
        cur = self.store.get("sessions", session_id)
        merged = {k: changes.get(k, cur[k]) for k in
                  ("day", "start", "end", "conversation", "title", "participants", "themes", "optional")}
        values = self._session_values(**merged)
        if "notes" in changes:
            values["notes"] = changes["notes"]
        return self.store.update("sessions", session_id, values, author=self.current_member)

    def remove_session(self, session_id: str) -> None:
        self.store.delete("sessions", session_id, author=self.current_member)

    def sessions(self) -> list[dict]:
        out = self.store.rows("sessions", order_by="day, start, created")
        for s in out:
            s["date"] = self.day_date(s["day"])
        return out

    def session(self, session_id: str) -> dict:
        s = self.store.get("sessions", session_id)
        s["date"] = self.day_date(s["day"])
        return s

    def resolve_session(self, token: str) -> str:
        """A session by id, by "DAG UU:MM" (e.g. "1 09:00"), or by conversation type / title."""
        token = str(token).strip()
        sessions = self.sessions()
        for s in sessions:
            if s["id"] == token:
                return s["id"]
        m = re.match(r"^(?:dag\s*)?(\d)\s+(\d{1,2}:\d{2})$", token, re.IGNORECASE)
        if m:
            day, start = int(m.group(1)), parse_time(m.group(2), "begintijd")
            hits = [s for s in sessions if s["day"] == day and s["start"] == start]
        else:
            wanted = " ".join(token.casefold().replace("_", " ").split())
            hits = [s for s in sessions if " ".join(s["title"].casefold().split()) == wanted]
            if not hits:
                try:
                    conv = self.framework.resolve_conversation(token)
                except InputError:
                    conv = None
                hits = [s for s in sessions if s["conversation"] == conv]
        if len(hits) == 1:
            return hits[0]["id"]
        if not hits:
            raise InputError(f"onbekend gesprek {token!r} (gebruik bijvoorbeeld \"1 09:00\" voor dag 1 om 09:00)")
        options = "; ".join(f"dag {s['day']} {s['start']}" for s in hits)
        raise InputError(f"gesprek {token!r} is niet eenduidig ({options}); gebruik \"DAG UU:MM\"")

    # -- observations ---------------------------------------------------------------------------
    def _check_theme(self, theme: str, subtheme: str | None) -> None:
        if not self.framework.has_theme(theme):
            raise InputError(f"onbekend thema {theme!r}")
        if subtheme and subtheme not in {s["id"] for s in self.framework.subthemes(theme)}:
            raise InputError(f"subthema {subtheme!r} hoort niet bij thema {theme!r}")

    def _check_kind(self, kind: str, finding: bool = False) -> None:
        kinds = self.framework.finding_kinds if finding else self.framework.observation_kinds
        if kind not in {k["id"] for k in kinds}:
            raise InputError(f"onbekende soort {kind!r} (kies uit: {', '.join(k['id'] for k in kinds)})")

    def _observation_values(self, theme, kind, text, subtheme=None, session_id=None,
                            evidence=None, pinned=False, case_file_id=None,
                            partner_interview_id=None) -> dict:
        self._check_theme(theme, subtheme)
        self._check_kind(kind)
        for table, ref in (("sessions", session_id), ("case_files", case_file_id),
                           ("partner_interviews", partner_interview_id)):
            if ref:  # must exist; a removed (tombstoned) session keeps its observations valid
                self.store.get(table, ref, include_deleted=True)
        return {"theme": theme, "subtheme": subtheme or None, "kind": kind,
                "text": _clean_text(text, "waarneming"), "session_id": session_id or None,
                "evidence": (evidence or "").strip() or None, "pinned": bool(pinned),
                "case_file_id": case_file_id or None,
                "partner_interview_id": partner_interview_id or None}

    def add_observation(self, theme: str, kind: str, text: str, subtheme: str | None = None,
                        session_id: str | None = None, evidence: str | None = None,
                        pinned: bool = False, case_file_id: str | None = None,
                        partner_interview_id: str | None = None, author: str | None = None) -> str:
        values = self._observation_values(theme, kind, text, subtheme, session_id, evidence,
                                          pinned, case_file_id, partner_interview_id)
        return self.store.insert("observations", values, author=author or self.current_member)

    def add_observations(self, rows: list[dict]) -> list[str]:
        """Many observations in one transaction: all or nothing."""
        prepared = []
        for row in rows:
            author = row.get("author") or self.current_member
            values = self._observation_values(**{k: v for k, v in row.items() if k != "author"})
            values["author"] = author
            prepared.append(values)
        return self.store.insert_many("observations", prepared)

    def update_observation(self, obs_id: str, **changes) -> dict:
        keys = ("theme", "kind", "text", "subtheme", "session_id", "evidence", "pinned",
                "case_file_id", "partner_interview_id")
        return self._update_tagged("observations", obs_id, changes, keys, self._observation_values,
                                   include_deleted=True)

    def _update_tagged(self, table: str, record_id: str, changes: dict, keys: tuple,
                       validate, include_deleted: bool = False) -> dict:
        """Apply changes to an observation or finding: validated as a whole, a new theme
        drops the old theme's subtheme, and only fields that really change are written."""
        cur = self.store.get(table, record_id, include_deleted=include_deleted)
        merged = {k: changes.get(k, cur[k]) for k in keys}
        if "theme" in changes and "subtheme" not in changes and changes["theme"] != cur["theme"]:
            merged["subtheme"] = None
        values = validate(**merged)
        changed = {k: v for k, v in values.items() if v != cur[k]}
        if not changed:
            return cur
        return self.store.update(table, record_id, changed, author=self.current_member)

    def _set_deleted(self, table: str, ids: Iterable[str], deleted: bool) -> None:
        """Tombstone (or bring back) several records in one transaction: all or nothing."""
        change = self.store.delete if deleted else self.store.restore
        with self.store.transaction():
            for record_id in ids:
                change(table, record_id, author=self.current_member)

    def delete_observations(self, ids: Iterable[str]) -> None:
        self._set_deleted("observations", ids, True)

    def restore_observations(self, ids: Iterable[str]) -> None:
        self._set_deleted("observations", ids, False)

    def delete_findings(self, ids: Iterable[str]) -> None:
        self._set_deleted("findings", ids, True)

    def restore_findings(self, ids: Iterable[str]) -> None:
        self._set_deleted("findings", ids, False)

    def delete_observation(self, obs_id: str) -> None:
        self.store.delete("observations", obs_id, author=self.current_member)

    def restore_observation(self, obs_id: str) -> None:
        self.store.restore("observations", obs_id, author=self.current_member)

    def observation(self, obs_id: str) -> dict:
        return self.store.get("observations", obs_id)

    def observations(self, **filters) -> list[dict]:
        allowed = {"theme", "subtheme", "kind", "session_id", "author", "pinned",
                   "case_file_id", "partner_interview_id"}
        unknown = set(filters) - allowed
        if unknown:
            raise ValueError(f"unknown filter {unknown}")
        where = {k: (int(v) if isinstance(v, bool) else v) for k, v in filters.items()}
        return self.store.rows("observations", where)

    def search(self, text: str, limit: int = 200) -> list[dict]:
        query = fts_query(text)
        if query is None:
            return []
        return self.store.search(query, limit)

    # -- case files and partner interviews ---------------------------------------------------------
    def _template_fields(self, template_id: str, fields: dict) -> dict:
        tpl = self.framework.template(template_id)
        known = {f["id"]: f for f in tpl["fields"]}
        unknown = set(fields) - set(known)
        if unknown:
            raise InputError(f"{tpl['name']}: onbekend veld {sorted(unknown)[0]!r}")
        out = {}
        for fid, spec in known.items():
            value = fields.get(fid)
            if spec["type"] in ("text", "longtext"):
                value = (value or "").strip() if isinstance(value, str) or value is None else None
                if value is None:
                    raise InputError(f"{tpl['name']}: veld {spec['label']!r} moet tekst zijn")
                if spec.get("required") and not value:
                    raise InputError(f"{tpl['name']}: veld {spec['label']!r} is verplicht")
            else:
                options = self._options(spec)
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

    def _options(self, spec: dict) -> list[str]:
        if "options" in spec:
            return [o["id"] for o in spec["options"]]
        return [o["id"] for o in self.framework.data[spec["options_from"]]]

    def option_list(self, spec: dict) -> list[dict]:
        if "options" in spec:
            return spec["options"]
        return self.framework.data[spec["options_from"]]

    def add_case_file(self, fields: dict, session_id: str | None = None) -> str:
        return self._add_template_record("case_files", fields, session_id)

    def add_partner_interview(self, fields: dict, session_id: str | None = None) -> str:
        return self._add_template_record("partner_interviews", fields, session_id)

    def _add_template_record(self, table, fields, session_id) -> str:
        template = self.framework.template_for_record(table)["id"]
        values = self._template_fields(template, fields)
        if session_id:
            self.store.get("sessions", session_id)
        return self.store.insert(table, {"template": template, "session_id": session_id,
                                         "fields": values}, author=self.current_member)

    def update_case_file(self, record_id: str, fields: dict) -> dict:
        return self._update_template_record("case_files", record_id, fields)

    def update_partner_interview(self, record_id: str, fields: dict) -> dict:
        return self._update_template_record("partner_interviews", record_id, fields)

    def _update_template_record(self, table, record_id, fields) -> dict:
        cur = self.store.get(table, record_id)
        values = self._template_fields(cur["template"], {**cur["fields"], **fields})
        return self.store.update(table, record_id, {"fields": values}, author=self.current_member)

    def case_files(self) -> list[dict]:
        return self.store.rows("case_files")

    def partner_interviews(self) -> list[dict]:
        return self.store.rows("partner_interviews")

    # -- assessments -------------------------------------------------------------------------------
    def set_assessment(self, item: str, value: str, toelichting: str | None = None) -> dict:
        item, value = self.framework.resolve_assessment(item, value)
        values = {"item": item, "value": value}
        if toelichting is not None:
            values["toelichting"] = toelichting.strip() or None
        with self.store.transaction():
            current = self._keyed("assessments", "item", item)
            if current:
                return self.store.update("assessments", current["id"], values,
                                         author=self.current_member)
            new_id = self.store.insert("assessments", values, author=self.current_member)
            return self.store.get("assessments", new_id)

    def assessments(self) -> dict[str, dict]:
        return {a["item"]: a for a in self.store.rows("assessments", order_by="updated, id")}

    def _keyed(self, table: str, column: str, value: str) -> dict | None:
        """The record that counts for a key (the newest, when merged copies made two)."""
        rows = self.store.rows(table, {column: value}, order_by="updated DESC, id DESC")
        return rows[0] if rows else None

    # -- findings ----------------------------------------------------------------------------------
    def _finding_values(self, theme, kind, text, subtheme=None) -> dict:
        self._check_theme(theme, subtheme)
        self._check_kind(kind, finding=True)
        return {"theme": theme, "kind": kind, "text": _clean_text(text, "bevinding"),
                "subtheme": subtheme or None}

    def add_finding(self, theme: str, kind: str, text: str, subtheme: str | None = None,
                    observation_ids: Iterable[str] = ()) -> str:
        values = self._finding_values(theme, kind, text, subtheme)
        with self.store.transaction():
            values["position"] = float(self.store.count("findings") + 1)
            fid = self.store.insert("findings", values, author=self.current_member)
            for oid in observation_ids:
                self.link_observation(fid, oid)
        return fid

    def add_findings(self, rows: list[dict]) -> list[str]:
        prepared = [self._finding_values(**row) for row in rows]
        with self.store.transaction():
            base = self.store.count("findings")
            for i, values in enumerate(prepared, start=1):
                values["position"] = float(base + i)
            return self.store.insert_many("findings", prepared, author=self.current_member)

    def link_observation(self, finding_id: str, observation_id: str) -> str:
        self.store.get("findings", finding_id)
        self.store.get("observations", observation_id)
        existing = self.store.find_one("finding_links", {"finding_id": finding_id,
                                                         "observation_id": observation_id})
        if existing:
            return existing["id"]
        return self.store.insert("finding_links", {"finding_id": finding_id,
                                                   "observation_id": observation_id},
                                 author=self.current_member)

    def findings(self) -> list[dict]:
        return self.store.rows("findings", order_by="position, created")

    def finding_observation_ids(self, finding_id: str) -> list[str]:
        return [l["observation_id"] for l in self.store.rows("finding_links", {"finding_id": finding_id})]

    # -- coverage -----------------------------------------------------------------------------------
    def coverage(self, now: datetime | None = None) -> dict:
        """Themes x conversations: observation counts, what is planned and still to come.

        A session counts as held when it has observations or its end time has passed.
        """
        now = now or datetime.now()
        counts = self.store.count_by("observations", ("theme", "session_id"))
        sessions = []
        for s in self.sessions():
            end = datetime.fromisoformat(f"{s['date']}T{s['end']}")
            n = sum(v for (th, sid), v in counts.items() if sid == s["id"])
            conv = self.framework.conversation(s["conversation"]) if any(
                c["id"] == s["conversation"] for c in self.framework.conversation_types) else {}
            sessions.append({
                "id": s["id"], "day": s["day"], "date": s["date"], "start": s["start"],
                "end": s["end"], "title": s["title"], "conversation": s["conversation"],
                "short": conv.get("short", s["conversation"]), "themes": s["themes"],
                "observations": n, "held": n > 0 or end < now})
        table = {t["id"]: {s["id"]: counts.get((t["id"], s["id"]), 0) for s in sessions}
                 for t in self.framework.themes}
        without = {t["id"]: counts.get((t["id"], None), 0) for t in self.framework.themes}
        totals = {t["id"]: sum(v for (th, _), v in counts.items() if th == t["id"])
                  for t in self.framework.themes}
        still_to_come = {t["id"]: [s["id"] for s in sessions if not s["held"] and t["id"] in s["themes"]]
                         for t in self.framework.themes}
        return {"themes": [{"id": t["id"], "name": t["name"]} for t in self.framework.themes],
                "sessions": sessions, "counts": table, "without_session": without,
                "totals": totals, "still_to_come": still_to_come}

    def member_names(self) -> dict[str, str]:
        return {m["id"]: m["name"] for m in self.members()}

    # -- drafts (text still being typed; restored after a crash) --------------------------------
    def save_draft(self, key: str, text: str) -> None:
        """Keep unsent text of an open field. Empty text removes the draft."""
        with self.store.transaction():
            current = self.store.find_one("drafts", {"key": key})
            if not text.strip():
                if current:
                    self.store.delete("drafts", current["id"])
                return
            if current:
                if current["text"] != text:
                    self.store.update("drafts", current["id"], {"text": text},
                                      author=self.current_member)
            else:
                self.store.insert("drafts", {"key": key, "text": text}, author=self.current_member)

    def capture(self, values: dict, draft_key: str | None = None, author: str | None = None) -> str:
        """Store an observation typed in a capture field and drop that field's draft, at once."""
        with self.store.transaction():
            obs_id = self.add_observation(**values, author=author)
            if draft_key:
                self.save_draft(draft_key, "")
        return obs_id

    def verify(self) -> None:
        """The integrity read deferred by ``open(verify_later=True)``; raises DamagedFileError."""
        self.store.verify()

    def warm_up(self) -> None:
        """Load the write path ahead of the first edit (call off the GUI thread)."""
        self.store.db  # noqa: B018 - imports sqlite-utils

    def draft(self, key: str) -> str:
        current = self.store.find_one("drafts", {"key": key})
        return current["text"] if current else ""

    def drafts(self) -> dict[str, str]:
        return {d["key"]: d["text"] for d in self.store.rows("drafts")}

    # -- composing the report ---------------------------------------------------------------------
    def update_finding(self, finding_id: str, **changes) -> dict:
        return self._update_tagged("findings", finding_id, changes,
                                   ("theme", "kind", "text", "subtheme"), self._finding_values)

    def delete_finding(self, finding_id: str) -> None:
        self.store.delete("findings", finding_id, author=self.current_member)

    def restore_finding(self, finding_id: str) -> None:
        self.store.restore("findings", finding_id, author=self.current_member)

    def move_finding(self, finding_id: str, step: int) -> None:
        """Move a finding up (-1) or down (+1) among the findings of its theme and kind."""
        finding = self.store.get("findings", finding_id)
        group = [f for f in self.findings()
                 if f["theme"] == finding["theme"] and f["kind"] == finding["kind"]]
        i = [f["id"] for f in group].index(finding_id)
        j = i + step
        if not 0 <= j < len(group):
            return
        other = group[j]
        with self.store.transaction():
            a, b = finding["position"], other["position"]
            if a == b:  # equal positions (merged copies): spread them first
                b = a + (0.5 if step > 0 else -0.5)
            self.store.update("findings", finding_id, {"position": b}, author=self.current_member)
            self.store.update("findings", other["id"], {"position": a}, author=self.current_member)

    def merge_findings(self, keep_id: str, other_id: str) -> dict:
        """Merge ``other`` into ``keep``: texts joined, links united, ``other`` removed."""
        keep = self.store.get("findings", keep_id)
        other = self.store.get("findings", other_id)
        if keep_id == other_id:
            raise InputError("een bevinding kan niet met zichzelf worden samengevoegd")
        with self.store.transaction():
            self.store.update("findings", keep_id, {"text": f"{keep['text']} {other['text']}"},
                              author=self.current_member)
            for oid in self.finding_observation_ids(other_id):
                self.link_observation(keep_id, oid)
            self.delete_finding(other_id)
        return self.store.get("findings", keep_id)

    def unlink_observation(self, finding_id: str, observation_id: str) -> None:
        link = self.store.find_one("finding_links", {"finding_id": finding_id,
                                                     "observation_id": observation_id})
        if link:
            self.store.delete("finding_links", link["id"], author=self.current_member)

    def set_report_section(self, section: str, text: str) -> None:
        known = {s["id"] for s in self.framework.report["sections"]}
        if section not in known:
            raise InputError(f"onbekend rapportonderdeel {section!r} (kies uit: {', '.join(sorted(known))})")
        with self.store.transaction():
            current = self._keyed("report_sections", "section", section)
            if current:
                if current["text"] != text:
                    self.store.update("report_sections", current["id"], {"text": text},
                                      author=self.current_member)
            else:
                self.store.insert("report_sections", {"section": section, "text": text},
                                  author=self.current_member)

    def report_sections(self) -> dict[str, str]:
        return {r["section"]: r["text"] or "" for r in self.store.rows("report_sections",
                                                                      order_by="updated, id")}

    def uncovered(self) -> dict:
        """What the report does not use yet: themes with observations but no findings, and
        observations that no finding rests on."""
        used = {link["observation_id"] for link in self.store.rows("finding_links")
                if link["finding_id"] in {f["id"] for f in self.findings()}}
        observations = self.observations()
        with_findings = {f["theme"] for f in self.findings()}
        themes = [t["id"] for t in self.framework.themes
                  if t["id"] not in with_findings and any(o["theme"] == t["id"] for o in observations)]
        return {"themes_without_findings": themes,
                "unused_observations": [o for o in observations if o["id"] not in used]}

    # -- overview ------------------------------------------------------------------------------
    def _counts(self, table: str, kinds: list[dict]) -> dict:
        counts = self.store.count_by(table, ("theme", "kind"))
        by_theme = {t["id"]: {k["id"]: counts.get((t["id"], k["id"]), 0) for k in kinds}
                    for t in self.framework.themes}
        return {"total": sum(counts.values()), "by_theme": by_theme}

    # -- the team: hand-out copies, merging them back, conflicts ---------------------------------
    # Tables where one record per key counts (an assessment per item, a text per report section):
    # copies that each made their own record for the same key show up as a conflict too.
    KEYED = {"assessments": "item", "report_sections": "section"}
    # Records where "keep both" makes sense (two observations can both stand).
    KEEP_BOTH = ("observations", "findings", "sessions", "case_files", "partner_interviews")

    def owner(self) -> str | None:
        """The member this copy was handed out to (None: not a hand-out copy)."""
        return self.store.meta("owner_member_id")

    def hand_out(self, member_name: str, out: Path | str) -> dict:
        """A copy of this visitation for one member, stamped with who they are. A name not
        yet in the commission is added to it (as lid) first, here, so merging knows them."""
        from visitor_app.store.merge import hand_out
        name = _clean_text(member_name, "naam commissielid")
        out = Path(out)
        check_output_path(out, None, "een kopie", overwrite=False)  # before the commission changes
        member = self.find_member(name)
        added = member is None
        if added:
            self.add_member(name, "lid")
            member = self.find_member(name)
        details = self.details()
        hand_out(self.store, out, {"owner_member_id": member["id"], "handed_out_from": self.path.name,
                                   "handed_out_at": _now(), "handed_out_by": self.current_member or ""})
        return {"out": str(out), "member": member["name"], "member_id": member["id"],
                "member_added": added, "dienst": details["dienst"]}

    def merge(self, paths: Iterable[Path | str]) -> dict:
        """Merge members' copies into this file (backup first, one transaction)."""
        from visitor_app.store.merge import merge_files
        result = merge_files(self.store, list(paths))
        names = self.member_names()
        for copy in result["copies"]:
            copy["member"] = names.get(copy["member_id"])
        result["open_conflicts"] = len(self.conflicts())  # stored ones and keyed doubles
        return result

    def merge_log(self) -> list[dict]:
        names = self.member_names()
        return [{**r, "member": names.get(r["copy_member"])}
                for r in reversed(self.store.raw_rows("merge_log"))]

    def _label(self, table: str, row: dict) -> str:
        fw = self.framework
        if table in ("observations", "findings"):
            theme = fw.theme(row["theme"])["name"] if fw.has_theme(row.get("theme") or "") else row.get("theme")
            return f"{theme}: {row.get('text') or ''}"
        if table == "assessments":
            items = {i["id"]: i["name"] for i in fw.assessment_items}
            return f"{items.get(row.get('item'), row.get('item'))}: {row.get('value')}" + (
                f" ({row['toelichting']})" if row.get("toelichting") else "")
        if table == "sessions":
            return f"dag {row.get('day')} {row.get('start')} {row.get('title') or row.get('conversation')}"
        if table == "members":
            return f"{row.get('name')} ({row.get('role')})"
        for key in ("text", "title", "dienst", "name", "section"):
            if row.get(key):
                return str(row[key])
        return row["id"]

    @staticmethod
    def _who(row: dict, names: dict) -> str | None:
        if row.get("revision", 1) > 1 and names.get(row.get("updated_by")):
            return f"gewijzigd door {names[row['updated_by']]}"
        if names.get(row.get("author")):
            return f"{'vastgelegd' if row.get('revision', 1) == 1 else 'oorspronkelijk'} door " \
                   f"{names[row['author']]}"
        return None

    def conflicts(self) -> list[dict]:
        """What the secretary still has to decide after merging: per record the current
        version and the other one, who wrote each and where the other came from."""
        names = self.member_names()
        out = []
        for c in self.store.raw_rows("merge_conflicts", "WHERE status = 'open'"):
            table = c["table_name"]
            try:
                current = self.store._decode(table, self.store._raw(table, c["record_id"]))
            except NotFoundError:
                continue
            other = self.store._decode(table, json.loads(c["row_json"]))
            out.append({"id": c["id"], "table": table, "what": TABLE_NAMES[table],
                        "current": current, "other": other, "source": c["source"],
                        "current_label": self._label(table, current), "other_label": self._label(table, other),
                        "current_by": self._who(current, names), "other_by": self._who(other, names),
                        "current_deleted": current["deleted"], "other_deleted": other["deleted"],
                        "can_keep_both": table in self.KEEP_BOTH})
        for table, key in self.KEYED.items():
            groups: dict[str, list[dict]] = {}
            for row in self.store.rows(table):
                groups.setdefault(row[key], []).append(row)
            for rows in groups.values():
                if len(rows) < 2:
                    continue
                rows.sort(key=lambda r: (r["updated"], r["id"]), reverse=True)
                for other in rows[1:]:
                    out.append({"id": f"dubbel:{table}:{other['id']}", "table": table,
                                "what": TABLE_NAMES[table], "current": rows[0], "other": other,
                                "source": "zelfde onderdeel, in twee kopieën ingevuld",
                                "current_label": self._label(table, rows[0]),
                                "other_label": self._label(table, other),
                                "current_by": self._who(rows[0], names),
                                "other_by": self._who(other, names),
                                "current_deleted": False, "other_deleted": False,
                                "can_keep_both": False})
        return out

    def resolve_conflict(self, conflict_id: str, keep: str) -> None:
        """keep: "current" (the version now in the file), "other", or "both" (the other
        becomes a record of its own). The decision is a new version of the record that
        includes both, so merging the same copy again does not bring the conflict back."""
        from visitor_app.store.merge import record_merge_version
        if keep not in ("current", "other", "both"):
            raise InputError(f"onbekende keuze {keep!r} (kies uit: current, other, both)")
        with self.store.transaction():
            if conflict_id.startswith("dubbel:"):
                _, table, other_id = conflict_id.split(":", 2)
                found = next((c for c in self.conflicts() if c["id"] == conflict_id), None)
                if found is None:
                    raise NotFoundError(f"conflict {conflict_id!r} niet gevonden (al opgelost?)")
                if keep == "both":
                    raise InputError(f"bij een {found['what']} kan maar één versie gelden")
                loser = found["current"] if keep == "other" else found["other"]
                self.store.delete(table, loser["id"], author=self.current_member)
                return
            rows = self.store.raw_rows("merge_conflicts", "WHERE id = ? AND status = 'open'", (conflict_id,))
            if not rows:
                raise NotFoundError(f"conflict {conflict_id!r} niet gevonden (al opgelost?)")
            c = rows[0]
            table = c["table_name"]
            if keep == "both" and table not in self.KEEP_BOTH:
                raise InputError(f"bij een {TABLE_NAMES[table]} kan maar één versie gelden")
            other = json.loads(c["row_json"])
            current = self.store._raw(table, c["record_id"])
            content = other if keep == "other" else current
            record_merge_version(self.store, table, c["record_id"], content, [c["version"]],
                                 self.current_member)
            if keep == "both" and not other["deleted"]:
                values = {k: other[k] for k in other if k in TABLE_COLUMNS[table]}
                self.store.insert_many(table, [{**values, "author": other["author"]}])
            self.store.conn.execute(
                "UPDATE merge_conflicts SET status = 'opgelost', resolution = ?, resolved = ?, "
                "resolved_by = ? WHERE id = ?", (keep, _now(), self.current_member, conflict_id))

    def dump(self) -> dict:
        """Everything in the file as plain data (export-json; see docs/dump.md)."""
        from visitor_app import __version__
        tables = {}
        for table in TABLE_NAMES:
            rows = []
            for raw in self.store.raw_rows(table):
                row = self.store._decode(table, raw)
                if table == "visitation":
                    row["framework"] = json.loads(row.pop("framework_json"))
                rows.append(row)
            tables[table] = rows
        return {
            "format": "visitatie-export",
            "format_version": 1,
            "schema_version": self.store.schema_version,
            "app_version": __version__,
            "exported": _now(),
            "file": self.path.name,
            "visitation_id": self.details()["id"],
            "tables": tables,
            "history": self.store.raw_rows("record_versions"),
            "conflicts": self.store.raw_rows("merge_conflicts"),
            "merge_log": self.store.raw_rows("merge_log"),
            "file_meta": {r["key"]: r["value"] for r in self.store.raw_rows("file_meta")},
        }

    def export_json(self, out: Path | str) -> dict:
        out = Path(out)
        if out.resolve() == self.path.resolve():
            raise InputError(f"{out}: dat is het visitatiebestand zelf; kies een andere naam")
        check_output_path(out, ".json", "een JSON-bestand")
        data = self.dump()
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                       encoding="utf-8")
        os.replace(tmp, out)
        return {"out": str(out), "records": sum(len(rows) for rows in data["tables"].values())}

    def info(self) -> dict:
        row = self.store.visitation()
        return {
            "file": str(self.path),
            "dienst": row["dienst"],
            "start": row["start"],
            "end": row["end"],
            "status": row["status"],
            "schema_version": self.store.schema_version,
            "framework": {"id": self.framework.id, "version": self.framework.version,
                          "name": self.framework.name, "status": self.framework.status},
            "themes": [{"id": t["id"], "name": t["name"]} for t in self.framework.themes],
            "members": [{"name": m["name"], "role": m["role"]} for m in self.members()],
            "sessions": self.store.count("sessions"),
            "observations": self._counts("observations", self.framework.observation_kinds),
            "findings": self._counts("findings", self.framework.finding_kinds),
            "case_files": self.store.count("case_files"),
            "partner_interviews": self.store.count("partner_interviews"),
            "assessments": {item: a["value"] for item, a in self.assessments().items()},
            "open_conflicts": len(self.conflicts()),
        }

    def check(self) -> list[str]:
        """Integrity and consistency problems; empty when the file is sound."""
        problems = self.store.integrity_problems()
        fw = self.framework
        theme_ids = {t["id"]: {s["id"] for s in t["subthemes"]} for t in fw.themes}
        obs_kinds = {k["id"] for k in fw.observation_kinds}
        finding_kinds = {k["id"] for k in fw.finding_kinds}
        ids = {table: {r["id"] for r in self.store.rows(table, include_deleted=True)}
               for table in ("sessions", "observations", "findings", "case_files",
                             "partner_interviews", "members")}

        def check_theme(what, row, kinds):
            if row["theme"] not in theme_ids:
                problems.append(f"{what} {row['id']}: onbekend thema {row['theme']!r}")
            elif row["subtheme"] and row["subtheme"] not in theme_ids[row["theme"]]:
                problems.append(f"{what} {row['id']}: subthema {row['subtheme']!r} past niet bij thema")
            if row["kind"] not in kinds:
                problems.append(f"{what} {row['id']}: onbekende soort {row['kind']!r}")

        for o in self.store.rows("observations"):
            check_theme("waarneming", o, obs_kinds)
            for col, table in (("session_id", "sessions"), ("case_file_id", "case_files"),
                               ("partner_interview_id", "partner_interviews")):
                if o[col] and o[col] not in ids[table]:
                    problems.append(f"waarneming {o['id']}: verwijst naar ontbrekend {col} {o[col]}")
            if o["author"] and o["author"] not in ids["members"]:
                problems.append(f"waarneming {o['id']}: onbekende auteur {o['author']}")
        for f in self.store.rows("findings"):
            check_theme("bevinding", f, finding_kinds)
        for link in self.store.rows("finding_links"):
            if link["finding_id"] not in ids["findings"] or link["observation_id"] not in ids["observations"]:
                problems.append(f"koppeling {link['id']}: verwijst naar ontbrekende bevinding of waarneming")
        for a in self.store.rows("assessments"):  # an item twice (merged copies) is a conflict
            try:
                fw.resolve_assessment(a["item"], a["value"])
            except InputError as exc:
                problems.append(f"oordeel {a['item']}: {exc.message}")
        conv_ids = {c["id"] for c in fw.conversation_types}
        for s in self.store.rows("sessions"):
            if s["conversation"] not in conv_ids:
                problems.append(f"programmaonderdeel {s['id']}: onbekend gesprekstype {s['conversation']!r}")
        return problems


def check_file(path: Path | str) -> list[str]:
    """Open read-only checks first (never writes to a damaged file), then the full check."""
    with Visitation.open(path) as visit:
        return visit.check()


__all__ = ["Visitation", "check_file", "fts_query", "ROLES", "STATUSES", "SCHEMA_VERSION",
           "NotFoundError"]
