"""A central database as an older app wrote it (schema 1 or 2), with the SQL of that time,
to test the upgrade. Rows are copied from a current database made by the real import."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_2_SQL = (
    """CREATE TABLE packages (
        visitation_id TEXT PRIMARY KEY,
        dienst TEXT NOT NULL,
        start TEXT NOT NULL,
        "end" TEXT NOT NULL,
        framework_id TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        framework_json TEXT NOT NULL,
        exported TEXT NOT NULL,
        app_version TEXT NOT NULL,
        digest TEXT NOT NULL,
        source_file TEXT,
        imported TEXT NOT NULL,
        follow_up_json TEXT)""",
    """CREATE TABLE findings (
        visitation_id TEXT NOT NULL REFERENCES packages(visitation_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        theme TEXT NOT NULL,
        subtheme TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (visitation_id, position))""",
    "CREATE INDEX findings_theme_kind ON findings (theme, kind)",
    """CREATE TABLE assessments (
        visitation_id TEXT NOT NULL REFERENCES packages(visitation_id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        value TEXT NOT NULL,
        toelichting TEXT,
        PRIMARY KEY (visitation_id, item))""",
)
PACKAGE_2 = ("visitation_id", "dienst", "start", "end", "framework_id", "framework_version",
             "framework_json", "exported", "app_version", "digest", "source_file", "imported",
             "follow_up_json")


def old_copy(current: Path, out: Path, version: int = 2) -> Path:
    """``out``: the packages, findings and assessments of ``current`` in a schema-``version``
    file (1: without packages.follow_up_json)."""
    package_cols = PACKAGE_2 if version >= 2 else PACKAGE_2[:-1]
    src = sqlite3.connect(current)
    dst = sqlite3.connect(out)
    for sql in SCHEMA_2_SQL:
        if version < 2:
            sql = sql.replace(",\n        follow_up_json TEXT)", ")")
        dst.execute(sql)
    cols = ", ".join(f'"{c}"' for c in package_cols)
    dst.executemany(f"INSERT INTO packages ({cols}) VALUES ({', '.join('?' * len(package_cols))})",
                    src.execute(f"SELECT {cols} FROM packages").fetchall())
    dst.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)", src.execute(
        "SELECT visitation_id, position, theme, subtheme, kind, text FROM findings").fetchall())
    dst.executemany("INSERT INTO assessments VALUES (?, ?, ?, ?)", src.execute(
        "SELECT visitation_id, item, value, toelichting FROM assessments").fetchall())
    dst.execute("PRAGMA application_id=1380205650")  # "RDDR"
    dst.execute(f"PRAGMA user_version={version}")
    dst.commit()
    dst.close()
    src.close()
    return out
