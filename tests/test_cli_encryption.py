"""Encryption on the command line, through a real subprocess: new files are encrypted by
default, the passphrase comes from VISITATIE_WACHTWOORD (or the terminal), and a wrong or
missing one exits 7 naming the file, which keeps its bytes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECRET = "paarse olifant op zolder"
NEW_SECRET = "groene kikker in de sloot"
TEXT = "Directeur Brandsema noemt de begroting onhaalbaar"
NEW = ("--dienst", "Omgevingsdienst Testland", "--start", "2026-03-10", "--end", "2026-03-11")


@pytest.fixture
def run(tmp_path):
    """run(*args, **env) -> CompletedProcess of `python -m visitor_app *args` in tmp_path,
    without a terminal, with the given environment variables (None: unset)."""
    base = os.environ.copy()
    for name in ("VISITATIE_WACHTWOORD", "VISITATIE_NIEUW_WACHTWOORD", "VISITATIE_KOPIE_WACHTWOORD"):
        base.pop(name, None)
    base["VISITOR_APP_DATA"] = str(tmp_path / "gebruikersgegevens")
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), base.get("PYTHONPATH")]))
    base["PYTHONIOENCODING"] = "utf-8"

    def _run(*args, **env) -> subprocess.CompletedProcess:
        full = {**base, **{k: v for k, v in env.items() if v is not None}}
        return subprocess.run([sys.executable, "-m", "visitor_app", *map(str, args)], cwd=tmp_path,
                              env=full, capture_output=True, text=True, encoding="utf-8",
                              timeout=120, stdin=subprocess.DEVNULL)
    return _run


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plaintext_free(path: Path) -> bool:
    data = path.read_bytes()
    return b"SQLite format 3" not in data and TEXT.encode() not in data


@pytest.fixture
def secret(run, tmp_path) -> Path:
    done = run("new", "geheim.visitatie", *NEW, "--member", "Joost Brandsema=secretaris",
               "--member", "Ilse Voorthuis=voorzitter", "--member", "Ruben Kasteleijn=lid",
               VISITATIE_WACHTWOORD=SECRET)
    assert done.returncode == 0, done.stderr
    assert "Versleutelde visitatie" in done.stdout
    note = run("add-note", "geheim.visitatie", "--thema", "ketensamenwerking", "--soort", "vraag",
               "--tekst", TEXT, VISITATIE_WACHTWOORD=SECRET)
    assert note.returncode == 0, note.stderr
    return tmp_path / "geheim.visitatie"


def test_new_is_encrypted_by_default_and_plain_only_on_request(run, tmp_path, secret):
    assert plaintext_free(secret)
    found = run("search", secret.name, "begroting", "--json", VISITATIE_WACHTWOORD=SECRET)
    assert found.returncode == 0 and json.loads(found.stdout)[0]["text"] == TEXT
    plain = run("new", "--onversleuteld", "open.visitatie", *NEW)
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "open.visitatie").read_bytes().startswith(b"SQLite format 3")
    refused = run("new", "zonder.visitatie", *NEW)  # no terminal, no VISITATIE_WACHTWOORD
    assert refused.returncode == 7 and "VISITATIE_WACHTWOORD" in refused.stderr
    assert not (tmp_path / "zonder.visitatie").exists()
    short = run("new", "kort.visitatie", *NEW, VISITATIE_WACHTWOORD="kort")
    assert short.returncode == 1 and "te kort" in short.stderr
    assert not (tmp_path / "kort.visitatie").exists()


@pytest.mark.parametrize("command", [("info",), ("check",), ("search", "begroting"),
                                     ("assess", "robuustheid", "twijfel"),
                                     ("export-json", "--out", "dump.json")])
@pytest.mark.parametrize("passphrase", ["niet het wachtwoord", None], ids=["wrong", "missing"])
def test_a_wrong_or_missing_passphrase_exits_7_naming_the_file_untouched(run, tmp_path, secret,
                                                                         command, passphrase):
    before = sha(secret)
    name, *rest = command
    result = run(name, secret.name, *rest, VISITATIE_WACHTWOORD=passphrase)
    assert result.returncode == 7, result.stderr
    assert secret.name in result.stderr and "Traceback" not in result.stderr
    assert "niets aan het bestand veranderd" in result.stderr
    assert sha(secret) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("geheim")) == [secret.name]
    assert not (tmp_path / "dump.json").exists()


def test_exports_of_an_encrypted_file_say_they_are_plain(run, tmp_path, secret):
    result = run("export-json", secret.name, "--out", "dump.json", VISITATIE_WACHTWOORD=SECRET)
    assert result.returncode == 0, result.stderr
    assert "niet versleuteld" in result.stderr
    assert TEXT in (tmp_path / "dump.json").read_text(encoding="utf-8")


def test_versleutel_backs_up_first_and_removes_plain_backups_only_when_asked(run, tmp_path):
    assert run("demo", "demo.visitatie").returncode == 0
    demo = tmp_path / "demo.visitatie"
    assert run("add-note", demo.name, "--thema", "ketensamenwerking", "--soort", "vraag",
               "--tekst", TEXT).returncode == 0
    refused = run("versleutel", demo.name)
    assert refused.returncode == 7 and demo.read_bytes().startswith(b"SQLite format 3")

    done = run("versleutel", demo.name, "--json", VISITATIE_NIEUW_WACHTWOORD=SECRET)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["plain_backups"] == [result["backup"]] and result["removed"] == []
    assert "niet versleuteld" in done.stderr and "--verwijder-oude-backups" in done.stderr
    backup = tmp_path / result["backup"]
    assert backup.read_bytes().startswith(b"SQLite format 3")  # the plain file as it was
    assert plaintext_free(demo)
    assert run("info", demo.name).returncode == 7
    assert run("info", demo.name, VISITATIE_WACHTWOORD=SECRET).returncode == 0
    assert run("info", backup, "--json").returncode == 0  # the backup opens without a passphrase

    removed = run("versleutel", demo.name, "--verwijder-oude-backups", "--json")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(removed.stdout)["removed"] == [result["backup"]] and not backup.exists()
    again = run("versleutel", demo.name, VISITATIE_NIEUW_WACHTWOORD=NEW_SECRET)
    assert again.returncode == 1 and "al versleuteld" in again.stderr


def test_wachtwoord_backs_up_first_and_the_old_passphrase_stops_working(run, tmp_path, secret):
    before = sha(secret)
    wrong = run("wachtwoord", secret.name, VISITATIE_WACHTWOORD="fout wachtwoord",
                VISITATIE_NIEUW_WACHTWOORD=NEW_SECRET)
    assert wrong.returncode == 7 and secret.name in wrong.stderr and sha(secret) == before
    done = run("wachtwoord", secret.name, "--json", VISITATIE_WACHTWOORD=SECRET,
               VISITATIE_NIEUW_WACHTWOORD=NEW_SECRET)
    assert done.returncode == 0, done.stderr
    backup = tmp_path / json.loads(done.stdout)["backup"]
    assert plaintext_free(backup) and plaintext_free(secret)
    assert run("info", secret.name, VISITATIE_WACHTWOORD=SECRET).returncode == 7
    assert run("info", secret.name, VISITATIE_WACHTWOORD=NEW_SECRET).returncode == 0
    assert run("info", backup, VISITATIE_WACHTWOORD=SECRET).returncode == 0


def test_hand_out_and_merge_of_encrypted_copies(run, tmp_path, secret):
    env = {"VISITATIE_WACHTWOORD": SECRET}
    missing = run("hand-out", secret.name, "--member", "Ilse Voorthuis", "--out", "ilse.visitatie", **env)
    assert missing.returncode == 7 and "VISITATIE_KOPIE_WACHTWOORD" in missing.stderr
    assert not (tmp_path / "ilse.visitatie").exists()
    assert run("hand-out", secret.name, "--member", "Ilse Voorthuis", "--out", "ilse.visitatie",
               "--zelfde-wachtwoord", **env).returncode == 0
    assert run("hand-out", secret.name, "--member", "Ruben Kasteleijn", "--out", "ruben.visitatie",
               VISITATIE_KOPIE_WACHTWOORD=NEW_SECRET, **env).returncode == 0
    for copy in ("ilse.visitatie", "ruben.visitatie"):
        assert plaintext_free(tmp_path / copy)
    assert run("add-note", "ilse.visitatie", "--thema", "ketensamenwerking", "--soort", "vraag",
               "--tekst", "Ilses notitie", **env).returncode == 0
    before = sha(secret)
    refused = run("merge", secret.name, "ilse.visitatie", "ruben.visitatie", **env)
    assert refused.returncode == 7 and "ruben.visitatie" in refused.stderr  # not Ruben's passphrase
    assert sha(secret) == before
    merged = run("merge", secret.name, "ilse.visitatie", "--json", **env)
    assert merged.returncode == 0, merged.stderr
    assert json.loads(merged.stdout)["added"] == 1
    assert plaintext_free(tmp_path / json.loads(merged.stdout)["backup"])


class _Terminal:
    """stdin as a terminal, with the lines a user would type after the questions."""

    def __init__(self, *lines: str):
        self.lines = list(lines)

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        return self.lines.pop(0) + "\n" if self.lines else ""


def test_on_a_terminal_the_passphrase_is_asked_without_echo(tmp_path, monkeypatch, capsys):
    import getpass

    from visitor_app import cli
    for name in ("VISITATIE_WACHTWOORD", "VISITATIE_NIEUW_WACHTWOORD"):
        monkeypatch.delenv(name, raising=False)
    answers: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": (answers.append(prompt), typed.pop(0))[1])
    monkeypatch.setattr("sys.stdin", _Terminal("j"))
    path = tmp_path / "t.visitatie"

    typed = [SECRET, "iets anders"]  # the second time differs: nothing is made
    assert cli.main(["new", str(path), *NEW]) == 1 and not path.exists()
    assert "verschillen" in capsys.readouterr().err

    typed = [SECRET, SECRET]
    assert cli.main(["new", str(path), *NEW]) == 0
    err = capsys.readouterr().err
    assert "Niemand kan het herstellen" in err and "Sterkte: sterk" in err
    typed = [SECRET]
    assert cli.main(["info", str(path)]) == 0
    typed = ["fout"]
    assert cli.main(["info", str(path)]) == 7
    assert str(path) in capsys.readouterr().err
    assert any(str(path) in prompt for prompt in answers)


def test_backups_herstel_and_kopie_of_an_encrypted_file(run, tmp_path, secret):
    env = {"VISITATIE_WACHTWOORD": SECRET}
    listed = run("backups", secret.name, "--json", **env)
    assert listed.returncode == 0, listed.stderr
    assert run("backups", secret.name, VISITATIE_WACHTWOORD="fout wachtwoord").returncode == 7
    copy = run("kopie", secret.name, "--out", "kopie.visitatie", **env)
    assert copy.returncode == 0, copy.stderr
    assert plaintext_free(tmp_path / "kopie.visitatie")
    assert run("info", "kopie.visitatie", **env).returncode == 0
    again = run("wachtwoord", secret.name, VISITATIE_NIEUW_WACHTWOORD=NEW_SECRET, **env)
    assert again.returncode == 0, again.stderr
    listed = json.loads(run("backups", secret.name, "--json",
                            VISITATIE_WACHTWOORD=NEW_SECRET).stdout)
    assert listed and all(not b["restorable"] for b in listed)  # made with the old passphrase
    assert all("ander wachtwoord" in b["problem"] for b in listed)
    for b in listed:
        assert plaintext_free(Path(b["path"]))
