"""What a change touched, so that the window refreshes only the views that show it.

In the manner of Anki's ``OpChanges``: every service call that changes the file
returns a ``Changes``. It names the kinds of data that changed and carries what the
caller needs back (the new record's id, the changed row, a result dict).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The kinds of data a view can show. A view refreshes when a change touches its kinds.
KINDS = ("details", "members", "programme", "observations", "records", "assessments",
         "findings", "report", "drafts", "team", "privacy", "questions", "documents", "previous",
         "self_evaluation")


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str] = field(default_factory=frozenset)
    id: str | None = None             # the record a call made
    ids: tuple[str, ...] = ()         # the records a call made (several at once)
    row: dict | None = None           # the record as it is now, after the change
    result: dict | None = None        # a report of what happened (merge, hand-out, export)

    def __post_init__(self):
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kind of change {sorted(unknown)}")

    def touches(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)



def changed(*kinds: str, **values: Any) -> Changes:
    return Changes(frozenset(kinds), **values)


NOTHING = Changes()
EVERYTHING = Changes(frozenset(KINDS))
