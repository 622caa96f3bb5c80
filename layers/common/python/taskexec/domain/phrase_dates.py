"""The date each deadline phrase names on the requester's calendar: "by Friday" the next Friday (never today), "the
12th" this month's or the next, "end of Q3" the quarter's last day, "in 3 business days" the third working day.

The phrases themselves, and which of them is a deadline, are in due_phrases.py and due_dates.py; this module holds
only the calendar arithmetic each phrase resolves with (dateutil's), imported with them on the first text to read.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from dateutil import parser as date_parser
from dateutil.relativedelta import FR, relativedelta, weekday

Resolver = Callable[[re.Match[str], date], date | None]
"""How a phrase's match becomes a date, given today."""

_NAMED_MONTH = (
    r"\b(?:january|february|march|april|(?:the|our|this)\s+may|june|july|august|september|october|november|december)"
    r"\b(?!\s*\d)"
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "a couple of": 2,
    "couple of": 2,
    "a couple": 2,
    "a few": 3,
    "few": 3,
}


def days(n: int) -> Resolver:
    return lambda _m, today: today + relativedelta(days=n)


def next_weekday(m: re.Match[str], today: date) -> date:
    """The next such weekday after today, never today: 'by Friday' said on a Friday means next week."""
    return today + relativedelta(days=1, weekday=weekday(WEEKDAYS.index(m.group("wd").lower()[:3])))


def calendar_date(fragment: str, today: date) -> date | None:
    """A calendar date written by hand ("March 15", "15 Mar 2027", "3/15", "2027/03/15"), or None.

    dateutil reads the fragment twice with different defaults: fields that change with the default were not
    in the text. A date without a month and day is not a deadline; one without a year is its next occurrence.
    """
    try:
        first = date_parser.parse(fragment, default=datetime(2000, 1, 1), dayfirst=False, fuzzy=True)
        second = date_parser.parse(fragment, default=datetime(2004, 2, 2), dayfirst=False, fuzzy=True)
    except (ValueError, OverflowError):
        return None
    if (first.month, first.day) != (second.month, second.day):
        return None
    if first.year == second.year:
        return first.date()
    this_year = date(today.year, 1, 1) + relativedelta(month=first.month, day=first.day)
    return this_year if this_year >= today else this_year + relativedelta(years=1)


def written_date(m: re.Match[str], today: date) -> date | None:
    return calendar_date(m.group("cal"), today)


def dotted_date(m: re.Match[str], today: date) -> date | None:
    """A full date written day first with dots ("23.02.2027", as much of Europe writes it), or None if no such day."""
    day, month, year = (int(n) for n in m.group("cal").split("."))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def numeric_date(m: re.Match[str], today: date) -> date | None:
    """A day and month in figures without a year ("10/28", "14/08", "21.08"): the reading that is a date (month
    first when both are, as dateutil reads them; a dotted date is written day first), its next occurrence."""
    if m.group("cal") == "24/7":
        return None  # round the clock
    first, second = (int(n) for n in re.split(r"[/.]", m.group("cal")))
    for month, day in [(second, first)] if "." in m.group("cal") else [(first, second), (second, first)]:
        try:
            this_year = date(today.year, month, day)
        except ValueError:
            continue
        return this_year if this_year >= today else this_year + relativedelta(years=1)
    return None


def iso_date(value: str, zone: tzinfo = UTC) -> date | None:
    """The date of an ISO 8601 date or datetime on `zone`'s calendar; a datetime without an offset is taken as
    already on it."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    return parsed.astimezone(zone).date() if parsed.tzinfo else parsed.date()


def iso_phrase(m: re.Match[str], _today: date) -> date | None:
    return iso_date(m.group("iso"))


def amount_ahead(m: re.Match[str], today: date) -> date:
    raw = re.sub(r"\s+", " ", m.group("n").lower())
    n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = m.group("u").lower()
    if unit.startswith(("business", "working")):
        # Imported here: only "in N business days" needs dateutil's recurrence rules, not every cold start.
        from dateutil.rrule import DAILY, rrule

        workdays = rrule(DAILY, dtstart=today + relativedelta(days=1), byweekday=range(5), count=n)
        return workdays[-1].date()
    if unit.startswith(("hour", "hr")) or unit == "h":
        return today + relativedelta(days=n // 24)
    if unit.startswith("fortnight"):
        return today + relativedelta(weeks=2 * n)
    if unit.startswith(("week", "wk")):
        return today + relativedelta(weeks=n)
    if unit.startswith("month"):
        return today + relativedelta(months=n)
    return today + relativedelta(days=n)


def day_of_month(m: re.Match[str], today: date) -> date:
    """'by the 30th': that day this month, or next month once it has passed (clamped to short months); in the
    month the sentence names before it when it names one for the work ("the August newsletter for the 5th")."""
    named = re.findall(_NAMED_MONTH, re.split(r"[.!?\n]", m.string[: m.start()])[-1], re.I)
    if named:
        month = date_parser.parse(named[-1].split()[-1], default=datetime(2000, 1, 1)).month
        this_month = date(today.year, month, 1) + relativedelta(day=int(m.group("dom")))
        return this_month if this_month >= today else this_month + relativedelta(years=1)
    this_month = today + relativedelta(day=int(m.group("dom")))
    return this_month if this_month >= today else today + relativedelta(months=1, day=int(m.group("dom")))


def middle_of_month(m: re.Match[str], today: date) -> date:
    """'by mid-month' is this month's 15th, or next month's once it has passed; 'mid next month' is next month's."""
    if m.group("next"):
        return today + relativedelta(months=1, day=15)
    this_month = today + relativedelta(day=15)
    return this_month if this_month >= today else today + relativedelta(months=1, day=15)


def end_of_week(_m: re.Match[str], today: date) -> date:
    """The coming Friday (today when it is Friday): the working week's end. The end of next week is a week after
    it, so that on a weekend, when this week's end is the coming Friday, next week's is the one after."""
    return today + relativedelta(weekday=FR)


def part_of_month(m: re.Match[str], today: date) -> date:
    """'end of June' (or late June) is its last day, 'mid-July' its 15th, 'early August' (its start) its 1st: this
    year's, or next year's once it has passed."""
    month = date_parser.parse(m.group("month"), default=datetime(2000, 1, 1)).month
    part = m.group("part").lower()
    day = 31 if part in ("end", "late") else 1 if part in ("early", "start", "beginning") else 15
    this_year = date(today.year, month, 1) + relativedelta(day=day)
    return this_year if this_year >= today else this_year + relativedelta(years=1, day=day)


def end_of_quarter(m: re.Match[str], today: date) -> date:
    """The last day of the quarter named ("end of Q3") or of this one; a named quarter that is over is next year's."""
    named = m.group("q")
    quarter = int(named) if named else (today.month - 1) // 3 + 1
    end = date(today.year, 3 * quarter, 1) + relativedelta(day=31)
    return end if end >= today else end + relativedelta(years=1, day=31)
