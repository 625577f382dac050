"""Command line for backups: list them, restore one, a consistent copy, delete for good."""

from __future__ import annotations

import sys

from visitor_app.cli import passphrase_of, print_json


def cmd_backups(args) -> int:
    from pathlib import Path

    from visitor_app.services.backups import check_visitation_file, list_backups, size_text
    secret = passphrase_of(args.file)
    from visitor_app.store.connection import as_key  # one key derivation for every backup
    key = as_key(secret)
    check_visitation_file(Path(args.file), key)  # a visitation file of ours (exit 3 or 4 otherwise)
    found = list_backups(args.file, key)
    if args.json:
        print_json(found)
        return 0
    if not found:
        print(f"{args.file}: nog geen reservekopieën")
    for i, b in enumerate(found, 1):
        held = (f"{b['observations']} waarneming(en)" if b["observations"] is not None
                else f"niet terug te zetten: {b['problem']}")
        print(f"{i:>3}  {b['time']}  {b['reason_text']:<32}  {held:<22}  {size_text(b['size'], decimal='.'):>8}  {b['name']}")
    return 0


def cmd_restore(args) -> int:
    from visitor_app.services.backups import restore_file
    result = restore_file(args.file, args.backup, take_over=getattr(args, "overneem_slot", False),
                          passphrase=passphrase_of(args.file))
    if args.json:
        print_json(result)
    else:
        print(f"Teruggezet: de versie van {result['time']} ({result['observations']} waarneming(en)).")
        print(f"De toestand van daarvoor staat in {result['saved']}")
    return 0


def cmd_copy(args) -> int:
    from visitor_app.services.backups import copy_visitation
    result = copy_visitation(args.file, args.out, new_visitation=args.nieuwe_visitatie,
                             passphrase=passphrase_of(args.file))
    if args.json:
        print_json(result)
    elif args.nieuwe_visitatie:
        print(f"Nieuwe visitatie geschreven: {result['out']} (eigen id {result['visitation_id']}); "
              "pas dienst en data aan voordat je begint.")
    else:
        print(f"Kopie geschreven: {result['out']}")
    return 0


def _describe(plan: dict) -> str:
    what = f"{plan['file']}" + (f" (visitatie van {plan['dienst']})" if plan["dienst"] else "")
    if plan["backups"]:
        what += f", en de map {plan['backup_folder']} met {plan['backups']} reservekopie(ën)"
    elif plan["backup_folder"]:
        what += f", en de map {plan['backup_folder']}"
    return what


def cmd_delete(args) -> int:
    from visitor_app.errors import InputError
    from visitor_app.services.backups import delete_for_good, removal_plan
    import os

    from visitor_app.cli.passphrase import ENV
    secret = os.environ.get(ENV) or None  # not asked: a forgotten passphrase must not block deleting
    plan = removal_plan(args.file, secret)
    if not args.definitief:
        raise InputError(f"er is niets verwijderd. 'verwijder' wist definitief: {_describe(plan)}, "
                         "met de concepten erin en de vermelding bij recente bestanden. Herhaal de "
                         "opdracht met --definitief als dat de bedoeling is.")
    confirm = args.bevestig
    if confirm is None:
        if not sys.stdin.isatty():
            raise InputError(f"er is niets verwijderd: bevestig met --bevestig {plan['confirm']!r} "
                             "(zonder terminal kan er niet gevraagd worden)")
        print(f"Dit wist definitief: {_describe(plan)}.", file=sys.stderr)
        try:
            confirm = input(f"Typ {plan['confirm']} om te bevestigen: ")
        except EOFError:
            confirm = ""
    result = delete_for_good(args.file, confirm, secret)
    forget = getattr(args, "forget_recent", None)
    if forget is not None:
        forget(args.file, result["visitation_id"])
    if args.json:
        print_json(result)
    else:
        print(f"Definitief verwijderd: {len(result['removed'])} bestand(en) en map(pen).")
    return 0


def add_commands(command) -> None:
    p = command("backups", cmd_backups,
                "toon de reservekopieën van een visitatie (tijd, reden, aantal waarnemingen)")
    p.add_argument("file", metavar="BESTAND")

    p = command("herstel", cmd_restore,
                "zet een eerdere versie terug; de huidige toestand wordt eerst een reservekopie")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("backup", metavar="RESERVEKOPIE",
                   help="nummer uit 'backups' (1 = nieuwste), bestandsnaam of pad van de reservekopie")

    p = command("kopie", cmd_copy,
                "schrijf een samenhangende kopie, ook terwijl de app in het bestand schrijft")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--out", required=True, metavar="KOPIE.visitatie")
    p.add_argument("--nieuwe-visitatie", action="store_true",
                   help="de kopie begint een nieuwe visitatie: een eigen id, zonder de gegevens van "
                        "uitgedeelde kopieën en samenvoegen")

    p = command("verwijder", cmd_delete,
                "verwijder een visitatie definitief (bewaartermijn AVG): het bestand en al zijn "
                "reservekopieën")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--definitief", action="store_true", help="ja, definitief verwijderen")
    p.add_argument("--bevestig", metavar="DIENST",
                   help="de naam van de dienst, ter bevestiging zonder vraag (voor scripts)")
