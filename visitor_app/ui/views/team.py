"""Team: hand out a copy per member, merge the copies back, and decide conflicts."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
    QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from visitor_app.services.encryption import opens_with
from visitor_app.ui import ops, passphrase
from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin

FILE_FILTER = "Visitatiebestanden (*.visitatie)"


def _side(title: str, label: str, by: str | None, deleted: bool, note: str = "") -> str:
    who = f"<br><small>{escape(by)}</small>" if by else ""
    gone = "<br><b>(verwijderd in deze versie)</b>" if deleted else ""
    extra = f"<br><small>{escape(note)}</small>" if note else ""
    return f"<h3>{escape(title)}</h3><p>{escape(label)}{gone}{who}{extra}</p>"


class TeamView(LazyMixin, QWidget):
    title = "Team"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.conflict_rows: list[dict] = []

        # -- hand out ------------------------------------------------------------------------
        self.member_combo = QComboBox()
        self.member_combo.setObjectName("handOutMember")
        self.member_combo.setEditable(True)
        self.member_combo.setToolTip("Kies een commissielid of typ een nieuwe naam (wordt als lid "
                                     "toegevoegd)")
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
        sides = QHBoxLayout()
        sides.addWidget(self.current_side)
        sides.addWidget(self.other_side)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.keep_current, self.keep_other, self.keep_both):
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
        typed = self.member_combo.currentText()
        self.member_combo.clear()
        self.member_combo.addItems([m["name"] for m in visit.members.list()])
        if typed:
            self.member_combo.setCurrentText(typed)
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
        for button in (self.keep_current, self.keep_other, self.keep_both):
            button.setEnabled(has)
        if not has:
            self.current_side.setHtml("")
            self.other_side.setHtml("")
            return
        c = self.conflict_rows[row]
        self.keep_both.setEnabled(c["can_keep_both"])
        self.current_side.setHtml(_side("Huidige versie", c["current_label"], c["current_by"],
                                        c["current_deleted"]))
        self.other_side.setHtml(_side("Andere versie", c["other_label"], c["other_by"],
                                      c["other_deleted"], f"uit: {c['source']}"))

    # -- actions ---------------------------------------------------------------------------
    def hand_out(self, _checked=False, out: str | None = None) -> None:
        name = self.member_combo.currentText().strip()
        if not name:
            self.ctx.status.emit("Kies eerst een commissielid of typ een naam.")
            return
        if out is None:
            suggested = str(self.ctx.visit.path.with_name(
                f"{self.ctx.visit.path.stem}-{name.split()[0].lower()}.visitatie"))
            out, _ = QFileDialog.getSaveFileName(self, f"Kopie voor {name} opslaan als", suggested,
                                                 FILE_FILTER)
        if not out:
            return
        if not out.endswith(".visitatie"):
            out += ".visitatie"
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
            extra = " (als lid toegevoegd)" if result["member_added"] else ""
            locked = ", versleuteld" if result.get("encrypted") else ""
            locked += "" if result.get("attachments", True) else ", zonder bijlagen"
            self.merge_result.setText(f"Kopie voor {result['member']}{extra}{locked}: {result['out']}")
            self.ctx.status.emit(f"Kopie voor {result['member']} geschreven")
        ops.op(self.ctx, self.ctx.visit.team.hand_out, name, out, secret,
               with_attachments=not self.without_attachments.isChecked(),
               on_done=lambda ch: done(ch.result))

    def choose_copies(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Kopieën van commissieleden kiezen",
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

    def resolve(self, keep: str) -> None:
        row = self.conflicts.currentRow()
        if not 0 <= row < len(self.conflict_rows):
            return
        conflict = self.conflict_rows[row]
        for button in (self.keep_current, self.keep_other, self.keep_both):
            button.setEnabled(False)
        def failed(exc):  # decided elsewhere meanwhile, say: show the list as it is now
            self.ctx.error.emit(exc)
            self.mark_stale()

        ops.op(self.ctx, self.ctx.visit.team.resolve, conflict["id"], keep, on_error=failed)
