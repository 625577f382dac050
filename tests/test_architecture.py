"""Rules of the codebase that keep it honest: layers, Qt only in ui/, domain content only in forms/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "visitor_app"


def test_import_contracts_hold():
    """import-linter: only ui/ imports PySide6; ui/ never touches the store; layers point down."""
    exe = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(exe), "--no-cache", "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_no_pyside6_import_outside_ui_by_text():
    """A second, plain-text guard (also catches imports inside functions)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "ui") in path.parents:
            continue
        if re.search(r"^\s*(from|import)\s+(PySide6|shiboken6)", path.read_text(encoding="utf-8"), re.M):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_ui_has_no_sql():
    for path in (PACKAGE / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bsqlite3\b|\bsqlite_utils\b|\.execute\(", text), path


def test_domain_content_lives_in_forms_only(framework):
    """No theme name, subtheme name or guiding question is written into Python code."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    phrases = [t["name"] for t in framework.themes]
    phrases += [s["name"] for t in framework.themes for s in t["subthemes"] if len(s["name"]) > 12]
    phrases += [q["text"][:40] for t in framework.themes for q in t["questions"]]
    phrases += [i["name"] for i in framework.assessment_items if len(i["name"]) > 12]
    found = [p for p in phrases if p in source]
    assert found == []


def test_the_rode_draden_package_has_no_sql():
    """The central database's SQL is store/central_db.py; rode_draden/ only gives rows meaning."""
    for path in (PACKAGE / "rode_draden").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|INDEX))\b"
                             r"|\bsqlite3\b|\.execute\(", text), path


# Ids of forms/ that are also ordinary Dutch words, allowed inside a longer text (a message,
# a label), never as a string of their own: the code must not pick out a kind or field by them.
ORDINARY_WORDS = {
    "bevinding": "the app's word for a finding ('3 bevindingen', 'soort bevinding')",
    "citaat": "the app's word for a quote ('[citaat weggelaten]', 'citaat/citaten vervangen')",
    "titel": "the title of a session ('gesprekstype of titel', column 'Titel')",
    "vraag": "'vraag-id' in the message about a guiding question",
    "medewerkers": "a sentence of the screenshot script's sample observation",
    "ketenpartners": "a sentence of the screenshot script's sample observation",
    "zelfevaluatie": "the example in the placeholder of the capture pane's Bron field",
    "begroting": "a word of the de-identifier's pattern for 'aldus de begroting' (not a quote)",
}
# Allowed as a string of its own too: the word is a label of the entity, not of a kind.
ORDINARY_LITERALS = {
    "bevinding": "singular of the counted word in messages (_count(n, 'bevinding', ...)) and "
                 "the name of a finding in input errors; the alt framework has no such kind",
}
ELSEWHERE: dict = {}  # (file, id) -> why it may stay; empty: every id is read from forms/


def _form_ids(framework) -> set[str]:
    """Theme, subtheme, kind, template, field, assessment item, conversation type and document
    kind ids."""
    ids = {t["id"] for t in framework.themes}
    ids |= {s["id"] for t in framework.themes for s in t["subthemes"]}
    ids |= {k["id"] for k in framework.observation_kinds + framework.finding_kinds}
    ids |= {t["id"] for t in framework.data["templates"]}
    ids |= {f["id"] for t in framework.data["templates"] for f in t["fields"]}
    ids |= {i["id"] for i in framework.assessment_items}
    ids |= {c["id"] for c in framework.conversation_types}
    ids |= {k["id"] for k in framework.document_kinds}
    return ids


def _string_literals(tree):
    """Every string constant, f-string parts included, except docstrings."""
    import ast
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def _offences(source: str, rel: str, ids: set[str]) -> list[str]:
    import ast
    word = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
                      + r")(?![A-Za-z0-9_])", re.I)
    found = []
    for node in _string_literals(ast.parse(source)):
        hits = {m.group(1).lower() for m in word.finditer(node.value)} - set(ORDINARY_WORDS)
        if node.value in ids and node.value not in ORDINARY_LITERALS:
            hits.add(node.value)
        found += [f"{rel}:{node.lineno}: {hit!r} in {node.value[:60]!r}" for hit in sorted(hits)
                  if (rel, hit) not in ELSEWHERE]
    return sorted(found)


def test_no_id_from_forms_is_written_into_python(framework):
    """What the code needs to know about a kind, template or field is declared in forms/
    (report_list, record, title_field, quote, ...); a string literal naming a forms/ id means
    the code singles out content, and a framework with other ids would break."""
    ids = _form_ids(framework)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += _offences(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix(), ids)
    assert found == [], "ids from forms/ in the code (declare what the code needs in forms/):\n" + \
        "\n".join(found)


def test_the_id_check_sees_ids_in_code_and_in_text(framework):
    """The check above can fail: a literal id, an id in a message or an f-string, in any case;
    not a docstring, an ordinary word in a sentence, or a label that merely starts like an id."""
    source = ('"""Zaakdossier: <titel>."""\n'
              'STYLE = {"sterk_punt": 1}\n'
              'HELP = "leg een oordeel vast (robuustheid, bop1..bop6)"\n'
              'x = f"{n} Bij een Zaakdossier"\n'
              'y = ("gesprekstype of titel", "Zaakdossiers en meer", "titel")\n')
    assert _offences(source, "m.py", _form_ids(framework)) == [
        "m.py:2: 'sterk_punt' in 'sterk_punt'",
        "m.py:3: 'bop1' in 'leg een oordeel vast (robuustheid, bop1..bop6)'",
        "m.py:3: 'bop6' in 'leg een oordeel vast (robuustheid, bop1..bop6)'",
        "m.py:3: 'robuustheid' in 'leg een oordeel vast (robuustheid, bop1..bop6)'",
        "m.py:4: 'zaakdossier' in ' Bij een Zaakdossier'",
        "m.py:5: 'titel' in 'titel'",
    ]


def _code(source: str) -> str:
    """``source`` without its comments and docstrings: the text that runs (other strings stay,
    since SQL is written in strings)."""
    import ast
    import io
    import tokenize
    lines = source.splitlines()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col]
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and node.body and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant)
                and isinstance(node.body[0].value.value, str)):
            doc = node.body[0].value
            for row in range(doc.lineno - 1, doc.end_lineno):
                lines[row] = ""
    return "\n".join(lines)


def _files_with(pattern: str, folder: Path = PACKAGE, recursive: bool = True) -> list[str]:
    """The files below ``folder`` (relative to visitor_app/) whose code matches ``pattern``."""
    found = re.compile(pattern)
    paths = folder.rglob("*.py") if recursive else folder.glob("*.py")
    return sorted(p.relative_to(PACKAGE).as_posix() for p in paths
                  if found.search(_code(p.read_text(encoding="utf-8"))))


SQL = r"\b(SELECT|INSERT INTO|UPDATE\s+\S+\s+SET|DELETE FROM|CREATE TABLE)\b"


def test_the_code_reading_sees_code_and_strings_but_not_comments_or_docstrings():
    """The checks below can fail: a call or SQL in code counts, the same words in a comment or
    a docstring do not."""
    source = ('"""Uses sqlite3.connect: SELECT * FROM t."""\n'
              'import os, sqlite3\n\n\n'
              'def f():\n'
              '    """os.replace(a, b) and DELETE FROM t."""\n'
              '    os.replace("a", "b")  # not sqlite3.connect\n'
              '    return "UPDATE t SET x = 1"\n')
    code = _code(source)
    assert re.search(r"\bos\.replace\b", code) and re.search(SQL, code).group() == "UPDATE t SET"
    assert "sqlite3.connect" not in code and "SELECT" not in code and "DELETE FROM" not in code


def test_only_store_connection_opens_an_sqlite_file():
    """One place sets the durability pragmas and the key: store/connection.py."""
    assert _files_with(r"\bsqlite3\s*\.\s*connect\b|\bfrom\s+sqlite3\s+import\b[^\n]*\bconnect\b") \
        == ["store/connection.py"]
    assert _files_with(r"\bsqlcipher\w*\s*\.\s*connect\b|\bimport\s+sqlcipher3|\bfrom\s+sqlcipher3\b") \
        == ["store/connection.py"]


def test_only_store_files_renames_a_file_into_place():
    """Every file the app writes goes through files.atomic_write (fsync'ed, owner-only)."""
    assert _files_with(r"\bos\s*\.\s*replace\b|\bfrom\s+os\s+import\b[^\n]*\breplace\b") \
        == ["store/files.py"]


def test_no_sql_outside_the_store():
    """SQL text lives in visitor_app/store/ only; the other rooms call its methods."""
    assert [p for p in _files_with(SQL) if not p.startswith("store/")] == []


def test_services_use_only_the_public_store():
    """services/ calls the store's public methods: no private member, no connection, no WHERE."""
    assert _files_with(r"\bstore\._|\.conn\b|\bWHERE\b", PACKAGE / "services", recursive=False) == []
