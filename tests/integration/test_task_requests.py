"""TaskRequested events from integrations: through the bus, its rule and the task request queue, executed by the
task request function as its SQS event source drives it, answered on the bus (read back through the tap)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from devkit import aws_limits, template
from devkit.event_sources import Redelivery
from devkit.gateway import FunctionRuntime
from taskexec.authorization import Role, UserStatus
from taskexec.data.models import ActivityModel, TaskModel
from taskexec.domain import categories
from taskexec.domain.categories import CATEGORIES
from taskexec.domain.vocabulary import Category
from taskexec.services import integrations
from tests.support.events import EventsWorld, events_world, of_type
from tests.support.strict import strict_dynamodb

__all__ = ["strict_dynamodb"]

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


def test_a_message_that_is_not_an_event_is_dead_lettered_with_nothing_to_answer(world: EventsWorld) -> None:
    """Only what cannot be read at all (not JSON, no source) has nobody to answer: it ends in the dead-letter
    queue (alarmed) after its receives, never loops."""
    world.sqs.send_message(QueueUrl=world.made.queue_urls["TaskRequestQueue"], MessageBody="not json {")
    world.sqs.send_message(QueueUrl=world.made.queue_urls["TaskRequestQueue"], MessageBody='{"detail": {}}')
    assert answers(world) == []
    dead = world.drain(world.made.queue_urls["TaskRequestDeadLetterQueue"])
    assert sorted(m["Body"] for m in dead) == sorted(['{"detail": {}}', "not json {"])


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


# --- Issue 21: what AWS's rules and at-least-once delivery ask of this path ------------------------------------


@pytest.mark.parametrize("category", sorted(CATEGORIES), ids=str)
def test_every_category_of_the_registry_is_executed_through_a_task_request(
    aws: Any, make_user: Any, world: EventsWorld, integration: str, category: Category
) -> None:
    """Finding 1: a request writes the task and the draft its category calls for under the function's own role
    (every category the registry holds, each draft in the table its entry names): a grant missing from
    TaskRequestFunction's role is AccessDenied here as on AWS, and fails this test."""
    make_user(Role.ADMIN)
    world.send_task_request(SOURCE, {"task": {"category": category.value, "title": f"A {category.value} task"}})
    (answer,) = answers(world)
    assert answer["detail-type"] == "TaskRequestSucceeded", answer["detail"]
    item = aws.get_item(TableName="TasksTable", Key={"id": {"S": answer["detail"]["taskId"]}})["Item"]
    assert item["category"]["S"] == category.value
    drafts = categories.drafts_of(category)
    if drafts is not None:
        draft_id = item[str(categories.link_field(category))]["S"]
        assert aws.get_item(TableName=drafts.table, Key={"id": {"S": draft_id}}).get("Item"), "no draft row"


def test_two_deliveries_at_the_same_moment_get_one_task_one_answer_and_one_audit_row(
    make_user: Any, world: EventsWorld, integration: str, strict_dynamodb: Any
) -> None:
    """Finding 2: SQS and EventBridge deliver at least once, and two copies of a message can be handled at the
    same moment (two environments, strict DynamoDB rules: transactions hold their items). Both are answered, the
    same way, for one task, audited once."""
    make_user(Role.ADMIN)
    world.invokers["TaskRequestFunction"] = FunctionRuntime(
        template.functions()["TaskRequestFunction"], max_environments=2
    ).invoke
    (poller,) = world.pollers("TaskRequestFunction")
    poller.redelivery = Redelivery(copies=2, concurrent=True)
    world.send_task_request(SOURCE, {**TASK, "correlationId": "twice"})
    found = answers(world)
    assert [a["detail-type"] for a in found] == ["TaskRequestSucceeded", "TaskRequestSucceeded"], found
    assert len({a["detail"]["taskId"] for a in found}) == 1
    assert TaskModel.count() == 1
    assert [row.outcome for row in audit(integration)] == ["SUCCEEDED"]


def test_a_senders_resend_with_a_new_event_id_is_the_same_request(
    make_user: Any, world: EventsWorld, integration: str
) -> None:
    """Finding 3: the sender's SDK retried PutEvents after a timeout, so the same request arrives again with a
    new event id; its correlationId makes it the same request: one task, the same answer."""
    make_user(Role.ADMIN)
    first = world.send_task_request(SOURCE, {**TASK, "correlationId": "crm-resend"})
    again = world.send_task_request(SOURCE, {**TASK, "correlationId": "crm-resend"})
    assert first != again
    found = answers(world)
    assert [a["detail-type"] for a in found] == ["TaskRequestSucceeded", "TaskRequestSucceeded"]
    assert len({a["detail"]["taskId"] for a in found}) == 1
    assert {a["detail"]["requestEventId"] for a in found} == {first, again}
    assert TaskModel.count() == 1
    assert len(audit(integration)) == 1


def test_a_redelivered_rejection_gets_the_first_rejection_and_is_not_run_again(
    make_user: Any, world: EventsWorld, integration: str
) -> None:
    """Finding 4: a rejection whose message comes back (its answer could not be published, its batch timed
    out) is answered with the first rejection, even when the request would now succeed, and not audited again."""
    world.send_task_request(SOURCE, {**TASK, "correlationId": "nobody-yet"})
    world.drive("TaskRequestFunction")
    seen = world.tap()
    (request,) = of_type(seen, "TaskRequested")
    (first,) = of_type(seen, "TaskRequestRejected")
    make_user(Role.ADMIN)  # someone could take it now
    world.sqs.send_message(QueueUrl=world.made.queue_urls["TaskRequestQueue"], MessageBody=_json(request))
    (again,) = answers(world)
    assert again["detail-type"] == "TaskRequestRejected"
    assert again["detail"] == first["detail"]
    assert TaskModel.count() == 0
    assert [row.errorCode for row in audit(integration)] == ["INVALID_ASSIGNEE"]


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def test_a_detail_nested_a_thousand_deep_is_answered(world: EventsWorld, integration: str) -> None:
    """Finding 7: the detail is bounded in depth like an HTTP body (32 levels), before anything walks it, so a
    detail nested 1,000 deep is rejected with an answer, never dead-lettered."""
    world.deliver_task_request(SOURCE, {**TASK, "meta": nested(1000), "correlationId": "deep"})
    (answer,) = answers(world)
    assert answer["detail-type"] == "TaskRequestRejected"
    assert (answer["detail"]["status"], answer["detail"]["error"]["code"]) == (400, "INVALID_REQUEST")
    assert answer["detail"]["correlationId"] == "deep"
    assert world.drain(world.made.queue_urls["TaskRequestDeadLetterQueue"]) == []


def test_twenty_thousand_keys_are_answered_within_eventbridges_limits(world: EventsWorld, integration: str) -> None:
    """Finding 8: a detail of 20,000 extra keys (229 KB) is refused for its size in keys, like an HTTP body; the
    rejection is small, reaches the sender, and nothing is dead-lettered."""
    detail = {**TASK, "correlationId": "wide", **{f"k{n}": 0 for n in range(20_000)}}
    world.send_task_request(SOURCE, detail)
    (answer,) = answers(world)
    assert answer["detail-type"] == "TaskRequestRejected"
    assert answer["detail"]["error"]["code"] == "INVALID_REQUEST"
    assert answer["detail"]["correlationId"] == "wide"
    assert world.drain(world.made.queue_urls["TaskRequestDeadLetterQueue"]) == []


def test_a_rejection_too_long_for_eventbridge_is_cut_to_its_first_details(world: EventsWorld, integration: str) -> None:
    """Finding 8: within the key bound, 800 unknown keys of 300 characters each make a VALIDATION_FAILED whose
    details alone are over 256 KB; the answer keeps the first details that fit and says `truncated: true`."""
    detail = {**TASK, "correlationId": "long", **{f"{n:04d}" + "x" * 296: n for n in range(800)}}
    world.send_task_request(SOURCE, detail)
    (answer,) = answers(world)
    error = answer["detail"]["error"]
    assert (answer["detail"]["status"], error["code"]) == (422, "VALIDATION_FAILED")
    assert error["truncated"] is True
    assert 0 < len(error["details"]) <= 800
    entry = {"Source": answer["source"], "DetailType": answer["detail-type"], "Detail": _json(answer["detail"])}
    assert aws_limits.put_events_entry_size(entry) <= aws_limits.PUT_EVENTS_MAX_BYTES


def test_answers_also_reach_the_bus_the_integration_registered_and_stop_when_it_unregisters(
    api: Any, make_user: Any, world: EventsWorld
) -> None:
    """Finding 11: `PUT /integrations/{source}` with `answerBusArn` makes the service deliver that source's
    answers to that bus (here another bus of the account, a queue behind it); without it, the rule is gone."""
    boss = make_user(Role.SUPER_ADMIN)
    make_user(Role.ADMIN)
    theirs = world.events.create_event_bus(Name="crm-answers")["EventBusArn"]
    inbox = world.sqs.create_queue(QueueName="crm-inbox")["QueueUrl"]
    inbox_arn = world.sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    world.events.put_rule(Name="all", EventBusName="crm-answers", EventPattern=json.dumps({"source": ["taskexec"]}))
    world.events.put_targets(Rule="all", EventBusName="crm-answers", Targets=[{"Id": "inbox", "Arn": inbox_arn}])

    body = {"name": "CRM", "status": "ACTIVE", "answerBusArn": theirs}
    reply = api("PUT", f"/integrations/{SOURCE}", boss, body=body)
    assert reply.status == 200, reply.body
    assert reply.body["answerBusArn"] == theirs
    world.send_task_request(SOURCE, {**TASK, "correlationId": "to-them"})
    (answer,) = answers(world)
    (delivered,) = [json.loads(m["Body"]) for m in world.drain(inbox)]
    assert delivered["detail"] == answer["detail"]
    assert delivered["detail"]["requestSource"] == SOURCE

    reply = api("PUT", f"/integrations/{SOURCE}", boss, body={"name": "CRM", "status": "ACTIVE"})
    assert reply.status == 200, reply.body
    assert reply.body.get("answerBusArn") is None
    world.send_task_request(SOURCE, {**TASK, "correlationId": "only-here"})
    assert len(answers(world)) == 1
    assert world.drain(inbox) == []


@pytest.fixture
def thursday_night_in_honolulu(monkeypatch: pytest.MonkeyPatch) -> None:
    """The execute service's clock at 09:30 UTC on Friday 4 December 2026: still Thursday in Honolulu."""
    from datetime import datetime

    from taskexec.services import execute as execute_service

    monkeypatch.setattr(execute_service, "utc_now", lambda: datetime.fromisoformat("2026-12-04T09:30:00Z"))


@pytest.mark.parametrize(
    ("zone", "due", "carried"),
    [("Pacific/Honolulu", "2026-12-04", "Pacific/Honolulu"), (None, "2026-12-05", "UTC")],
    ids=["the detail's zone", "UTC without one"],
)
def test_a_requests_dates_are_on_the_calendar_of_the_zone_its_detail_names(
    make_user: Any,
    world: EventsWorld,
    integration: str,
    thursday_night_in_honolulu: None,
    zone: str | None,
    due: str,
    carried: str,
) -> None:
    make_user(Role.ADMIN)
    task = {"task": {"category": "general", "title": "Send the weekly report", "dueDate": "tomorrow"}}
    world.send_task_request(SOURCE, {**task, **({"timeZone": zone} if zone else {})})
    (answer,) = answers(world)
    stored = TaskModel.get(answer["detail"]["taskId"])
    assert (stored.dueDate, stored.timeZone) == (due, carried)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", 5, None])
def test_a_zone_that_is_no_zone_is_rejected_naming_the_field(
    world: EventsWorld, integration: str, make_user: Any, zone: object
) -> None:
    make_user(Role.ADMIN)
    world.send_task_request(SOURCE, {**TASK, "timeZone": zone, "correlationId": "z-1"})
    (answer,) = answers(world)
    assert answer["detail-type"] == "TaskRequestRejected"
    error = answer["detail"]["error"]
    assert error["code"] == "VALIDATION_FAILED"
    assert [d["field"] for d in error["details"]] == ["timeZone"]
