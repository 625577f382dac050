"""The demo follows the installed framework: an older demo is kept beside a new one."""

from __future__ import annotations

from visitor_app.domain import framework as framework_module
from visitor_app.services import Visitation
from visitor_app.services.demo import current_demo


def test_a_demo_of_another_framework_version_is_kept_beside_a_new_one(tmp_path, monkeypatch):
    path = tmp_path / "demo.visitatie"
    assert current_demo(path) is None and path.exists()  # none yet: made
    with Visitation.open(path) as v:
        old_id, made_with = v.details()["id"], v.framework.version
        v.observations.add(v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"],
                           "Mijn eigen proefnotitie in de demo")
    assert current_demo(path) is None  # the same framework: left as it is
    real_id, real_version = framework_module.installed_identity()
    assert (real_id, real_version) == (framework_module.load_framework().id, made_with)
    monkeypatch.setattr(framework_module, "installed_identity",
                        lambda *a, **k: (real_id, real_version + "-nieuw"))
    said = current_demo(path)
    kept = tmp_path / f"demo-kader-{made_with}.visitatie"
    assert said and kept.name in said and kept.exists()
    with Visitation.open(kept) as v:  # the old demo, with what was typed in it, untouched
        assert v.details()["id"] == old_id
        assert "Mijn eigen proefnotitie in de demo" in [o["text"] for o in v.observations.list()]
    with Visitation.open(path) as v:
        assert v.details()["id"] != old_id
    assert current_demo(path) is not None and (tmp_path / f"demo-kader-{made_with}-2.visitatie").exists()

