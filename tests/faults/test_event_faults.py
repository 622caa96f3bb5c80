"""Faults on the events paths, in process: what Lambda's mappings do with a consumer that fails part of a
batch, a stream record delivered twice, and a message that makes the handler raise."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from devkit import template
from devkit.botocalls import Call, Send, intercepting
from devkit.handlers import load_function
from taskexec.authorization import Role, UserStatus
from taskexec.data import bus
from taskexec.data.models import ActivityModel, TaskModel
from taskexec.services import integrations
from tests.faults import injection
from tests.support.events import EventsWorld, events_world, invoker, of_type

TASK = {"task": {"category": "general", "title": "Order office chairs"}}


@pytest.fixture
def world(aws: Any, monkeypatch: pytest.MonkeyPatch) -> EventsWorld:
    return events_world(aws, monkeypatch)


def tasks(api: Any, caller: Any, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        reply = api("POST", "/ai/execute", caller, body=TASK)
        assert reply.status == 201, reply.body
        ids.append(str(reply.body["task"]["id"]))
    return ids


def task_of(record: dict[str, Any]) -> str | None:
    keys = record["dynamodb"]["Keys"]
    return str(keys["id"]["S"]) if "id" in keys else None


def test_a_publisher_failing_half_a_batch_resumes_from_each_failed_record_publishing_each_once(
    api: Any, make_user: Any, world: EventsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lambda retries a stream from the first failed record; the publisher handles nothing after a failure in a
    batch, so each retry starts at the next record that failed and nothing before it is handled twice."""
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    ids = tasks(api, admin, 6)
    failing = set(ids[3:])
    refused: list[str] = []
    real_put = bus.put

    def put(entries: list[bus.Entry]) -> list[int]:
        """EventBridge refuses every entry of the second half's tasks, the first time each is sent."""
        task = json.loads(entries[0].detail_json).get("id")
        if task in failing and task not in refused:
            refused.append(task)
            return list(range(len(entries)))
        return real_put(entries)

    monkeypatch.setattr(bus, "put", put)
    batches: list[list[str | None]] = []
    real = invoker("events_publisher")

    def recording(event: dict[str, Any]) -> Any:
        batches.append([task_of(r) for r in event["Records"] if "TasksTable" in r["eventSourceARN"]])
        return real(event)

    world.invokers["EventsPublisherFunction"] = recording
    world.drive("EventsPublisherFunction")

    task_batches = [batch for batch in batches if batch]
    assert task_batches == [ids, ids[3:], ids[4:], ids[5:]]  # each retry starts at the record that failed
    published = Counter(e["detail"]["id"] for e in of_type(world.tap(), "TaskCreated"))
    assert published == Counter(dict.fromkeys(ids, 1))  # each once: the refused attempt published nothing
    assert world.drain(world.made.queue_urls["EventsPublisherDeadLetterQueue"]) == []


def test_a_duplicate_stream_record_publishes_the_same_event_ids(api: Any, make_user: Any, world: EventsWorld) -> None:
    """At least once: a record delivered twice yields its events twice, each time with the same eventId, so a
    consumer that deduplicates by eventId sees every event exactly once."""
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    tasks(api, admin, 2)
    delivered: list[dict[str, Any]] = []
    real = invoker("events_publisher")

    def twice(event: dict[str, Any]) -> Any:
        delivered.append(event)
        return real(event)

    world.invokers["EventsPublisherFunction"] = twice
    world.drive("EventsPublisherFunction")
    first = world.tap()
    for event in delivered:  # the same records again, as after a retry or a shard re-read
        real(event)
    second = world.tap()

    def key(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return sorted((e["detail"]["eventId"], e["detail-type"]) for e in events)

    assert len(first) == 4
    assert key(second) == key(first)
    assert len({e["detail"]["eventId"] for e in first + second}) == len(first)
    assert [json.loads(json.dumps(e["detail"])) for e in sorted(second, key=lambda e: e["detail"]["eventId"])] == [
        e["detail"] for e in sorted(first, key=lambda e: e["detail"]["eventId"])
    ]


def test_a_record_the_bus_keeps_refusing_ends_in_the_on_failure_queue(
    api: Any, make_user: Any, world: EventsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    tasks(api, admin, 1)
    monkeypatch.setattr(bus, "put", lambda entries: list(range(len(entries))))
    world.drive("EventsPublisherFunction")
    failures = [json.loads(m["Body"]) for m in world.drain(world.made.queue_urls["EventsPublisherDeadLetterQueue"])]
    assert any("TasksTable" in f["DDBStreamBatchInfo"]["streamArn"] for f in failures)
    assert all(f["requestContext"]["condition"] == "RetryAttemptsExhausted" for f in failures)


def test_a_poison_task_request_lands_in_the_dead_letter_queue_after_its_retries(
    make_user: Any, world: EventsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(Role.ADMIN)
    attempts: list[str] = []

    def poison(message_body: str, message_id: str) -> str:
        attempts.append(message_id)
        raise RuntimeError("the handler cannot cope with this message")

    monkeypatch.setattr(load_function("task_requests"), "handle", poison)
    world.send_task_request("crm.example", {**TASK, "correlationId": "poison"})
    world.drive("TaskRequestFunction")

    (dead,) = world.drain(world.made.queue_urls["TaskRequestDeadLetterQueue"])
    assert json.loads(dead["Body"])["detail"]["correlationId"] == "poison"
    (queue,) = [q for lid, q in template.queues().items() if lid == "TaskRequestQueue"]
    assert len(attempts) == queue["RedrivePolicy"]["maxReceiveCount"]
    assert [e["detail-type"] for e in world.tap()] == ["TaskRequested"]  # no answer: it was never handled


def test_a_failed_task_request_is_counted_as_failed_and_its_task_carries_the_integration_source(
    make_user: Any, world: EventsWorld
) -> None:
    """Finding 10: a delivery that fails for the service's own reasons (here the execution's transaction meets an
    internal error) is an execution that failed: audited and counted FAILED, like a 5xx of the API, then retried.
    The task the retry makes carries `source: integration`, and the answer names the request's source."""
    make_user(Role.ADMIN)
    integrations.register("crm.example", "CRM", UserStatus.ACTIVE)
    failed: list[str] = []

    def first_transaction_fails(call: Call, send: Send) -> Any:
        if call.function == "TaskRequestFunction" and call.operation == "TransactWriteItems" and not failed:
            failed.append(call.operation)
            raise injection.client_error("InternalServerError", call.operation)
        return send()

    world.send_task_request("crm.example", {**TASK, "correlationId": "flaky"})
    with intercepting(first_transaction_fails, service="dynamodb"):
        world.drive("TaskRequestFunction")
    rows = sorted(ActivityModel.query("integration:crm.example"), key=lambda row: row.at)
    assert [(row.outcome, bool(row.counts)) for row in rows] == [("FAILED", True), ("SUCCEEDED", True)]
    assert rows[0].errorCode in {"DATABASE_UNAVAILABLE", "INTERNAL_ERROR"}
    (answer,) = of_type(world.tap(), "TaskRequestSucceeded")
    assert answer["detail"]["requestSource"] == "crm.example"
    assert TaskModel.get(answer["detail"]["taskId"]).source == "integration"
