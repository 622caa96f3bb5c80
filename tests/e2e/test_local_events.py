"""`make local` end to end for events and integrations: requests over HTTP with real tokens, integrations
sending TaskRequested events to the stack's emulated bus, and every answer read back from the events tap
(`eventsTapQueueUrl` in stack.json), all driven by the stack's own event source mappings."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec import config
from taskexec.data import clients
from taskexec.domain.vocabulary import Category
from tests.e2e.local_stack import RunningStack, running_stack

pytestmark = pytest.mark.e2e

TASK = {"task": {"category": "general", "title": "Order office chairs for the new team"}}
CATEGORIES = [category.value for category in Category]
Events = list[dict[str, Any]]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    state_dir: Path = tmp_path_factory.mktemp("local-stack-events")
    with running_stack(state_dir) as running:
        yield running


def detail_is(detail_type: str, **fields: Any) -> Callable[[dict[str, Any]], bool]:
    def matches(event: dict[str, Any]) -> bool:
        detail = event.get("detail") or {}
        return event.get("detail-type") == detail_type and all(detail.get(k) == v for k, v in fields.items())

    return matches


def one(events: Events, match: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    return next(event for event in events if match(event))


def has(*matches: Callable[[dict[str, Any]], bool]) -> Callable[[Events], bool]:
    return lambda events: all(any(match(event) for event in events) for match in matches)


def request_task(stack: RunningStack, source: str, detail: dict[str, Any]) -> None:
    answer = stack.aws("events").put_events(
        Entries=[
            {
                "EventBusName": stack.info["eventBusName"],
                "Source": source,
                "DetailType": "TaskRequested",
                "Detail": json.dumps(detail),
            }
        ]
    )
    assert answer["FailedEntryCount"] == 0, answer


def test_an_execution_yields_task_created_and_task_assigned(stack: RunningStack) -> None:
    status, body, _ = stack.call("POST", "/ai/execute", stack.id_token("ADMIN"), TASK)
    assert status == 201, body
    task = body["task"]
    created, assigned = detail_is("TaskCreated", id=task["id"]), detail_is("TaskAssigned", id=task["id"])
    events = stack.wait_for_events(has(created, assigned), what=f"TaskCreated/TaskAssigned of {task['id']}")
    for match in (created, assigned):
        event = one(events, match)
        assert event["source"] == "taskexec"
        assert event["detail"]["assigneeId"] == task["assigneeId"]
        assert event["detail"]["eventId"]


def test_a_patch_yields_task_status_changed_with_old_and_new_status(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    status, body, _ = stack.call("POST", "/ai/execute", token, TASK)
    assert status == 201, body
    task_id = body["task"]["id"]
    status, _, _ = stack.call("PATCH", f"/tasks/{task_id}", token, {"status": "IN_PROGRESS"})
    assert status == 200
    changed = detail_is("TaskStatusChanged", id=task_id, oldStatus="TODO", newStatus="IN_PROGRESS")
    stack.wait_for_events(has(changed), what=f"TaskStatusChanged of {task_id}")


def test_a_user_reads_the_board(stack: RunningStack) -> None:
    status, body, _ = stack.call("POST", "/ai/execute", stack.id_token("ADMIN"), TASK)
    assert status == 201, body
    token = stack.id_token("USER")
    status, listed, _ = stack.call("GET", "/tasks?scope=all&limit=100", token)
    assert status == 200
    assert body["task"]["id"] in [t["id"] for t in listed["items"]]
    assert stack.call("PATCH", f"/tasks/{body['task']['id']}", token, {"status": "DONE"})[0] == 403


def test_a_rollup_whose_status_changes_yields_health_status_changed(
    stack: RunningStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack.wait_for_events(has(detail_is("HealthStatusChanged", oldStatus=None)), what="the first rollup's status")
    stack.aws("dynamodb").update_item(  # as a rollup that found the database unreachable would have left it
        TableName=stack.info["tables"]["MonitoringTable"],
        Key={"pk": {"S": "SNAPSHOT"}, "sk": {"S": "LATEST"}},
        UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "critical"}},
    )
    for name, value in (
        ("AWS_ENDPOINT_URL", stack.info["awsEndpoint"]),
        ("AWS_REGION", stack.info["region"]),
        ("AWS_DEFAULT_REGION", stack.info["region"]),
        ("AWS_ACCESS_KEY_ID", "local"),
        ("AWS_SECRET_ACCESS_KEY", "local"),
    ):
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for logical_id, table in stack.info["tables"].items():
        if logical_id in config.TABLE_ENV:
            monkeypatch.setenv(config.TABLE_ENV[logical_id], table)
    clients.connection.cache_clear()
    try:
        load_function("metrics_rollup").lambda_handler({}, LambdaContext("metrics_rollup"))
    finally:
        clients.connection.cache_clear()
    stack.wait_for_events(
        has(detail_is("HealthStatusChanged", oldStatus="critical", newStatus="healthy")),
        what="HealthStatusChanged critical -> healthy",
    )


def test_a_task_requested_by_the_demo_integration_is_created_on_its_behalf(stack: RunningStack) -> None:
    source, correlation = stack.info["integrationSource"], f"e2e-{uuid.uuid4().hex[:8]}"
    request_task(stack, source, {**TASK, "correlationId": correlation})
    succeeded = detail_is("TaskRequestSucceeded", correlationId=correlation)
    events = stack.wait_for_events(has(succeeded), what=f"TaskRequestSucceeded {correlation}")
    task_id = one(events, succeeded)["detail"]["taskId"]
    status, task, _ = stack.call("GET", f"/tasks/{task_id}", stack.id_token("ADMIN"))
    assert status == 200, task
    assert task["createdById"] == f"integration:{source}"
    assert task["assigneeId"] != f"integration:{source}"


def test_an_unregistered_source_is_rejected(stack: RunningStack) -> None:
    correlation = f"e2e-{uuid.uuid4().hex[:8]}"
    request_task(stack, "nobody.example", {**TASK, "correlationId": correlation})
    rejected = detail_is("TaskRequestRejected", correlationId=correlation)
    events = stack.wait_for_events(has(rejected), what=f"TaskRequestRejected {correlation}")
    assert one(events, rejected)["detail"]["error"]["code"] == "USER_NOT_REGISTERED"


def test_a_super_admin_registers_an_integration_that_can_then_request_tasks(stack: RunningStack) -> None:
    token = stack.id_token("SUPER_ADMIN")
    status, row, _ = stack.call("PUT", "/integrations/e2e.crm", token, {"name": "E2E CRM", "status": "ACTIVE"})
    assert (status, row["id"], row["role"]) == (200, "integration:e2e.crm", "INTEGRATION")
    correlation = f"e2e-{uuid.uuid4().hex[:8]}"
    request_task(
        stack,
        "e2e.crm",
        {"message": "Create a task to review the Q3 newsletter campaign", "correlationId": correlation},
    )
    stack.wait_for_events(
        has(detail_is("TaskRequestSucceeded", correlationId=correlation)), what=f"TaskRequestSucceeded {correlation}"
    )


def test_an_integrations_answers_reach_the_bus_it_registered_for_every_category(stack: RunningStack) -> None:
    """The local stack's functions meet their IAM roles (devkit.iam): a task request of each category, with its
    draft, and the answer rule made for the integration's own bus (iam:PassRole included) pass them, and every
    answer, also the one of a request sent twice, reaches that bus once per delivery with the same task."""
    events, sqs = stack.aws("events"), stack.aws("sqs")
    theirs = events.create_event_bus(Name=f"e2e-answers-{uuid.uuid4().hex[:6]}")
    inbox = sqs.create_queue(QueueName=f"e2e-inbox-{uuid.uuid4().hex[:6]}")["QueueUrl"]
    inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus_name = theirs["EventBusArn"].split("/")[-1]
    events.put_rule(Name="all", EventBusName=bus_name, EventPattern=json.dumps({"source": ["taskexec"]}))
    events.put_targets(Rule="all", EventBusName=bus_name, Targets=[{"Id": "inbox", "Arn": inbox_arn}])
    body = {"name": "Answers CRM", "status": "ACTIVE", "answerBusArn": theirs["EventBusArn"]}
    status, row, _ = stack.call("PUT", "/integrations/answers.crm", stack.id_token("SUPER_ADMIN"), body)
    assert (status, row["answerBusArn"]) == (200, theirs["EventBusArn"]), row

    correlations = {category: f"e2e-{category}-{uuid.uuid4().hex[:6]}" for category in CATEGORIES}
    for category, correlation in correlations.items():
        detail = {"task": {"category": category, "title": f"An e2e {category} task"}, "correlationId": correlation}
        request_task(stack, "answers.crm", detail)
    request_task(stack, "answers.crm", {**TASK, "correlationId": correlations["segment"]})  # a resend
    wanted = [detail_is("TaskRequestSucceeded", correlationId=c) for c in correlations.values()]
    stack.wait_for_events(has(*wanted), what="the answers of every category")

    delivered: list[dict[str, Any]] = []
    for _ in range(150):
        for message in sqs.receive_message(QueueUrl=inbox, MaxNumberOfMessages=10).get("Messages", []):
            delivered.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=inbox, ReceiptHandle=message["ReceiptHandle"])
        if len(delivered) >= len(correlations) + 1:
            break
        time.sleep(0.2)
    answered = {e["detail"]["correlationId"] for e in delivered if e["detail-type"] == "TaskRequestSucceeded"}
    assert answered == set(correlations.values()), delivered
    segment = [e["detail"]["taskId"] for e in delivered if e["detail"]["correlationId"] == correlations["segment"]]
    assert len(segment) == 2
    assert len(set(segment)) == 1
