"""Help > Over Visitatie-app: version, framework, where things live, licences."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout

from visitor_app.services.about import AboutInfo, FrameworkInfo

STATUS_NL = {"voorlopig": "voorlopig", "definitief": "definitief"}


def _framework_html(fw: FrameworkInfo) -> str:
    status = STATUS_NL.get(fw.status, fw.status)
    return (f"<b>{escape(fw.name)}</b><br>versie {escape(fw.version)}, status: {escape(status)}"
            f"<p>{escape(fw.notice)}</p>")


def about_html(info: AboutInfo) -> str:
    parts = [f"<h2>Visitatie-app {escape(info.version)}</h2>",
             "<p>De app voor visitatiecommissies van omgevingsdiensten (Omgevingsdienst NL).</p>",
             "<h3>Visitatiekader voor nieuwe visitaties</h3>"]
    if info.framework is not None:
        parts.append(_framework_html(info.framework))
    else:
        parts.append(f"<p>Het kader kon niet worden gelezen: {escape(info.framework_error or '')}</p>")
    parts.append(f"<p>Geladen uit: <code>{escape(str(info.forms_dir))}</code> "
                 f"({escape(info.forms_source)})</p>")
    if info.open_framework is not None:
        fw = info.open_framework
        parts.append("<h3>Kader van de geopende visitatie</h3>"
                     f"<p>{escape(fw.name)}, versie {escape(fw.version)} "
                     f"(status: {escape(STATUS_NL.get(fw.status, fw.status))}). Een bestaande "
                     "visitatie houdt het kader waarmee ze is gemaakt; het zit in het bestand.</p>")
    parts.append("<h3>Je gegevens</h3>"
                 f"<p>Map met gebruikersgegevens: <code>{escape(str(info.data_dir))}</code><br>"
                 "Deze map staat los van de programmamap: verwijderen of opnieuw installeren "
                 "van de app laat hem staan. Je visitatiebestanden staan waar je ze zelf "
                 "opslaat.</p>")
    parts.append("<h3>Licenties van meegeleverde onderdelen</h3>")
    for lic in info.licences:
        version = f" {escape(lic.version)}" if lic.version else ""
        parts.append(f"<p><b>{escape(lic.name)}</b>{version}: {escape(lic.licence)}<br>"
                     f"{escape(lic.text)}</p>")
    return "".join(parts)


class AboutDialog(QDialog):
    def __init__(self, info: AboutInfo, parent=None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("Over Visitatie-app")
        layout = QVBoxLayout(self)
        self.text = QLabel(about_html(info))
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setOpenExternalLinks(True)
        self.text.setTextInteractionFlags(Qt.TextBrowserInteraction)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        scroll = QScrollArea()
        scroll.setObjectName("aboutScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        layout.addWidget(scroll)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fit_screen()

    def _fit_screen(self) -> None:
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        self.resize(*dialog_size(avail.width(), avail.height()) if avail else (640, 560))


def dialog_size(avail_width: int, avail_height: int) -> tuple[int, int]:
    """At most 640x560 logical pixels and never more than 90 % of the screen: it fits
    1366x768 at 100 % and 1920x1080 at 200 % (960x540 logical); the text scrolls."""
    return min(640, int(avail_width * 0.9)), min(560, int(avail_height * 0.9))
