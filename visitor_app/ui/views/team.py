"""Team: hand out a copy per member, merge the copies back, and decide conflicts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from visitor_app.services.encryption import opens_with
from visitor_app.ui import files, ops, passphrase
from visitor_app.ui.conflict import ConflictEditDialog, show_sides
from visitor_app.ui.context import AppContext
from visitor_app.ui.dialogs import ROLE_LABELS
from visitor_app.ui.views.lazy import LazyMixin
from visitor_app.ui.widgets import ok_cancel_buttons

FILE_FILTER = "Visitatiebestanden (*.visitatie)"
# Keys of the Team view (a conflict's decision) and of the Bestand menu's entries that lead
# here (bound in ui/main_window.py); F1 lists them.
KEEP_KEYS = {"current": "Ctrl+1", "other": "Ctrl+2", "both": "Ctrl+3"}
HAND_OUT_KEY, MERGE_KEY = "Ctrl+Shift+K", "Ctrl+Shift+M"
SHORTCUTS = ((HAND_OUT_KEY, "Kopie voor een commissielid maken (naar Team)"),
             (MERGE_KEY, "Kopieën van commissieleden samenvoegen (naar Team)"),
             ("Alt+Shift+8", "Naar Team"),
             (" / ".join(KEEP_KEYS.values()), "Conflict beslissen: huidige / andere / beide versies "
                                             "houden (in Team)"))


class NewMemberDialog(QDialog):
    """A new member of the commission: a name and a role, added before a copy is made."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Nieuw commissielid")
        self.setObjectName("newMemberDialog")
        self.name = QLineEdit()
        self.name.setObjectName("newMemberName")
        self.name.setPlaceholderText("voornaam en achternaam")
        self.role = QComboBox()
        self.role.setObjectName("newMemberRole")
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.role.setCurrentIndex(self.role.findData("lid"))
        form = QFormLayout(self)
        form.addRow(QLabel("Wie niet in de lijst staat, voeg je hier eerst toe aan de commissie."))
        form.addRow("&Naam", self.name)
        form.addRow("&Rol", self.role)
        form.addRow(ok_cancel_buttons(self, "Toevoegen", "Annuleren"))

    def values(self) -> tuple[str, str]:
        return self.name.text(), self.role.currentData()


class TeamView(LazyMixin, QWidget):
    title = "Team"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.conflict_rows: list[dict] = []

        # -- hand out ------------------------------------------------------------------------
        # a member of the commission, picked from the list (a typo must not stamp a copy
        # with someone else); a new member is an explicit step: "Nieuw lid …"
        self.member_combo = QComboBox()
        self.member_combo.setObjectName("handOutMember")
        self.member_combo.setToolTip("Kies het commissielid voor wie de kopie is")
        self.new_member_button = QPushButton("Nieuw lid …")
        self.new_member_button.setObjectName("newMemberButton")
        self.new_member_button.setToolTip("Een commissielid dat nog niet in de lijst staat: naam en rol")
        self.new_member_button.clicked.connect(self.new_member)
        self.hand_out_button = QPushButton("Kopie maken …")
        self.hand_out_button.setObjectName("handOutButton")
        self.hand_out_button.clicked.connect(self.hand_out)
        self.without_attachments = QCheckBox("Zonder bijlagen")
        self.without_attachments.setObjectName("handOutWithoutAttachments")
        self.without_attachments.setToolTip("Laat de bijlagen van het documentenregister weg uit de "
                                            "kopie (de documenten zelf blijven); samenvoegen "
                                            "verwijdert ze niet uit dit bestand")
        hand_out_box = QGroupBox("Kopie voor een commissielid")
        row = QHBoxLayout(hand_out_box)
        row.addWidget(QLabel("Commissielid:"))
        row.addWidget(self.member_combo, 1)
        row.addWidget(self.new_member_button)
        row.addWidget(self.without_attachments)
        row.addWidget(self.hand_out_button)

        # -- merge ---------------------------------------------------------------------------
        self.merge_button = QPushButton("Kopieën samenvoegen …")
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.choose_copies)
        self.merge_result = QLabel()
        self.merge_result.setObjectName("mergeResult")
        self.merge_result.setWordWrap(True)
        self.log = QListWidget()
        self.log.setObjectName("mergeLog")
        self.log.setMaximumHeight(self.fontMetrics().height() * 7)
        merge_box = QGroupBox("Kopieën van commissieleden samenvoegen in dit bestand")
        merge_layout = QVBoxLayout(merge_box)
        top = QHBoxLayout()
        top.addWidget(self.merge_button)
        top.addWidget(self.merge_result, 1)
        merge_layout.addLayout(top)
        merge_layout.addWidget(QLabel("Eerder samengevoegd:"))
        merge_layout.addWidget(self.log)

        # -- conflicts -----------------------------------------------------------------------
        self.conflicts = QListWidget()
        self.conflicts.setObjectName("conflictList")
        self.conflicts.setWordWrap(True)
        self.conflicts.currentRowChanged.connect(self._show_conflict)
        self.current_side = QTextBrowser()
        self.current_side.setObjectName("conflictCurrent")
        self.other_side = QTextBrowser()
        self.other_side.setObjectName("conflictOther")
        self.keep_current = QPushButton("Huidige houden")
        self.keep_current.setObjectName("keepCurrent")
        self.keep_other = QPushButton("Andere houden")
        self.keep_other.setObjectName("keepOther")
        self.keep_both = QPushButton("Beide houden")
        self.keep_both.setObjectName("keepBoth")
        self.keep_both.setToolTip("De andere versie wordt een eigen waarneming, bevinding, … naast "
                                  "de huidige")
        for button, keep in ((self.keep_current, "current"), (self.keep_other, "other"),
                             (self.keep_both, "both")):
            button.clicked.connect(lambda _=False, k=keep: self.resolve(k))
            button.setToolTip(" · ".join(filter(None, (button.toolTip(), KEEP_KEYS[keep]))))
            key = QShortcut(QKeySequence(KEEP_KEYS[keep]), self)
            key.setContext(Qt.WidgetWithChildrenShortcut)
            key.activated.connect(lambda k=keep, b=button: b.isEnabled() and self.resolve(k))
        self.edit_and_keep = QPushButton("Aanpassen en houden …")
        self.edit_and_keep.setObjectName("editAndKeep")
        self.edit_and_keep.setToolTip("De tekst van de versie die blijft zelf aanpassen")
        self.edit_and_keep.clicked.connect(self.edit_conflict)
        sides = QHBoxLayout()
        sides.addWidget(self.current_side)
        sides.addWidget(self.other_side)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.keep_current, self.keep_other, self.keep_both, self.edit_and_keep):
            buttons.addWidget(button)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(sides, 1)
        detail_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.conflicts)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(1, 2)
        self.conflict_box = QGroupBox("Conflicten")
        conflict_layout = QVBoxLayout(self.conflict_box)
        self.conflict_intro = QLabel()
        self.conflict_intro.setWordWrap(True)
        conflict_layout.addWidget(self.conflict_intro)
        conflict_layout.addWidget(self.splitter, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(hand_out_box)
        layout.addWidget(merge_box)
        layout.addWidget(self.conflict_box, 1)
        self.watch(ctx, "team", "members", "observations", "records", "assessments", "findings",
                   "report", "programme", "details")

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.stale = False
        visit = self.ctx.visit
        chosen = self.member_combo.currentData()
        self.member_combo.clear()
        for m in visit.members.list():
            self.member_combo.addItem(m["name"], m["id"])
            self.member_combo.setItemData(self.member_combo.count() - 1,
                                          ROLE_LABELS.get(m["role"], m["role"]), Qt.ToolTipRole)
        if chosen is not None and self.member_combo.findData(chosen) >= 0:
            self.member_combo.setCurrentIndex(self.member_combo.findData(chosen))
        self.log.clear()
        for entry in visit.team.log():
            who = f" ({entry['member']})" if entry["member"] else ""
            self.log.addItem(f"{entry['merged_at'][:16].replace('T', ' ')}  {entry['source']}{who}: "
                             f"{entry['added']} nieuw, {entry['updated']} bijgewerkt, "
                             f"{entry['conflicts']} conflict(en)")
        if not self.log.count():
            self.log.addItem("(nog niets samengevoegd)")
        self.conflict_rows = visit.team.conflicts()
        self.conflicts.clear()
        for c in self.conflict_rows:
            label = c["current_label"] if len(c["current_label"]) <= 90 else c["current_label"][:89] + "…"
            item = QListWidgetItem(f"{c['what'].capitalize()}: {label}")
            item.setToolTip(c["current_label"])
            self.conflicts.addItem(item)
        n = len(self.conflict_rows)
        self.conflict_box.setTitle(f"Conflicten ({n})")
        self.conflict_intro.setText(
            "Geen conflicten: alles is samengevoegd." if not n else
            "Hetzelfde record is in twee versies gewijzigd. De nieuwste versie staat nu in het bestand "
            "(links); kies per conflict welke versie blijft. Een keuze blijft gelden als dezelfde "
            "kopie nog eens wordt samengevoegd.")
        if n:
            self.conflicts.setCurrentRow(0)
        else:
            self._show_conflict(-1)

    def _show_conflict(self, row: int) -> None:
        has = 0 <= row < len(self.conflict_rows)
        for button in (self.keep_current, self.keep_other, self.keep_both, self.edit_and_keep):
            button.setEnabled(has)
        if not has:
            self.current_side.setHtml("")
            self.other_side.setHtml("")
            return
        c = self.conflict_rows[row]
        self.keep_both.setEnabled(c["can_keep_both"])
        self.edit_and_keep.setEnabled(c["can_edit_text"])
        show_sides(c, self.current_side, self.other_side)  # the words that differ highlighted

    # -- actions ---------------------------------------------------------------------------
    def select_member(self, member_id: str) -> None:
        index = self.member_combo.findData(member_id)
        if index >= 0:
            self.member_combo.setCurrentIndex(index)

    def new_member(self, _checked=False, values: tuple[str, str] | None = None) -> None:
        """Add a member to the commission (name and role), then pick them for the copy;
        ``values``: the dialog's answer, for tests."""
        if values is None:
            dialog = NewMemberDialog(self)
            if not dialog.exec():
                return
            values = dialog.values()

        def done(changes):
            self.reload()
            self.select_member(changes.id)
            self.ctx.status.emit(f"{values[0].strip()} is aan de commissie toegevoegd")
        ops.op(self.ctx, self.ctx.visit.members.add, *values, on_done=done)

    def hand_out(self, _checked=False, out: str | None = None, replace: bool | None = None) -> None:
        """A copy for the member picked in the list. The file dialog asks before an existing
        file is replaced (Ja: it is replaced; ``out``/``replace``: the answers, for tests)."""
        member_id = self.member_combo.currentData()
        name = self.ctx.visit.members.names().get(member_id) if member_id else None
        if not name:
            self.ctx.status.emit("Kies eerst een commissielid, of voeg een nieuw lid toe.")
            return
        if out is None:
            suggested = str(self.ctx.visit.path.with_name(
                f"{self.ctx.visit.path.stem}-{name.split()[0].lower()}.visitatie"))
            out = files.save_file(self, f"Kopie voor {name} opslaan als", suggested, FILE_FILTER)
        if not out:
            return
        if not out.endswith(".visitatie"):
            out += ".visitatie"
        if replace is None:  # the dialog only returns an existing file after "Ja, vervangen"
            replace = Path(out).exists()
        secret = None  # a plain visitation's copy is plain; an encrypted one's is always encrypted
        if self.ctx.visit.encrypted:
            chosen = passphrase.choose_passphrase(
                self, f"Wachtwoord voor de kopie van {name}",
                f"De kopie voor {name} wordt versleuteld. Geef haar of hem hetzelfde wachtwoord als "
                "deze visitatie, of een eigen wachtwoord (dat je apart doorgeeft).",
                alternative=passphrase.SAME, checked=True)
            if chosen is None:
                return
            secret = chosen[1]  # None: the same passphrase as this file

        def done(result):
            locked = ", versleuteld" if result.get("encrypted") else ""
            replaced = " (het bestaande bestand is vervangen)" if result.get("replaced") else ""
            locked += "" if result.get("attachments", True) else ", zonder bijlagen"
            self.merge_result.setText(f"Kopie voor {result['member']}{locked}: {result['out']}{replaced}")
            self.ctx.status.emit(f"Kopie voor {result['member']} geschreven")
        ops.op(self.ctx, self.ctx.visit.team.hand_out, name, out, secret, None, replace,
               not self.without_attachments.isChecked(),
               on_done=lambda ch: done(ch.result))

    def choose_copies(self) -> None:
        paths = files.open_files(self, "Kopieën van commissieleden kiezen",
                                 str(self.ctx.visit.path.parent), FILE_FILTER)
        if paths:
            self.merge(paths)

    def copy_passphrases(self, paths: list[str]) -> dict[str, str] | None:
        """Ask for the passphrase of each encrypted copy that this file's own does not open
        (again after a wrong one); None when the user cancels."""
        asked: dict[str, str] = {}
        team = self.ctx.visit.team
        for path in paths:
            if not team.needs_passphrase(path):
                continue
            error = None
            while True:
                secret = passphrase.ask_passphrase(self, path, error, what="kopie")
                if secret is None:
                    return None
                if opens_with(path, secret):
                    asked[str(Path(path))] = secret
                    break
                error = passphrase.WRONG
        return asked

    def merge(self, paths: list[str]) -> None:
        asked = self.copy_passphrases(paths)
        if asked is None:
            self.merge_result.setText("Niet samengevoegd; er is niets veranderd.")
            return
        self.merge_button.setEnabled(False)
        self.merge_result.setText(f"Bezig met samenvoegen van {len(paths)} kopie(ën) …")

        def done(result):
            self.merge_button.setEnabled(True)
            names = ", ".join(Path(c["file"]).name for c in result["copies"])
            self.merge_result.setText(
                f"Samengevoegd: {names}. {result['added']} nieuw, {result['updated']} bijgewerkt, "
                f"{result['conflicts']} nieuw conflict(en), {result['open_conflicts']} te beslissen. "
                f"Reservekopie vooraf: "
                f"{Path(result['backup']).name}")

        def failed(exc):
            self.merge_button.setEnabled(True)
            self.merge_result.setText("Niet samengevoegd; er is niets veranderd.")
            self.ctx.error.emit(exc)
        def passphrase_for(path: Path):  # None: the copy opens with this file's own
            return asked.get(str(Path(path)))
        ops.op(self.ctx, self.ctx.visit.team.merge, paths, passphrase_for if asked else None,
               on_done=lambda ch: done(ch.result), on_error=failed)

    def edit_conflict(self) -> None:
        """The chosen conflict in a dialog: word the kept version's text, then keep it."""
        row = self.conflicts.currentRow()
        if not 0 <= row < len(self.conflict_rows) or not self.conflict_rows[row]["can_edit_text"]:
            return
        dialog = ConflictEditDialog(self.conflict_rows[row], self)
        dialog.accepted.connect(lambda: self.resolve(dialog.keep, dialog.text()))
        self.edit_dialog = dialog
        dialog.open()

    def resolve(self, keep: str, text: str | None = None) -> None:
        row = self.conflicts.currentRow()
        if not 0 <= row < len(self.conflict_rows):
            return
        conflict = self.conflict_rows[row]
        for button in (self.keep_current, self.keep_other, self.keep_both, self.edit_and_keep):
            button.setEnabled(False)
        def failed(exc):  # decided elsewhere meanwhile, say: show the list as it is now
            self.ctx.error.emit(exc)
            self.mark_stale()

        ops.op(self.ctx, self.ctx.visit.team.resolve, conflict["id"], keep, text, on_error=failed)
