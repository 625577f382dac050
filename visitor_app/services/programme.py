"""The programme of the visit: its days and sessions (conversations), and coverage."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, clean_text, normal_name, optional_text, parse_time

FIELDS = ("day", "start", "end", "conversation", "title", "participants", "themes", "optional")


def overlapping(sessions: list[dict], day: int, start: str, end: str,
                exclude: str | None = None) -> list[dict]:
    """The sessions on ``day`` whose time overlaps ``start``–``end`` ("HH:MM"), in order.

    One that ends when the other begins does not overlap it. ``exclude``: a session id to
    leave out (the session being edited)."""
    return [s for s in sessions
            if s["day"] == day and s.get("id") != exclude and s["start"] < end and start < s["end"]]


def overlaps(sessions: list[dict]) -> dict[str, list[dict]]:
    """Session id -> the other sessions it overlaps (only sessions that overlap one)."""
    out = {}
    for s in sessions:
        others = overlapping(sessions, s["day"], s["start"], s["end"], exclude=s["id"])
        if others:
            out[s["id"]] = others
    return out


class Programme(Part):
    # -- days ---------------------------------------------------------------------------
    def days(self) -> int:
        row = self.store.visitation()
        return (date.fromisoformat(row["end"]) - date.fromisoformat(row["start"])).days + 1

    def dates(self) -> list[str]:
        """The dates (ISO) of the days of the visit: day 1 first."""
        start = date.fromisoformat(self.store.visitation()["start"])
        return [(start + timedelta(days=i)).isoformat() for i in range(self.days())]

    def _dated(self, sessions: list[dict]) -> list[dict]:
        """The sessions, each with the date of its day of the visit."""
        if sessions:
            start = date.fromisoformat(self.store.visitation()["start"])
            for s in sessions:
                s["date"] = (start + timedelta(days=s["day"] - 1)).isoformat()
        return sessions

    # -- sessions -------------------------------------------------------------------------
    def add_defaults(self) -> Changes:
        """The framework's usual programme, for the days this visit has."""
        ids = []
        days = self.days()
        with self.store.transaction():
            for day in self.framework.programme["days"]:
                if day["day"] > days:
                    continue
                for s in day["sessions"]:
                    ids.append(self.add(
                        day=day["day"], start=s["start"], end=s["end"],
                        conversation=s["conversation"], title=s["title"],
                        participants=[{"function": f} for f in s.get("participants", [])],
                        themes=s.get("themes"), optional=s.get("optional", False)).id)
        return changed("programme", ids=tuple(ids))

    def _values(self, day, start, end, conversation, title, participants, themes, optional) -> dict:
        if not isinstance(day, int) or not 1 <= day <= self.days():
            raise InputError(f"dag {day!r} valt buiten het bezoek (1 t/m {self.days()})")
        start, end = parse_time(start, "begintijd"), parse_time(end, "eindtijd")
        if end <= start:
            raise InputError(f"eindtijd {end} ligt niet na begintijd {start}")
        if conversation not in {c["id"] for c in self.framework.conversation_types}:
            conversation = self.framework.resolve_conversation(conversation)
        people = []
        for p in participants or []:
            if isinstance(p, str):
                p = {"function": p}
            entry = {"function": clean_text(p.get("function", ""), "functie deelnemer")}
            name = optional_text(p.get("name"), "naam deelnemer")
            if name:
                entry["name"] = name
            people.append(entry)
        if themes is None:
            themes = self.framework.default_themes_for(conversation)
        for th in themes:
            if not self.framework.has_theme(th):
                raise InputError(f"onbekend thema {th!r}")
        title = optional_text(title, "gesprekstitel") or self.framework.conversation(conversation)["name"]
        return {"day": day, "start": start, "end": end, "conversation": conversation,
                "title": title, "participants": people, "themes": list(themes),
                "optional": bool(optional)}

    def add(self, day: int, start: str, end: str, conversation: str, title: str | None = None,
            participants: list | None = None, themes: list[str] | None = None,
            optional: bool = False) -> Changes:
        values = self._values(day, start, end, conversation, title, participants, themes, optional)
        return changed("programme", id=self.store.insert("sessions", values, author=self.author))

    def update(self, session_id: str, **changes) -> Changes:
        cur = self.store.get("sessions", session_id)
        values = self._values(**{k: changes.get(k, cur[k]) for k in FIELDS})
        if "notes" in changes:
            values["notes"] = optional_text(changes["notes"], "aantekeningen")
        return changed("programme", row=self.store.update("sessions", session_id, values,
                                                          author=self.author))

    def move(self, session_id: str, step: int) -> Changes:
        """To the day before (-1) or after (+1), at the same time; refuses the ends."""
        day = self.store.get("sessions", session_id)["day"] + step
        if not 1 <= day <= self.days():
            raise InputError("het bezoek heeft geen dag daarvoor of daarna")
        return self.update(session_id, day=day)

    def overlaps(self) -> dict[str, list[dict]]:
        """Session id -> the sessions on the same day whose time overlaps it."""
        return overlaps(self.sessions())

    def remove(self, session_id: str) -> Changes:
        self.store.delete("sessions", session_id, author=self.author)
        return changed("programme")

    def sessions(self) -> list[dict]:
        return self._dated(self.store.rows("sessions", order_by="day, start, created"))

    def get(self, session_id: str) -> dict:
        return self._dated([self.store.get("sessions", session_id)])[0]

    def resolve(self, token: str) -> str:
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
            wanted = normal_name(token.replace("_", " "))
            hits = [s for s in sessions if normal_name(s["title"]) == wanted]
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

    # -- the clock ---------------------------------------------------------------------------
    def now_on(self, now: datetime) -> dict:
        """What the programme says at ``now`` (local time, as the laptop's clock):
        ``current``, the sessions on now (more than one when they run side by side), with
        ``left`` the whole minutes (rounded up) until the first of them ends; ``next``, the
        first session still to start, with ``starts_in`` minutes (rounded up) until then.
        A session runs from its start up to, not including, its end."""
        current, following = [], None
        for s in self.sessions():
            start = datetime.fromisoformat(f"{s['date']}T{s['start']}")
            end = datetime.fromisoformat(f"{s['date']}T{s['end']}")
            if start <= now < end:
                current.append((end, s))
            elif start > now and (following is None or start < following[0]):
                following = (start, s)
        current.sort(key=lambda pair: pair[0])
        return {"current": [s for _end, s in current],
                "left": _minutes(current[0][0] - now) if current else None,
                "next": following[1] if following else None,
                "starts_in": _minutes(following[0] - now) if following else None}

    # -- coverage ----------------------------------------------------------------------------
    def coverage(self, now: datetime | None = None) -> dict:
        """Themes x conversations: observation counts, what is planned and still to come.

        A session counts as held when it has observations or its end time has passed.
        Observations of a removed session count as without a conversation ("Zonder gesprek"):
        the session no longer counts, its observations still do.
        """
        now = now or datetime.now()
        counts = self.store.count_by("observations", ("theme", "session_id"))
        per_session: dict = {}
        for (_th, sid), v in counts.items():
            per_session[sid] = per_session.get(sid, 0) + v
        known = {c["id"]: c for c in self.framework.conversation_types}
        sessions = []
        for s in self.sessions():
            end = datetime.fromisoformat(f"{s['date']}T{s['end']}")
            n = per_session.get(s["id"], 0)
            sessions.append({
                "id": s["id"], "day": s["day"], "date": s["date"], "start": s["start"],
                "end": s["end"], "title": s["title"], "conversation": s["conversation"],
                "short": known.get(s["conversation"], {}).get("short", s["conversation"]),
                "themes": s["themes"], "observations": n, "held": n > 0 or end < now})
        themes = self.framework.themes
        table = {t["id"]: {s["id"]: counts.get((t["id"], s["id"]), 0) for s in sessions} for t in themes}
        listed = {s["id"] for s in sessions}
        without = {t["id"]: sum(v for (th, sid), v in counts.items() if th == t["id"] and sid not in listed)
                   for t in themes}
        totals = {t["id"]: sum(v for (th, _), v in counts.items() if th == t["id"]) for t in themes}
        still_to_come = {t["id"]: [s["id"] for s in sessions if not s["held"] and t["id"] in s["themes"]]
                         for t in themes}
        return {"themes": [{"id": t["id"], "name": t["name"]} for t in themes],
                "sessions": sessions, "counts": table, "without_session": without,
                "totals": totals, "still_to_come": still_to_come}


def _minutes(span: timedelta) -> int:
    """Whole minutes, rounded up: 24 min 10 s is "nog 25 min"."""
    return -(-int(span.total_seconds()) // 60)
