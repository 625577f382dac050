"""The command line through a real subprocess, as a secretary would use it.

Exit codes (visitor_app/cli.py): 0 ok, 1 bad input, 3 damaged or foreign file,
4 file from a newer app version. Messages go to stderr in Dutch.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conftest import MEMBERS, ROOT

DEMO_MEMBER = "Hidde Lanting"  # fictional member of the demo commission (resources/demo)


def cli_runner(tmp_path: Path, prefix: list[str] = ()):
    """run(*args) -> CompletedProcess of `[*prefix] python -m visitor_app *args` in tmp_path,
    with its own user data folder there."""
    env = os.environ.copy()
    env["VISITOR_APP_DATA"] = str(tmp_path / "gebruikersgegevens")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"

    def _run(*args) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, sys.executable, "-m", "visitor_app", *map(str, args)],
                              cwd=tmp_path, env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=60)
    return _run


@pytest.fixture
def run(tmp_path):
    """run(*args) -> CompletedProcess of `python -m visitor_app *args` in tmp_path."""
    return cli_runner(tmp_path)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def assert_no_sidecars(path: Path) -> None:
    path = Path(path)
    for suffix in ("-journal", "-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists(), f"{path.name}{suffix} blijft achter"


def ok(result: subprocess.CompletedProcess, file: Path | None = None) -> subprocess.CompletedProcess:
    """Assert success (and, with a file, that no journal or WAL is left next to it)."""
    assert result.returncode == 0, result.stderr
    if file is not None:
        assert_no_sidecars(file)
    return result


def info(run, file) -> dict:
    return json.loads(ok(run("info", file, "--json"), file).stdout)


def counts(data: dict, section: str) -> Counter:
    return Counter({(theme, kind): n for theme, kinds in data[section]["by_theme"].items()
                    for kind, n in kinds.items()})


def write_csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def member_args(members) -> list[str]:
    return [a for name, role in members for a in ("--member", f"{name}={role}")]


NEW = ("--dienst", "Omgevingsdienst Testland", "--start", "2026-03-10", "--end", "2026-03-11")


@pytest.fixture(scope="module")
def forms():
    def load(name):
        return yaml.safe_load((ROOT / "forms" / name).read_text(encoding="utf-8"))
    return {"themes": load("themes.yaml")["themes"], "kinds": load("observation_kinds.yaml")}


# -- help and new ---------------------------------------------------------------------------
def test_help_is_dutch(run):
    result = ok(run("--help"))
    assert "gebruik:" in result.stdout
    assert "import-notes" in result.stdout and "opties" in result.stdout


def test_new_creates_a_visitation_and_never_overwrites_it(run, tmp_path):
    file = tmp_path / "testland.visitatie"
    ok(run("new", "--onversleuteld", file.name, *NEW, *member_args(MEMBERS[:1] + MEMBERS[3:])), file)
    data = info(run, file)
    assert data["dienst"] == "Omgevingsdienst Testland"
    assert (data["start"], data["end"]) == ("2026-03-10", "2026-03-11")
    assert data["members"] == [{"name": "Ilse Voorthuis", "role": "voorzitter"},
                               {"name": "Joost Brandsema", "role": "secretaris"}]
    assert data["sessions"] > 0  # the default programme
    assert data["observations"]["total"] == 0 and data["assessments"] == {}
    digest = sha256(file)

    again = run("new", "--onversleuteld", file.name, "--dienst", "Andere dienst", "--start", "2026-04-01",
                "--end", "2026-04-02", "--member", "Ruben Kasteleijn=lid")

    assert again.returncode != 0
    assert "bestaat al" in again.stderr
    assert sha256(file) == digest


@pytest.mark.parametrize("args, words", [
    (("--start", "2026-03-11", "--end", "2026-03-10", "--member", "Ilse Voorthuis=voorzitter"),
     ["einddatum", "begindatum"]),
    (("--start", "2026-03-10", "--end", "2026-03-11", "--member", "Ilse Voorthuis=koning"),
     ["onbekende rol", "voorzitter", "secretaris"]),
], ids=["end before start", "bad role"])
def test_new_with_bad_input_creates_no_file(run, tmp_path, args, words):
    result = run("new", "--onversleuteld", "fout.visitatie", "--dienst", "Omgevingsdienst Testland", *args)
    assert result.returncode != 0
    for word in words:
        assert word in result.stderr
    assert [p for p in os.listdir(tmp_path) if "visitatie" in p] == []


# -- info and demo ------------------------------------------------------------------------------
def test_info_json_has_the_documented_shape(run, demo_path, forms):
    data = info(run, demo_path)

    assert isinstance(data["dienst"], str) and data["dienst"]
    assert data["start"] <= data["end"]
    assert type(data["schema_version"]) is int and data["schema_version"] >= 1
    assert {"id", "version"} <= set(data["framework"])
    assert data["themes"] == [{"id": t["id"], "name": t["name"]} for t in forms["themes"]]
    theme_ids = [t["id"] for t in forms["themes"]]
    for section, kinds in (("observations", forms["kinds"]["observation_kinds"]),
                           ("findings", forms["kinds"]["finding_kinds"])):
        by_theme = data[section]["by_theme"]
        assert list(by_theme) == theme_ids
        for theme in theme_ids:
            assert list(by_theme[theme]) == [k["id"] for k in kinds]
            assert all(type(n) is int and n >= 0 for n in by_theme[theme].values())
        assert data[section]["total"] == sum(counts(data, section).values())
    assert isinstance(data["assessments"], dict)
    assert all(isinstance(v, str) for v in data["assessments"].values())


def test_demo_command_creates_a_filled_visitation(run, tmp_path):
    file = tmp_path / "demo.visitatie"
    ok(run("demo", file.name), file)
    data = info(run, file)
    assert data["observations"]["total"] >= 80
    for theme, kinds in data["observations"]["by_theme"].items():
        assert sum(kinds.values()) > 0, theme
    assert data["findings"]["total"] > 0
    assert "robuustheid" in data["assessments"]


def test_check_finds_the_demo_sound(run, demo_path):
    result = ok(run("check", demo_path.name), demo_path)
    assert "in orde" in result.stdout
    assert result.stderr == ""


# -- imports ------------------------------------------------------------------------------------
def test_import_notes_adds_exactly_the_rows_of_the_csv(run, tmp_path, demo_path):
    before = info(run, demo_path)
    csv = write_csv(tmp_path, "notities.csv",
                    "\ufeffthema;soort;tekst;auteur\r\n"
                    "ketensamenwerking;sterk_punt;Lepelaarsoverleg met de politie werkt;\r\n"
                    "Ketensamenwerking;Sterk punt;Lepelaarsoverleg ook met het OM;\r\n"
                    "professionaliteit;citaat;\"Lepelaarsoverleg: wij leren; samen\";\r\n"
                    "organisatieontwikkeling_bedrijfsvoering;AANBEVELING;Lepelaarsoverleg "
                    "vastleggen;Yasmina Oukili\r\n")

    result = ok(run("import-notes", demo_path.name, csv.name, "--member", DEMO_MEMBER.upper()),
                demo_path)

    assert result.stdout.startswith("4 waarneming(en) geïmporteerd")
    after = info(run, demo_path)
    assert after["observations"]["total"] == before["observations"]["total"] + 4
    assert counts(after, "observations") - counts(before, "observations") == Counter({
        ("ketensamenwerking", "sterk_punt"): 2, ("professionaliteit", "citaat"): 1,
        ("organisatieontwikkeling_bedrijfsvoering", "aanbeveling"): 1})
    hits = json.loads(ok(run("search", demo_path.name, "lepelaarsoverleg", "--json")).stdout)
    authors = {h["text"]: h["author"] for h in hits}
    assert authors == {"Lepelaarsoverleg met de politie werkt": DEMO_MEMBER,
                       "Lepelaarsoverleg ook met het OM": DEMO_MEMBER,
                       "Lepelaarsoverleg: wij leren; samen": DEMO_MEMBER,
                       "Lepelaarsoverleg vastleggen": "Yasmina Oukili"}


def test_import_notes_with_one_bad_row_changes_nothing(run, tmp_path, demo_path):
    before = info(run, demo_path)
    digest = sha256(demo_path)
    csv = write_csv(tmp_path, "notities dag 2.csv",
                    "thema,soort,tekst\n"
                    "ketensamenwerking,sterk_punt,Goede lijnen met de GGD\n"
                    "professionaliteit,vraag,Hoe lang duurt het inwerken?\n"
                    "professionaliteit,complimentje,Dit is geen soort\n")

    result = run("import-notes", demo_path.name, csv.name, "--member", DEMO_MEMBER)

    assert result.returncode == 1
    assert "notities dag 2.csv" in result.stderr and "regel 4" in result.stderr
    assert "niets geïmporteerd" in result.stderr
    assert info(run, demo_path)["observations"] == before["observations"]
    assert sha256(demo_path) == digest


def test_import_findings_all_or_nothing(run, tmp_path, demo_path):
    before = info(run, demo_path)
    bad = write_csv(tmp_path, "bevindingen.csv",
                    "thema;soort;tekst\n"
                    "ketensamenwerking;bevinding;Afspraken met de politie zijn informeel\n"
                    "ketensamenwerking;citaat;Wij bellen gewoon even\n")

    refused = run("import-findings", demo_path.name, bad.name)

    assert refused.returncode == 1
    assert "bevindingen.csv" in refused.stderr and "regel 3" in refused.stderr
    assert info(run, demo_path)["findings"] == before["findings"]

    good = write_csv(tmp_path, "bevindingen-goed.csv",
                     "thema;soort;tekst;subthema\n"
                     "ketensamenwerking;bevinding;Afspraken met de politie zijn informeel;"
                     "strafrechtketen\n"
                     "professionaliteit;Verbeterpunt;Kennis is kwetsbaar;\n"
                     "professionaliteit;verbeterpunt;Inhuur is hoog;\n")
    ok(run("import-findings", demo_path.name, good.name), demo_path)
    after = info(run, demo_path)
    assert after["findings"]["total"] == before["findings"]["total"] + 3
    assert counts(after, "findings") - counts(before, "findings") == Counter({
        ("ketensamenwerking", "bevinding"): 1, ("professionaliteit", "verbeterpunt"): 2})
    assert after["observations"] == before["observations"]


# -- assessments --------------------------------------------------------------------------------
def test_assess_records_values_and_refuses_values_outside_the_scale(run, tmp_path):
    file = tmp_path / "oordeel.visitatie"
    ok(run("new", "--onversleuteld", file.name, *NEW, *member_args(MEMBERS)), file)
    ok(run("assess", file.name, "robuustheid", "twijfel"), file)
    done = ok(run("assess", file.name, "bop3", "deels", "--toelichting",
                  "Veel inhuur bij vergunningverlening", "--json"), file)
    assert json.loads(done.stdout)["toelichting"] == "Veel inhuur bij vergunningverlening"
    assert info(run, file)["assessments"] == {"robuustheid": "twijfel", "bop3": "deels"}

    refused = run("assess", file.name, "bop3", "misschien")

    assert refused.returncode == 1
    assert "misschien" in refused.stderr
    for value in ("ja", "deels", "nee"):
        assert value in refused.stderr
    assert info(run, file)["assessments"] == {"robuustheid": "twijfel", "bop3": "deels"}


# -- search -------------------------------------------------------------------------------------
def test_search_finds_a_typed_note_best_match_first(run, demo_path):
    def add(theme, kind, text):
        out = ok(run("add-note", demo_path.name, "--thema", theme, "--soort", kind,
                     "--tekst", text, "--member", DEMO_MEMBER, "--json"), demo_path)
        return json.loads(out.stdout)["id"]

    add("ketensamenwerking", "sterk_punt",
        "Met het waterschap is er een vast kwartelkoningberaad over lozingen, handhaving en de "
        "gezamenlijke planning van controles in het hele werkgebied van de dienst.")
    best = add("professionaliteit", "Vraag", "Kwartelkoningberaad: wie zit het kwartelkoningberaad voor?")
    add("toekomst_in_het_vizier", "dilemma",
        "Het bestuur twijfelt of het kwartelkoningberaad past bij de risicoanalyse en de "
        "beschikbare middelen van de deelnemers in de komende jaren van het programma.")

    hits = json.loads(ok(run("search", demo_path.name, "kwartelkoningberaad", "--json")).stdout)

    assert len(hits) == 3
    assert all({"id", "theme", "kind", "text"} <= set(h) for h in hits)
    assert hits[0]["id"] == best
    assert (hits[0]["theme"], hits[0]["kind"]) == ("professionaliteit", "vraag")
    assert hits[0]["text"] == "Kwartelkoningberaad: wie zit het kwartelkoningberaad voor?"

    none = ok(run("search", demo_path.name, "zwaluwstaartnest", "--json"))
    assert json.loads(none.stdout) == []


def test_successful_commands_leave_no_journal_or_wal(run, tmp_path, demo_path):
    csv = write_csv(tmp_path, "n.csv", "thema,soort,tekst\nketensamenwerking,vraag,Wie belt?\n")
    fcsv = write_csv(tmp_path, "f.csv", "thema,soort,tekst\nketensamenwerking,bevinding,Iets\n")
    for args in (("add-note", "--thema", "professionaliteit", "--soort", "citaat", "--tekst", "Ja"),
                 ("import-notes", csv.name), ("import-findings", fcsv.name),
                 ("assess", "bop1", "ja"), ("search", "belt"), ("check",)):
        ok(run(args[0], demo_path.name, *args[1:]), demo_path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("demo")) == [
        "demo.visitatie"]


# -- damaged, foreign and newer files -----------------------------------------------------------
def make_damaged(kind: str, demo_path: Path) -> Path:
    path = demo_path.with_name("kapot.visitatie")
    if kind == "garbage":
        path.write_bytes(random.Random(20260310).randbytes(64 * 1024))
    elif kind == "truncated":
        data = demo_path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "foreign sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)")
        conn.execute("INSERT INTO klanten (naam) VALUES ('Bakkerij Zonneveld')")
        conn.commit()
        conn.close()
    return path


COMMANDS = {
    "info": ("info",),
    "search": ("search", "robuustheid"),
    "import-notes": ("import-notes", "goed.csv"),
    "assess": ("assess", "robuustheid", "twijfel"),
    "check": ("check",),
}


@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS.keys())
@pytest.mark.parametrize("kind", ["garbage", "truncated", "empty", "foreign sqlite"])
def test_damaged_file_is_refused_and_left_alone(run, tmp_path, demo_path, kind, command):
    path = make_damaged(kind, demo_path)
    write_csv(tmp_path, "goed.csv", "thema,soort,tekst\nketensamenwerking,vraag,Wie belt?\n")
    digest = sha256(path)
    name, *rest = COMMANDS[command]

    result = run(name, path.name, *rest)

    # random bytes in whole 4 KiB pages cannot be told from an encrypted file without its
    # passphrase: no passphrase given, so exit 7 (the message names damage as the other cause)
    assert result.returncode == (7 if kind == "garbage" else 3), result.stderr
    assert "beschadigd" in result.stderr
    assert "Traceback" not in result.stderr
    assert sha256(path) == digest
    assert_no_sidecars(path)


@pytest.mark.parametrize("command", ["info", "assess", "check"])
def test_file_from_a_newer_app_is_refused_untouched(run, demo_path, command):
    conn = sqlite3.connect(demo_path)
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    digest = sha256(demo_path)
    args = {"info": ("info", demo_path.name), "check": ("check", demo_path.name),
            "assess": ("assess", demo_path.name, "robuustheid", "twijfel")}[command]

    result = run(*args)

    assert result.returncode == 4, result.stderr
    assert "nieuwere versie" in result.stderr
    assert sha256(demo_path) == digest


def test_export_report_and_guide_from_the_command_line(run, demo_path, tmp_path):
    from docx import Document
    report = tmp_path / "rapport.docx"
    result = json.loads(ok(run("export-report", str(demo_path), "--out", str(report), "--trace",
                               "--zonder-commissie", "--json"), demo_path).stdout)
    assert report.exists() and result["findings"] > 0
    assert result["themes"] == len(info(run, demo_path)["themes"])
    headings = [p.text for p in Document(str(report)).paragraphs if p.style.name == "Heading 1"]
    assert any(h.startswith("Bijlage") for h in headings)
    guide = tmp_path / "leidraad.pdf"
    one = json.loads(ok(run("export-guide", str(demo_path), "--out", str(guide),
                            "--session", "1 09:00", "--json"), demo_path).stdout)
    assert guide.exists() and one["sessions"] == 1 and one["pages"] >= 1
    bad = run("export-guide", str(demo_path), "--out", str(tmp_path / "x.pdf"), "--session", "9 09:00")
    assert bad.returncode == 1 and "onbekend gesprek" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()


# -- the lock: a stale one is named and taken over with --overneem-slot, a running one never ---
from tests.store.test_lock import HOLDER, hold, posix_only, unopenable  # noqa: E402,F401 - fixtures

HAND_OUT = ("hand-out", "s.visitatie", "--member", "Ilse Voorthuis", "--out", "ilse.visitatie")


@pytest.fixture
def shared(run, tmp_path):
    ok(run("new", "--onversleuteld", "s.visitatie", "--dienst", "Omgevingsdienst Testland", "--start", "2026-03-10",
           "--end", "2026-03-11", "--member", "Joost Brandsema=secretaris", "--member", "Ilse Voorthuis=lid"))
    return tmp_path / "s.visitatie"


@posix_only
def test_stale_lock_is_named_and_taken_over_with_overneem_slot(run, shared, hold, tmp_path):
    lock_path = tmp_path / "s.visitatie.lock"
    digest = sha256(shared)
    pid = hold(shared, stays=False)  # the process is gone, its lock stays held (a network share)

    refused = run(*HAND_OUT)

    assert refused.returncode == 6
    assert "fout: s.visitatie: het slotbestand s.visitatie.lock" in refused.stderr and HOLDER in refused.stderr
    assert f"proces {pid} draait niet meer" in refused.stderr and "--overneem-slot" in refused.stderr
    assert sha256(shared) == digest and not (tmp_path / "ilse.visitatie").exists()

    taken = ok(run(*HAND_OUT, "--overneem-slot"), shared)
    assert "Kopie voor Ilse Voorthuis geschreven" in taken.stdout
    assert not lock_path.exists()  # replaced by ours, removed when the command was done
    hold(shared, stays=False)
    ok(run("merge", "s.visitatie", "ilse.visitatie", "--overneem-slot"), shared)  # merge too
    ok(run("merge", "s.visitatie", "ilse.visitatie"), shared)  # nothing stale is left


def test_running_holder_is_refused_even_with_overneem_slot(run, shared, hold, tmp_path):
    pid = hold(shared)
    refused = run(*HAND_OUT, "--overneem-slot")
    assert refused.returncode == 6 and "al geopend" in refused.stderr and HOLDER in refused.stderr
    assert f"proces {pid}," in (tmp_path / "s.visitatie.lock").read_text(encoding="utf-8")
    assert not (tmp_path / "ilse.visitatie").exists()


def test_lock_file_we_cannot_open_is_named_and_taken_over(shared, unopenable, tmp_path, capsys):
    """Another user's leftover on a shared folder (read-only to us); in this process, because
    the test makes the lock module see the mode as a user who is not root does."""
    from visitor_app.cli import main
    lock_path = unopenable(tmp_path / "s.visitatie.lock",
                           f"door {HOLDER} op pc-secretariaat, proces 4242, sinds 02-03-2026 09:15")
    args = ["hand-out", str(shared), "--member", "Ilse Voorthuis", "--out", str(tmp_path / "ilse.visitatie")]

    assert main(args) == 6
    stderr = capsys.readouterr().err
    assert str(lock_path) in stderr and HOLDER in stderr and "02-03-2026 09:15" in stderr
    assert "--overneem-slot" in stderr and "kan hier niet schrijven" not in stderr
    assert not (tmp_path / "ilse.visitatie").exists()

    assert main([*args, "--overneem-slot"]) == 0, capsys.readouterr().err
    assert (tmp_path / "ilse.visitatie").exists() and not lock_path.exists()
