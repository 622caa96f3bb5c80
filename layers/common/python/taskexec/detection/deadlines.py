"""Which of a request's dates is the deadline of its work: the sentence that asks, the ones around it, the cue.

A message may hold several dates ("The embargo lifts 2027-01-26; the draft is due 2027-01-19"): the ones in news or
a story around the request say when something else happens, and only the ones said of the work count. Which date
phrases describe something inside a sentence is decided before this, in domain/date_attachment.py.
"""

import re

from taskexec.detection.mood import Mood
from taskexec.detection.text import Span
from taskexec.domain.date_attachment import STRONG_CUE
from taskexec.domain.due_dates import DueMatch
from taskexec.domain.wording import is_past_form

_DEADLINE_SAID = (
    r"\b(?:due|deadline|cut-?off|go-?live|at\s+the\s+latest|latest|needs?\s+to\s+(?:be|go)|ha(?:s|ve)\s+to\s+(?:be|go)|must\s+(?:be|go)|"
    r"should\s+(?:be|go|land)|ready|live|done|finished|complete|target|goal|aim|eta|ideal(?:ly)?|have\s+it|"
    r"works?\s+best|would\s+(?:be\s+)?(?:great|perfect|best|work)|if\s+(?:you|u|ya)\s+can|if\s+poss(?:ible)?|"
    r"(?:should|must|needs?\s+to|ha(?:s|ve)\s+to)\s+[a-z]+|be\s+[a-z]{2,}(?:ed|en)|(?:is|'s|are|would\s+be)\s+(?:ok(?:ay)?|fine|good|enough)|"
    r"^\W*(?:by|until|till|due|no\s+later\s+than)|^\W*(?:(?:please|pls|just|and)\s+)?[a-z]+\s+(?:it|this|that|them)|"
    r"^\W*(?:it['\u2019]?s|this\s+is|they['\u2019]?re|(?:it['\u2019]?s\s+)?needed)\s+for)\b"
)
"""What a sentence says about the work when it gives its deadline: a state it must reach ("it should exist by
...", "the draft must be with me ..."), that a date is fine ("Until the 15th is ok"), a deadline cue that opens
it ("By Friday."), an order about the work named by a pronoun ("Do it on Monday", "Need it for ... next
week"), or what the work is for ("It's for the investor update on Friday")."""
_WORK_CUE = r"(?!for\b|on\b)(?:due|deadline|by|before|until|till|til|no\s+later|first\s+thing|ahead|in\s+time|prior)\b"
"""A cue that says the date is the work's. Without one ("the cohort signs 2027-01-12 so it has to be live by
2027-01-11", "the embargo lifts 2027-01-26; the draft is due 2027-01-19") or with "for" or "on" ("the newsletter
for next month"), a date may be another thing's, and one that "by", "due" or "until" introduce is the deadline."""
_NAMED_DEADLINE = (
    r"\b(?:deadline|due\s+date|cut-?off|target\s+date|go-?live(?:\s+date)?)(?:\s+for\s+[\w\s'-]{1,40}?)?"
    r"\s*+(?:is|:)?\s*+$"
)
"""A date the sentence calls the deadline ("Deadline for the deck is 2027-02-03", "cutoff: Friday"): as sure as "by"."""
_CLOCK = r"\S+(?:\s+than)?\s+(?:noon|midday|lunch(?:time)?|\d{1,2}(?::\d{2})?\s*(?:am|pm))"
"""A deadline that is only an hour ("by 10am"): it qualifies the day named beside it rather than replacing it."""
_ENDS = r"\b(?:expir(?!ed)\w*|ends?|ending|runs?\s+out|lapses?|closes?|due|go(?:es)?\s+(?:out|live)|ships?|lands?)\b"
"""A statement that something ends ("the token expires on 2027-02-28, renew it") gives the work its deadline;
one that something happens ("we're launching in Mexico next month, so ...") does not, nor one that it ended ("the
token expired this morning"): what is over sets no deadline, a report of it tells the day it happened."""
_STATE_WORDS = frozenset(
    {"and", "then", "out", "up", "off", "all", "fully", "ideally", "preferably", "hopefully", "already", "properly"}
)
"""Words a clause of the work's state may hold beside its participles: "ideally booked", "sent out", "drafted and
approved"."""
_POINTS_BACK = r"\b(?:it|this|that|them)\b"
"""A request about the work named before ("Could you make it happen?"): a deadline said with it may stand there."""


def only_cut(blanked: str, span: Span) -> bool:
    """Whether a clause held only a phrase that was cut out (a priority, a deadline, an assignee)."""
    return not blanked[span[0] : span[1]].strip(" ,;:()-\u2013\u2014")


def work_deadlines(
    framed: str, blanked: str, sentences: list[list[tuple[Span, Mood]]], dues: list[DueMatch], asking: list[int]
) -> list[DueMatch]:
    """The deadlines of the sentences that ask (all of them when none does): a date in news or a report around
    the request ("The WhatsApp pilot starts next month") is not when this work is due. A sentence after the
    request that says when it is due ("The draft is due by Friday", "It should go out in 5 days at the latest")
    gives the deadline when the request names none; "by", "due", "until" or a date called the deadline say it
    more surely than a bare date or "for" or "on", which may name another thing's day ("the newsletter for next
    month", "Board meets on 2027-02-10. Deadline for the deck is 2027-02-03")."""
    if not asking:
        return dues
    found = dues
    bounds = [(c[0][0][0], c[-1][0][1]) for c in sentences]
    quiet = [
        bounds[i]
        for i, c in enumerate(sentences)
        if all(m in (Mood.NOMINAL, Mood.NOTHING) for _, m in c)
        and any((m is Mood.NOMINAL and i > asking[0]) or only_cut(blanked, span) for span, m in c)
    ]  # a greeting's or a story's date is no deadline ("I trust the quarter-end rush is behind you", "Our pop-up in
    # Lyon sold out in two days"); one said after the request, or alone ("... ? By Friday."), is
    spans = [bounds[i] for i in asking] + quiet
    stated = [
        (s, e)
        for i in asking
        for (s, e), m in sentences[i]
        if m is Mood.STATEMENT and not _the_works_state(blanked[s:e])
    ]  # "..., ideally booked in 10 days", "..., scheduled for Monday": the state the work is to reach, not news
    ending = [
        (s, e)
        for i in asking
        for (s, e), m in sentences[i]
        if m is not Mood.ASK and re.search(_ENDS, blanked[s:e], re.I)
    ]  # "the token expires on ...", "the new prices go live ...": a deadline only when the work names none
    told = [span for span in stated if span not in ending]  # what ends is read around the date, not in it
    dues = [
        d
        for d in found
        if any(start <= d.start < end for start, end in spans)
        and not (any(s <= d.start < e for s, e in told) and not re.match(STRONG_CUE, framed[d.start :], re.I))
    ]  # "We're launching in Mexico next month, so we'll need ...": the launch's date, not the work's
    own = [d for d in dues if not any(s <= d.start < e for s, e in ending)]
    if own and len(own) < len(dues) and not any(re.match(STRONG_CUE, framed[d.start :], re.I) for d in dues[:1]):
        dues = own  # "The change goes live 2027-03-01, we need the campaign ready in 10 days": the work's own date
    said = [
        (start, end)
        for start, end in bounds[asking[0] + 1 :]
        if re.search(_DEADLINE_SAID, framed[start:end], re.I)
        or re.search(_ENDS, blanked[start:end], re.I)
        or _the_works_state(blanked[start:end])
    ]  # "Renew the certificate. The old one expires in 5 days.", "Published by the 12th.": a deadline after it
    later = [d for d in found if d not in dues and any(start <= d.start < end for start, end in said)]
    if not dues:  # "Could you set up the referral SMS? Deadline is next Wednesday."
        dues, later = later, []
    if not dues and re.search(_POINTS_BACK, framed[slice(*bounds[asking[0]])], re.I) and asking[0]:
        start, end = bounds[asking[0] - 1]  # "... they want the campaign live by 2027-04-26. Could you make it happen?"
        dues = [d for d in found if start <= d.start < end and re.match(STRONG_CUE, framed[d.start :], re.I)]
    strong = [d for d in dues + later if _called_the_deadline(framed, d)]
    if strong and dues[0] is not strong[0] and not re.match(_WORK_CUE, framed[dues[0].start :], re.I):
        return [strong[0], *dues]  # "Newsletter for next month needs to go out by the end of this month"
    return dues


def _the_works_state(clause: str) -> bool:
    """Whether a clause, its phrases cut, holds only participles ("scheduled for Monday", "Important, drafted and
    approved by Thursday.", "ideally booked in 10 days"): the state the work must reach by its date, said without
    a subject, rather than a report of what someone did ("Sent the newsletter on Friday" has its object)."""
    said = re.findall(r"[a-z']+", clause.lower())
    return any(is_past_form(w) for w in said) and all(is_past_form(w) or w in _STATE_WORDS for w in said)


def _called_the_deadline(framed: str, due: DueMatch) -> bool:
    """Whether a date is said to be the deadline ("by Friday", "due 2027-03-03", "Deadline for the deck is ...")
    rather than only an hour of a day named beside it ("by 10am")."""
    phrase = framed[due.start : due.end]
    if re.fullmatch(_CLOCK, phrase, re.I):
        return False
    return bool(
        re.match(STRONG_CUE, phrase, re.I)
        or re.search(_NAMED_DEADLINE, framed[max(0, due.start - 60) : due.start], re.I)
    )
