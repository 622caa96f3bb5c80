"""This tier runs the local stack, which checks every call its functions make against their IAM roles: a call a
role would deny fails the test during which it happened (tests/support/aws_rules.py)."""

from tests.support.aws_rules import pytest_runtest_call, pytest_runtest_teardown

__all__ = ["pytest_runtest_call", "pytest_runtest_teardown"]
