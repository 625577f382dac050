"""Ids a test needs, taken from the framework it runs on (never written into the test), so
the same test runs on forms/ and on tests/fixtures/forms_alt/."""

from __future__ import annotations


def theme_and_subtheme(fw) -> tuple[str, str]:
    """The first theme with subthemes, and its first subtheme."""
    theme = next(t for t in fw.themes if t["subthemes"])
    return theme["id"], theme["subthemes"][0]["id"]


def other_theme(fw, theme_id: str) -> str:
    return next(t["id"] for t in fw.themes if t["id"] != theme_id)


def foreign_subtheme(fw, theme_id: str) -> str:
    """A subtheme of another theme, not also one of ``theme_id``'s."""
    own = {s["id"] for s in fw.subthemes(theme_id)}
    return next(s["id"] for t in fw.themes if t["id"] != theme_id for s in t["subthemes"]
                if s["id"] not in own)


def quote_kind(fw) -> str:
    return next(k["id"] for k in fw.observation_kinds if k["id"] in fw.quote_kinds())


def plain_kinds(fw) -> list[str]:
    """Observation kinds that are no quote, in framework order."""
    return [k["id"] for k in fw.observation_kinds if k["id"] not in fw.quote_kinds()]


def observation_only_kind(fw) -> str:
    findings = {k["id"] for k in fw.finding_kinds}
    return next(k["id"] for k in fw.observation_kinds if k["id"] not in findings)


def kind_with_list(fw, style: str) -> str:
    """A finding kind whose findings the report sets as ``style`` (text, bullets, numbered)."""
    return next(k["id"] for k in fw.finding_kinds if fw.report_list(k["id"]) == style)


def record_fields(visit, table: str, title: str) -> dict:
    """Valid fields for a new record in ``table``: ``title`` in its title field (a text
    field), the first option in every other required choice, every multichoice with its
    first two options, and a sentence in every longtext."""
    tpl = visit.framework.template_for_record(table)
    fields = {}
    for spec in tpl["fields"]:
        choices = spec["type"] in ("choice", "multichoice")
        options = [o["id"] for o in visit.records.option_list(spec)] if choices else []
        if spec["id"] == visit.framework.title_field(tpl["id"]) and spec["type"] == "text":
            fields[spec["id"]] = title
        elif spec["type"] == "choice" and spec.get("required"):
            fields[spec["id"]] = options[0]
        elif spec["type"] == "multichoice":
            fields[spec["id"]] = options[:2]
        elif spec["type"] == "longtext":
            fields[spec["id"]] = f"{spec['label']}: zie de aantekeningen van het gesprek."
    return fields
