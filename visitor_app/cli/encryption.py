"""Command line for encryption at rest: encrypt a plain visitation, change a passphrase."""

from __future__ import annotations

import sys

from visitor_app.cli import passphrase, print_json


def _plain_backups(args, found: list[str]) -> list[str]:
    """Offer to remove the plain backups left beside a file that is now encrypted; returns
    the ones removed (only with --verwijder-oude-backups or a "j" on the terminal)."""
    from visitor_app.services import encryption
    if not found:
        return []
    if not args.json or not args.verwijder_oude_backups:
        print(f"Deze {len(found)} reservekopie(ën) zijn niet versleuteld en bevatten dus nog leesbare "
              "aantekeningen:", file=sys.stderr)
        for copy in found:
            print(f"- {copy}", file=sys.stderr)
    if args.verwijder_oude_backups or (not args.json and passphrase.confirm("Verwijderen?")):
        encryption.remove_backups(found)
        print(f"{len(found)} onversleutelde reservekopie(ën) verwijderd.", file=sys.stderr)
        return found
    print("Ze zijn bewaard. Verwijderen kan later met: visitor-app versleutel BESTAND "
          "--verwijder-oude-backups", file=sys.stderr)
    return []


def cmd_encrypt(args) -> int:
    from visitor_app.services import encryption
    take_over = getattr(args, "overneem_slot", False)
    if encryption.is_encrypted(args.file):  # done before: only the plain backups may be left
        found = [str(p) for p in encryption.plain_backups(args.file)]
        if not found:
            from visitor_app.errors import InputError
            raise InputError(f"{args.file}: dit bestand is al versleuteld; een nieuw wachtwoord kies je "
                             "met 'wachtwoord'. Er is niets veranderd.")
        result = {"file": args.file, "backup": None, "plain_backups": found}
    else:
        from pathlib import Path
        if not Path(args.file).is_file():
            from visitor_app.errors import InputError
            raise InputError(f"{args.file}: bestand bestaat niet")
        secret = passphrase.new(args.file, passphrase.ENV_NEW, passphrase.ENV, what="een wachtwoord")
        result = encryption.encrypt_file(args.file, secret, take_over=take_over)
        if not args.json:
            print(f"Reservekopie vooraf (onversleuteld): {result['backup']}")
            print(f"Versleuteld: {args.file}")
    result["removed"] = _plain_backups(args, result["plain_backups"])
    if args.json:
        print_json(result)
    return 0


def cmd_passphrase(args) -> int:
    from visitor_app.errors import InputError
    from visitor_app.services import encryption
    if not encryption.is_encrypted(args.file):
        raise InputError(f"{args.file}: dit bestand is niet versleuteld; versleutel het met "
                         "'versleutel'. Er is niets veranderd.")
    old = passphrase.existing(args.file)
    new = passphrase.new(args.file, passphrase.ENV_NEW)
    result = encryption.change_passphrase(args.file, old, new, take_over=getattr(args, "overneem_slot", False))
    if args.json:
        print_json(result)
    else:
        print(f"Reservekopie vooraf (met het oude wachtwoord): {result['backup']}")
        print(f"Nieuw wachtwoord ingesteld voor {args.file}; het oude werkt niet meer voor dit bestand.")
    return 0


def add_commands(command) -> None:
    p = command("versleutel", cmd_encrypt,
                "versleutel een onversleutelde visitatie met een wachtwoord (eerst een reservekopie)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--verwijder-oude-backups", action="store_true",
                   help="verwijder daarna de onversleutelde reservekopieën zonder te vragen")

    p = command("wachtwoord", cmd_passphrase,
                "geef een versleutelde visitatie een nieuw wachtwoord (eerst een reservekopie)")
    p.add_argument("file", metavar="BESTAND")
