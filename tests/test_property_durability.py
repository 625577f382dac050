"""Property: any sequence of edits and reopenings loses nothing.

A model (plain dicts) mirrors every change; after each reopen of the file and
at every step, what the services return must equal the model exactly.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from visitor_app.domain.framework import load_framework
from visitor_app.services import Visitation
from visitor_app.services.common import normal_text

FRAMEWORK = load_framework()
THEMES = [t["id"] for t in FRAMEWORK.themes]
KINDS = [k["id"] for k in FRAMEWORK.observation_kinds]
ITEMS = [(i["id"], [v["id"] for v in FRAMEWORK.scale_values(i["id"])]) for i in FRAMEWORK.assessment_items]
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda t: normal_text(t).strip())


def stored(text: str) -> str:
    """What the services keep of a typed text: the one rule (normal_text, NFC), stripped. Found
    by Hypothesis: U+F900 (a CJK compatibility ideograph) is stored as its NFC form U+8C48."""
    return normal_text(text).strip()


class EditsAndReopens(RuleBasedStateMachine):
    observations = Bundle("observations")

    def __init__(self):
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "p.visitatie"
        self.visit = Visitation.create(self.path, "OD Eigenschap", "2026-05-12", "2026-05-13",
                                       members=[("Noor Tjalsma", "lid")], framework=FRAMEWORK,
                                       with_programme=False)
        self.model: dict[str, dict] = {}
        self.deleted: set[str] = set()
        self.assess: dict[str, str] = {}

    @rule(target=observations, theme=st.sampled_from(THEMES), kind=st.sampled_from(KINDS), text=texts,
          pinned=st.booleans())
    def add(self, theme, kind, text, pinned):
        oid = self.visit.observations.add(theme, kind, text, pinned=pinned).id
        self.model[oid] = {"theme": theme, "kind": kind, "text": stored(text), "pinned": pinned}
        return oid

    @rule(oid=observations, text=texts)
    def edit_text(self, oid, text):
        self.visit.observations.update(oid, text=text)
        self.model[oid]["text"] = stored(text)

    @rule(oid=observations, theme=st.sampled_from(THEMES), kind=st.sampled_from(KINDS))
    def retag(self, oid, theme, kind):
        self.visit.observations.update(oid, theme=theme, kind=kind)
        self.model[oid].update(theme=theme, kind=kind)

    @rule(oid=observations)
    def delete(self, oid):
        self.visit.observations.delete([oid])
        self.deleted.add(oid)

    @rule(oid=observations)
    def restore(self, oid):
        self.visit.observations.restore([oid])
        self.deleted.discard(oid)

    @rule(item=st.sampled_from(ITEMS), data=st.data())
    def assess_item(self, item, data):
        item_id, values = item
        value = data.draw(st.sampled_from(values))
        self.visit.assessments.set(item_id, value)
        self.assess[item_id] = value

    @rule()
    def reopen(self):
        self.visit.close()
        self.visit = Visitation.open(self.path)

    @invariant()
    def nothing_lost(self):
        live = {o["id"]: {k: o[k] for k in ("theme", "kind", "text", "pinned")}
                for o in self.visit.observations.list()}
        expected = {k: v for k, v in self.model.items() if k not in self.deleted}
        assert live == expected
        assert {k: v for k, v in self.visit.audit.info()["assessments"].items()} == self.assess

    def teardown(self):
        self.visit.close()
        assert self.visit.store.conn is None
        fresh = Visitation.open(self.path)  # the closed file alone holds everything
        try:
            assert fresh.audit.check() == []
            assert len(fresh.observations.list()) == len(self.model) - len(self.deleted)
        finally:
            fresh.close()
        self.dir.cleanup()


EditsAndReopens.TestCase.settings = settings(
    max_examples=25, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestEditsAndReopens = EditsAndReopens.TestCase
