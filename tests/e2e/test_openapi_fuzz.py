"""Schemathesis, driven by the project's own OpenAPI document, against the local stack over HTTP.

Every built-in check (the CLI's `--checks all`), positive and negative data, for an ADMIN and for a USER.
Bounded by examples per operation, no deadline, one stack for the module. On top of schemathesis' checks:
no 5xx but 503, errors in the contract's shape, nothing internal in any body. One refusal has another shape:
a batch item that breaks its schema fails alone, inside a 200 (`refused_batch_item`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, unsupported_method

from devkit.template import ROOT
from tests.e2e.local_stack import RunningStack, running_stack
from tests.security.shape import assert_error_body, assert_no_leak

pytestmark = pytest.mark.e2e

EXAMPLES_PER_OPERATION = 20
ROLES = ("ADMIN", "USER")

EXCLUDED_CHECKS = [
    # API Gateway HTTP API answers a method no route has with 404 {"message": "Not Found"} (documented on every
    # path), never 405 with Allow; the local gateway does the same. This check wants 405.
    unsupported_method,
]

CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                # Schemathesis' defaults (2xx, 3xx, 401, 403, 404, 409, 429, 5xx: 5xx is still refused below),
                # plus what the schema cannot express. 400: a nextToken of the right shape that does not
                # continue this query (tokens are opaque). 422: business rules on valid input (a message
                # that asks for no task, an assignee nobody matches, a due date in the past or not a date);
                # VALIDATION_FAILED is refused for valid input by `assert_documented_refusal` below.
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "422", "429", "5xx"],
            },
        },
    }
)
schema = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.json", config=CONFIG)
ALL_CHECKS = [check for check in CHECKS.get_all() if check not in EXCLUDED_CHECKS]


@schema.hook
def filter_query(ctx: Any, query: dict[str, Any] | None) -> bool:
    """No undeclared query parameters: API Gateway and Powertools ignore the ones a route does not declare (as
    most HTTP APIs do, so a client's cache-buster is harmless), and OpenAPI cannot say so. Every other
    negative mutation, unknown body fields included, still runs."""
    declared = {parameter.name for parameter in ctx.operation.query} if ctx.operation is not None else set()
    return set(query or {}) <= declared


BUSINESS_RULE_CODES = {"NO_TASK_DETECTED", "INVALID_ASSIGNEE", "DUE_DATE_IN_PAST", "LIMIT_EXCEEDED"}
CHECKED_BEYOND_THE_SCHEMA = ("trigger.schedule", "trigger.timeZone", "trigger.match.", "actions[", "event")
"""Automation fields whose rules a JSON schema cannot state: Scheduler's cron and rate syntax, IANA zone names,
match values that depend on the trigger's event, placeholders that depend on the trigger, a preview's event
that depends on the automation's trigger. Schema-valid input may still be 422 VALIDATION_FAILED there."""


def without_echoed_fields(value: Any) -> Any:
    """The body without `details[].field`: those name the caller's own (generated) keys back to them."""
    if isinstance(value, dict):
        return {k: without_echoed_fields(v) for k, v in value.items() if k != "field"}
    if isinstance(value, list):
        return [without_echoed_fields(v) for v in value]
    return value


def is_gateway_answer(body: Any) -> bool:
    """API Gateway's own `{"message": ...}` bodies (401 authorizer, 404 no route, 429 throttle)."""
    return isinstance(body, dict) and set(body) == {"message"}


READ_NOT_SHAPED = ("dueDate", "timeZone")
"""Fields whose every valid value no schema can list: a due date phrase must read as a date, and a zone name of
the right shape must be in the IANA database (an enum of 600 names would make clients' enums of them)."""


def assert_documented_refusal(case: Any, status: int, body: Any) -> None:
    """A 422 for schema-valid input must be a business rule, never VALIDATION_FAILED: that would mean the
    document allows what the validator refuses (but for the READ_NOT_SHAPED and CHECKED_BEYOND_THE_SCHEMA fields)."""
    if status != 422 or case.meta is None or case.meta.generation.mode.value != "positive":
        return
    code = body["error"]["code"]
    details = body["error"].get("details") or []
    read = any(d.get("field", "").endswith(READ_NOT_SHAPED) for d in details)
    beyond = bool(details) and all(d.get("field", "").startswith(CHECKED_BEYOND_THE_SCHEMA) for d in details)
    assert code in BUSINESS_RULE_CODES or (code == "VALIDATION_FAILED" and (read or beyond)), json.dumps(body)[:500]


def refused_batch_item(case: Any, status: int, body: Any) -> bool:
    """A batch whose schema-violating item was refused on its own: items succeed or fail one by one (the
    contract), so the batch answers 200 and the item's result carries 422 VALIDATION_FAILED. The batch as a
    whole (its size, its fields, items that are not objects) is refused with 422 like any body."""
    if case.path != "/ai/execute/batch" or status != 200 or case.meta is None:
        return False
    if case.meta.generation.mode.value != "negative":
        return False
    return any(
        result["status"] == 422 and result["body"]["error"]["code"] == "VALIDATION_FAILED" for result in body["results"]
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    with running_stack(Path(tmp_path_factory.mktemp("fuzz-stack"))) as running:
        yield running


@pytest.fixture(scope="module", params=ROLES)
def token(request: pytest.FixtureRequest, stack: RunningStack) -> str:
    return stack.id_token(request.param)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_within_its_documented_responses(case, stack: RunningStack, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call(base_url=stack.url, headers=headers, timeout=30)
    assert response.status_code < 500 or response.status_code == 503, response.text[:500]
    body = json.loads(response.text) if response.text else None
    if case.path == "/ai/health-check" and response.status_code in (200, 503):
        # The health report names tables by their template logical ids, on purpose; never by deployed name.
        assert not any(name in response.text for name in stack.info["tables"].values()), response.text[:500]
    else:
        assert_no_leak(json.dumps(without_echoed_fields(body)))
    if response.status_code >= 400 and not is_gateway_answer(body):
        assert_error_body(response.status_code, body)
        assert_documented_refusal(case, response.status_code, body)
    checks = ALL_CHECKS
    if refused_batch_item(case, response.status_code, body):
        checks = [check for check in ALL_CHECKS if check is not negative_data_rejection]
    case.validate_response(
        response, checks=checks, headers=headers, transport_kwargs={"base_url": stack.url, "timeout": 30}
    )
