"""An automation run's plain rules: what makes two deliveries the same run and each action its own, the depth a
run's tasks get and when a chain or a loop is refused, the moment its dates are read at, the run as lastRuns
keeps it (its outcome from what its actions did, its errors cut to size) and lastRuns' ten newest."""

from __future__ import annotations

from typing import Any

import pytest

from taskexec.domain.automation_runs import (
    ERROR_DETAILS_KEPT,
    ERROR_TEXT_MAX,
    MAX_DEPTH,
    RunRequest,
    compact_error,
    ran_event_id,
    run_entry,
    with_run,
)
from taskexec.domain.automations import MAX_LAST_RUNS


def event_run(detail: dict[str, Any], envelope_id: str = "eb-1", automation: str = "a1") -> RunRequest:
    envelope = {"id": envelope_id, "time": 1772445600, "detail": {"occurredAt": "2026-03-02T10:00:00.000Z", **detail}}
    return RunRequest(automation, event=envelope)


def test_a_run_is_its_event_however_often_eventbridge_delivers_it_and_each_action_is_its_own() -> None:
    first, again = event_run({"eventId": "ev-1"}, "eb-1"), event_run({"eventId": "ev-1"}, "eb-2")
    assert first.run_key == again.run_key  # EventBridge's own id differs on a redelivery; the domain event's not
    assert first.run_key != event_run({"eventId": "ev-2"}).run_key
    assert first.run_key != event_run({"eventId": "ev-1"}, automation="a2").run_key
    keys = {first.action_key(index) for index in range(5)}
    assert len(keys) == 5
    assert first.run_key not in keys
    scheduled = RunRequest("a1", scheduled_time="2026-03-02T09:00:00Z")
    assert scheduled.run_key == RunRequest("a1", scheduled_time="2026-03-02T09:00:00Z").run_key
    assert scheduled.run_key != RunRequest("a1", scheduled_time="2026-03-02T09:01:00Z").run_key
    assert ran_event_id(first.run_key) == ran_event_id(again.run_key) != ran_event_id(scheduled.run_key)


def test_keys_never_meet_an_integrations_request_keys() -> None:
    """An integration's key starts with its source, which has no ':' ([a-z0-9.-])."""
    assert ":" in event_run({"eventId": "ev-1"}).run_key.split("#", 1)[0]


@pytest.mark.parametrize(
    ("detail", "depth"),
    [
        ({"eventId": "e", "id": "t"}, 1),  # a person's task (rows from before automations have no depth)
        ({"eventId": "e", "automationDepth": 0}, 1),
        ({"eventId": "e", "automationDepth": 2}, 3),
        ({"eventId": "e", "automationDepth": 3}, 4),
        ({"eventId": "e", "automationDepth": "3"}, 1),  # not a number: no depth claimed
        ({"eventId": "e", "automationDepth": True}, 1),
    ],
)
def test_a_runs_tasks_are_one_deeper_than_the_task_that_triggered_it(detail: dict[str, Any], depth: int) -> None:
    assert event_run(detail).depth == depth


def test_a_schedule_or_a_health_change_starts_a_chain() -> None:
    assert RunRequest("a1", scheduled_time="2026-03-02T09:00:00Z").depth == 1
    assert event_run({"eventId": "e", "newStatus": "critical"}).depth == 1
    assert MAX_DEPTH == 3


def test_an_event_about_an_automations_own_task_loops_back_to_it_only() -> None:
    own = event_run({"eventId": "e", "automationId": "a1", "automationDepth": 1})
    assert own.loops_back_to("a1")
    assert not own.loops_back_to("a2")
    assert not event_run({"eventId": "e", "automationId": None}).loops_back_to("a1")
    assert not RunRequest("a1", scheduled_time="2026-03-02T09:00:00Z").loops_back_to("a1")


def test_a_runs_dates_are_read_at_its_trigger_and_its_tasks_carry_where_they_came_from() -> None:
    assert event_run({"eventId": "e"}).triggered_at == "2026-03-02T10:00:00.000Z"  # the service's own stamp
    scheduled = RunRequest("a1", scheduled_time="2026-03-02T09:00:00Z")
    assert scheduled.triggered_at == "2026-03-02T09:00:00Z"
    assert scheduled.origin().audit() == {"automationId": "a1", "scheduledTime": "2026-03-02T09:00:00Z", "depth": 1}
    origin = event_run({"eventId": "ev-9", "automationDepth": 1}).origin()
    assert (origin.automation_id, origin.depth, origin.audit()["eventId"]) == ("a1", 2, "ev-9")


def test_a_runs_outcome_is_what_its_actions_did() -> None:
    request = event_run({"eventId": "ev-1"})
    error = {"error": {"code": "NO_TASK_DETECTED", "message": "m", "requestId": "r"}, "action": 1}
    assert run_entry(request, "t", ["x", "y"], [])["outcome"] == "SUCCEEDED"
    assert run_entry(request, "t", ["x"], [error])["outcome"] == "PARTIAL"
    assert run_entry(request, "t", [], [error])["outcome"] == "FAILED"
    refused = run_entry(request, "t", [], [error], refused=True)
    assert refused == {
        "at": "t",
        "eventId": "ev-1",
        "depth": 1,
        "outcome": "REFUSED",
        "taskIds": [],
        "errors": [error],
    }
    assert "errors" not in run_entry(request, "t", ["x"], [])
    scheduled = run_entry(RunRequest("a1", scheduled_time="s"), "t", ["x"], [])
    assert scheduled["scheduledTime"] == "s"
    assert "eventId" not in scheduled


def test_a_kept_error_is_cut_to_its_first_details_and_short_texts_and_names_its_action() -> None:
    body = {
        "error": {
            "code": "VALIDATION_FAILED",
            "message": "m" * 5000,
            "suggestion": "s",
            "details": [{"field": f"f{n}", "issue": "i" * 1000} for n in range(50)],
            "requestId": "r",
        }
    }
    kept = compact_error(body, 3)
    assert kept["action"] == 3
    assert len(kept["error"]["message"]) == ERROR_TEXT_MAX
    assert [d["field"] for d in kept["error"]["details"]] == [f"f{n}" for n in range(ERROR_DETAILS_KEPT)]
    assert all(len(d["issue"]) == ERROR_TEXT_MAX for d in kept["error"]["details"])
    assert (kept["error"]["code"], kept["error"]["requestId"]) == ("VALIDATION_FAILED", "r")
    assert "action" not in compact_error(body)


def test_last_runs_keep_the_newest_ten_newest_first() -> None:
    runs: tuple[dict[str, Any], ...] = ()
    for n in range(MAX_LAST_RUNS + 3):
        runs = with_run(runs, {"at": str(n)})
    assert [run["at"] for run in runs] == [str(n) for n in range(MAX_LAST_RUNS + 2, 2, -1)]
