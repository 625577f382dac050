"""Command line for the team: a copy per member, merging the copies, a full JSON export."""

from __future__ import annotations

from visitor_app.cli import open_visitation, passphrase, print_json, warn_plain_export


def cmd_hand_out(args) -> int:
    with open_visitation(args.file, exclusive=True,
                         take_over=getattr(args, "overneem_slot", False)) as visit:
        secret = None  # a plain file's copy is plain
        if visit.encrypted and not args.zelfde_wachtwoord:
            secret = passphrase.new(args.out, passphrase.ENV_COPY, what="een wachtwoord voor de kopie")
        result = visit.team.hand_out(args.member, args.out, passphrase=secret,
                                     new_member_role=args.nieuw_lid, replace=args.vervang,
                                     with_attachments=not args.zonder_bijlagen).result
    if args.json:
        print_json(result)
    else:
        if result["member_added"]:
            print(f"{result['member']} is als {args.nieuw_lid.strip().casefold()} aan de commissie toegevoegd.")
        if result["replaced"]:
            print(f"Het bestaande bestand is vervangen; een kopie ervan staat in {result['backup_of_replaced']}")
        print(f"Kopie voor {result['member']} geschreven: {result['out']}"
              + (" (zonder de bijlagen van het documentenregister)" if args.zonder_bijlagen else ""))
    return 0


def cmd_merge(args) -> int:
    with open_visitation(args.file, exclusive=True,
                         take_over=getattr(args, "overneem_slot", False)) as visit:
        def passphrase_for(path):  # asked only where this file's own does not open the copy
            return passphrase.existing(path) if visit.team.needs_passphrase(path) else None
        result = visit.team.merge(args.copies, passphrase_for=passphrase_for).result
    if args.json:
        print_json(result)
        return 0
    print(f"Reservekopie vooraf: {result['backup']}")
    for copy in result["copies"]:
        who = f" ({copy['member']})" if copy.get("member") else ""
        print(f"{copy['file']}{who}: {copy['added']} nieuw, {copy['updated']} bijgewerkt, "
              f"{copy['conflicts']} conflict(en)"
              + (f", {copy['attachments']} bijlage(n)" if copy.get("attachments") else ""))
    print(f"Samen: {result['added']} nieuw, {result['updated']} bijgewerkt, "
          f"{result['conflicts']} nieuw conflict(en).")
    if result["open_conflicts"]:
        print(f"{result['open_conflicts']} conflict(en) wachten op een keuze: open het bestand in het "
              "venster, onderdeel Samenvoegen.")
    return 0


def cmd_export_json(args) -> int:
    with open_visitation(args.file) as visit:
        warn_plain_export(visit)
        result = visit.audit.export_json(args.out).result
    if args.json:
        print_json(result)
    else:
        print(f"JSON geschreven: {result['out']} ({result['records']} records)")
    return 0


def add_commands(command) -> None:
    p = command("hand-out", cmd_hand_out,
                "maak een kopie van de visitatie voor één commissielid (om offline in te werken)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--member", required=True, metavar="NAAM",
                   help="een lid van de commissie (zie 'info'); een onbekende naam wordt geweigerd")
    p.add_argument("--nieuw-lid", metavar="ROL", default=None,
                   help="NAAM is een nieuw commissielid: voeg het eerst toe met deze rol "
                        "(voorzitter, lid of secretaris)")
    p.add_argument("--out", required=True, metavar="KOPIE.visitatie")
    p.add_argument("--vervang", action="store_true",
                   help="een bestaand bestand KOPIE.visitatie vervangen (een kopie ervan gaat eerst "
                        "naar zijn reservekopiemap); zonder deze optie wordt het geweigerd")
    p.add_argument("--zelfde-wachtwoord", action="store_true",
                   help="een versleutelde visitatie: geef de kopie hetzelfde wachtwoord (anders: "
                        "VISITATIE_KOPIE_WACHTWOORD of twee keer intypen)")
    p.add_argument("--zonder-bijlagen", action="store_true",
                   help="laat de bijlagen van het documentenregister weg uit de kopie (de "
                        "documenten zelf blijven; samenvoegen verwijdert de bijlagen in dit "
                        "bestand niet)")

    p = command("merge", cmd_merge,
                "voeg kopieën van commissieleden samen in dit bestand (eerst een reservekopie)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("copies", nargs="+", metavar="KOPIE")

    p = command("export-json", cmd_export_json,
                "schrijf de hele visitatie als leesbare JSON (archief, controle, vergelijken)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--out", required=True, metavar="DUMP.json")
