"""The automation limits hold under concurrent creates, under DynamoDB's transaction rules (devkit.strict_dynamodb):
creates that race for the last places of an owner's 25 or the deployment's 250 make exactly as many automations
as there were places, never one more; the others are refused (422 LIMIT_EXCEEDED, or 409 CONFLICT when their
transaction kept meeting others), and a refused create leaves neither a row nor a schedule behind. The counters
start near their limit (as earlier creates would have left them), so the race is for the last few places.
Bounded by count; a generous safety timeout names what hung."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from devkit import template
from devkit.events import http_api_event
from devkit.gateway import FunctionRuntime
from devkit.strict_dynamodb import StrictRules
from taskexec.authorization import Role
from taskexec.data.models import AutomationModel
from taskexec.domain.automations import MAX_PER_DEPLOYMENT, MAX_PER_OWNER
from tests.support.automations import AutomationsWorld
from tests.support.fixtures import Caller
from tests.support.strict import strict_dynamodb  # noqa: F401  (the fixture)

CLIENTS = 12
PLACES = 3
SAFETY_TIMEOUT_S = 600.0
WEEKLY = {
    "name": "Weekly",
    "trigger": {"schedule": "rate(7 days)"},
    "actions": [{"message": "Create the weekly report"}],
}


def create_all(callers: list[Caller]) -> list[tuple[int, Any]]:
    spec = template.functions()["AutomationsFunction"]
    runtime = FunctionRuntime(spec, max_environments=CLIENTS)

    def create(caller: Caller) -> tuple[int, Any]:
        event = http_api_event("POST", "/automations", route="/automations", body=WEEKLY, claims=caller.claims())
        response = runtime.invoke(event)
        return int(response["statusCode"]), json.loads(response["body"])

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(create, caller) for caller in callers]
        results = []
        for n, future in enumerate(futures):
            try:
                results.append(future.result(timeout=SAFETY_TIMEOUT_S))
            except TimeoutError:
                raise AssertionError(f"create {n} of {len(callers)} hung") from None
    return results


@pytest.mark.parametrize("limit", ["owner", "deployment"])
def test_racing_creates_never_pass_a_limit(
    strict_dynamodb: StrictRules,  # noqa: F811
    automations_aws: AutomationsWorld,
    make_user: Callable[..., Caller],
    limit: str,
) -> None:
    if limit == "owner":
        owner = make_user(Role.ADMIN)
        callers = [owner] * CLIENTS
        counter, full = f"COUNT#OWNER#{owner.id}", MAX_PER_OWNER
    else:
        callers = [make_user(Role.ADMIN) for _ in range(CLIENTS)]
        counter, full = "COUNT#ALL", MAX_PER_DEPLOYMENT
    AutomationModel(counter, tally=full - PLACES).save()

    results = create_all(callers)

    statuses = Counter(status for status, _ in results)
    assert statuses[201] == PLACES, (statuses, [body for status, body in results if status != 201][:3])
    refused = {body["error"]["code"] for status, body in results if status != 201}
    assert refused <= {"LIMIT_EXCEEDED", "CONFLICT"}, refused
    assert "LIMIT_EXCEEDED" in refused
    assert AutomationModel.get(counter).tally == full
    created = {body["id"] for status, body in results if status == 201}
    rows = {row.id for row in AutomationModel.scan() if row.ownerId is not None}
    assert rows == created
    assert {name.removeprefix("automation-") for name in automations_aws.schedules()} == created
