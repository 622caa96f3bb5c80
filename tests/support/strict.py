"""Strict DynamoDB rules in tests: the `strict_dynamodb` fixture (import it into a test module to use it).

Every DynamoDB call the code under test makes, through any botocore client (pynamodb's, boto3's, Powertools
Idempotency's), meets DynamoDB's transaction-conflict rules on top of moto (see devkit.strict_dynamodb).
The hold comes from LOCAL_DYNAMODB_HOLD_MS, as for `make local`, so a load test run can be made harsher.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from devkit.strict_dynamodb import DEFAULT_HOLD_MS, ENV_HOLD_MS, StrictRules, in_process

SAFETY_TIMEOUT_S = 30.0


def hold_s() -> float:
    return float(os.environ.get(ENV_HOLD_MS, DEFAULT_HOLD_MS)) / 1000


@pytest.fixture
def strict_dynamodb(aws: Any) -> Iterator[StrictRules]:
    """moto with the template's tables (the `aws` fixture) under the strict rules; yields them (and their counts)."""
    with in_process(StrictRules(hold_s=hold_s())) as rules:
        yield rules


class Gate:
    """A hold that lasts until the test opens the gate, so a test can act "during a transaction" without
    relying on timing. Bounded by a safety timeout so a test that forgets to open it cannot hang."""

    def __init__(self) -> None:
        self._open = threading.Event()

    def wait(self, _hold_s: float) -> None:
        if not self._open.wait(SAFETY_TIMEOUT_S):
            raise TimeoutError("a strict-rules transaction hold was never released by the test")

    def open(self) -> None:
        self._open.set()
