"""Due dates: the contract's defaults by priority, and deadlines written in a request or a structured body.

All dates are calendar dates of the requester's time zone, and `today` (the date on that calendar) is always
passed in, so the same request read on the same day gives the same date in every Lambda and every test
(taskexec.domain.time_zones says whose zone). Calendar arithmetic is left to dateutil. How each deadline phrase
is written is in due_phrases.py and which date it names in phrase_dates.py, both imported by the first text that
needs reading (a message, or a `dueDate` that is not an ISO date): structured requests with ISO dates never load
them.
"""

import re
from datetime import UTC, date, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from dateutil.relativedelta import MO, relativedelta

from taskexec.domain.date_attachment import Clauses, describes_something_else
from taskexec.domain.vocabulary import Priority
from taskexec.domain.wording import is_past_form

if TYPE_CHECKING:
    from taskexec.domain.phrase_dates import Resolver

DEFAULT_DAYS = {Priority.URGENT: 1, Priority.HIGH: 3, Priority.MEDIUM: 7, Priority.LOW: 14}


def default_due_date(priority: Priority, today: date) -> date:
    """The contract's due date when a request names none; weekends move to Monday so work lands on a workday."""
    due = today + relativedelta(days=DEFAULT_DAYS[priority])
    return due + relativedelta(weekday=MO) if due.weekday() >= 5 else due


def is_past(d: date, today: date) -> bool:
    """A due date before today cannot be met (422 DUE_DATE_IN_PAST); today itself still can."""
    return d < today


class DueMatch(NamedTuple):
    """A deadline phrase found in a message, with its span so the title can leave it out."""

    due: date
    start: int
    end: int


_PERIOD_BEFORE = (
    r"\b(?:last|past|previous|this)\s+(?:\w+\s+){0,2}(?:days?|weeks?|months?|quarters?|years?|q[1-4])\s*+,?\s*+$"
)
"""A look-back period right before an amount ("who reported bugs in the last quarter within 3 days"): the period
describes, and the amount after it is the deadline."""
_COMPLETED = (
    r"\b(?:done|ready|finished|completed?|sorted|fixed|calculated|figured\s+out|worked\s+out|built|written|delivered|"
    r"wrapped(?:\s+up)?|turned\s+around|handled|resolved|live|in\s+place|connected|translated|set\s+up|"
    r"be\s+[a-z]{2,}(?:ed|en))\s*+$"
)
"""The work's completion right before an amount: "done in 3 days" is when it is due, even after "that", and so
is any verb of the work in the passive ("I request that the summaries be drafted in 2 days")."""
_FROM_AN_EVENT = r"\s++(?:of|after|from|following|since)\s++(?!now\b|today\b|(?:the\s+)?request\b)"
"""After an amount these count it from something else ("within 14 days of signup", "3 days after purchase")."""
_SCORED = r"\b(?:rated|rating|ratings|scored|scores?|ratio|split|nps|csat)\b[\w\s]{0,12}$"
"""Figures after these are a score or a ratio ("rated it 4/5"), not a day and month."""
_ATTRIBUTIVE_WORDS = frozenset({"the", "our", "this", "that", "a", "an", "their", "your", "my"})


def _attributive_before(text: str, at: int) -> bool:
    """Whether a determiner or a possessive ("the ", "Acme's ") stands right before `at`.

    Read backwards from `at` in plain code: a pattern anchored at the match start and searched over the text
    before it would rescan that text for every date in the message.
    """
    end = at
    while end and text[end - 1].isspace():
        end -= 1
    if end == at:
        return False
    if text[end - 2 : end].lower() == "'s":
        return True
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:end].lower() in _ATTRIBUTIVE_WORDS


def _is_deadline(text: str, m: re.Match[str], resolver: "Resolver", clauses: Clauses) -> bool:
    """Filter out dates and amounts that describe the subject, not the deadline.

    "the July 4th sale" names a sale; "customers who bought twice in 90 days" describes customers; "orders since
    March 3" is a period of data.
    """
    from taskexec.domain.due_phrases import STANDS_ALONE
    from taskexec.domain.phrase_dates import amount_ahead, numeric_date, written_date

    written = resolver is written_date or resolver is numeric_date
    bare_date = written and m.group(0) == m.group("cal")
    stands_alone = not written or re.compile(STANDS_ALONE, re.IGNORECASE).match(text, m.end()) is not None
    if bare_date and (_attributive_before(text, m.start()) or not stands_alone):
        return False
    if resolver is numeric_date and re.search(_SCORED, text[max(0, m.start() - 30) : m.start()], re.I):
        return False  # "rated 4/5": a score
    if (
        written
        and not stands_alone
        and _attributive_before(text, m.start("cal"))
        and re.match(r"(?:for|on)\s", m.group(0), re.I)
    ):
        return False  # "for the 10/24 open house", "for the 4th of July sale": the event's name (before it, its day)
    if resolver is amount_ahead:
        if clauses.in_parentheses(m.start()) or clauses.states_when(text, m.start()):
            return False
        if re.match(_FROM_AN_EVENT, text[m.end() : m.end() + 40], re.I):
            return False  # "convert within 14 days of signup": a span from another event, not from today
        before = text[max(0, m.start() - 40) : m.start()]
        if re.search(_COMPLETED, before, re.I):
            return True  # "That has to be done in 3 days", "Need that calculated in 10 days"
        looks_back = clauses.looks_back(m.start()) or _goes_on_describing(text, m.start(), clauses)
        return not looks_back or re.search(_PERIOD_BEFORE, before, re.I) is not None
    return not describes_something_else(text, m, clauses)


def _goes_on_describing(text: str, at: int, clauses: Clauses) -> bool:
    """Whether the clause of `at` is a second past verb of the clause before ("customers who bought in the promo
    and came back within 60 days"): what that clause describes, this one describes too."""
    start = clauses.clause_start(at)
    if not text[max(0, start - 5) : start].lower().endswith(" and "):
        return False
    first = re.match(r"[a-z']+", text[start:at].lower())
    return first is not None and is_past_form(first.group(0)) and clauses.looks_back(start - 5)


def due_matches(text: str, today: date) -> list[DueMatch]:
    """Every deadline phrase in `text`, in reading order, without overlaps (the longer phrase wins).

    A phrase that describes something else still takes its place: "about the sale on Saturday" is not due
    Saturday, and the bare "Saturday" inside it is no deadline either."""
    from taskexec.domain.due_phrases import PHRASES

    clauses = Clauses.of(text)
    candidates: list[tuple[DueMatch, bool]] = []
    for pattern, resolver in PHRASES:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            due = resolver(m, today)
            if due is not None:
                candidates.append((DueMatch(due, m.start(), m.end()), _is_deadline(text, m, resolver, clauses)))
    chosen: list[tuple[DueMatch, bool]] = []
    for match, deadline in sorted(candidates, key=lambda c: (c[0].start, -(c[0].end - c[0].start))):
        if not chosen or match.start >= chosen[-1][0].end:
            chosen.append((match, deadline))
    return [match for match, deadline in chosen if deadline]


def parse_due_phrase(text: str, today: date) -> date | None:
    """The deadline a message names, or None (the caller then applies the priority default)."""
    matches = due_matches(text, today)
    return matches[0].due if matches else None


def parse_due_value(value: str, today: date, zone: tzinfo = UTC) -> date:
    """The structured body's `dueDate`: ISO 8601 (a datetime's date on `zone`'s calendar, the requester's), a
    phrase such as "next week", or a written date.

    Raises ValueError when nothing in it reads as a date, so the caller can answer 422 rather than guess.
    """
    from taskexec.domain.phrase_dates import calendar_date, iso_date

    text = value.strip()
    found = iso_date(text, zone) or parse_due_phrase(text, today) or (calendar_date(text, today) if text else None)
    if found is None:
        raise ValueError(f"unreadable due date: {value!r}")
    return found
