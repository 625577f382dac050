"""The visitatiekader as data: load forms/*.yaml, validate, and look things up.

A visitation file embeds the normalised framework (``Framework.data``) as a
snapshot, so the file stays readable when forms/ changes. ``Framework`` is the
same object whether it came from forms/ or from a snapshot.
"""

from __future__ import annotations

import copy
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from visitor_app.errors import FormError, InputError
from visitor_app.paths import forms_dir
from visitor_app.domain.form_schema import (
    Bool,
    Id,
    List,
    Map,
    Nullable,
    OneOf,
    Problems,
    Str,
    Time,
    Int,
)

OPTION_SOURCES = ("partner_types", "partner_levels", "themes", "conversation_types")
FIELD_TYPES = ("text", "longtext", "choice", "multichoice")
# The tables a template's records are stored in (``record:`` in templates.yaml); each has
# exactly one template. Table names are storage, not content.
RECORD_TABLES = ("case_files", "partner_interviews")
# How a finding kind's findings are set in the report (``report_list:``).
REPORT_LISTS = ("text", "bullets", "numbered")
# The columns of the report's table of the previous visitation's recommendations.
PREVIOUS_COLUMNS = ("text", "theme", "status", "toelichting")
# What a template may leave out, in this order (a default may use the one before it).
RECORD_NAMES = ("short", "plural", "new_label")

NAMED = {"id": Id(), "name": Str()}

# --- shapes of the files in forms/ ------------------------------------------------
FILE_SPECS: dict[str, Map] = {
    "framework.yaml": Map(
        {"id": Id(), "version": Str(), "name": Str(), "status": OneOf("voorlopig", "definitief"),
         "notice": Str()},
        {"sources": List(Str()),
         # the kinds of the documents register (services/documents.py)
         "document_kinds": List(Map(dict(NAMED), {"description": Str()}), min_items=1,
                                unique_ids=True)},
    ),
    "themes.yaml": Map({"themes": List(Map(
        {"id": Id(), "name": Str(), "scope": Str(),
         "subthemes": List(Map(dict(NAMED), {"scope": Str()}), unique_ids=True),
         "questions": List(Map(
             {"id": Id(), "text": Str(), "conversations": List(Id(), min_items=1)},
             {"subtheme": Nullable(Id())}))},
        {"letter": Nullable(Str()), "source": Str()},
    ), min_items=1, unique_ids=True)}),
    "conversation_types.yaml": Map({"conversation_types": List(Map(
        {"id": Id(), "name": Str()},
        {"short": Str(), "description": Str(), "optional": Bool(), "provisional": Bool(),
         "own_meeting": Bool()},
    ), min_items=1, unique_ids=True)}),
    "partners.yaml": Map({
        "partner_types": List(Map(dict(NAMED), {"category": Str()}), min_items=1, unique_ids=True),
        "partner_levels": List(Map(dict(NAMED)), min_items=1, unique_ids=True),
    }),
    "observation_kinds.yaml": Map({
        "observation_kinds": List(Map(
            {"id": Id(), "name": Str(), "plural": Str(), "key": Str()},
            {"description": Str(), "quote": Bool()}), min_items=1, unique_ids=True),
        "finding_kinds": List(Map(
            {"id": Id(), "name": Str(), "plural": Str()},
            {"description": Str(), "report_list": OneOf(*REPORT_LISTS), "follow_up": Bool()}),
            min_items=1,
            unique_ids=True),
    }),
    "assessments.yaml": Map({
        "scales": List(Map({"id": Id(), "values": List(Map(dict(NAMED)), min_items=2,
                                                           unique_ids=True)}),
                       min_items=1, unique_ids=True),
        "groups": List(Map(dict(NAMED), {"description": Str()}), unique_ids=True),
        "items": List(Map(
            {"id": Id(), "name": Str(), "scale": Id()},
            {"text": Str(), "group": Nullable(Id()), "theme": Nullable(Id())}),
            min_items=1, unique_ids=True),
    }),
    "templates.yaml": Map({"templates": List(Map(
        {"id": Id(), "name": Str(), "record": OneOf(*RECORD_TABLES), "fields": List(Map(
            {"id": Id(), "label": Str(), "type": OneOf(*FIELD_TYPES)},
            {"required": Bool(), "help": Str(), "options_from": OneOf(*OPTION_SOURCES),
             "options": List(Map(dict(NAMED)), min_items=1, unique_ids=True)}),
            min_items=1, unique_ids=True)},
        {"description": Str(), "conversation": Id(), "title_field": Id(),
         **{key: Str() for key in RECORD_NAMES},
         "reflection_questions": List(Map(
            {"id": Id(), "text": Str()}, {"theme": Nullable(Id())}), unique_ids=True)},
    ), min_items=1, unique_ids=True)}),
    "report.yaml": Map({"report": Map(
        {"title": Str(), "sections": List(Map(
            {"id": Id(), "title": Str(), "position": OneOf("before_themes", "after_themes")},
            {"hint": Str()}), min_items=1, unique_ids=True),
         "empty_theme": Str(),
         "annexes": Map({"programme": Str(), "partners": Str(), "case_files": Str(), "trace": Str()},
                        {"partner_interviews": Str()})},
        {"subtitle": Str(), "previous": Map(
            {"title": Str(), "position": OneOf("before_themes", "after_themes"),
             "statuses": List(Map(dict(NAMED), {"default": Bool()}), min_items=2, unique_ids=True)},
            {"hint": Str(), "after": Id(), "intro": Str(),
             "columns": Map({}, {key: Str() for key in PREVIOUS_COLUMNS})})})}),
    "programme.yaml": Map({"programme": Map(
        {"days": List(Map(
            {"day": Int(), "sessions": List(Map(
                {"start": Time(), "end": Time(), "conversation": Id(), "title": Str()},
                {"participants": List(Str()), "themes": List(Id()), "optional": Bool()}))}),
            min_items=1)},
        {"name": Str(), "provisional": Bool()},
    )}),
}

def default_forms_dir() -> Path:
    """The forms/ for new visitations, by the lookup order of visitor_app.paths."""
    return forms_dir()


def _read_yaml(path: Path) -> tuple[Any, Any]:
    import yaml  # only when reading forms/, not when opening a file
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormError(f"{path}: bestand ontbreekt in de map met het visitatiekader")
    except UnicodeDecodeError as exc:
        raise FormError(f"{path}: geen geldige UTF-8 tekst (byte {exc.start})")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise FormError(f"{path}{where}: geen geldige YAML ({reason})")
    return data, node


def installed_identity(forms_dir: Path | str | None = None) -> tuple[str, str]:
    """The id and version of the framework in forms/, from framework.yaml alone: to tell
    whether a file was made with it without reading and checking all of forms/ (that takes
    about 0.1 s)."""
    import yaml
    forms_dir = Path(forms_dir) if forms_dir else default_forms_dir()
    head = yaml.safe_load((forms_dir / "framework.yaml").read_text(encoding="utf-8")) or {}
    return str(head.get("id")), str(head.get("version"))


def load_framework(forms_dir: Path | str | None = None) -> "Framework":
    """Read and validate every file of forms/. Raises FormError naming file, line, key."""
    forms_dir = Path(forms_dir) if forms_dir else default_forms_dir()
    if not forms_dir.is_dir():
        raise FormError(f"{forms_dir}: map met het visitatiekader (forms/) niet gevonden")
    data: dict[str, Any] = {}
    problems_by_file: dict[str, Problems] = {}
    all_items: list[str] = []
    for name, spec in FILE_SPECS.items():
        content, node = _read_yaml(forms_dir / name)
        problems = Problems(str(forms_dir / name), node)
        spec.check(content, (), problems)
        problems_by_file[name] = problems
        all_items += problems.items
        if isinstance(content, dict):
            data.update(content)
    if all_items:
        raise FormError(_summarise(all_items))
    snapshot = _normalise(data)
    _check_references(snapshot, problems_by_file)
    all_items = [item for p in problems_by_file.values() for item in p.items]
    if all_items:
        raise FormError(_summarise(all_items))
    return Framework(snapshot)


def _summarise(items: list[str]) -> str:
    head = "Het visitatiekader in forms/ bevat fouten:\n- " + "\n- ".join(items[:20])
    if len(items) > 20:
        head += f"\n- ... en nog {len(items) - 20} fout(en)"
    return head


def _normalise(data: dict) -> dict:
    """One JSON-able dict holding the whole framework (the snapshot)."""
    keys = ("id", "version", "name", "status", "notice")
    snap = {k: data[k] for k in keys}
    snap["sources"] = list(data.get("sources") or [])
    if data.get("document_kinds"):
        snap["document_kinds"] = data["document_kinds"]
    snap["themes"] = data["themes"]
    for theme in snap["themes"]:
        theme.setdefault("letter", None)
        for q in theme["questions"]:
            q.setdefault("subtheme", None)
    snap["conversation_types"] = data["conversation_types"]
    for ct in snap["conversation_types"]:
        ct.setdefault("short", ct["name"])
        ct.setdefault("optional", False)
        ct.setdefault("provisional", False)
    snap["partner_types"] = data["partner_types"]
    snap["partner_levels"] = data["partner_levels"]
    snap["observation_kinds"] = data["observation_kinds"]
    snap["finding_kinds"] = data["finding_kinds"]
    for kind in snap["finding_kinds"]:
        kind.setdefault("report_list", "text")
    snap["assessments"] = {k: data[k] for k in ("scales", "groups", "items")}
    for item in snap["assessments"]["items"]:
        item.setdefault("group", None)
        item.setdefault("theme", None)
    snap["templates"] = data["templates"]
    for tpl in snap["templates"]:
        tpl.setdefault("title_field", _default_title_field(tpl))
        for key in RECORD_NAMES:
            tpl.setdefault(key, _default_record_name(key, tpl))
    snap["programme"] = data["programme"]
    snap["report"] = data["report"]
    return snap


def _default_title_field(tpl: dict) -> str | None:
    """The field that names a record when the template names none: the first required text
    field, else the first required field."""
    required = [f for f in tpl["fields"] if f.get("required")]
    first = next((f for f in required if f["type"] == "text"), required[0] if required else None)
    return first["id"] if first else None


def _default_record_name(key: str, names: dict) -> str:
    """A name a template leaves out; ``names`` holds the ones before it in RECORD_NAMES."""
    if key == "short":
        return names["name"]
    if key == "plural":
        return names["short"]
    return f"{names['short']} toevoegen"


def _check_references(snap: dict, problems: dict[str, Problems]) -> None:
    conv_ids = {c["id"] for c in snap["conversation_types"]}
    theme_ids = [t["id"] for t in snap["themes"]]
    p = problems["themes.yaml"]
    question_ids: set[str] = set()
    for ti, theme in enumerate(snap["themes"]):
        sub_ids = {s["id"] for s in theme["subthemes"]}
        for qi, q in enumerate(theme["questions"]):
            path = ("themes", ti, "questions", qi)
            if q["id"] in question_ids:
                p.add(path + ("id",), f"vraag-id {q['id']!r} komt meer dan eens voor")
            question_ids.add(q["id"])
            if q["subtheme"] and q["subtheme"] not in sub_ids:
                p.add(path + ("subtheme",),
                      f"subthema {q['subtheme']!r} hoort niet bij thema {theme['id']!r}")
            for ci, conv in enumerate(q["conversations"]):
                if conv not in conv_ids:
                    p.add(path + ("conversations", ci), f"onbekend gesprekstype {conv!r}")
    p = problems["observation_kinds.yaml"]
    keys: set[str] = set()
    for i, kind in enumerate(snap["observation_kinds"]):
        key = kind["key"]
        if len(key) != 1 or not key.isalpha() or key != key.lower():
            p.add(("observation_kinds", i, "key"), "sneltoets moet één kleine letter zijn")
        elif key in keys:
            p.add(("observation_kinds", i, "key"), f"sneltoets {key!r} wordt al gebruikt")
        keys.add(key)
    p = problems["assessments.yaml"]
    scales = {s["id"] for s in snap["assessments"]["scales"]}
    groups = {g["id"] for g in snap["assessments"]["groups"]}
    for i, item in enumerate(snap["assessments"]["items"]):
        if item["scale"] not in scales:
            p.add(("items", i, "scale"), f"onbekende schaal {item['scale']!r}")
        if item["group"] and item["group"] not in groups:
            p.add(("items", i, "group"), f"onbekende groep {item['group']!r}")
        if item["theme"] and item["theme"] not in theme_ids:
            p.add(("items", i, "theme"), f"onbekend thema {item['theme']!r}")
    p = problems["templates.yaml"]
    record_of: dict[str, str] = {}
    for ti, tpl in enumerate(snap["templates"]):
        if tpl["record"] in record_of:
            p.add(("templates", ti, "record"),
                  f"'record: {tpl['record']}' staat ook bij sjabloon {record_of[tpl['record']]!r}; "
                  "elk soort record hoort bij precies één sjabloon")
        record_of.setdefault(tpl["record"], tpl["id"])
    for table in RECORD_TABLES:
        if table not in record_of:
            p.add(("templates",), f"geen sjabloon met 'record: {table}'; elk soort record "
                                  f"({', '.join(RECORD_TABLES)}) hoort bij precies één sjabloon")
    linked: dict[str, str] = {}
    for ti, tpl in enumerate(snap["templates"]):
        if tpl.get("conversation") and tpl["conversation"] not in conv_ids:
            p.add(("templates", ti, "conversation"), f"onbekend gesprekstype {tpl['conversation']!r}")
        elif tpl.get("conversation") in linked:
            p.add(("templates", ti, "conversation"),
                  f"gesprekstype {tpl['conversation']!r} staat ook bij sjabloon "
                  f"{linked[tpl['conversation']]!r}; elk gesprekstype krijgt hooguit één sjabloon")
        elif tpl.get("conversation"):
            linked[tpl["conversation"]] = tpl["id"]
        fields = {f["id"]: f for f in tpl["fields"]}
        title = tpl["title_field"]
        if title is not None and title not in fields:
            p.add(("templates", ti, "title_field"),
                  f"onbekend veld {title!r} (velden van dit sjabloon: {', '.join(fields)})")
        elif title is not None and fields[title]["type"] not in ("text", "choice"):
            p.add(("templates", ti, "title_field"),
                  f"titelveld {title!r} moet een veld van type text of choice zijn")
        for fi, fld in enumerate(tpl["fields"]):
            path = ("templates", ti, "fields", fi)
            has_options = "options" in fld or "options_from" in fld
            if fld["type"] in ("choice", "multichoice") and not has_options:
                p.add(path, "keuzeveld heeft 'options' of 'options_from' nodig")
            if fld["type"] in ("text", "longtext") and has_options:
                p.add(path, "tekstveld mag geen keuzes hebben")
        for ri, rq in enumerate(tpl.get("reflection_questions") or []):
            if rq.get("theme") and rq["theme"] not in theme_ids:
                p.add(("templates", ti, "reflection_questions", ri, "theme"),
                      f"onbekend thema {rq['theme']!r}")
    p = problems["report.yaml"]
    previous = snap["report"].get("previous")
    if previous:
        defaults = [i for i, st in enumerate(previous["statuses"]) if st.get("default")]
        if len(defaults) != 1:
            p.add(("report", "previous", "statuses"),
                  "precies één status heeft 'default: true' (de status waarmee een ingelezen "
                  f"punt begint); nu {len(defaults)}")
        sections = {s["id"]: s["position"] for s in snap["report"]["sections"]}
        after = previous.get("after")
        if after and after not in sections:
            p.add(("report", "previous", "after"),
                  f"onbekend rapportonderdeel {after!r} (kies uit: {', '.join(sections)})")
        elif after and sections[after] != previous["position"]:
            p.add(("report", "previous", "after"),
                  f"rapportonderdeel {after!r} staat niet op de plaats {previous['position']!r}")
        if not any(k.get("follow_up") for k in snap["finding_kinds"]):
            problems["observation_kinds.yaml"].add(
                ("finding_kinds",), "'report.previous' staat in report.yaml, maar geen soort "
                                    "bevinding heeft 'follow_up: true' (welke soorten van de vorige "
                                    "visitatie worden opgevolgd)")
    p = problems["programme.yaml"]
    for di, day in enumerate(snap["programme"]["days"]):
        for si, sess in enumerate(day["sessions"]):
            path = ("programme", "days", di, "sessions", si)
            if sess["conversation"] not in conv_ids:
                p.add(path + ("conversation",), f"onbekend gesprekstype {sess['conversation']!r}")
            if sess["end"] <= sess["start"]:
                p.add(path + ("end",), "eindtijd ligt niet na de begintijd")
            for ti, th in enumerate(sess.get("themes") or []):
                if th not in theme_ids:
                    p.add(path + ("themes", ti), f"onbekend thema {th!r}")


def _fold(text: str) -> str:
    return " ".join(str(text).replace("_", " ").replace("-", " ").casefold().split())


class Framework:
    """Read-only view of a validated framework snapshot."""

    def __init__(self, data: dict):
        self.data = data

    @classmethod
    def from_snapshot(cls, data: dict) -> "Framework":
        return cls(copy.deepcopy(data))

    # -- identity ---------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def status(self) -> str:
        return self.data["status"]

    @property
    def notice(self) -> str:
        return self.data["notice"]

    # -- lists --------------------------------------------------------------------
    @property
    def themes(self) -> list[dict]:
        return self.data["themes"]

    @property
    def conversation_types(self) -> list[dict]:
        return self.data["conversation_types"]

    @property
    def observation_kinds(self) -> list[dict]:
        return self.data["observation_kinds"]

    @property
    def finding_kinds(self) -> list[dict]:
        return self.data["finding_kinds"]

    @property
    def partner_types(self) -> list[dict]:
        return self.data["partner_types"]

    @property
    def partner_levels(self) -> list[dict]:
        return self.data["partner_levels"]

    @property
    def assessment_items(self) -> list[dict]:
        return self.data["assessments"]["items"]

    @property
    def assessment_groups(self) -> list[dict]:
        return self.data["assessments"]["groups"]

    @property
    def programme(self) -> dict:
        return self.data["programme"]

    @property
    def report(self) -> dict:
        """Report structure; files made before it existed (framework 0.1.x) use forms/."""
        if "report" not in self.data:
            self.data["report"] = load_framework().data["report"]
        return self.data["report"]

    @cached_property
    def _by_id(self) -> dict[str, dict[str, dict]]:
        return {
            "theme": {t["id"]: t for t in self.themes},
            "conversation": {c["id"]: c for c in self.conversation_types},
            "observation_kind": {k["id"]: k for k in self.observation_kinds},
            "finding_kind": {k["id"]: k for k in self.finding_kinds},
            "item": {i["id"]: i for i in self.assessment_items},
            "scale": {s["id"]: s for s in self.data["assessments"]["scales"]},
            "template": {t["id"]: t for t in self.data["templates"]},
        }

    def theme(self, theme_id: str) -> dict:
        return self._by_id["theme"][theme_id]

    def has_theme(self, theme_id: str) -> bool:
        return theme_id in self._by_id["theme"]

    def conversation(self, conv_id: str) -> dict:
        return self._by_id["conversation"][conv_id]

    def template(self, template_id: str) -> dict:
        return self._by_id["template"][template_id]

    # -- what the code needs to know about kinds and templates --------------------------
    # A snapshot from before a key existed lacks it: then the installed forms/ decide when
    # they are the same framework, else a neutral default. A snapshot in which any item of
    # the same sort has the key knows it: there an item without it has the default, and
    # forms/ is not read (reading it costs some 100 ms).
    @cached_property
    def _installed(self) -> "Framework | None":
        try:
            installed = load_framework()
        except FormError:
            return None
        return installed if installed.id == self.id else None

    def _declared(self, what: str, item_id: str, key: str, default: Any) -> Any:
        own = self._by_id[what].get(item_id, {})
        if key in own:
            return own[key]
        if any(key in item for item in self._by_id[what].values()):
            return default
        installed = self._installed
        theirs = installed._by_id[what].get(item_id, {}) if installed else {}
        return theirs.get(key, default)

    @cached_property
    def _record_templates(self) -> dict[str, dict]:
        templates = self.data["templates"]
        by_table: dict[str, dict] = {}
        for tpl in templates:
            table = self._declared("template", tpl["id"], "record", None)
            if table:
                by_table.setdefault(table, tpl)
        for table, tpl in zip(RECORD_TABLES, templates):  # neutral default: template order
            by_table.setdefault(table, tpl)
        return by_table

    def template_for_record(self, table: str) -> dict:
        """The template of the records stored in ``table`` (one of RECORD_TABLES)."""
        return self._record_templates[table]

    def record_table_for(self, conversation_id: str) -> str | None:
        """The record table (one of RECORD_TABLES) whose template sessions of this conversation
        type get (the template's ``conversation``), or None: such a session gets no record."""
        return next((table for table in RECORD_TABLES
                     if self.template_for_record(table).get("conversation") == conversation_id), None)

    def own_meeting(self, conversation_id: str) -> bool:
        """A conversation type marked ``own_meeting: true``: the commission among itself, no
        gesprekspartners (left out of the annex of gesprekspartners)."""
        return bool(self._declared("conversation", conversation_id, "own_meeting", False))

    def title_field(self, template_id: str) -> str | None:
        """Id of the field that names a record of this template (None: it has no such field)."""
        tpl = self.template(template_id)
        declared = self._declared("template", template_id, "title_field", None)
        if declared in {f["id"] for f in tpl["fields"]}:
            return declared
        return _default_title_field(tpl)

    def record_names(self, table: str) -> dict[str, str]:
        """Dutch names of the records in ``table``, from their template: ``short``
        ("Zaakdossier"), ``plural`` and ``new_label`` (the button that makes one)."""
        names = dict(self.template_for_record(table))
        for key in RECORD_NAMES:
            names[key] = self._declared("template", names["id"], key,
                                        _default_record_name(key, names))
        return {key: names[key] for key in RECORD_NAMES}

    def quote_kinds(self) -> set[str]:
        """Observation kinds marked ``quote: true``: literal words of a person."""
        return {k["id"] for k in self.observation_kinds
                if self._declared("observation_kind", k["id"], "quote", False)}

    @cached_property
    def document_kinds(self) -> list[dict]:
        """The kinds of the documents register ({id, name}); a snapshot from before they
        existed: those of the installed forms/ when it is the same framework, else none."""
        if "document_kinds" in self.data:
            return self.data["document_kinds"]
        installed = self._installed
        return list(installed.data.get("document_kinds", [])) if installed else []

    def document_kind_name(self, kind_id: str | None) -> str:
        return next((k["name"] for k in self.document_kinds if k["id"] == kind_id), kind_id or "")

    def report_list(self, kind_id: str) -> str:
        """How findings of this kind are set in the report: text, bullets or numbered."""
        return self._declared("finding_kind", kind_id, "report_list", "text")

    # -- the previous visitation (report.previous, finding kinds with follow_up) ------------
    @property
    def previous(self) -> dict | None:
        """The follow-up of the previous visitation (report.yaml 'previous'), or None when the
        framework has none (a snapshot from before it uses the installed same framework)."""
        own = self.report.get("previous")
        if own is None and self._installed is not None:
            own = self._installed.report.get("previous")
        return own

    def follow_up_kinds(self) -> list[str]:
        """Finding kinds marked ``follow_up: true``, framework order: what the next visitation
        takes over from this one (aanbevelingen, verbeterpunten)."""
        return [k["id"] for k in self.finding_kinds
                if self._declared("finding_kind", k["id"], "follow_up", False)]

    def follow_up_statuses(self) -> list[dict]:
        return list(self.previous["statuses"]) if self.previous else []

    def follow_up_default(self) -> str | None:
        return next((s["id"] for s in self.follow_up_statuses() if s.get("default")), None)

    def subthemes(self, theme_id: str) -> list[dict]:
        return self.theme(theme_id)["subthemes"]

    def kind_name(self, kind_id: str) -> str:
        kind = self._by_id["observation_kind"].get(kind_id) or self._by_id["finding_kind"].get(kind_id)
        return kind["name"] if kind else kind_id

    def scale_values(self, item_id: str) -> list[dict]:
        item = self._by_id["item"][item_id]
        return self._by_id["scale"][item["scale"]]["values"]

    def questions_for(self, conversation_id: str) -> list[tuple[dict, list[dict]]]:
        """Guiding questions for a conversation type, grouped by theme (framework order)."""
        out = []
        for theme in self.themes:
            qs = [q for q in theme["questions"] if conversation_id in q["conversations"]]
            if qs:
                out.append((theme, qs))
        return out

    def default_themes_for(self, conversation_id: str) -> list[str]:
        return [theme["id"] for theme, _ in self.questions_for(conversation_id)]

    # -- resolving user input (id or Dutch name, case-insensitive) ----------------
    @staticmethod
    def _resolve(token: str, options: Iterable[dict], extra_keys: tuple = ()) -> str | None:
        wanted = _fold(token)
        if not wanted:
            return None
        for opt in options:
            candidates = [opt["id"], opt.get("name", "")] + [opt.get(k, "") for k in extra_keys]
            if any(c and _fold(c) == wanted for c in candidates):
                return opt["id"]
        return None

    def resolve_theme(self, token: str) -> str:
        found = self._resolve(token, self.themes, ("letter",))
        if not found:
            names = ", ".join(t["id"] for t in self.themes)
            raise InputError(f"onbekend thema {token!r} (kies uit: {names})")
        return found

    def resolve_subtheme(self, theme_id: str, token: str) -> str:
        found = self._resolve(token, self.subthemes(theme_id))
        if not found:
            names = ", ".join(s["id"] for s in self.subthemes(theme_id)) or "geen"
            raise InputError(
                f"onbekend subthema {token!r} bij thema {theme_id!r} (kies uit: {names})")
        return found

    def resolve_kind(self, token: str, finding: bool = False) -> str:
        options = self.finding_kinds if finding else self.observation_kinds
        found = self._resolve(token, options, ("plural",))
        if not found:
            names = ", ".join(k["id"] for k in options)
            what = "soort bevinding" if finding else "soort waarneming"
            raise InputError(f"onbekende {what} {token!r} (kies uit: {names})")
        return found

    def resolve_conversation(self, token: str) -> str:
        found = self._resolve(token, self.conversation_types, ("short",))
        if not found:
            names = ", ".join(c["id"] for c in self.conversation_types)
            raise InputError(f"onbekend gesprekstype {token!r} (kies uit: {names})")
        return found

    def resolve_assessment(self, item_token: str, value_token: str) -> tuple[str, str]:
        item = self._resolve(item_token, self.assessment_items)
        if not item:
            names = ", ".join(i["id"] for i in self.assessment_items)
            raise InputError(f"onbekend oordeel {item_token!r} (kies uit: {names})")
        values = self.scale_values(item)
        value = self._resolve(value_token, values)
        if not value:
            names = ", ".join(v["id"] for v in values)
            raise InputError(f"waarde {value_token!r} past niet bij {item!r} (kies uit: {names})")
        return item, value
