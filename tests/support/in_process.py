"""What every tier that runs the service's code in process (integration, security, faults, load, devkit) puts in
its conftest.py: the moto fixtures (tests/support/fixtures.py), the automations' side of AWS
(tests/support/automations.py) and AWS's rules for every test, IAM per function and the limits moto lacks
(tests/support/aws_rules.py). A tier's conftest.py imports all of it."""

from tests.support.automations import automations_aws
from tests.support.aws_rules import aws_rules, pytest_runtest_call, pytest_runtest_setup, pytest_runtest_teardown
from tests.support.fixtures import api, aws, make_user

__all__ = [
    "api",
    "automations_aws",
    "aws",
    "aws_rules",
    "make_user",
    "pytest_runtest_call",
    "pytest_runtest_setup",
    "pytest_runtest_teardown",
]
