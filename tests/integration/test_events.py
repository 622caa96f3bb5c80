"""Domain events from the tables' streams, as the template wires them: the events publisher's stream event
sources polled the way Lambda's mappings poll, the events read back from the bus through a catch-all tap, and
the notifications through an SQS subscription of the notification topic."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec.authorization import Role
from tests.support.events import EventsWorld, events_world, invoker, of_type

TASK = {"task": {"category": "general", "title": "Order office chairs"}}


@pytest.fixture
def world(aws: Any, monkeypatch: pytest.MonkeyPatch) -> EventsWorld:
    return events_world(aws, monkeypatch)


def execute(api: Any, caller: Any, body: dict[str, Any] = TASK) -> dict[str, Any]:
    reply = api("POST", "/ai/execute", caller, body=body)
    assert reply.status == 201, reply.body
    return dict(reply.body["task"])


def test_an_execution_yields_task_created_and_task_assigned(api: Any, make_user: Any, world: EventsWorld) -> None:
    admin, holder = make_user(Role.ADMIN), make_user(Role.ADMIN)
    task = execute(api, admin)
    world.drive("EventsPublisherFunction")

    events = world.tap()
    (created,) = of_type(events, "TaskCreated")
    (assigned,) = of_type(events, "TaskAssigned")
    for event in (created, assigned):
        assert event["source"] == "taskexec"
        assert {name: event["detail"][name] for name in task} == task  # the task as the API answers it
        assert {k: event["detail"][k] for k in ("id", "assigneeId", "createdById")} == {
            "id": task["id"],
            "assigneeId": holder.id,
            "createdById": admin.id,
        }
        assert event["detail"]["occurredAt"] == task["createdAt"]
    assert created["detail"]["eventId"] != assigned["detail"]["eventId"]
    (note,) = world.notifications()
    assert note["MessageAttributes"]["assigneeId"] == {"Type": "String", "Value": holder.id}


def test_a_task_event_links_the_draft_its_category_made(api: Any, make_user: Any, world: EventsWorld) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    task = execute(api, admin, {"task": {"category": "segment", "title": "Lapsed donors"}})
    world.drive("EventsPublisherFunction")

    (created,) = of_type(world.tap(), "TaskCreated")
    assert task["segmentId"]
    assert {name: created["detail"][name] for name in task} == task


def test_a_patch_yields_task_status_changed_and_notifies_the_assignee(
    api: Any, make_user: Any, world: EventsWorld
) -> None:
    admin, holder = make_user(Role.ADMIN), make_user(Role.ADMIN)
    task = execute(api, admin)
    world.drive("EventsPublisherFunction")
    world.tap(), world.notifications()

    assert api("PATCH", f"/tasks/{task['id']}", admin, body={"status": "IN_PROGRESS"}).status == 200
    world.drive("EventsPublisherFunction")
    (changed,) = world.tap()
    assert changed["detail-type"] == "TaskStatusChanged"
    assert (changed["detail"]["oldStatus"], changed["detail"]["newStatus"]) == ("TODO", "IN_PROGRESS")
    assert changed["detail"]["status"] == "IN_PROGRESS"
    (note,) = world.notifications()
    assert note["MessageAttributes"]["assigneeId"]["Value"] == holder.id
    assert "TODO -> IN_PROGRESS" in note["Subject"]


def test_a_filter_policy_on_assignee_id_delivers_one_person_s_notifications(
    api: Any, make_user: Any, world: EventsWorld
) -> None:
    """The docs' example filter policy (docs/events.md), as SNS applies it."""
    admin, first = make_user(Role.ADMIN), make_user(Role.ADMIN)
    mine = execute(api, admin)
    second = make_user(Role.ADMIN)
    theirs = execute(api, admin)  # the least loaded now is `second` (first holds one task)
    assert (mine["assigneeId"], theirs["assigneeId"]) == (first.id, second.id)
    inbox = world.subscribe({"assigneeId": [first.id]})
    world.drive("EventsPublisherFunction")
    api("PATCH", f"/tasks/{theirs['id']}", admin, body={"status": "DONE"})
    api("PATCH", f"/tasks/{mine['id']}", admin, body={"status": "DONE"})
    world.drive("EventsPublisherFunction")
    delivered = world.drain(inbox)
    assert len(delivered) == 2  # first's assignment and first's status change, nothing of second's
    assert all(first.id in m["Body"] for m in delivered)


def test_a_rollup_whose_status_changes_yields_health_status_changed(aws: Any, world: EventsWorld) -> None:
    rollup = load_function("metrics_rollup").lambda_handler
    rollup({"time": "2026-01-01T10:00:00Z"}, LambdaContext("metrics_rollup"))
    world.drive("EventsPublisherFunction")
    (first,) = of_type(world.tap(), "HealthStatusChanged")
    assert (first["detail"]["oldStatus"], first["detail"]["newStatus"]) == (None, "healthy")

    rollup({"time": "2026-01-01T10:05:00Z"}, LambdaContext("metrics_rollup"))
    world.drive("EventsPublisherFunction")
    assert of_type(world.tap(), "HealthStatusChanged") == []  # healthy again: no change, no event

    aws.update_item(  # as a rollup that found the database unreachable would have left it
        TableName="MonitoringTable",
        Key={"pk": {"S": "SNAPSHOT"}, "sk": {"S": "LATEST"}},
        UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "critical"}},
    )
    rollup({"time": "2026-01-01T10:10:00Z"}, LambdaContext("metrics_rollup"))
    world.drive("EventsPublisherFunction")
    last = of_type(world.tap(), "HealthStatusChanged")[-1]
    assert (last["detail"]["oldStatus"], last["detail"]["newStatus"]) == ("critical", "healthy")
    assert last["detail"]["computedAt"] == "2026-01-01T10:10:00Z" == last["detail"]["occurredAt"]
    assert {"successRate", "executions", "window", "eventId"} <= set(last["detail"])


def test_history_snapshots_publish_nothing(aws: Any, world: EventsWorld) -> None:
    aws.put_item(
        TableName="MonitoringTable",
        Item={
            "pk": {"S": "SNAPSHOT"},
            "sk": {"S": "2026-01-01T00:00:00Z"},
            "status": {"S": "critical"},
            "body": {"S": "{}"},
        },
    )
    world.drive("EventsPublisherFunction")
    assert world.tap() == []


def test_event_ids_are_unique_per_event_and_stable_per_stream_record(
    api: Any, make_user: Any, world: EventsWorld
) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    for _ in range(3):
        execute(api, admin)
    world.drive("EventsPublisherFunction")
    ids = [event["detail"]["eventId"] for event in world.tap()]
    assert len(ids) == 6
    assert Counter(ids).most_common(1)[0][1] == 1


def test_a_title_sns_refuses_as_a_subject_is_notified_once_and_never_repeats_anothers(
    api: Any, make_user: Any, world: EventsWorld
) -> None:
    """Finding 6: a title with a line break, a control character or letters outside ASCII cannot be an SNS
    subject as is (AWS refuses it); the subject is made safe, so the first assignee is notified, and no record's
    trouble sends a later record's notification twice."""
    admin = make_user(Role.ADMIN)
    holders = [make_user(Role.ADMIN) for _ in range(3)]
    titles = ["Fix the\nwebhook\x07 for Café Zürich", "Second task", "Third task"]
    for title in titles:
        execute(api, admin, {"task": {"category": "general", "title": title}})
    world.drive("EventsPublisherFunction")
    notes = world.notifications()
    per_event = Counter(json.loads(note["Message"])["detail"]["eventId"] for note in notes)
    assert sorted(per_event.values()) == [1, 1, 1], per_event
    assert {note["MessageAttributes"]["assigneeId"]["Value"] for note in notes} == {h.id for h in holders}
    first = next(note for note in notes if json.loads(note["Message"])["detail"]["title"] == titles[0])
    assert first["Subject"].startswith("Assigned to you: Fix the webhook")
    assert first["Subject"].isascii()
    assert first["Subject"].isprintable()


def test_statistics_writes_never_invoke_the_publisher(api: Any, aws: Any, make_user: Any, world: EventsWorld) -> None:
    """Finding 12: the publisher needs only the LATEST snapshot of MonitoringTable's stream; a filter on its event
    source keeps the statistics buckets (and history snapshots) from invoking it at all."""
    from tests.support.statistics import StatisticsFeed

    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    execute(api, admin)
    world.drive("EventsPublisherFunction")  # the task's own events
    invoked: list[dict[str, Any]] = []
    real = world.invokers.get("EventsPublisherFunction") or invoker("events_publisher")

    def counting(event: dict[str, Any]) -> Any:
        invoked.extend(event["Records"])
        return real(event)

    world.invokers["EventsPublisherFunction"] = counting
    StatisticsFeed().catch_up()  # bucket writes on MonitoringTable
    assert [i for i in aws.scan(TableName="MonitoringTable")["Items"] if i["pk"]["S"].startswith("BUCKET#")]
    world.drive("EventsPublisherFunction")
    assert invoked == []
