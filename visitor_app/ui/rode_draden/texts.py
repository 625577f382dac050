"""The texts of the Rode draden window: the findings behind a matrix cell and the summary of
an import, as rich text (HTML-escaped). No Qt here; the counts come from rode_draden.counts."""

from __future__ import annotations

from html import escape
from pathlib import Path

from visitor_app.rode_draden.counts import (
    PROBLEM_STATUSES,
    Overview,
    diensten_with,
    diensten_word,
    status_line,
)

REFUSED_COLOUR = "#9b2c1f"
SUMMARY_LIST_LIMIT = 12  # more packages than this: the label lists the refused ones only

STATUS_LABELS = {"nieuw": "nieuw", "vervangen": "vervangen", "ongewijzigd": "ongewijzigd",
                 "geweigerd": "GEWEIGERD", "fout": "FOUT"}


def findings_html(heading: str, findings: list[dict], theme: dict, kinds: list[dict],
                  labels: dict[str, str] | None = None, note: str = "", by_kind: bool = True) -> str:
    """Findings grouped by subtheme (and with ``by_kind`` by kind), HTML-escaped; ``labels``
    (visitation id -> dienst) adds the dienst after each finding."""
    parts = [f"<h3>{escape(heading)}</h3>"]
    if note:
        parts.append(f"<p><i>{escape(note)}</i></p>")
    if not findings:
        parts.append("<p>Geen bevindingen.</p>")
        return "".join(parts)
    sub_names = {s["id"]: s["name"] for s in theme.get("subthemes", [])}
    order = [s["id"] for s in theme.get("subthemes", [])]
    present = {f["subtheme"] for f in findings}
    groups = [s for s in order if s in present]
    groups += sorted(s for s in present if s is not None and s not in sub_names)
    if None in present:
        groups.append(None)
    kind_names = {k["id"]: k["plural"] for k in kinds}
    kind_order = [k["id"] for k in kinds]
    kind_order += sorted({f["kind"] for f in findings} - set(kind_order))
    for sub in groups:
        in_sub = [f for f in findings if f["subtheme"] == sub]
        if sub is None:
            title = "Zonder subthema" if len(groups) > 1 else ""
        else:
            title = sub_names.get(sub, sub)
        if title:
            parts.append(f"<h4>{escape(title)}</h4>")
        for kind in kind_order:
            of_kind = [f for f in in_sub if f["kind"] == kind]
            if not of_kind:
                continue
            if by_kind:
                parts.append(f"<p style='color:#3d4f5c'><b>{escape(kind_names.get(kind, kind))}</b></p>")
            parts.append("<ul>")
            for f in of_kind:
                who = (f" <span style='color:#5b6b77'>({escape(labels.get(f['visitation_id'], f['dienst']))})"
                       "</span>") if labels is not None else ""
                parts.append(f"<li>{escape(f['text'])}{who}</li>")
            parts.append("</ul>")
    return "".join(parts)


def cell_html(overview: Overview, theme: dict, column: tuple[str, str], kind: str | None) -> str:
    """The findings behind one cell of the matrix: ``column`` is ("kind", id), a summary
    column (all diensten), or ("dienst", visitation id), restricted to ``kind`` when set."""
    kinds = overview.kinds
    names = overview.kind_names()
    what, key = column
    n = overview.n
    if what == "kind":
        found = overview.of_kind(theme["id"], key)
        plural = names[key]["plural"] if key in names else key
        return findings_html(f"{theme['name']} — {plural}, bij {diensten_with(found)} van {n} "
                             f"{diensten_word(n)}", found, theme, kinds, labels=overview.labels,
                             by_kind=False)
    found = overview.at_dienst(theme["id"], key, kind)
    note = ""
    if kind is not None:
        note = f"Alleen {names[kind]['plural'] if kind in names else kind} (filter Soort)."
    return findings_html(f"{theme['name']} — {overview.labels.get(key, key)}", found, theme, kinds,
                         note=note, by_kind=kind is None)


def short_message(result: dict) -> str:
    """The package's message without the status and path the summary already shows."""
    message = result["message"]
    for prefix in ("geweigerd: ", "niet ingelezen: "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    path = str(result["file"])
    if message.startswith(path + ": "):
        message = message[len(path) + 2:]
    return message


def import_summary(results: list[dict]) -> tuple[str, str, str]:
    """(rich text for the summary label, its tooltip, one line for the status bar)."""
    line = status_line(results)
    n = len(results)
    status = f"{n} pakket{'ten' if n != 1 else ''} verwerkt: {line}"

    def row(r: dict, rich: bool) -> str:
        name = Path(r["file"]).name
        label = STATUS_LABELS.get(r["status"], r["status"])
        message = short_message(r)
        if not rich:
            return f"{label} — {name}: {message}"
        text = f"{escape(label)} — {escape(name)}: {escape(message)}"
        if r["status"] in PROBLEM_STATUSES:
            return f"<li><b style='color:{REFUSED_COLOUR}'>{text}</b></li>"
        return f"<li>{text}</li>"

    problems = [r for r in results if r["status"] in PROBLEM_STATUSES]
    fine = [r for r in results if r["status"] not in PROBLEM_STATUSES]
    shown = problems + (fine if n <= SUMMARY_LIST_LIMIT else [])  # refused ones first
    html = f"<b>Pakketten ingelezen:</b> {escape(line)}"
    if shown:
        html += "<ul style='margin-top:2px'>" + "".join(row(r, True) for r in shown) + "</ul>"
    if len(shown) < n:
        html += (f"<i>{n - len(shown)} andere pakket(ten) zonder problemen; zie de tooltip voor "
                 "de hele lijst.</i>")
    tooltip = "\n".join(row(r, False) for r in problems + fine)
    return html, tooltip, status


__all__ = ["findings_html", "cell_html", "import_summary", "short_message"]
