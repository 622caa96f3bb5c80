"""EventBridge Scheduler's cron and rate syntax and IANA zones, checked before AWS sees them
(taskexec.domain.schedules): what Scheduler takes is taken, with its meaning; what it refuses is refused, with a
message that says which field is wrong."""

from __future__ import annotations

import time

import pytest

from taskexec.domain.schedules import MAX_EXPRESSION, Cron, Days, Rate, ScheduleError, issue, parse, zone_issue

SUNDAY, MONDAY, TUESDAY, FRIDAY, SATURDAY = 1, 2, 3, 6, 7


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("rate(1 minute)", Rate(1, "minute")),
        ("rate(5 minutes)", Rate(5, "minute")),
        ("rate(1 hour)", Rate(1, "hour")),
        ("rate(12 hours)", Rate(12, "hour")),
        ("rate(1 day)", Rate(1, "day")),
        ("rate(7 days)", Rate(7, "day")),
    ],
)
def test_rates_scheduler_takes(expression: str, expected: Rate) -> None:
    assert parse(expression) == expected


def test_a_rate_day_is_24_hours_of_the_clock() -> None:
    assert Rate(2, "day").seconds == 2 * 86400
    assert Rate(15, "minute").seconds == 900


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("rate(1 minutes)", "rate(1 minute) for one"),
        ("rate(5 minute)", "plural"),
        ("rate(1 hours)", "rate(1 hour)"),
        ("rate(2 day)", "plural (days)"),
        ("rate(0 minutes)", "from 1"),
        ("rate(05 minutes)", "leading zeros"),
        ("rate(1234567890 minutes)", "from 1 to 999999999"),
        ("rate(5 seconds)", "rate(value unit)"),
        ("rate(5 weeks)", "rate(value unit)"),
        ("rate(5  minutes)", "rate(value unit)"),
        ("rate(-5 minutes)", "rate(value unit)"),
        ("rate(five minutes)", "rate(value unit)"),
        ("rate(5 Minutes)", "rate(value unit)"),
        ("rate(5 minutes", "rate(value unit)"),
        ("at(2030-01-01T09:00:00)", "one-time at(...)"),
        ("every 5 minutes", "must be cron("),
        ("", "must be cron("),
        ("RATE(5 minutes)", "must be cron("),
    ],
)
def test_rates_and_others_scheduler_refuses(expression: str, says: str) -> None:
    found = issue(expression)
    assert found is not None
    assert says in found


def test_cron_fields_mean_what_scheduler_says() -> None:
    cron = parse("cron(0/15 8-17 ? * MON-FRI 2030-2032)")
    assert isinstance(cron, Cron)
    assert cron.minutes == {0, 15, 30, 45}
    assert cron.hours == set(range(8, 18))
    assert cron.days_of_month == Days("any")
    assert cron.months == set(range(1, 13))
    assert cron.days_of_week == Days("values", frozenset({MONDAY, 3, 4, 5, FRIDAY}))
    assert cron.years == {2030, 2031, 2032}


@pytest.mark.parametrize(
    ("expression", "field", "value"),
    [
        ("cron(0 9 ? * MON *)", "days_of_week", Days("values", frozenset({MONDAY}))),
        ("cron(0 9 ? * mon,fri *)", "days_of_week", Days("values", frozenset({MONDAY, FRIDAY}))),
        ("cron(0 9 ? * 1 *)", "days_of_week", Days("values", frozenset({SUNDAY}))),
        ("cron(0 9 ? * L *)", "days_of_week", Days("values", frozenset({SATURDAY}))),
        ("cron(0 9 ? * 6L *)", "days_of_week", Days("last-weekday", n=FRIDAY)),
        ("cron(0 9 ? * FRIL *)", "days_of_week", Days("last-weekday", n=FRIDAY)),
        ("cron(0 9 ? * 3#2 *)", "days_of_week", Days("nth-weekday", n=TUESDAY, k=2)),
        ("cron(0 9 ? * MON#1 *)", "days_of_week", Days("nth-weekday", n=MONDAY, k=1)),
        ("cron(0 9 L * ? *)", "days_of_month", Days("last")),
        ("cron(0 9 15W * ? *)", "days_of_month", Days("nearest-weekday", n=15)),
        ("cron(0 9 1,15 * ? *)", "days_of_month", Days("values", frozenset({1, 15}))),
        ("cron(0 9 1/10 * ? *)", "days_of_month", Days("values", frozenset({1, 11, 21, 31}))),
        ("cron(0 9 * * ? *)", "days_of_month", Days("values", frozenset(range(1, 32)))),
        ("cron(*/20 * * * ? *)", "minutes", frozenset({0, 20, 40})),
        ("cron(1/10 * * * ? *)", "minutes", frozenset({1, 11, 21, 31, 41, 51})),
        ("cron(10-30/10 * * * ? *)", "minutes", frozenset({10, 20, 30})),
        ("cron(0 9 1 jan,Jul ? *)", "months", frozenset({1, 7})),
        ("cron(0 9 1 JAN-MAR ? *)", "months", frozenset({1, 2, 3})),
        ("cron(0 9 1 1 ? 2030/10)", "years", frozenset(range(2030, 2200, 10))),
    ],
)
def test_cron_forms_scheduler_takes(expression: str, field: str, value: object) -> None:
    assert getattr(parse(expression), field) == value


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("cron(0 9 * * * *)", "exactly one of day-of-month and day-of-week must be ?"),
        ("cron(0 9 ? * ? *)", "exactly one of day-of-month and day-of-week must be ?"),
        ("cron(0 9 1 * MON *)", "exactly one of day-of-month and day-of-week must be ?"),
        ("cron(0 9 * * ?)", "has 5 fields"),
        ("cron(0 0 9 * * ? *)", "has 7 fields"),
        ("cron()", "has 0 fields"),
        ("cron(60 9 * * ? *)", "minutes: 60 is out of 0-59"),
        ("cron(0 24 * * ? *)", "hours: 24 is out of 0-23"),
        ("cron(0 9 32 * ? *)", "day-of-month: 32 is out of 1-31"),
        ("cron(0 9 0 * ? *)", "day-of-month: 0 is out of 1-31"),
        ("cron(0 9 1 13 ? *)", "month: 13 is out of 1-12"),
        ("cron(0 9 ? * 8 *)", "day-of-week: 8 is out of 1-7"),
        ("cron(0 9 1 1 ? 1969)", "year: 1969 is out of 1970-2199"),
        ("cron(0 9 1 1 ? 2200)", "year: 2200 is out of 1970-2199"),
        ("cron(0 9 ? * 1/2 *)", "day-of-week: increments (/) are not allowed"),
        ("cron(0 9 1 MAR-JAN ? *)", "runs backwards"),
        ("cron(30-10 9 * * ? *)", "runs backwards"),
        ("cron(0/0 9 * * ? *)", "increment"),
        ("cron(0/60 9 * * ? *)", "increment"),
        ("cron(*-5 9 * * ? *)", "* cannot start a range"),
        ("cron(0 9 1,L * ? *)", "day-of-month: 'L' is not a number"),
        ("cron(0 9 1,15W * ? *)", "day-of-month"),
        ("cron(0 9 ? * 3#1,6#3 *)", "n#k is the whole field"),
        ("cron(0 9 ? * 3#6 *)", "k from 1 to 5"),
        ("cron(0 9 ? * 9#1 *)", "day-of-week: 9 is out of 1-7"),
        ("cron(0 9 32W * ? *)", "day-of-month: 32 is out of 1-31"),
        ("cron(0 9 ? * XYZ *)", "day-of-week: 'XYZ' is not a number from 1 to 7 or SUN-SAT"),
        ("cron(0 9 1 FOO ? *)", "month: 'FOO' is not a number from 1 to 12 or JAN-DEC"),
        ("cron(0 9 ?,1 * ? *)", "stand alone"),
        ("cron(a b c d e f)", "minutes"),
        ("cron(0 9 * * ? *) ", "must be cron(...)"),
        ("cron((0 9 * * ? *))", "must be cron(...)"),
    ],
)
def test_cron_forms_scheduler_refuses(expression: str, says: str) -> None:
    found = issue(expression)
    assert found is not None, expression
    assert says in found, found


def test_an_expression_longer_than_schedulers_limit_is_refused_before_it_is_read() -> None:
    assert issue("cron(" + "1," * MAX_EXPRESSION + "1 * * * ? *)") == f"is longer than {MAX_EXPRESSION} characters"
    with pytest.raises(ScheduleError):
        parse("rate(" + "9" * 300 + " minutes)")


def test_reading_a_hostile_expression_takes_linear_time() -> None:
    """The longest expressions Scheduler allows, of every shape that could make a parser backtrack, are read
    far faster than a request's budget (a bound on work, not a wall-clock measurement of the service)."""
    hostile = [
        "cron(" + ",".join(["1-59/1"] * 36)[: MAX_EXPRESSION - 20] + " * * * ? *)",
        "cron(" + "0" * (MAX_EXPRESSION - 6) + ")",
        "rate(" + "1" * (MAX_EXPRESSION - 15) + " minutes)",
        "cron(" + " " * (MAX_EXPRESSION - 6) + ")",
    ]
    started = time.process_time()
    for _ in range(200):
        for expression in hostile:
            issue(expression)
    assert time.process_time() - started < 5.0


@pytest.mark.parametrize("name", ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Honolulu", "Asia/Kolkata"])
def test_iana_zones_are_taken(name: str) -> None:
    assert zone_issue(name) is None


@pytest.mark.parametrize(
    "name",
    ["", "europe/berlin", "Europe/berlin", "Mars/Olympus", "Factory", "../UTC", "/etc/localtime", "UTC ", "+02:00"],
)
def test_anything_but_a_key_of_the_iana_database_is_refused(name: str) -> None:
    assert zone_issue(name) is not None
    assert zone_issue("A" * 51) is not None
