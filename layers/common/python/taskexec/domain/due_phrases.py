"""Deadline phrases as admins write them ("by Friday", "tmrw", "in 3 days", "end of Q3", "2027-03-12", "goes out
10/28", "send date 14/08", "the 12th", "mid-month") and the date each names on the requester's calendar.

The phrases only: which of them is the deadline of the work, rather than a date the request describes, is decided
in due_dates.py (with date_attachment.py). This module is imported on the first text that needs reading (a message,
or a `dueDate` that is not an ISO date), not with the service: calendar arithmetic is left to dateutil.
"""

import re
from collections.abc import Callable
from datetime import date, datetime

from dateutil import parser as date_parser
from dateutil.relativedelta import FR, MO, relativedelta, weekday

from taskexec.domain.due_dates import iso_date
from taskexec.domain.wording import words

Resolver = Callable[[re.Match[str], date], date | None]

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_NAMED_MONTH = (
    r"\b(?:january|february|march|april|(?:the|our|this)\s+may|june|july|august|september|october|november|december)"
    r"\b(?!\s*\d)"
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_RE = r"(?:mon|tue(?:s)?|wed(?:s|nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?"
_NUMBER_WORDS: dict[str, int] = {
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
_NUMBER = r"\d{1,3}|" + "|".join(sorted((re.escape(k) for k in _NUMBER_WORDS), key=len, reverse=True))

# A word that introduces a deadline; optional before phrases that are deadlines on their own ("tomorrow").
_CUE = (
    r"(?:due(?:\s+(?:on|by|date))?|deadline|by|before|until|till|til|on|for|no\s+later\s+than|"
    r"first\s+thing(?:\s+on)?|ahead\s+of|in\s+time\s+for|prior\s+to)"
)
_GAP = r"(?:\s*+:)?+\s++"
"""Space after a cue, with an optional colon ("due: ", "by "); possessive, so a run of spaces is read once."""
_ATTRIBUTIVE_NOUNS = (
    r"(?!\s+(?:newsletter|webinar|meeting|call|standup|stand-up|sync|send|blast|digest|email|launch|event|session|"
    r"class|classes|promo|sale|deploy|release|update|recap|report|review|dinner|lunch|party|demo|huddle|training|"
    r"workshop|livestream|show|post|drop|edition|issue|episode|campaign|slot|shift|team)\b)"
)
"""After a weekday these say it names a thing ("the Friday newsletter"), not a day to finish by."""
STANDS_ALONE = (
    r"(?=\s*+(?:$|[,.;:!?)\u2013\u2014-]|(?:morning|afternoon|evening|night|am|pm|eod|cob|noon|at|by|please|pls|"
    r"thanks|thx|if|and|or|latest|ok|okay|\d{1,2}(?::\d{2})?\s*(?:am|pm)?(?![/\d])|the\s+\d{1,2}(?:st|nd|rd|th))\b))"
)
"""A date without a cue is a deadline only where it ends the phrase ("send it Friday", "Friday at 9"); before a noun
it names a thing ("the Friday flash sale", "March 15 webinar recap")."""
_NO_NOUN_AFTER = (
    r"(?!\s++(?!(?:at|by|and|or|so|if|please|pls|thanks|thx|latest|because|as|to|for|with|then|we|i|you|it|this|"
    r"that|next|eod|cob|morning|afternoon|evening|noon|am|pm|is|would|will|works?|unless|but|ok|okay|when|since|"
    r"ideally|max|tops|once)\b)[a-z]{3,}\b)"
)
"""An ordinal day before a noun names a thing ("toner for the 3rd floor", "on the 2nd page"), not a deadline."""
_EVENT_DAYS = "".join(
    rf"(?<!\b{word}\s)" for word in words("black cyber good giving super travel throwback taco every each last past")
)
"""Before a weekday these make it a holiday or a recurrence ("Black Friday", "every Monday"), not a deadline."""
_OPT_CUE = (
    rf"(?:\b(?:(?:by|before|until|till|on|for|due|no\s+later\s+than|ahead\s+of|in\s+time\s+for|prior\s+to)"
    rf"\s+the\s+|{_CUE}{_GAP}))?"
)

_WRITTEN = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"
    r"(?:,?\s+\d{4}\b)?"
)
"""A date written with its month's name: "15 March", "Mar 15th, 2027"."""
_DATED_WEEKDAY = (
    rf"(?:\b{_CUE}{_GAP}(?:the\s+)?(?:(?:this|next|coming)\s+)?|(?<!\bthe\s)(?<!\bour\s)(?P<bare>\b))"
    rf"(?:{_WEEKDAY_RE})\b,?\s+"
)
"""A weekday written with its date ("by Fri 7/10", "Thursday, July 9"): the date decides. Without a cue it ends its
phrase, as a bare date does; before a noun it names a thing ("about the Friday 7/10 sale")."""
_TOMORROW = r"tomorrow|tmrw|tmr|tmw|2moro|2morrow|tomoz"
_EOD = r"(?:eod|cob|end\s+of\s+(?:the\s+)?(?:business\s+)?day)"
_BEFORE_ITS = r"(?:before|by|ahead\s+of|in\s+time\s+for|prior\s+to)\s+"
_NOT_AN_EVENT = r"(?:and|or|to|for|with|at|by|in|on|so|if|please|pls|morning|afternoon|evening|night)\b"
"""After "before the <weekday>", these say no event follows ("before the Friday please")."""
_ITS_EVENT = r"(?:\s++[\w-]{1,30}+(?:\s++(?!(?:for|to|with|on|in|at|and|or|so|about|by|from)\b)[\w-]{1,30}+)?)?"
"""Before a day's event ("before tonight's send", "in time for Friday's webinar"): the work is due that day, and
the event's name goes with the phrase."""


def _days(n: int) -> Resolver:
    return lambda _m, today: today + relativedelta(days=n)


def _weekday(m: re.Match[str], today: date) -> date:
    """The next such weekday after today, never today: 'by Friday' said on a Friday means next week."""
    return today + relativedelta(days=1, weekday=weekday(_WEEKDAYS.index(m.group("wd").lower()[:3])))


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


def _iso(m: re.Match[str], _today: date) -> date | None:
    return iso_date(m.group("iso"))


def amount_ahead(m: re.Match[str], today: date) -> date:
    raw = re.sub(r"\s+", " ", m.group("n").lower())
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
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


def _day_of_month(m: re.Match[str], today: date) -> date:
    """'by the 30th': that day this month, or next month once it has passed (clamped to short months); in the
    month the sentence names before it when it names one for the work ("the August newsletter for the 5th")."""
    named = re.findall(_NAMED_MONTH, re.split(r"[.!?\n]", m.string[: m.start()])[-1], re.I)
    if named:
        month = date_parser.parse(named[-1].split()[-1], default=datetime(2000, 1, 1)).month
        this_month = date(today.year, month, 1) + relativedelta(day=int(m.group("dom")))
        return this_month if this_month >= today else this_month + relativedelta(years=1)
    this_month = today + relativedelta(day=int(m.group("dom")))
    return this_month if this_month >= today else today + relativedelta(months=1, day=int(m.group("dom")))


def _middle_of_month(m: re.Match[str], today: date) -> date:
    """'by mid-month' is this month's 15th, or next month's once it has passed; 'mid next month' is next month's."""
    if m.group("next"):
        return today + relativedelta(months=1, day=15)
    this_month = today + relativedelta(day=15)
    return this_month if this_month >= today else today + relativedelta(months=1, day=15)


def _end_of_week(_m: re.Match[str], today: date) -> date:
    """The coming Friday (today when it is Friday): the working week's end. The end of next week is a week after
    it, so that on a weekend, when this week's end is the coming Friday, next week's is the one after."""
    return today + relativedelta(weekday=FR)


def _part_of_month(m: re.Match[str], today: date) -> date:
    """'end of June' (or late June) is its last day, 'mid-July' its 15th, 'early August' (its start) its 1st: this
    year's, or next year's once it has passed."""
    month = date_parser.parse(m.group("month"), default=datetime(2000, 1, 1)).month
    part = m.group("part").lower()
    day = 31 if part in ("end", "late") else 1 if part in ("early", "start", "beginning") else 15
    this_year = date(today.year, month, 1) + relativedelta(day=day)
    return this_year if this_year >= today else this_year + relativedelta(years=1, day=day)


def _end_of_quarter(m: re.Match[str], today: date) -> date:
    """The last day of the quarter named ("end of Q3") or of this one; a named quarter that is over is next year's."""
    named = m.group("q")
    quarter = int(named) if named else (today.month - 1) // 3 + 1
    end = date(today.year, 3 * quarter, 1) + relativedelta(day=31)
    return end if end >= today else end + relativedelta(years=1, day=31)


PHRASES: tuple[tuple[str, Resolver], ...] = (
    (
        (
            rf"{_OPT_CUE}\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?"
            rf"(?:Z|[+-]\d{{2}}:?\d{{2}})?)?)(?![\w-])"
        ),
        _iso,
    ),
    (rf"{_OPT_CUE}\b(?P<cal>{_WRITTEN})", written_date),
    (
        rf"{_OPT_CUE}\b(?P<cal>\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{4}}/\d{{1,2}}/\d{{1,2}})(?![\w/])",
        written_date,
    ),
    (rf"{_OPT_CUE}(?<![\w/.$-])(?P<cal>\d{{1,2}}/\d{{1,2}})(?![\w/%])(?!\.\d)", numeric_date),
    (
        rf"\b{_CUE}{_GAP}(?:the\s+)?(?P<cal>\d{{1,2}}\.(?:0[1-9]|1[0-2]))(?!\.?\d)(?![\w%:])(?!\s*(?:am|pm|h)\b)",
        numeric_date,
    ),
    (
        (
            rf"\b{_CUE}\s+the\s+(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
            rf"(?!\s+(?:of|day|time|anniversary)){_NO_NOUN_AFTER}"
        ),
        _day_of_month,
    ),
    (
        rf"(?<!\bto\s)(?<!\bof\s)\bthe\s+(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!-){STANDS_ALONE}",
        _day_of_month,
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?(?:mid|middle\s+of)[\s-]*+(?P<next>next[\s-]+)?(?:the\s+|this\s+)?month\b(?!'s)",
        _middle_of_month,
    ),
    (rf"{_OPT_CUE}\b(?:the\s+)?day\s+after\s+tomorrow\b", _days(2)),
    (
        rf"{_OPT_CUE}\b(?:{_EOD}\s+)?(?:{_TOMORROW})\b(?!'s)(?:\s+(?:{_EOD}|am|pm|morning|afternoon|evening)\b)?",
        _days(1),
    ),
    (
        (
            rf"{_OPT_CUE}\b(?:today|tonight|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?day|eod|cob|"
            rf"close\s+of\s+(?:business|play)|cop|(?:within|in)\s+(?:the|an|the\s+next)\s+hour)\b(?!'s)(?!\s+(?:on\s+)?(?:{_TOMORROW}|{_WEEKDAY_RE})\b)"
        ),
        _days(0),
    ),
    (
        (
            r"\b(?:by|before|until|till|no\s+later\s+than)\s+(?:noon|midday|lunch(?:time)?|\d{1,2}(?::\d{2})?\s*(?:am|pm))\b"
            rf"(?!\s+(?:on\s+)?(?:{_TOMORROW}|{_WEEKDAY_RE})\b)|\b(?:this\s+(?:morning|afternoon|evening)|later\s+today)\b"
        ),
        _days(0),
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?end\s+of\s+(?:the\s+week\s+after\s+next|next\s+week)\b",
        lambda m, today: today + relativedelta(weekday=FR, weeks=2 if m.group(0).lower().endswith("next") else 1),
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?week\s+after\s+next\b",
        lambda _m, today: today + relativedelta(days=1, weekday=MO, weeks=1),
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?(?:next|following)\s+(?:business|working|work)\s+day\b",
        lambda _m, today: today + relativedelta(days=1 if today.weekday() < 4 else 7 - today.weekday()),
    ),
    (
        rf"{_OPT_CUE}\b(?:(?:early\s+)?(?:next|nxt)|the\s+following)\s+(?:week|wk)\b(?!'s)",
        lambda _m, today: today + relativedelta(days=1, weekday=MO),
    ),
    (
        (
            rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?:work\s*)?week|week['\u2019]s\s+end|eow|"
            r"this\s+(?:week|wk)|"
            r"within\s+the\s+week)\b(?!'s)|\b(?:by|before)\s+(?:the\s+)?(?:end\s+of\s+the\s+)?weekend\b"
        ),
        _end_of_week,
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?end\s+of\s+next\s+month\b",
        lambda _m, today: today + relativedelta(months=1, day=31),
    ),
    (
        rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|month(?:[\s-]|['\u2019]s\s+)end|eom)\b",
        lambda _m, today: today + relativedelta(day=31),
    ),
    (rf"{_OPT_CUE}\bnext\s+month\b(?!'s)", lambda _m, today: today + relativedelta(months=1, day=1)),
    (
        rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?:quarter|q(?P<q>[1-4]))|eoq|quarter[\s-]end)\b",
        _end_of_quarter,
    ),
    (
        rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|eoy)\b",
        lambda _m, today: today + relativedelta(month=12, day=31),
    ),
    (
        (
            rf"\b(?:{_CUE}\s+(?:{_EOD}\s+(?:on\s+)?)?(?:the\s+)?(?:(?:this|next|coming)\s+)?|(?:this|next|coming)\s+)"
            rf"(?P<wd>{_WEEKDAY_RE})\b(?!'s){_ATTRIBUTIVE_NOUNS}"
        ),
        _weekday,
    ),
    (rf"^\W*+(?P<wd>{_WEEKDAY_RE})\b(?=\s*[:,\-])", _weekday),
    (
        (
            rf"(?:^|(?<=[.!?,;]\s)|(?<=\n))(?P<wd>{_WEEKDAY_RE})\b(?=\s+(?:would|works?|is|should|will)\b|"
            r"['\u2019]s\s+(?:fine|ok(?:ay)?|good|great|perfect|best|ideal)\b)"
        ),
        _weekday,
    ),
    (rf"\b{_BEFORE_ITS}(?:(?:this|next|coming)\s+)?(?P<wd>{_WEEKDAY_RE})['\u2019]s{_ITS_EVENT}", _weekday),
    (
        rf"\b{_BEFORE_ITS}(?:the|our|this)\s+(?P<wd>{_WEEKDAY_RE})\s++(?!{_NOT_AN_EVENT})[\w-]{{1,30}}+",
        _weekday,
    ),
    (rf"\b{_BEFORE_ITS}(?:tonight|today|this\s+(?:morning|afternoon|evening))'s{_ITS_EVENT}", _days(0)),
    (rf"\b{_BEFORE_ITS}(?:{_TOMORROW})'s{_ITS_EVENT}", _days(1)),
    (rf"(?<=[,;\u2013\u2014-])\s*+(?P<wd>{_WEEKDAY_RE})\b(?=\s*+[.!]*+\s*+$)", _weekday),
    (rf"{_EVENT_DAYS}(?<![\w'-])(?P<wd>{_WEEKDAY_RE})\b(?!'s|-(?!ish\b)){STANDS_ALONE}", _weekday),
    (
        (
            rf"\b(?:(?:in|within)\s+(?:the\s+next\s+)?|(?:target|goal|eta|aim|timeline|time\s*frame|turnaround|window)\s*+(?:is\s+|:\s*+))(?P<n>{_NUMBER})\s+"
            rf"(?P<u>(?:business\s+|working\s+)?days?|weeks?|wks?|months?|fortnights?|hours?|hrs?)\b"
        ),
        amount_ahead,
    ),
    (rf"\b(?P<n>{_NUMBER})\s+(?P<u>days?|weeks?|wks?)\s+from\s+(?:now|today)\b", amount_ahead),
    (
        r"\b(?:in|within)\s+the\s+next\s+(?:(?P<w>week)|fortnight)\b",
        lambda m, today: today + relativedelta(weeks=1 if m.group("w") else 2),
    ),
    (r"\b(?:in|within)\s+(?:the\s+next\s+)?(?P<n>\d{1,3})(?P<u>h|hrs?|d|wks?)\b", amount_ahead),
    (
        rf"{_OPT_CUE}\b(?P<wd>{_WEEKDAY_RE})\s+(?:of\s+)?next\s+week\b|{_OPT_CUE}\bnext\s+week\s+(?:on\s+)?(?P<wd2>{_WEEKDAY_RE})\b",
        lambda m, today: (
            today
            + relativedelta(days=1, weekday=MO)
            + relativedelta(weekday=weekday(_WEEKDAYS.index((m.group("wd") or m.group("wd2")).lower()[:3])))
        ),
    ),
    (
        (
            rf"{_OPT_CUE}\b(?:the\s+)?(?P<part>end|middle|mid|late|early|start|beginning)(?:\s+of|-)?\s*"
            rf"(?P<month>{_MONTHS})\b"
        ),
        lambda m, today: _part_of_month(m, today),
    ),
    (
        rf"{_DATED_WEEKDAY}(?:the\s+)?(?P<cal>\d{{1,2}}/\d{{1,2}}(?![\w/])|{_WRITTEN})(?(bare){STANDS_ALONE})",
        lambda m, today: numeric_date(m, today) if "/" in m.group("cal") else calendar_date(m.group("cal"), today),
    ),
    (
        rf"{_DATED_WEEKDAY}the\s+(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+of\b)(?(bare){STANDS_ALONE})",
        _day_of_month,
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+of\s+(?P<next>next|this)\s+month\b",
        lambda m, today: today + relativedelta(months=int(m.group("next").lower() == "next"), day=int(m.group("dom"))),
    ),
)
"""Deadline phrases (matched ignoring case) and how each becomes a date.

Patterns are kept as text and handed to `re`'s functions, which compile each on first use and keep it for the
process (re's own cache), rather than compiled at import: `re` compiles in Python, byte code cannot hold the
result, and these would cost every cold start about 10 ms (Python 3.13). Only a text to read needs them: a
message for the rules detector, or a `dueDate` that is not an ISO date. Structured requests with ISO dates,
Bedrock's answers and every refusal never do.
"""
