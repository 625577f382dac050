"""Command line for the documents register: register a document (with its attachment) and
list the register. Reading notes: ``add-note --document ... --pagina ...``."""

from __future__ import annotations

from visitor_app.cli import open_visitation, print_json
from visitor_app.errors import InputError


def resolve_kind(visit, text: str | None) -> str | None:
    """A document kind by id or name (case ignored); InputError naming the choices."""
    kinds = visit.documents.kinds()
    if text is None:
        return None
    wanted = text.strip().casefold()
    for k in kinds:
        if wanted in (k["id"].casefold(), k["name"].casefold()):
            return k["id"]
    raise InputError(f"onbekende documentsoort {text!r} (kies uit: "
                     f"{', '.join(k['id'] for k in kinds) or 'geen: dit kader kent geen soorten'}). "
                     "Er is niets veranderd.")


def resolve_document(visit, text: str) -> str:
    """A document of the register by id or title (case ignored); InputError otherwise."""
    docs = visit.documents.list()
    wanted = text.strip().casefold()
    found = [d for d in docs if d["id"] == text.strip()] or \
        [d for d in docs if d["title"].casefold() == wanted]
    if len(found) == 1:
        return found[0]["id"]
    if found:
        raise InputError(f"document {text!r}: {len(found)} documenten hebben die titel; geef het id "
                         "(zie 'documents BESTAND --json')")
    raise InputError(f"document {text!r} staat niet in het documentenregister (zie 'documents BESTAND')")


def _shown(doc: dict, notes: int) -> dict:
    return {"id": doc["id"], "title": doc["title"], "kind": doc["kind"], "kind_name": doc["kind_name"],
            "date": doc["date"], "notes": doc["notes"],
            "attachment": ({"name": doc["attachment_name"], "size": doc["attachment_size"],
                            "mime": doc["attachment_mime"], "sha256": doc["attachment_sha256"],
                            "in_file": doc["attachment_here"]}
                           if doc["attachment_sha256"] else None),
            "reading_notes": notes}


def cmd_add_document(args) -> int:
    with open_visitation(args.file) as visit:
        changes = visit.documents.add(args.titel, resolve_kind(visit, args.soort), args.datum,
                                      attachment=args.bijlage, notes=args.notitie)
        doc = visit.documents.get(changes.id)
    if args.json:
        print_json(_shown(doc, 0))
    else:
        extra = (f", bijlage {doc['attachment_name']} ({_size(doc['attachment_size'])})"
                 if doc["attachment_sha256"] else "")
        print(f"Document geregistreerd: {doc['title']} ({doc['kind_name'] or 'geen soort'}){extra}")
    return 0


def _size(size: int) -> str:
    from visitor_app.services.documents import megabytes
    return megabytes(size)


def cmd_documents(args) -> int:
    with open_visitation(args.file) as visit:
        out = [_shown(d, len(visit.documents.notes(d["id"]))) for d in visit.documents.list()]
    if args.json:
        print_json(out)
        return 0
    if not out:
        print("Het documentenregister is leeg.")
    for d in out:
        att = d["attachment"]
        extra = ""
        if att:
            extra = f"  bijlage: {att['name']} ({_size(att['size'])})"
            if not att["in_file"]:
                extra += " (niet in deze kopie)"
        print(f"{d['date'] or '—':<10}  {d['title']} [{d['kind_name'] or 'geen soort'}], "
              f"{d['reading_notes']} leesnotitie(s){extra}")
    return 0


def add_commands(command) -> None:
    p = command("add-document", cmd_add_document,
                "registreer een document in het documentenregister, met zo nodig het bestand "
                "als bijlage (hoogstens 25 MB)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--titel", required=True)
    p.add_argument("--soort", required=True,
                   help="documentsoort (id of naam; zie document_kinds in forms/framework.yaml)")
    p.add_argument("--datum", help="datum van het document (JJJJ-MM-DD)")
    p.add_argument("--bijlage", metavar="PAD", help="het bestand zelf; wordt in het visitatiebestand bewaard")
    p.add_argument("--notitie", help="korte aantekening bij het document")

    p = command("documents", cmd_documents, "toon het documentenregister")
    p.add_argument("file", metavar="BESTAND")
