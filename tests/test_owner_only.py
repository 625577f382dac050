"""Issue 11: every file the app makes is owner-only (0600) and every folder it makes 0700
(POSIX), whatever the umask: visitations, backups, members' copies, packages, dumps,
reports, the central database, the user data folder.

One representative flow through the command line (in this process) with umask 0o022;
then every file and folder under the temp root is checked. Exempt: the root and the
export folder, which the user made, and the lock side file, which other users must be
able to read to learn who has the file open (it holds a name and a computer, no notes;
it is removed on close).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import MEMBERS
from tests.store.conftest import crash_mid_write

pytestmark = pytest.mark.skipif(os.name != "posix", reason="owner-only permissions are POSIX modes")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path, exempt: set[Path]) -> dict[str, str]:
    """Every file and folder under ``root`` whose mode is not owner-only, with its mode."""
    wrong = {}
    for path in root.rglob("*"):
        if path in exempt or path.name.endswith(".lock"):
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong[str(path.relative_to(root))] = oct(mode)
    return wrong


def test_everything_the_app_makes_is_owner_only(tmp_path, monkeypatch, umask_022, capsys):
    from visitor_app.cli import main
    root = tmp_path / "root"
    root.mkdir()
    os.chmod(root, 0o755)
    exports = root / "exports"  # the user's own folder, made before
    exports.mkdir()
    os.chmod(exports, 0o755)
    monkeypatch.setenv("VISITOR_APP_DATA", str(root / "gegevens" / "app"))  # made by the app

    def run(*args) -> None:
        assert main([str(a) for a in args]) == 0, capsys.readouterr().err

    vis = root / "visitatie" / "veenland.visitatie"
    vis.parent.mkdir()
    os.chmod(vis.parent, 0o755)
    member_args = [x for name, role in MEMBERS for x in ("--member", f"{name}={role}")]
    run("new", "--onversleuteld", vis, "--dienst", "Omgevingsdienst Veenland", "--start", "2026-03-02",
        "--end", "2026-03-03", *member_args)
    from visitor_app.services import Visitation
    with Visitation.open(vis) as visit:
        fw = visit.framework
        theme, kind = fw.themes[0], fw.observation_kinds[0]
        finding_kind = fw.finding_kinds[0]
        visit.findings.add(theme=theme["id"], kind=finding_kind["id"], text="Het mandaat is helder.")
    run("add-note", vis, "--thema", theme["id"], "--soort", kind["id"], "--tekst", "Eerste waarneming")
    csv = exports / "notities.csv"
    csv.write_text(f"thema,soort,tekst\n{theme['name']},{kind['name']},Uit CSV\n", encoding="utf-8")
    os.chmod(csv, 0o644)
    run("import-notes", vis, csv)
    copy = exports / "ilse.visitatie"
    run("hand-out", vis, "--member", MEMBERS[0][0], "--out", copy)
    run("add-note", copy, "--thema", theme["id"], "--soort", kind["id"], "--tekst", "In de kopie")
    run("merge", vis, copy)  # makes the backup folder and a backup
    run("export-json", vis, "--out", exports / "dump.json")
    run("export-report", vis, "--out", exports / "rapport.docx")
    run("export-guide", vis, "--out", exports / "leidraad.pdf")
    package = exports / "veenland.rodedraden"
    run("export-central", vis, "--out", package)
    db = root / "centraal" / "centraal.rodedradendb"
    db.parent.mkdir()
    os.chmod(db.parent, 0o755)
    run("central", "import", db, package)
    run("central", "export", db, "--xlsx", exports / "overzicht.xlsx", "--docx", exports / "rode-draden.docx")
    # a write cut off halfway: opening copies file and journal to the backup folder
    crash_mid_write(vis, "UPDATE observations SET text = text || ' (bijgewerkt)'")
    run("info", vis)
    run("demo", vis.parent / "demo.visitatie")
    run("kopie", vis, "--out", exports / "kopie.visitatie")
    run("kopie", vis, "--out", exports / "volgende.visitatie", "--nieuwe-visitatie")
    backup = sorted((vis.parent / "veenland-backups").glob("*voor-samenvoegen.visitatie"))[0]
    run("herstel", vis, backup)
    # encryption at rest: a new encrypted file, encrypting a plain one, a new passphrase
    monkeypatch.setenv("VISITATIE_WACHTWOORD", "paarse olifant op zolder")
    monkeypatch.setenv("VISITATIE_NIEUW_WACHTWOORD", "groene kikker in de sloot")
    run("new", vis.parent / "geheim.visitatie", "--dienst", "Omgevingsdienst Veenland",
        "--start", "2026-03-02", "--end", "2026-03-03")
    monkeypatch.delenv("VISITATIE_WACHTWOORD")
    run("versleutel", exports / "kopie.visitatie")
    monkeypatch.setenv("VISITATIE_WACHTWOORD", "groene kikker in de sloot")
    monkeypatch.setenv("VISITATIE_NIEUW_WACHTWOORD", "blauwe reiger op het hek")
    run("wachtwoord", exports / "kopie.visitatie")
    monkeypatch.delenv("VISITATIE_WACHTWOORD")
    monkeypatch.delenv("VISITATIE_NIEUW_WACHTWOORD")
    from visitor_app.paths import user_data_dir
    assert user_data_dir() == root / "gegevens" / "app"  # made with its parent (window settings)

    made_by_user = {root, exports, vis.parent, db.parent, csv}
    backups = list((vis.parent / "veenland-backups").iterdir())
    assert any(p.name.endswith("-journal") for p in backups), backups  # the flow reached it
    assert modes(root, made_by_user) == {}
