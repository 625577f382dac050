"""Command line for preparing the conversations: own questions per session or theme, and
the zelfevaluatie summary per theme."""

from __future__ import annotations

from visitor_app.cli import open_visitation, print_json


def _shown(q: dict) -> dict:
    return {"id": q["id"], "text": q["text"], "member": q["member"], "session_id": q["session_id"],
            "session": q["session_label"], "theme": q["theme"], "theme_name": q["theme_name"],
            "asked": q["asked_label"], "session_removed": q["session_removed"]}


def cmd_add_question(args) -> int:
    with open_visitation(args.file) as visit:
        session = visit.programme.resolve(args.sessie) if args.sessie else None
        theme = visit.framework.resolve_theme(args.thema) if args.thema else None
        # without --member: the member whose copy this is, else the whole commission
        member = visit.members.id_of(args.member) if args.member else visit.team.owner()
        new_id = visit.own_questions.add(args.tekst, session_id=session, theme=theme, member_id=member).id
        q = next(q for q in visit.own_questions.list() if q["id"] == new_id)
    if args.json:
        print_json(_shown(q))
    else:
        where = q["session_label"] or f"thema {q['theme_name']}"
        print(f"Eigen vraag opgeslagen bij {where} ({q['member'] or 'de hele commissie'}): {q['text']}")
    return 0


def cmd_questions(args) -> int:
    with open_visitation(args.file) as visit:
        member = visit.members.id_of(args.member) if args.member else ...
        out = [_shown(q) for q in visit.own_questions.list(member)]
    if args.json:
        print_json(out)
        return 0
    if not out:
        print("Nog geen eigen vragen voorbereid.")
    heading = None
    for q in out:
        where = f"Gesprek {q['session']}" if q["session"] else f"Thema {q['theme_name']}"
        if q["session"] and q["session_removed"]:
            where += " (uit het programma gehaald; de vragen schuiven door)"
        if where != heading:
            print(where)
            heading = where
        state = f"gesteld: {q['asked']}" if q["asked"] else "open"
        print(f"  - {q['text']}  [{q['member'] or 'commissie'}; {state}]")
    return 0


def cmd_self_evaluation(args) -> int:
    if args.tekst is not None and args.thema is None:
        args.parser.error("argument --tekst: geef ook --thema")  # exit 2, as other misuse
    with open_visitation(args.file) as visit:
        fw = visit.framework
        theme = fw.resolve_theme(args.thema) if args.thema is not None else None
        if args.tekst is not None:
            visit.self_evaluation.set(theme, args.tekst)
        summaries = visit.self_evaluation.all()
        rows = [{"theme": t["id"], "name": t["name"], "text": summaries.get(t["id"], "")}
                for t in fw.themes if theme in (None, t["id"])]
    if args.json:
        print_json(rows)
        return 0
    if args.tekst is not None:
        done = "opgeslagen bij" if rows[0]["text"] else "gewist bij"
        print(f"Samenvatting zelfevaluatie {done} {rows[0]['name']}.")
        return 0
    for r in rows:
        print(f"{r['name']}: {r['text'] or '(nog geen samenvatting)'}")
    return 0


def add_commands(command) -> None:
    p = command("add-question", cmd_add_question,
                "bereid een eigen vraag voor bij een gesprek of een thema; in het gesprek staat ze "
                "boven de vragen van het kader")
    p.add_argument("file", metavar="BESTAND")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--sessie", metavar="GESPREK",
                       help="het gesprek (id, \"DAG UU:MM\", titel of gesprekstype)")
    where.add_argument("--thema", help="of: het thema (id of naam); de vraag staat dan bij "
                                       "elk gesprek over dat thema")
    p.add_argument("--tekst", required=True)
    p.add_argument("--member", metavar="NAAM",
                   help="wiens vraag (commissielid); zonder: van wie de kopie is, anders een vraag "
                        "van de hele commissie")

    p = command("questions", cmd_questions, "toon de voorbereide eigen vragen per gesprek en thema")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--member", metavar="NAAM",
                   help="alleen de vragen van dit commissielid (en die van de hele commissie)")

    p = command("zelfevaluatie-samenvatting", cmd_self_evaluation,
                "toon of schrijf de samenvatting van de zelfevaluatie per thema")
    p.set_defaults(parser=p)
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--thema", help="het thema (id of naam)")
    p.add_argument("--tekst", help="de nieuwe samenvatting (leeg: wissen); zonder: toon hem")
