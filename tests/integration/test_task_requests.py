"""TaskRequested events from integrations: through the bus, its rule and the task request queue, executed by the
task request function as its SQS event source drives it, answered on the bus (read back through the tap)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from taskexec.authorization import Role, UserStatus
from taskexec.data.models import ActivityModel, TaskModel
from taskexec.services import integrations
from tests.support.events import EventsWorld, events_world, of_type

SOURCE = "crm.example"
TASK = {"task": {"category": "general", "title": "Call the customer back"}}


@pytest.fixture
def world(aws: Any, monkeypatch: pytest.MonkeyPatch) -> EventsWorld:
    return events_world(aws, monkeypatch)


@pytest.fixture
def integration(aws: Any) -> str:
    """Registered as PUT /integrations/{source} registers it (the route has its own tests), with no
    SUPER_ADMIN left behind who could take tasks."""
    return integrations.register(SOURCE, "CRM", UserStatus.ACTIVE).id


def answers(world: EventsWorld) -> list[dict[str, Any]]:
    world.drive("TaskRequestFunction")
    tapped = world.tap()
    return of_type(tapped, "TaskRequestSucceeded") + of_type(tapped, "TaskRequestRejected")


def audit(user_id: str) -> list[Any]:
    return list(ActivityModel.query(user_id))


def test_a_request_from_a_registered_integration_creates_a_task_on_its_behalf(
    make_user: Any, world: EventsWorld, integration: str
) -> None:
    worker = make_user(Role.IT_ADMIN)
    world.send_task_request(
        SOURCE, {"task": {"category": "integration", "title": "Fix the CRM webhook"}, "correlationId": "crm-42"}
    )
    (answer,) = answers(world)
    assert (answer["source"], answer["detail-type"]) == ("taskexec", "TaskRequestSucceeded")
    assert answer["detail"]["correlationId"] == "crm-42"
    task = TaskModel.get(answer["detail"]["taskId"])
    assert (task.createdById, task.assigneeId) == (integration, worker.id)  # the same affinity as the API's
    (row,) = audit(integration)
    assert (row.outcome, row.role, row.route) == ("SUCCEEDED", "INTEGRATION", f"TaskRequested {SOURCE}")


def test_a_message_request_is_detected_like_the_api_s(make_user: Any, world: EventsWorld, integration: str) -> None:
    make_user(Role.ADMIN)
    world.send_task_request(SOURCE, {"message": "Create a task to review the Q3 newsletter campaign, high priority"})
    (answer,) = answers(world)
    task = TaskModel.get(answer["detail"]["taskId"])
    assert (task.category, task.priority) == ("campaign", "HIGH")
    assert answer["detail"]["correlationId"] is None


def test_with_nobody_assignable_the_request_is_rejected_never_assigned_to_the_integration(
    world: EventsWorld, integration: str
) -> None:
    world.send_task_request(SOURCE, {**TASK, "correlationId": "c-1"})
    (answer,) = answers(world)
    assert answer["detail-type"] == "TaskRequestRejected"
    error = answer["detail"]["error"]
    assert (answer["detail"]["status"], error["code"]) == (422, "INVALID_ASSIGNEE")
    assert error["details"][0]["field"] == "assigneeId"
    assert answer["detail"]["correlationId"] == "c-1"
    assert TaskModel.count() == 0
    (row,) = audit(integration)
    assert (row.outcome, row.errorCode) == ("INVALID", "INVALID_ASSIGNEE")


def test_the_integration_cannot_be_named_as_assignee(make_user: Any, world: EventsWorld, integration: str) -> None:
    make_user(Role.ADMIN)
    world.send_task_request(SOURCE, {"task": {**TASK["task"], "assigneeId": integration}})
    (answer,) = answers(world)
    assert answer["detail"]["error"]["code"] == "INVALID_ASSIGNEE"


@pytest.mark.parametrize(
    ("source", "register", "code"),
    [
        ("unknown.example", None, "USER_NOT_REGISTERED"),
        (SOURCE, UserStatus.INACTIVE, "USER_INACTIVE"),
    ],
)
def test_unregistered_and_inactive_sources_are_rejected_and_audited(
    make_user: Any, world: EventsWorld, source: str, register: UserStatus | None, code: str
) -> None:
    make_user(Role.ADMIN)
    if register is not None:
        integrations.register(source, "x", register)
    world.send_task_request(source, {**TASK, "correlationId": "c-2"})
    (answer,) = answers(world)
    assert (answer["detail-type"], answer["detail"]["error"]["code"]) == ("TaskRequestRejected", code)
    assert answer["detail"]["correlationId"] == "c-2"
    assert TaskModel.count() == 0
    (row,) = audit(f"integration:{source}")
    assert (row.outcome, row.errorCode) == ("DENIED", code)


@pytest.mark.parametrize(
    "detail",
    [
        {**TASK, "createdById": "someone"},
        {"task": {**TASK["task"], "owner": "x"}},
        {"message": "Call Lagos", "meta": [{"isAdmin": True}]},
    ],
)
def test_escalation_fields_in_the_detail_are_rejected_and_audited(
    make_user: Any, world: EventsWorld, integration: str, detail: dict[str, Any]
) -> None:
    make_user(Role.ADMIN)
    world.send_task_request(SOURCE, detail)
    (answer,) = answers(world)
    assert answer["detail"]["error"]["code"] == "PRIVILEGE_ESCALATION_ATTEMPT"
    assert TaskModel.count() == 0
    (row,) = audit(integration)
    assert (row.outcome, row.errorCode) == ("DENIED", "PRIVILEGE_ESCALATION_ATTEMPT")


@pytest.mark.parametrize(
    ("detail", "code"),
    [
        ({"task": {"category": "general"}}, "VALIDATION_FAILED"),
        ({"nothing": 1}, "VALIDATION_FAILED"),
        ({**TASK, "dryRun": True}, "VALIDATION_FAILED"),
        ({**TASK, "correlationId": 42}, "INVALID_REQUEST"),
    ],
)
def test_malformed_requests_are_rejected_not_retried(
    make_user: Any, world: EventsWorld, integration: str, detail: dict[str, Any], code: str
) -> None:
    make_user(Role.ADMIN)
    world.send_task_request(SOURCE, detail)
    (answer,) = answers(world)
    assert answer["detail"]["error"]["code"] == code
    assert world.drain(world.made.queue_urls["TaskRequestDeadLetterQueue"]) == []


def test_a_message_that_is_not_an_event_is_rejected(world: EventsWorld) -> None:
    world.sqs.send_message(QueueUrl=world.made.queue_urls["TaskRequestQueue"], MessageBody="not json {")
    (answer,) = answers(world)
    assert answer["detail"]["error"]["code"] == "INVALID_REQUEST"
    assert answer["detail"]["correlationId"] is None


def test_a_redelivered_request_answers_with_the_same_task_and_creates_no_second(
    make_user: Any, world: EventsWorld, integration: str
) -> None:
    make_user(Role.ADMIN)
    world.send_task_request(SOURCE, {**TASK, "correlationId": "again"})
    world.drive("TaskRequestFunction")
    (message,) = of_type(world.tap(), "TaskRequested")  # the request itself, as the tap saw it
    world.sqs.send_message(QueueUrl=world.made.queue_urls["TaskRequestQueue"], MessageBody=_json(message))
    world.sqs.send_message(QueueUrl=world.made.queue_urls["TaskRequestQueue"], MessageBody=_json(message))
    found = answers(world)
    assert [a["detail-type"] for a in found] == ["TaskRequestSucceeded", "TaskRequestSucceeded"]
    assert TaskModel.count() == 1
    assert {a["detail"]["taskId"] for a in found} == {next(TaskModel.scan()).id}


def _json(value: Any) -> str:
    return json.dumps(value)
