"""The previous visitation on the command line: import-vorige and opvolging."""

from __future__ import annotations

from visitor_app.cli import open_visitation, passphrase_of, print_json


def _listing(visit) -> list[dict]:
    names = {s["id"]: s["name"] for s in visit.framework.follow_up_statuses()}
    return [{"id": r["id"], "theme": r["theme"], "kind": r["kind"], "text": r["text"],
             "status": r["status"], "status_name": names.get(r["status"], r["status"]),
             "toelichting": r["toelichting"], "source": r["source_label"],
             "observations": visit.previous.observation_ids(r["id"])}
            for r in visit.previous.list()]


def cmd_import_previous(args) -> int:
    from visitor_app.rode_draden.package import read_previous_source
    with open_visitation(args.file) as visit:
        source = read_previous_source(args.source, visit.framework,
                                      passphrase=_source_passphrase(args.source))
        result = visit.previous.import_source(source, other_dienst=args.andere_dienst).result
        listing = _listing(visit)
    if args.json:
        print_json({**result, "recommendations": listing})
        return 0
    print(f"Vorige visitatie ingelezen uit {result['label']}: {result['added']} nieuw, "
          f"{result['unchanged']} al aanwezig"
          + (f", {result['skipped']} bevinding(en) van een andere soort overgeslagen"
             if result["skipped"] else ""))
    for r in listing:
        print(f"  {r['id'][:8]}  [{r['theme']} / {r['kind']}] {r['status_name']}: {r['text']}")
    return 0


def _source_passphrase(path) -> str | None:
    from pathlib import Path
    from visitor_app.rode_draden.package import SUFFIX
    suffix = Path(path).suffix.lower()
    if suffix in (SUFFIX, ".csv", ".txt") or not Path(path).exists():
        return None
    return passphrase_of(path)


def cmd_opvolging(args) -> int:
    with open_visitation(args.file) as visit:
        rid = visit.previous.resolve_id(args.id)
        kwargs = {} if args.toelichting is None else {"toelichting": args.toelichting}
        visit.previous.set_opvolging(rid, args.status, **kwargs)
        row = next(r for r in _listing(visit) if r["id"] == rid)
    if args.json:
        print_json(row)
    else:
        print(f"Opvolging vastgelegd: {row['id'][:8]} = {row['status_name']}"
              + (f" ({row['toelichting']})" if row["toelichting"] else ""))
    return 0


def add_commands(command) -> None:
    p = command("import-vorige", cmd_import_previous,
                "lees de punten ter opvolging (forms/: follow_up) van de vorige visitatie van "
                "dezelfde dienst in (uit haar .visitatie-bestand, haar .rodedraden-pakket of een CSV "
                "thema,soort,tekst); opnieuw inlezen verandert niets")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("source", metavar="BRON", help="VORIGE.visitatie, VORIGE.rodedraden of VORIGE.csv")
    p.add_argument("--andere-dienst", action="store_true",
                   help="lees ook in als de bron een andere dienstnaam heeft (de dienst heet "
                        "inmiddels anders)")

    p = command("opvolging", cmd_opvolging,
                "leg de opvolging vast van een punt van de vorige visitatie")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("id", metavar="ID", help="id van het punt (of het begin ervan, minstens 4 tekens)")
    p.add_argument("status", metavar="STATUS",
                   help="opvolging, id of naam (zie report.previous in forms/report.yaml)")
    p.add_argument("--toelichting", help="toelichting van de commissie (leeg: weghalen)")
