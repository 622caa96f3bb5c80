"""Deadline phrases as admins write them ("by Friday", "tmrw", "in 3 days", "end of Q3", "2027-03-12", "goes out
10/28", "send date 14/08", "the 12th", "mid-month"), each with the resolver of the date it names (phrase_dates.py).

The phrases only: which of them is the deadline of the work, rather than a date the request describes, is decided
in due_dates.py (with date_attachment.py). This module is imported on the first text that needs reading (a message,
or a `dueDate` that is not an ISO date), not with the service: calendar arithmetic is left to dateutil.
"""

import re

from dateutil.relativedelta import FR, MO, relativedelta, weekday

from taskexec.domain.phrase_dates import (
    NUMBER_WORDS,
    WEEKDAYS,
    Resolver,
    amount_ahead,
    calendar_date,
    day_of_month,
    days,
    dotted_date,
    end_of_quarter,
    end_of_week,
    iso_phrase,
    middle_of_month,
    next_weekday,
    numeric_date,
    part_of_month,
    written_date,
)
from taskexec.domain.wording import words

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAY_RE = r"(?:mon|tue(?:s)?|wed(?:s|nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?"
_NUMBER = r"\d{1,3}|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True))

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
_EOD = r"(?:eod|cob|end\s+of\s+(?:the\s+)?(?:business\s+)?day|(?:end|close)\s+of\s+business)"
_THIS = r"(?:this\s+coming|this|next|coming)"
"""Before a weekday, which one: "this Friday", "this coming Friday", "next Tues"."""
_BEFORE_ITS = r"(?:before|by|ahead\s+of|in\s+time\s+for|prior\s+to)\s+"
_NOT_AN_EVENT = r"(?:and|or|to|for|with|at|by|in|on|so|if|please|pls|morning|afternoon|evening|night)\b"
"""After "before the <weekday>", these say no event follows ("before the Friday please")."""
_ITS_EVENT = r"(?:\s++[\w-]{1,30}+(?:\s++(?!(?:for|to|with|on|in|at|and|or|so|about|by|from)\b)[\w-]{1,30}+)?)?"
"""Before a day's event ("before tonight's send", "in time for Friday's webinar"): the work is due that day, and
the event's name goes with the phrase."""


PHRASES: tuple[tuple[str, Resolver], ...] = (
    (
        (
            rf"{_OPT_CUE}\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?"
            rf"(?:Z|[+-]\d{{2}}:?\d{{2}})?)?)(?![\w-])"
        ),
        iso_phrase,
    ),
    (rf"{_OPT_CUE}\b(?P<cal>{_WRITTEN})", written_date),
    (
        rf"{_OPT_CUE}\b(?P<cal>\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{4}}/\d{{1,2}}/\d{{1,2}})(?![\w/])",
        written_date,
    ),
    (rf"{_OPT_CUE}(?<![\w/.$-])(?P<cal>\d{{1,2}}/\d{{1,2}})(?![\w/%])(?!\.\d)", numeric_date),
    (rf"{_OPT_CUE}(?<![\w.])(?P<cal>\d{{1,2}}\.\d{{1,2}}\.\d{{4}})(?![\w.]|\.\d)", dotted_date),
    (
        rf"\b{_CUE}{_GAP}(?:the\s+)?(?P<cal>\d{{1,2}}\.(?:0[1-9]|1[0-2]))(?!\.?\d)(?![\w%:])(?!\s*(?:am|pm|h)\b)",
        numeric_date,
    ),
    (
        (
            rf"\b{_CUE}\s+(?:the\s+)?(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
            rf"(?!\s+(?:of|day|time|anniversary)){_NO_NOUN_AFTER}"
        ),
        day_of_month,
    ),
    (
        rf"(?<!\bto\s)(?<!\bof\s)\bthe\s+(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!-){STANDS_ALONE}",
        day_of_month,
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?(?:mid|middle\s+of)[\s-]*+(?P<next>next[\s-]+)?(?:the\s+|this\s+)?month\b(?!'s)",
        middle_of_month,
    ),
    (rf"{_OPT_CUE}\b(?:the\s+)?day\s+after\s+tomorrow\b", days(2)),
    (
        rf"{_OPT_CUE}\b(?:{_EOD}\s+)?(?:{_TOMORROW})\b(?!'s)(?:\s+(?:{_EOD}|am|pm|morning|afternoon|evening)\b)?",
        days(1),
    ),
    (
        (
            rf"{_OPT_CUE}\b(?:today|tonight|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?day|eod|cob|"
            rf"close\s+of\s+(?:business|play)|cop|(?:within|in)\s+(?:the|an|the\s+next)\s+hour)\b(?!'s)(?!\s+(?:on\s+)?(?:{_TOMORROW}|{_WEEKDAY_RE})\b)"
        ),
        days(0),
    ),
    (
        (
            r"\b(?:by|before|until|till|no\s+later\s+than)\s+(?:noon|midday|lunch(?:time)?|\d{1,2}(?::\d{2})?\s*(?:am|pm))\b"
            rf"(?!\s+(?:on\s+)?(?:{_TOMORROW}|{_WEEKDAY_RE})\b)|\b(?:this\s+(?:morning|afternoon|evening)|later\s+today)\b"
        ),
        days(0),
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
        rf"{_OPT_CUE}\b(?:(?:early\s+)?(?:next|nxt)|the\s+following)\s+(?:week|wk)\b"
        r"(?!'s(?!\s+(?:fine|ok(?:ay)?|good|great|perfect|best|ideal)\b))",
        lambda _m, today: today + relativedelta(days=1, weekday=MO),
    ),
    (
        (
            rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?:work\s*)?week|week['\u2019]s\s+end|eow|"
            r"this\s+(?:week|wk)|"
            r"within\s+the\s+week)\b(?!'s)|\b(?:by|before)\s+(?:the\s+)?(?:end\s+of\s+the\s+)?weekend\b"
        ),
        end_of_week,
    ),
    (
        rf"{_OPT_CUE}\b(?:the\s+)?end\s+of\s+next\s+month\b",
        lambda _m, today: today + relativedelta(months=1, day=31),
    ),
    (
        rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|month(?:[\s-]|['\u2019]s\s+)end|eom)\b"
        r"|\b(?:by|before)\s+the\s+month\s+(?:is\s+(?:out|over|up)|ends|closes|runs\s+out)\b",
        lambda _m, today: today + relativedelta(day=31),
    ),
    (rf"{_OPT_CUE}\bnext\s+month\b(?!'s)", lambda _m, today: today + relativedelta(months=1, day=1)),
    (
        rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?:quarter|q(?P<q>[1-4]))|eoq|quarter[\s-]end)\b",
        end_of_quarter,
    ),
    (
        rf"{_OPT_CUE}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|eoy)\b",
        lambda _m, today: today + relativedelta(month=12, day=31),
    ),
    (
        (
            rf"\b(?:(?:{_CUE}\s+)?{_EOD}\s+(?:on\s+)?(?:the\s+)?(?:{_THIS}\s+)?|{_CUE}\s+(?:the\s+)?(?:{_THIS}\s+)?|{_THIS}\s+)"
            rf"(?P<wd>{_WEEKDAY_RE})\b(?!'s){_ATTRIBUTIVE_NOUNS}"
        ),
        next_weekday,
    ),
    (rf"^\W*+(?P<wd>{_WEEKDAY_RE})\b(?=\s*[:,\-])", next_weekday),
    (
        (
            rf"(?:^|(?<=[.!?,;]\s)|(?<=\n))(?P<wd>{_WEEKDAY_RE})\b(?=\s+(?:would|works?|is|should|will|ideally|"
            r"preferably|latest|at\s+the\s+latest|if\s+(?:possible|poss|you\s+can))\b|"
            r"['\u2019]s\s+(?:fine|ok(?:ay)?|good|great|perfect|best|ideal)\b)"
        ),
        next_weekday,
    ),
    (rf"\b{_BEFORE_ITS}(?:(?:this|next|coming)\s+)?(?P<wd>{_WEEKDAY_RE})['\u2019]s{_ITS_EVENT}", next_weekday),
    (
        rf"\b{_BEFORE_ITS}(?:the|our|this)\s+(?P<wd>{_WEEKDAY_RE})\s++(?!{_NOT_AN_EVENT})[\w-]{{1,30}}+",
        next_weekday,
    ),
    (rf"\b{_BEFORE_ITS}(?:tonight|today|this\s+(?:morning|afternoon|evening))'s{_ITS_EVENT}", days(0)),
    (rf"\b{_BEFORE_ITS}(?:{_TOMORROW})'s{_ITS_EVENT}", days(1)),
    (rf"(?<=[,;\u2013\u2014-])\s*+(?P<wd>{_WEEKDAY_RE})\b(?=\s*+[.!]*+\s*+$)", next_weekday),
    (rf"{_EVENT_DAYS}(?<![\w'-])(?P<wd>{_WEEKDAY_RE})\b(?!'s|-(?!ish\b)){STANDS_ALONE}", next_weekday),
    (
        (
            rf"\b(?:(?:in|within)\s+(?:the\s+next\s+)?|(?:target|goal|eta|aim|timeline|time\s*frame|turnaround|window)\s*+(?:is\s+|:\s*+))"
            rf"(?:\d{{1,2}}\s*+(?:-|\u2013|to|or)\s*+)?(?P<n>{_NUMBER})\s+"
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
            + relativedelta(weekday=weekday(WEEKDAYS.index((m.group("wd") or m.group("wd2")).lower()[:3])))
        ),
    ),
    (
        (
            rf"{_OPT_CUE}\b(?:the\s+)?(?P<part>end|middle|mid|late|early|start|beginning)(?:\s+of|-)?\s*"
            rf"(?P<month>{_MONTHS})\b"
        ),
        lambda m, today: part_of_month(m, today),
    ),
    (
        rf"{_DATED_WEEKDAY}(?:the\s+)?(?P<cal>\d{{1,2}}/\d{{1,2}}(?![\w/])|{_WRITTEN})(?(bare){STANDS_ALONE})",
        lambda m, today: numeric_date(m, today) if "/" in m.group("cal") else calendar_date(m.group("cal"), today),
    ),
    (
        rf"{_DATED_WEEKDAY}the\s+(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+of\b)(?(bare){STANDS_ALONE})",
        day_of_month,
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
