"""Remembered window layout, recent files and who-am-I per visitation (QSettings, ini file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from visitor_app.paths import user_data_dir

MAX_RECENT = 8


class Settings:
    def __init__(self, path: Path | None = None):
        path = path or user_data_dir() / "instellingen.ini"
        self.q = QSettings(str(path), QSettings.IniFormat)

    # recent files
    def recent_files(self) -> list[str]:
        value = self.q.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if v]

    def add_recent(self, path: Path | str) -> None:
        path = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != path]
        self.q.setValue("recent", [path] + files[: MAX_RECENT - 1])
        self.q.setValue("last_file", path)
        self.q.sync()

    def forget(self, path: Path | str, visitation_id: str | None = None) -> None:
        """A visitation deleted for good: out of the recent files (and last file), and who
        I was in it."""
        path = str(Path(path).resolve())
        self.q.setValue("recent", [f for f in self.recent_files() if f != path])
        if self.last_file() == path:
            self.q.remove("last_file")
        if visitation_id:
            self.q.remove(f"member/{visitation_id}")
        self.q.sync()

    def last_file(self) -> str | None:
        return self.q.value("last_file") or None

    # who am I, per visitation (by its id, so copies and renamed files keep it)
    def member_for(self, visitation_id: str) -> str | None:
        return self.q.value(f"member/{visitation_id}") or None

    def set_member_for(self, visitation_id: str, member_id: str | None) -> None:
        self.q.setValue(f"member/{visitation_id}", member_id or "")
        self.q.sync()

    # layout
    def save_bytes(self, key: str, data: QByteArray) -> None:
        self.q.setValue(f"layout/{key}", data)

    def load_bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) else None

    def value(self, key: str, default=None):
        return self.q.value(key, default)

    def set_value(self, key: str, value) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()
