"""A small shape checker for YAML data with Dutch messages that name file, line and key.

The shapes of the forms/ files are declared in ``framework.py`` with these
building blocks. Content (theme names, questions) never lives in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def path_text(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(hoofdniveau)"


@dataclass
class Problems:
    """Collects problems found in one source (a file or an embedded snapshot)."""

    source: str
    node: Any = None  # yaml node tree, for line numbers
    items: list[str] = field(default_factory=list)

    def line_of(self, path: tuple) -> int | None:
        import yaml
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            if node is None:
                break
            nxt = None
            if isinstance(node, yaml.MappingNode) and not isinstance(part, int):
                for key_node, value_node in node.value:
                    if getattr(key_node, "value", None) == part:
                        nxt = value_node
                        line = key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    nxt = node.value[part]
                    line = nxt.start_mark.line + 1
            node = nxt
        return line

    def add(self, path: tuple, message: str) -> None:
        line = self.line_of(path)
        where = f"{self.source}, regel {line}" if line else self.source
        self.items.append(f"{where}, veld '{path_text(path)}': {message}")


class Spec:
    def check(self, value: Any, path: tuple, problems: Problems) -> None:
        raise NotImplementedError


class Str(Spec):
    def __init__(self, allow_empty: bool = False):
        self.allow_empty = allow_empty

    def check(self, value, path, problems):
        if not isinstance(value, str):
            problems.add(path, f"tekst verwacht, gevonden: {describe(value)}")
        elif not self.allow_empty and not value.strip():
            problems.add(path, "mag niet leeg zijn")


class Id(Spec):
    def check(self, value, path, problems):
        if not isinstance(value, str) or not ID_RE.match(value):
            problems.add(
                path,
                f"ongeldige id {value!r}: gebruik kleine letters, cijfers en '_' "
                "(beginnend met een letter)",
            )


class Bool(Spec):
    def check(self, value, path, problems):
        if not isinstance(value, bool):
            problems.add(path, f"true of false verwacht, gevonden: {describe(value)}")


class Int(Spec):
    def check(self, value, path, problems):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.add(path, f"geheel getal verwacht, gevonden: {describe(value)}")


class Time(Spec):
    def check(self, value, path, problems):
        if not isinstance(value, str) or not TIME_RE.match(value):
            problems.add(path, f"tijd als \"UU:MM\" verwacht, gevonden: {describe(value)}")


class OneOf(Spec):
    def __init__(self, *choices: Any):
        self.choices = choices

    def check(self, value, path, problems):
        if value not in self.choices:
            allowed = ", ".join(str(c) for c in self.choices)
            problems.add(path, f"waarde {value!r} is niet toegestaan (kies uit: {allowed})")


class Nullable(Spec):
    def __init__(self, inner: Spec):
        self.inner = inner

    def check(self, value, path, problems):
        if value is not None:
            self.inner.check(value, path, problems)


class List(Spec):
    def __init__(self, item: Spec, min_items: int = 0, unique_ids: bool = False):
        self.item = item
        self.min_items = min_items
        self.unique_ids = unique_ids

    def check(self, value, path, problems):
        if not isinstance(value, list):
            problems.add(path, f"lijst verwacht, gevonden: {describe(value)}")
            return
        if len(value) < self.min_items:
            problems.add(path, f"minstens {self.min_items} element(en) verwacht")
        seen: set = set()
        for i, item in enumerate(value):
            self.item.check(item, path + (i,), problems)
            if self.unique_ids and isinstance(item, dict):
                ident = item.get("id")
                if ident in seen:
                    problems.add(path + (i, "id"), f"id {ident!r} komt meer dan eens voor")
                seen.add(ident)


class Map(Spec):
    def __init__(self, required: dict[str, Spec], optional: dict[str, Spec] | None = None):
        self.required = required
        self.optional = optional or {}

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            problems.add(path, f"sleutel/waarde-blok verwacht, gevonden: {describe(value)}")
            return
        for key, spec in self.required.items():
            if key not in value:
                problems.add(path, f"verplicht veld '{key}' ontbreekt")
            else:
                spec.check(value[key], path + (key,), problems)
        for key, spec in self.optional.items():
            if key in value:
                spec.check(value[key], path + (key,), problems)
        known = set(self.required) | set(self.optional)
        for key in value:
            if key not in known:
                allowed = ", ".join(sorted(known))
                problems.add(path + (key,), f"onbekend veld '{key}' (toegestaan: {allowed})")


def describe(value: Any) -> str:
    if value is None:
        return "niets (leeg)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"getal {value}"
    if isinstance(value, str):
        return f"tekst {value!r}"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een blok met velden"
    return type(value).__name__
