"""Encryption at rest through the services: an encrypted visitation, its backups and
members' copies carry no plaintext; a wrong passphrase changes nothing; encrypting a plain
file and changing a passphrase make a backup first."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import MEMBERS
from visitor_app.errors import InputError, PassphraseError
from visitor_app.services import Visitation
from visitor_app.services import encryption
from visitor_app.services.demo import create_demo

SECRET = "zeven blauwe fietsen"
OTHER = "een heel ander wachtwoord"
TEXT = "Wethouder Zonneveld belt de directeur elke vrijdag over handhaving"
MAGIC = b"SQLite format 3"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plaintext_free(path: Path, *texts: str) -> bool:
    data = path.read_bytes()
    return MAGIC not in data and not any(t.encode("utf-8") in data for t in texts)


def add_note(visit, text: str = TEXT) -> str:
    fw = visit.framework
    return visit.observations.add(fw.themes[0]["id"], fw.observation_kinds[0]["id"], text).id


@pytest.fixture
def secret_file(tmp_path, framework):
    path = tmp_path / "geheim.visitatie"
    with Visitation.create(path, "OD Kruispunt", "2026-03-10", "2026-03-11", members=MEMBERS,
                           framework=framework, passphrase=SECRET) as visit:
        add_note(visit)
    return path


def test_an_encrypted_visitation_carries_no_plaintext_and_opens_with_its_passphrase(secret_file):
    assert encryption.is_encrypted(secret_file)
    assert plaintext_free(secret_file, TEXT, "Ilse Voorthuis", "OD Kruispunt")
    assert os.stat(secret_file).st_mode & 0o077 == 0 or os.name != "posix"
    with Visitation.open(secret_file, passphrase=SECRET) as visit:
        assert visit.encrypted
        assert [o["text"] for o in visit.observations.search("Zonneveld")] == [TEXT]
        assert visit.audit.check() == []
    assert plaintext_free(secret_file, TEXT)


@pytest.mark.parametrize("wrong", ["zeven blauwe fietsen ", "ZEVEN BLAUWE FIETSEN", None])
def test_a_wrong_or_missing_passphrase_names_the_file_and_changes_nothing(secret_file, wrong):
    before = sha(secret_file)
    with pytest.raises(PassphraseError) as caught:
        Visitation.open(secret_file, passphrase=wrong, exclusive=True)
    assert caught.value.exit_code == 7 and str(secret_file) in caught.value.message
    assert sha(secret_file) == before
    assert sorted(p.name for p in secret_file.parent.iterdir()) == [secret_file.name]


def test_backups_and_members_copies_of_an_encrypted_file_are_encrypted(secret_file, tmp_path):
    with Visitation.open(secret_file, passphrase=SECRET) as visit:
        same = tmp_path / "ilse.visitatie"
        other = tmp_path / "ruben.visitatie"
        assert visit.team.hand_out("Ilse Voorthuis", same).result["encrypted"]
        visit.team.hand_out("Ruben Kasteleijn", other, passphrase=OTHER)
        with pytest.raises(InputError, match="te kort"):
            visit.team.hand_out("Femke Ouwerling", tmp_path / "femke.visitatie", passphrase="kort")
    for copy in (same, other):
        assert plaintext_free(copy, TEXT, "Ilse Voorthuis")
    with pytest.raises(PassphraseError, match="ruben.visitatie"):
        Visitation.open(other, passphrase=SECRET)
    for copy, secret, member in ((same, SECRET, "Ilse Voorthuis"), (other, OTHER, "Ruben Kasteleijn")):
        with Visitation.open(copy, passphrase=secret) as visit:
            assert visit.encrypted
            assert visit.members.names()[visit.current_member] == member
            add_note(visit, f"notitie van {member}")

    asked = []

    def passphrase_for(path: Path) -> str:
        asked.append(path.name)
        return {"ilse.visitatie": SECRET, "ruben.visitatie": OTHER}[path.name]

    with Visitation.open(secret_file, passphrase=SECRET) as visit:
        result = visit.team.merge([same, other], passphrase_for=passphrase_for).result
        texts = sorted(o["text"] for o in visit.observations.list())
    assert sorted(asked) == ["ilse.visitatie", "ruben.visitatie"]
    assert result["added"] == 2 and texts == sorted(
        [TEXT, "notitie van Ilse Voorthuis", "notitie van Ruben Kasteleijn"])
    backups = list((tmp_path / "geheim-backups").iterdir())
    assert backups and all(plaintext_free(b, TEXT) for b in backups)


def test_merge_with_a_wrong_passphrase_for_one_copy_merges_nothing(secret_file, tmp_path):
    with Visitation.open(secret_file, passphrase=SECRET) as visit:
        copy = tmp_path / "ruben.visitatie"
        visit.team.hand_out("Ruben Kasteleijn", copy, passphrase=OTHER)
    before = sha(secret_file), sha(copy)
    with Visitation.open(secret_file, passphrase=SECRET) as visit:
        with pytest.raises(PassphraseError, match="ruben.visitatie"):
            visit.team.merge([copy])  # default: this file's own passphrase, which is not the copy's
    assert (sha(secret_file), sha(copy)) == before
    assert not (tmp_path / "geheim-backups").exists()


def test_a_plain_file_can_hand_out_an_encrypted_copy(tmp_path, visit):
    add_note(visit)
    copy = tmp_path / "ilse.visitatie"
    visit.team.hand_out("Ilse Voorthuis", copy, passphrase=SECRET)
    assert plaintext_free(copy, TEXT)
    with Visitation.open(copy, passphrase=SECRET) as member:
        assert [o["text"] for o in member.observations.list()] == [TEXT]
        assert member.store.meta("owner_member_id")


def test_encrypting_a_plain_file_backs_it_up_first_and_lists_the_plain_backups(tmp_path):
    path = tmp_path / "demo.visitatie"
    create_demo(path).close()
    with Visitation.open(path) as visit:
        add_note(visit)
    from visitor_app.store import backup
    older = backup.make_backup(path, "test")  # an older plain backup
    result = encryption.encrypt_file(path, SECRET)
    assert plaintext_free(path, TEXT)
    assert Path(result["backup"]).read_bytes().startswith(MAGIC)
    assert sorted(result["plain_backups"]) == sorted([str(older), result["backup"]])
    with Visitation.open(result["backup"]) as old:  # the backup is the file as it was, plain
        assert TEXT in [o["text"] for o in old.observations.list()]
    with Visitation.open(path, passphrase=SECRET) as visit:
        assert TEXT in [o["text"] for o in visit.observations.list()]
        assert visit.audit.check() == []
    assert older.exists()  # nothing removed without the user's yes
    encryption.remove_backups(result["plain_backups"])
    assert encryption.plain_backups(path) == []
    with pytest.raises(InputError, match="al versleuteld"):
        encryption.encrypt_file(path, OTHER)


def test_a_new_passphrase_replaces_the_old_after_a_backup(secret_file):
    before = sha(secret_file)
    with pytest.raises(PassphraseError):
        encryption.change_passphrase(secret_file, "niet het wachtwoord", OTHER)
    assert sha(secret_file) == before
    result = encryption.change_passphrase(secret_file, SECRET, OTHER)
    with pytest.raises(PassphraseError):
        Visitation.open(secret_file, passphrase=SECRET)
    with Visitation.open(secret_file, passphrase=OTHER) as visit:
        assert [o["text"] for o in visit.observations.list()] == [TEXT]
    saved = Path(result["backup"])
    assert plaintext_free(saved, TEXT) and plaintext_free(secret_file, TEXT)
    with Visitation.open(saved, passphrase=SECRET) as old:  # the backup keeps the old one
        assert [o["text"] for o in old.observations.list()] == [TEXT]


def test_a_locked_file_is_neither_encrypted_nor_rekeyed(secret_file, tmp_path):
    from visitor_app.errors import FileLockedError
    with Visitation.open(secret_file, passphrase=SECRET, exclusive=True):
        with pytest.raises(FileLockedError):
            encryption.change_passphrase(secret_file, SECRET, OTHER)


@pytest.mark.parametrize("passphrase, level", [
    ("kort", "te kort"), ("abcdefgh", "zwak"), ("12345678", "zwak"), ("Fiets123", "redelijk"),
    ("zeven blauwe fietsen op het dak", "sterk"), ("Tr0mpet-Zomer!9", "sterk"),
])
def test_the_strength_hint_is_plain_dutch(passphrase, level):
    found, hint = encryption.strength(passphrase)
    assert found == level and hint.startswith(level)


def test_snapshots_restores_and_copies_of_an_encrypted_file_stay_encrypted(secret_file, tmp_path):
    from visitor_app.services import backups
    with Visitation.open(secret_file, passphrase=SECRET) as visit:
        made = visit.backups.snapshot()
        assert plaintext_free(made, TEXT)
        add_note(visit, "na de reservekopie")
        found = visit.backups.list()
        assert found[0]["restorable"] and found[0]["observations"] == 1
        visit.backups.restore(found[0]["name"])
        assert [o["text"] for o in visit.observations.list()] == [TEXT]
    assert all(plaintext_free(b, TEXT) for b in (tmp_path / "geheim-backups").iterdir())
    assert not backups.list_backups(secret_file)[0]["restorable"]  # without the passphrase
    copy = tmp_path / "kopie.visitatie"
    with pytest.raises(PassphraseError):
        backups.copy_visitation(secret_file, copy, passphrase="niet het wachtwoord")
    assert not copy.exists()
    backups.copy_visitation(secret_file, copy, new_visitation=True, passphrase=SECRET)
    assert plaintext_free(copy, TEXT)
    with Visitation.open(copy, passphrase=SECRET) as visit:
        assert [o["text"] for o in visit.observations.list()] == [TEXT]


def test_after_encrypting_the_plain_backups_cannot_be_restored_into_the_encrypted_file(tmp_path):
    from visitor_app.services import backups
    path = tmp_path / "demo.visitatie"
    create_demo(path).close()
    encryption.encrypt_file(path, SECRET)
    found = backups.list_backups(path, SECRET)
    assert found and not any(b["restorable"] for b in found)
    assert "niet versleuteld" in found[0]["problem"]
