"""This tier runs against moto in process: the shared fixtures (tests/support/fixtures.py)."""

from tests.support.fixtures import api, aws, make_user

__all__ = ["api", "aws", "make_user"]
