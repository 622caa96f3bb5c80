"""AWS's rules for every test that runs the service's code: IAM per function, and AWS's limits moto lacks.

Each tier that runs handlers in process (integration, security, faults, load, devkit) imports `aws_rules`,
`pytest_runtest_setup`, `pytest_runtest_call` and `pytest_runtest_teardown` into its conftest.py, so every test
there meets them, whether it names them or not:

- IAM (devkit.iam): every AWS call a function's code makes is checked against that function's role as
  template.yaml makes it. A call the role would deny raises AccessDenied to the code, as AWS would, and fails
  the test that made it with the function, the action and the resource; a denial during a fixture's teardown
  errors that test's teardown.
- AWS's documented limits where moto has none (devkit.aws_limits): SNS subjects and message sizes, PutEvents
  sizes, SQS message sizes, transaction sizes.

The tiers that run the local stack (e2e, the HTTP load test, browser) import `pytest_runtest_call` too: it also
reads the denials each running stack wrote (`tests/e2e/local_stack.py`), so a call denied inside the stack fails
the test during which it happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devkit import aws_limits, iam
from devkit.botocalls import intercepting
from devkit.template import table_logical_ids

CHECK = iam.IamCheck(iam.emulated_refs({logical_id: logical_id for logical_id in table_logical_ids()}))
"""The in-process world's roles: tables named by their logical ids, queues and topics too (tests/support/events)."""


class AccessDeniedInTest(AssertionError):
    """The code under test made calls its function's role would not be allowed on AWS."""


@pytest.fixture(scope="session", autouse=True)
def aws_rules() -> Iterator[iam.IamCheck]:
    """IAM and the limits in front of every AWS call of the session (the innermost interceptors: a test's own
    counting or fault injection sees a call before the rules refuse it, as a client would)."""
    with intercepting(aws_limits.intercept), intercepting(CHECK.intercept):
        yield CHECK


def _denied(denials: list[iam.Denial]) -> AccessDeniedInTest:
    return AccessDeniedInTest("AWS would deny calls the code made (template.yaml's roles):\n" + iam.describe(denials))


def _stack_denials() -> list[iam.Denial]:
    from tests.e2e.local_stack import denials_of_running_stacks

    return denials_of_running_stacks()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[Any]:
    CHECK.take()  # nothing from another test is this test's
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[Any]:
    try:
        result = yield
    except BaseException as failure:
        denials = CHECK.take() + _stack_denials()
        if denials:
            raise _denied(denials) from failure
        raise
    denials = CHECK.take() + _stack_denials()
    if denials:
        raise _denied(denials)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[Any]:
    result = yield
    denials = CHECK.take() + _stack_denials()
    if denials:
        raise _denied(denials)
    return result
