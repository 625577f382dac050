"""`make samples`: a Rode draden rapportage of the generated, fictional cycle of 28
visitations (tests/rode_draden/cycle.py), to look at as a reader would.

Usage: python scripts/central_sample.py OUT.docx   (writes the packages and the central
database in a temporary folder, removed afterwards). The analyst's work is what an
analyst would do first: a rode draad per planted topic, named after it, with one of its
findings as the conclusion, the themes lettered A-F, a voorwoord, and one review comment.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: str) -> int:
    from tests.rode_draden.cycle import expand, make_cycle
    from visitor_app.domain.framework import load_framework
    from visitor_app.rode_draden.central_report import write_central_report
    from visitor_app.rode_draden.database import CentralDb

    rnd = random.Random(16)
    with tempfile.TemporaryDirectory(prefix="rode-draden-voorbeeld-") as tmp:
        tmp = Path(tmp)
        cycle = make_cycle(tmp / "pakketten", load_framework())
        with CentralDb.open(tmp / "centraal.db", create=True) as db:
            db.import_packages(cycle.paths, cycle="2022-2024")
            for theme, letter in zip(db.counted_themes(), "ABCDEF"):
                db.set_letter(theme["id"], letter)
            by_topic: dict[str, list[dict]] = {}
            for f in db.findings():
                topic = cycle.label(f["visitation_id"], f["text"])
                if topic:
                    by_topic.setdefault(topic, []).append(f)
            first = None
            for topic, found in by_topic.items():
                t = cycle.topics[topic]
                name = topic.replace("_", " ").capitalize()
                conclusion = expand(t.wordings[0], rnd)
                thread = db.new_thread(found[0]["theme"], name, [f["id"] for f in found],
                                       conclusion=conclusion[0].upper() + conclusion[1:])
                first = first or thread
            db.set_text("voorwoord", "Dit is een voorbeeld van de Rode draden rapportage, gemaakt "
                                     "van 28 verzonnen visitaties. De namen van de diensten zijn "
                                     "verzonnen; de aantallen zijn die uit de Rode draden 2022-2024.")
            db.add_comment(1, "Kan hier een voorbeeld van een dienst bij?", thread=first)
            result = write_central_report(db, out, review=True)
    print(f"{result['file']}: {result['themes']} thema's, {result['draden']} rode draden, "
          f"{result['visits']} visitaties")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
