"""The zone on a user's row reaching a request's dates: sign-up takes Cognito's `zoneinfo`, and the row's zone is
the calendar their executions are judged on (the clock is the execute service's, replaced here: the wall clock
is never asserted on)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec.authorization import Role, UserStatus
from taskexec.data.models import UserModel
from taskexec.services import execute as execute_service

HONOLULU = "Pacific/Honolulu"
THURSDAY_NIGHT_IN_HONOLULU = datetime.fromisoformat("2026-12-04T09:30:00Z")
"""23:30 on Thursday 3 December 2026 in Honolulu: 09:30 on Friday in UTC."""
TOMORROW = {"task": {"category": "general", "title": "Send the weekly report", "dueDate": "tomorrow"}}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(execute_service, "utc_now", lambda: THURSDAY_NIGHT_IN_HONOLULU)


def test_the_rows_zone_is_the_calendar_of_the_execution(api: Any, make_user: Any, clock: None) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.ADMIN)
    assert api("POST", "/ai/execute", admin, body={**TOMORROW, "dryRun": True}).body["plan"]["dueDate"] == "2026-12-05"
    UserModel(admin.id).update(actions=[UserModel.timeZone.set(HONOLULU)])

    made = api("POST", "/ai/execute", admin, body=TOMORROW)
    assert made.status == 201, made.body
    assert (made.body["task"]["dueDate"], made.body["task"]["timeZone"]) == ("2026-12-04", HONOLULU)
    task_id = made.body["task"]["id"]
    assert api("GET", f"/tasks/{task_id}", admin).body["timeZone"] == HONOLULU
    listed = api("GET", "/tasks", admin, query="scope=created").body["items"]
    assert [(t["id"], t["timeZone"]) for t in listed] == [(task_id, HONOLULU)]


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
