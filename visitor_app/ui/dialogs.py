"""Dialogs: new visitation, who am I, session editor, shortcuts, messages."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QSize, Qt, QTime
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout,
    QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QScrollArea,
    QTimeEdit, QVBoxLayout,
)

from visitor_app.reports.dutch import long_date
from visitor_app.services.programme import overlapping

from visitor_app.ui.errors import show_error  # noqa: F401 (re-export)
from visitor_app.ui.widgets import ok_cancel_buttons

ROLE_LABELS = {"voorzitter": "Voorzitter", "lid": "Lid", "secretaris": "Secretaris"}


class NewVisitationDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Nieuwe visitatie")
        self.dienst = QLineEdit()
        self.dienst.setPlaceholderText("bijvoorbeeld Omgevingsdienst Lindewaard")
        self.start = QDateEdit(QDate.currentDate())
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd-MM-yyyy")
        self.end = QDateEdit(QDate.currentDate().addDays(1))
        self.end.setCalendarPopup(True)
        self.end.setDisplayFormat("dd-MM-yyyy")
        self.members = QPlainTextEdit()
        self.members.setPlaceholderText("Eén per regel: naam = rol (voorzitter, lid of secretaris)")
        form = QFormLayout(self)
        form.addRow("&Dienst", self.dienst)
        form.addRow("&Eerste dag", self.start)
        form.addRow("&Laatste dag", self.end)
        form.addRow("&Commissie", self.members)
        buttons = ok_cancel_buttons(self, "Aanmaken", "Annuleren")
        form.addRow(buttons)

    def member_list(self) -> list[tuple[str, str]]:
        out = []
        for line in self.members.toPlainText().splitlines():
            if not line.strip():
                continue
            name, _, role = line.partition("=")
            out.append((name.strip(), (role or "lid").strip()))
        return out

    def values(self) -> dict:
        return {"dienst": self.dienst.text(), "start": self.start.date().toString("yyyy-MM-dd"),
                "end": self.end.date().toString("yyyy-MM-dd"), "members": self.member_list()}


class WhoAmIDialog(QDialog):
    """On first opening of a copy: which commission member am I?"""

    def __init__(self, members: list[dict], dienst: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Wie ben jij?")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Je opent de visitatie van <b>{dienst}</b>.<br>Kies je naam: "
                                "je waarnemingen krijgen jou als auteur."))
        self.list = QListWidget()
        self.list.setObjectName("whoAmIList")
        for m in members:
            item = QListWidgetItem(f"{m['name']}  ({ROLE_LABELS.get(m['role'], m['role'])})")
            item.setData(Qt.UserRole, m["id"])
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _: self.accept())
        layout.addWidget(self.list)
        buttons = ok_cancel_buttons(self, "Dat ben ik", "Later kiezen")
        layout.addWidget(buttons)

    def member_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None


class TimeField(QTimeEdit):
    """A time (HH:mm) where typing a whole time works wherever the cursor stands.

    Qt's QTimeEdit types into the section under the cursor: "14:15" typed with the cursor
    before "09:00" gave 09:15, and after it changed only the minutes. Here the digits typed
    since the field was entered (or clicked) are read as one time: "14:15", "14.15", "1415",
    "930", "9:30"; two digits typed in the minutes change the minutes."""

    def __init__(self, text: str, parent=None):
        super().__init__(QTime.fromString(text, "HH:mm"), parent)
        self.setDisplayFormat("HH:mm")
        self._typed = ""
        self._from = QDateTimeEdit.HourSection
        self._minutes = 0

    def focusInEvent(self, event):
        self._typed = ""
        super().focusInEvent(event)

    def mousePressEvent(self, event):
        self._typed = ""
        super().mousePressEvent(event)

    def keyPressEvent(self, event):
        ch = event.text()
        if not ch or not (ch.isdigit() or ch in ":."):
            self._typed = ""
            super().keyPressEvent(event)
            return
        ch = ":" if ch == "." else ch
        if not self._typed:
            whole = self.lineEdit().selectedText() == self.text()
            self._from = QDateTimeEdit.HourSection if whole else self.currentSection()
            self._minutes = self.time().minute()
        candidates = [self._typed + ch]
        if re.fullmatch(r"\d{1,2}:\d{2}|\d{4}", self._typed):
            candidates.append(ch)  # a new time after one that was complete
        for n, typed in enumerate(candidates):
            if n:
                self._from = QDateTimeEdit.HourSection
            read = self._read(typed)
            if read is not None:
                self._typed = typed
                self.setTime(read[0])
                self.setCurrentSection(read[1])
                return
        # not a time (such as "25"): the key is ignored, what was typed stays

    def _read(self, typed: str):
        """(QTime, section to stand in) for what was typed, or None when it is no time."""
        hour_now = self.time().hour()
        m = re.fullmatch(r"(\d{1,2}):(\d{0,2})", typed)
        if m:
            hour, minute = int(m.group(1)), int(m.group(2)) if m.group(2) else self._minutes
        elif re.fullmatch(r"\d{1,2}", typed) and self._from == QDateTimeEdit.MinuteSection \
                and int(typed) <= 59:
            hour, minute = hour_now, int(typed)
        elif re.fullmatch(r"\d{1,2}", typed) and int(typed) <= 23:
            hour, minute = int(typed), self._minutes
        elif re.fullmatch(r"\d{2}", typed):  # "93": on the way to 9:30
            hour, minute = int(typed[0]), int(typed[1])
        elif re.fullmatch(r"\d{3}", typed) and int(typed[1:]) > 59:  # "083": on the way to 08:30
            hour, minute = int(typed[:2]), int(typed[2])
        elif re.fullmatch(r"\d{3,4}", typed):
            hour, minute = int(typed[:-2]), int(typed[-2:])
        else:
            return None
        if hour > 23 or minute > 59:
            return None
        in_hours = (re.fullmatch(r"\d{1,2}", typed) and int(typed) <= 23
                    and self._from != QDateTimeEdit.MinuteSection)
        return QTime(hour, minute), (QDateTimeEdit.HourSection if in_hours else QDateTimeEdit.MinuteSection)


class SessionDialog(QDialog):
    """Add or edit a programme session: any day of the visit, any time.

    ``dates``: the visit's dates (ISO), day 1 first. ``others``: the programme's sessions,
    to warn when the chosen day and time overlap one of them; the first click on Opslaan
    then names them and the second ("Toch opslaan") saves. ``submit(values, done, refused)``
    saves in the background; the dialog closes only when ``done`` is called, and on a refusal
    it stays open with everything typed and shows the message."""

    def __init__(self, framework, dates: list[str], session: dict | None = None,
                 others: list[dict] = (), submit=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Programmaonderdeel bewerken" if session else "Programmaonderdeel toevoegen")
        self.framework = framework
        self.others = list(others)
        self.submit = submit
        s = session or {}
        self.session_id = s.get("id")
        self._confirmed = None  # (day, start, end) the user chose to save despite an overlap
        self.day = QComboBox()
        self.day.setObjectName("sessionDay")
        for n, iso in enumerate(dates, start=1):
            self.day.addItem(f"Dag {n} · {long_date(iso)}", n)
        if s.get("day") and self.day.findData(s["day"]) < 0:  # the visit became shorter
            self.day.addItem(f"Dag {s['day']} (valt buiten het bezoek)", s["day"])
        self.day.setCurrentIndex(max(0, self.day.findData(s.get("day", 1))))
        self.start = TimeField(s.get("start", "09:00"))
        self.start.setObjectName("sessionStart")
        self.end = TimeField(s.get("end", "10:00"))
        self.end.setObjectName("sessionEnd")
        self.conversation = QComboBox()
        self.conversation.setObjectName("sessionConversation")
        for c in framework.conversation_types:
            self.conversation.addItem(c["name"], c["id"])
        if s.get("conversation"):
            self.conversation.setCurrentIndex(self.conversation.findData(s["conversation"]))
        self.title = QLineEdit(s.get("title", ""))
        self.title.setObjectName("sessionTitle")
        self.title.setPlaceholderText("leeg = naam van het gesprekstype")
        self.participants = QPlainTextEdit()
        self.participants.setObjectName("sessionParticipants")
        self.participants.setPlaceholderText("Eén deelnemer per regel: functie, eventueel ' = naam'")
        self.participants.setPlainText("\n".join(
            p["function"] + (f" = {p['name']}" if p.get("name") else "") for p in s.get("participants", [])))
        self.themes = QListWidget()
        self.themes.setObjectName("sessionThemes")
        chosen = set(s.get("themes") or [])
        for t in framework.themes:
            item = QListWidgetItem(t["name"])
            item.setData(Qt.UserRole, t["id"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if t["id"] in chosen else Qt.Unchecked)
            self.themes.addItem(item)
        self.auto_themes = QCheckBox("Thema's volgens het kader (op basis van de gespreksvragen)")
        self.auto_themes.setChecked(not session)
        self.auto_themes.toggled.connect(lambda on: self.themes.setEnabled(not on))
        self.themes.setEnabled(not self.auto_themes.isChecked())
        self.overlap = QLabel()
        self.overlap.setObjectName("sessionOverlap")
        self.overlap.setWordWrap(True)
        self.overlap.setStyleSheet("color: #8a5a00;")
        self.overlap.hide()
        self.message = QLabel()
        self.message.setObjectName("sessionMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        form = QFormLayout(self)
        form.addRow("&Dag", self.day)
        form.addRow("&Begin", self.start)
        form.addRow("&Einde", self.end)
        form.addRow(self.overlap)
        form.addRow("&Gesprek", self.conversation)
        form.addRow("&Titel", self.title)
        form.addRow("De&elnemers (functies)", self.participants)
        form.addRow(self.auto_themes)
        form.addRow("T&hema's", self.themes)
        form.addRow(self.message)
        self.buttons = ok_cancel_buttons(self, "Opslaan", "Annuleren")
        self.save_button = self.buttons.button(QDialogButtonBox.Ok)
        self.save_button.setObjectName("sessionSave")
        form.addRow(self.buttons)
        self.day.currentIndexChanged.connect(self._check_overlap)
        self.start.timeChanged.connect(self._check_overlap)
        self.end.timeChanged.connect(self._check_overlap)
        self._check_overlap()

    def clashes(self) -> list[dict]:
        """The other sessions the chosen day and time overlap."""
        return overlapping(self.others, self.day.currentData(), self.start.time().toString("HH:mm"),
                           self.end.time().toString("HH:mm"), exclude=self.session_id)

    def _when(self) -> tuple:
        return (self.day.currentData(), self.start.time().toString("HH:mm"),
                self.end.time().toString("HH:mm"))

    def _check_overlap(self, *_args, asking: bool = False) -> None:
        clashes = self.clashes()
        if self._confirmed != self._when():
            self._confirmed = None
            self.save_button.setText("Opslaan")
        if not clashes:
            self.overlap.hide()
            return
        names = "; ".join(f"‘{c['title']}’ (dag {c['day']}, {c['start']}–{c['end']})"
                          for c in clashes)
        text = f"Let op: dit onderdeel overlapt met {names}."
        if asking:
            text += " Kies Toch opslaan om het zo te bewaren, of pas dag of tijd aan."
        self.overlap.setText(text)
        self.overlap.show()

    def accept(self) -> None:
        if self.clashes() and self._confirmed != self._when():
            self._confirmed = self._when()
            self._check_overlap(asking=True)
            self.save_button.setText("Toch opslaan")
            return
        if self.submit is None:
            super().accept()
            return
        self.message.hide()
        self.buttons.setEnabled(False)
        self.submit(self.values(), self._saved, self._refused)

    def _saved(self, _result=None) -> None:
        self.buttons.setEnabled(True)
        QDialog.accept(self)

    def _refused(self, exc: BaseException) -> None:
        """The service said no: keep everything typed, say why."""
        from visitor_app.errors import InputError
        self.buttons.setEnabled(True)
        if not isinstance(exc, InputError):
            show_error(self, exc, "Programmaonderdeel niet opgeslagen")
            return
        text = exc.message
        self.message.setText("Niet opgeslagen: " + text + ("" if text.endswith(".") else "."))
        self.message.show()

    def values(self) -> dict:
        people = []
        for line in self.participants.toPlainText().splitlines():
            if line.strip():
                function, _, name = line.partition("=")
                entry = {"function": function.strip()}
                if name.strip():
                    entry["name"] = name.strip()
                people.append(entry)
        themes = None
        if not self.auto_themes.isChecked():
            themes = [self.themes.item(i).data(Qt.UserRole) for i in range(self.themes.count())
                      if self.themes.item(i).checkState() == Qt.Checked]
        return {"day": self.day.currentData(), "start": self.start.time().toString("HH:mm"),
                "end": self.end.time().toString("HH:mm"), "conversation": self.conversation.currentData(),
                "title": self.title.text(), "participants": people, "themes": themes}


GO_TO_VIEWS = "Alt+Shift+cijfer"
SHORTCUTS = [
    ("Ctrl+N", "Nieuwe waarneming (naar gespreksmodus, cursor in het tekstveld)"),
    ("Enter", "Waarneming opslaan"), ("Shift+Enter", "Nieuwe regel in de waarneming"),
    ("Esc", "Tekstveld leegmaken"),
    ("Ctrl+PgDown / PgUp", "Volgend / vorig gesprek (Algemeen eerst)"),
    ("Ctrl+G", "Gesprek kiezen: typ een deel van de naam, Enter"),
    ("Ctrl+J", "Naar het gesprek van nu (klok), anders het volgende"),
    ("Ctrl+M", "Geselecteerde waarneming(en) naar ander gesprek of Algemeen"),
    ("Ctrl+1 … Ctrl+9", "Thema kiezen (volgorde van het kader)"),
    ("Alt+1 … Alt+9", "Subthema kiezen; Alt+0 = geen subthema"),
    ("Alt + letter", "Soort waarneming (letters staan achter de soort in de keuzelijst)"),
    ("Ctrl+F", "Zoeken in alle waarnemingen"),
    ("Del", "Geselecteerde waarneming verwijderen (overzicht)"),
    ("Ctrl+Z", "Verwijderen ongedaan maken"),
    ("F2", "Tekst van de geselecteerde waarneming bewerken"),
    ("Ctrl+P", "Geselecteerde waarneming vastpinnen of losmaken"),
    (GO_TO_VIEWS, "Naar de weergaven, in de volgorde van de lijst links"),  # filled in from VIEWS
    ("Ctrl+O / Ctrl+Shift+N", "Bestand openen / nieuwe visitatie"),
    ("F1", "Dit overzicht"),
]

# Rapport (ui/views/report.py makes them)
REPORT_SHORTCUTS = [
    ("F2", "Tekst van de gekozen bevinding bewerken (Enter: nieuwe regel)"),
    ("Ctrl+Enter", "Tekst van de bevinding meteen opslaan"),
    ("Ctrl+K", "Gekozen bevinding(en) de volgende soort geven"),
    ("Ctrl+L", "Gekozen waarneming(en) toevoegen aan de gekozen bevinding"),
]


def view_shortcuts() -> list[tuple[str, tuple]]:
    """(heading, (keys, what) pairs) of the views that bind keys of their own, as they bind them."""
    from visitor_app.ui.views import guide, preparation, team  # the views define their keys
    return [("Gesprek: gespreksvragen", guide.SHORTCUTS), ("Team", team.SHORTCUTS),
            ("Voorbereiding", preparation.SHORTCUTS)]


class ShortcutsDialog(QDialog):
    def __init__(self, kinds: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Sneltoetsen")
        layout = QVBoxLayout(self)
        from visitor_app.ui.main_window import VIEWS, view_key  # the views in navigation order
        titles = [title for _module, _name, title in VIEWS]
        keyed = [t for i, t in enumerate(titles) if view_key(i)]
        keys = "Alt+Shift+1 … 9, 0" if len(keyed) == 10 else f"Alt+Shift+1 … {len(keyed)}"
        what = "Naar " + ", ".join(keyed) + (
            f"; naar {', '.join(titles[len(keyed):])} via het menu Ga naar" if len(keyed) < len(titles) else "")
        general = [(k, v) if k != GO_TO_VIEWS else (keys, what) for k, v in SHORTCUTS]
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in general)
        kind_rows = "".join(f"<tr><td><b>Alt+{k['key'].upper()}</b></td><td>{k['name']}</td></tr>"
                            for k in kinds)
        report_rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in REPORT_SHORTCUTS)
        views = "".join(f"<h4>{title}</h4><table cellpadding=4>" + "".join(
            f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in keys) + "</table>"
            for title, keys in view_shortcuts())
        label = QLabel(f"<table cellpadding=4>{rows}</table><table><tr><td valign=top><h4>Soorten</h4>"
                       f"<table cellpadding=4>{kind_rows}</table></td><td valign=top><h4>Rapport</h4>"
                       f"<table cellpadding=4>{report_rows}</table></td></tr></table>{views}")
        label.setObjectName("shortcutsText")
        label.setTextFormat(Qt.RichText)
        # the list is longer than a small screen (960x540 at 200 %) is high: it scrolls there
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(label)
        scroll.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)
        layout.addWidget(scroll)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        wanted = label.sizeHint() + QSize(scroll.verticalScrollBar().sizeHint().width() + 30, 70)
        screen = (parent.screen() if parent is not None else QApplication.primaryScreen()).availableGeometry()
        self.resize(wanted.boundedTo(screen.size() - QSize(40, 80)))
