"""Command line for the central rode-draden process: export a package, import packages into
the central database, show the counts, write the overview and the draft report."""

from __future__ import annotations

import sys

from visitor_app.cli import open_visitation, print_json, warn_plain_export
from visitor_app.errors import InputError
from visitor_app.services.privacy import count_text
from visitor_app.store.central_db import DEFAULT_CYCLE


def _wants_json(args) -> bool:
    return bool(getattr(args, "json", False) or getattr(args, "json_sub", False))


def cmd_export_central(args) -> int:
    if args.preview:
        return _preview_central(args)
    if not args.out:
        raise InputError("geef --out NAAM.rodedraden (of --preview om eerst te zien wat er vervangen wordt)")
    from visitor_app.rode_draden.package import export_central
    with open_visitation(args.file) as visit:
        warn_plain_export(visit)
        result = export_central(visit, args.out)
    if _wants_json(args):
        print_json({k: result[k] for k in ("out", "findings", "assessments", "redactions", "by_kind")})
        return 0
    print(f"Rode-dradenpakket geschreven: {result['out']}")
    print(f"  {result['findings']} bevinding(en), {result['assessments']} oordeel/oordelen; "
          "zonder waarnemingen, commissieleden en gesprekspartners.")
    if result["redactions"]:
        print("Let op: vervangen: " + count_text(result["by_kind"]) + ". Bekijk wat er vervangen "
              "is met --preview (of in het venster: Rapport > Rode-dradenpakket) voordat je het verstuurt.")
    return 0


def _preview_central(args) -> int:
    """`export-central FILE --preview [--json]`: every text that would leave, with each
    replacement and its reason; writes nothing."""
    with open_visitation(args.file) as visit:
        preview = visit.privacy.preview()
    if _wants_json(args):
        print_json(preview)
        return 0
    import textwrap
    items = preview["items"]
    print(f"Voorbeeld van het rode-dradenpakket: {len(items)} tekst(en) die meegaan; er is niets geschreven.")
    if preview["no_findings"]:
        print("Let op: deze visitatie heeft nog geen bevindingen; export-central weigert dan het pakket.")
    for number, item in enumerate(items, 1):
        print()
        print(f"{number}. {item['label']}")
        print(textwrap.fill(item["redacted"], width=88, initial_indent="   ", subsequent_indent="   "))
        grouped: dict[tuple, int] = {}
        for r in item["replacements"]:
            key = (r["text"], r["reason"], r["kept"], r["mark"])
            grouped[key] = grouped.get(key, 0) + 1
        for (text, reason, kept, mark), n in grouped.items():
            times = f" ({n} keer)" if n > 1 else ""
            state = "blijft staan (jouw keuze)" if kept else f"wordt {mark}"
            print(f"   - \u201c{text}\u201d{times}: {reason}, {state}")
    print()
    if preview["counts"]:
        print("Vervangen: " + count_text(preview["counts"]) + ".")
    else:
        print("Er wordt niets vervangen.")
    if preview["kept"]:
        print(f"{preview['kept']} keer blijft een gevonden tekst staan door een keuze in het bestand "
              "(in het venster: Rapport > Rode-dradenpakket).")
    return 0


def cmd_central(args) -> int:  # only reached without a sub-command; argparse requires one
    raise InputError("geef een opdracht: central import, central matrix of central export")


def cmd_central_import(args) -> int:
    from visitor_app.rode_draden.database import CentralDb
    with CentralDb.open(args.db, create=True) as db:
        created = db.created
        results = db.import_packages(args.packages, args.cyclus)
    refused = [r for r in results if r["status"] == "geweigerd"]
    if _wants_json(args):
        print_json({"packages": results})
    else:
        if created:
            print(f"Nieuwe centrale database aangemaakt: {args.db}")
        for r in results:
            line = f"{r['file']}: {r['message']}" + (f" [cyclus {r['cyclus']}]" if r["cyclus"] else "")
            print(line, file=sys.stderr if r["status"] == "geweigerd" else sys.stdout)
        done = len(results) - len(refused)
        print(f"{done} van {len(results)} pakket(ten) verwerkt"
              + (f", {len(refused)} geweigerd." if refused else "."))
    return 1 if refused else 0


def cmd_central_matrix(args) -> int:
    from visitor_app.rode_draden.database import CentralDb
    from visitor_app.rode_draden.counts import diensten, given_assessments
    with CentralDb.open(args.db) as db:
        note = db.cycle_note(args.cyclus)
        matrix = db.matrix(args.cyclus)
        kinds = db.kinds()
        items = db.assessment_items()
        follow_up = db.follow_up(args.cyclus)
    if note:
        print(note, file=sys.stderr)
    if _wants_json(args):
        print_json(matrix)
        return 0
    n = matrix["visitations"]
    print(f"Centrale database {args.db}, cyclus {matrix['cycle']!r}: {diensten(n)}")
    if not n:
        print("Nog geen pakketten ingelezen.")
        return 0
    width = max([len(k["plural"]) for k in kinds] + [10])
    for theme in matrix["themes"]:
        print(f"\n{theme['name']}")
        for kind in kinds:
            c = theme["kinds"][kind["id"]]
            if c["findings"]:
                print(f"  {kind['plural']:<{width}}  bij {c['visitations']} van {diensten(n)} "
                      f"({c['findings']} in totaal)")
            else:
                print(f"  {kind['plural']:<{width}}  -")
    names = {i["id"]: i for i in items}
    given = given_assessments(matrix)
    if given:
        print("\nOordelen")
        for item_id, counts in given.items():
            item = names.get(item_id, {"name": item_id, "values": []})
            value_names = {v["id"]: v["name"] for v in item["values"]}
            parts = ", ".join(f"{value_names.get(v, v)} {c}" for v, c in counts.items())
            print(f"  {item['name']}: {parts}")
    if follow_up["visitations"]:
        print(f"\nOpvolging van de vorige visitatie (bij {follow_up['visitations']} van "
              f"{diensten(n)})")
        total = sum(s["count"] for s in follow_up["statuses"])
        print("  " + ", ".join(f"{s['name']} {s['count']}" for s in follow_up["statuses"])
              + f" (van {total} punten)")
    return 0


def cmd_central_export(args) -> int:
    from visitor_app.rode_draden.database import CentralDb
    from visitor_app.rode_draden.central_report import write_central_report
    from visitor_app.rode_draden.exports import write_overview_xlsx, write_rode_draden_docx
    if not args.xlsx and not args.docx and not args.lijst:
        raise InputError("geef --xlsx OVERZICHT.xlsx, --docx RAPPORT.docx en/of --lijst LIJST.docx op")
    out = {}
    with CentralDb.open(args.db) as db:
        note = db.cycle_note(args.cyclus)
        db.cycle(args.cyclus)  # an unknown name is refused before anything is written
        if args.xlsx:
            out["xlsx"] = write_overview_xlsx(db, args.xlsx, args.cyclus)
        if args.docx:
            out["docx"] = write_central_report(db, args.docx, args.cyclus, review=args.review,
                                               raw=args.alle_bevindingen)
        if args.lijst:
            out["lijst"] = write_rode_draden_docx(db, args.lijst, args.cyclus)
    if note:
        print(note, file=sys.stderr)
    if _wants_json(args):
        print_json(out)
        return 0
    if "xlsx" in out:
        r = out["xlsx"]
        print(f"Overzicht geschreven: {r['file']} ({r['diensten']} dienst(en), {r['findings']} "
              f"bevindingen, {len(r['sheets'])} tabbladen)")
    if "docx" in out:
        r = out["docx"]
        what = "Reviewversie" if args.review else "Concept"
        print(f"{what} Rode draden rapportage geschreven: {r['file']} ({r['themes']} thema's, "
              f"{r['draden']} rode draden, {r['visits']} visitaties"
              + (f", {r['comments']} commentaar/commentaren" if args.review else "") + ")")
    if "lijst" in out:
        r = out["lijst"]
        print(f"Lijst van de bevindingen geschreven: {r['file']} ({r['diensten']} dienst(en), "
              f"{r['findings']} bevindingen)")
    return 0


def add_commands(command) -> None:
    p = command("export-central", cmd_export_central,
                "maak het rode-dradenpakket van een visitatie (bevindingen en oordelen, zonder "
                "namen en citaten) voor de centrale analyse")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--out", metavar="NAAM.rodedraden")
    p.add_argument("--preview", action="store_true",
                   help="toon elke tekst die meegaat met wat er vervangen wordt en waarom; schrijft niets")

    p = command("central", cmd_central,
                "centrale rode draden: pakketten inlezen, tellingen tonen, overzicht en "
                "conceptrapport schrijven")
    sub = p.add_subparsers(dest="central_command", metavar="OPDRACHT", required=True)

    def nested(name, func, help_text):
        q = sub.add_parser(name, help=help_text, description=help_text)
        q.set_defaults(func=func)
        q.add_argument("--json", dest="json_sub", action="store_true",
                       help="uitvoer als JSON (zie docs/central.md)")
        q.add_argument("db", metavar="CENTRAAL.db", help="de centrale database")
        return q

    q = nested("import", cmd_central_import,
               "lees rode-dradenpakketten in (maakt de centrale database als die nog niet bestaat)")
    q.add_argument("packages", nargs="+", metavar="PAKKET", help="NAAM.rodedraden (een of meer)")
    q.add_argument("--cyclus", metavar="NAAM",
                   help="de cyclus van deze pakketten (gemaakt als die nieuw is); zonder: de "
                        "cyclus waarvan de periode de bezoekdatum bevat, anders "
                        f"'{DEFAULT_CYCLE}'")
    q = nested("matrix", cmd_central_matrix,
               "tel per thema en soort bij hoeveel diensten bevindingen voorkomen (per cyclus)")
    q.add_argument("--cyclus", metavar="NAAM", help="de cyclus (standaard: de nieuwste)")
    q = nested("export", cmd_central_export,
               "schrijf het overzicht (XLSX), de Rode draden rapportage (DOCX) en/of de lijst van "
               "alle bevindingen (DOCX)")
    q.add_argument("--xlsx", metavar="OVERZICHT.xlsx")
    q.add_argument("--docx", metavar="RAPPORT.docx",
                   help="de Rode draden rapportage: per thema de rode draden met hun zin en conclusie, "
                        "bijlagen met de visitaties, de werkwijze en basis op orde per dienst")
    q.add_argument("--review", action="store_true",
                   help="de reviewversie: het commentaar van de klankbordgroep als Word-opmerkingen")
    q.add_argument("--alle-bevindingen", action="store_true",
                   help="met een bijlage van elke bevinding (per thema en dienst)")
    q.add_argument("--lijst", metavar="LIJST.docx",
                   help="de lijst van alle bevindingen per thema en soort, met de tellingen")
    q.add_argument("--cyclus", metavar="NAAM", help="de cyclus (standaard: de nieuwste)")
    from visitor_app.cli.central_work import add_commands as analyst_commands
    analyst_commands(sub, nested)
