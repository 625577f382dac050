"""Fixtures of the rode-draden tests: three fictional diensten and a fresh central database."""

from __future__ import annotations

import pytest

from tests.conftest import on_each_framework as pytest_generate_tests  # noqa: F401
from tests.rode_draden.packages import make_package, pick
from visitor_app.rode_draden.database import CentralDb


@pytest.fixture
def three(tmp_path, framework):
    """A and B have verbeterpunt-like findings in theme X (A two, one of them in a subtheme);
    C has one finding of another kind in theme Y."""
    x, y, kinds = pick(framework)
    k1, k2 = kinds[1], kinds[2]
    sub = x["subthemes"][0]["id"]
    item = framework.assessment_items[0]
    values = [v["id"] for v in framework.scale_values(item["id"])]
    a = make_package(tmp_path, framework, "OD Aardal", [
        (x["id"], k2, "Aardal: de planning loopt achter.", sub),
        (x["id"], k2, "Aardal: de rapportage aan het bestuur is beperkt.", None)],
        assessments=[(item["id"], values[0])])
    b = make_package(tmp_path, framework, "OD Beekveld", [
        (x["id"], k2, "Beekveld: de planning loopt achter.", None)],
        assessments=[(item["id"], values[0])])
    c = make_package(tmp_path, framework, "OD Cranendijk", [
        (y["id"], k1, "Cranendijk: sterke regionale samenwerking.", None)],
        assessments=[(item["id"], values[1])])
    return {"paths": [a, b, c], "x": x, "y": y, "k1": k1, "k2": k2, "sub": sub, "kinds": kinds,
            "item": item["id"], "values": values}


@pytest.fixture
def db(tmp_path):
    with CentralDb.open(tmp_path / "centraal.db", create=True) as central:
        yield central


@pytest.fixture(scope="session")
def cycle(tmp_path_factory, framework):
    """The generated, labelled cycle of 28 visitations (tests/rode_draden/cycle.py) as
    packages on ``framework``; made once per framework and session (a few seconds)."""
    from tests.rode_draden.cycle import make_cycle
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VISITOR_APP_DATA", str(tmp_path_factory.mktemp("cycle-userdata")))
        return make_cycle(tmp_path_factory.mktemp("cycle") / "pakketten", framework)
