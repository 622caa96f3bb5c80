"""This tier runs against moto in process: the shared fixtures (tests/support/fixtures.py), and the automations'
side of AWS (tests/support/automations.py)."""

from tests.support.automations import automations_aws
from tests.support.fixtures import api, aws, make_user

__all__ = ["api", "automations_aws", "aws", "make_user"]
