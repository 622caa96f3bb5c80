"""When a schedule fires, as EventBridge Scheduler would fire it: the local stack's clock for runtime schedules.

moto stores Scheduler's schedules and never fires them; devkit/runtime_schedules.py does, at the times given
here. An expression is read by the service's own parser (taskexec.domain.schedules), so what the API accepts is
what runs locally, and its meaning is Scheduler's:
- cron: evaluated on the wall clock of the schedule's time zone, to the minute. Across daylight saving time,
  a wall time the spring change skips does not fire, and one the autumn change repeats fires once (the first);
  AWS documents both. Day rules: L is the month's last day (day-of-month) or Saturday (day-of-week), nW the
  weekday nearest day n within the month, nL the month's last weekday n, n#k its k-th weekday n.
- rate: a fixed period from the schedule's start (a day is 24 hours whatever the zone, as Scheduler reads it);
  without a start date the first run is at once, then every period.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from taskexec.domain.schedules import Cron, Days, Rate, parse

LAST_YEAR = 2199
"""Cron's year field ends here; past it a cron never fires again."""


def next_fire(expression: str, zone: str, after: datetime, start: datetime | None = None) -> datetime | None:
    """The first time (UTC) strictly after `after` at which the schedule fires; None when it never will again.

    `start` anchors a rate (the schedule's creation, floored to the minute, when it has no start date); a cron
    ignores it."""
    meaning = parse(expression)
    if isinstance(meaning, Rate):
        return next_rate(meaning, start or after, after)
    return next_cron(meaning, ZoneInfo(zone), after)


def next_rate(rate: Rate, start: datetime, after: datetime) -> datetime:
    """start, start + period, ...: the first strictly after `after` (start itself when `after` is before it)."""
    period = timedelta(seconds=rate.seconds)
    if after < start:
        return start
    periods = (after - start) // period + 1
    return start + periods * period


def next_cron(cron: Cron, zone: ZoneInfo, after: datetime) -> datetime | None:
    """Day by day on the zone's calendar from the day `after` falls on, then the day's times in order."""
    day = after.astimezone(zone).date()
    while day.year <= LAST_YEAR:
        if day.year not in cron.years:
            day = date(day.year + 1, 1, 1)
            continue
        if day.month not in cron.months:
            day = _first_of_next_month(day)
            continue
        if _day_matches(cron, day):
            for hour in sorted(cron.hours):
                for minute in sorted(cron.minutes):
                    at = _wall_time(day, hour, minute, zone)
                    if at is not None and at > after:
                        return at
        day += timedelta(days=1)
    return None


def _first_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def _wall_time(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a wall time in `zone`; None for a time the spring change skips. A repeated (autumn)
    time is its first occurrence (fold 0)."""
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def _day_matches(cron: Cron, day: date) -> bool:
    """Exactly one of the two day fields is `?` (the parser holds that), so the other decides."""
    if cron.days_of_month.kind != "any":
        return _month_day_matches(cron.days_of_month, day)
    return _week_day_matches(cron.days_of_week, day)


def _aws_weekday(day: date) -> int:
    """1 Sunday .. 7 Saturday (cron's numbering; Python's weekday() is 0 Monday .. 6 Sunday)."""
    return (day.weekday() + 1) % 7 + 1


def _month_day_matches(days: Days, day: date) -> bool:
    last = calendar.monthrange(day.year, day.month)[1]
    if days.kind == "values":
        return day.day in days.values
    if days.kind == "last":
        return day.day == last
    if days.kind == "nearest-weekday":
        return day.day == _nearest_weekday(day.year, day.month, min(days.n, last), last)
    raise ValueError(f"not a day-of-month rule: {days.kind}")


def _nearest_weekday(year: int, month: int, target: int, last: int) -> int:
    """The weekday (Monday to Friday) nearest `target`, never leaving the month: a Saturday moves to the Friday
    before (the Monday after when it is the 1st), a Sunday to the Monday after (the Friday before when it is the
    month's last day)."""
    weekday = date(year, month, target).weekday()
    if weekday == 5:
        return target - 1 if target > 1 else target + 2
    if weekday == 6:
        return target + 1 if target < last else target - 2
    return target


def _week_day_matches(days: Days, day: date) -> bool:
    weekday = _aws_weekday(day)
    if days.kind == "values":
        return weekday in days.values
    last = calendar.monthrange(day.year, day.month)[1]
    if days.kind == "last-weekday":
        return weekday == days.n and day.day + 7 > last
    if days.kind == "nth-weekday":
        return weekday == days.n and (day.day - 1) // 7 + 1 == days.k
    raise ValueError(f"not a day-of-week rule: {days.kind}")
