"""The central package (NAME.rodedraden): what one visitation sends to the rode-draden side.

A package holds the findings and assessments of one visitation, the dienst and visit
dates, and the parts of the framework needed to label them (themes, subthemes, finding
kinds, assessment items). It holds no raw observations, no members, no participants,
no authors and no record ids of people. Names typed into a finding or a toelichting are
replaced by "[naam]"; passages quoted from observations of a quote kind by
"[citaat weggelaten]".

Integrity: "digest" is "sha256:" + the SHA-256 of the canonical JSON of the package
without the digest (sort_keys, separators (",", ":"), ensure_ascii=False, UTF-8). It
catches accidental edits and damage; it is not a signature. The format is documented
in docs/central.md and docs/central-package.schema.json (a test keeps that file equal
to PACKAGE_SCHEMA). The scrubbing itself is scrub.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from visitor_app.store.files import atomic_write, check_output_path
from visitor_app import __version__
from visitor_app.domain.form_schema import describe, path_text
from visitor_app.domain.deidentify.kinds import KINDS
from visitor_app.errors import DamagedFileError, InputError, NewerSchemaError

# The largest package read (docs/central.md): a package holds the findings and assessments
# of one visitation, some KB (the demo: 17 KB; 1,000 findings of 1,000 characters: 1.1 MB).
# A file above this is refused before it is read, and no more than this is ever read.
MAX_PACKAGE_BYTES = 20_000_000
# How far an export moment may lie ahead of this computer's clock (clocks differ a little);
# one further ahead would keep every real later export of its visitation out.
FUTURE_TOLERANCE = timedelta(days=1)
FORMAT = "visitor-app-rodedraden"
# 2: "redactions" (how many replacements of each kind); 3: "follow_up" (the opvolging of the
# previous visitation's recommendations, counted); 1 and 2 are still read
PACKAGE_SCHEMA_VERSION = 3
READ_SCHEMA_VERSIONS = (1, 2, 3)
# The kinds of replacement a package counts (only how many, never what was replaced).
REDACTION_KINDS = KINDS
SUFFIX = ".rodedraden"


def _record(**properties) -> dict:
    """A JSON-Schema object with exactly these fields, all of them required."""
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties}


def _list(items: dict, at_least: int = 0) -> dict:
    return {"type": "array", **({"minItems": at_least} if at_least else {}), "items": items}


_ID_DEF = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT_DEF = {"type": "string", "minLength": 1}
_DATE_DEF = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ID, _TEXT, _DATE, _NAMED = ({"$ref": f"#/$defs/{name}"} for name in ("id", "text", "date", "named"))
_NAMED_DEF = _record(id=_ID, name=_TEXT)
_TEXT_OR_NULL = {"type": ["string", "null"]}
_COUNT = {"type": "integer", "minimum": 0}

PACKAGE_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://omgevingsdienst.nl/visitor-app/central-package.schema.json",
    "title": "Rode-dradenpakket (visitor-app)",
    "description": "De bevindingen en oordelen van één visitatie voor de centrale rode draden. "
                   "Zonder namen, zonder waarnemingen. Zie docs/central.md.",
    **_record(
        format={"const": FORMAT},
        schema_version={"type": "integer", "enum": list(READ_SCHEMA_VERSIONS)},
        app_version=_TEXT,
        exported={"type": "string",
                  "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$",
                  "description": "Moment van exporteren, UTC (ISO 8601)."},
        visitation=_record(
            id={"type": "string", "pattern": "^[0-9a-f]{32}$",
                "description": "Id van de visitatie (willekeurig, geen persoon)."},
            dienst=_TEXT, start=_DATE, end=_DATE),
        framework=_record(
            id=_ID, version=_TEXT, name=_TEXT, status=_TEXT,
            themes=_list(_record(id=_ID, name=_TEXT, letter=_TEXT_OR_NULL, subthemes=_list(_NAMED)), 1),
            finding_kinds=_list(_record(id=_ID, name=_TEXT, plural=_TEXT), 1),
            assessment_items=_list(_record(id=_ID, name=_TEXT, theme=_TEXT_OR_NULL,
                                           values=_list(_NAMED, 1)))),
        findings=_list(_record(theme=_ID, subtheme={"anyOf": [_ID, {"type": "null"}]}, kind=_ID,
                               text=_TEXT), 1),
        assessments=_list(_record(item=_ID, value=_ID, toelichting=_TEXT_OR_NULL)),
        redactions={"type": "object", "additionalProperties": False,
                    "properties": {k: {"type": "integer", "minimum": 0} for k in REDACTION_KINDS},
                    "description": "Hoe vaak elke soort persoonsgegeven is vervangen (niet wat)."},
        follow_up=_record(
            statuses=_list(_record(id=_ID, name=_TEXT, count=_COUNT), 1),
            themes=_list(_record(theme=_ID, status=_ID, count=_COUNT)),
            description="De opvolging van de aanbevelingen van de vorige visitatie: hoeveel "
                        "per status, en per thema (geen teksten). Alleen als er een vorige "
                        "visitatie is ingelezen."),
        digest={"type": "string", "pattern": "^sha256:[0-9a-f]{64}$",
                "description": "SHA-256 van de canonieke JSON zonder dit veld."},
    ),
    "$defs": {"id": _ID_DEF, "text": _TEXT_DEF, "date": _DATE_DEF, "named": _NAMED_DEF},
}
PACKAGE_SCHEMA["required"].remove("redactions")  # a schema-1 package has none
PACKAGE_SCHEMA["required"].remove("follow_up")  # nor before schema 3, nor without a previous visitation
_FOLLOW_UP = PACKAGE_SCHEMA["properties"]["follow_up"]
_FOLLOW_UP["description"] = _FOLLOW_UP["properties"].pop("description")
_FOLLOW_UP["required"].remove("description")


# -- building ------------------------------------------------------------------------------
def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def canonical_bytes(package: dict) -> bytes:
    """The bytes the digest is computed over: the package without "digest", canonical JSON."""
    body = {k: v for k, v in package.items() if k != "digest"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def compute_digest(package: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(package)).hexdigest()


def _framework_part(fw) -> dict:
    return {
        "id": fw.id, "version": fw.version, "name": fw.name, "status": fw.status,
        "themes": [{"id": t["id"], "name": t["name"], "letter": t.get("letter"),
                    "subthemes": [{"id": s["id"], "name": s["name"]} for s in t["subthemes"]]}
                   for t in fw.themes],
        "finding_kinds": [{"id": k["id"], "name": k["name"], "plural": k["plural"]}
                          for k in fw.finding_kinds],
        "assessment_items": [{"id": i["id"], "name": i["name"], "theme": i.get("theme"),
                              "values": [{"id": v["id"], "name": v["name"]}
                                         for v in fw.scale_values(i["id"])]}
                             for i in fw.assessment_items],
    }


def visitation_parts(visit) -> dict:
    """What a package takes from a visitation, read in this one place (the only code here
    that calls the Visitation): {"path", "details", "framework", "findings", "assessments"
    (by item), "redactor": (redact(ref, text), counts) of services/privacy.py, with
    the recogniser and the secretary's decisions}."""
    return {
        "path": visit.path,
        "details": visit.details(),
        "framework": visit.framework,
        "findings": visit.findings.list(),
        "assessments": sorted(visit.assessments.all().values(), key=lambda a: a["item"]),
        "redactor": visit.privacy.redactor(),
        "follow_up": visit.previous.counts(),
        "follow_up_statuses": visit.framework.follow_up_statuses(),
    }


def _build(parts: dict, exported: str | None = None) -> tuple[dict, dict]:
    """The package from visitation_parts(), and how many replacements of each kind."""
    findings = parts["findings"]
    if not findings:
        raise InputError(f"{parts['path']}: deze visitatie heeft nog geen bevindingen; een "
                         "rode-dradenpakket bevat de bevindingen van het rapport. Er is niets "
                         "geschreven.")
    redact, counts = parts["redactor"]
    details = parts["details"]
    package = {
        "format": FORMAT,
        "schema_version": PACKAGE_SCHEMA_VERSION,
        "app_version": __version__,
        "exported": exported or now_iso(),
        "visitation": {"id": details["id"], "dienst": details["dienst"],
                       "start": details["start"], "end": details["end"]},
        "framework": _framework_part(parts["framework"]),
        "findings": [{"theme": f["theme"], "subtheme": f["subtheme"] or None, "kind": f["kind"],
                      "text": redact(f"finding:{f['id']}", f["text"])} for f in findings],
        "assessments": [{"item": a["item"], "value": a["value"],
                         "toelichting": redact(f"assessment:{a['item']}", a.get("toelichting")) or None}
                        for a in parts["assessments"]],
    }
    package["redactions"] = {k: counts[k] for k in REDACTION_KINDS if counts[k]}
    follow_up = parts.get("follow_up")
    if follow_up and follow_up["total"]:
        package["follow_up"] = {
            "statuses": [{"id": st["id"], "name": st["name"],
                          "count": follow_up["statuses"].get(st["id"], 0)}
                         for st in parts["follow_up_statuses"]],
            "themes": [{"theme": theme, "status": status, "count": n}
                       for theme, per in follow_up["themes"].items()
                       for status, n in per.items() if n]}
    package["digest"] = compute_digest(package)
    return package, dict(package["redactions"])


def build_package(visit, exported: str | None = None) -> dict:
    """The package of a visitation as a dict, digest included (InputError without findings)."""
    return _build(visitation_parts(visit), exported)[0]


def export_central(visit, out_path: Path | str, exported: str | None = None) -> dict:
    """Write the package to ``out_path`` (NAME.rodedraden; atomic_write: all or nothing).

    Returns {"out", "findings", "assessments", "redactions" (all replacements), "by_kind"
    (replacements per kind), "names_redacted", "quotes_removed", "digest"}.
    """
    out = Path(out_path)
    check_output_path(out, SUFFIX, "een rode-dradenpakket")
    package, counts = _build(visitation_parts(visit), exported)
    data = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        atomic_write(out, data)
    except OSError as exc:
        raise InputError(f"{out}: kan niet schrijven ({exc.strerror or exc})")
    return {"out": str(out), "findings": len(package["findings"]),
            "assessments": len(package["assessments"]),
            "redactions": sum(counts.values()), "by_kind": counts,
            "names_redacted": counts.get("known_name", 0) + counts.get("possible_name", 0),
            "quotes_removed": counts.get("quote", 0),
            "digest": package["digest"]}


# -- reading and checking ----------------------------------------------------------------------
_TYPE_NAMES = {"object": "een blok met velden", "array": "een lijst", "string": "tekst",
               "integer": "een geheel getal", "boolean": "true/false", "null": "null"}


def _is_type(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    raise ValueError(f"unsupported schema type {kind}")


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        schema = root["$defs"][name]
    return schema


_PATTERNS: dict[str, re.Pattern] = {}


def validate(value: Any, schema: dict = PACKAGE_SCHEMA, path: tuple = (),
             root: dict | None = None, problems: list | None = None) -> list[str]:
    """Check ``value`` against the JSON-Schema subset PACKAGE_SCHEMA uses (type, const, enum,
    minimum, pattern, minLength, minItems, required, properties, additionalProperties: false,
    items, anyOf, $ref). Returns Dutch problems, each naming the field path."""
    root = root or schema
    problems = [] if problems is None else problems
    schema = _resolve(schema, root)

    def where() -> str:
        return f"veld '{path_text(path)}'"

    if "anyOf" in schema:
        if not any(not validate(value, option, path, root, []) for option in schema["anyOf"]):
            options = [_resolve(o, root) for o in schema["anyOf"]]
            names = " of ".join(_TYPE_NAMES.get(o.get("type"), "een id") for o in options)
            problems.append(f"{where()}: {names} verwacht, gevonden: {describe(value)}")
        return problems
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, k) for k in kinds):
            names = " of ".join(_TYPE_NAMES[k] for k in kinds)
            problems.append(f"{where()}: {names} verwacht, gevonden: {describe(value)}")
            return problems
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where()}: {schema['const']!r} verwacht, gevonden: {describe(value)}")
        return problems
    if "enum" in schema and value not in schema["enum"]:
        allowed = " of ".join(repr(v) for v in schema["enum"])
        problems.append(f"{where()}: {allowed} verwacht, gevonden: {describe(value)}")
        return problems
    if "minimum" in schema and isinstance(value, int) and value < schema["minimum"]:
        problems.append(f"{where()}: minstens {schema['minimum']} verwacht, gevonden: {value}")
        return problems
    if isinstance(value, str):
        pattern = schema.get("pattern")
        if pattern and pattern not in _PATTERNS:
            _PATTERNS[pattern] = re.compile(pattern)
        if len(value.strip()) < schema.get("minLength", 0):
            problems.append(f"{where()}: mag niet leeg zijn")
        elif pattern and not _PATTERNS[pattern].search(value):
            problems.append(f"{where()}: waarde {value[:60]!r} heeft niet de juiste vorm")
    elif isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{where()}: minstens {schema['minItems']} element(en) verwacht")
        if "items" in schema:
            for i, item in enumerate(value):
                validate(item, schema["items"], path + (i,), root, problems)
    elif isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"veld '{path_text(path + (key,))}' ontbreekt")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                validate(item, props[key], path + (key,), root, problems)
            elif schema.get("additionalProperties") is False:
                problems.append(f"veld '{path_text(path + (key,))}': onbekend veld")
    return problems


def _meaning_problems(pkg: dict) -> list[str]:
    """What the shape cannot say: ids point into the package's own framework, dates are dates."""
    problems = []
    fw = pkg["framework"]
    for what, entries in (("framework.themes", fw["themes"]),
                          ("framework.finding_kinds", fw["finding_kinds"]),
                          ("framework.assessment_items", fw["assessment_items"])):
        ids = [e["id"] for e in entries]
        if len(ids) != len(set(ids)):
            problems.append(f"veld '{what}': een id komt meer dan eens voor")
    themes = {t["id"]: {s["id"] for s in t["subthemes"]} for t in fw["themes"]}
    kinds = {k["id"] for k in fw["finding_kinds"]}
    items = {i["id"]: {v["id"] for v in i["values"]} for i in fw["assessment_items"]}
    for i, f in enumerate(pkg["findings"]):
        if f["theme"] not in themes:
            problems.append(f"veld 'findings[{i}].theme': onbekend thema {f['theme']!r}")
        elif f["subtheme"] is not None and f["subtheme"] not in themes[f["theme"]]:
            problems.append(f"veld 'findings[{i}].subtheme': {f['subtheme']!r} hoort niet bij "
                            f"thema {f['theme']!r}")
        if f["kind"] not in kinds:
            problems.append(f"veld 'findings[{i}].kind': onbekende soort {f['kind']!r}")
    seen = set()
    for i, a in enumerate(pkg["assessments"]):
        if a["item"] not in items:
            problems.append(f"veld 'assessments[{i}].item': onbekend onderdeel {a['item']!r}")
        elif a["value"] not in items[a["item"]]:
            problems.append(f"veld 'assessments[{i}].value': {a['value']!r} past niet bij "
                            f"{a['item']!r}")
        if a["item"] in seen:
            problems.append(f"veld 'assessments[{i}].item': {a['item']!r} komt meer dan eens voor")
        seen.add(a["item"])
    follow_up = pkg.get("follow_up")
    if follow_up is not None:
        statuses = {st["id"]: st["count"] for st in follow_up["statuses"]}
        if len(statuses) != len(follow_up["statuses"]):
            problems.append("veld 'follow_up.statuses': een id komt meer dan eens voor")
        totals: dict[str, int] = {}
        for i, row in enumerate(follow_up["themes"]):
            if row["theme"] not in themes:
                problems.append(f"veld 'follow_up.themes[{i}].theme': onbekend thema {row['theme']!r}")
            if row["status"] not in statuses:
                problems.append(f"veld 'follow_up.themes[{i}].status': onbekende status "
                                f"{row['status']!r}")
            totals[row["status"]] = totals.get(row["status"], 0) + row["count"]
        for status, count in statuses.items():
            if totals.get(status, 0) != count:
                problems.append(f"veld 'follow_up.statuses': {status!r} telt {count}, de thema's "
                                f"samen {totals.get(status, 0)}")
    v = pkg["visitation"]
    try:
        if date.fromisoformat(v["end"]) < date.fromisoformat(v["start"]):
            problems.append("veld 'visitation.end': ligt voor de begindatum")
    except ValueError:
        problems.append("veld 'visitation.start' of 'visitation.end': geen geldige datum")
    try:
        exported = datetime.fromisoformat(pkg["exported"].replace("Z", "+00:00"))
    except ValueError:
        problems.append("veld 'exported': geen geldig tijdstip")
    else:
        if exported > datetime.now(timezone.utc) + FUTURE_TOLERANCE:
            problems.append(f"veld 'exported': {pkg['exported']} ligt in de toekomst; elke latere "
                            "export van deze visitatie zou erdoor geweigerd worden. Controleer de "
                            "klok van de computer waarop het pakket is gemaakt en exporteer opnieuw")
    return problems


def _damaged(path: Path, reason: str) -> DamagedFileError:
    return DamagedFileError(f"{path}: geen bruikbaar rode-dradenpakket: {reason}")


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"veld {key!r} komt twee keer voor")
        out[key] = value
    return out


def _no_constants(name):
    raise ValueError(f"{name} is geen geldig JSON-getal")


def _stat_size(path: Path) -> int:
    return path.stat().st_size


def _short_int(digits: str) -> int:
    """A package has one number (the schema version): a longer one is refused in Dutch
    before Python's own limit (4300 digits) answers in English."""
    if len(digits.lstrip("-")) > 18:
        raise ValueError(f"een getal van {len(digits.lstrip('-'))} cijfers is te lang")
    return int(digits)


def read_package(path: Path | str) -> dict:
    """Read and fully check a package; returns it. Raises InputError (missing file),
    DamagedFileError (not JSON, truncated, wrong shape, digest wrong) or NewerSchemaError."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: bestand bestaat niet")
    if path.is_dir():
        raise InputError(f"{path}: is een map, geen rode-dradenpakket")
    too_big = InputError(f"{path}: dit bestand is groter dan een rode-dradenpakket kan zijn "
                         f"(hoogstens {MAX_PACKAGE_BYTES // 1_000_000} MB); het is niet ingelezen")
    if _stat_size(path) > MAX_PACKAGE_BYTES:
        raise too_big
    with open(path, "rb") as fh:  # never more than the limit, also if it grew meanwhile
        raw = fh.read(MAX_PACKAGE_BYTES + 1)
    if len(raw) > MAX_PACKAGE_BYTES:
        raise too_big
    if not raw.strip():
        raise _damaged(path, "het bestand is leeg")
    if raw.startswith(b"SQLite format 3\x00"):
        raise _damaged(path, "dit is een databasebestand (bijvoorbeeld een visitatiebestand of "
                             "de centrale database), geen pakket; maak een pakket met "
                             "'visitor-app export-central'")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _damaged(path, f"geen UTF-8-tekst (byte {exc.start})")
    try:
        pkg = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants,
                         parse_int=_short_int)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):  # cut off
            raise _damaged(path, f"het bestand houdt onverwacht op (regel {exc.lineno}, kolom "
                                 f"{exc.colno}); het is afgebroken of niet volledig gekopieerd")
        raise _damaged(path, f"geen geldige JSON bij regel {exc.lineno}, kolom {exc.colno}")
    except RecursionError:
        raise _damaged(path, "geen bruikbare JSON: lijsten of blokken zijn te diep in elkaar "
                             "genest (zo maakt de visitatie-app geen pakket)")
    except ValueError as exc:
        raise _damaged(path, f"geen geldige JSON ({exc})")
    if not isinstance(pkg, dict) or pkg.get("format") != FORMAT:
        raise _damaged(path, f"het veld 'format' is niet {FORMAT!r}; dit is geen pakket van de "
                             "visitatie-app")
    version = pkg.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged(path, f"onbekende of ontbrekende schemaversie ({describe(version)})")
    if version > PACKAGE_SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path}: dit pakket is gemaakt met een nieuwere versie van de visitatie-app "
            f"(pakketversie {version}, deze app kent tot en met versie "
            f"{PACKAGE_SCHEMA_VERSION}). Werk de app bij om het in te lezen.")
    problems = validate(pkg)
    if not problems:
        problems = _meaning_problems(pkg)
    if problems:
        more = f" (en nog {len(problems) - 3} probleem/problemen)" if len(problems) > 3 else ""
        raise _damaged(path, "; ".join(problems[:3]) + more)
    try:
        digest = compute_digest(pkg)
    except UnicodeEncodeError:
        raise _damaged(path, "de tekst bevat ongeldige tekens")
    if digest != pkg["digest"]:
        raise _damaged(path, "het pakket is na het exporteren gewijzigd of beschadigd "
                             "(controlegetal klopt niet); exporteer het opnieuw uit het "
                             "visitatiebestand")
    return pkg


# -- the previous visitation, read from its package (services/previous.py) ------------------------
def previous_source(path: Path | str):
    """A package as the source of the next visitation's "Vorige visitatie": its dienst, its
    visitation id and every finding (the importing visitation keeps those of its own
    follow-up kinds, matched by id or name)."""
    from visitor_app.services.previous import PreviousSource
    pkg = read_package(path)
    fw = pkg["framework"]
    themes = {t["id"]: t["name"] for t in fw["themes"]}
    kinds = {k["id"]: k["name"] for k in fw["finding_kinds"]}
    v = pkg["visitation"]
    items = [{"theme": f["theme"], "theme_name": themes.get(f["theme"], f["theme"]),
              "kind": f["kind"], "kind_name": kinds.get(f["kind"], f["kind"]), "text": f["text"]}
             for f in pkg["findings"]]
    return PreviousSource(key=v["id"], visitation_id=v["id"], dienst=v["dienst"],
                          label=f"rode-dradenpakket {v['dienst']} ({v['start']})", items=items)


def read_previous_source(path: Path | str, framework, passphrase: str | None = None):
    """The source of a previous visitation by its file name: NAME.rodedraden (a package),
    NAME.csv (thema, soort, tekst) or else a visitation file."""
    from visitor_app.services.previous import read_csv_source, read_visitation_source
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == SUFFIX:
        return previous_source(path)
    if suffix in (".csv", ".txt"):
        return read_csv_source(path, framework)
    return read_visitation_source(path, passphrase=passphrase)
