"""Every test here that takes the framework runs on each framework (tests/conftest.py)."""

from tests.conftest import on_each_framework as pytest_generate_tests  # noqa: F401
