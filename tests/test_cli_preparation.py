"""add-question, questions and zelfevaluatie through a real subprocess, on each framework."""

from __future__ import annotations

import json

from tests.conftest import MEMBERS, closed_visitation
from tests.test_cli import run  # noqa: F401 - the fixture


def test_prepare_questions_per_session_and_theme_and_list_them(run, tmp_path, each_framework):  # noqa: F811
    fw = each_framework
    path = closed_visitation(tmp_path / "p.visitatie", fw)
    theme = fw.themes[1]
    a = run("add-question", path.name, "--sessie", "1 09:00", "--tekst", "Wie stelt de agenda op?",
            "--member", MEMBERS[1][0], "--json")
    assert a.returncode == 0, a.stderr
    first = json.loads(a.stdout)
    assert (first["member"], first["asked"], first["theme"]) == (MEMBERS[1][0], None, None)
    assert first["session"].startswith("dag 1 09:00 ")
    b = run("add-question", path.name, "--thema", theme["name"], "--tekst", "Hoe borg je kennis?")
    assert b.returncode == 0 and f"bij thema {theme['name']} (de hele commissie)" in b.stdout
    run("add-question", path.name, "--sessie", "1 09:00", "--tekst", "Van Ilse", "--member", MEMBERS[0][0])

    everyone = json.loads(run("questions", path.name, "--json").stdout)
    assert [(q["text"], q["member"]) for q in everyone] == [
        ("Wie stelt de agenda op?", MEMBERS[1][0]), ("Van Ilse", MEMBERS[0][0]),
        ("Hoe borg je kennis?", None)]
    only = json.loads(run("questions", path.name, "--member", MEMBERS[1][0], "--json").stdout)
    assert [q["text"] for q in only] == ["Wie stelt de agenda op?", "Hoe borg je kennis?"]
    shown = run("questions", path.name).stdout
    assert f"Thema {theme['name']}\n  - Hoe borg je kennis?  [commissie; open]" in shown
    info = json.loads(run("info", path.name, "--json").stdout)
    assert info["eigen_vragen"] == {"total": 3, "open": 3, "asked": 0}


def test_bad_questions_exit_1_with_a_message_and_store_nothing(run, tmp_path, each_framework):  # noqa: F811
    path = closed_visitation(tmp_path / "p.visitatie", each_framework)
    for args, message in (
            (["--sessie", "9 09:00", "--tekst", "x"], "onbekend gesprek '9 09:00'"),
            (["--thema", "geen thema", "--tekst", "x"], "onbekend thema 'geen thema'"),
            (["--sessie", "1 09:00", "--tekst", "   "], "eigen vraag: tekst mag niet leeg zijn"),
            (["--sessie", "1 09:00", "--tekst", "x", "--member", "Niemand Bekend"],
             "onbekend commissielid 'Niemand Bekend'")):
        result = run("add-question", path.name, *args)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
    both = run("add-question", path.name, "--sessie", "1 09:00", "--thema", "x", "--tekst", "x")
    assert both.returncode == 2 and "argument --thema: niet samen met argument --sessie" in both.stderr
    assert json.loads(run("questions", path.name, "--json").stdout) == []


def test_zelfevaluatie_write_show_and_clear(run, tmp_path, each_framework):  # noqa: F811
    fw = each_framework
    path = closed_visitation(tmp_path / "z.visitatie", fw)
    theme = fw.themes[0]
    w = run("zelfevaluatie-samenvatting", path.name, "--thema", theme["id"], "--tekst", "Goede relatie met het bestuur.")
    assert w.returncode == 0 and theme["name"] in w.stdout
    rows = json.loads(run("zelfevaluatie-samenvatting", path.name, "--json").stdout)
    assert [r["theme"] for r in rows] == [t["id"] for t in fw.themes]
    assert rows[0]["text"] == "Goede relatie met het bestuur." and all(r["text"] == "" for r in rows[1:])
    one = run("zelfevaluatie-samenvatting", path.name, "--thema", theme["name"]).stdout
    assert one.strip() == f"{theme['name']}: Goede relatie met het bestuur."
    missing = run("zelfevaluatie-samenvatting", path.name, "--tekst", "zonder thema")
    assert missing.returncode == 2 and "argument --tekst: geef ook --thema" in missing.stderr
    run("zelfevaluatie-samenvatting", path.name, "--thema", theme["id"], "--tekst", "")
    assert json.loads(run("info", path.name, "--json").stdout)["zelfevaluatie_samenvatting"] == []
