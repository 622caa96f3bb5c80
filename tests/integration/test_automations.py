"""Automations over the API against moto: each becomes an EventBridge rule or a Scheduler schedule that AWS
matches or fires, delivering to AutomationRunQueue; they are changed, paused and deleted with it, nothing left
behind; the limits hold; only the owner or a SUPER_ADMIN changes one; preview dry-runs the actions on behalf of
the owner and writes nothing; and when AWS fails half-way, nothing is left half-made."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from devkit.botocalls import Call, Send, intercepting
from taskexec.authorization import Role, UserStatus
from taskexec.data import pages
from taskexec.data.models import AutomationModel, TaskModel
from taskexec.domain.automations import MAX_PER_DEPLOYMENT, MAX_PER_OWNER
from tests.security.shape import assert_contract_error
from tests.support.automations import AutomationsWorld
from tests.support.fixtures import Caller, Reply

Api = Callable[..., Reply]
MakeUser = Callable[..., Caller]

REVIEW = {
    "name": "Review two days after a campaign is done",
    "trigger": {"event": "TaskStatusChanged", "match": {"category": ["campaign"], "status": ["DONE"]}},
    "actions": [{"task": {"category": "campaign", "title": "Review {task.title}", "dueDate": "in 2 days"}}],
}
WEEKLY = {
    "name": "Weekly report",
    "trigger": {"schedule": "cron(0 9 ? * MON *)", "timeZone": "Europe/Berlin"},
    "actions": [{"message": "Create the weekly report task for the marketing team"}],
}
DONE_CAMPAIGN = {
    "id": "t-1",
    "title": "Spring sale",
    "category": "campaign",
    "priority": "HIGH",
    "status": "DONE",
    "oldStatus": "IN_PROGRESS",
    "newStatus": "DONE",
    "assigneeId": "u-2",
    "createdById": "u-1",
    "eventId": "ev-1",
}


@pytest.fixture
def admin(make_user: MakeUser) -> Caller:
    make_user(Role.ADMIN)  # someone to assign previewed tasks to
    return make_user(Role.ADMIN)


def create(api: Api, caller: Caller, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    reply = api("POST", "/automations", caller, body=body)
    assert reply.status == status, reply.body
    return dict(reply.body)


# --- AWS matches and schedules --------------------------------------------------------------------------------


def test_an_event_automation_is_a_rule_whose_matches_reach_the_run_queue(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    automation = create(api, admin, REVIEW)
    assert automation["ownerId"] == admin.id
    assert automation["lastRuns"] == []
    (rule,) = automations_aws.rules().values()
    assert rule["Name"] == automations_aws.rule_prefix + automation["id"]
    assert rule["State"] == "ENABLED"

    automations_aws.publish("TaskStatusChanged", DONE_CAMPAIGN)
    automations_aws.publish("TaskStatusChanged", {**DONE_CAMPAIGN, "category": "general", "eventId": "ev-2"})
    automations_aws.publish("TaskStatusChanged", {**DONE_CAMPAIGN, "status": "CANCELLED", "eventId": "ev-3"})
    automations_aws.publish("TaskCreated", {**DONE_CAMPAIGN, "eventId": "ev-4"})

    (run,) = automations_aws.runs()
    assert run.automation_id == automation["id"]
    assert run.event_id == "ev-1"
    assert run.event is not None
    assert run.event["detail"] == DONE_CAMPAIGN


def test_a_schedule_automation_is_a_schedule_in_its_zone_with_the_flexible_window_off(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    automation = create(api, admin, WEEKLY)
    assert api("PATCH", "/me", admin, body={"timeZone": "Pacific/Honolulu"}).status == 200
    rate = create(api, admin, {**WEEKLY, "trigger": {"schedule": "rate(1 minute)"}})
    assert rate["trigger"] == {"schedule": "rate(1 minute)", "timeZone": "Pacific/Honolulu"}  # the owner's zone
    schedules = automations_aws.schedules()
    assert set(schedules) == {f"automation-{automation['id']}", f"automation-{rate['id']}"}
    weekly = schedules[f"automation-{automation['id']}"]
    assert (weekly["ScheduleExpression"], weekly["ScheduleExpressionTimezone"]) == (
        "cron(0 9 ? * MON *)",
        "Europe/Berlin",
    )
    assert weekly["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert weekly["State"] == "ENABLED"
    target = weekly["Target"]
    assert target["Arn"] == automations_aws.environment["AUTOMATION_RUN_QUEUE_ARN"]
    assert target["RoleArn"] == automations_aws.environment["AUTOMATION_SCHEDULE_ROLE_ARN"]
    assert automation["id"] in target["Input"]
    assert "<aws.scheduler.scheduled-time>" in target["Input"]
    assert automations_aws.rules() == {}


def test_pausing_disables_the_rule_or_schedule_and_activating_enables_it(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    event, schedule = create(api, admin, REVIEW), create(api, admin, WEEKLY)
    for automation, body in ((event, REVIEW), (schedule, WEEKLY)):
        reply = api("PUT", f"/automations/{automation['id']}", admin, body={**body, "status": "PAUSED"})
        assert (reply.status, reply.body["status"]) == (200, "PAUSED")
    (rule,) = automations_aws.rules().values()
    assert rule["State"] == "DISABLED"
    assert [s["State"] for s in automations_aws.schedules().values()] == ["DISABLED"]
    automations_aws.publish("TaskStatusChanged", DONE_CAMPAIGN)
    assert automations_aws.runs() == []  # a paused automation's rule matches nothing

    assert api("PUT", f"/automations/{event['id']}", admin, body=REVIEW).body["status"] == "ACTIVE"
    automations_aws.publish("TaskStatusChanged", DONE_CAMPAIGN)
    assert [run.automation_id for run in automations_aws.runs()] == [event["id"]]


def test_a_changed_trigger_changes_the_rule_or_swaps_it_for_a_schedule(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    automation = create(api, admin, REVIEW)
    path = f"/automations/{automation['id']}"
    narrower = {**REVIEW, "trigger": {"event": "TaskStatusChanged", "match": {"category": ["segment"]}}}
    changed = api("PUT", path, admin, body=narrower)
    assert changed.status == 200
    assert changed.body["updatedAt"] >= automation["updatedAt"]
    assert changed.body["createdAt"] == automation["createdAt"]
    automations_aws.publish("TaskStatusChanged", DONE_CAMPAIGN)
    assert automations_aws.runs() == []

    swapped = api("PUT", path, admin, body={**WEEKLY, "actions": [{"message": "Create the weekly report task"}]})
    assert swapped.body["trigger"] == WEEKLY["trigger"]
    assert automations_aws.rules() == {}
    assert list(automations_aws.schedules()) == [f"automation-{automation['id']}"]
    back = api("PUT", path, admin, body=REVIEW)
    assert back.status == 200
    assert automations_aws.schedules() == {}
    assert len(automations_aws.rules()) == 1


def test_a_deleted_automation_leaves_no_rule_and_no_schedule_and_is_gone(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    made = [create(api, admin, REVIEW), create(api, admin, WEEKLY)]
    for automation in made:
        reply = api("DELETE", f"/automations/{automation['id']}", admin)
        assert (reply.status, reply.body) == (204, None)
        assert_contract_error(api("GET", f"/automations/{automation['id']}", admin), 404, "NOT_FOUND")
        assert_contract_error(api("DELETE", f"/automations/{automation['id']}", admin), 404, "NOT_FOUND")
    assert automations_aws.rules() == {}
    assert automations_aws.schedules() == {}
    automations_aws.publish("TaskStatusChanged", DONE_CAMPAIGN)
    assert automations_aws.runs() == []
    assert api("GET", "/automations", admin).body == {"items": [], "nextToken": None}


# --- Reading --------------------------------------------------------------------------------------------------


def test_lists_are_newest_first_paged_and_filtered_by_owner(
    api: Api, admin: Caller, make_user: MakeUser, automations_aws: AutomationsWorld
) -> None:
    other = make_user(Role.IT_ADMIN)
    mine = [create(api, admin, {**WEEKLY, "name": f"Mine {n}"})["id"] for n in range(3)]
    theirs = create(api, other, {**WEEKLY, "name": "Theirs"})["id"]

    seen, token = [], None
    for _ in range(5):
        query = "owner=me&limit=2" + (f"&nextToken={token}" if token else "")
        page = api("GET", "/automations", admin, query=query).body
        seen += [item["id"] for item in page["items"]]
        token = page["nextToken"]
        if token is None:
            break
    assert seen == list(reversed(mine))
    everyone = api("GET", "/automations", admin, query="owner=all&limit=100").body
    assert [item["id"] for item in everyone["items"]] == [theirs, *reversed(mine)]
    assert everyone["nextToken"] is None
    assert api("GET", "/automations", other).body["items"][0]["id"] == theirs  # owner=me by default

    one = api("GET", f"/automations/{theirs}", admin)  # any executing role reads any automation
    assert (one.status, one.body["ownerId"], one.body["lastRuns"]) == (200, other.id, [])


def test_a_page_token_continues_only_its_own_query(
    api: Api, admin: Caller, make_user: MakeUser, automations_aws: AutomationsWorld
) -> None:
    other = make_user(Role.ADMIN)
    create(api, other, WEEKLY)
    forged = pages.encode({"id": "x", "ownerId": other.id, "createdKey": "9"})
    assert_contract_error(
        api("GET", "/automations", admin, query=f"owner=me&nextToken={forged}"), 400, "INVALID_REQUEST"
    )
    assert_contract_error(
        api("GET", "/automations", admin, query=f"owner=all&nextToken={forged}"), 400, "INVALID_REQUEST"
    )


# --- Who may change ---------------------------------------------------------------------------------------------


def test_only_its_owner_or_a_super_admin_changes_or_deletes_an_automation(
    api: Api, admin: Caller, make_user: MakeUser, automations_aws: AutomationsWorld
) -> None:
    automation = create(api, admin, REVIEW)
    path = f"/automations/{automation['id']}"
    colleague = make_user(Role.IT_ADMIN)
    assert_contract_error(api("PUT", path, colleague, body=WEEKLY), 403, "INSUFFICIENT_PRIVILEGES")
    assert_contract_error(api("DELETE", path, colleague), 403, "INSUFFICIENT_PRIVILEGES")
    assert api("GET", path, colleague).status == 200
    assert api("POST", f"{path}/preview", colleague, body={"event": DONE_CAMPAIGN}).status == 200
    assert len(automations_aws.rules()) == 1

    boss = make_user(Role.SUPER_ADMIN)
    changed = api("PUT", path, boss, body={**REVIEW, "name": "Renamed by the boss"})
    assert (changed.status, changed.body["ownerId"], changed.body["name"]) == (200, admin.id, "Renamed by the boss")
    assert api("DELETE", path, boss).status == 204


def test_identity_in_an_automation_body_is_an_escalation_attempt(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    for body in (
        {**REVIEW, "ownerId": "someone-else"},
        {**REVIEW, "actions": [{"task": {**REVIEW["actions"][0]["task"], "createdById": "x"}}]},
    ):
        assert_contract_error(api("POST", "/automations", admin, body=body), 403, "PRIVILEGE_ESCALATION_ATTEMPT")
    assert_contract_error(
        api("GET", "/automations", admin, query="owner=all&ownerId=x"), 403, "PRIVILEGE_ESCALATION_ATTEMPT"
    )
    assert automations_aws.rules() == {}


# --- Validation and limits --------------------------------------------------------------------------------------


def test_every_invalid_field_is_named_before_aws_sees_anything(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    body = {
        "name": "Broken",
        "trigger": {"schedule": "cron(0 9 * * MON *)", "timeZone": "Berlin"},
        "actions": [{"message": "Review {task.title}"}],
    }
    reply = api("POST", "/automations", admin, body=body)
    assert_contract_error(reply, 422, "VALIDATION_FAILED")
    fields = {detail["field"] for detail in reply.body["error"]["details"]}
    assert fields == {"trigger.schedule", "trigger.timeZone", "actions[0].message"}
    event = {
        "name": "x",
        "trigger": {"event": "TaskCreated", "match": {"oldStatus": ["DONE"]}},
        "actions": [REVIEW["actions"][0]],
    }
    reply = api("POST", "/automations", admin, body=event)
    assert [d["field"] for d in reply.body["error"]["details"]] == ["trigger.match.oldStatus"]
    assert automations_aws.rules() == {}
    assert automations_aws.schedules() == {}
    assert AutomationModel.count() == 0


def test_past_25_per_owner_is_limit_exceeded_and_a_delete_makes_room(
    api: Api, admin: Caller, make_user: MakeUser, automations_aws: AutomationsWorld
) -> None:
    made = [create(api, admin, {**WEEKLY, "name": f"Report {n}"})["id"] for n in range(MAX_PER_OWNER)]
    refused = api("POST", "/automations", admin, body=WEEKLY)
    assert_contract_error(refused, 422, "LIMIT_EXCEEDED")
    assert len(automations_aws.schedules()) == MAX_PER_OWNER  # nothing made for the refused one
    create(api, make_user(Role.ADMIN), WEEKLY)  # another owner still may
    assert api("DELETE", f"/automations/{made[0]}", admin).status == 204
    create(api, admin, WEEKLY)


def test_past_250_per_deployment_is_limit_exceeded(api: Api, admin: Caller, automations_aws: AutomationsWorld) -> None:
    """The deployment's counter as 250 creates would leave it (they would take minutes here)."""
    AutomationModel("COUNT#ALL", tally=MAX_PER_DEPLOYMENT).save()
    reply = api("POST", "/automations", admin, body=WEEKLY)
    assert_contract_error(reply, 422, "LIMIT_EXCEEDED")
    assert reply.body["error"]["details"] == [{"field": "automations", "issue": "at most 250 per deployment"}]
    AutomationModel("COUNT#ALL", tally=MAX_PER_DEPLOYMENT - 1).save()
    create(api, admin, WEEKLY)
    assert AutomationModel.get("COUNT#ALL").tally == MAX_PER_DEPLOYMENT


# --- Preview ----------------------------------------------------------------------------------------------------


def test_preview_dry_runs_each_action_as_the_owner_with_placeholders_filled(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    body = {
        **REVIEW,
        "actions": [
            REVIEW["actions"][0],
            {"task": {"category": "general", "title": "{task.title} went {event.oldStatus} -> {event.newStatus}"}},
            {"task": {"category": "general", "title": "Late {task.title}", "dueDate": "2020-01-01"}},
        ],
    }
    automation = create(api, admin, body)
    tasks_before = TaskModel.count()
    reply = api("POST", f"/automations/{automation['id']}/preview", admin, body={"event": DONE_CAMPAIGN})
    assert reply.status == 200
    first, second, third = reply.body["plans"]
    assert first["status"] == "DRY_RUN"
    assert (first["plan"]["title"], first["plan"]["category"]) == ("Review Spring sale", "campaign")
    assert first["plan"]["assigneeId"] != admin.id  # assigned as for the owner: someone else when there is one
    assert second["plan"]["title"] == "Spring sale went IN_PROGRESS -> DONE"
    assert third["error"]["code"] == "DUE_DATE_IN_PAST"
    assert TaskModel.count() == tasks_before
    assert automations_aws.runs() == []


def test_preview_of_a_schedule_takes_no_event_and_of_an_event_trigger_needs_one(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    schedule, event = create(api, admin, WEEKLY), create(api, admin, REVIEW)
    plans = api("POST", f"/automations/{schedule['id']}/preview", admin, body={}).body["plans"]
    assert [plan["status"] for plan in plans] == ["DRY_RUN"]
    for automation, body in ((schedule, {"event": DONE_CAMPAIGN}), (event, {})):
        reply = api("POST", f"/automations/{automation['id']}/preview", admin, body=body)
        assert_contract_error(reply, 422, "VALIDATION_FAILED")
        assert reply.body["error"]["details"][0]["field"] == "event"
    assert_contract_error(api("POST", "/automations/nothing-here/preview", admin, body={}), 404, "NOT_FOUND")


def test_preview_of_an_automation_whose_owner_can_no_longer_run_it(
    api: Api, admin: Caller, make_user: MakeUser, automations_aws: AutomationsWorld
) -> None:
    automation = create(api, admin, WEEKLY)
    boss = make_user(Role.SUPER_ADMIN)
    assert api("PUT", f"/users/{admin.id}/role", boss, body={"status": "INACTIVE"}).status == 200
    plans = api("POST", f"/automations/{automation['id']}/preview", boss, body={}).body["plans"]
    assert [plan["error"]["code"] for plan in plans] == ["USER_INACTIVE"]


# --- When AWS fails half-way --------------------------------------------------------------------------------------


@contextmanager
def failing(service: str, operation: str, code: str = "InternalException") -> Iterator[list[str]]:
    """`operation` answered by AWS with `code`; the list records each refusal."""
    refused: list[str] = []

    def refuse(call: Call, send: Send) -> Any:
        if call.operation == operation:
            refused.append(operation)
            raise call.refusal(code, "injected by the test")
        return send()

    with intercepting(refuse, service=service):
        yield refused


def test_a_rule_that_cannot_be_made_leaves_no_automation_and_no_count(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    with failing("events", "PutTargets") as refused:
        reply = api("POST", "/automations", admin, body=REVIEW)
    assert refused
    assert_contract_error(reply, 503, "SERVICE_BUSY")
    assert automations_aws.rules() == {}
    assert api("GET", "/automations", admin).body["items"] == []
    assert AutomationModel.get("COUNT#ALL").tally == 0
    assert AutomationModel.get(f"COUNT#OWNER#{admin.id}").tally == 0


def test_a_schedule_scheduler_refuses_is_the_callers_422_and_leaves_nothing(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    with failing("scheduler", "CreateSchedule", "ValidationException"):
        reply = api("POST", "/automations", admin, body=WEEKLY)
    assert_contract_error(reply, 422, "VALIDATION_FAILED")
    assert reply.body["error"]["details"][0]["field"] == "trigger.schedule"
    assert automations_aws.schedules() == {}
    assert api("GET", "/automations", admin).body["items"] == []


def test_a_change_aws_refuses_puts_the_automation_back_as_it_was(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    automation = create(api, admin, REVIEW)
    with failing("scheduler", "CreateSchedule"):
        reply = api("PUT", f"/automations/{automation['id']}", admin, body=WEEKLY)
    assert_contract_error(reply, 503, "SERVICE_BUSY")
    now = api("GET", f"/automations/{automation['id']}", admin).body
    assert (now["name"], now["trigger"]) == (REVIEW["name"], REVIEW["trigger"])
    assert automations_aws.schedules() == {}
    (rule,) = automations_aws.rules().values()
    assert rule["State"] == "ENABLED"
    assert api("PUT", f"/automations/{automation['id']}", admin, body=WEEKLY).status == 200  # and then it works


def test_a_delete_aws_refuses_keeps_the_automation_whole_and_a_retry_deletes_it(
    api: Api, admin: Caller, automations_aws: AutomationsWorld
) -> None:
    automation = create(api, admin, WEEKLY)
    path = f"/automations/{automation['id']}"
    with failing("scheduler", "DeleteSchedule"):
        assert_contract_error(api("DELETE", path, admin), 503, "SERVICE_BUSY")
    assert api("GET", path, admin).status == 200
    assert len(automations_aws.schedules()) == 1
    with failing("dynamodb", "TransactWriteItems", "InternalServerError"):
        assert api("DELETE", path, admin).status == 503
    assert api("GET", path, admin).status == 200
    assert len(automations_aws.schedules()) == 1  # put back as the row says
    assert api("DELETE", path, admin).status == 204
    assert automations_aws.schedules() == {}


def test_an_inactive_owners_automations_are_paused_and_still_a_super_admins_to_read_and_delete(
    api: Api, admin: Caller, make_user: MakeUser, automations_aws: AutomationsWorld
) -> None:
    """The owner can no longer use the routes; their automations are paused (tests/integration/
    test_automation_runs.py has the runs' side), and a SUPER_ADMIN still reads and deletes them."""
    automation = create(api, admin, WEEKLY)
    boss = make_user(Role.SUPER_ADMIN)
    api("PUT", f"/users/{admin.id}/role", boss, body={"status": UserStatus.INACTIVE.value})
    assert_contract_error(api("GET", "/automations", admin), 403, "USER_INACTIVE")
    assert api("GET", f"/automations/{automation['id']}", boss).body["status"] == "PAUSED"
    assert api("DELETE", f"/automations/{automation['id']}", boss).status == 204
    assert automations_aws.schedules() == {}


# --- The worked examples of docs/automations.md -------------------------------------------------------------------


def documented_automations() -> list[dict[str, Any]]:
    """The automation bodies docs/automations.md walks through (its JSON blocks that are automations)."""
    import json
    import re

    from devkit.template import ROOT

    text = (ROOT / "docs" / "automations.md").read_text(encoding="utf-8")
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)]
    return [block for block in blocks if isinstance(block, dict) and "trigger" in block]


def test_the_documented_automations_are_accepted_and_preview_as_described(
    api: Api, make_user: MakeUser, automations_aws: AutomationsWorld
) -> None:
    review, weekly, critical = documented_automations()
    admin, campaigner, it_admin = make_user(Role.ADMIN), make_user(Role.ADMIN), make_user(Role.IT_ADMIN)
    made = [create(api, admin, body) for body in (review, weekly, critical)]
    assert made[1]["trigger"]["timeZone"] == "Europe/Berlin"

    done = {**DONE_CAMPAIGN, "assigneeId": campaigner.id}
    (plan,) = api("POST", f"/automations/{made[0]['id']}/preview", admin, body={"event": done}).body["plans"]
    assert (plan["plan"]["title"], plan["plan"]["assigneeId"]) == ("Review the results of Spring sale", campaigner.id)
    (plan,) = api("POST", f"/automations/{made[1]['id']}/preview", admin, body={}).body["plans"]
    assert plan["plan"]["priority"] == "HIGH"
    health = {"status": "critical", "oldStatus": "warning", "newStatus": "critical", "eventId": "h-1"}
    (plan,) = api("POST", f"/automations/{made[2]['id']}/preview", admin, body={"event": health}).body["plans"]
    assert (plan["plan"]["assigneeId"], plan["plan"]["strategy"]) == (it_admin.id, "role_affinity")

    automations_aws.publish("TaskStatusChanged", done)
    automations_aws.publish("HealthStatusChanged", health)
    automations_aws.publish("HealthStatusChanged", {**health, "status": "warning", "eventId": "h-2"})
    assert sorted(run.automation_id for run in automations_aws.runs()) == sorted([made[0]["id"], made[2]["id"]])
