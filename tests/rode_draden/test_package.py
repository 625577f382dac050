"""The central package (NAME.rodedraden): contents, no personal data, digest, strict reading."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat

import pytest

from tests.conftest import MEMBERS, ROOT
from visitor_app.services import Visitation
from visitor_app.rode_draden.package import (
    PACKAGE_SCHEMA,
    PACKAGE_SCHEMA_VERSION,
    build_package,
    compute_digest,
    export_central,
    read_package,
)
from visitor_app.domain.deidentify import MARKS

NAME_MARK, QUOTE_MARK = MARKS["known_name"], MARKS["quote"]
from visitor_app.errors import DamagedFileError, InputError, NewerSchemaError
from visitor_app.store import files

# Fictional interviewees, typed into the programme by a secretary.
PARTICIPANTS = [("Directeur", "Wilma Haverkamp-Zuidema"), ("Jurist", "Bartel Oostindië"),
                ("Teamleider", "Koen de Graaf-Ruiters")]


def _ids(framework):
    theme = framework.themes[0]
    return theme["id"], theme["subthemes"][0]["id"] if theme["subthemes"] else None, \
        [k["id"] for k in framework.finding_kinds]


def _quote_kind(framework) -> str:
    kinds = [k["id"] for k in framework.observation_kinds if k.get("quote")]
    assert kinds, "forms/observation_kinds.yaml marks no observation kind as quote"
    return kinds[0]


def _write(path, package: dict) -> None:
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture
def filled(visit, framework):
    """The fixture visitation with named participants, findings that name people, and an
    assessment whose toelichting names someone."""
    theme, sub, kinds = _ids(framework)
    visit.programme.add(day=1, start="16:00", end="17:00",
                      conversation=framework.conversation_types[0]["id"], title="Extra gesprek",
                      participants=[{"function": f, "name": n} for f, n in PARTICIPANTS])
    visit.findings.add(theme, kinds[0], "Volgens Wilma Haverkamp-Zuidema is de werkrelatie goed.",
                      subtheme=sub)
    visit.findings.add(theme, kinds[1], "Mevrouw Haverkamp en ook ZUIDEMA noemden dit; de heer "
                                       "Oostindië was het ermee eens.")
    visit.findings.add(theme, kinds[-1], "De commissie (Ilse  Voorthuis, Brandsema) beveelt "
                                        "aan om met De Graaf - Ruiters het overleg te herijken.")
    item = framework.assessment_items[0]
    value = framework.scale_values(item["id"])[0]["id"]
    visit.assessments.set(item["id"], value, toelichting="Besproken met Femke Ouwerling en Kasteleijn.")
    return visit


def test_package_holds_findings_assessments_and_labels_but_no_people(filled, framework):
    pkg = build_package(filled)
    assert pkg["format"] == "visitor-app-rodedraden" and pkg["schema_version"] == PACKAGE_SCHEMA_VERSION
    assert pkg["visitation"] == {k: filled.details()[k] for k in ("id", "dienst", "start", "end")}
    assert [f["kind"] for f in pkg["findings"]] == [f["kind"] for f in filled.findings.list()]
    assert pkg["framework"]["id"] == framework.id and pkg["framework"]["version"] == framework.version
    assert [t["name"] for t in pkg["framework"]["themes"]] == [t["name"] for t in framework.themes]
    assert [k["plural"] for k in pkg["framework"]["finding_kinds"]] == \
        [k["plural"] for k in framework.finding_kinds]
    assert len(pkg["assessments"]) == 1
    text = json.dumps(pkg, ensure_ascii=False)
    for forbidden in ("author", "updated_by", "members", "participants", "observations", "sessions"):
        assert f'"{forbidden}"' not in text
    member_ids = {m["id"] for m in filled.members.list()}
    assert not any(mid in text for mid in member_ids)


def test_no_name_of_a_member_or_participant_reaches_the_package_file(filled, tmp_path):
    out = tmp_path / "testland.rodedraden"
    summary = export_central(filled, out)
    raw = out.read_bytes().decode("utf-8").casefold()
    people = [n for n, _ in MEMBERS] + [n for _, n in PARTICIPANTS]
    for name in people:
        assert name.casefold() not in raw, name
        surname = name.split()[-1]
        for part in [surname] + surname.split("-"):
            assert not re.search(rf"(?<!\w){re.escape(part.casefold())}(?!\w)", raw), part
    assert NAME_MARK in out.read_text(encoding="utf-8")
    assert summary["names_redacted"] == 9  # as typed in the three findings and the toelichting
    assert summary["redactions"] == 9
    assert summary["findings"] == 3 and summary["assessments"] == 1


def test_the_demo_package_names_nobody(demo_path, tmp_path):
    import yaml
    data = yaml.safe_load((ROOT / "resources/demo/demo_visitatie.yaml").read_text(encoding="utf-8"))
    names = [m["name"] for m in data["members"]]
    names += [p["name"] for s in data["sessions"] for p in s.get("participants", []) if p.get("name")]
    assert len(names) > 10
    with Visitation.open(demo_path) as visit:
        first = visit.findings.list()[0]
        visit.findings.update(first["id"], text=first["text"] + " Zo zei " + names[-1] + " het ook.")
        export_central(visit, tmp_path / "demo.rodedraden")
    raw = (tmp_path / "demo.rodedraden").read_text(encoding="utf-8").casefold()
    for name in names:
        assert name.casefold() not in raw


def test_a_quoted_observation_is_left_out_of_a_finding(visit, framework, tmp_path):
    theme, _, kinds = _ids(framework)
    quote = "“We weten pas achteraf wat er in het AB besloten is.” — teamleider"
    visit.observations.add(theme, _quote_kind(framework), quote)
    visit.findings.add(theme, kinds[0], "Medewerkers voelen zich weinig betrokken. Een teamleider: "
                                       "\"we weten  pas achteraf wat er in het AB besloten is\". "
                                       "Dat raakt het draagvlak.")
    summary = export_central(visit, tmp_path / "q.rodedraden")
    text = json.loads((tmp_path / "q.rodedraden").read_text(encoding="utf-8"))["findings"][0]["text"]
    assert "achteraf" not in text
    assert text == f"Medewerkers voelen zich weinig betrokken. Een teamleider: {QUOTE_MARK}. " \
                   "Dat raakt het draagvlak."
    assert summary["quotes_removed"] == 1


def test_a_short_quote_does_not_blank_out_parts_of_words(visit, framework):
    theme, _, kinds = _ids(framework)
    visit.observations.add(theme, _quote_kind(framework), "Nee.")
    visit.observations.add(theme, _quote_kind(framework), "Dat lukt nooit — teamleider")
    visit.findings.add(theme, kinds[0], "Neem de benoeming op in het jaarplan; dat lukt nooitmeer zo.")
    assert build_package(visit)["findings"][0]["text"] == \
        "Neem de benoeming op in het jaarplan; dat lukt nooitmeer zo."


def test_text_of_an_ordinary_observation_stays(visit, framework):
    theme, _, kinds = _ids(framework)
    plain = next(k["id"] for k in framework.observation_kinds if not k.get("quote"))
    visit.observations.add(theme, plain, "Het AB besluit vaak zonder advies van de dienst.")
    visit.findings.add(theme, kinds[0], "Het AB besluit vaak zonder advies van de dienst.")
    assert build_package(visit)["findings"][0]["text"] == "Het AB besluit vaak zonder advies van de dienst."


def test_digest_is_sha256_of_the_canonical_json_as_documented(filled, tmp_path):
    out = tmp_path / "p.rodedraden"
    export_central(filled, out)
    pkg = json.loads(out.read_text(encoding="utf-8"))
    body = {k: v for k, v in pkg.items() if k != "digest"}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert pkg["digest"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert read_package(out) == pkg


def test_the_documented_schema_is_the_one_the_app_checks():
    doc = json.loads((ROOT / "docs/central-package.schema.json").read_text(encoding="utf-8"))
    assert doc == PACKAGE_SCHEMA


def test_export_without_findings_is_refused_and_writes_nothing(visit, tmp_path):
    out = tmp_path / "leeg.rodedraden"
    with pytest.raises(InputError) as err:
        export_central(visit, out)
    assert str(visit.path) in err.value.message and "geen bevindingen" in err.value.message
    assert list(tmp_path.glob("*.rodedraden")) == [] and list(tmp_path.glob(".*tmp")) == []


def test_export_wants_the_rodedraden_extension(filled, tmp_path):
    with pytest.raises(InputError, match=r"\.rodedraden"):
        export_central(filled, tmp_path / "pakket.json")


# -- reading -----------------------------------------------------------------------------------
@pytest.fixture
def package_file(filled, tmp_path):
    out = tmp_path / "goed.rodedraden"
    export_central(filled, out)
    return out


def test_a_changed_finding_text_is_caught_by_the_digest(package_file):
    pkg = json.loads(package_file.read_text(encoding="utf-8"))
    pkg["findings"][0]["text"] += " Toegevoegd."
    _write(package_file, pkg)
    with pytest.raises(DamagedFileError, match=r"gewijzigd of beschadigd \(controlegetal klopt niet\)"):
        read_package(package_file)


def test_a_truncated_package_is_reported_as_such(package_file):
    raw = package_file.read_bytes()
    package_file.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DamagedFileError) as err:
        read_package(package_file)
    assert str(package_file) in err.value.message and "houdt onverwacht op" in err.value.message


def test_broken_json_names_line_and_column(package_file):
    text = package_file.read_text(encoding="utf-8").replace(f'"schema_version": {PACKAGE_SCHEMA_VERSION},', f'"schema_version": {PACKAGE_SCHEMA_VERSION}', 1)
    package_file.write_text(text, encoding="utf-8")
    with pytest.raises(DamagedFileError, match=r"regel 4, kolom 3"):
        read_package(package_file)


def test_a_newer_schema_version_is_refused_with_its_own_error(package_file):
    pkg = json.loads(package_file.read_text(encoding="utf-8"))
    pkg["schema_version"] = PACKAGE_SCHEMA_VERSION + 1
    _write(package_file, pkg)
    with pytest.raises(NewerSchemaError, match="nieuwere versie"):
        read_package(package_file)


def test_a_schema_1_package_without_counts_is_still_read(package_file):
    """Packages exported before the counts of replacements (schema 1) stay readable."""
    pkg = json.loads(package_file.read_text(encoding="utf-8"))
    pkg["schema_version"] = 1
    del pkg["redactions"]
    pkg["digest"] = compute_digest(pkg)
    _write(package_file, pkg)
    assert read_package(package_file)["schema_version"] == 1


def test_the_package_counts_replacements_per_kind_but_not_what(filled, tmp_path):
    out = tmp_path / "telling.rodedraden"
    result = export_central(filled, out)
    pkg = json.loads(out.read_text(encoding="utf-8"))
    assert pkg["redactions"] == result["by_kind"] and sum(pkg["redactions"].values()) == result["redactions"] > 0
    assert all(isinstance(n, int) and n > 0 for n in pkg["redactions"].values())
    pkg["redactions"]["known_name"] = -1
    pkg["digest"] = compute_digest(pkg)
    _write(out, pkg)
    with pytest.raises(DamagedFileError, match="redactions.known_name"):
        read_package(out)


@pytest.mark.parametrize("change, where", [
    (lambda p: p.pop("schema_version"), "schemaversie"),
    (lambda p: p.update(format="iets-anders"), "format"),
    (lambda p: p["findings"][1].update(kind=7), "findings[1].kind"),
    (lambda p: p["findings"][1].pop("text"), "findings[1].text"),
    (lambda p: p["findings"][0].update(theme="geen_thema"), "findings[0].theme"),
    (lambda p: p["findings"][0].update(author="iemand"), "findings[0].author"),
    (lambda p: p["visitation"].update(start="10-03-2026"), "visitation.start"),
    (lambda p: p["assessments"][0].update(value="onbekend"), "assessments[0].value"),
])
def test_a_wrong_shape_is_refused_naming_the_field(package_file, change, where):
    pkg = json.loads(package_file.read_text(encoding="utf-8"))
    change(pkg)
    pkg["digest"] = compute_digest(pkg)  # a consistent digest: the shape check must catch it
    _write(package_file, pkg)
    with pytest.raises(DamagedFileError) as err:
        read_package(package_file)
    assert where in err.value.message and str(package_file) in err.value.message


def test_a_visitation_file_is_not_a_package(filled):
    with pytest.raises(DamagedFileError, match="geen pakket"):
        read_package(filled.path)


def test_a_missing_package_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="bestaat niet"):
        read_package(tmp_path / "weg.rodedraden")


def test_a_package_write_that_fails_halfway_leaves_no_temp_file_and_no_target(
        filled, tmp_path, monkeypatch):
    def disk_error(fd):
        raise OSError(errno.EIO, "invoer-/uitvoerfout")

    monkeypatch.setattr(files.os, "fsync", disk_error)  # the bytes are written, not yet in place
    before = sorted(p.name for p in tmp_path.iterdir())
    from visitor_app.errors import DiskIOError  # exit 8 since issue 11, defect 7
    with pytest.raises(DiskIOError, match="half.rodedraden: de schijf meldt een lees- of schrijffout"):
        export_central(filled, tmp_path / "half.rodedraden")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.skipif(os.name != "posix", reason="owner-only permissions are POSIX modes")
def test_the_package_file_is_owner_only_and_reads_back(filled, tmp_path):
    out = tmp_path / "eigen.rodedraden"
    summary = export_central(filled, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert read_package(out)["digest"] == summary["digest"]


@pytest.mark.parametrize("digits", [19, 5000])
def test_a_huge_number_is_refused_in_dutch(tmp_path, digits):
    """Issue 11 fuzzing: 5000 digits gave Python's English "Exceeds the limit (4300 digits)"."""
    from visitor_app.errors import DamagedFileError
    from visitor_app.rode_draden.package import read_package
    path = tmp_path / "getal.rodedraden"
    path.write_text('{"format": "visitor-app-rodedraden", "schema_version": ' + "9" * digits + "}",
                    encoding="utf-8")
    with pytest.raises(DamagedFileError, match=f"getal van {digits} cijfers is te lang") as refused:
        read_package(path)
    assert "Exceeds" not in refused.value.message


def test_deep_nesting_is_refused_in_dutch(tmp_path):
    from visitor_app.errors import DamagedFileError
    from visitor_app.rode_draden.package import read_package
    path = tmp_path / "diep.rodedraden"
    path.write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(DamagedFileError, match="te diep in elkaar genest") as refused:
        read_package(path)
    assert "recursion" not in refused.value.message
