"""Dates on the requester's calendar: "today", relative dates, the defaults, weekends and "in the past" are judged
in the requester's zone, at the edges (UTC+14, UTC-11, daylight-saving nights, the contract's Honolulu example, a
date in the past in one zone and today in another), through `execute` with an in-memory store and a given `now`:
the wall clock is never read. Which names are zones, and what becomes of rows and tasks from before zones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from taskexec.authorization import Role, UserStatus
from taskexec.data.models import UserModel
from taskexec.data.task_rows import task_of
from taskexec.data.user_store import to_user
from taskexec.domain import time_zones
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, ServiceError
from taskexec.schemas.execute import DryRunResponse, ExecuteRequest, ExecuteResponse
from taskexec.schemas.me import MeChange
from taskexec.services import recording
from taskexec.services.execute import execute
from tests.support.memory_store import MemoryStore

HONOLULU, KIRITIMATI, PAGO_PAGO = "Pacific/Honolulu", "Pacific/Kiritimati", "Pacific/Pago_Pago"
NEW_YORK, BERLIN = "America/New_York", "Europe/Berlin"
ASSIGNEE = User("assignee", Role.ADMIN, UserStatus.ACTIVE)

THURSDAY_NIGHT_IN_HONOLULU = "2026-12-04T09:30:00Z"
"""23:30 on Thursday 3 December 2026 in Honolulu (UTC-10) is 09:30 on Friday 4 December in UTC."""
LATE_MONDAY_UTC = "2026-12-07T10:00:00Z"
"""10:00 on Monday 7 December in UTC: already Tuesday the 8th at Kiritimati (UTC+14), still Sunday the 6th at
23:00 in Pago Pago (UTC-11)."""


@pytest.fixture(autouse=True)
def no_metrics_left_behind() -> Iterator[None]:
    yield
    recording.metrics.clear_metrics()


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def requester(zone: str = time_zones.UTC_ZONE) -> User:
    return User("requester", Role.ADMIN, UserStatus.ACTIVE, time_zone=zone)


def run(
    zone: str, now: str, body: dict[str, Any], *, time_zone: str | None = None, store: MemoryStore | None = None
) -> DryRunResponse | ExecuteResponse:
    who = requester(zone)
    return execute(
        who,
        ExecuteRequest.model_validate(body),
        request_id="r-1",
        now=instant(now),
        time_zone=time_zone,
        store=store or MemoryStore([who, ASSIGNEE]),
    )


def planned(zone: str, now: str, body: dict[str, Any], **kwargs: Any) -> tuple[str, str]:
    """(dueDate, timeZone) of the dry run's plan."""
    result = run(zone, now, {**body, "dryRun": True}, **kwargs)
    assert isinstance(result, DryRunResponse)
    return result.plan.dueDate, result.plan.timeZone


def task(due: str | None = None, priority: str | None = None) -> dict[str, Any]:
    fields = {"category": "general", "title": "Send the weekly report"}
    if due is not None:
        fields["dueDate"] = due
    if priority is not None:
        fields["priority"] = priority
    return {"task": fields}


def refusal(zone: str, now: str, body: dict[str, Any], **kwargs: Any) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        run(zone, now, body, **kwargs)
    return refused.value


# --- The contract's example: 23:30 on a Thursday in Honolulu ------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"message": "Create a task to send the weekly report tomorrow"},
        task("tomorrow"),
    ],
    ids=["message", "structured"],
)
def test_tomorrow_at_2330_on_a_thursday_in_honolulu_is_that_friday(body: dict[str, Any]) -> None:
    assert planned(HONOLULU, THURSDAY_NIGHT_IN_HONOLULU, body) == ("2026-12-04", HONOLULU)
    # The same instant on a UTC calendar is already Friday, so its tomorrow is Saturday.
    assert planned("UTC", THURSDAY_NIGHT_IN_HONOLULU, body) == ("2026-12-05", "UTC")


def test_the_task_carries_the_zone_and_its_guidance_says_which_calendar() -> None:
    who = requester(HONOLULU)
    store = MemoryStore([who, ASSIGNEE])

    result = run(HONOLULU, THURSDAY_NIGHT_IN_HONOLULU, task("tomorrow"), store=store)

    assert isinstance(result, ExecuteResponse)
    assert (result.task.dueDate, result.task.timeZone) == ("2026-12-04", HONOLULU)
    (stored,) = store.items("TasksTable")
    assert (stored["dueDate"], stored["timeZone"]) == ("2026-12-04", HONOLULU)
    assert "Why this due date: Due 2026-12-04 (Pacific/Honolulu), as the request asked." in result.comment.content


def test_weekdays_and_weekend_defaults_are_the_requesters() -> None:
    """Thursday night in Honolulu: "by Friday" is the next day, and an URGENT default (+1 day) lands on that
    Friday. On the UTC calendar it is Friday already: "by Friday" is a week on, and +1 day is a Saturday, moved to
    the Monday."""
    by_friday = {"message": "Create a task to send the weekly report by Friday"}
    assert planned(HONOLULU, THURSDAY_NIGHT_IN_HONOLULU, by_friday)[0] == "2026-12-04"
    assert planned("UTC", THURSDAY_NIGHT_IN_HONOLULU, by_friday)[0] == "2026-12-11"
    assert planned(HONOLULU, THURSDAY_NIGHT_IN_HONOLULU, task(priority="URGENT"))[0] == "2026-12-04"
    assert planned("UTC", THURSDAY_NIGHT_IN_HONOLULU, task(priority="URGENT"))[0] == "2026-12-07"


# --- UTC+14 and UTC-11: the same instant on three calendars -------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "today"),
    [(KIRITIMATI, "2026-12-08"), ("UTC", "2026-12-07"), (PAGO_PAGO, "2026-12-06")],
)
def test_today_at_one_instant_is_a_different_date_at_each_end_of_the_day(zone: str, today: str) -> None:
    assert planned(zone, LATE_MONDAY_UTC, task("today")) == (today, zone)


def test_a_date_in_the_past_in_one_zone_is_today_in_another() -> None:
    """The 7th is yesterday at Kiritimati but today in UTC; the 6th is past in UTC but today in Pago Pago."""
    err = refusal(KIRITIMATI, LATE_MONDAY_UTC, task("2026-12-07"))
    assert (err.code, [tuple(d) for d in err.details]) == (
        ErrorCode.DUE_DATE_IN_PAST,
        [("task.dueDate", "is before today (Pacific/Kiritimati)")],
    )
    assert planned("UTC", LATE_MONDAY_UTC, task("2026-12-07"))[0] == "2026-12-07"

    err = refusal("UTC", LATE_MONDAY_UTC, {"message": "Create a task to send the weekly report by 2026-12-06"})
    assert (err.code, err.details[0].issue) == (ErrorCode.DUE_DATE_IN_PAST, "is before today (UTC)")
    assert planned(PAGO_PAGO, LATE_MONDAY_UTC, task("2026-12-06"))[0] == "2026-12-06"


def test_a_datetime_with_an_offset_is_a_date_on_the_requesters_calendar() -> None:
    """23:00 on the 4th in Honolulu is the 5th in UTC: the due date is the requester's 4th."""
    assert planned(HONOLULU, THURSDAY_NIGHT_IN_HONOLULU, task("2026-12-04T23:00:00-10:00"))[0] == "2026-12-04"
    assert planned("UTC", THURSDAY_NIGHT_IN_HONOLULU, task("2026-12-04T23:00:00-10:00"))[0] == "2026-12-05"


# --- Daylight-saving nights ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "today"),
    [
        # New York springs forward at 02:00 EST on Sunday 14 March 2027: midnight is 05:00 UTC before, 04:00 after.
        (NEW_YORK, "2027-03-14T04:59:00Z", "2027-03-13"),
        (NEW_YORK, "2027-03-14T05:00:00Z", "2027-03-14"),
        (NEW_YORK, "2027-03-14T07:30:00Z", "2027-03-14"),  # 03:30 EDT, an hour after 01:59 EST
        (NEW_YORK, "2027-03-15T03:59:00Z", "2027-03-14"),  # 23:59 EDT
        (NEW_YORK, "2027-03-15T04:00:00Z", "2027-03-15"),
        # ... and falls back at 02:00 EDT on Sunday 7 November 2027: midnight is 04:00 UTC before, 05:00 after.
        (NEW_YORK, "2027-11-07T03:59:00Z", "2027-11-06"),
        (NEW_YORK, "2027-11-07T04:00:00Z", "2027-11-07"),
        (NEW_YORK, "2027-11-07T06:30:00Z", "2027-11-07"),  # 01:30 EST, the second 01:30 of the night
        (NEW_YORK, "2027-11-08T04:59:00Z", "2027-11-07"),  # 23:59 EST: the 8th in UTC
        (NEW_YORK, "2027-11-08T05:00:00Z", "2027-11-08"),
        # Berlin moves to summer time on 28 March 2027 and back on 31 October 2027.
        (BERLIN, "2027-03-27T22:59:00Z", "2027-03-27"),
        (BERLIN, "2027-03-27T23:00:00Z", "2027-03-28"),  # midnight CET: the 27th in UTC
        (BERLIN, "2027-03-28T21:59:00Z", "2027-03-28"),  # 23:59 CEST
        (BERLIN, "2027-03-28T22:00:00Z", "2027-03-29"),
        (BERLIN, "2027-10-30T22:00:00Z", "2027-10-31"),  # midnight CEST
        (BERLIN, "2027-10-31T22:59:00Z", "2027-10-31"),  # 23:59 CET
        (BERLIN, "2027-10-31T23:00:00Z", "2027-11-01"),
    ],
)
def test_today_on_a_daylight_saving_night(zone: str, now: str, today: str) -> None:
    assert time_zones.today_in(zone, instant(now)) == date.fromisoformat(today)
    assert planned(zone, now, task("today")) == (today, zone)


def test_a_date_that_is_today_on_the_fall_back_night_in_new_york_is_past_in_utc() -> None:
    late = "2027-11-08T04:30:00Z"  # 23:30 EST on Sunday the 7th
    assert planned(NEW_YORK, late, task("2027-11-07"))[0] == "2027-11-07"
    assert refusal("UTC", late, task("2027-11-07")).code == ErrorCode.DUE_DATE_IN_PAST
    # The default for MEDIUM (+7 days) is counted from the requester's Sunday: the next Sunday, moved to Monday.
    assert planned(NEW_YORK, late, task())[0] == "2027-11-15"
    assert planned("UTC", late, task())[0] == "2027-11-15"  # from Monday the 8th: Monday the 15th
    assert planned(NEW_YORK, late, task(priority="HIGH"))[0] == "2027-11-10"  # Sunday + 3: Wednesday
    assert planned("UTC", late, task(priority="HIGH"))[0] == "2027-11-11"


# --- Whose zone ---------------------------------------------------------------------------------------------------


def test_an_explicit_zone_wins_over_the_requesters_row() -> None:
    """Integrations and schedules name their zone; the row's is used when they do not."""
    assert planned("UTC", THURSDAY_NIGHT_IN_HONOLULU, task("tomorrow"), time_zone=HONOLULU) == ("2026-12-04", HONOLULU)
    assert planned(HONOLULU, THURSDAY_NIGHT_IN_HONOLULU, task("tomorrow"), time_zone="UTC") == ("2026-12-05", "UTC")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "localtime", "../etc/passwd", "x" * 5000])
def test_a_name_that_is_no_zone_is_422_naming_the_field(zone: str) -> None:
    err = refusal("UTC", THURSDAY_NIGHT_IN_HONOLULU, task(), time_zone=zone)
    assert (err.code, err.details[0].field) == (ErrorCode.VALIDATION_FAILED, "timeZone")


def test_a_row_whose_zone_is_no_zone_is_422_rather_than_a_failure() -> None:
    err = refusal("Europe/Berln", THURSDAY_NIGHT_IN_HONOLULU, task())
    assert (err.code, err.details[0].field) == (ErrorCode.VALIDATION_FAILED, "timeZone")


# --- Which names are zones ----------------------------------------------------------------------------------------


def test_every_iana_name_has_the_shape_and_length_checked_first() -> None:
    names = time_zones.zone_names()
    assert {"UTC", HONOLULU, KIRITIMATI, PAGO_PAGO, NEW_YORK, BERLIN, "Etc/GMT+5", "America/Port-au-Prince"} <= names
    assert [n for n in names if len(n) > time_zones.ZONE_MAX or not re.fullmatch(time_zones.ZONE_PATTERN, n)] == []
    assert all(time_zones.is_zone(name) for name in names)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Factory",  # tzdata's placeholder for "no zone configured"
        "localtime",  # a file of the system's zoneinfo directory, not a zone
        "posixrules",
        "right/UTC",
        "posix/Europe/Berlin",
        "europe/berlin",
        "Europe/Berlin ",
        " Europe/Berlin",
        "Europe/Berlin\n",
        "Europe/Berlin\x00",
        "Europe/../Europe/Berlin",
        "../../etc/passwd",
        "/usr/share/zoneinfo/UTC",
        "Europe\\Berlin",
        "Europe/",
        "Mars/Olympus_Mons",
        "A" * 65,
        "Europe/Berlin" * 100_000,
        None,
        5,
        ["UTC"],
    ],
)
def test_what_is_not_an_iana_name_is_refused(name: object) -> None:
    assert not time_zones.is_zone(name)
    assert time_zones.zone_or_utc(name) == "UTC"


def test_patch_me_takes_a_zone_and_refuses_anything_else() -> None:
    assert MeChange.model_validate({"timeZone": HONOLULU}).timeZone == HONOLULU
    for wrong in ("Mars/Olympus_Mons", "localtime", "../etc/passwd", "x" * 65, ""):
        with pytest.raises(ValidationError) as refused:
            MeChange.model_validate({"timeZone": wrong})
        assert [e["loc"] for e in refused.value.errors()] == [("timeZone",)]


# --- Rows and tasks from before zones -----------------------------------------------------------------------------


def test_a_user_row_without_a_zone_reads_as_utc() -> None:
    row = UserModel("u1", role="ADMIN", status="ACTIVE", createdAt="t", updatedAt="t")
    assert to_user(row).time_zone == "UTC"
    assert to_user(UserModel("u2", role="USER", status="ACTIVE", timeZone=BERLIN)).time_zone == BERLIN


def test_a_task_row_without_a_zone_reads_as_utc() -> None:
    item = {
        name: {"S": value}
        for name, value in {
            "id": "t1",
            "title": "Old task",
            "category": "general",
            "priority": "LOW",
            "status": "TODO",
            "dueDate": "2026-01-05",
        }.items()
    }
    assert task_of(item).timeZone == "UTC"
    assert task_of({**item, "timeZone": {"S": HONOLULU}}).body()["timeZone"] == HONOLULU
