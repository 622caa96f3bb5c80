"""`make local` end to end for automations: created over HTTP with a real token, an event automation's rule on the
stack's bus matches the TaskStatusChanged the stack itself publishes when a task is closed, a rate(1 minute)
schedule is fired by the local scheduler, both delivering their runs to AutomationRunQueue (`automationRunQueueUrl`
in stack.json); after DELETE neither a rule nor a schedule is left. (The runs' consumer is phase 2: here the
queue is read directly.)"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from taskexec.data import automation_messages
from taskexec.domain.automations import RunRequest
from tests.e2e.local_stack import EVENT_POLL_PAUSE_S, EVENT_TRIES, RunningStack, running_stack

pytestmark = pytest.mark.e2e

TASK = {"task": {"category": "campaign", "title": "Spring sale newsletter"}}
REVIEW = {
    "name": "Review two days after a campaign is done",
    "trigger": {"event": "TaskStatusChanged", "match": {"category": ["campaign"], "status": ["DONE"]}},
    "actions": [{"task": {"category": "campaign", "title": "Review {task.title}", "dueDate": "in 2 days"}}],
}
EVERY_MINUTE = {
    "name": "Every minute",
    "trigger": {"schedule": "rate(1 minute)"},
    "actions": [{"message": "Create a task to check the campaign inbox"}],
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    state_dir: Path = tmp_path_factory.mktemp("local-stack-automations")
    with running_stack(state_dir) as running:
        yield running


def runs_of(stack: RunningStack, automation_id: str) -> list[RunRequest]:
    """The runs delivered for one automation, read from AutomationRunQueue until one arrives (bounded polls;
    other automations' messages are left for their own readers)."""
    sqs, url = stack.aws("sqs"), str(stack.info["automationRunQueueUrl"])
    for _ in range(EVENT_TRIES):
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
        mine = [m for m in messages if automation_messages.parse(m["Body"]).automation_id == automation_id]
        for message in mine:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        if mine:
            return [automation_messages.parse(m["Body"]) for m in mine]
        time.sleep(EVENT_POLL_PAUSE_S)
    raise TimeoutError(f"no run of automation {automation_id} reached AutomationRunQueue:\n{stack.log_tail()}")


def test_an_event_automation_runs_when_the_stack_publishes_its_event(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    status, automation, _ = stack.call("POST", "/automations", token, REVIEW)
    assert status == 201, automation
    status, executed, _ = stack.call("POST", "/ai/execute", token, TASK)
    assert status == 201, executed
    task_id = executed["task"]["id"]
    status, closed, _ = stack.call("PATCH", f"/tasks/{task_id}", token, {"status": "DONE"})
    assert status == 200, closed

    runs = runs_of(stack, automation["id"])
    assert [run.event["detail"]["id"] for run in runs if run.event] == [task_id]
    assert runs[0].event_id  # the domain event's eventId: the run's exactly-once key
    status, previewed, _ = stack.call(
        "POST", f"/automations/{automation['id']}/preview", token, {"event": runs[0].event["detail"]}
    )
    assert status == 200, previewed
    assert previewed["plans"][0]["plan"]["title"] == "Review Spring sale newsletter"


def test_a_rate_schedule_is_fired_by_the_local_scheduler(stack: RunningStack) -> None:
    token = stack.id_token("IT_ADMIN")
    status, automation, _ = stack.call("POST", "/automations", token, EVERY_MINUTE)
    assert status == 201, automation
    (run,) = runs_of(stack, automation["id"])[:1]  # the first run comes at once, then one a minute
    assert run.scheduled_time is not None
    assert run.scheduled_time.endswith("Z")


def test_a_deleted_automation_leaves_no_rule_and_no_schedule(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    made = [stack.call("POST", "/automations", token, body)[1]["id"] for body in (REVIEW, EVERY_MINUTE)]
    events, scheduler = stack.aws("events"), stack.aws("scheduler")
    bus, (group,) = stack.info["eventBusName"], stack.info["scheduleGroupNames"]

    def names() -> set[str]:
        rules = {r["Name"] for r in events.list_rules(EventBusName=bus)["Rules"]}
        schedules = {s["Name"] for s in scheduler.list_schedules(GroupName=group)["Schedules"]}
        return {name for name in rules | schedules if any(name.endswith(automation) for automation in made)}

    assert len(names()) == 2
    for automation in made:
        status, body, _ = stack.call("DELETE", f"/automations/{automation}", token)
        assert (status, body) == (204, None)
        assert stack.call("GET", f"/automations/{automation}", token)[0] == 404
    assert names() == set()


def test_the_banners_example_automation_is_created(stack: RunningStack) -> None:
    from devkit.stack import EXAMPLE_AUTOMATION

    token = stack.id_token("ADMIN")
    status, automation, _ = stack.call("POST", "/automations", token, EXAMPLE_AUTOMATION)
    assert status == 201, automation
    assert automation["trigger"] == EXAMPLE_AUTOMATION["trigger"]
    assert stack.call("DELETE", f"/automations/{automation['id']}", token)[0] == 204
