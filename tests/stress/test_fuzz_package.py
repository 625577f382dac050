"""Issue 11, proof: Hypothesis fuzzing of the package import into the central database.

A valid package (of a fictional dienst, per framework) is parsed and mutated: keys removed
or added, values replaced by other types, huge numbers, NaN text, dates 0000 and 9999,
deep nesting, long strings, control characters; half the time its digest is recomputed,
so that the mutation reaches the checks behind the digest (and the database). Then
bytes are damaged, cut off, or re-encoded (UTF-16, cp1252, a BOM). The property: the
import either takes the whole package (its findings all in the database) or refuses it
with a Dutch message naming the file, and then the central database is byte for byte as
before. Nothing else is raised. Memory for a package in a subprocess stays bounded.

Examples: MAX_EXAMPLES in the suite, STRESS_EXAMPLES under ``make stress``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FRAMEWORKS, ROOT
from tests.rode_draden.packages import make_package, pick
from visitor_app.domain.framework import load_framework
from visitor_app.rode_draden.database import CentralDb
from visitor_app.rode_draden.package import compute_digest

STRESS = bool(os.environ.get("VISITATIE_STRESS"))
MAX_EXAMPLES, STRESS_EXAMPLES = 50, 2000
FUZZ = settings(max_examples=STRESS_EXAMPLES if STRESS else MAX_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

pytestmark = pytest.mark.stress


@pytest.fixture(scope="module", params=list(FRAMEWORKS))
def valid(request, tmp_path_factory):
    """(the valid package as data, a central database to import into)."""
    framework = load_framework(FRAMEWORKS[request.param])
    folder = tmp_path_factory.mktemp("fuzz-pakket")
    x, y, kinds = pick(framework)
    item = framework.assessment_items[0]
    path = make_package(folder, framework, "Omgevingsdienst Veenland",
                        [(x["id"], kinds[0], "De regie op de keten is helder.", x["subthemes"][0]["id"]),
                         (y["id"], kinds[-1], "Het mandaat is \u00e9\u00e9nduidig.", None)],
                        assessments=[(item["id"], framework.scale_values(item["id"])[0]["id"])])
    package = json.loads(path.read_text(encoding="utf-8"))
    db_path = folder / "centraal.rodedradendb"
    CentralDb.open(db_path, create=True).close()
    return package, db_path


# Words of Python's own (English) error texts that must not reach the user.
ENGLISH = re.compile(r"[A-Z][a-z]+Error|exceed|Exceed|expected|Expecting|invalid|maximum|limit")


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


ODD = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20, max_value=10**400),
    st.floats(allow_nan=False), st.text(max_size=40),
    st.sampled_from(["9999-12-31", "0000-00-00", "2026-02-30", "9999-12-31T23:59:59Z",
                     "0001-01-01T00:00:00Z", "NaN", "Infinity", "\x00", "\ud800", "x" * 5000,
                     "sha256:" + "0" * 64, "A", "a" * 300]),
    # fresh objects each time: a mutation may change them in place (st.just would share one)
    st.builds(list), st.builds(dict), st.builds(lambda: [[[[[[[[[[[]]]]]]]]]]]))


def paths_of(value, prefix=()):
    """Every place in the package down to the depth of its own fields (not into a nest)."""
    yield prefix
    if len(prefix) >= 6:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths_of(item, prefix + (i,))


def get(value, path):
    for step in path:
        value = value[step]
    return value


TEXT_FIELDS = ("name", "text", "dienst", "plural", "toelichting", "app_version", "version", "status")
FREE_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300).filter(
    lambda t: t.strip())


@st.composite
def sound(draw, package: dict) -> bytes:
    """A package that passes every check: only its free texts changed (control characters,
    any script, long), a new visitation id, its digest recomputed. It must be imported."""
    pkg = copy.deepcopy(package)
    places = [p for p in paths_of(pkg) if p and p[-1] in TEXT_FIELDS]
    for place in draw(st.lists(st.sampled_from(places), max_size=6)):
        get(pkg, place[:-1])[place[-1]] = draw(FREE_TEXT)
    pkg["visitation"]["id"] = draw(st.binary(min_size=16, max_size=16)).hex()
    pkg["digest"] = compute_digest(pkg)
    return json.dumps(pkg, ensure_ascii=draw(st.booleans())).encode("utf-8")


@st.composite
def mutated(draw, package: dict) -> tuple[bytes, bool]:
    """(the bytes of a package, whether it is sound): a third sound, the rest mutated."""
    if draw(st.integers(0, 2)) == 0:
        return draw(sound(package)), True
    pkg = copy.deepcopy(package)
    for _ in range(draw(st.integers(0, 4))):  # 0: only a new id, or only the bytes damaged
        places = [p for p in paths_of(pkg) if p]
        if not places:
            break
        place = draw(st.sampled_from(places))
        parent, key = get(pkg, place[:-1]), place[-1]
        action = draw(st.sampled_from(["replace", "remove", "add", "nest", "duplicate"]))
        if action == "replace":
            parent[key] = draw(ODD)
        elif action == "remove":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(ODD)
        elif action == "nest":
            deep = parent[key]
            for _ in range(draw(st.sampled_from([2, 50, 300]))):  # deeper: the memory test
                deep = [deep]
            parent[key] = deep
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    if draw(st.booleans()):
        if isinstance(pkg.get("visitation"), dict) and draw(st.booleans()):
            # another visitation, so that a package that passes every check is imported
            # rather than refused as "even oud" as the one imported before
            pkg["visitation"]["id"] = draw(st.binary(min_size=16, max_size=16)).hex()
        try:
            pkg["digest"] = compute_digest(pkg)  # the mutation passes the digest: deeper checks
        except Exception:  # noqa: BLE001 - a mutation the digest itself cannot take
            pass
    try:
        text = json.dumps(pkg, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    except (RecursionError, ValueError):
        text = json.dumps(package)
    if draw(st.integers(0, 9)) == 0:  # a number too long for Python's int conversion
        text = text.replace('"schema_version": 1', '"schema_version": ' + "9" * 5000, 1)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    damage = draw(st.sampled_from(["none", "none", "cut", "byte"]))
    if damage == "cut":
        data = data[:draw(st.integers(0, len(data)))]
    elif damage == "byte" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data, False


def test_a_mutated_package_is_imported_whole_or_refused_in_dutch(valid, tmp_path):
    package, db_path = valid
    outcomes: dict[str, int] = {}

    empty = tmp_path / "leeg.rodedradendb"
    CentralDb.open(empty, create=True).close()
    fresh = tmp_path / "vers.rodedradendb"

    @FUZZ
    @given(made=mutated(package))
    def run(made):
        data, is_sound = made
        path = tmp_path / "veranderd.rodedraden"
        path.write_bytes(data)
        if is_sound:  # must be taken whole, into an empty database (its id may repeat)
            fresh.write_bytes(empty.read_bytes())
            with CentralDb.open(fresh) as db:
                [result] = db.import_packages([path])
                assert result["status"] == "nieuw", result["message"]
                assert [v["findings"] for v in db.visitations()] == [len(package["findings"])]
            outcomes["nieuw (gaaf)"] = outcomes.get("nieuw (gaaf)", 0) + 1
            return
        before = sha256(db_path)
        with CentralDb.open(db_path) as db:
            counts = {v["id"]: v["findings"] for v in db.visitations()}
            [result] = db.import_packages([path])
            after = {v["id"]: v["findings"] for v in db.visitations()}
        outcomes[result["status"]] = outcomes.get(result["status"], 0) + 1
        if result["status"] == "geweigerd":
            assert str(path) in result["message"], result["message"]
            assert not ENGLISH.search(result["message"]), result["message"]
            assert sha256(db_path) == before, "a refused package changed the database"
            assert after == counts
        elif result["status"] == "ongewijzigd":
            assert sha256(db_path) == before
        else:  # nieuw or vervangen: the whole package
            pkg = json.loads(data.decode("utf-8-sig"))
            assert after[pkg["visitation"]["id"]] == len(pkg["findings"])
            with CentralDb.open(db_path) as db:
                assert main_check(db_path) == 0

    run()
    print(f"package fuzz: {outcomes}")  # examples by outcome (shrinking included)


def main_check(db_path) -> int:
    """The central database still opens and passes SQLite's own check (CentralDb.open does)."""
    with CentralDb.open(db_path):
        return 0


MEASURE = r"""
import json, sys, tracemalloc
from visitor_app.rode_draden.database import CentralDb
with CentralDb.open(sys.argv[1], create=True) as db:
    tracemalloc.start()
    [result] = db.import_packages([sys.argv[2]])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    counts = [v["findings"] for v in db.visitations()]
print(json.dumps({"status": result["status"], "peak_kb": peak // 1024, "findings": counts,
                  "message": result["message"][-200:]}))
"""


@pytest.mark.parametrize("shape", ["deep", "wide", "long_text"])
def test_memory_for_a_hostile_package_is_bounded(valid, tmp_path, shape):
    """Measured in a child process (tracemalloc's peak over the import): a package of a few
    MB takes a bounded multiple of its size, never runs away (deep nesting, 40,000
    findings, one 4 MB text)."""
    package, db_path = valid
    pkg = copy.deepcopy(package)
    if shape == "deep":
        text = json.dumps(pkg)[:-1] + ', "x": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}"
    elif shape == "wide":
        pkg["findings"] = pkg["findings"] * 20_000
        pkg["digest"] = compute_digest(pkg)
        text = json.dumps(pkg)
    else:
        pkg["findings"][0]["text"] = "w" * 4_000_000
        pkg["digest"] = compute_digest(pkg)
        text = json.dumps(pkg)
    path = tmp_path / f"{shape}.rodedraden"
    path.write_text(text, encoding="utf-8")
    copy_db = tmp_path / "centraal.rodedradendb"  # a new one, made by the child
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", MEASURE, str(copy_db), str(path)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout)
    if shape == "deep":  # was "maximum recursion depth exceeded while decoding a JSON array"
        assert "te diep in elkaar genest" in measured["message"], measured
    print(shape, len(text) // 1024, "KB:", measured)
    assert measured["peak_kb"] < 40 * len(text) // 1024, measured  # a bounded multiple
    if shape != "deep":
        assert measured["status"] == "nieuw" and measured["findings"] == [len(pkg["findings"])]
