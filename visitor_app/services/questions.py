"""Guide questions ticked off as discussed ("besproken"), and the focus questions not yet asked.

A tick is a record (``question_ticks``: session, question id, ticked) and merges like any
other: members' copies each bring their own ticks, and a question counts as discussed in a
session when any member ticked it there. Unticking is a normal update (``ticked`` false)
of every tick that member sees for that question in that session.

The focus questions of a theme are those its focus sessions bring up: the theme's questions
for the conversation type of a session that has the theme among its themes (the ★ of the
guide). A question is still open when no session in the programme (removed sessions do
not count) has it ticked.
"""

from __future__ import annotations

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part

TABLE = "question_ticks"


class Questions(Part):
    def _question(self, question_id: str) -> tuple[dict, dict]:
        """(theme, question) of a question id of the framework."""
        for theme in self.framework.themes:
            for q in theme["questions"]:
                if q["id"] == question_id:
                    return theme, q
        raise InputError(f"onbekende gespreksvraag {question_id!r} (niet in het visitatiekader)")

    def _check(self, session_id: str, question_id: str) -> dict:
        """The session, after checking that its guide has the question."""
        session = self.store.get("sessions", session_id)
        _theme, q = self._question(question_id)
        if session["conversation"] not in q["conversations"]:
            raise InputError(f"gespreksvraag {question_id!r} hoort niet bij het gesprek "
                             f"'{session['title']}' (dag {session['day']} {session['start']})")
        return session

    def _ticks(self, session_id: str, question_id: str) -> list[dict]:
        return self.store.rows(TABLE, {"session_id": session_id, "question": question_id},
                               order_by="updated DESC, id DESC")

    def tick(self, session_id: str, question_id: str) -> Changes:
        """Mark a question of the session's guide as discussed (again: changes nothing)."""
        self._check(session_id, question_id)
        with self.store.transaction():
            ticks = self._ticks(session_id, question_id)
            if any(t["ticked"] for t in ticks):
                return changed("questions")
            if ticks:  # unticked before: tick the same record again
                self.store.update(TABLE, ticks[0]["id"], {"ticked": True}, author=self.author)
            else:
                self.store.insert(TABLE, {"session_id": session_id, "question": question_id,
                                          "ticked": True}, author=self.author)
        return changed("questions")

    def untick(self, session_id: str, question_id: str) -> Changes:
        """The question is not discussed in this session after all (not ticked: nothing)."""
        self._check(session_id, question_id)
        with self.store.transaction():
            for t in self._ticks(session_id, question_id):
                if t["ticked"]:
                    self.store.update(TABLE, t["id"], {"ticked": False}, author=self.author)
        return changed("questions")

    def set_ticked(self, session_id: str, question_id: str, ticked: bool) -> Changes:
        return (self.tick if ticked else self.untick)(session_id, question_id)

    def ticked(self, session_id: str) -> set[str]:
        """The question ids ticked in one session."""
        return {t["question"] for t in self.store.rows(TABLE, {"session_id": session_id}) if t["ticked"]}

    def list(self) -> dict[str, set[str]]:
        """Session id -> the question ids ticked there, for the sessions of the programme
        (ticks in a removed session are left out)."""
        sessions = {s["id"] for s in self.store.rows("sessions")}
        out: dict[str, set[str]] = {}
        for t in self.store.rows(TABLE):
            if t["ticked"] and t["session_id"] in sessions:
                out.setdefault(t["session_id"], set()).add(t["question"])
        return out

    def not_asked(self) -> list[dict]:
        """Per theme (framework order) its focus questions that no session has ticked:
        [{"theme": id, "name": name, "focus": n focus questions, "open": [question, ...]}],
        a question as {"id", "text", "sessions": [the focus sessions that bring it up]}."""
        sessions = self.store.rows("sessions", order_by="day, start, created")
        asked = set().union(*self.list().values())
        out = []
        for theme in self.framework.themes:
            focus = [s for s in sessions if theme["id"] in (s["themes"] or [])]
            questions = []
            for q in theme["questions"]:
                where = [s for s in focus if s["conversation"] in q["conversations"]]
                if where:
                    questions.append((q, where))
            out.append({"theme": theme["id"], "name": theme["name"], "focus": len(questions),
                        "open": [{"id": q["id"], "text": q["text"],
                                  "sessions": [{"id": s["id"], "day": s["day"], "start": s["start"],
                                                "title": s["title"]} for s in where]}
                                 for q, where in questions if q["id"] not in asked]})
        return out
