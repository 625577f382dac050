"""Backups you can restore, consistent copies, and deleting a visitation for good.

    visit.backups.snapshot_on_open()   an automatic snapshot (the window: right after opening)
    visit.backups.after_change()       one when the last is INTERVAL old (the window: after a change)
    visit.backups.on_close()           one when something changed since the last (closing)
    visit.backups.list()               the backups, newest first, with what they hold
    visit.backups.restore(backup)      the current state becomes a backup, then the chosen one is put back
    copy_visitation(path, out, new_visitation=False)
    removal_plan(path) / delete_for_good(path, confirm)

The window decides when (the calls run in its worker, in order with the writes); the
store does the copying, always through SQLite's backup API (store/backup.py), and the
rotation of the automatic snapshots (KEEP_LAST plus one a day for KEEP_DAYS days).
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from visitor_app.errors import DamagedFileError, InputError, NotFoundError
from visitor_app.services.changes import EVERYTHING, Changes
from visitor_app.services.common import Part
from visitor_app.store import backup as store_backup
from visitor_app.store.connection import SQLITE_MAGIC, as_key, is_encrypted
from visitor_app.store.files import check_output_path
from visitor_app.store.lock import FileLock
from visitor_app.store.schema import APPLICATION_ID, SCHEMA_VERSION
from visitor_app.store.visitation_file import inspect_file, new_id, recover_interrupted_write

INTERVAL = 300  # seconds: at most one automatic snapshot per five minutes while changes are made
KEEP_LAST, KEEP_DAYS = store_backup.KEEP_LAST, store_backup.KEEP_DAYS
CONFIRM_WORD = "VERWIJDER"

# What a backup's reason means, on screen.
REASONS = {
    "automatisch": "automatisch",
    "voor-herstel": "vóór terugzetten van een eerdere versie",
    "voor-samenvoegen": "vóór samenvoegen",
    "na-onderbroken-schrijfactie": "na een onderbroken schrijfactie",
    "voor-versleutelen": "vóór versleutelen",
    "voor-nieuw-wachtwoord": "vóór een nieuw wachtwoord",
}


def reason_text(reason: str) -> str:
    if reason.startswith("voor-migratie"):
        return "vóór bijwerken naar een nieuwe bestandsversie"
    return REASONS.get(reason, reason.replace("-", " "))


def size_text(n: int, decimal: str = ",") -> str:
    """A backup's size as a person reads it: "1,5 MB" or "300 kB" (at least 1 kB)."""
    return f"{n / 1_000_000:.1f} MB".replace(".", decimal) if n >= 1_000_000 else f"{max(1, round(n / 1000))} kB"


def local_time(moment: datetime) -> str:
    """Local time, Dutch order: 01-12-2026 12:40:05."""
    return moment.astimezone().strftime("%d-%m-%Y %H:%M:%S")


def list_backups(path: Path | str, passphrase=None) -> list[dict]:
    """The backups of a visitation file, newest first: {"name", "path", "made" (ISO, UTC),
    "time" (local, Dutch order), "reason", "reason_text", "automatic", "size",
    "observations", "visitation_id", "restorable", "problem"}; paths absolute. An encrypted
    file's backups are read with its ``passphrase``; a plain backup of an encrypted file
    (from before it was encrypted) is listed but not restorable."""
    out = []
    encrypted = is_encrypted(path)
    key = as_key(passphrase) if encrypted else None
    found = store_backup.backups(Path(path))
    # a damaged file's own id cannot be read: then its backups are not compared (herstel of a damaged file)
    own = store_backup.describe(Path(path), live=True, key=key)["visitation_id"] if found else None
    for b in found:
        info = store_backup.describe(b.path, key=key)
        restorable = info["readable"] and (info["schema_version"] or 0) <= SCHEMA_VERSION
        problem = info["problem"] or (None if restorable else "gemaakt met een nieuwere versie van de app")
        if restorable and encrypted and not info.get("encrypted"):
            restorable, problem = False, "niet versleuteld"
        if restorable and own is not None and info["visitation_id"] != own:
            restorable, problem = False, "hoort bij een andere visitatie"
        out.append({"name": b.path.name, "path": str(b.path.resolve()),
                    "made": b.made.isoformat().replace("+00:00", "Z"), "time": local_time(b.made),
                    "reason": b.reason, "reason_text": reason_text(b.reason), "automatic": b.automatic,
                    "size": b.size, "observations": info["observations"],
                    "visitation_id": info["visitation_id"], "restorable": restorable,
                    "problem": problem})
    return out


def find_backup(path: Path | str, which: str | Path, passphrase=None) -> dict:
    """One backup of ``path`` by its name, its path or its number in the list (1 = newest)."""
    found = list_backups(path, passphrase)
    text = str(which).strip()
    if text.isdigit() and 1 <= int(text) <= len(found):
        return found[int(text) - 1]
    for b in found:
        if text in (b["name"], b["path"]) or Path(text).name == b["name"] and (
                Path(text).resolve().parent == Path(b["path"]).resolve().parent):
            return b
    raise NotFoundError(f"{which}: geen reservekopie van {path} (zie 'visitor-app backups {path}')")


class Backups(Part):
    """The backups of the open visitation."""

    def __init__(self, visit):
        super().__init__(visit)
        self._last: float | None = None  # time.monotonic() of the last automatic snapshot
        self._dirty = False

    def snapshot(self) -> Path:
        """An automatic snapshot now (rotated with the others). Not of a file that fails the
        full check (DamagedFileError): a damaged state is no version to go back to."""
        self.store.verify()  # once per session; after that it costs nothing
        made = store_backup.automatic_snapshot(self.visit.path, key=self.store.key)
        self._last, self._dirty = time.monotonic(), False
        return made

    def snapshot_on_open(self) -> Path:
        return self.snapshot()

    def after_change(self) -> Path | None:
        """Note a change; snapshot when the last automatic one is INTERVAL seconds old."""
        self._dirty = True
        if self._last is not None and time.monotonic() - self._last < INTERVAL:
            return None
        return self.snapshot()

    def on_close(self) -> Path | None:
        """A last snapshot when something changed since the last one."""
        return self.snapshot() if self._dirty else None

    def list(self) -> list[dict]:
        return list_backups(self.visit.path, self.store.key)

    def restore(self, which: str | Path) -> Changes:
        """Put a backup back in place of the current state. The current state becomes a
        backup first ("voor-herstel"); the chosen one must pass SQLite's integrity check
        and belong to this visitation. An older file version is upgraded as at opening."""
        store = self.store
        chosen, source = _checked(self.visit.path, which, store.key)
        with store.lock:
            own_id = store.visitation()["id"]
            if chosen["visitation_id"] != own_id:
                raise InputError(f"{chosen['name']}: deze kopie hoort bij een andere visitatie; "
                                 "er is niets veranderd")
            saved = store_backup.make_backup(self.visit.path, "voor-herstel", key=store.key)
            store.replace_with(source, expected_id=own_id)
        self._dirty = False
        return Changes(EVERYTHING.kinds, result={
            "restored": chosen["name"], "time": chosen["time"], "observations": chosen["observations"],
            "saved": str(saved.resolve())})


def _checked(path: Path, which: str | Path, key=None) -> tuple[dict, Path]:
    """The chosen backup, refused (InputError) unless it can be restored and is sound."""
    chosen = find_backup(path, which, key)
    if not chosen["restorable"]:
        raise InputError(f"{chosen['name']}: deze reservekopie is niet terug te zetten "
                         f"({chosen['problem']}); er is niets veranderd")
    source = Path(chosen["path"])
    problem = store_backup.sound(source, key)
    if problem:
        raise InputError(f"{chosen['name']}: deze reservekopie is beschadigd ({problem}); "
                         "er is niets veranderd")
    return chosen, source


def restore_file(path: Path | str, which: str | Path, take_over: bool = False, passphrase=None) -> dict:
    """Restore a backup of a file that is not open here (the command line, or the window
    for a file it could not open). A sound file is opened as by the window and restored
    through ``Backups.restore``. A damaged one cannot be opened: under its lock, its bytes
    become the "voor-herstel" backup and a copy of the chosen backup replaces it whole
    (store.backup.replace_file); a backup of an older file version is upgraded when the
    file is next opened. An encrypted file needs its ``passphrase`` (PassphraseError)."""
    from visitor_app.services.visitation import Visitation
    path = Path(path)
    key = as_key(passphrase) if is_encrypted(path) else None
    try:
        with Visitation.open(path, exclusive=True, take_over=take_over, passphrase=key) as visit:
            return visit.backups.restore(which).result
    except DamagedFileError:
        pass
    chosen, source = _checked(path, which, key)
    lock = FileLock(path)
    lock.acquire(take_over=take_over)
    try:
        saved = store_backup.make_backup(path, "voor-herstel", key=key)  # the damaged bytes, as they are
        store_backup.replace_file(path, source, key=key)
    finally:
        lock.release()
    return {"restored": chosen["name"], "time": chosen["time"], "observations": chosen["observations"],
            "saved": str(saved.resolve())}


def copy_visitation(path: Path | str, out: Path | str, new_visitation: bool = False,
                    passphrase=None) -> dict:
    """A consistent copy of a visitation file (through the backup API, also while it is
    being written). ``new_visitation``: the copy starts a visitation of its own, with a new
    id (see store.backup.copy_file for what else is cleared). The copy never overwrites.
    A copy of an encrypted file is encrypted with the same ``passphrase``."""
    path, out = Path(path), Path(out)
    key = as_key(passphrase) if is_encrypted(path) else None
    recover_interrupted_write(path, key=key)  # as at opening: never copy a half-written change
    check_visitation_file(path, key)
    check_output_path(out, ".visitatie", "een visitatiebestand", overwrite=False)
    if out.resolve() == path.resolve():
        raise InputError(f"{out}: kies een andere naam dan het bestand zelf")
    vid = new_id() if new_visitation else None
    store_backup.copy_file(path, out, new_visitation_id=vid, key=key)
    problem = store_backup.sound(out, key)
    if problem:  # the source itself is damaged inside: do not leave a copy that looks sound
        out.unlink()
        raise InputError(f"{path}: de kopie is niet gaaf ({problem}); er is geen kopie gemaakt. "
                         f"Controleer het bestand met 'visitor-app check {path}'.")
    return {"out": str(out), "new_visitation": new_visitation,
            "visitation_id": store_backup.describe(out, live=True, key=key)["visitation_id"]}


def check_visitation_file(path: Path, key=None) -> None:
    """A visitation file of ours, not from a newer app: judged by one read through SQLite
    (a byte look at the header can meet a writer's commit halfway); inspect_file words
    the refusal (DamagedFileError, NewerSchemaError)."""
    info = store_backup.describe(path, live=True, key=key)
    if (info["readable"] and info["application_id"] == APPLICATION_ID
            and info["schema_version"] <= SCHEMA_VERSION):
        return
    inspect_file(path, deep=False, key=key)
    raise DamagedFileError(f"{path}: geen leesbaar visitatiebestand ({info['problem'] or 'onbekend'}); "
                           "er is niets aan veranderd")


def removal_plan(path: Path | str, passphrase=None) -> dict:
    """What deleting a visitation for good removes: {"file", "dienst", "visitation_id",
    "backups" (count), "backup_folder", "bytes", "confirm" (what the user types)}; paths
    absolute."""
    path = Path(path).resolve()
    if not path.is_file():
        raise InputError(f"{path}: bestand bestaat niet")
    encrypted = is_encrypted(path)
    if not ((encrypted and path.suffix == ".visitatie") or _visitation_header(path)):
        raise DamagedFileError(f"{path}: geen visitatiebestand van deze app; er is niets verwijderd")
    key = as_key(passphrase) if encrypted else None
    info = store_backup.describe(path, live=True, key=key)  # a damaged file can still be deleted
    dienst, vid = info["dienst"], info["visitation_id"]
    folder = store_backup.backup_dir(path)
    items = [p for p in folder.iterdir() if store_backup.is_ours(path, p)] if folder.is_dir() else []
    return {"file": str(path), "dienst": dienst, "visitation_id": vid,
            "backups": len(store_backup.backups(path)), "backup_folder": str(folder) if items else None,
            "bytes": path.stat().st_size + sum(p.stat().st_size for p in items),
            "confirm": dienst or CONFIRM_WORD}


def _visitation_header(path: Path) -> bool:
    """A plain SQLite file that says it is a visitation (its application id, bytes 68-71 of
    the header, which damage elsewhere leaves intact). Another database or any other file
    is not, and is never deleted. An encrypted file cannot be told apart from random bytes
    without its key (is_encrypted: whole pages, no plain header); so that a forgotten
    passphrase does not stand in the way of deleting it, such a file is taken for a
    visitation when its name ends in .visitatie."""
    with open(path, "rb") as fh:
        header = fh.read(100)
    return (header.startswith(SQLITE_MAGIC) and len(header) == 100
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def delete_for_good(path: Path | str, confirm: str, passphrase=None) -> dict:
    """Delete a visitation for good (AVG retention): the file, its backup folder with
    every backup in it, and the file's lock side file. Drafts live inside the file and go
    with it; recent-file entries are the window's (ui.settings.Settings.forget). ``confirm``
    must be the dienst's name (case and spacing do not count), or VERWIJDER for a file
    whose dienst cannot be read. Refused while the file is open elsewhere (its lock)."""
    path = Path(path).resolve()
    plan = removal_plan(path, passphrase)
    if not _same(confirm or "", plan["confirm"]):
        raise InputError(f"{path}: bevestiging klopt niet; typ {plan['confirm']!r} om de visitatie "
                         "definitief te verwijderen. Er is niets verwijderd.")
    lock = FileLock(path)
    lock.acquire()
    try:
        removed = store_backup.remove_all(path)
    finally:
        lock.release()
    return {**plan, "removed": [str(p) for p in removed]}
