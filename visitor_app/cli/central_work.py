"""Command line for the analyst's work in the central database: cycles, findings by their
stable id, moving findings and merging themes, rode draden, assessments per dienst, review
comments and the report's texts. Every command goes through CentralDb (rode_draden/); the
JSON shapes are documented in docs/cli.md."""

from __future__ import annotations

import sys

from visitor_app.cli import print_json
from visitor_app.errors import InputError


def _wants_json(args) -> bool:
    return bool(getattr(args, "json", False) or getattr(args, "json_sub", False))


def _open(args):
    from visitor_app.rode_draden.database import CentralDb
    return CentralDb.open(args.db)


def _note(db, args) -> None:
    """Say which cycle a count is of when there are several and none was named."""
    note = db.cycle_note(getattr(args, "cyclus", None))
    if note:
        print(note, file=sys.stderr)


# -- JSON shapes (Dutch keys) -------------------------------------------------------------------
def cycle_json(c: dict) -> dict:
    return {"naam": c["name"], "van": c["start"], "tot": c["end"], "diensten": c["diensten"],
            "visitaties": c["visitations"], "bevindingen": c["findings"], "standaard": c["default"]}


def finding_json(f: dict, cycle: str | None) -> dict:
    return {"id": f["id"], "dienst": f["dienst"], "visitatie": f["visitation_id"], "cyclus": cycle,
            "thema": f["theme"], "subthema": f["subtheme"], "soort": f["kind"], "tekst": f["text"],
            "oorspronkelijk_thema": f["original_theme"],
            "oorspronkelijk_subthema": f["original_subtheme"], "verplaatst": f["moved"],
            "draden": f["threads"]}


ZIN_HELP = ("wat er bij die diensten geldt, als vervolg op 'Bij een kleine meerderheid van de "
            "diensten (15 van 28) ...', bijvoorbeeld 'is een structureel innovatiebudget beschikbaar'")


def thread_json(t: dict) -> dict:
    return {"id": t["id"], "cyclus": t["cycle"], "thema": t["theme"], "naam": t["name"],
            "conclusie": t["conclusion"], "bevindingen": t["findings"], "diensten": t["diensten"],
            "van": t["van"], "formulering": t["formulering"], "uitspraak": t["statement"],
            "zin": t["zin"]}


def _item_json(entry: dict) -> dict:
    return {"onderdeel": entry["item"], "naam": entry["name"], "waarde": entry["value"],
            "waardenaam": entry["value_name"], "toelichting": entry["toelichting"]}


def dienst_assessments_json(d: dict) -> dict:
    return {"dienst": d["dienst"], "visitatie": d["visitation_id"],
            "oordelen": [_item_json(s) for s in d["single"]],
            "basis_op_orde": [_item_json(b) for b in d["basis"]], "op_orde": d["op_orde"]}


def comment_json(c: dict) -> dict:
    return {"id": c["id"], "ronde": c["round"], "draad": c["thread"], "thema": c["theme"],
            "tekst": c["text"], "afhandeling": c["handling"], "status": c["status"],
            "gemaakt": c["created"]}


# -- commands -----------------------------------------------------------------------------------
def cmd_cycli(args) -> int:
    with _open(args) as db:
        cycles = db.cycles()
    if _wants_json(args):
        print_json([cycle_json(c) for c in cycles])
        return 0
    if not cycles:
        print("Nog geen cycli: lees eerst pakketten in met 'central import'.")
    for c in cycles:
        period = f" ({c['start']} tot en met {c['end']})" if c["start"] else ""
        mark = "  [standaard]" if c["default"] else ""
        print(f"{c['name']}{period}: {c['diensten']} dienst(en), {c['visitations']} visitatie(s), "
              f"{c['findings']} bevinding(en){mark}")
    return 0


def cmd_cyclus(args) -> int:
    with _open(args) as db:
        if args.naar:
            if args.van or args.tot or args.nieuwe_naam:
                raise InputError("--naar verplaatst een visitatie; geef --van/--tot/--nieuwe-naam "
                                 "apart (central cyclus DB NAAM --van ... --tot ...)")
            moved = db.move_to_cycle(args.naam, args.naar)
            out = {"visitatie": moved["visitation_id"], "dienst": moved["dienst"],
                   "van_cyclus": moved["from"], "naar_cyclus": moved["to"]}
            text = f"{moved['dienst']}: van cyclus {moved['from']!r} naar {moved['to']!r}"
        else:
            c = db.save_cycle(args.naam, args.van, args.tot, args.nieuwe_naam)
            out = cycle_json(c)
            period = f" ({c['start']} tot en met {c['end']})" if c["start"] else " (zonder periode)"
            text = f"Cyclus {c['name']!r}{period} opgeslagen."
    if _wants_json(args):
        print_json(out)
    else:
        print(text)
    return 0


def cmd_bevindingen(args) -> int:
    with _open(args) as db:
        _note(db, args)
        cycle = (db.cycle(args.cyclus) or {}).get("name")
        theme = db.theme_id(args.thema) if args.thema else None
        found = db.findings(theme=theme, cycle=args.cyclus)
    if _wants_json(args):
        print_json([finding_json(f, cycle) for f in found])
        return 0
    for f in found:
        moved = f" (was {f['original_theme']})" if f["moved"] else ""
        print(f"{f['id']}  {f['dienst']}  {f['theme']}{moved}/{f['subtheme'] or '-'}  {f['kind']}: "
              f"{f['text']}")
    print(f"{len(found)} bevinding(en) in cyclus {cycle!r}.")
    return 0


def cmd_verplaats(args) -> int:
    with _open(args) as db:
        result = db.move_finding(args.bevinding, args.thema, args.subthema)
    if _wants_json(args):
        print_json({"id": result["id"], "thema": result["theme"], "subthema": result["subtheme"],
                    "uit_draden": result["left_threads"]})
        return 0
    print(f"Bevinding {result['id']} staat nu bij thema {result['theme']!r}"
          + (f", subthema {result['subtheme']!r}" if result["subtheme"] else "") + ".")
    if result["left_threads"]:
        print("Uit rode draad/draden " + ", ".join(map(str, result["left_threads"]))
              + " gehaald (die horen bij het oude thema).")
    return 0


def cmd_thema(args) -> int:
    if not (args.samenvoegen_met or args.losmaken or args.letter is not None or args.geen_letter):
        raise InputError("geef --samenvoegen-met THEMA, --losmaken, --letter A of --geen-letter")
    if args.samenvoegen_met and args.losmaken:
        raise InputError("geef --samenvoegen-met of --losmaken, niet allebei")
    with _open(args) as db:
        theme = db.theme_id(args.thema)
        # checked before anything is written: a bad letter changes nothing, a merge neither
        if args.letter is not None or args.geen_letter:
            letter = None if args.geen_letter else args.letter
            if args.samenvoegen_met or args.losmaken:
                raise InputError("zet de letter en het samenvoegen in twee opdrachten")
            db.set_letter(theme, letter)
        else:
            db.merge_theme(theme, None if args.losmaken else args.samenvoegen_met)
        t = next(x for x in db.themes() if x["id"] == theme)
        names = {x["id"]: x["name"] for x in db.themes()}
    out = {"thema": t["id"], "naam": t["name"], "letter": t["letter"], "samengevoegd_met": t["merged_into"]}
    if _wants_json(args):
        print_json(out)
    else:
        print(f"Thema {t['name']!r}: letter {t['letter'] or '-'}"
              + (f", telt mee bij {names.get(t['merged_into'], t['merged_into'])!r}" if t["merged_into"]
                 else ", telt apart") + ".")
    return 0


def _print_thread(args, t: dict) -> int:
    if _wants_json(args):
        print_json(thread_json(t))
    else:
        print(f"Rode draad {t['id']} ({t['theme']}): {t['name']} — {t['diensten']} van {t['van']} "
              f"diensten, {len(t['findings'])} bevinding(en)")
    return 0


def cmd_draad(args) -> int:
    with _open(args) as db:
        verb = args.draad_command
        if verb == "nieuw":
            new_id = db.new_thread(args.thema, args.naam, args.bevinding, args.conclusie, args.cyclus,
                                   statement=args.zin)
            if _wants_json(args):
                print_json(thread_json(db.thread(new_id)))
            else:
                print(new_id)
            return 0
        if verb == "splitsen":
            new_id = db.split_thread(args.draad, args.bevinding, args.naam, args.conclusie)
            if _wants_json(args):
                print_json(thread_json(db.thread(new_id)))
            else:
                print(new_id)
            return 0
        if verb == "opheffen":
            db.delete_thread(args.draad)
            if _wants_json(args):
                print_json({"id": int(args.draad), "opgeheven": True})
            else:
                print(f"Rode draad {args.draad} opgeheven; de bevindingen blijven.")
            return 0
        if verb == "toevoegen":
            t = db.add_to_thread(args.draad, args.bevinding)
        elif verb == "verwijderen":
            t = db.remove_from_thread(args.draad, args.bevinding)
        elif verb == "wijzigen":
            if args.naam is None and args.conclusie is None and args.zin is None:
                raise InputError("geef --naam, --zin en/of --conclusie")
            t = db.edit_thread(args.draad, args.naam, args.conclusie, statement=args.zin)
        else:  # samenvoegen
            t = db.merge_threads(args.draad, args.met)
    return _print_thread(args, t)


def cmd_draden(args) -> int:
    with _open(args) as db:
        _note(db, args)
        threads = db.threads(args.cyclus, args.thema)
        names = {t["id"]: t["name"] for t in db.counted_themes()}
    if _wants_json(args):
        print_json([thread_json(t) for t in threads])
        return 0
    theme = None
    for t in threads:
        if t["theme"] != theme:
            theme = t["theme"]
            print(f"\n{names.get(theme, theme)}")
        print(f"  [{t['id']}] {t['name']}: {t['zin']}")
        if t["conclusion"]:
            print(f"       Conclusie: {t['conclusion']}")
    if not threads:
        print("Nog geen rode draden in deze cyclus (maak er een met 'central draad nieuw').")
    return 0


def cmd_voorstellen(args) -> int:
    """Proposed rode draden: groups of findings of different diensten that say the same
    (rode_draden/suggest.py), per theme and kind; nothing is stored."""
    from visitor_app.rode_draden.suggest import propose
    with _open(args) as db:
        _note(db, args)
        theme = db.theme_id(args.thema) if args.thema else None
        found = db.findings(theme=theme, cycle=args.cyclus)
        if args.alleen_los:
            found = [f for f in found if not f["threads"]]
        proposals = propose(found)
        texts = {f["id"]: f for f in found}
        names = {t["id"]: t["name"] for t in db.counted_themes()}
        kinds = {k["id"]: k["name"] for k in db.kinds()}
    out = [{"thema": p["theme"], "soort": p["kind"], "bevindingen": p["findings"],
            "diensten": p["diensten"], "voorbeeld": texts[p["example"]]["text"]} for p in proposals]
    if _wants_json(args):
        print_json(out)
        return 0
    if not out:
        print("Geen voorstellen: geen bevindingen van verschillende diensten die hetzelfde zeggen.")
    for p in out:
        print(f"{names.get(p['thema'], p['thema'])} · {kinds.get(p['soort'], p['soort'])} · "
              f"{p['diensten']} diensten: {p['voorbeeld']}")
        print("  bevindingen: " + " ".join(p["bevindingen"]))
    return 0


def cmd_oordelen(args) -> int:
    with _open(args) as db:
        _note(db, args)
        per = db.assessments_per_dienst(args.cyclus)
        without = db.without_basis(args.cyclus)
        table = db.basis_cross_table(args.cyclus)
    if _wants_json(args):
        print_json([dienst_assessments_json(d) for d in per])
        return 0
    state = {True: "op orde", False: "niet op orde", None: "onvolledig"}
    for d in per:
        single = ", ".join(f"{s['name']}: {s['value_name']}" for s in d["single"]) or "geen oordeel"
        print(f"{d['dienst']}: {single}; basis {state[d['op_orde']]}")
        for b in d["basis"]:
            extra = f" — {b['toelichting']}" if b["toelichting"] else ""
            print(f"    {b['name']}: {b['value_name'] or '-'}{extra}")
    print("\nZonder basis op orde: " + (", ".join(d["dienst"] for d in without) or "geen"))
    if table["rows"]:
        print(f"\n{table['name']} x basis op orde (op orde / niet op orde / onvolledig)")
        for r in table["rows"]:
            print(f"  {r['name']}: {r['op_orde']} / {r['niet_op_orde']} / {r['onvolledig']}")
    return 0


def cmd_commentaar(args) -> int:
    with _open(args) as db:
        if args.id is not None:
            if args.tekst or args.ronde or args.draad or args.thema:
                raise InputError("met een commentaar-id geef je alleen --afhandeling en/of --status")
            if args.afhandeling is None and args.status is None:
                raise InputError("geef --afhandeling TEKST en/of --status")
            c = db.handle_comment(args.id, args.afhandeling, args.status)
        else:
            if args.afhandeling is not None or args.status is not None:
                raise InputError("een nieuw commentaar heeft nog geen afhandeling; geef eerst "
                                 "--ronde, --draad of --thema en --tekst")
            c = db.comment(db.add_comment(args.ronde, args.tekst, args.draad, args.thema, args.cyclus))
    if _wants_json(args):
        print_json(comment_json(c))
    else:
        print(f"Commentaar {c['id']} (ronde {c['round']}): {c['status']}")
    return 0


def cmd_commentaren(args) -> int:
    with _open(args) as db:
        _note(db, args)
        comments = db.comments(args.cyclus, args.ronde)
        names = {t["id"]: t["name"] for t in db.themes()}
        draden = {t["id"]: t["name"] for t in db.threads(args.cyclus)}
    if _wants_json(args):
        print_json([comment_json(c) for c in comments])
        return 0
    for c in comments:
        where = (f"rode draad {c['thread']} ({draden.get(c['thread'], '?')})" if c["thread"]
                 else f"hoofdstuk {names.get(c['theme'], c['theme'])}")
        print(f"[{c['id']}] ronde {c['round']}, {where} ({c['status']}): {c['text']}")
        if c["handling"]:
            print(f"      Afhandeling: {c['handling']}")
    if not comments:
        print("Geen commentaar.")
    return 0


def cmd_tekst(args) -> int:
    with _open(args) as db:
        saved = db.set_text(args.onderdeel, args.tekst, args.thema, args.cyclus)
    if _wants_json(args):
        print_json({"onderdeel": saved["section"], "thema": saved["theme"], "tekst": saved["text"]})
    else:
        print(f"Tekst {saved['section']!r}" + (f" bij {saved['theme']!r}" if saved["theme"] else "")
              + (" opgeslagen." if saved["text"] else " verwijderd."))
    return 0


def cmd_teksten(args) -> int:
    with _open(args) as db:
        _note(db, args)
        texts = db.texts(args.cyclus)
    if _wants_json(args):
        print_json([{"onderdeel": t["section"], "thema": t["theme"], "tekst": t["text"],
                     "bijgewerkt": t["updated"]} for t in texts])
        return 0
    for t in texts:
        print(f"{t['section']}" + (f" ({t['theme']})" if t["theme"] else "") + f": {t['text']}")
    if not texts:
        print("Nog geen teksten.")
    return 0


def add_commands(sub, nested) -> None:
    """The analyst's commands under `central` (``nested`` adds --json and the database)."""
    def cyclus_option(q):
        q.add_argument("--cyclus", metavar="NAAM",
                       help="de cyclus (standaard: de nieuwste; zie 'central cycli')")

    nested("cycli", cmd_cycli, "toon de cycli met hun aantal diensten, visitaties en bevindingen")
    q = nested("cyclus", cmd_cyclus, "maak of wijzig een cyclus (naam, periode), of verplaats een "
                                      "visitatie naar een cyclus met --naar")
    q.add_argument("naam", metavar="NAAM_OF_VISITATIE",
                   help="de cyclus; met --naar: de visitatie (id, dienst of pakketbestand)")
    q.add_argument("--van", metavar="DATUM", help="begin van de periode (2022-01-01)")
    q.add_argument("--tot", metavar="DATUM", help="einde van de periode, tot en met (2024-12-31)")
    q.add_argument("--nieuwe-naam", metavar="NAAM")
    q.add_argument("--naar", metavar="CYCLUS", help="verplaats de visitatie naar deze cyclus")

    q = nested("bevindingen", cmd_bevindingen, "toon elke bevinding met haar vaste id")
    cyclus_option(q)
    q.add_argument("--thema", metavar="THEMA")

    q = nested("voorstellen", cmd_voorstellen,
               "stel rode draden voor: bevindingen van verschillende diensten die hetzelfde zeggen "
               "(per thema en soort; er wordt niets opgeslagen)")
    cyclus_option(q)
    q.add_argument("--thema", metavar="THEMA")
    q.add_argument("--alleen-los", action="store_true",
                   help="alleen bevindingen die nog in geen rode draad zitten")

    q = nested("verplaats", cmd_verplaats,
               "zet een bevinding centraal bij een ander thema/subthema (het origineel blijft bewaard)")
    q.add_argument("bevinding", metavar="BEVINDING", help="de id uit 'central bevindingen'")
    q.add_argument("--thema", required=True, metavar="THEMA")
    q.add_argument("--subthema", metavar="SUBTHEMA")

    q = nested("thema", cmd_thema, "voeg een thema samen met een ander, of geef het zijn letter")
    q.add_argument("thema", metavar="THEMA")
    q.add_argument("--samenvoegen-met", metavar="THEMA2",
                   help="tel THEMA voortaan mee bij THEMA2 (in alle cycli)")
    q.add_argument("--losmaken", action="store_true", help="maak het samenvoegen ongedaan")
    q.add_argument("--letter", metavar="LETTER", help="de officiële letter (A-F)")
    q.add_argument("--geen-letter", action="store_true")

    p = sub.add_parser("draad", help="maak en bewerk rode draden",
                       description="maak en bewerk rode draden")
    draad = p.add_subparsers(dest="draad_command", metavar="OPDRACHT", required=True)

    def verb(name, help_text, with_thread=True):
        q = draad.add_parser(name, help=help_text, description=help_text)
        q.set_defaults(func=cmd_draad)
        q.add_argument("--json", dest="json_sub", action="store_true")
        q.add_argument("db", metavar="CENTRAAL.db")
        if with_thread:
            q.add_argument("draad", metavar="DRAAD", help="de id uit 'central draden'")
        return q

    q = verb("nieuw", "een nieuwe rode draad van bevindingen; toont de id", with_thread=False)
    q.add_argument("--thema", required=True, metavar="THEMA")
    q.add_argument("--naam", required=True, metavar="NAAM")
    q.add_argument("--zin", metavar="TEKST", help=ZIN_HELP)
    q.add_argument("--conclusie", metavar="TEKST")
    q.add_argument("--bevinding", action="append", required=True, metavar="ID")
    cyclus_option(q)
    for name, text in (("toevoegen", "voeg bevindingen toe aan een rode draad"),
                       ("verwijderen", "haal bevindingen uit een rode draad")):
        q = verb(name, text)
        q.add_argument("--bevinding", action="append", required=True, metavar="ID")
    q = verb("wijzigen", "geef een rode draad een andere naam, zin en/of conclusie")
    q.add_argument("--naam", metavar="NAAM")
    q.add_argument("--zin", metavar="TEKST", help=ZIN_HELP + "; '' maakt haar leeg")
    q.add_argument("--conclusie", metavar="TEKST", help="'' maakt de conclusie leeg")
    q = verb("splitsen", "verplaats bevindingen naar een nieuwe rode draad; toont de nieuwe id")
    q.add_argument("--naam", required=True, metavar="NAAM")
    q.add_argument("--conclusie", metavar="TEKST")
    q.add_argument("--bevinding", action="append", required=True, metavar="ID")
    q = verb("samenvoegen", "voeg een andere rode draad samen met deze (de andere verdwijnt)")
    q.add_argument("--met", required=True, metavar="DRAAD2")
    verb("opheffen", "verwijder een rode draad (de bevindingen blijven)")

    q = nested("draden", cmd_draden, "toon de rode draden per thema, op aantal diensten")
    cyclus_option(q)
    q.add_argument("--thema", metavar="THEMA")
    q = nested("oordelen", cmd_oordelen,
               "toon per dienst de oordelen met een eigen schaal en de basis op orde, met toelichting")
    cyclus_option(q)

    q = nested("commentaar", cmd_commentaar,
               "leg commentaar van de klankbordgroep vast (per ronde, bij een rode draad of "
               "hoofdstuk), of de afhandeling ervan (met ID)")
    q.add_argument("id", nargs="?", metavar="ID", help="een bestaand commentaar (voor de afhandeling)")
    q.add_argument("--ronde", type=int, metavar="N")
    q.add_argument("--draad", metavar="DRAAD")
    q.add_argument("--thema", metavar="THEMA", help="het hoofdstuk")
    q.add_argument("--tekst", metavar="TEKST")
    q.add_argument("--afhandeling", metavar="TEKST")
    q.add_argument("--status", metavar="STATUS", help="open, verwerkt of niet_overgenomen")
    cyclus_option(q)
    q = nested("commentaren", cmd_commentaren, "toon het commentaar van de klankbordgroep")
    cyclus_option(q)
    q.add_argument("--ronde", type=int, metavar="N")

    q = nested("tekst", cmd_tekst, "schrijf een tekst van het rapport (voorwoord, inleiding, "
                                   "per thema inleiding of conclusie, integrale patronen)")
    q.add_argument("--onderdeel", required=True, metavar="ONDERDEEL")
    q.add_argument("--thema", metavar="THEMA")
    q.add_argument("--tekst", required=True, metavar="TEKST", help="'' verwijdert de tekst")
    cyclus_option(q)
    q = nested("teksten", cmd_teksten, "toon de teksten van het rapport")
    cyclus_option(q)
