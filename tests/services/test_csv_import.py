"""CSV import of observations and findings, as a secretary would prepare it in Excel.

Every bad file or bad row must reject the whole import with the file name and the
line number, and leave the visitation exactly as it was.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import frameworks as ids
from visitor_app.services.csv_import import import_findings, import_notes
from visitor_app.errors import InputError

BOM = "\ufeff"


def words(fw) -> dict[str, str]:
    """Ids and names for the CSV rows, taken from the framework the test runs on."""
    theme, sub = ids.theme_and_subtheme(fw)
    plain = ids.plain_kinds(fw)
    busy, _ = Counter(s["conversation"] for d in fw.programme["days"] for s in d["sessions"]
                      ).most_common(1)[0]
    return {"theme": theme, "sub": sub, "other": ids.other_theme(fw, theme), "last": fw.themes[-1]["id"],
            "kind": plain[0], "kind2": plain[1], "ask": plain[-1], "quote": ids.quote_kind(fw),
            "foreign": ids.foreign_subtheme(fw, theme), "busy": busy}


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    """Write a CSV byte-exact (no newline translation), as Excel would save it."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def texts(visit) -> list[tuple[str, str, str]]:
    return [(o["theme"], o["kind"], o["text"]) for o in visit.observations.list()]


def session_at(visit, day: int, start: str) -> dict:
    [s] = [s for s in visit.programme.sessions() if s["day"] == day and s["start"] == start]
    return s


@pytest.fixture
def visit_with_note(each_visit, each_framework):
    """The test visitation with one observation already captured by hand (on each framework)."""
    w = words(each_framework)
    each_visit.observations.add(w["last"], w["ask"], "Hoe borgt de dienst kennis van Seveso?")
    return each_visit


# -- happy paths --------------------------------------------------------------------------------
def test_comma_separated_utf8_file_imports_every_row(each_visit, each_framework, tmp_path):
    w = words(each_framework)
    path = write(tmp_path, "notities.csv",
                 "thema,soort,tekst\n"
                 f"{w['theme']},{w['kind']},Korte lijnen met de politie\n"
                 f"{w['other']},{w['kind2']},Bestuurlijke beïnvloeding van adviezen\n"
                 f"{w['last']},{w['quote']},\"Wij leren van elkaar\"\n")

    assert import_notes(each_visit, path) == 3

    assert texts(each_visit) == [
        (w["theme"], w["kind"], "Korte lijnen met de politie"),
        (w["other"], w["kind2"], "Bestuurlijke beïnvloeding van adviezen"),
        (w["last"], w["quote"], "Wij leren van elkaar"),
    ]


def test_names_in_any_case_and_sessions_by_day_and_time(each_visit, each_framework, tmp_path):
    fw = each_framework
    w = words(fw)
    theme, kind = fw.theme(w["theme"]), next(k for k in fw.observation_kinds if k["id"] == w["kind"])
    sub = fw.subthemes(w["theme"])[0]
    first = each_visit.programme.sessions()[0]
    path = write(tmp_path, "Notities Excel.csv",
                 BOM + "thema;soort;tekst;subthema;gesprek;auteur\r\n"
                 f"{theme['name'].upper()};{kind['plural'].lower()};Goede afspraken met het OM;"
                 f"{sub['name'].upper()};dag {first['day']} {first['start']};RUBEN kasteleijn\r\n"
                 f"{w['other'].replace('_', ' ')};{kind['name']};Veel inhuur;;;\r\n")

    assert import_notes(each_visit, path, member="femke ouwerling") == 2

    ruben, femke = each_visit.members.id_of("Ruben Kasteleijn"), each_visit.members.id_of("Femke Ouwerling")
    assert [(o["theme"], o["kind"], o["subtheme"], o["session_id"], o["author"])
            for o in each_visit.observations.list()] == [
        (w["theme"], w["kind"], sub["id"], first["id"], ruben),
        (w["other"], w["kind"], None, None, femke),
    ]


@pytest.mark.forms_nl  # a file as typed in Excel with the Dutch names of forms/
def test_excel_nl_file_with_bom_semicolons_and_dutch_names(visit, tmp_path):
    mt = session_at(visit, 1, "10:15")  # forms/programme.yaml: gesprek met het managementteam
    bestuur = session_at(visit, 2, "09:00")  # forms/programme.yaml: gesprek met het bestuur
    path = write(tmp_path, "Notities Excel.csv",
                 BOM + "thema;soort;tekst;subthema;gesprek;auteur\r\n"
                 "KETENSAMENWERKING;Sterk punt;Goede afspraken met het OM;"
                 "samenwerking in de STRAFRECHTKETEN;1 10:15;RUBEN kasteleijn\r\n"
                 "Professionaliteit;VERBETERPUNT;Veel inhuur bij vergunningverlening;;;\r\n"
                 "organisatieontwikkeling en bedrijfsvoering;aanbeveling;Maak een O&I-budget;"
                 "Innovatie;dag 2 09:00;\r\n")

    assert import_notes(visit, path, member="femke ouwerling") == 3

    obs = visit.observations.list()
    ruben, femke = visit.members.id_of("Ruben Kasteleijn"), visit.members.id_of("Femke Ouwerling")
    assert [(o["theme"], o["kind"], o["subtheme"], o["session_id"], o["author"]) for o in obs] == [
        ("ketensamenwerking", "sterk_punt", "strafrechtketen", mt["id"], ruben),
        ("professionaliteit", "verbeterpunt", None, None, femke),
        ("organisatieontwikkeling_bedrijfsvoering", "aanbeveling", "innovatie", bestuur["id"], femke),
    ]
    assert obs[0]["text"] == "Goede afspraken met het OM"
    assert mt["conversation"] == "management_mt" and bestuur["conversation"] == "bestuur"


@pytest.mark.forms_nl  # a file as typed in Excel with the Dutch names of forms/
def test_without_member_and_auteur_the_rows_have_no_author(visit, tmp_path):
    path = write(tmp_path, "n.csv", "thema,soort,tekst\nketensamenwerking,vraag,Wie belt de GGD?\n")
    import_notes(visit, path)
    assert [o["author"] for o in visit.observations.list()] == [None]


@pytest.mark.forms_nl  # a file as typed in Excel with the Dutch names of forms/
def test_quoted_separator_and_multiline_cell(visit, tmp_path):
    # Excel writes a line break inside a cell as LF and ends rows with CRLF.
    path = write(tmp_path, "citaten.csv",
                 "thema;soort;tekst\r\n"
                 "ketensamenwerking;verbeterpunt;\"Eerst de politie; dan het OM\"\r\n"
                 "professionaliteit;citaat;\"Teamleider:\nwij doen het samen,\n\"\"altijd\"\"\"\r\n"
                 "professionaliteit;vraag;Na het citaat\r\n")

    assert import_notes(visit, path) == 3

    assert texts(visit) == [
        ("ketensamenwerking", "verbeterpunt", "Eerst de politie; dan het OM"),
        ("professionaliteit", "citaat", 'Teamleider:\nwij doen het samen,\n"altijd"'),
        ("professionaliteit", "vraag", "Na het citaat"),
    ]


@pytest.mark.forms_nl  # a file as typed in Excel with the Dutch names of forms/
def test_error_after_a_multiline_cell_names_the_physical_line(visit, tmp_path):
    path = write(tmp_path, "lang.csv",
                 "thema;soort;tekst\r\n"                                  # line 1
                 "professionaliteit;citaat;\"een\ntwee\ndrie\"\r\n"        # lines 2-4
                 "geen_thema;vraag;Waar hoort dit bij?\r\n"                # line 5
                 "ketensamenwerking;dilemma;\"vier\nvijf\"\r\n"            # lines 6-7
                 "ketensamenwerking;onzin;Verkeerde soort\r\n")           # line 8

    with pytest.raises(InputError) as exc:
        import_notes(visit, path)

    message = exc.value.message
    assert "lang.csv" in message
    assert "regel 5: onbekend thema 'geen_thema'" in message
    assert "regel 8: onbekende soort" in message
    assert "regel 3:" not in message and "regel 6:" not in message
    assert visit.observations.list() == []


# -- bad rows: the whole file is rejected -------------------------------------------------------
BAD_ROWS = {  # {placeholders}: words() of the framework the test runs on
    "unknown theme": ("luchtkwaliteit,{kind},Schone lucht", "onbekend thema"),
    "unknown kind": ("{theme},compliment,Fijn overleg", "onbekende soort"),
    "subtheme of another theme": ("{theme},{kind},Goed geregeld,{foreign},,",
                                  "onbekend subthema '{foreign}'"),
    "empty text": ("{theme},{ask},   ,,,", "tekst"),
    "unknown auteur": ("{theme},{ask},Wie belt de GGD?,,,Pieter Zwanenburg",
                       "onbekend commissielid"),
    "ambiguous gesprek": ("{last},{quote},Wij werken samen,,{busy},", "niet eenduidig"),
    "unknown gesprek": ("{last},{quote},Wij werken samen,,3 09:00,", "onbekend gesprek"),
    "unquoted separator": ("{theme},{ask},Eerst dit, dan dat,,,Ilse Voorthuis",
                           "scheidingsteken"),
}


@pytest.mark.parametrize("bad_row, reason", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_one_bad_row_rejects_the_whole_file(visit_with_note, each_framework, tmp_path, bad_row,
                                            reason):
    w = words(each_framework)
    bad_row, reason = bad_row.format(**w), reason.format(**w)
    before = visit_with_note.observations.list()
    path = write(tmp_path, "waarnemingen dag 1.csv",
                 "thema,soort,tekst,subthema,gesprek,auteur\n"
                 f"{w['theme']},{w['kind']},Korte lijnen met de politie,,1 09:00,Ilse Voorthuis\n"
                 f"{bad_row}\n"
                 f"{w['last']},{w['kind2']},Meer opleiding nodig,,,\n")

    with pytest.raises(InputError) as exc:
        import_notes(visit_with_note, path)

    message = exc.value.message
    assert "waarnemingen dag 1.csv" in message
    assert "regel 3" in message
    assert reason in message
    assert "regel 2" not in message and "regel 4" not in message
    assert visit_with_note.observations.list() == before


def test_every_bad_row_is_reported_and_nothing_is_imported(visit_with_note, each_framework, tmp_path):
    w = words(each_framework)
    before = len(visit_with_note.observations.list())
    path = write(tmp_path, "fouten.csv",
                 "thema;soort;tekst;auteur\n"
                 f"{w['theme']};{w['kind']};Goed;\n"         # 2 ok
                 f"bestaat_niet;{w['kind']};Fout thema;\n"   # 3
                 f"{w['last']};{w['ask']};Goed;\n"           # 4 ok
                 f"{w['last']};{w['ask']};;\n"               # 5 empty text
                 f"{w['last']};{w['ask']};Goed;Onbekende Naam\n")  # 6

    with pytest.raises(InputError) as exc:
        import_notes(visit_with_note, path)

    message = exc.value.message
    for line in (3, 5, 6):
        assert f"regel {line}:" in message
    for line in (2, 4):
        assert f"regel {line}:" not in message
    assert len(visit_with_note.observations.list()) == before


# -- bad files ----------------------------------------------------------------------------------
BAD_FILES = {
    "unknown column": (b"thema,soort,tekst,kleur\nketensamenwerking,vraag,Wie?,rood\n",
                       ["onbekende kolom", "kleur"]),
    "missing column": (b"thema,tekst\nketensamenwerking,Wie?\n", ["ontbreken", "soort"]),
    "not utf-8": ("thema;soort;tekst\nketensamenwerking;dilemma;bestuurlijke beïnvloeding\n"
                  .encode("cp1252"), ["UTF-8", "regel 2"]),
    "empty file": (b"", ["leeg"]),
    "only a header": (b"thema,soort,tekst\r\n,,\r\n", ["geen regels"]),
}


@pytest.mark.parametrize("content, words", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_unreadable_file_is_refused_clearly(visit_with_note, tmp_path, content, words):
    before = visit_with_note.observations.list()
    path = tmp_path / "export.csv"
    path.write_bytes(content)

    with pytest.raises(InputError) as exc:
        import_notes(visit_with_note, path)

    assert "export.csv" in exc.value.message
    for word in words:
        assert word in exc.value.message
    assert visit_with_note.observations.list() == before


@pytest.mark.forms_nl  # a file as typed in Excel with the Dutch names of forms/
def test_excel_trailing_empty_rows_are_skipped(visit, tmp_path):
    path = write(tmp_path, "excel.csv",
                 "thema;soort;tekst\r\n"
                 "ketensamenwerking;sterk_punt;Goede contacten met de GGD\r\n"
                 "professionaliteit;vraag;Hoe werkt het traineeprogramma?\r\n"
                 ";;\r\n;;;\r\n ; ; \r\n")

    assert import_notes(visit, path) == 2
    assert [t for _, _, t in texts(visit)] == ["Goede contacten met de GGD",
                                                "Hoe werkt het traineeprogramma?"]


# -- findings -----------------------------------------------------------------------------------
def test_import_findings_adds_findings_in_file_order(each_visit, each_framework, tmp_path):
    fw = each_framework
    w = words(fw)
    kinds = fw.finding_kinds
    last_sub = fw.themes[-1]["subthemes"][0]
    path = write(tmp_path, "bevindingen.csv",
                 BOM + "thema;soort;tekst;subthema\r\n"
                 f"{fw.theme(w['theme'])['name']};{kinds[0]['name']};Er zijn geen structurele "
                 f"afspraken met het OM;{w['sub']}\r\n"
                 f"{w['other']};{kinds[1]['id']};Het traineeprogramma werkt goed;\r\n"
                 f"{w['last']};{kinds[-1]['name'].upper()};\"Sluit de Big 8; betrek het bestuur\";"
                 f"{last_sub['name'].lower()}\r\n")

    assert import_findings(each_visit, path) == 3

    assert [(f["theme"], f["kind"], f["subtheme"], f["text"]) for f in each_visit.findings.list()] == [
        (w["theme"], kinds[0]["id"], w["sub"], "Er zijn geen structurele afspraken met het OM"),
        (w["other"], kinds[1]["id"], None, "Het traineeprogramma werkt goed"),
        (w["last"], kinds[-1]["id"], last_sub["id"], "Sluit de Big 8; betrek het bestuur"),
    ]
    assert each_visit.observations.list() == []  # findings are not observations


def test_import_findings_rejects_an_observation_only_kind(each_visit, each_framework, tmp_path):
    w, finding = words(each_framework), each_framework.finding_kinds[0]["id"]
    only = ids.observation_only_kind(each_framework)
    each_visit.findings.add(w["last"], finding, "Kennis is kwetsbaar")
    before = each_visit.findings.list()
    path = write(tmp_path, "bevindingen.csv",
                 "thema,soort,tekst\n"
                 f"{w['theme']},{finding},Afspraken met de politie zijn informeel\n"
                 f"{w['theme']},{only},Wij bellen gewoon even\n")

    with pytest.raises(InputError) as exc:
        import_findings(each_visit, path)

    assert "bevindingen.csv" in exc.value.message
    assert "regel 3" in exc.value.message and f"onbekende soort bevinding '{only}'" in exc.value.message
    assert "regel 2" not in exc.value.message
    assert each_visit.findings.list() == before


def test_import_findings_refuses_note_only_columns(visit, tmp_path):
    path = write(tmp_path, "bevindingen.csv",
                 "thema,soort,tekst,auteur\nketensamenwerking,bevinding,Iets,Ilse Voorthuis\n")
    with pytest.raises(InputError, match="onbekende kolom 'auteur'"):
        import_findings(visit, path)
    assert visit.findings.list() == []


def test_error_in_a_multiline_row_names_its_first_line(visit, tmp_path):
    path = tmp_path / "meerregelig.csv"
    path.write_text('thema;soort;tekst\r\ngeen_thema;citaat;"een\ntwee\ndrie"\r\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"regel 2: onbekend thema"):
        import_notes(visit, path)


def test_a_csv_beyond_the_size_limit_is_refused_before_it_is_read(visit, tmp_path, monkeypatch):
    """Issue 11 fuzzing: a 40 MB CSV took 268 MB of memory; now at most MAX_BYTES is read and
    the text is split line by line (114 MB for the same file)."""
    from visitor_app.services import csv_import
    path = tmp_path / "enorm.csv"
    with open(path, "wb") as fh:  # sparse: no disk space needed
        fh.truncate(csv_import.MAX_BYTES + 1)
    before = visit.store.count("observations")
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read anyway"))
    with pytest.raises(InputError, match="enorm.csv: het bestand is te groot"):
        import_notes(visit, path)
    assert visit.store.count("observations") == before


def test_lines_split_only_at_cr_lf_cr_and_lf():
    import io

    from visitor_app.services.csv_import import _lines
    text = 'a,"b\x0bc\x1cd\u2028e"\r\nf\rg\n\nh'
    assert list(_lines(text)) == list(io.StringIO(text, newline=""))


def test_the_csv_modules_complaints_are_said_in_dutch(visit, tmp_path):
    """Issue 11 fuzzing: "field larger than field limit (131072)" reached the user."""
    cases = {"groot.csv": 'thema,soort,tekst\na,b,' + "x" * 200_000 + "\n",
             "quote.csv": 'thema,soort,tekst\na,"b"c,d\n',
             "open.csv": 'thema,soort,tekst\na,b,"nooit gesloten\n'}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=f"^{name}, regel 2: niet te lezen") as refused:
            import_notes(visit, path)
        for english in ("field", "expected", "unexpected", "Error"):
            assert english not in refused.value.message, refused.value.message
