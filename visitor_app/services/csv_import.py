"""Import observations and findings from CSV (as typed in Excel or another tool).

Rules: UTF-8 with or without BOM, comma, semicolon (Excel NL) or tab as
separator, detected from the header. Themes, kinds and subthemes may be given
by id or Dutch name, case-insensitive. Every cell is cleaned (services/common.normal_text)
before it is read. Any bad row rejects the whole file with
its line number and reason; nothing is imported.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterator

from visitor_app.domain.records import RECORDS
from visitor_app.errors import InputError
from visitor_app.services import Visitation
from visitor_app.services.common import normal_text

# The columns come from the record types (domain/records.py: each field's ``csv`` name).
MAX_ERRORS = 15
MAX_BYTES = 64 * 2**20  # far beyond any commission's notes; bounds the memory an import takes
TRUE_WORDS = {"ja", "j", "1", "true", "x", "waar"}
FALSE_WORDS = {"", "nee", "n", "0", "false", "onwaar"}


_LINE = re.compile(r"[^\r\n]*")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, split as io.StringIO(newline="") splits them
    (at CR LF, CR or LF only), one at a time instead of a second copy of the whole text."""
    for found in _LINES.finditer(text):
        yield found.group()


def _dutch(exc: csv.Error) -> str:
    """The csv module's English complaint, said in Dutch."""
    text = str(exc)
    if text.startswith("field larger than field limit"):
        return f"een veld is langer dan {csv.field_size_limit():,} tekens".replace(",", ".")
    if "expected after" in text:
        return ("na een aanhalingsteken dat een veld sluit, hoort een scheidingsteken; staat er een "
                "aanhalingsteken midden in de tekst? Schrijf het dan dubbel (\"\")")
    if text.startswith("unexpected end of data"):
        return "het bestand houdt op midden in een veld tussen aanhalingstekens"
    if text.startswith("new-line character seen in unquoted field"):
        return "een regeleinde midden in een veld zonder aanhalingstekens"
    return "de opmaak van deze regel klopt niet"


def read_rows(path: Path | str, columns: dict) -> list[tuple[int, dict]]:
    """(line number, {column: value}) for every non-empty data row; raises InputError."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: het bestand is te groot ({size // 2**20} MB; hoogstens "
                             f"{MAX_BYTES // 2**20} MB). Splits het in delen; er is niets geïmporteerd.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: bestand bestaat niet")
    except OSError as exc:
        raise InputError(f"{path}: niet te lezen ({exc.strerror})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}, regel {line}: geen geldige UTF-8-tekst. Sla het bestand in Excel op "
            "als 'CSV UTF-8 (door komma's gescheiden)'.")
    if not text.strip():
        raise InputError(f"{name}: het bestand is leeg")
    del raw  # the text alone from here: memory stays a small multiple of the file
    header_line = _LINE.match(text).group()
    delimiter = max((";", ",", "\t"), key=header_line.count)
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"{name}, regel 1: kopregel niet te lezen ({_dutch(exc)})")
    header = [normal_text(h).strip().casefold() for h in header]
    allowed = columns["required"] + columns["optional"]
    missing = [c for c in columns["required"] if c not in header]
    if missing:
        raise InputError(
            f"{name}, regel 1: verplichte kolom(men) ontbreken: {', '.join(missing)} "
            f"(kopregel moet bevatten: {', '.join(columns['required'])}; "
            f"optioneel: {', '.join(columns['optional'])})")
    unknown = [h for h in header if h and h not in allowed]
    if unknown:
        raise InputError(
            f"{name}, regel 1: onbekende kolom {unknown[0]!r} (toegestaan: {', '.join(allowed)})")
    dupes = [h for h in header if h and header.count(h) > 1]
    if dupes:
        raise InputError(f"{name}, regel 1: kolom {dupes[0]!r} staat er meer dan eens in")
    rows = []
    line = 1
    end_of_previous = reader.line_num  # a record starts on the line after the previous one
    try:
        for record in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
                raise InputError(
                    f"{name}, regel {line}: meer velden ({len(record)}) dan kolommen "
                    f"({len(header)}); staat er een scheidingsteken '{delimiter}' in de tekst "
                    "zonder aanhalingstekens?")
            values = {h: (normal_text(record[i]).strip() if i < len(record) else "")
                      for i, h in enumerate(header) if h}
            rows.append((line, values))
    except csv.Error as exc:
        raise InputError(f"{name}, regel {end_of_previous + 1}: niet te lezen ({_dutch(exc)})")
    if not rows:
        raise InputError(f"{name}: geen regels met gegevens onder de kopregel")
    return rows


def _raise_collected(name: str, errors: list[str]) -> None:
    if errors:
        more = f"\n- ... en nog {len(errors) - MAX_ERRORS} fout(en)" if len(errors) > MAX_ERRORS else ""
        raise InputError(f"{name}: niets geïmporteerd, want:\n- " + "\n- ".join(errors[:MAX_ERRORS]) + more)


def _values(visit: Visitation, table: str, values: dict, default_author: str | None = None) -> dict:
    """One CSV row as the values of a record, field by field as the record type declares its
    CSV columns: the framework's words by id or name, a conversation by "DAG UU:MM" or title,
    a member by name, yes/no for a flag."""
    fw = visit.framework
    record = RECORDS[table]
    out: dict = {}
    for name in record.csv:
        field = record.field(name)
        raw = values.get(field.csv, "")
        if field.required and not raw:
            raise InputError(f"kolom {field.csv!r} is leeg")
        if name == "theme":
            out[name] = fw.resolve_theme(raw)
        elif name == "kind":
            out[name] = fw.resolve_kind(raw, finding=table == "findings")
        elif name == "subtheme":
            out[name] = fw.resolve_subtheme(out["theme"], raw) if raw else None
        elif name == "session_id":
            if raw:
                out[name] = visit.programme.resolve(raw)
        elif name == "author":
            out[name] = visit.members.id_of(raw) if raw else default_author
        elif field.type == "bool":
            if raw.casefold() not in TRUE_WORDS | FALSE_WORDS:
                raise InputError(f"{field.csv} {raw!r}: gebruik ja of nee")
            out[name] = raw.casefold() in TRUE_WORDS
        elif raw:
            out[name] = raw
    return out


def _import(visit: Visitation, path: Path | str, table: str, default_author: str | None = None) -> list[dict]:
    rows = read_rows(path, RECORDS[table].csv_columns())
    prepared, errors = [], []
    for line, values in rows:
        try:
            prepared.append(_values(visit, table, values, default_author))
        except InputError as exc:
            errors.append(f"regel {line}: {exc.message}")
    _raise_collected(Path(path).name, errors)
    return prepared


def import_notes(visit: Visitation, path: Path | str, member: str | None = None) -> int:
    """Observations from CSV. Returns the number imported."""
    default_author = visit.members.id_of(member) if member else visit.current_member
    prepared = _import(visit, path, "observations", default_author)
    return len(visit.observations.add_many(prepared).ids)


def import_findings(visit: Visitation, path: Path | str) -> int:
    """Findings from CSV. Returns the number imported."""
    return len(visit.findings.add_many(_import(visit, path, "findings")).ids)
