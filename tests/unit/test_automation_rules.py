"""An automation's request and its plain rules: one answer names every invalid field (shape, schedule syntax,
zone, match fields of the trigger's event, placeholders the trigger provides); placeholders are filled from an
event's detail; the event pattern a trigger becomes; the message a run arrives as."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from taskexec.data import automation_messages
from taskexec.data.automation_triggers import event_pattern
from taskexec.domain import automations
from taskexec.domain.automation_runs import RunRequest
from taskexec.domain.automations import (
    Automation,
    AutomationStatus,
    EventTrigger,
    ScheduleTrigger,
    fill,
    placeholder_values,
    placeholders_of,
    trigger_of,
)
from taskexec.errors import field_issues
from taskexec.monitoring.snapshot import StatusLabel
from taskexec.schemas.automations import AutomationRequest

ACTION = {"task": {"category": "campaign", "title": "Review {task.title}"}}


def issues_of(body: dict[str, Any]) -> dict[str, str]:
    """field -> issue, as the 422's details would list them."""
    with pytest.raises(ValidationError) as refused:
        AutomationRequest.model_validate(body)
    return {issue.field: issue.issue for issue in field_issues(refused.value.errors(), located=False)}


def test_a_valid_event_automation_and_a_valid_schedule_automation() -> None:
    event = AutomationRequest.model_validate(
        {
            "name": "Review after a campaign is done",
            "trigger": {"event": "TaskStatusChanged", "match": {"category": ["campaign"], "status": ["DONE"]}},
            "actions": [ACTION, {"message": "Follow up on {task.title} ({event.oldStatus} -> {event.newStatus})"}],
        }
    )
    assert event.status is AutomationStatus.ACTIVE
    schedule = AutomationRequest.model_validate(
        {
            "name": "Weekly report",
            "trigger": {"schedule": "cron(0 9 ? * MON *)", "timeZone": "Europe/Berlin"},
            "actions": [{"message": "Create the weekly report task"}],
            "status": "PAUSED",
        }
    )
    assert schedule.status is AutomationStatus.PAUSED


def test_every_invalid_field_is_named_in_one_answer() -> None:
    found = issues_of(
        {
            "name": "",
            "trigger": {"schedule": "cron(0 9 * * * *)", "timeZone": "Europe/berlin"},
            "actions": [
                {"message": "Review {task.title}"},
                {"task": {"category": "nope", "title": "Weekly"}},
                {"message": "Weekly report", "dryRun": True},
            ],
            "status": "SLEEPING",
        }
    )
    assert set(found) == {
        "name",
        "trigger.schedule",
        "trigger.timeZone",
        "actions[0].message",
        "actions[1].task.category",
        "actions[2].dryRun",
        "status",
    }
    assert "exactly one of day-of-month and day-of-week" in found["trigger.schedule"]
    assert "IANA" in found["trigger.timeZone"]
    assert "{task.title}" in found["actions[0].message"]
    assert "no event" in found["actions[0].message"]


def test_match_fields_and_values_belong_to_the_triggers_event() -> None:
    found = issues_of(
        {
            "name": "x",
            "trigger": {
                "event": "TaskCreated",
                "match": {"oldStatus": ["DONE"], "category": ["campaign", "podcast"], "colour": ["red"]},
            },
            "actions": [ACTION],
        }
    )
    assert set(found) == {"trigger.match.oldStatus", "trigger.match.category", "trigger.match.colour"}
    assert "podcast" in found["trigger.match.category"]
    health = issues_of(
        {
            "name": "x",
            "trigger": {"event": "HealthStatusChanged", "match": {"status": ["DONE"], "priority": ["HIGH"]}},
            "actions": [{"message": "Investigate the health check"}],
        }
    )
    assert set(health) == {"trigger.match.status", "trigger.match.priority"}


@pytest.mark.parametrize(
    ("event", "text", "wrong"),
    [
        ("TaskCreated", "Follow {event.newStatus}", True),
        ("TaskAssigned", "Follow {event.oldStatus}", True),
        ("TaskStatusChanged", "Follow {event.newStatus} of {task.id}", False),
        ("TaskCreated", "Follow {task.priority}", True),
        ("TaskCreated", "Follow {task.createdById} and {task.assigneeId} on {task.category}", False),
        ("HealthStatusChanged", "Health went {event.newStatus}", True),
        ("HealthStatusChanged", "Health is critical: {not a placeholder} {task}", False),
    ],
)
def test_placeholders_are_checked_against_the_trigger(event: str, text: str, wrong: bool) -> None:
    body = {"name": "x", "trigger": {"event": event}, "actions": [{"task": {"category": "general", "title": text}}]}
    if wrong:
        assert set(issues_of(body)) == {"actions[0].task.title"}
    else:
        AutomationRequest.model_validate(body)


def test_the_trigger_is_one_kind() -> None:
    assert set(issues_of({"name": "x", "trigger": {}, "actions": [ACTION]})) == {"trigger"}
    both = {"event": "TaskCreated", "schedule": "rate(1 minute)"}
    assert set(issues_of({"name": "x", "trigger": both, "actions": [ACTION]})) == {"trigger"}
    assert set(issues_of({"name": "x", "trigger": {"event": "TaskDeleted"}, "actions": [ACTION]})) == {"trigger.event"}


def test_between_one_and_five_actions() -> None:
    trigger = {"schedule": "rate(1 day)"}
    assert set(issues_of({"name": "x", "trigger": trigger, "actions": []})) == {"actions"}
    six = [{"message": f"Create task {n}"} for n in range(6)]
    assert set(issues_of({"name": "x", "trigger": trigger, "actions": six})) == {"actions"}


def test_health_statuses_are_the_monitoring_labels() -> None:
    assert get_args(StatusLabel) == automations.HEALTH_STATUSES


def test_placeholders_are_found_and_filled_from_the_events_detail() -> None:
    trigger = EventTrigger("TaskStatusChanged", {})
    detail = {
        "id": "t-1",
        "title": "Spring sale",
        "category": "campaign",
        "oldStatus": "IN_PROGRESS",
        "newStatus": "DONE",
    }
    values = placeholder_values(trigger, detail)
    assert values["task.assigneeId"] == ""  # not in this detail
    action = {"task": {"category": "general", "title": "Review {task.title} ({event.oldStatus}->{event.newStatus})"}}
    assert fill(action, values) == {"task": {"category": "general", "title": "Review Spring sale (IN_PROGRESS->DONE)"}}
    assert placeholders_of("{task.id} {x} {event.newStatus} {task.} {{task.title}}") == [
        "task.id",
        "event.newStatus",
        "task.",
        "task.title",
    ]
    assert fill("{unknown} {task.bogus}", values) == "{unknown} {task.bogus}"


def test_an_automation_answers_the_contracts_shape() -> None:
    automation = Automation(
        id="a1",
        ownerId="u1",
        name="Weekly",
        trigger=trigger_of({"schedule": "rate(7 days)", "timeZone": "UTC"}),
        actions=({"message": "Weekly report"},),
        status=AutomationStatus.PAUSED,
        createdAt="2030-01-01T00:00:00.000Z",
        updatedAt="2030-01-02T00:00:00.000Z",
        pausedReason="The owner is not active.",
    )
    body = automation.body()
    assert list(body) == [
        "id",
        "ownerId",
        "name",
        "trigger",
        "actions",
        "status",
        "pausedReason",
        "createdAt",
        "updatedAt",
        "lastRuns",
    ]
    assert body["trigger"] == {"schedule": "rate(7 days)", "timeZone": "UTC"}
    assert "pausedReason" not in automation._replace(pausedReason=None).body()
    assert isinstance(automation.trigger, ScheduleTrigger)


def test_an_event_trigger_becomes_a_pattern_of_the_services_own_events() -> None:
    assert event_pattern(EventTrigger("TaskCreated", {})) == {"source": ["taskexec"], "detail-type": ["TaskCreated"]}
    changed = EventTrigger("TaskStatusChanged", {"category": ("campaign",), "status": ("DONE", "CANCELLED")})
    assert event_pattern(changed) == {
        "source": ["taskexec"],
        "detail-type": ["TaskStatusChanged"],
        "detail": {"category": ["campaign"], "status": ["DONE", "CANCELLED"]},
    }


def test_a_run_message_from_a_rule_and_from_a_schedule() -> None:
    template = automation_messages.event_input_template("a1")
    event = {"id": "eb-1", "detail-type": "TaskCreated", "detail": {"id": "t1", "eventId": "ev-1"}}
    delivered = template.replace("<aws.events.event.json>", json.dumps(event))  # what EventBridge substitutes
    run = automation_messages.parse(delivered)
    assert (run.automation_id, run.event_id, run.run_key) == ("a1", "ev-1", "automation:a1#event#ev-1")
    scheduled = automation_messages.schedule_input("a1").replace(
        "<aws.scheduler.scheduled-time>", "2030-01-07T08:00:00Z"
    )
    assert automation_messages.parse(scheduled) == RunRequest("a1", scheduled_time="2030-01-07T08:00:00Z")
    assert automation_messages.parse(scheduled).run_key == "automation:a1#schedule#2030-01-07T08:00:00Z"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "not json",
        "[]",
        '{"trigger": "event", "event": {}}',
        '{"automationId": "a1", "trigger": "event"}',
        '{"automationId": "a1"}',
    ],
)
def test_a_message_that_is_no_run_is_malformed(body: str) -> None:
    with pytest.raises(automation_messages.MalformedRun):
        automation_messages.parse(body)


@pytest.mark.parametrize("dry_run", [True, 0, 1, "false", None])
def test_an_action_never_asks_for_a_dry_run_in_any_spelling(dry_run: object) -> None:
    body = {"name": "x", "trigger": {"schedule": "rate(1 day)"}, "actions": [{"message": "Weekly", "dryRun": dry_run}]}
    assert "actions[0].dryRun" in issues_of(body)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
KEYS = st.sampled_from(["name", "trigger", "actions", "status", "event", "schedule", "match", "message", "task"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, JSON | st.dictionaries(KEYS, JSON, max_size=4) | st.lists(st.dictionaries(KEYS, JSON))))
def test_any_json_is_a_model_or_a_validation_error_never_a_crash(body: dict[str, Any]) -> None:
    errors: list[Any] = []
    try:
        AutomationRequest.model_validate(body)
    except ValidationError as refused:
        errors = list(refused.errors())
    assert all(issue.field and issue.issue for issue in field_issues(errors, located=False))
