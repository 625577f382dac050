"""Preparing the conversations: the questions members prepare themselves ("eigen vragen"),
and a short summary per theme of what the dienst says about itself in its zelfevaluatie.

An own question belongs to one member (or to the whole commission: no member) and to one
session of the programme or one theme of the framework. In the guide of a conversation
it stands above the framework's questions and is ticked off like them. A question of a
session that was not asked there carries over: it shows in every later session of the
programme (day, start) until it is ticked somewhere, except the commission's own meetings
(``own_meeting`` conversation types: commissieberaad), where no interviewee is to ask. A question of a theme shows in every
conversation whose guide has questions of that theme, or that has the theme among its
themes, until it is ticked. Ticking stores the session where it was asked
(``asked_session_id``) on the question itself, so a question ticked in two copies is a
merge conflict like any other record changed on both sides.

The zelfevaluatie summary is one text per theme (the newest record counts when merged
copies made two, as report texts do). Neither leaves the file for ODNL: the central
package carries neither.
"""

from __future__ import annotations

from typing import Iterable

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, clean_text, optional_text

QUESTIONS = "own_questions"
SUMMARIES = "self_evaluations"
MAX_QUESTION = 1000  # characters: a question, not a memo
MAX_SUMMARY = 2000  # characters: a short summary per theme, not the zelfevaluatie itself


class OwnQuestions(Part):
    """The questions members prepared, per session or per theme."""

    # -- checks ------------------------------------------------------------------------------
    def _target(self, session_id: str | None, theme: str | None) -> tuple[str | None, str | None]:
        if bool(session_id) == bool(theme):
            raise InputError("eigen vraag: kies een gesprek óf een thema (precies één van beide)")
        if session_id:
            self.store.get("sessions", session_id)  # refused with a message when unknown
            return session_id, None
        if not self.framework.has_theme(theme):
            raise InputError(f"eigen vraag: onbekend thema {theme!r} (kies uit: "
                             f"{', '.join(t['id'] for t in self.framework.themes)})")
        return None, theme

    def _text(self, text) -> str:
        text = clean_text(text, "eigen vraag")
        if len(text) > MAX_QUESTION:
            raise InputError(f"eigen vraag: te lang ({len(text)} tekens, hoogstens {MAX_QUESTION})")
        return text

    def _member(self, member_id: str | None) -> str | None:
        if member_id is not None:
            self.store.get("members", member_id)
        return member_id

    # -- changing ----------------------------------------------------------------------------
    def add(self, text: str, session_id: str | None = None, theme: str | None = None,
            member_id: str | None = ...) -> Changes:
        """A new question, last of its session or theme. ``member_id``: whose question
        (default: who is typing; None: the whole commission's)."""
        session_id, theme = self._target(session_id, theme)
        member = self._member(self.author if member_id is ... else member_id)
        values = {"text": self._text(text), "session_id": session_id, "theme": theme,
                  "member_id": member}
        with self.store.transaction():
            where = {"session_id": session_id} if session_id else {"theme": theme}
            last = max((q["position"] or 0 for q in self.store.rows(QUESTIONS, where)), default=0)
            values["position"] = last + 1
            new_id = self.store.insert(QUESTIONS, values, author=self.author)
        return changed("questions", id=new_id)

    def update(self, question_id: str, text: str | None = None, session_id: str | None = None,
               theme: str | None = None, member_id: str | None = ...) -> Changes:
        """Change the text, where it belongs (a session or a theme) or whose it is."""
        cur = self.store.get(QUESTIONS, question_id)
        values = {}
        if text is not None:
            values["text"] = self._text(text)
        if session_id or theme:
            values["session_id"], values["theme"] = self._target(session_id, theme)
        if member_id is not ...:
            values["member_id"] = self._member(member_id)
        values = {k: v for k, v in values.items() if v != cur[k]}
        if not values:
            return changed()
        return changed("questions", row=self.store.update(QUESTIONS, question_id, values,
                                                          author=self.author))

    def remove(self, ids: Iterable[str]) -> Changes:
        return changed("questions", ids=tuple(self.set_deleted(QUESTIONS, ids, True)))

    def restore(self, ids: Iterable[str]) -> Changes:
        return changed("questions", ids=tuple(self.set_deleted(QUESTIONS, ids, False)))

    def set_asked(self, question_id: str, session_id: str, asked: bool = True) -> Changes:
        """Tick the question off as asked in this session (or untick it there)."""
        cur = self.store.get(QUESTIONS, question_id)
        self.store.get("sessions", session_id)
        if asked:
            if cur["asked_session_id"] == session_id:
                return changed()
            new = session_id
        else:
            if cur["asked_session_id"] != session_id:
                return changed()  # not ticked here (or ticked in another session: left as it is)
            new = None
        self.store.update(QUESTIONS, question_id, {"asked_session_id": new}, author=self.author)
        return changed("questions")

    # -- reading -----------------------------------------------------------------------------
    def _order(self) -> tuple[list[dict], dict[str, int]]:
        """The sessions of the programme in order, and session id -> its place. Removed
        sessions keep their place in time, so that their questions still carry over."""
        every = self.store.rows("sessions", include_deleted=True, order_by="day, start, created")
        return [s for s in every if not s["deleted"]], {s["id"]: i for i, s in enumerate(every)}

    def _shown(self, q: dict, sessions: dict[str, dict], members: dict[str, str]) -> dict:
        origin = sessions.get(q["session_id"]) if q["session_id"] else None
        asked = sessions.get(q["asked_session_id"]) if q["asked_session_id"] else None
        return dict(q, member=members.get(q["member_id"]) if q["member_id"] else None,
                    session_label=session_label(origin) if origin else None,
                    session_when=f"dag {origin['day']} {origin['start']}" if origin else None,
                    session_removed=bool(origin and origin["deleted"]),
                    theme_name=(self.framework.theme(q["theme"])["name"]
                                if q["theme"] and self.framework.has_theme(q["theme"]) else q["theme"]),
                    asked_label=session_label(asked) if asked else None,
                    asked_when=f"dag {asked['day']} {asked['start']}" if asked else None)

    def list(self, member_id: str | None = ...) -> list[dict]:
        """Every question (of one member, and the commission's, when ``member_id`` is
        given), each with ``member`` (name), ``session_label`` ("dag 1 09:00 TITLE"),
        ``session_when`` ("dag 1 09:00"), ``theme_name``, ``asked_label`` and ``asked_when``
        (where it was asked, as those two; None when still open); by session, then theme."""
        every = self.store.rows("sessions", include_deleted=True)
        sessions = {s["id"]: s for s in every}
        members = {m["id"]: m["name"] for m in self.store.rows("members", include_deleted=True)}
        _live, place = self._order()
        themes = {t["id"]: i for i, t in enumerate(self.framework.themes)}
        rows = self.store.rows(QUESTIONS, order_by="position, created, id")
        if member_id is not ...:
            rows = [q for q in rows if q["member_id"] in (None, member_id)]
        rows.sort(key=lambda q: (0, place.get(q["session_id"], len(place)), 0) if q["session_id"]
                  else (1, themes.get(q["theme"], len(themes)), 0))
        return [self._shown(q, sessions, members) for q in rows]

    def for_session(self, session_id: str, member_id: str | None = ...) -> list[dict]:
        """The questions the guide of this session shows, in order: its own, those carried
        over from earlier sessions (``carried`` true), then those of its themes. Each is
        ``asked`` (ticked here) or open; questions asked in another session are left out. A
        session of the commission among itself (``own_meeting`` in forms/) shows only the
        questions prepared for it: nothing carries over into it.
        ``member_id``: only that member's (and the commission's); default every member's."""
        session = self.store.get("sessions", session_id)
        live, place = self._order()
        here = place[session_id]
        # the commission among itself (commissieberaad): only what was prepared for it
        own_meeting = self.framework.own_meeting(session["conversation"])
        themes = set(session["themes"] or [])
        themes |= {theme["id"] for theme, _qs in self.framework.questions_for(session["conversation"])}
        own, carried, of_themes = [], [], []
        for q in self.list(member_id):
            asked_here = q["asked_session_id"] == session_id
            if q["asked_session_id"] and not asked_here:
                continue
            if q["session_id"] == session_id:
                own.append(dict(q, asked=asked_here, carried=False))
            elif own_meeting and not asked_here:
                continue
            elif q["session_id"] and place.get(q["session_id"], here) < here:
                carried.append(dict(q, asked=asked_here, carried=True))
            elif q["theme"] and q["theme"] in themes:
                of_themes.append(dict(q, asked=asked_here, carried=False))
        return own + carried + of_themes

    def counts(self) -> dict:
        """{"total", "open", "asked"} over every member's questions (info --json)."""
        rows = self.store.rows(QUESTIONS)
        asked = sum(1 for q in rows if q["asked_session_id"])
        return {"total": len(rows), "open": len(rows) - asked, "asked": asked}


class SelfEvaluation(Part):
    """What the dienst says about itself per theme, in short (from its zelfevaluatie)."""

    def set(self, theme: str, text: str | None) -> Changes:
        """The summary of a theme; an empty text clears it."""
        if not self.framework.has_theme(theme):
            raise InputError(f"zelfevaluatie: onbekend thema {theme!r} (kies uit: "
                             f"{', '.join(t['id'] for t in self.framework.themes)})")
        text = optional_text(text, "samenvatting zelfevaluatie") or ""
        if len(text) > MAX_SUMMARY:
            raise InputError(f"samenvatting zelfevaluatie: te lang ({len(text)} tekens, hoogstens "
                             f"{MAX_SUMMARY}; vat samen en verwijs naar de pagina's)")
        with self.store.transaction():
            current = self.keyed(SUMMARIES, "theme", theme)
            if current:
                if current["text"] == text:
                    return changed()
                self.store.update(SUMMARIES, current["id"], {"text": text}, author=self.author)
            elif text:
                self.store.insert(SUMMARIES, {"theme": theme, "text": text}, author=self.author)
            else:
                return changed()
        return changed("self_evaluation")

    def get(self, theme: str) -> str:
        current = self.keyed(SUMMARIES, "theme", theme)
        return (current["text"] or "") if current else ""

    def all(self) -> dict[str, str]:
        """Theme id -> its summary (themes with one), the newest record per theme."""
        out: dict[str, str] = {}
        for r in self.store.rows(SUMMARIES, order_by="updated, id"):
            out[r["theme"]] = r["text"] or ""
        return {t: s for t, s in out.items() if s}


def session_label(session: dict) -> str:
    """A session as messages and lists name it: "dag 1 09:00 TITLE"."""
    return f"dag {session['day']} {session['start']} {session['title']}"
