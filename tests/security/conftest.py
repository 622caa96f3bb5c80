"""This tier runs against moto in process: the shared fixtures (tests/support/fixtures.py), and AWS's rules (IAM
per function, the limits moto lacks) for every test (tests/support/aws_rules.py)."""

from tests.support.aws_rules import aws_rules, pytest_runtest_call, pytest_runtest_setup, pytest_runtest_teardown
from tests.support.fixtures import api, aws, make_user

__all__ = [
    "api",
    "aws",
    "aws_rules",
    "make_user",
    "pytest_runtest_call",
    "pytest_runtest_setup",
    "pytest_runtest_teardown",
]
