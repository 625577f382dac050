"""Passphrase dialogs: choosing one for a new encrypted visitation (or a member's copy),
and typing one to open an encrypted file. Dutch on screen; the passphrase leaves these
dialogs only as a return value and is held by the open visitation, never stored."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from visitor_app.services.encryption import MIN_LENGTH, NO_RECOVERY, strength
from visitor_app.ui.widgets import ok_cancel_buttons

# What NewPassphraseDialog.choice() gives for its alternative (the box below the fields).
PLAIN = "plain"  # "Zonder versleuteling"
SAME = "same"  # "Hetzelfde wachtwoord als deze visitatie"
ALTERNATIVES = {PLAIN: "Zonder versleuteling (alleen als niemand anders bij het bestand kan)",
                SAME: "Hetzelfde wachtwoord als deze visitatie"}
# What AskPassphraseDialog asks for: the passphrase to open a file, or the current one
# before a new one is chosen (Wachtwoord wijzigen).
OPEN, CURRENT = "open", "current"
TITLES = {OPEN: "Wachtwoord", CURRENT: "Huidig wachtwoord"}
NEW_VISITATION_TITLE = "Wachtwoord voor de nieuwe visitatie"
MIN_EMS = 36  # the dialogs' least width, in M's: wrapped text stays readable
LEVEL_COLOURS = {"te kort": "#b00020", "zwak": "#b00020", "redelijk": "#8a6d00", "sterk": "#1b6e20"}


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.Password)
    return field


class NewPassphraseDialog(QDialog):
    """A new passphrase, typed twice, with a plain-Dutch strength hint and the warning that
    nobody can recover it. ``alternative`` (PLAIN or SAME) adds a box that needs no
    passphrase; ``checked`` ticks it at the start."""

    def __init__(self, parent=None, title: str = "Wachtwoord kiezen", intro: str = "",
                 alternative: str | None = None, checked: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("newPassphraseDialog")
        self.intro = QLabel(intro or "De visitatie wordt versleuteld opgeslagen: zonder het wachtwoord "
                            "is er niets van te lezen.")
        self.intro.setWordWrap(True)
        self.first = _secret_field("passphraseFirst")
        self.second = _secret_field("passphraseSecond")
        self.hint = QLabel()
        self.hint.setObjectName("passphraseStrength")
        self.hint.setWordWrap(True)
        # A member's copy (SAME) is a copy, not the visitation itself.
        no_recovery = NO_RECOVERY.replace("de visitatie", "de kopie") if alternative == SAME else NO_RECOVERY
        self.warning = QLabel(f"<b>{no_recovery}</b>")
        self.warning.setObjectName("passphraseNoRecovery")
        self.warning.setTextFormat(Qt.RichText)
        self.warning.setWordWrap(True)
        self.alternative = alternative
        self.alternative_box = None
        form = QFormLayout(self)
        form.addRow(self.intro)
        if alternative:
            self.alternative_box = QCheckBox(ALTERNATIVES[alternative])
            self.alternative_box.setObjectName("passphraseAlternative")
            self.alternative_box.setChecked(checked)
            self.alternative_box.toggled.connect(self._update)
        if alternative == SAME:  # the choice comes first: the fields are for an own passphrase
            form.addRow(self.alternative_box)
        form.addRow("&Wachtwoord", self.first)
        form.addRow("&Nog een keer", self.second)
        form.addRow(self.hint)
        form.addRow(self.warning)
        if alternative == PLAIN:  # the exception, below the fields
            form.addRow(self.alternative_box)
        self.buttons = ok_cancel_buttons(self, "OK", "Annuleren")
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * MIN_EMS)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def uses_alternative(self) -> bool:
        return self.alternative_box is not None and self.alternative_box.isChecked()

    def _update(self) -> None:
        other = self.uses_alternative()
        for widget in (self.first, self.second, self.hint, self.warning):
            widget.setEnabled(not other)
        text, repeat = self.first.text(), self.second.text()
        if other:
            self.hint.setText("Zonder versleuteling kan iedereen die het bestand heeft het lezen."
                              if self.alternative == PLAIN else "De kopie krijgt het wachtwoord van "
                              "deze visitatie.")
            self.hint.setStyleSheet("")
        elif not text:
            self.hint.setText(f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens; een zin van "
                              "vier of meer woorden is sterk en goed te onthouden.")
            self.hint.setStyleSheet("")
        else:
            level, hint = strength(text)
            extra = " De twee wachtwoorden verschillen nog." if repeat and repeat != text else ""
            self.hint.setText(f"Sterkte: {hint}.{extra}")
            self.hint.setStyleSheet(f"color: {LEVEL_COLOURS[level]}")
        ok = other or (len(text) >= MIN_LENGTH and text == repeat)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def choice(self) -> tuple[str, str | None]:
        """("passphrase", the passphrase) or (the alternative, None)."""
        if self.uses_alternative():
            return self.alternative, None
        return "passphrase", self.first.text()


class AskPassphraseDialog(QDialog):
    """The passphrase of an encrypted file, to open it; ``error`` says why it is asked again."""

    def __init__(self, path: Path | str, parent=None, error: str | None = None, what: str = "visitatie",
                 purpose: str = OPEN):
        super().__init__(parent)
        self.setWindowTitle(TITLES[purpose])
        self.setObjectName("askPassphraseDialog")
        name = escape(Path(path).name)
        if purpose == CURRENT:
            text = (f"Typ eerst het huidige wachtwoord van <b>{name}</b>. Daarna kies je het "
                    "nieuwe.")
        elif what == "kopie":
            text = (f"De kopie <b>{name}</b> heeft een eigen wachtwoord: dat van deze visitatie "
                    "opent haar niet. Typ het wachtwoord van de kopie.")
        else:
            text = f"De {what} <b>{name}</b> is versleuteld. Typ het wachtwoord."
        intro = QLabel(text)
        intro.setTextFormat(Qt.RichText)
        intro.setWordWrap(True)
        intro.setToolTip(str(path))
        self.field = _secret_field("passphraseField")
        self.error = QLabel(error or "")
        self.error.setObjectName("passphraseError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("&Wachtwoord", self.field)
        form.addRow(self.error)
        self.buttons = ok_cancel_buttons(self, "Verder" if purpose == CURRENT else "Openen", "Annuleren")
        form.addRow(self.buttons)
        self.field.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(text)))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * MIN_EMS)

    def passphrase(self) -> str:
        return self.field.text()


WRONG = "Dit wachtwoord klopt niet. Let op hoofdletters en spaties, en probeer het opnieuw."


def ask_passphrase(parent, path: Path | str, error: str | None = None, what: str = "visitatie",
                   purpose: str = OPEN) -> str | None:
    """The passphrase typed for ``path``; None when the user cancels. ``purpose`` CURRENT:
    the current passphrase, asked before choosing a new one."""
    dialog = AskPassphraseDialog(path, parent, error, what, purpose)
    return dialog.passphrase() if dialog.exec() else None


def choose_passphrase(parent, title: str, intro: str = "", alternative: str | None = None,
                      checked: bool = False) -> tuple[str, str | None] | None:
    """NewPassphraseDialog's choice; None when the user cancels."""
    dialog = NewPassphraseDialog(parent, title, intro, alternative, checked)
    return dialog.choice() if dialog.exec() else None
