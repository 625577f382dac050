"""hand-out, merge and export-json through a real subprocess, as the secretaries use them."""

from __future__ import annotations

import hashlib
import json

from tests.test_cli import run  # noqa: F401 - the fixture

SECRETARY = "Joost Brandsema"


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_hand_out_work_offline_and_merge_back(run, tmp_path):  # noqa: F811
    assert run("new", "--onversleuteld", "s.visitatie", "--dienst", "Omgevingsdienst Testland", "--start", "2026-03-10",
               "--end", "2026-03-11", "--member", f"{SECRETARY}=secretaris").returncode == 0
    typo = run("hand-out", "s.visitatie", "--member", "Ilse Voorthuis", "--out", "ilse.visitatie")
    assert typo.returncode == 1 and "'Ilse Voorthuis' is geen lid van de commissie" in typo.stderr
    assert f"bekend: {SECRETARY}" in typo.stderr and not (tmp_path / "ilse.visitatie").exists()
    out = run("hand-out", "s.visitatie", "--member", "Ilse Voorthuis", "--nieuw-lid", "lid",
              "--out", "ilse.visitatie")
    assert out.returncode == 0, out.stderr
    assert "als lid aan de commissie toegevoegd" in out.stdout and "ilse.visitatie" in out.stdout
    again = run("hand-out", "s.visitatie", "--member", "Ilse Voorthuis", "--out", "ilse.visitatie")
    assert again.returncode == 1 and "bestaat al" in again.stderr
    replaced = run("hand-out", "s.visitatie", "--member", "ilse voorthuis", "--out", "ilse.visitatie",
                   "--vervang", "--json")
    assert replaced.returncode == 0, replaced.stderr
    assert json.loads(replaced.stdout)["replaced"] and (tmp_path / "ilse-backups").is_dir()
    itself = run("hand-out", "s.visitatie", "--member", "Ilse Voorthuis", "--out", "s.visitatie",
                 "--vervang")
    assert itself.returncode == 1 and "dat is deze visitatie zelf" in itself.stderr
    whose = run("info", "ilse.visitatie")
    assert "Kopie van:     Ilse Voorthuis" in whose.stdout, whose.stdout
    assert json.loads(run("info", "ilse.visitatie", "--json").stdout)["copy_of"] == "Ilse Voorthuis"
    assert json.loads(run("info", "s.visitatie", "--json").stdout)["copy_of"] is None

    info = json.loads(run("info", "s.visitatie", "--json").stdout)
    theme = info["themes"][0]["id"]
    kind = next(iter(info["observations"]["by_theme"][theme]))  # the first observation kind
    added = run("add-note", "ilse.visitatie", "--thema", theme, "--soort", kind,
                "--tekst", "Vergunningen op tijd")
    assert added.returncode == 0, added.stderr

    merged = run("merge", "s.visitatie", "ilse.visitatie", "--json")
    assert merged.returncode == 0, merged.stderr
    result = json.loads(merged.stdout)
    assert result["added"] == 1 and result["conflicts"] == 0
    assert result["copies"][0]["member"] == "Ilse Voorthuis"
    assert (tmp_path / "s-backups").is_dir()
    twice = json.loads(run("merge", "s.visitatie", "ilse.visitatie", "--json").stdout)
    assert (twice["added"], twice["updated"], twice["conflicts"]) == (0, 0, 0)

    found = run("search", "s.visitatie", "vergunningen", "--json")
    assert "Vergunningen op tijd" in found.stdout

    dump = run("export-json", "s.visitatie", "--out", "archief.json")
    assert dump.returncode == 0, dump.stderr
    data = json.loads((tmp_path / "archief.json").read_text(encoding="utf-8"))
    assert [o["text"] for o in data["tables"]["observations"]] == ["Vergunningen op tijd"]
    assert data["merge_log"][0]["source"] == "ilse.visitatie"


def test_merge_refuses_a_copy_of_another_visitation_and_changes_nothing(run, tmp_path):  # noqa: F811
    run("new", "--onversleuteld", "s.visitatie", "--dienst", "Omgevingsdienst Testland", "--start", "2026-03-10",
        "--end", "2026-03-11")
    run("new", "--onversleuteld", "ander.visitatie", "--dienst", "Omgevingsdienst Elders", "--start", "2026-03-10",
        "--end", "2026-03-11")
    before = sha(tmp_path / "s.visitatie")
    refused = run("merge", "s.visitatie", "ander.visitatie")
    assert refused.returncode == 1
    assert "andere visitatie" in refused.stderr and "ander.visitatie" in refused.stderr
    (tmp_path / "kapot.visitatie").write_bytes(b"dit is geen visitatie")
    damaged = run("merge", "s.visitatie", "kapot.visitatie")
    assert damaged.returncode == 3 and "kapot.visitatie" in damaged.stderr
    assert sha(tmp_path / "s.visitatie") == before
    assert not (tmp_path / "s-backups").exists()


def test_wrong_output_paths_are_refused_in_dutch_and_change_nothing(run, tmp_path):  # noqa: F811
    run("new", "--onversleuteld", "s.visitatie", "--dienst", "Omgevingsdienst Testland", "--start", "2026-03-10",
        "--end", "2026-03-11", "--member", f"{SECRETARY}=secretaris")
    run("new", "--onversleuteld", "ander.visitatie", "--dienst", "Omgevingsdienst Elders", "--start", "2026-03-10",
        "--end", "2026-03-11")
    (tmp_path / "map").mkdir()
    before, other = sha(tmp_path / "s.visitatie"), sha(tmp_path / "ander.visitatie")
    cases = [
        (("export-json", "s.visitatie", "--out", "ander.visitatie"), "eindigt op .json"),
        (("export-json", "s.visitatie", "--out", "geen-map/x.json"), "map bestaat niet"),
        (("export-json", "s.visitatie", "--out", "map"), "eindigt op .json"),
        (("merge", "s.visitatie", "map"), "is een map"),
        (("hand-out", "s.visitatie", "--member", "Ilse Voorthuis", "--nieuw-lid", "lid",
          "--out", "geen-map/i.visitatie"), "map bestaat niet"),
        (("hand-out", "s.visitatie", "--member", "Ilse Voorthuis", "--out", "i.visitatie"),
         "is geen lid van de commissie"),
    ]
    for args, message in cases:
        out = run(*args)
        assert out.returncode == 1 and message in out.stderr, (args, out.stderr)
        assert "onverwachte fout" not in out.stderr
    assert sha(tmp_path / "ander.visitatie") == other  # another visitation is not overwritten
    assert sha(tmp_path / "s.visitatie") == before     # the failed hand-out added no member
    assert not list(tmp_path.glob(".*.tmp"))
