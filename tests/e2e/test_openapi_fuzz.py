"""Schemathesis, driven by the project's own OpenAPI document, against the local stack over HTTP.

Bounded: a fixed number of examples per operation, no deadline, one stack for the module. Every answer must be
documented for its operation and match its schema; no 5xx but 503; errors in the contract's shape; nothing
internal in any body.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from devkit.template import ROOT
from tests.e2e.local_stack import RunningStack, running_stack
from tests.security.shape import assert_error_body, assert_no_leak

pytestmark = pytest.mark.e2e

EXAMPLES_PER_OPERATION = 20
GATEWAY_ANSWERS = [(401, {"message": "Unauthorized"}), (404, {"message": "Not Found"})]
schema = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.json")


def without_echoed_fields(value: Any) -> Any:
    """The body without `details[].field`: those name the caller's own (generated) keys back to them."""
    if isinstance(value, dict):
        return {k: without_echoed_fields(v) for k, v in value.items() if k != "field"}
    if isinstance(value, list):
        return [without_echoed_fields(v) for v in value]
    return value


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    with running_stack(Path(tmp_path_factory.mktemp("fuzz-stack"))) as running:
        yield running


@pytest.fixture(scope="module")
def token(stack: RunningStack) -> str:
    return stack.id_token("SUPER_ADMIN")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_within_its_documented_responses(case, stack: RunningStack, token: str) -> None:
    response = case.call(base_url=stack.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code < 500 or response.status_code == 503, response.text[:500]
    body = json.loads(response.text) if response.text else None
    if case.path == "/ai/health-check" and response.status_code in (200, 503):
        # The health report names tables by their template logical ids, on purpose; never by deployed name.
        assert not any(name in response.text for name in stack.info["tables"].values()), response.text[:500]
    else:
        assert_no_leak(json.dumps(without_echoed_fields(body)))
    if (response.status_code, body) in GATEWAY_ANSWERS:
        return  # refused by the gateway (no token, no such route) before any handler, as API Gateway does
    if response.status_code >= 400:
        assert_error_body(response.status_code, body)
    case.validate_response(
        response, checks=[status_code_conformance, content_type_conformance, response_schema_conformance]
    )
