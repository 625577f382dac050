"""The open visitation: a thin door to its parts, in the manner of Anki's Collection.

    visit.programme     days, sessions, coverage
    visit.observations  capture, edit, search with filters
    visit.records       case-file discussions and partner interviews (templates)
    visit.assessments   the scale and checklist items
    visit.findings      findings, links, merge rule, what is not covered, report texts
    visit.drafts        text still being typed (owns the key format)
    visit.members       the commission
    visit.questions     guide questions ticked off as discussed, focus questions not yet asked
    visit.team          hand-out copies, merging them back, conflicts
    visit.documents     the documents register: attachments, reading notes with a page
    visit.audit         info, check, dump
    visit.backups       automatic snapshots, the list of backups, restoring one
    visit.previous      the previous visitation's recommendations and their opvolging

An encrypted visitation (SQLCipher) is created with a ``passphrase`` and opened with it;
the passphrase is held in memory only, while the file is open (the store's Key). Without
a passphrase the services make a plain file (the demo, tests, ``--onversleuteld``): the
command line and the window ask for one by default.

Every change is durable when the call returns (the store commits each call) and
returns a ``Changes``. Input is validated against the framework embedded in the file;
bad input raises InputError (Dutch) and changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from visitor_app.domain.framework import Framework, load_framework
from visitor_app.errors import InputError, ReadOnlyError
from visitor_app.services.assessments import Assessments
from visitor_app.services.audit import Audit
from visitor_app.services.backups import Backups
from visitor_app.services.preparation import OwnQuestions, SelfEvaluation
from visitor_app.services.previous import Previous
from visitor_app.services.privacy import Privacy
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import clean_text, optional_text, parse_date
from visitor_app.services.documents import Documents
from visitor_app.services.drafts import Drafts
from visitor_app.services.findings import Findings
from visitor_app.services.members import Members, check_role
from visitor_app.services.observations import Observations
from visitor_app.services.programme import Programme
from visitor_app.services.questions import Questions
from visitor_app.services.records import Records
from visitor_app.services.team import Team
from visitor_app.store.connection import as_key, is_encrypted
from visitor_app.store.lock import FileLock
from visitor_app.store.visitation_file import VisitationStore, inspect_file, recover_interrupted_write

STATUSES = ("voorbereiding", "bezoek", "rapportage", "afgerond")
DETAILS = ("id", "dienst", "start", "end", "status", "notes")


class Visitation:
    """One open visitation file together with the framework embedded in it."""

    def __init__(self, store: VisitationStore, framework: Framework, member_id: str | None = None):
        self.store = store
        self.framework = framework
        self.current_member = member_id
        self._lock: FileLock | None = None
        self.notices: list[str] = []  # what opening did that the user must know (Dutch)
        self.members = Members(self)
        self.programme = Programme(self)
        self.observations = Observations(self)
        self.records = Records(self)
        self.assessments = Assessments(self)
        self.findings = Findings(self)
        self.drafts = Drafts(self)
        self.questions = Questions(self)
        self.team = Team(self)
        self.documents = Documents(self)
        self.audit = Audit(self)
        self.backups = Backups(self)
        self.privacy = Privacy(self)
        self.previous = Previous(self)
        self.own_questions = OwnQuestions(self)
        self.self_evaluation = SelfEvaluation(self)

    # -- lifecycle ----------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, dienst: str, start: str, end: str,
               members: Iterable[tuple[str, str]] = (), framework: Framework | None = None,
               with_programme: bool = True, fill=None, passphrase: str | None = None) -> "Visitation":
        """Create a visitation file; all or nothing (``fill(visit)`` adds more content).
        With ``passphrase`` the file is encrypted from its first byte."""
        if passphrase is not None:
            from visitor_app.services.encryption import check_passphrase
            check_passphrase(passphrase)
        dienst = clean_text(dienst, "dienst")
        d_start, d_end = parse_date(start, "begindatum"), parse_date(end, "einddatum")
        if d_end < d_start:
            raise InputError(f"einddatum {end} ligt voor begindatum {start}")
        if (d_end - d_start).days > 13:
            raise InputError("een visitatie duurt hoogstens twee weken; controleer de data")
        members = [(clean_text(n, "naam commissielid"), check_role(r)) for n, r in members]
        framework = framework or load_framework()
        row = {
            "dienst": dienst, "start": d_start.isoformat(), "end": d_end.isoformat(),
            "status": STATUSES[0], "framework_id": framework.id,
            "framework_version": framework.version,
            "framework_json": json.dumps(framework.data, ensure_ascii=False),
        }

        def fill_new(new_store):
            visit = cls(new_store, framework)
            for name, role in members:
                visit.members.add(name, role)
            if with_programme:
                visit.programme.add_defaults()
            if fill:
                fill(visit)

        store = VisitationStore.create(path, row, fill=fill_new, key=passphrase)
        return cls(store, framework)

    @classmethod
    def open(cls, path: Path | str, exclusive: bool = False, verify_later: bool = False,
             take_over: bool = False, passphrase: str | None = None) -> "Visitation":
        """Open a file. ``exclusive`` (the window) refuses a file another window has open;
        a stale lock raises StaleLockError, and ``take_over`` (after asking) replaces it.
        ``passphrase``: for an encrypted file (``is_encrypted``; ignored for a plain one); a
        wrong or missing one raises PassphraseError before anything touches the file.

        Opening reads every page once (quick_check) and checks that all text is UTF-8;
        ``verify_later`` skips that too (fast start of the window). Either way the store runs
        the full check (integrity_check, the search index, the text) before the first write,
        and ``verify()`` runs it on demand.
        """
        lock = None
        key = as_key(passphrase) if is_encrypted(path) else None  # derived once for every connection
        settled = recover_interrupted_write(Path(path), key=key)
        info = inspect_file(Path(path), deep=not verify_later, key=key)  # damage reported before locking
        if exclusive and not os.access(path, os.W_OK):
            raise ReadOnlyError(f"{path}: dit bestand is alleen-lezen; kopieer het naar een map waar je "
                                "mag schrijven om er verder in te werken. Er is niets veranderd.")
        if exclusive:
            lock = FileLock(Path(path))
            lock.acquire(take_over=take_over)
        try:
            store = VisitationStore.open(path, inspected=info, key=key)
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
        visit.notices = [settled.warning] if settled.warning else []
        owner = store.meta("owner_member_id")  # a member's hand-out copy knows whose it is
        if owner and any(m["id"] == owner for m in store.rows("members")):
            visit.set_current_member(owner)
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

    @property
    def encrypted(self) -> bool:
        """True for an encrypted file (its copies and backups are encrypted too)."""
        return self.store.key is not None

    @property
    def key(self):
        """The open file's key (opaque; None for a plain file): what the window passes on to
        reopen the file or copy it without asking for the passphrase again."""
        return self.store.key

    def transaction(self):
        """Several service calls as one change: all or nothing."""
        return self.store.transaction()

    def set_current_member(self, member_id: str | None) -> None:
        """Who is typing: the author of what is captured from now on. The file's lock names
        them too, so that someone refused because the file is open here is told who has it."""
        name = self.store.get("members", member_id)["name"] if member_id is not None else None
        self.current_member = member_id
        if self._lock is not None:
            self._lock.set_holder(name)

    def verify(self) -> None:
        """The full check the store runs before the first write, now; raises DamagedFileError."""
        self.store.verify()

    def warm_up(self) -> None:
        """Load the write path ahead of the first edit (call off the GUI thread)."""
        self.store.db  # noqa: B018 - imports sqlite-utils

    # -- the visitation itself ------------------------------------------------------------
    def details(self) -> dict:
        row = self.store.visitation()
        return {k: row[k] for k in DETAILS}

    def update_details(self, **changes) -> Changes:
        row = self.store.visitation()
        values = {}
        if "dienst" in changes:
            values["dienst"] = clean_text(changes["dienst"], "dienst")
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
            values["notes"] = optional_text(changes["notes"], "aantekeningen")
        self.store.update("visitation", row["id"], values, author=self.current_member)
        return changed("details", "programme", row=self.details())


def check_file(path: Path | str, passphrase: str | None = None) -> list[str]:
    """Open read-only checks first (never writes to a damaged file), then the full check."""
    with Visitation.open(path, passphrase=passphrase) as visit:
        return visit.audit.check()
