"""`make local` end to end for automations: created over HTTP with a real token, an event automation's rule on the
stack's bus matches the TaskStatusChanged the stack itself publishes when a task is closed, and a rate(1 minute)
schedule is fired by the local scheduler; AutomationRunFunction (polling AutomationRunQueue as Lambda would)
makes each one's task and announces it with AutomationRan. The same event delivered again makes no second task;
an automation's own task never triggers it again; after DELETE neither a rule nor a schedule is left; an owner a
SUPER_ADMIN sets INACTIVE has every automation paused at once, their rules and schedules disabled."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.local_stack import RunningStack, running_stack

pytestmark = pytest.mark.e2e

TASK = {"task": {"category": "campaign", "title": "Spring sale newsletter"}}
REVIEW = {
    "name": "Review two days after a campaign is done",
    "trigger": {"event": "TaskStatusChanged", "match": {"category": ["campaign"], "status": ["DONE"]}},
    "actions": [{"task": {"category": "analytics", "title": "Review {task.title}", "dueDate": "in 2 days"}}],
}
EVERY_MINUTE = {
    "name": "Every minute",
    "trigger": {"schedule": "rate(1 minute)", "timeZone": "Pacific/Kiritimati"},
    "actions": [{"task": {"category": "general", "title": "Check the campaign inbox", "dueDate": "tomorrow"}}],
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    state_dir: Path = tmp_path_factory.mktemp("local-stack-automations")
    with running_stack(state_dir) as running:
        yield running


def create(stack: RunningStack, token: str, body: dict[str, Any]) -> dict[str, Any]:
    status, automation, _ = stack.call("POST", "/automations", token, body)
    assert status == 201, automation
    return dict(automation)


def ran(stack: RunningStack, automation_id: str, until: Callable[[list[dict[str, Any]]], bool]) -> list[dict[str, Any]]:
    """The AutomationRan details of one automation seen on the bus, once `until` holds for them (bounded polls)."""

    def mine(seen: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            e["detail"]
            for e in seen
            if e.get("detail-type") == "AutomationRan" and e["detail"]["automationId"] == automation_id
        ]

    stack.wait_for_events(lambda seen: until(mine(seen)), what=f"AutomationRan of {automation_id}")
    return mine(stack.tapped)


def tasks_of(stack: RunningStack, token: str, automation_id: str) -> list[dict[str, Any]]:
    status, page, _ = stack.call("GET", "/tasks?scope=all&limit=100", token)
    assert status == 200, page
    return [task for task in page["items"] if task.get("automationId") == automation_id]


def test_an_event_automation_makes_its_task_when_the_stack_publishes_its_event(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    automation = create(stack, token, REVIEW)
    status, executed, _ = stack.call("POST", "/ai/execute", token, TASK)
    assert status == 201, executed
    status, closed, _ = stack.call("PATCH", f"/tasks/{executed['task']['id']}", token, {"status": "DONE"})
    assert status == 200, closed

    (announced,) = ran(stack, automation["id"], lambda runs: len(runs) >= 1)
    run = announced["run"]
    assert run["outcome"] == "SUCCEEDED", run
    (task_id,) = run["taskIds"]
    status, task, _ = stack.call("GET", f"/tasks/{task_id}", token)
    assert status == 200, task
    assert (task["source"], task["automationId"], task["automationDepth"]) == ("automation", automation["id"], 1)
    assert task["title"] == "Review Spring sale newsletter"
    status, now, _ = stack.call("GET", f"/automations/{automation['id']}", token)
    assert now["lastRuns"] == [run]


def test_the_same_event_delivered_again_makes_no_second_task(stack: RunningStack) -> None:
    """The bus delivers the closing TaskStatusChanged once more (as EventBridge may): the run is answered again
    with the same AutomationRan, and its task is not made twice."""
    token = stack.id_token("ADMIN")
    automation = create(stack, token, {**REVIEW, "name": "Review, delivered twice"})
    status, executed, _ = stack.call("POST", "/ai/execute", token, {"task": {**TASK["task"], "title": "Autumn"}})
    assert status == 201, executed
    stack.call("PATCH", f"/tasks/{executed['task']['id']}", token, {"status": "DONE"})
    (first,) = ran(stack, automation["id"], lambda runs: len(runs) >= 1)

    (closing,) = [
        e
        for e in stack.tapped
        if e.get("detail-type") == "TaskStatusChanged" and e["detail"]["id"] == executed["task"]["id"]
    ]
    answer = stack.aws("events").put_events(
        Entries=[
            {
                "Source": "taskexec",
                "DetailType": "TaskStatusChanged",
                "Detail": json.dumps(closing["detail"]),
                "EventBusName": stack.info["eventBusName"],
            }
        ]
    )
    assert answer["FailedEntryCount"] == 0, answer
    runs = ran(stack, automation["id"], lambda runs: len(runs) >= 2)
    assert [r["eventId"] for r in runs] == [first["eventId"]] * 2
    assert [r["run"] for r in runs] == [first["run"]] * 2
    assert len(tasks_of(stack, token, automation["id"])) == 1
    status, now, _ = stack.call("GET", f"/automations/{automation['id']}", token)
    assert len(now["lastRuns"]) == 1


def test_a_rate_schedule_makes_its_task_in_its_zone(stack: RunningStack) -> None:
    token = stack.id_token("IT_ADMIN")
    automation = create(stack, token, EVERY_MINUTE)
    try:
        announced = ran(stack, automation["id"], lambda runs: len(runs) >= 1)[0]  # the first comes at once
    finally:
        assert stack.call("DELETE", f"/automations/{automation['id']}", token)[0] == 204
    run = announced["run"]
    assert run["outcome"] == "SUCCEEDED", run
    assert run["scheduledTime"].endswith("Z")
    (task_id,) = run["taskIds"]
    task = stack.call("GET", f"/tasks/{task_id}", token)[1]
    assert (task["source"], task["automationId"], task["timeZone"]) == (
        "automation",
        automation["id"],
        "Pacific/Kiritimati",
    )


def test_an_automations_own_task_never_triggers_it_again(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    automation = create(
        stack,
        token,
        {
            "name": "Every content task gets a follow-up",
            "trigger": {"event": "TaskCreated", "match": {"category": ["content"]}},
            "actions": [{"task": {"category": "content", "title": "Proofread {task.title}"}}],
        },
    )
    status, executed, _ = stack.call("POST", "/ai/execute", token, {"task": {"category": "content", "title": "FAQ"}})
    assert status == 201, executed
    runs = ran(stack, automation["id"], lambda runs: len(runs) >= 2)  # its run, then its own task's refused
    assert [r["run"]["outcome"] for r in runs] == ["SUCCEEDED", "REFUSED"]
    assert runs[1]["run"]["errors"][0]["error"]["code"] == "LIMIT_EXCEEDED"
    (task,) = tasks_of(stack, token, automation["id"])
    assert task["title"] == "Proofread FAQ"
    status, now, _ = stack.call("GET", f"/automations/{automation['id']}", token)
    assert [r["outcome"] for r in now["lastRuns"]] == ["REFUSED", "SUCCEEDED"]
    assert now["status"] == "ACTIVE"
    assert stack.call("DELETE", f"/automations/{automation['id']}", token)[0] == 204


def names_of(stack: RunningStack, automation_ids: list[str]) -> dict[str, str]:
    """The rules and schedules of these automations, by name: their state."""
    events, scheduler = stack.aws("events"), stack.aws("scheduler")
    bus, (group,) = stack.info["eventBusName"], stack.info["scheduleGroupNames"]
    found = {r["Name"]: r["State"] for r in events.list_rules(EventBusName=bus)["Rules"]}
    found |= {s["Name"]: s["State"] for s in scheduler.list_schedules(GroupName=group)["Schedules"]}
    return {name: state for name, state in found.items() if any(name.endswith(a) for a in automation_ids)}


def test_a_deleted_automation_leaves_no_rule_and_no_schedule(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    hourly = {**EVERY_MINUTE, "trigger": {"schedule": "rate(1 hour)"}}
    made = [create(stack, token, body)["id"] for body in (REVIEW, hourly)]
    assert len(names_of(stack, made)) == 2
    for automation in made:
        status, body, _ = stack.call("DELETE", f"/automations/{automation}", token)
        assert (status, body) == (204, None)
        assert stack.call("GET", f"/automations/{automation}", token)[0] == 404
    assert names_of(stack, made) == {}


def test_an_owner_set_inactive_has_their_automations_paused(stack: RunningStack) -> None:
    owner, boss = stack.id_token("IT_ADMIN"), stack.id_token("SUPER_ADMIN")
    owner_id = stack.call("GET", "/me", owner)[1]["id"]
    hourly = {**EVERY_MINUTE, "trigger": {"schedule": "rate(1 hour)"}}
    made = [create(stack, owner, body)["id"] for body in (REVIEW, hourly)]
    assert set(names_of(stack, made).values()) == {"ENABLED"}
    try:
        status, body, _ = stack.call("PUT", f"/users/{owner_id}/role", boss, {"status": "INACTIVE"})
        assert status == 200, body
        for automation in made:
            status, now, _ = stack.call("GET", f"/automations/{automation}", boss)
            assert (status, now["status"]) == (200, "PAUSED"), now
            assert "not active" in now["pausedReason"]
        assert list(names_of(stack, made).values()) == ["DISABLED", "DISABLED"]
    finally:
        stack.call("PUT", f"/users/{owner_id}/role", boss, {"status": "ACTIVE"})
        for automation in made:
            stack.call("DELETE", f"/automations/{automation}", boss)


def test_the_banners_example_automation_is_created(stack: RunningStack) -> None:
    from devkit.stack import EXAMPLE_AUTOMATION

    token = stack.id_token("ADMIN")
    automation = create(stack, token, EXAMPLE_AUTOMATION)
    assert automation["trigger"] == EXAMPLE_AUTOMATION["trigger"]
    assert stack.call("DELETE", f"/automations/{automation['id']}", token)[0] == 204
