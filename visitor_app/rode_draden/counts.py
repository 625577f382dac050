"""What the rode-draden side counts, and the Dutch words around the numbers.

Pure functions over what CentralDb returns, no Qt and no SQL: the window, the command line
and the exports count here, so "bij 2 van 3 diensten" means the same everywhere.

Overview is everything the analyst's window shows, read from the database in one go (in
the window's worker thread); after that every count comes from memory, so clicking a cell
or changing the kind filter never waits for the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The import statuses (CentralDb.STATUSES) plus "fout": a package the window could not
# process at all (an unexpected error), in the order a summary lists them.
STATUS_ORDER = ("nieuw", "vervangen", "ongewijzigd", "geweigerd", "fout")
PROBLEM_STATUSES = ("geweigerd", "fout")


# -- words --------------------------------------------------------------------------------------
def diensten(n: int) -> str:
    """'1 dienst', '3 diensten'."""
    return f"{n} {diensten_word(n)}"


def diensten_word(n: int) -> str:
    return "dienst" if n == 1 else "diensten"


def findings_word(n: int) -> str:
    """'1 bevinding', '2 bevindingen'."""
    return f"{n} bevinding" if n == 1 else f"{n} bevindingen"


def k_van_n(k: int, n: int) -> str:
    """The share of diensten as the matrix shows it: '2 van 3'."""
    return f"{k} van {n}"


def dienst_key(name: str) -> str:
    """A dienst's name as compared (one dienst, however often visited): case and spacing do
    not count."""
    return " ".join(name.casefold().split())


def dienst_labels(visits: list[dict]) -> dict[str, str]:
    """visitation id -> dienst; a dienst visited more than once also gets its start date."""
    names = [v["dienst"] for v in visits]
    return {v["id"]: (f"{v['dienst']} ({v['start']})" if names.count(v["dienst"]) > 1 else v["dienst"])
            for v in visits}


# -- counting -----------------------------------------------------------------------------------
def per_kind(findings, kinds: list[str] = ()) -> dict[str, int]:
    """Number of findings per kind; every kind in ``kinds`` appears, also with 0."""
    counts = {k: 0 for k in kinds}
    for f in findings:
        counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    return counts


def diensten_with(findings) -> int:
    """At how many distinct diensten at least one of ``findings`` was made (the k of
    'k van N'); a dienst visited twice counts once."""
    return len({dienst_key(f["dienst"]) for f in findings})


def status_counts(results: list[dict]) -> dict[str, int]:
    """Imported packages per status, in STATUS_ORDER, only the statuses that occur."""
    counts = {s: sum(1 for r in results if r["status"] == s) for s in STATUS_ORDER}
    return {s: n for s, n in counts.items() if n}


def status_line(results: list[dict]) -> str:
    """'3 nieuw, 1 geweigerd'."""
    return ", ".join(f"{n} {s}" for s, n in status_counts(results).items())


def given_assessments(matrix: dict) -> dict[str, dict[str, int]]:
    """The assessment counts of CentralDb.matrix() for the items with at least one oordeel."""
    return {item: counts for item, counts in matrix["assessments"].items() if sum(counts.values())}


@dataclass
class Overview:
    """What is in the central database, as the window, the exports and their counts need it.

    ``visitations``, ``themes``, ``kinds``, ``items`` and ``matrix`` as CentralDb returns
    them; ``findings`` all findings, by dienst and order.
    """

    visitations: list[dict]
    themes: list[dict]
    kinds: list[dict]
    items: list[dict]
    matrix: dict
    findings: list[dict]
    labels: dict[str, str] = field(init=False)
    _by_dienst: dict[tuple, list[dict]] = field(init=False, repr=False)
    _by_kind: dict[tuple, list[dict]] = field(init=False, repr=False)

    def __post_init__(self):
        self.labels = dienst_labels(self.visitations)
        self._by_dienst, self._by_kind = {}, {}
        for f in self.findings:
            self._by_dienst.setdefault((f["theme"], f["visitation_id"]), []).append(f)
            self._by_kind.setdefault((f["theme"], f["kind"]), []).append(f)

    @classmethod
    def read(cls, db, cycle: str | None = None) -> "Overview":
        """Everything of one cycle (None: the default one) from ``db`` (a CentralDb) in one
        go; the themes are those counted (merged ones inside their target)."""
        return cls(visitations=db.visitations(cycle), themes=db.counted_themes(), kinds=db.kinds(),
                   items=db.assessment_items(), matrix=db.matrix(cycle), findings=db.findings(cycle=cycle))

    @property
    def n(self) -> int:
        """The N of 'k van N': the number of distinct diensten in the cycle."""
        return self.matrix["visitations"]

    def kind_names(self) -> dict[str, dict]:
        return {k["id"]: k for k in self.kinds}

    # -- theme x kind: at how many diensten ("k van N") ------------------------------------------
    def kind_cell(self, theme_id: str, kind_id: str) -> dict[str, int]:
        """{"visitations": k, "findings": m} of one theme and kind (zeros when absent)."""
        for theme in self.matrix["themes"]:
            if theme["id"] == theme_id:
                return theme["kinds"].get(kind_id, {"visitations": 0, "findings": 0})
        return {"visitations": 0, "findings": 0}

    def of_kind(self, theme_id: str, kind_id: str) -> list[dict]:
        """The findings of one kind in one theme, all diensten."""
        return self._by_kind.get((theme_id, kind_id), [])

    # -- theme x dienst: how many findings ---------------------------------------------------------
    def at_dienst(self, theme_id: str, visitation_id: str, kind: str | None = None) -> list[dict]:
        """The findings of one theme at one visitation; with ``kind`` only of that kind."""
        found = self._by_dienst.get((theme_id, visitation_id), [])
        return found if kind is None else [f for f in found if f["kind"] == kind]

    def dienst_count(self, theme_id: str, visitation_id: str, kind: str | None = None) -> int:
        """How many findings of one theme at one visitation (of ``kind``, or of all kinds)."""
        return len(self.at_dienst(theme_id, visitation_id, kind))

    def dienst_kinds(self, theme_id: str, visitation_id: str) -> dict[str, int]:
        """Per kind that occurs: the number of findings of one theme at one visitation."""
        return per_kind(self.at_dienst(theme_id, visitation_id))

    def theme_dienst_counts(self, kind: str | None = None) -> dict[str, dict[str, int]]:
        """The matrix the window shows: theme id -> visitation id -> number of findings
        (of ``kind``, or of all kinds); every theme and visitation appears."""
        return {t["id"]: {v["id"]: self.dienst_count(t["id"], v["id"], kind) for v in self.visitations}
                for t in self.themes}


__all__ = ["Overview", "STATUS_ORDER", "PROBLEM_STATUSES", "diensten", "diensten_word",
           "findings_word", "k_van_n", "dienst_key", "dienst_labels", "per_kind", "diensten_with",
           "status_counts", "status_line", "given_assessments"]
