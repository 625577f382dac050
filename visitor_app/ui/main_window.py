"""The main window: navigation on the left, one view at a time, no Save button."""

from __future__ import annotations

import importlib
import threading
from html import escape
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QProgressBar,
    QStackedWidget, QWidget,
)

from visitor_app.paths import demo_file
from visitor_app.services import Visitation
from visitor_app.errors import DamagedFileError, PassphraseError, StaleLockError, VisitorError
from visitor_app.services.encryption import is_encrypted
from visitor_app.ui import ask, files, ops
from visitor_app.ui.background import Worker
from visitor_app.ui.context import AppContext
from visitor_app.ui.errors import show_error
from visitor_app.ui.settings import Settings
from visitor_app.ui.start_page import StartPage
from visitor_app.ui.views.conversation import ConversationView
from visitor_app.ui.widgets import fit_small_screens

FILE_FILTER = "Visitatiebestanden (*.visitatie);;Alle bestanden (*)"


# Navigation: (module in visitor_app.ui.views, class, title). A view's module is imported
# when the view is first shown, which keeps the start of the window fast.
VIEWS = [("programme", "ProgrammeView", "Programma"), ("conversation", "ConversationView", "Gesprek"),
         ("board", "BoardView", "Waarnemingen"), ("coverage", "CoverageView", "Dekking"),
         ("assessments", "AssessmentsView", "Oordelen"), ("records", "RecordsView", "Dossiers"),
         ("report", "ReportView", "Rapport"), ("team", "TeamView", "Team"),
         ("documents", "DocumentsView", "Documenten"), ("previous", "PreviousView", "Vorige visitatie"),
         ("preparation", "PreparationView", "Voorbereiding")]


def view_key(row: int) -> str | None:
    """The key to a view in navigation order: Alt+Shift+1 … 9, then Alt+Shift+0; views after
    the tenth have none (the Ga naar menu and the list reach them)."""
    return f"Alt+Shift+{row + 1}" if row < 9 else "Alt+Shift+0" if row == 9 else None


GATE_LONGEST_S = 2.0  # the worker waits at most this long for the first paint


def first_size(available):
    """The window's size on first start: 1280x800, or what the screen leaves if less (a
    1366x768 laptop, or 1920x1080 at 150 % or 200 %), with room for a task bar."""
    from PySide6.QtCore import QSize
    return QSize(min(1280, available.width()), min(800, available.height() - 40))


def _view_class(module: str, name: str):
    return getattr(importlib.import_module(f"visitor_app.ui.views.{module}"), name)


class MainWindow(QMainWindow):
    file_opened = Signal(str)

    def __init__(self, settings: Settings | None = None, ask_member: bool = True):
        super().__init__()
        self.settings = settings or Settings()
        self.rode_draden = None  # the Rode draden window, made when first asked for
        self.ask_member = ask_member
        self.visit: Visitation | None = None
        self.ctx: AppContext | None = None
        self.view_classes: list[type] = []
        self.built: dict[int, QWidget] = {}
        self.worker = Worker(self)
        self.worker.error.connect(lambda exc: show_error(self, exc))
        self.setWindowTitle("Visitatie-app")
        self.setObjectName("mainWindow")

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(self.fontMetrics().horizontalAdvance("M") * 12)  # "Waarnemingen" at 11pt, with padding
        self.stack = QStackedWidget()
        self.stack.setObjectName("views")
        self.start_page = StartPage()
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.new_requested.connect(self.new_file)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_chosen.connect(self.open_file)
        self.start_page.set_recent(self.settings.recent_files())
        self.stack.addWidget(self.start_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_view)

        self.framework_label = QLabel()
        self.framework_label.setObjectName("frameworkNotice")
        self.member_label = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 8)
        self.busy.setVisible(False)
        self.busy.setToolTip("Bezig met opslaan …")
        self.worker.busy_changed.connect(self.busy.setVisible)
        self.statusBar().addPermanentWidget(self.member_label)
        self.statusBar().addPermanentWidget(self.framework_label)
        self.statusBar().addPermanentWidget(self.busy)
        self._build_menus()
        self._update_actions()
        self._restore_layout()

    # -- menus ---------------------------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None, name=None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Bestand")
        self._action(file_menu, "&Nieuwe visitatie …", self.new_file, "Ctrl+Shift+N", "actionNew")
        self._action(file_menu, "&Openen …", self.open_dialog, "Ctrl+O", "actionOpen")
        self.recent_menu = file_menu.addMenu("&Recente bestanden")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "De&mo openen", self.open_demo, None, "actionDemo")
        file_menu.addSeparator()
        self._action(file_menu, "Kopie opslaan &als …", self.save_copy, None, "actionSaveCopy")
        self._action(file_menu, "Opslaan als nieu&we visitatie …", self.save_as_new_visitation, None,
                     "actionSaveAsNew")
        self._action(file_menu, "&Terug naar een eerdere versie …", self.show_versions, None,
                     "actionVersions")
        self._action(file_menu, "Visitatie definitief &verwijderen …", self.delete_visitation, None,
                     "actionDelete")
        self._action(file_menu, "Gespreks&leidraad afdrukken …", self.print_guide, None, "actionGuide")
        file_menu.addSeparator()
        self._action(file_menu, "&Wie ben ik …", self.choose_member, None, "actionWhoAmI")
        self._action(file_menu, "&Kopie voor een commissielid …", self.hand_out, "Ctrl+Shift+K",
                     "actionHandOut")  # the keys: views/team.py HAND_OUT_KEY, MERGE_KEY
        self._action(file_menu, "Kopieën &samenvoegen …", self.merge_copies, "Ctrl+Shift+M", "actionMerge")
        file_menu.addSeparator()
        self._action(file_menu, "&Versleutelen …", self.encrypt_file, None, "actionEncrypt")
        self._action(file_menu, "Wachtwoord &wijzigen …", self.change_passphrase, None,
                     "actionChangePassphrase")
        file_menu.addSeparator()
        self._action(file_menu, "Rode &draden (ODNL) …", self.show_rode_draden, None, "actionRodeDraden")
        file_menu.addSeparator()
        self._action(file_menu, "&Sluiten", self.close, "Ctrl+Q", "actionQuit")
        self.go_menu = bar.addMenu("&Ga naar")
        self._action(self.go_menu, "Nieuwe &waarneming", self.new_observation, "Ctrl+N",
                     "actionNewObservation")
        self._action(self.go_menu, "&Zoeken in waarnemingen", self.focus_search, "Ctrl+F", "actionSearch")
        # conversations (ConversationView does the work; from any view, the cursor ends in the text)
        for text, keys, name, method, args in (
                ("&Volgend gesprek", "Ctrl+PgDown", "actionNextSession", "step_session", (1,)),
                ("V&orig gesprek", "Ctrl+PgUp", "actionPreviousSession", "step_session", (-1,)),
                ("&Gesprek kiezen …", "Ctrl+G", "actionPickSession", "pick_session", ()),
                ("Gesprek van &nu (klok)", "Ctrl+J", "actionSessionNow", "go_to_now", ())):
            self._action(self.go_menu, text, lambda _=False, m=method, a=args: self.in_conversation(m, *a),
                         keys, name)
        self._action(self.go_menu, "&Dossier van dit gesprek", self.session_record, None, "actionSessionRecord")
        self.go_menu.addSeparator()
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Sneltoetsen", self.show_shortcuts, "F1", "actionShortcuts")
        self._action(help_menu, "Over het &kader …", self.show_framework, None, "actionFramework")
        help_menu.addSeparator()
        self._action(help_menu, "&Over Visitatie-app", self.show_about, None, "actionAbout")

    # The Bestand menu's entries that act on the open file: greyed out without one, and
    # Versleutelen / Wachtwoord wijzigen only where they apply (never a click that does nothing).
    FILE_ACTIONS = ("actionSaveCopy", "actionSaveAsNew", "actionVersions", "actionDelete", "actionWhoAmI",
                    "actionHandOut", "actionMerge", "actionGuide")

    def _update_actions(self) -> None:
        has = self.visit is not None
        for name in self.FILE_ACTIONS:
            self.findChild(QAction, name).setEnabled(has)
        self.findChild(QAction, "actionEncrypt").setEnabled(has and not self.visit.encrypted)
        self.findChild(QAction, "actionChangePassphrase").setEnabled(has and self.visit.encrypted)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        if not files:
            self.recent_menu.addAction("(nog geen)").setEnabled(False)
        for path in files:
            self.recent_menu.addAction(path, lambda p=path: self.open_file(p))

    # -- opening and closing ---------------------------------------------------------------------
    def open_dialog(self) -> None:
        path = files.open_file(self, "Visitatie openen", "", FILE_FILTER)
        if path:
            self.open_file(path)

    def new_file(self) -> None:
        from visitor_app.ui.dialogs import NewVisitationDialog
        dialog = NewVisitationDialog(self)
        if not dialog.exec():
            return
        values = dialog.values()
        # no "replace?" question: a new visitation never overwrites (the store says so)
        path = files.save_file(self, "Nieuwe visitatie opslaan als",
                               f"{values['dienst'] or 'visitatie'}.visitatie", FILE_FILTER,
                               confirm_overwrite=False)
        if not path:
            return
        if not path.endswith(".visitatie"):
            path += ".visitatie"
        from visitor_app.ui.passphrase import NEW_VISITATION_TITLE, PLAIN, choose_passphrase
        chosen = choose_passphrase(self, NEW_VISITATION_TITLE, alternative=PLAIN)
        if chosen is None:
            return
        secret = chosen[1]  # None: "Zonder versleuteling"
        try:
            Visitation.create(path, values["dienst"], values["start"], values["end"],
                              members=values["members"], passphrase=secret).close()
        except VisitorError as exc:
            show_error(self, exc, "Visitatie niet aangemaakt")
            return
        self.open_file(path, passphrase=secret)

    def open_demo(self) -> None:
        """The demo, made with the framework installed now (an older demo is kept beside it)."""
        path = demo_file()
        if self.visit and path.resolve() == self.visit.path.resolve():
            return
        from visitor_app.services.demo import create_demo, is_current, replace_demo
        try:
            if not path.exists():
                create_demo(path).close()
            if not self.open_file(path) or is_current(self.visit.framework):
                return
            made_with = self.visit.framework.version
            self.close_visitation()  # an older demo: kept beside a new one
            done = replace_demo(path, made_with)
        except VisitorError as exc:
            show_error(self, exc)
            return
        if self.open_file(path):
            self.statusBar().showMessage(done, 10000)

    def open_file(self, path: str | Path, passphrase: str | None = None) -> bool:
        """Open a visitation; on any problem show a Dutch dialog and leave the file as it is.
        An encrypted file asks for its passphrase (again after a wrong one) unless given;
        the open visitation holds it in memory until it is closed."""
        if self.visit and Path(path).resolve() == self.visit.path.resolve():
            return True  # already open here
        error = None
        try:
            while True:
                if passphrase is None and is_encrypted(path):
                    from visitor_app.ui.passphrase import ask_passphrase
                    passphrase = ask_passphrase(self, path, error)
                    if passphrase is None:
                        return False
                try:
                    visit = self._open_locked(path, passphrase)
                    break
                except PassphraseError:
                    if not is_encrypted(path):
                        raise
                    from visitor_app.ui.passphrase import WRONG
                    passphrase, error = None, WRONG
            if visit is None:
                return False
        except VisitorError as exc:
            if isinstance(exc, DamagedFileError) and self._offer_restore(path, exc, passphrase):
                return self.visit is not None
            show_error(self, exc, "Bestand niet geopend")
            return False
        except OSError as exc:
            show_error(self, VisitorError(f"{path}: niet te openen ({exc.strerror or exc}). "
                                          "Er is niets aan het bestand veranderd."), "Bestand niet geopend")
            return False
        self.close_visitation()
        try:
            self.visit = visit
            self.ctx = AppContext(visit, self.worker, self.settings, self)
            self.ctx.status.connect(lambda msg: self.statusBar().showMessage(msg, 5000))
            self.ctx.error.connect(lambda exc: show_error(self, exc))
            details = visit.details()
            member = self.settings.member_for(details["id"])
            known = {m["id"] for m in visit.members.list()}
            if visit.team.owner() in known:
                pass  # a member's own copy: it says whose it is (Visitation.open set it)
            elif member in known:
                visit.set_current_member(member)
            self.settings.add_recent(path)
            # The full integrity read runs first in the (serial) writer queue: no edit can reach
            # the file before it passed, and the window does not wait for it. The queue starts
            # once the window has painted (the gate), so that the check and the snapshot do not
            # compete with building the window for the interpreter; the order stays as it is.
            gate = threading.Event()
            self.worker.submit(gate.wait, GATE_LONGEST_S)
            QTimer.singleShot(0, gate.set)
            self.worker.submit(visit.verify, on_error=lambda exc: self._damaged_after_open(visit, exc))
            # Then a rotated snapshot (services/backups.py), and one at most every few minutes
            # while changes are made: in the worker, so that typing never waits for it.
            self.worker.submit(visit.backups.snapshot_on_open, on_error=self._snapshot_failed)
            self.ctx.changed.connect(lambda changes, v=visit: self._after_change(v, changes))
            QTimer.singleShot(2000, lambda: self.visit is visit and self.worker.submit(visit.warm_up))
            self._build_views()
            self.ctx.track_place = True  # back where the member was; from now on a move is kept
            fw = visit.framework
            self.framework_label.setText(f"{'Voorlopig kader' if fw.status == 'voorlopig' else 'Kader'} "
                                         f"{fw.version}")
            self.framework_label.setToolTip(fw.notice)
            self._update_title()
            self._update_actions()
            if self.ask_member and visit.current_member is None and known:
                self.choose_member()
            self._update_member_label()
            drafts = visit.drafts.all()
            for notice in visit.notices:  # e.g. a journal of another file, set aside
                ask.warning(self, "Bij het openen", notice)
            if drafts:
                self.statusBar().showMessage(f"{len(drafts)} concepttekst(en) van de vorige keer bewaard; "
                                             "je vindt ze terug in het tekstveld van dat gesprek.", 8000)
        except Exception as exc:  # e.g. a read from a file that is damaged inside
            self.close_visitation()
            show_error(self, exc if isinstance(exc, VisitorError) else VisitorError(
                f"{path}: niet te openen ({exc}). Er is niets aan het bestand veranderd."),
                "Bestand niet geopend")
            return False
        self.file_opened.emit(str(path))
        return True

    def _open_locked(self, path, passphrase: str | None) -> Visitation | None:
        """Visitation.open as the window does it; asks before taking over a stale lock
        (None: the user said no)."""
        try:
            return Visitation.open(path, exclusive=True, verify_later=True, passphrase=passphrase)
        except StaleLockError as exc:  # never for a program that still runs: that is refused
            answer = ask.question(
                self, "Bestand overnemen?",
                f"Dit bestand lijkt nog geopend {exc.holder} ({exc.reason}). Overnemen?\n\n"
                f"Kies alleen Ja als niemand er nog in werkt. Het slotbestand {exc.lock_path} "
                "wordt dan vervangen; aan de visitatie zelf verandert niets.",
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return None
            return Visitation.open(path, exclusive=True, verify_later=True, take_over=True,
                                   passphrase=passphrase)

    def _damaged_after_open(self, visit: Visitation, exc: BaseException) -> None:
        path = visit.path
        if self.visit is visit:
            self.close_visitation()
        if not (isinstance(exc, DamagedFileError) and self._offer_restore(path, exc, visit.key)):
            show_error(self, exc, "Bestand beschadigd")

    def _offer_restore(self, path: str | Path, exc: DamagedFileError, passphrase=None) -> bool:
        """A damaged file with backups: offer to put an earlier version back, then open it.
        False when there is nothing to offer or the user declines (then the error shows)."""
        from visitor_app.services.backups import list_backups, restore_file
        from visitor_app.ui.backups import VersionsDialog
        try:
            found = list_backups(path, passphrase)
        except (VisitorError, OSError):
            return False
        if not any(b["restorable"] for b in found):
            return False
        answer = ask.question(
            self, "Bestand beschadigd",
            f"{exc.message}\n\nVan dit bestand zijn reservekopieën bewaard. Wil je een eerdere "
            "versie terugzetten? Wat er nu in het bestand staat, blijft bewaard als reservekopie.",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            return False
        dialog = VersionsDialog(found, self)
        self.versions_dialog = dialog
        if not dialog.exec() or dialog.chosen() is None:
            return False
        try:
            result = restore_file(path, dialog.chosen()["name"], passphrase=passphrase)
        except VisitorError as err:
            show_error(self, err, "Niet teruggezet")
            return True  # told already
        if self.open_file(path, passphrase=passphrase):
            self.statusBar().showMessage(
                f"Teruggezet: de versie van {result['time']} ({result['observations']} waarnemingen). "
                "Het beschadigde bestand is bewaard als reservekopie.", 10000)
        return True

    def _snapshot_failed(self, exc: BaseException) -> None:
        text = exc.message if isinstance(exc, VisitorError) else str(exc)
        self.statusBar().showMessage(f"Automatische reservekopie niet gemaakt: {text}", 10000)

    def _after_change(self, visit: Visitation, changes) -> None:
        if self.visit is visit and changes.kinds:
            self.worker.submit(visit.backups.after_change, on_error=self._snapshot_failed)

    def _flush_drafts(self) -> None:
        """Every open field stores its pending text (in the worker's queue)."""
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # commits an open cell editor or field
        for view in self.views:  # the view itself and its panes store text still pending
            for pane in [view, *view.findChildren(QWidget)]:
                if hasattr(pane, "flush_draft"):
                    pane.flush_draft()

    def close_visitation(self) -> None:
        if not self.visit:
            return
        self.save_layout()  # remember the view and splitters while they still exist
        self._flush_drafts()
        self.worker.submit(self.visit.backups.on_close, on_error=self._snapshot_failed)
        self.worker.wait()
        for view in self.views:
            self.stack.removeWidget(view)
            view.deleteLater()
        self.built = {}
        self.view_classes = []
        self.nav.clear()
        self.start_page.set_recent(self.settings.recent_files())
        self.stack.setCurrentWidget(self.start_page)
        self.visit.close()
        self.visit = None
        self.ctx = None
        self.setWindowTitle("Visitatie-app")
        self._update_actions()

    @property
    def views(self) -> list[QWidget]:
        """The views built so far, in navigation order (views are built on first use)."""
        return [self.built[i] for i in sorted(self.built)]

    def _build_views(self) -> None:
        self.view_classes = list(VIEWS)
        self.built = {}
        for action in [a for a in self.go_menu.actions() if a.objectName().startswith("goto_")]:
            self.go_menu.removeAction(action)
        for i, (_module, name, title) in enumerate(self.view_classes):
            self.nav.addItem(title)
            action = self._action(self.go_menu, title, lambda _=False, i=i: self.nav.setCurrentRow(i),
                                  view_key(i), f"goto_{name}")
            action.setStatusTip(f"Naar {title}")
        try:
            saved = int(self.settings.value("layout/view", 1))
        except (TypeError, ValueError):
            saved = 1
        kept = self._row_of(self.ctx.place.get("view") or "")  # the file's own memory goes first
        saved = saved if kept is None else kept
        self.nav.setCurrentRow(min(max(saved, 0), len(self.view_classes) - 1))

    def view_at(self, row: int) -> QWidget:
        if row not in self.built:
            module, name, _title = self.view_classes[row]
            cls = _view_class(module, name)
            view = cls(self.ctx)
            fit_small_screens(view)
            self.built[row] = view
            self.stack.addWidget(view)
            splitter = getattr(view, "splitter", None)
            state = self.settings.load_bytes(f"splitter/{cls.__name__}")
            if splitter is not None and state is not None:
                splitter.restoreState(state)
        return self.built[row]

    def _show_view(self, row: int) -> None:
        if 0 <= row < len(self.view_classes):
            size, new = self.size(), row not in self.built
            self.stack.setCurrentWidget(self.view_at(row))
            self.ctx.remember_place(view=self.view_classes[row][1])  # reopens here, after a crash too
            if new and self.isVisible():
                # building a view can lay the window out once with the view's first guess of
                # its size (taller than a small screen); put the window back as it was
                QTimer.singleShot(0, lambda: self._keep_size(size))

    def _keep_size(self, size) -> None:
        if not self.isVisible() or self.isMaximized() or self.isFullScreen():
            return
        # unchanged or grown: the build did it (a resize in between by the user is left alone);
        # resizing also marks the size as chosen, so a later layout pass does not grow it
        if self.size() == size or self.width() > size.width() or self.height() > size.height():
            self.resize(size.expandedTo(self.minimumSizeHint()))

    def _row_of(self, cls) -> int | None:
        """Row of a view, given its class or class name."""
        wanted = cls if isinstance(cls, str) else cls.__name__
        names = [name for _module, name, _title in self.view_classes]
        return names.index(wanted) if wanted in names else None

    def view(self, cls) -> QWidget | None:
        """The view of that class (built now if it was not yet)."""
        row = self._row_of(cls)
        return None if row is None else self.view_at(row)

    def show_view(self, cls) -> QWidget | None:
        view = self.view(cls)
        if view is not None:
            self.nav.setCurrentRow(self._row_of(cls))
        return view

    # -- encryption ----------------------------------------------------------------------------
    def encrypt_file(self) -> bool:
        """Encrypt the open plain visitation (backup first), then offer to remove the plain
        backups left beside it; the file is opened again with the new passphrase."""
        from visitor_app.services import encryption
        from visitor_app.ui.passphrase import choose_passphrase
        if not self.visit or self.visit.encrypted:
            return False
        path = self.visit.path
        chosen = choose_passphrase(self, "Visitatie versleutelen", "Eerst komt er een reservekopie van het "
                                   "onversleutelde bestand; daarna is de visitatie alleen met dit "
                                   "wachtwoord te openen.")
        if chosen is None:
            return False
        secret = chosen[1]
        self.close_visitation()
        try:
            result = encryption.encrypt_file(path, secret)
        except VisitorError as exc:
            show_error(self, exc, "Niet versleuteld")
            self.open_file(path)
            return False
        plain = result["plain_backups"]
        if plain:
            from visitor_app.ui.backups import PlainBackupsDialog
            dialog = PlainBackupsDialog(plain, self)
            self.plain_backups_dialog = dialog
            if dialog.exec():
                encryption.remove_backups(plain)
        return self.open_file(path, passphrase=secret)

    def change_passphrase(self) -> bool:
        """Give the open encrypted visitation a new passphrase (backup first, with the old
        one); the current passphrase is asked again first."""
        from visitor_app.services import encryption
        from visitor_app.ui.passphrase import CURRENT, WRONG, ask_passphrase, choose_passphrase
        if not self.visit or not self.visit.encrypted:
            return False
        path = self.visit.path
        error = None
        while True:
            old = ask_passphrase(self, path, error, purpose=CURRENT)
            if old is None:
                return False
            if encryption.opens_with(path, old):
                break
            error = WRONG
        chosen = choose_passphrase(self, "Nieuw wachtwoord", "Eerst komt er een reservekopie (met het "
                                   "oude wachtwoord); daarna opent alleen het nieuwe wachtwoord de "
                                   "visitatie.")
        if chosen is None:
            return False
        self.close_visitation()
        try:
            encryption.change_passphrase(path, old, chosen[1])
        except VisitorError as exc:
            show_error(self, exc, "Wachtwoord niet gewijzigd")
            return self.open_file(path, passphrase=old)
        return self.open_file(path, passphrase=chosen[1])

    # -- copies, earlier versions, deleting ------------------------------------------------------
    def _ask_copy_path(self, title: str, suggestion: str) -> str | None:
        folder = self.visit.path.parent
        # No "replace?" question: a copy never overwrites (the service says so if the name exists).
        path = files.save_file(self, title, str(folder / suggestion), FILE_FILTER, confirm_overwrite=False)
        if not path:
            return None
        return path if path.endswith(".visitatie") else path + ".visitatie"

    def save_copy(self, _checked=False, out: str | None = None) -> None:
        """A consistent copy (the backup API), keeping the visitation id: a backup copy."""
        if not self.visit:
            return
        out = out or self._ask_copy_path("Kopie opslaan als", f"{self.visit.path.stem}-kopie.visitatie")
        if not out:
            return
        from visitor_app.services.backups import copy_visitation
        self._flush_drafts()
        same = " (versleuteld, met hetzelfde wachtwoord)" if self.visit.encrypted else ""
        ops.query(self.ctx, copy_visitation, self.visit.path, out, passphrase=self.visit.key,
                  on_done=lambda r: self.statusBar().showMessage(f"Kopie opgeslagen{same}: {r['out']}", 8000),
                  on_error=lambda exc: show_error(self, exc, "Kopie niet opgeslagen"))

    def save_as_new_visitation(self, _checked=False, out: str | None = None) -> None:
        """A copy that starts a visitation of its own (a new id), opened right away."""
        if not self.visit:
            return
        out = out or self._ask_copy_path("Opslaan als nieuwe visitatie", "nieuwe-visitatie.visitatie")
        if not out:
            return
        from visitor_app.services.backups import copy_visitation
        self._flush_drafts()

        key = self.visit.key  # the copy has the same passphrase

        def done(result):
            if self.open_file(result["out"], passphrase=key):
                self.statusBar().showMessage(
                    "Nieuwe visitatie geopend, met een eigen id. Pas de dienst en de data aan "
                    "(Programma) voordat je begint.", 10000)

        ops.query(self.ctx, copy_visitation, self.visit.path, out, new_visitation=True, passphrase=key,
                  on_done=done, on_error=lambda exc: show_error(self, exc, "Nieuwe visitatie niet opgeslagen"))

    def show_versions(self) -> None:
        if not self.visit:
            return
        from visitor_app.ui.backups import VersionsDialog
        self._flush_drafts()
        self.worker.wait()  # the list shows what is there after the last write
        dialog = VersionsDialog(self.visit.backups.list(), self)
        self.versions_dialog = dialog
        if not dialog.exec() or dialog.chosen() is None:
            return
        self.restore_version(dialog.chosen()["name"])

    def restore_version(self, name: str) -> None:
        """Put a backup back (the current state becomes a backup first), then show the file
        anew: every view, the drafts and the title come from the restored state."""
        visit, path = self.visit, self.visit.path
        self._flush_drafts()

        def done(changes):
            result = changes.result
            if self.visit is visit:
                self.close_visitation()
                self.open_file(path, passphrase=visit.key)
            self.statusBar().showMessage(
                f"Teruggezet: de versie van {result['time']} ({result['observations']} waarnemingen). "
                "Wat er eerst stond, is nu zelf een reservekopie.", 10000)

        ops.query(self.ctx, visit.backups.restore, name, on_done=done,
                  on_error=lambda exc: show_error(self, exc, "Niet teruggezet"))

    def delete_visitation(self) -> None:
        if not self.visit:
            return
        from visitor_app.services.backups import delete_for_good, removal_plan
        from visitor_app.ui.backups import DeleteDialog
        path = self.visit.path
        vid = self.visit.details()["id"]
        self._flush_drafts()
        self.worker.wait()
        key = self.visit.key
        dialog = DeleteDialog(removal_plan(path, key), self)
        self.delete_dialog = dialog
        if not dialog.exec():
            return
        self.close_visitation()  # the file's lock goes with it
        try:
            delete_for_good(path, dialog.typed(), key)
        except VisitorError as exc:
            show_error(self, exc, "Niet verwijderd")
            return
        self.settings.forget(path, vid)
        self.start_page.set_recent(self.settings.recent_files())
        self.statusBar().showMessage("De visitatie en haar reservekopieën zijn definitief verwijderd.", 10000)

    # -- who am I ------------------------------------------------------------------------------
    def choose_member(self) -> None:
        if not self.visit:
            return
        members = self.visit.members.list()
        if not members:
            ask.information(self, "Wie ben ik", "Deze visitatie heeft nog geen commissieleden.")
            return
        from visitor_app.ui.dialogs import WhoAmIDialog
        dialog = WhoAmIDialog(members, self.visit.details()["dienst"], self)
        dialog.setObjectName("whoAmIDialog")
        dialog.accepted.connect(lambda: self.set_member(dialog.member_id()))
        self.who_am_i = dialog
        dialog.open()  # window-modal, without blocking the event loop

    def set_member(self, member_id: str | None) -> None:
        if not self.visit:
            return
        self.visit.set_current_member(member_id)
        self.settings.set_member_for(self.visit.details()["id"], member_id)
        self._update_member_label()
        conv = next((v for v in self.views if isinstance(v, ConversationView)), None)
        if conv:
            conv._session_changed(conv.sessions.currentItem())
        for view in self.views:  # views that show "mine" (Voorbereiding)
            if hasattr(view, "member_changed"):
                view.member_changed()

    def _update_member_label(self) -> None:
        names = self.visit.members.names() if self.visit else {}
        name = names.get(self.visit.current_member) if self.visit else None
        owner = self.visit.team.owner() if self.visit else None
        own_copy = bool(owner and owner == self.visit.current_member)
        text = (f"Ik: {name}" + (" (eigen kopie)" if own_copy else "")) if name else "Ik: (niet gekozen)"
        if owner and not own_copy:  # whose copy this is, also when someone else works in it
            text += f" · kopie van {names.get(owner, 'een commissielid dat er niet meer in staat')}"
        self.member_label.setText(text)

    def _update_title(self) -> None:
        d = self.visit.details()
        locked = " · versleuteld" if self.visit.encrypted else ""
        # The file's name first: a copy or a new visitation made from this one has the same dienst.
        self.setWindowTitle(f"{self.visit.path.name} · {d['dienst']} · {d['start']} t/m {d['end']}{locked}"
                            " — Visitatie-app")

    # -- actions -------------------------------------------------------------------------------
    def hand_out(self) -> None:
        view = self.show_view("TeamView")
        if view:
            view.member_combo.setFocus()

    def merge_copies(self) -> None:
        view = self.show_view("TeamView")
        if view:
            view.choose_copies()

    def new_observation(self) -> None:
        view = self.show_view(ConversationView)
        if view:
            view.capture.text.setFocus()

    def in_conversation(self, method: str, *args) -> None:
        view = self.show_view(ConversationView)
        if view:
            getattr(view, method)(*args)

    def session_record(self) -> None:
        """Dossiers: the record of the session chosen in Gesprek (made when it has none yet)."""
        conv = self.view(ConversationView)
        session_id = conv.current_session_id() if conv else None
        view = self.view("RecordsView") if session_id else None
        if view is None or not view.fill_session_of(session_id):
            kinds = [self.visit.framework.record_names(t)["short"] for t in self.visit.records.TABLES] \
                if self.visit else []
            self.statusBar().showMessage("Kies in Gesprek een gesprek dat een dossier krijgt"
                                         + (f" ({' of '.join(kinds)})." if kinds else "."), 5000)
            return
        self.show_view("RecordsView")

    def focus_search(self) -> None:
        view = self.show_view("BoardView")
        if view:
            view.search.setFocus()
            view.search.selectAll()

    def print_guide(self) -> None:
        """The printable guide (PDF): a choice of sessions, focus themes, own observations."""
        if self.ctx:
            from visitor_app.ui.guide import GuideDialog
            GuideDialog(self.ctx, self).exec()

    def show_shortcuts(self) -> None:
        kinds = self.visit.framework.observation_kinds if self.visit else []
        from visitor_app.ui.dialogs import ShortcutsDialog
        ShortcutsDialog(kinds, self).exec()

    def show_framework(self) -> None:
        if not self.visit:
            return
        fw = self.visit.framework
        sources = "".join(f"<li>{escape(s)}</li>" for s in fw.data.get("sources", []))
        ask.information(
            self, "Over het kader",
            f"<b>{escape(fw.name)}</b> (versie {escape(fw.version)}, status: {escape(fw.status)})"
            f"<p>{escape(fw.notice)}</p><p>Bronnen:</p><ul>{sources}</ul>")

    def show_about(self) -> None:
        from visitor_app.services.about import about_info
        from visitor_app.ui.about import AboutDialog
        dialog = AboutDialog(about_info(self.visit.framework if self.visit else None), self)
        dialog.exec()

    # -- layout memory -----------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.load_bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self.screen().availableGeometry().size()))

    def save_layout(self) -> None:
        self.settings.save_bytes("geometry", self.saveGeometry())
        if self.visit is not None and self.nav.currentRow() >= 0:
            self.settings.set_value("layout/view", self.nav.currentRow())
        for view in self.views:
            splitter = getattr(view, "splitter", None)
            if splitter is not None:
                self.settings.save_bytes(f"splitter/{type(view).__name__}", splitter.saveState())
        self.settings.sync()

    def show_rode_draden(self):
        """The ODNL analyst's window over the central database (one per main window)."""
        if self.rode_draden is None:
            from visitor_app.ui.rode_draden.window import RodeDradenWindow  # only when asked: start-up stays quick
            self.rode_draden = RodeDradenWindow(settings=self.settings)
        if self.rode_draden.db is None:  # first time, or closed since: the database of last time
            self.rode_draden.open_last()
        self.rode_draden.show()
        self.rode_draden.raise_()
        self.rode_draden.activateWindow()
        return self.rode_draden

    def closeEvent(self, event):
        if self.rode_draden is not None:
            self.rode_draden.close()
        self.save_layout()
        self.close_visitation()
        super().closeEvent(event)
