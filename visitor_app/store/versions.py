"""A record's version: "REVISION:HASH", the same in every copy that holds the same content.

The hash covers the record's declared fields (visitor_app.domain.records) and its
tombstone, in a canonical form: flags as booleans, JSON columns parsed, bytes as base64.
A field whose value equals its default is left out, so a field added by a later schema
(with its default in every existing row) changes no version: copies handed out before
an upgrade still merge cleanly afterwards. Timestamps and authors are not content.
"""

from __future__ import annotations

import json

from visitor_app.domain.records import COMMON, Field
from visitor_app.store.schema import FIELDS

DELETED = next(f for f in COMMON if f.name == "deleted")


def canonical(field: Field, value):
    """The value as it counts for a version, whether ``value`` is stored or decoded."""
    if value is None:
        return None
    if field.type == "bool":
        return bool(value)
    if field.type == "json" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value  # not JSON after all: count the text as it is
    if field.type == "bytes" and isinstance(value, (bytes, bytearray, memoryview)):
        import base64
        return base64.b64encode(bytes(value)).decode("ascii")
    if field.type == "float" and isinstance(value, int):
        return float(value)
    return value


def content_hash(fields: tuple[Field, ...], raw: dict) -> str:
    content = {}
    for f in fields:
        value = canonical(f, raw.get(f.name, f.default))  # a column the file lacks: its default
        if value != canonical(f, f.default):
            content[f.name] = value
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    import hashlib  # on the first write, not at start-up
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def row_version(table: str, raw: dict) -> str:
    """"REVISION:HASH" of a record (stored or decoded row; timestamps do not count)."""
    return f"{raw['revision']}:{content_hash((DELETED,) + FIELDS[table], raw)}"
