"""visitor-app: the command line. The same services as the window, headless.

Exit codes: 0 success, 1 bad input (nothing changed), 2 wrong use of the
command, 3 damaged or foreign file, 4 file from a newer app version,
5 broken forms/ (visitatiekader), 6 the file is open elsewhere (its lock; see
--overneem-slot), 7 wrong or missing passphrase of an encrypted file (the file is
untouched; see cli/passphrase.py), 8 the disk refused a write: full, an I/O error, or a
read-only file, folder or disk (nothing saved, the file as it was), 70 unexpected error,
130 interrupted (Ctrl+C).
Messages go to stderr in Dutch; --json output goes to stdout and is documented in
docs/cli.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from visitor_app import __version__
from visitor_app.errors import VisitorError

_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "verwacht één waarde",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s":
        "optie %(option)s is niet eenduidig: %(matches)s",
    "not allowed with argument %s": "niet samen met argument %s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
}
argparse._ = lambda text: _NL.get(text, text)  # Dutch for argparse's own messages


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def _member_arg(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"verwacht \"NAAM=ROL\", gevonden {text!r}")
    name, role = text.rsplit("=", 1)
    return name.strip(), role.strip()


def passphrase_of(path) -> str | None:
    """The passphrase of ``path`` when it is encrypted (environment or terminal), else None."""
    from visitor_app.services.encryption import is_encrypted
    if not is_encrypted(path):
        return None
    from visitor_app.cli import passphrase
    return passphrase.existing(path)


def open_visitation(path, **options):
    from visitor_app.services import Visitation
    return Visitation.open(path, passphrase=passphrase_of(path), **options)


def warn_plain_export(visit) -> None:
    """An export of an encrypted visitation is plain: say so (stderr)."""
    if visit.encrypted:
        from visitor_app.services.encryption import PLAIN_EXPORT
        print(PLAIN_EXPORT, file=sys.stderr)


def _stale(exc: VisitorError) -> bool:
    from visitor_app.errors import StaleLockError
    return isinstance(exc, StaleLockError)


# -- commands ----------------------------------------------------------------------------------
def _created(args, visit, what: str) -> int:
    """Report a visitation just made (and close it)."""
    with visit:
        info = visit.audit.info()
    if args.json:
        print_json(info)
    else:
        print(f"{what} aangemaakt: {args.file}")
        _print_summary(info, visit.framework)
    return 0


def cmd_new(args) -> int:
    from visitor_app.services import Visitation
    secret = None
    if not args.onversleuteld:
        from pathlib import Path
        from visitor_app.cli import passphrase
        from visitor_app.store.files import check_output_path
        check_output_path(Path(args.file), None, "een visitatie", overwrite=False)  # before asking
        secret = passphrase.new(args.file, passphrase.ENV, what="een wachtwoord")
    visit = Visitation.create(args.file, args.dienst, args.start, args.end,
                              members=args.member or [], passphrase=secret)
    return _created(args, visit, "Versleutelde visitatie" if secret else "Visitatie")


def cmd_demo(args) -> int:
    from visitor_app.services.demo import create_demo
    return _created(args, create_demo(args.file), "Demovisitatie")


def cmd_import_notes(args) -> int:
    from visitor_app.services.csv_import import import_notes
    with open_visitation(args.file) as visit:
        count = import_notes(visit, args.csv, member=args.member)
    if args.json:
        print_json({"imported": count})
    else:
        print(f"{count} waarneming(en) geïmporteerd in {args.file}")
    return 0


def cmd_import_findings(args) -> int:
    from visitor_app.services.csv_import import import_findings
    with open_visitation(args.file) as visit:
        count = import_findings(visit, args.csv)
    if args.json:
        print_json({"imported": count})
    else:
        print(f"{count} bevinding(en) geïmporteerd in {args.file}")
    return 0


def cmd_add_note(args) -> int:
    from visitor_app.cli.documents import resolve_document
    with open_visitation(args.file) as visit:
        fw = visit.framework
        theme = fw.resolve_theme(args.thema)
        member = visit.members.id_of(args.member) if args.member else None
        obs_id = visit.observations.add(
            theme=theme, kind=fw.resolve_kind(args.soort), text=args.tekst,
            subtheme=fw.resolve_subtheme(theme, args.subthema) if args.subthema else None,
            session_id=visit.programme.resolve(args.gesprek) if args.gesprek else None,
            evidence=args.bron, author=member,
            document_id=resolve_document(visit, args.document) if args.document else None,
            page=args.pagina).id
    if args.json:
        print_json({"id": obs_id})
    else:
        print(f"Waarneming opgeslagen ({obs_id})")
    return 0


def cmd_assess(args) -> int:
    with open_visitation(args.file) as visit:
        row = visit.assessments.set(args.item, args.value, args.toelichting).row
        name = next(i["name"] for i in visit.framework.assessment_items if i["id"] == row["item"])
    if args.json:
        print_json({"item": row["item"], "value": row["value"], "toelichting": row["toelichting"]})
    else:
        print(f"Oordeel vastgelegd: {name} = {row['value']}")
    return 0


def cmd_info(args) -> int:
    with open_visitation(args.file) as visit:
        info = visit.audit.info()
    if args.json:
        print_json(info)
    else:
        _print_summary(info, visit.framework)
    return 0


def cmd_search(args) -> int:
    with open_visitation(args.file) as visit:
        hits = visit.observations.search(args.query, limit=args.limit)
        sessions = {s["id"]: s for s in visit.programme.sessions()}
        members = {m["id"]: m["name"] for m in visit.members.list()}
        out = []
        for h in hits:
            s = sessions.get(h["session_id"])
            out.append({"id": h["id"], "theme": h["theme"], "subtheme": h["subtheme"],
                        "kind": h["kind"], "text": h["text"], "evidence": h["evidence"],
                        "session": (f"dag {s['day']} {s['start']} {s['title']}" if s else None),
                        "author": members.get(h["author"]), "pinned": h["pinned"],
                        "created": h["created"]})
    if args.json:
        print_json(out)
    else:
        if not out:
            print("Niets gevonden.")
        for h in out:
            print(f"[{h['theme']} / {h['kind']}] {h['text']}")
    return 0


def cmd_check(args) -> int:
    import os
    from visitor_app.services import check_file
    problems = check_file(args.file, passphrase=passphrase_of(args.file))
    readonly = not os.access(args.file, os.W_OK)  # checked all the same (store: in a copy)
    if args.json:
        print_json({"ok": not problems, "problems": problems, "readonly": readonly})
    elif problems:
        print(f"{args.file}: {len(problems)} probleem/problemen gevonden:", file=sys.stderr)
        for p in problems:
            print(f"- {p}", file=sys.stderr)
    else:
        print(f"{args.file}: in orde" + (" (alleen-lezen: bekijken en controleren kan, wijzigen "
                                         "niet)" if readonly else ""))
    return 3 if problems else 0


def cmd_export_report(args) -> int:
    from visitor_app.reports.docx_report import export_report
    with open_visitation(args.file) as visit:
        warn_plain_export(visit)
        result = export_report(visit, args.out, commission=not args.zonder_commissie, trace=args.trace)
    if args.json:
        print_json(result)
    else:
        print(f"Conceptrapport geschreven: {args.out} ({result['findings']} bevindingen)")
        print_report_warnings(result["warnings"])
    return 0


def print_report_warnings(warnings: list[dict], limit: int = 30) -> None:
    """On stderr: personal data found in the report outside its title page."""
    if not warnings:
        return
    print(f"Let op: het rapport noemt buiten de titelpagina mogelijk personen of persoonsgegevens "
          f"({len(warnings)} keer). Gesprekspartners worden in het rapport nooit genoemd; "
          "commissieleden alleen op de titelpagina. Pas de teksten aan:", file=sys.stderr)
    for w in warnings[:limit]:
        print(f"- {w['where']}: {w['text']!r} ({w['reason']})", file=sys.stderr)
    if len(warnings) > limit:
        print(f"  … en nog {len(warnings) - limit}", file=sys.stderr)


def cmd_export_guide(args) -> int:
    from visitor_app.reports.pdf_guide import export_guide, export_observations_overview
    with open_visitation(args.file) as visit:
        warn_plain_export(visit)
        if args.waarnemingen:
            result = export_observations_overview(visit, args.out)
        else:
            session = visit.programme.resolve(args.session) if args.session else None
            member = visit.members.id_of(args.eigen_notities) if args.eigen_notities else None
            result = export_guide(visit, args.out, session_id=session, sessions=args.gesprek,
                                  focus_only=args.alleen_focus, own_notes=member)
    if args.json:
        print_json(result)
    else:
        print(f"PDF geschreven: {args.out} ({result['pages']} pagina's)")
    return 0


def _print_summary(info: dict, framework) -> None:
    print(f"Dienst:        {info['dienst']}")
    if info.get("handed_out"):
        copy = info["handed_out"]
        whose = copy["member"] or f"een commissielid dat er niet meer in staat ({copy['member_id']})"
        where = f" (uitgegeven uit {copy['from']}" if copy.get("from") else " ("
        when = f" op {copy['at'][:16].replace('T', ' ')})" if copy.get("at") else ")"
        print(f"Kopie van:     {whose}{where}{when}".replace(" ()", ""))
    print(f"Bezoek:        {info['start']} t/m {info['end']}  (status: {info['status']})")
    fw = info["framework"]
    print(f"Kader:         {fw['name']} {fw['version']} ({fw['status']})")
    members = ", ".join(f"{m['name']} ({m['role']})" for m in info["members"]) or "-"
    print(f"Commissie:     {members}")
    print(f"Programma:     {info['sessions']} onderdelen")
    print(f"Waarnemingen:  {info['observations']['total']}")
    for theme in info["themes"]:
        counts = info["observations"]["by_theme"][theme["id"]]
        detail = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        print(f"  {theme['name']}: {sum(counts.values())}" + (f" ({detail})" if detail else ""))
    print(f"Bevindingen:   {info['findings']['total']}")
    case_files, interviews = (framework.record_names(table)["plural"]
                              for table in ("case_files", "partner_interviews"))
    print(f"{case_files + ':':<15}{info['case_files']}   {interviews}: {info['partner_interviews']}")
    if info.get("documents"):
        print(f"Documenten:    {info['documents']}")
    if info["assessments"]:
        print("Oordelen:      " + ", ".join(f"{k}={v}" for k, v in info["assessments"].items()))
    if info["vorige"]["total"]:
        names = {s["id"]: s["name"] for s in framework.follow_up_statuses()}
        print(f"Vorige visitatie: {info['vorige']['total']} punt(en): " + ", ".join(
            f"{names.get(k, k)} {v}" for k, v in info["vorige"]["statuses"].items()))
    if info["open_conflicts"]:
        print(f"Conflicten:    {info['open_conflicts']} na samenvoegen; kies in het venster (Team) "
              "welke versie geldt")


# -- parser ------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visitor-app",
        description="Visitatie-app voor visitatiecommissies van omgevingsdiensten (ODNL). "
                    "Zonder opdracht opent het venster; 'visitor-app BESTAND' opent het venster "
                    "op dat bestand.")
    parser.add_argument("--version", action="version", version=f"visitor-app {__version__}",
                        help="toon het versienummer")
    parser.add_argument("--demo", action="store_true",
                        help="open het venster op de demovisitatie (wordt bij eerste gebruik "
                             "aangemaakt in je gegevensmap)")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")

    def command(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        p.add_argument("--json", action="store_true", help="uitvoer als JSON (zie docs/cli.md)")
        return p

    p = command("new", cmd_new, "maak een nieuwe visitatie met het standaardprogramma")
    p.add_argument("file", metavar="BESTAND", help="nieuw .visitatie-bestand")
    p.add_argument("--dienst", required=True, help="naam van de omgevingsdienst")
    p.add_argument("--start", required=True, help="eerste bezoekdag (JJJJ-MM-DD)")
    p.add_argument("--end", required=True, help="laatste bezoekdag (JJJJ-MM-DD)")
    p.add_argument("--member", action="append", type=_member_arg, metavar="NAAM=ROL",
                   help="commissielid met rol voorzitter, lid of secretaris (herhaalbaar)")
    p.add_argument("--onversleuteld", action="store_true",
                   help="maak het bestand zonder versleuteling (standaard: versleuteld met een "
                        "wachtwoord uit VISITATIE_WACHTWOORD of dat je twee keer intypt)")

    p = command("demo", cmd_demo, "maak een fictieve, gevulde demovisitatie")
    p.add_argument("file", metavar="BESTAND")

    p = command("import-notes", cmd_import_notes,
                "importeer waarnemingen uit CSV (kolommen thema,soort,tekst [,subthema,gesprek,auteur,bron,vastgepind])")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("csv", metavar="NOTITIES.csv")
    p.add_argument("--member", metavar="NAAM", help="auteur voor regels zonder kolom auteur")

    p = command("import-findings", cmd_import_findings,
                "importeer bevindingen uit CSV (kolommen thema,soort,tekst [,subthema])")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("csv", metavar="BEVINDINGEN.csv")

    p = command("add-note", cmd_add_note, "leg één waarneming vast")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--thema", required=True)
    p.add_argument("--soort", required=True)
    p.add_argument("--tekst", required=True)
    p.add_argument("--subthema")
    p.add_argument("--gesprek", help="gesprek als \"DAG UU:MM\", gesprekstype of titel")
    p.add_argument("--bron", help="verwijzing naar bewijs (document, pagina)")
    p.add_argument("--member", metavar="NAAM", help="auteur (commissielid)")
    p.add_argument("--document", metavar="TITEL",
                   help="een leesnotitie: het document uit het register (titel of id); de bron "
                        "wordt dan \"TITEL, p. PAGINA\"")
    p.add_argument("--pagina", type=int, help="de pagina in dat document")

    p = command("assess", cmd_assess,
                "leg een oordeel vast (onderdelen en waarden: zie forms/assessments.yaml)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("item", metavar="ONDERDEEL")
    p.add_argument("value", metavar="WAARDE")
    p.add_argument("--toelichting")

    p = command("info", cmd_info, "toon een overzicht van de visitatie")
    p.add_argument("file", metavar="BESTAND")

    p = command("search", cmd_search, "zoek in de waarnemingen (volledige tekst)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("query", metavar="ZOEKTEKST")
    p.add_argument("--limit", type=int, default=200)

    p = command("check", cmd_check, "controleer een bestand op schade en samenhang")
    p.add_argument("file", metavar="BESTAND")

    p = command("export-report", cmd_export_report, "schrijf het conceptrapport (DOCX)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--out", required=True, metavar="RAPPORT.docx")
    p.add_argument("--trace", action="store_true",
                   help="voeg een bijlage toe met per bevinding de waarnemingen en gesprekken")
    p.add_argument("--zonder-commissie", action="store_true",
                   help="noem de commissieleden niet op de titelpagina")

    p = command("export-guide", cmd_export_guide,
                "schrijf de gespreksleidraad (PDF) voor wie op papier werkt")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--out", required=True, metavar="LEIDRAAD.pdf")
    p.add_argument("--session", metavar="GESPREK",
                   help="alleen dit gesprek (id, \"DAG UU:MM\", titel of gesprekstype)")
    p.add_argument("--gesprek", action="append", metavar="GESPREK",
                   help="neem dit gesprek op (herhaal voor meer); zonder: alle gesprekken")
    p.add_argument("--alleen-focus", action="store_true",
                   help="per gesprek alleen de vragen bij de focusthema's")
    p.add_argument("--eigen-notities", metavar="NAAM",
                   help="druk per gesprek de eigen waarnemingen van dit commissielid af")
    p.add_argument("--waarnemingen", action="store_true",
                   help="in plaats daarvan: overzicht van de waarnemingen per thema")

    from visitor_app.cli import backups, central, documents, encryption, preparation, previous, team
    team.add_commands(command)  # hand-out, merge, export-json
    documents.add_commands(command)  # add-document, documents
    central.add_commands(command)  # export-central, central import/matrix/export
    backups.add_commands(command)  # backups, herstel, kopie, verwijder
    encryption.add_commands(command)  # versleutel, wachtwoord
    previous.add_commands(command)  # import-vorige, opvolging
    preparation.add_commands(command)  # add-question, questions, zelfevaluatie-samenvatting
    # the commands that lock FILE, as the window does
    for name in ("hand-out", "merge", "herstel", "versleutel", "wachtwoord"):
        sub.choices[name].add_argument(
            "--overneem-slot", action="store_true",
            help="neem een achtergebleven slot van BESTAND over (het programma dat het had, draait "
                 "niet meer); het slot van een programma dat nog draait, wordt nooit overgenomen")
    return parser


def main(argv: list[str] | None = None, forget_recent=None) -> int:
    """``forget_recent(path, visitation_id)``: how a deleted visitation leaves the window's
    recent files (the launcher passes it; the CLI itself knows nothing of the window)."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    args.forget_recent = forget_recent
    try:
        if not getattr(args, "command", None):
            parser.print_help()
            return 0
        return args.func(args)
    except VisitorError as exc:
        print(f"fout: {exc.message}", file=sys.stderr)
        if hasattr(args, "overneem_slot") and _stale(exc):
            print("Heeft niemand het bestand nog open, herhaal de opdracht dan met --overneem-slot.",
                  file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # last resort, still in Dutch
        from visitor_app.errors import storage_error
        mapped = storage_error(exc)  # disk full, I/O error, read-only: never an English exit 70
        if mapped is not None:
            print(f"fout: {mapped.message}", file=sys.stderr)
            return mapped.exit_code
        print(f"onverwachte fout: {type(exc).__name__}: {exc}", file=sys.stderr)  # pragma: no cover
        return 70  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
