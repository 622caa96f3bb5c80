"""Automation runs against moto, driven as Lambda drives AutomationRunFunction from AutomationRunQueue, every
call held to the functions' IAM roles: a run makes its tasks on behalf of the owner (source automation, its
automation id and depth, the placeholders filled, the dates on the schedule's or the owner's calendar), is
recorded in lastRuns and announced with AutomationRan; it happens once however often it is delivered (one
after the other, two at once, or after a failure half-way); an owner who can no longer run it pauses it (at run
time, or at once when a SUPER_ADMIN takes their standing away); an automation never triggers itself and a chain
stops at depth 3, each refusal recorded."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from devkit import template
from devkit.botocalls import Call, Send, intercepting
from devkit.event_sources import Redelivery
from devkit.gateway import FunctionRuntime
from taskexec.authorization import Role, UserStatus
from taskexec.data import automation_messages, user_store
from taskexec.data.models import ActivityModel, TaskModel
from taskexec.domain.automation_runs import MAX_DEPTH
from tests.faults.injection import client_error
from tests.support.automations import AutomationsWorld, automations_world
from tests.support.events import EventsWorld, events_world, of_type
from tests.support.fixtures import Caller, Reply
from tests.support.strict import strict_dynamodb

__all__ = ["strict_dynamodb"]

Api = Callable[..., Reply]
MakeUser = Callable[..., Caller]
RUNS = "AutomationRunFunction"
REVIEW = {
    "name": "Review a finished campaign",
    "trigger": {"event": "TaskStatusChanged", "match": {"category": ["campaign"], "status": ["DONE"]}},
    "actions": [
        {
            "task": {
                "category": "analytics",
                "title": "Review the results of {task.title}",
                "description": "Campaign {task.id} went from {event.oldStatus} to {event.newStatus}.",
                "dueDate": "in 2 days",
            }
        }
    ],
}
DONE = {
    "id": "t-1",
    "title": "Spring sale",
    "category": "campaign",
    "status": "DONE",
    "oldStatus": "IN_PROGRESS",
    "newStatus": "DONE",
    "assigneeId": "u-2",
    "createdById": "u-1",
    "eventId": "ev-1",
}


class World:
    """The events world (bus, queues, the consumers' pollers) with the automations' schedule group and
    environment on the same bus."""

    def __init__(self, events: EventsWorld, automations: AutomationsWorld) -> None:
        self.events = events
        self.automations = automations

    def run(self) -> list[dict[str, Any]]:
        """Drive AutomationRunFunction until its queue is empty; the AutomationRan events it published."""
        self.events.drive(RUNS)
        return [e["detail"] for e in of_type(self.events.tap(), "AutomationRan")]

    def publish_tasks_events(self) -> None:
        """The events publisher reads the tasks stream: each task's events reach the bus and the rules."""
        self.events.drive("EventsPublisherFunction")

    def scheduled(self, automation_id: str, at: str) -> None:
        """A schedule's run, as Scheduler delivers it at `at`."""
        body = automation_messages.schedule_input(automation_id).replace("<aws.scheduler.scheduled-time>", at)
        boto3.client("sqs", region_name="us-east-1").send_message(
            QueueUrl=self.events.made.queue_urls["AutomationRunQueue"], MessageBody=body
        )


@pytest.fixture
def world(aws: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    events = events_world(aws, monkeypatch)
    return World(events, automations_world(monkeypatch, events.made))


@pytest.fixture
def owner(make_user: MakeUser) -> Caller:
    make_user(Role.ADMIN, email="dana@example.com")  # someone to assign the tasks to
    return make_user(Role.ADMIN)


def create(api: Api, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    reply = api("POST", "/automations", caller, body=body)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def read(api: Api, caller: Caller, automation_id: str) -> dict[str, Any]:
    reply = api("GET", f"/automations/{automation_id}", caller)
    assert reply.status == 200, reply.body
    return dict(reply.body)


def automation_tasks(automation_id: str) -> list[Any]:
    return [task for task in TaskModel.scan() if task.automationId == automation_id]


def test_an_event_run_makes_its_task_as_the_owner_recorded_in_last_runs_and_announced(
    api: Api, owner: Caller, world: World
) -> None:
    automation = create(api, owner, REVIEW)
    world.automations.publish("TaskStatusChanged", DONE)
    (ran,) = world.run()

    (task,) = automation_tasks(automation["id"])
    assert (task.createdById, task.source, int(task.automationDepth)) == (owner.id, "automation", 1)
    assert task.title == "Review the results of Spring sale"
    assert task.description == "Campaign t-1 went from IN_PROGRESS to DONE."
    (run,) = read(api, owner, automation["id"])["lastRuns"]
    assert run == {**run, "eventId": "ev-1", "depth": 1, "outcome": "SUCCEEDED", "taskIds": [task.id]}
    assert "errors" not in run
    assert ran["automationId"] == automation["id"]
    assert ran["ownerId"] == owner.id
    assert ran["run"] == run
    assert ran["occurredAt"] == run["at"]
    assert ran["eventId"]
    (row,) = [r for r in ActivityModel.query(owner.id) if r.route == f"AutomationRun {automation['id']}"]
    assert (row.outcome, row.action, row.detail["automationId"], row.detail["eventId"]) == (
        "SUCCEEDED",
        "execute",
        automation["id"],
        "ev-1",
    )
    assert api("GET", f"/tasks/{task.id}", owner).body["automationId"] == automation["id"]


def test_each_action_runs_in_order_and_a_refused_one_leaves_the_others_partial(
    api: Api, owner: Caller, world: World
) -> None:
    body = {
        **REVIEW,
        "actions": [
            {"task": {"category": "analytics", "title": "First {task.title}"}},
            {"task": {"category": "general", "title": "Second", "assigneeId": "nobody@example.com"}},
            {"message": "Create a segment of customers who bought {task.title} tickets, assign it to dana@example.com"},
        ],
    }
    automation = create(api, owner, body)
    world.automations.publish("TaskStatusChanged", DONE)
    (ran,) = world.run()
    run = ran["run"]
    assert run["outcome"] == "PARTIAL"
    (error,) = run["errors"]
    assert (error["action"], error["error"]["code"]) == (1, "INVALID_ASSIGNEE")
    made = {task.id: task for task in automation_tasks(automation["id"])}
    assert list(made)
    assert set(made) == set(run["taskIds"])
    assert [made[i].category for i in run["taskIds"]] == ["analytics", "segment"]  # in action order


def test_a_schedules_run_reads_its_dates_on_the_schedules_calendar(api: Api, owner: Caller, world: World) -> None:
    """2026-03-02T11:00Z is a Monday in UTC and already Tuesday 01:00 at UTC+14: tomorrow is Wednesday there."""
    weekly = {
        "name": "Kiritimati",
        "trigger": {"schedule": "cron(0 1 ? * TUE *)", "timeZone": "Pacific/Kiritimati"},
        "actions": [{"task": {"category": "analytics", "title": "Weekly report", "dueDate": "tomorrow"}}],
    }
    automation = create(api, owner, weekly)
    world.scheduled(automation["id"], "2026-03-02T11:00:00Z")
    (ran,) = world.run()
    (task,) = automation_tasks(automation["id"])
    assert (task.timeZone, task.dueDate) == ("Pacific/Kiritimati", "2026-03-04")
    assert ran["run"]["scheduledTime"] == "2026-03-02T11:00:00Z"
    assert ran["run"]["depth"] == 1


def test_an_event_runs_dates_are_on_the_owners_calendar(api: Api, owner: Caller, world: World) -> None:
    assert api("PATCH", "/me", owner, body={"timeZone": "Pacific/Kiritimati"}).status == 200
    automation = create(api, owner, {**REVIEW, "actions": [{"task": {"category": "general", "title": "Next"}}]})
    world.automations.publish("TaskStatusChanged", DONE)
    world.run()
    (task,) = automation_tasks(automation["id"])
    assert task.timeZone == "Pacific/Kiritimati"


def test_a_run_delivered_twice_one_after_the_other_makes_its_tasks_once(api: Api, owner: Caller, world: World) -> None:
    automation = create(api, owner, {**REVIEW, "actions": REVIEW["actions"] * 2})
    (poller,) = world.events.pollers(RUNS)
    poller.redelivery = Redelivery(copies=2)
    world.automations.publish("TaskStatusChanged", DONE)
    world.automations.publish("TaskStatusChanged", DONE)  # the same event put twice: EventBridge's own redelivery
    announced = world.run()
    assert len(automation_tasks(automation["id"])) == 2
    assert len(read(api, owner, automation["id"])["lastRuns"]) == 1
    assert len({ran["eventId"] for ran in announced}) == 1
    assert len(announced) == 4
    rows = [r for r in ActivityModel.query(owner.id) if r.route == f"AutomationRun {automation['id']}"]
    assert len(rows) == 2  # one audit row per action


def test_two_copies_of_a_run_at_the_same_moment_make_its_tasks_once(
    api: Api, owner: Caller, world: World, strict_dynamodb: Any
) -> None:
    automation = create(api, owner, {**REVIEW, "actions": REVIEW["actions"] * 3})
    world.events.invokers[RUNS] = FunctionRuntime(template.functions()[RUNS], max_environments=2).invoke
    (poller,) = world.events.pollers(RUNS)
    poller.redelivery = Redelivery(copies=2, concurrent=True)
    world.automations.publish("TaskStatusChanged", DONE)
    announced = world.run()
    tasks = automation_tasks(automation["id"])
    assert len(tasks) == 3
    (run,) = read(api, owner, automation["id"])["lastRuns"]
    assert sorted(run["taskIds"]) == sorted(task.id for task in tasks)
    assert {ran["run"]["at"] for ran in announced} == {run["at"]}


def test_a_run_that_fails_half_way_resumes_without_repeating_what_it_did(api: Api, owner: Caller, world: World) -> None:
    automation = create(api, owner, {**REVIEW, "actions": REVIEW["actions"] * 2})
    executions = []

    def second_execution_throttled_once(call: Call, send: Send) -> Any:
        if call.function == RUNS and call.operation == "TransactWriteItems":
            tables = {next(iter(item.values()))["TableName"] for item in call.params["TransactItems"]}
            if "TasksTable" in tables:
                executions.append(call)
                if len(executions) == 2:
                    raise client_error("ProvisionedThroughputExceededException", call.operation)
        return send()

    with intercepting(second_execution_throttled_once, service="dynamodb"):
        world.automations.publish("TaskStatusChanged", DONE)
        (ran,) = world.run()
    assert ran["run"]["outcome"] == "SUCCEEDED"
    assert len(automation_tasks(automation["id"])) == 2
    assert len(executions) == 3  # the first action once, the second twice (throttled, then written)


def test_an_owner_no_longer_active_at_run_time_pauses_the_automation_and_nothing_runs(
    api: Api, owner: Caller, world: World, make_user: MakeUser
) -> None:
    event = create(api, owner, REVIEW)
    schedule = create(api, owner, {**REVIEW, "trigger": {"schedule": "rate(1 hour)"}, "actions": [{"message": "x"}]})
    target = user_store.get_user(owner.id)
    assert target is not None
    user_store.change_role_status(target, None, UserStatus.INACTIVE)  # behind the API's back: the run finds out

    world.automations.publish("TaskStatusChanged", DONE)
    world.scheduled(schedule["id"], "2026-03-02T11:00:00Z")
    announced = world.run()
    assert sorted(ran["run"]["outcome"] for ran in announced) == ["REFUSED", "REFUSED"]
    assert not automation_tasks(event["id"])
    assert not automation_tasks(schedule["id"])
    boss = make_user(Role.SUPER_ADMIN)
    for automation in (event, schedule):
        now = read(api, boss, automation["id"])
        assert now["status"] == "PAUSED"
        assert "not active" in now["pausedReason"]
        (run,) = now["lastRuns"]
        assert (run["outcome"], run["errors"][0]["error"]["code"]) == ("REFUSED", "USER_INACTIVE")
    (rule,) = world.automations.rules().values()
    (scheduled,) = world.automations.schedules().values()
    assert (rule["State"], scheduled["State"]) == ("DISABLED", "DISABLED")
    refusals = [r for r in ActivityModel.query(owner.id) if r.action == "automation_run"]
    assert sorted(r.errorCode for r in refusals) == ["USER_INACTIVE", "USER_INACTIVE"]


def test_an_owner_whose_role_may_no_longer_execute_is_refused_the_same_way(
    api: Api, owner: Caller, world: World
) -> None:
    automation = create(api, owner, REVIEW)
    target = user_store.get_user(owner.id)
    assert target is not None
    user_store.change_role_status(target, Role.USER, None)
    world.automations.publish("TaskStatusChanged", DONE)
    (ran,) = world.run()
    assert ran["run"]["errors"][0]["error"]["code"] == "INSUFFICIENT_PRIVILEGES"
    assert not automation_tasks(automation["id"])


def test_a_super_admin_setting_an_owner_inactive_pauses_their_automations_at_once(
    api: Api, owner: Caller, world: World, make_user: MakeUser
) -> None:
    boss = make_user(Role.SUPER_ADMIN)
    other = make_user(Role.ADMIN)
    weekly = {**REVIEW, "trigger": {"schedule": "rate(5 minutes)"}, "actions": [{"message": "Weekly report"}]}
    mine = [create(api, owner, REVIEW), create(api, owner, weekly)]
    theirs = create(api, other, REVIEW)
    world.automations.publish("TaskStatusChanged", DONE)  # queued for all of them before the change

    reply = api("PUT", f"/users/{owner.id}/role", boss, body={"status": "INACTIVE"})
    assert reply.status == 200, reply.body
    for automation in mine:
        now = read(api, boss, automation["id"])
        assert (now["status"], "not active" in now["pausedReason"]) == ("PAUSED", True)
    assert read(api, boss, theirs["id"])["status"] == "ACTIVE"
    states = {name: rule["State"] for name, rule in world.automations.rules().items()}
    assert states == {
        world.automations.rule_prefix + mine[0]["id"]: "DISABLED",
        world.automations.rule_prefix + theirs["id"]: "ENABLED",
    }
    assert [s["State"] for s in world.automations.schedules().values()] == ["DISABLED"]

    announced = world.run()  # the queued run of a paused automation is dropped
    assert [ran["automationId"] for ran in announced] == [theirs["id"]]
    assert not automation_tasks(mine[0]["id"])
    assert api("PUT", f"/users/{owner.id}/role", boss, body={"status": "INACTIVE"}).status == 200  # again: nothing


def test_an_automation_never_triggers_itself_and_the_refusal_is_recorded(api: Api, owner: Caller, world: World) -> None:
    """A catch-all on TaskCreated that makes a task: its own task's TaskCreated matches its rule again."""
    automation = create(
        api,
        owner,
        {
            "name": "Every new task gets a follow-up",
            "trigger": {"event": "TaskCreated"},
            "actions": [{"task": {"category": "general", "title": "Follow up {task.title}"}}],
        },
    )
    assert (
        api("POST", "/ai/execute", owner, body={"task": {"category": "general", "title": "Order chairs"}}).status == 201
    )
    for _ in range(3):  # the person's task, the automation's task, and anything either leads to
        world.publish_tasks_events()
        world.run()
    (task,) = automation_tasks(automation["id"])
    assert task.title == "Follow up Order chairs"
    refused, succeeded = read(api, owner, automation["id"])["lastRuns"]
    assert succeeded["outcome"] == "SUCCEEDED"
    assert (refused["outcome"], refused["errors"][0]["error"]["code"]) == ("REFUSED", "LIMIT_EXCEEDED")
    assert refused["errors"][0]["error"]["details"][0]["field"] == "trigger"
    assert read(api, owner, automation["id"])["status"] == "ACTIVE"  # a loop pauses nothing


def test_a_chain_of_automations_stops_at_depth_three_and_the_refusal_is_recorded(
    api: Api, owner: Caller, world: World
) -> None:
    chain = ["campaign", "workflow", "segment", "content", "analytics"]
    made = [
        create(
            api,
            owner,
            {
                "name": f"{before} -> {after}",
                "trigger": {"event": "TaskCreated", "match": {"category": [before]}},
                "actions": [{"task": {"category": after, "title": f"{after} after {{task.title}}"}}],
            },
        )
        for before, after in itertools.pairwise(chain)
    ]
    assert api("POST", "/ai/execute", owner, body={"task": {"category": "campaign", "title": "Launch"}}).status == 201
    for _ in range(MAX_DEPTH + 2):
        world.publish_tasks_events()
        world.run()
    depths = [[int(t.automationDepth) for t in automation_tasks(a["id"])] for a in made]
    assert depths == [[1], [2], [3], []]
    (refused,) = read(api, owner, made[3]["id"])["lastRuns"]
    assert (refused["outcome"], refused["depth"]) == ("REFUSED", MAX_DEPTH + 1)
    assert refused["errors"][0]["error"]["details"][0]["field"] == "depth"
    rows = [r for r in ActivityModel.query(owner.id) if r.action == "automation_run"]
    assert [(r.outcome, r.errorCode, r.detail["automationId"]) for r in rows] == [
        ("INVALID", "LIMIT_EXCEEDED", made[3]["id"])
    ]


def test_a_deleted_automations_queued_run_is_dropped(api: Api, owner: Caller, world: World) -> None:
    automation = create(api, owner, REVIEW)
    world.automations.publish("TaskStatusChanged", DONE)
    assert api("DELETE", f"/automations/{automation['id']}", owner).status == 204
    assert world.run() == []
    assert not automation_tasks(automation["id"])


def test_a_message_that_is_no_run_ends_in_the_dead_letter_queue(world: World) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    sqs.send_message(QueueUrl=world.events.made.queue_urls["AutomationRunQueue"], MessageBody=json.dumps({"x": 1}))
    assert world.run() == []
    dead = world.events.drain(world.events.made.queue_urls["AutomationRunDeadLetterQueue"])
    assert [json.loads(m["Body"]) for m in dead] == [{"x": 1}]
