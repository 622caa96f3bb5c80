"""GET /me and PATCH /me against moto, and the zone they set reaching a request's dates: sign-up takes Cognito's
`zoneinfo`, a person changes their own zone and nothing else of their row, and their next execution is judged on
that calendar (the clock is the execute service's, replaced here: the wall clock is never asserted on)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec.authorization import Role, UserStatus
from taskexec.data.models import ActivityModel, UserModel
from taskexec.services import execute as execute_service
from tests.security.shape import assert_contract_error
from tests.support.events import EventsWorld, events_world, of_type

HONOLULU = "Pacific/Honolulu"
THURSDAY_NIGHT_IN_HONOLULU = datetime.fromisoformat("2026-12-04T09:30:00Z")
"""23:30 on Thursday 3 December 2026 in Honolulu: 09:30 on Friday in UTC."""
TOMORROW = {"task": {"category": "general", "title": "Send the weekly report", "dueDate": "tomorrow"}}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(execute_service, "utc_now", lambda: THURSDAY_NIGHT_IN_HONOLULU)


def test_get_me_answers_the_callers_own_row(api: Any, make_user: Any) -> None:
    user = make_user(Role.USER)
    reply = api("GET", "/me", user)
    assert reply.status == 200
    assert reply.body == {
        "id": user.id,
        "email": user.email,
        "role": "USER",
        "status": "ACTIVE",
        "timeZone": "UTC",
    }


def test_a_row_from_before_zones_reads_as_utc(api: Any, aws: Any, make_user: Any) -> None:
    user = make_user(Role.ADMIN)
    UserModel(user.id).update(actions=[UserModel.timeZone.remove()])
    assert "timeZone" not in aws.get_item(TableName="UsersTable", Key={"id": {"S": user.id}})["Item"]
    assert api("GET", "/me", user).body["timeZone"] == "UTC"


def test_patch_me_sets_the_zone_and_the_next_execution_is_on_that_calendar(
    api: Any, make_user: Any, clock: None
) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    before = api("POST", "/ai/execute", admin, body={**TOMORROW, "dryRun": True}).body["plan"]
    assert (before["dueDate"], before["timeZone"]) == ("2026-12-05", "UTC")

    changed = api("PATCH", "/me", admin, body={"timeZone": HONOLULU})
    assert changed.status == 200
    assert changed.body == {**api("GET", "/me", admin).body, "timeZone": HONOLULU}
    assert UserModel.get(admin.id).timeZone == HONOLULU

    made = api("POST", "/ai/execute", admin, body=TOMORROW)
    assert made.status == 201, made.body
    assert (made.body["task"]["dueDate"], made.body["task"]["timeZone"]) == ("2026-12-04", HONOLULU)
    task_id = made.body["task"]["id"]
    assert api("GET", f"/tasks/{task_id}", admin).body["timeZone"] == HONOLULU
    listed = api("GET", "/tasks", admin, query="scope=created").body["items"]
    assert [(t["id"], t["timeZone"]) for t in listed] == [(task_id, HONOLULU)]


def test_a_date_past_for_one_requester_is_today_for_another(api: Any, make_user: Any, clock: None) -> None:
    """Thursday the 3rd is today in Honolulu and already yesterday at Kiritimati (Friday the 4th, 23:30)."""
    honolulu, kiritimati, _ = make_user(Role.ADMIN), make_user(Role.ADMIN), make_user(Role.ADMIN)
    api("PATCH", "/me", honolulu, body={"timeZone": HONOLULU})
    api("PATCH", "/me", kiritimati, body={"timeZone": "Pacific/Kiritimati"})
    body = {"task": {"category": "general", "title": "Send the weekly report", "dueDate": "2026-12-03"}}

    accepted = api("POST", "/ai/execute", honolulu, body=body)
    assert (accepted.status, accepted.body["task"]["dueDate"]) == (201, "2026-12-03")
    refused = api("POST", "/ai/execute", kiritimati, body=body)
    assert_contract_error(refused, 422, "DUE_DATE_IN_PAST")
    assert refused.body["error"]["details"] == [
        {"field": "task.dueDate", "issue": "is before today (Pacific/Kiritimati)"}
    ]


def test_the_same_zone_again_writes_nothing(api: Any, make_user: Any) -> None:
    user = make_user(Role.USER)
    assert api("PATCH", "/me", user, body={"timeZone": HONOLULU}).status == 200
    written = UserModel.get(user.id).updatedAt
    assert api("PATCH", "/me", user, body={"timeZone": HONOLULU}).body["timeZone"] == HONOLULU
    assert UserModel.get(user.id).updatedAt == written


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "SUPER_ADMIN"}, "role"),
        ({"status": "ACTIVE"}, "status"),
        ({"timeZone": HONOLULU, "role": "ADMIN"}, "role"),
        ({"timeZone": HONOLULU, "userId": "someone-else"}, "userId"),
        ({"timeZone": HONOLULU, "email": "boss@example.com"}, "email"),
        ({"timeZone": HONOLULU, "openTasks": 0}, "openTasks"),
    ],
)
def test_patch_me_refuses_every_other_field_as_an_escalation_attempt(
    api: Any, make_user: Any, body: dict[str, Any], field: str
) -> None:
    user = make_user(Role.USER)
    reply = api("PATCH", "/me", user, body=body)
    assert_contract_error(reply, 403, "PRIVILEGE_ESCALATION_ATTEMPT")
    row = UserModel.get(user.id)
    assert (row.role, row.status, row.email, row.timeZone) == ("USER", "ACTIVE", user.email, "UTC")
    (audit,) = list(ActivityModel.query(user.id))
    assert (audit.outcome, audit.errorCode, audit.route) == ("DENIED", "PRIVILEGE_ESCALATION_ATTEMPT", "PATCH /me")
    assert f"body.{field}" in [str(place) for place in audit.detail.as_dict()["escalation"]]


@pytest.mark.parametrize(
    "zone",
    ["Mars/Olympus_Mons", "localtime", "Factory", "right/UTC", "europe/berlin", "../../etc/passwd", "x" * 65, ""],
)
def test_patch_me_refuses_a_name_that_is_no_zone(api: Any, make_user: Any, zone: str) -> None:
    user = make_user(Role.ADMIN)
    reply = api("PATCH", "/me", user, body={"timeZone": zone})
    assert_contract_error(reply, 422, "VALIDATION_FAILED")
    assert [d["field"] for d in reply.body["error"]["details"]] == ["timeZone"]
    assert UserModel.get(user.id).timeZone == "UTC"


def confirmation(sub: str, **attributes: str) -> dict[str, Any]:
    return {
        "version": "1",
        "region": "us-east-1",
        "userPoolId": "us-east-1_x",
        "userName": sub,
        "triggerSource": "PostConfirmation_ConfirmSignUp",
        "callerContext": {"clientId": "c"},
        "request": {"userAttributes": {"sub": sub, "email": f"{sub}@example.com", **attributes}},
        "response": {},
    }


@pytest.mark.parametrize(
    ("attributes", "zone"),
    [
        ({"zoneinfo": HONOLULU}, HONOLULU),
        ({"zoneinfo": "America/Argentina/ComodRivadavia"}, "America/Argentina/ComodRivadavia"),
        ({"zoneinfo": "Central European Time"}, "UTC"),  # free text to Cognito: not a zone
        ({"zoneinfo": "../../etc/passwd"}, "UTC"),
        ({}, "UTC"),
    ],
)
def test_sign_up_takes_the_zone_from_cognitos_zoneinfo_when_it_names_one(
    aws: Any, attributes: dict[str, str], zone: str
) -> None:
    event = confirmation("sub-tz", **attributes)
    assert load_function("post_confirmation").lambda_handler(event, LambdaContext("post_confirmation")) == event
    row = UserModel.get("sub-tz")
    assert (row.role, row.status, row.timeZone) == ("USER", UserStatus.ACTIVE.value, zone)


def test_task_created_carries_the_zone(api: Any, make_user: Any, aws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    world: EventsWorld = events_world(aws, monkeypatch)
    monkeypatch.setattr(execute_service, "utc_now", lambda: THURSDAY_NIGHT_IN_HONOLULU)
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    api("PATCH", "/me", admin, body={"timeZone": HONOLULU})
    assert api("POST", "/ai/execute", admin, body=TOMORROW).status == 201
    world.drive("EventsPublisherFunction")
    (created,) = of_type(world.tap(), "TaskCreated")
    assert (created["detail"]["dueDate"], created["detail"]["timeZone"]) == ("2026-12-04", HONOLULU)
