"""Schedule expressions and time zones as EventBridge Scheduler reads them, checked before AWS sees them.

An automation's schedule is `cron(...)` or `rate(...)` in Scheduler's own syntax, evaluated in an IANA time zone.
`parse` turns an expression into what it means (the values each cron field allows, or a rate's period), or
raises `ScheduleError` naming what is wrong, so a caller learns it from a 422 rather than from AWS refusing the
schedule after the automation was stored. The local stack fires schedules from the same parse
(devkit/schedule_times.py), so what is accepted here is what runs locally.

The syntax, from Scheduler's (and EventBridge's) cron reference:
- six fields separated by spaces: minutes (0-59), hours (0-23), day-of-month (1-31), month (1-12 or JAN-DEC),
  day-of-week (1-7 or SUN-SAT, 1 is Sunday) and year (1970-2199); names in any case;
- `,` lists, `-` ranges (low to high), `*` every value, `/` increments (`a/n`, `*/n`, `a-b/n`; not in
  day-of-week), `?` "any" in day-of-month or day-of-week: exactly one of those two is `?`;
- `L` (the last day of the month; in day-of-week alone the last day of the week, Saturday; `nL` the month's
  last weekday n), `nW` (the weekday nearest day n) and `n#k` (the month's k-th weekday n), each the whole of
  its field;
- `rate(value unit)`: a positive whole number and minute|minutes|hour|hours|day|days, singular for 1 and
  plural otherwise. One-time `at(...)` schedules are not automation triggers.
Parsing is one pass over an expression of at most 256 characters (Scheduler's limit): linear whatever it holds.
"""

import re
from typing import NamedTuple

from taskexec.domain import time_zones

MAX_EXPRESSION = 256
"""EventBridge Scheduler's limit on ScheduleExpression."""
MAX_ZONE = 50
"""EventBridge Scheduler's limit on ScheduleExpressionTimezone."""
MAX_RATE_DIGITS = 9


class ScheduleError(ValueError):
    """An expression or zone Scheduler would refuse; the message says what is wrong, for the caller."""


class Field(NamedTuple):
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    """Names of the values from `low` up (JAN.., SUN..), matched in any case."""
    steps: bool = True


MINUTES = Field("minutes", 0, 59)
HOURS = Field("hours", 0, 23)
DAY_OF_MONTH = Field("day-of-month", 1, 31)
MONTH = Field("month", 1, 12, ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"))
DAY_OF_WEEK = Field("day-of-week", 1, 7, ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), steps=False)
YEAR = Field("year", 1970, 2199)
FIELDS = (MINUTES, HOURS, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR)


class Days(NamedTuple):
    """What a day-of-month or day-of-week field selects.

    kind: "any" (`?`), "values" (the set in `values`), "last" (`L`), "nearest-weekday" (`nW`: `n`),
    "last-weekday" (`nL`: `n`), "nth-weekday" (`n#k`: `n`, `k`).
    """

    kind: str
    values: frozenset[int] = frozenset()
    n: int = 0
    k: int = 0


class Cron(NamedTuple):
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: Days
    months: frozenset[int]
    days_of_week: Days
    years: frozenset[int]


class Rate(NamedTuple):
    value: int
    unit: str
    """minute, hour or day (singular)."""

    @property
    def seconds(self) -> int:
        """A day is 24 hours of the clock, also across a daylight saving change (Scheduler's reading)."""
        return self.value * {"minute": 60, "hour": 3600, "day": 86400}[self.unit]


_CRON = re.compile(r"cron\(([^()]*)\)")
_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_NUMBER = re.compile(r"\d{1,4}")
_SINGLE = re.compile(r"(?P<start>\*|[0-9A-Za-z]{1,4})(?:-(?P<end>[0-9A-Za-z]{1,4}))?(?:/(?P<step>\d{1,4}))?")


def parse(expression: str) -> Cron | Rate:
    """What `expression` means; ScheduleError saying what Scheduler would refuse."""
    if len(expression) > MAX_EXPRESSION:
        raise ScheduleError(f"is longer than {MAX_EXPRESSION} characters")
    if expression.startswith("rate("):
        return _rate(expression)
    if expression.startswith("cron("):
        return _cron(expression)
    if expression.startswith("at("):
        raise ScheduleError("one-time at(...) schedules are not automation triggers: use cron(...) or rate(...)")
    raise ScheduleError("must be cron(minutes hours day-of-month month day-of-week year) or rate(value unit)")


def issue(expression: str) -> str | None:
    """What is wrong with `expression`, or None when Scheduler would take it."""
    try:
        parse(expression)
    except ScheduleError as err:
        return str(err)
    return None


def _rate(expression: str) -> Rate:
    found = _RATE.fullmatch(expression)
    if found is None:
        raise ScheduleError("must be rate(value unit): a whole number, one space, minute(s), hour(s) or day(s)")
    digits, unit = found.groups()
    if len(digits) > MAX_RATE_DIGITS or digits.startswith("0"):
        raise ScheduleError(
            f"the value must be a whole number from 1 to {'9' * MAX_RATE_DIGITS}, without leading zeros"
        )
    value = int(digits)
    singular = unit.rstrip("s")
    if (value == 1) != (unit == singular):
        raise ScheduleError(f"use rate(1 {singular}) for one and the plural ({singular}s) for more than one")
    return Rate(value, singular)


def _cron(expression: str) -> Cron:
    found = _CRON.fullmatch(expression)
    if found is None:
        raise ScheduleError("must be cron(...) with six fields inside the parentheses")
    parts = [part for part in found.group(1).split(" ") if part]
    if len(parts) != len(FIELDS):
        raise ScheduleError(
            f"has {len(parts)} fields; cron takes six: minutes hours day-of-month month day-of-week year"
        )
    minutes, hours, dom, month, dow, year = parts
    cron = Cron(  # field by field, in order: the first wrong one is named
        _values(minutes, MINUTES),
        _values(hours, HOURS),
        _days_of_month(dom),
        _values(month, MONTH),
        _days_of_week(dow),
        _values(year, YEAR),
    )
    if (cron.days_of_month.kind == "any") == (cron.days_of_week.kind == "any"):
        raise ScheduleError("exactly one of day-of-month and day-of-week must be ?, the other a value or *")
    return cron


def _days_of_month(text: str) -> Days:
    if text == "?":
        return Days("any")
    if text == "L":
        return Days("last")
    if text.endswith("W") and _NUMBER.fullmatch(text[:-1]):
        day = _number(text[:-1], DAY_OF_MONTH)
        return Days("nearest-weekday", n=day)
    return Days("values", _values(text, DAY_OF_MONTH))


def _days_of_week(text: str) -> Days:
    if text == "?":
        return Days("any")
    if text == "L":
        return Days("values", frozenset({DAY_OF_WEEK.high}))
    if text.endswith("L") and len(text) > 1:
        return Days("last-weekday", n=_value(text[:-1], DAY_OF_WEEK))
    if "#" in text:
        day, _, nth = text.partition("#")
        if "," in text or not nth.isdigit() or len(nth) > 1 or not 1 <= int(nth) <= 5:
            raise ScheduleError("day-of-week: n#k is the whole field, with k from 1 to 5 (3#2: the second Tuesday)")
        return Days("nth-weekday", n=_value(day, DAY_OF_WEEK), k=int(nth))
    return Days("values", _values(text, DAY_OF_WEEK))


def _values(text: str, field: Field) -> frozenset[int]:
    """The values a list field selects: items separated by commas, each a value, a range, * or with a step."""
    if not text:
        raise ScheduleError(f"{field.name}: is empty")
    selected: set[int] = set()
    for item in text.split(","):
        found = _SINGLE.fullmatch(item)
        if found is None:
            raise ScheduleError(
                f"{field.name}: {item!r} is not a value, a range, * or an increment "
                "(?, L, nW, nL and n#k each stand alone in day-of-month or day-of-week)"
            )
        start, end, step = found.group("start", "end", "step")
        if step is not None and not field.steps:
            raise ScheduleError(f"{field.name}: increments (/) are not allowed in this field")
        if start == "*":
            if end is not None:
                raise ScheduleError(f"{field.name}: * cannot start a range")
            low, high = field.low, field.high
        else:
            low = _value(start, field)
            high = _value(end, field) if end is not None else (field.high if step is not None else low)
            if high < low:
                raise ScheduleError(f"{field.name}: the range {item!r} runs backwards (write it low-high)")
        increment = 1
        if step is not None:
            increment = int(step)
            if not 1 <= increment <= field.high - field.low:
                raise ScheduleError(f"{field.name}: the increment in {item!r} must be 1 to {field.high - field.low}")
        selected.update(range(low, high + 1, increment))
    return frozenset(selected)


def _value(text: str, field: Field) -> int:
    upper = text.upper()
    if upper in field.names:
        return field.low + field.names.index(upper)
    if not _NUMBER.fullmatch(text):
        named = f" or {field.names[0]}-{field.names[-1]}" if field.names else ""
        raise ScheduleError(f"{field.name}: {text!r} is not a number from {field.low} to {field.high}{named}")
    return _number(text, field)


def _number(text: str, field: Field) -> int:
    value = int(text)
    if not field.low <= value <= field.high:
        raise ScheduleError(f"{field.name}: {value} is out of {field.low}-{field.high}")
    return value


# --- Time zones -------------------------------------------------------------------------------------------------


def zone_issue(name: str) -> str | None:
    """What is wrong with a time zone name, or None for a zone Scheduler takes: a name of the IANA database
    (`time_zones.is_zone`, exact, case included) within Scheduler's length."""
    if len(name) > MAX_ZONE or not time_zones.is_zone(name):
        return "must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC"
    return None
