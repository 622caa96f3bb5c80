"""The local stack's clock for runtime schedules (devkit.schedule_times): the next time a cron or rate schedule
fires, in its zone, as EventBridge Scheduler fires it. Pure: times in, times out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from devkit.schedule_times import next_fire


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def fires(expression: str, zone: str, after: datetime, count: int, start: datetime | None = None) -> list[datetime]:
    found: list[datetime] = []
    at = after
    for _ in range(count):
        following = next_fire(expression, zone, at, start)
        assert following is not None, f"{expression} stopped after {found}"
        found.append(following)
        at = following
    return found


def test_monday_at_nine_in_berlin_follows_berlins_clock_across_summer_time() -> None:
    # 2030-03-31 is the last Sunday of March: Berlin moves from UTC+1 to UTC+2.
    times = fires("cron(0 9 ? * MON *)", "Europe/Berlin", utc(2030, 3, 20, 0, 0), 3)
    assert times == [utc(2030, 3, 25, 8, 0), utc(2030, 4, 1, 7, 0), utc(2030, 4, 8, 7, 0)]


def test_a_wall_time_the_spring_change_skips_does_not_fire_and_a_repeated_one_fires_once() -> None:
    # New York: 2030-03-10 02:00 -> 03:00 (02:30 does not exist); 2030-11-03 02:00 -> 01:00 (01:30 happens twice).
    daily_0230 = fires("cron(30 2 * * ? *)", "America/New_York", utc(2030, 3, 8, 12, 0), 2)
    assert daily_0230 == [utc(2030, 3, 9, 7, 30), utc(2030, 3, 11, 6, 30)]  # nothing on the 10th
    daily_0130 = fires("cron(30 1 * * ? *)", "America/New_York", utc(2030, 11, 2, 12, 0), 2)
    assert daily_0130 == [utc(2030, 11, 3, 5, 30), utc(2030, 11, 4, 6, 30)]  # once on the 3rd (the first 01:30)


def test_a_time_in_a_zone_ahead_of_utc_lands_on_the_previous_utc_day() -> None:
    # 2030-01-07 is a Monday: 03:00 in Kolkata (UTC+5:30) is 21:30 on Sunday in UTC.
    assert next_fire("cron(0 3 ? * MON *)", "Asia/Kolkata", utc(2030, 1, 1)) == utc(2030, 1, 6, 21, 30)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("cron(0 12 L * ? *)", utc(2030, 2, 1), utc(2030, 2, 28, 12, 0)),
        ("cron(0 12 L * ? *)", utc(2032, 2, 1), utc(2032, 2, 29, 12, 0)),  # a leap year
        ("cron(0 12 15W * ? *)", utc(2030, 6, 1), utc(2030, 6, 14, 12, 0)),  # the 15th is a Saturday: Friday
        ("cron(0 12 15W * ? *)", utc(2030, 9, 1), utc(2030, 9, 16, 12, 0)),  # the 15th is a Sunday: Monday
        ("cron(0 12 1W * ? *)", utc(2030, 6, 1), utc(2030, 6, 3, 12, 0)),  # the 1st is a Saturday: Monday the 3rd
        ("cron(0 12 31W * ? *)", utc(2030, 3, 1), utc(2030, 3, 29, 12, 0)),  # the 31st is a Sunday: Friday
        ("cron(0 12 ? * 6L *)", utc(2030, 5, 1), utc(2030, 5, 31, 12, 0)),  # the last Friday of May
        ("cron(0 12 ? * 3#2 *)", utc(2030, 7, 1), utc(2030, 7, 9, 12, 0)),  # the second Tuesday of July
        ("cron(0 12 ? * 2#5 *)", utc(2030, 7, 1), utc(2030, 7, 29, 12, 0)),  # a fifth Monday
        ("cron(0 12 ? * L *)", utc(2030, 7, 1), utc(2030, 7, 6, 12, 0)),  # L in day-of-week: Saturday
        ("cron(0 12 29 2 ? *)", utc(2030, 3, 1), utc(2032, 2, 29, 12, 0)),
        ("cron(*/20 9-10 ? * MON-FRI *)", utc(2030, 7, 5, 10, 50), utc(2030, 7, 8, 9, 0)),
        ("cron(0 0 1 1 ? 2031)", utc(2030, 7, 1), utc(2031, 1, 1, 0, 0)),
    ],
)
def test_day_rules_fire_on_the_days_scheduler_means(expression: str, after: datetime, expected: datetime) -> None:
    assert next_fire(expression, "UTC", after) == expected


def test_a_cron_fires_strictly_after_the_time_given() -> None:
    at_nine = utc(2030, 1, 7, 9, 0)
    assert next_fire("cron(0 9 ? * MON *)", "UTC", at_nine) == at_nine + timedelta(days=7)
    assert next_fire("cron(0 9 ? * MON *)", "UTC", at_nine - timedelta(seconds=1)) == at_nine


def test_a_cron_whose_years_are_over_never_fires_again() -> None:
    assert next_fire("cron(0 0 1 1 ? 2030)", "UTC", utc(2031, 1, 1)) is None
    assert next_fire("cron(0 0 30 2 ? *)", "UTC", utc(2030, 1, 1)) is None  # no 30th of February, ever


def test_a_rate_fires_at_its_start_then_every_period() -> None:
    start = utc(2030, 1, 1, 10, 7)
    assert next_fire("rate(5 minutes)", "UTC", start - timedelta(seconds=1), start) == start
    assert fires("rate(5 minutes)", "UTC", start, 3, start) == [start + timedelta(minutes=m) for m in (5, 10, 15)]
    assert next_fire("rate(1 hour)", "UTC", start + timedelta(minutes=61), start) == start + timedelta(hours=2)


def test_a_rate_day_is_24_hours_whatever_the_zone() -> None:
    start = utc(2030, 3, 30, 8, 0)  # Berlin's clock moves forward during the next day
    assert next_fire("rate(1 day)", "Europe/Berlin", start, start) == start + timedelta(hours=24)
