"""Moods read in context: each clause in the light of how its sentence opens, the needs stated of things settled by
how the message opens, and whether the message, clause by clause, asks for work.

mood.py reads one clause at a time; this module reads them together ("Shout-out to the team, record revenue!" is
praise throughout, "Reminder:" takes the mood of what it labels, "For anything urgent, contact ..." is an away note).
"""

import re

from taskexec.detection.clause_words import (
    FIGURE,
    FORBIDS,
    IN_CASE,
    JOINERS,
    MEASURED,
    NOUN_VERBS,
    OBJECT_WORDS,
    ONLY_PAST,
    OPTIONS,
)
from taskexec.detection.mood import Mood, clause_mood
from taskexec.detection.openings import FYI, MUSING, PRAISE, REASON, REMINDER, REPORT_LABEL, REQUEST, WORK_QUESTION
from taskexec.detection.social import CONTACT_INSTEAD, GATHERINGS
from taskexec.domain.wording import is_past_form

CONDITION = r"\s*(?:when|whenever|if|once|after|as\s+soon\s+as|every\s+time)\b"
"""A clause that states a condition ("when a ticket is closed"): its verb is the trigger's, no news after a label."""


def sentence_moods(clauses: list[str], asked: bool, steps: bool = False) -> list[Mood]:
    """The mood of each clause of one sentence, each read in the light of how the sentence opens.

    After thanks or praise, a short exclamation that only looks like an order ("Shout-out to the team, record
    revenue!") is more praise; one with an object ("Thanks, now fix the footer") or a request word still asks.
    A "Reminder:" label takes the mood of what it labels. News that forbids ("PSA: please don't edit the master
    template, use a copy") tells a rule, and the order after the prohibition is the rule's alternative, not work.
    """
    moods = [clause_mood(clause, asked) for clause in clauses]
    if any(re.search(MUSING, clause) for clause in clauses):  # "Plan for Q1, just thinking out loud: ..."
        moods = [
            Mood.NOMINAL if m is Mood.ASK and not re.search(REQUEST, c) else m
            for c, m in zip(clauses, moods, strict=True)
        ]
    for i, clause in enumerate(clauses[:-1]):
        if re.fullmatch(r"\s*(?:fwd?|fw|re|subject)\s*", clause):  # "Fwd: Order updates": a forward's subject line
            moods[i : i + 2] = [Mood.NOTHING, Mood.NOMINAL]
    for i, clause in enumerate(clauses[:-2]):
        alone = clause.split()
        after = clauses[i + 2].split()[:1]
        if moods[i] is Mood.ASK and len(alone) == 1 and after and (is_past_form(after[0]) or after[0] in ONLY_PAST):
            moods[i] = Mood.STATEMENT  # "Segment (the CDP) announced a price increase": a name, then an aside
    if steps:  # "trial started -> day 3 tips email -> day 7 offer": the steps of a flow, not what happened
        moods = [Mood.NOMINAL if m is Mood.STATEMENT else m for m in moods]
    opening = next((i for i, m in enumerate(moods) if m is not Mood.NOTHING), None)
    label = re.match(FYI, clauses[opening].strip()) if opening is not None and moods[opening] is Mood.FYI else None
    if opening is not None and label:
        told = clauses[opening].strip()[label.end() :] or " ".join(clauses[opening + 1 : opening + 2])
        if re.match(FORBIDS, told.strip()):
            moods = [Mood.FYI if i > opening and m is Mood.ASK else m for i, m in enumerate(moods)]
    for i, clause in enumerate(clauses[:-1]):
        if re.fullmatch(REMINDER, clause.strip(" .!:,-")):
            following = next((m for m in moods[i + 1 :] if m is not Mood.NOTHING), Mood.NOTHING)
            gathering = re.match(rf"\s*(?:the\s+|our\s+|today'?s\s+)?{GATHERINGS}\b", clauses[i + 1])
            news = following in (Mood.STATEMENT, Mood.FYI) or Mood.ANNOUNCED in moods[i + 1 :] or gathering is not None
            moods[i] = Mood.FYI if news else Mood.ASK  # "Reminder: all-hands at 3pm, bring your questions!"
    for i, clause in enumerate(clauses[1:], 1):
        if re.match(IN_CASE, clauses[i - 1].strip()) and re.match(CONTACT_INSTEAD, clause.strip(" .!")):
            moods[i - 1 : i + 1] = [Mood.FYI, Mood.FYI]  # "For anything urgent, contact lena@...": whom to turn to
    for i, clause in enumerate(clauses):
        if asked and Mood.QUESTION in moods[:i] and re.fullmatch(OPTIONS, clause.strip(" ?!.")):
            moods[i] = Mood.QUESTION  # "Which channel do we use for order updates, SMS or WhatsApp?": the options
        if i and moods[i] is Mood.ASK and Mood.STATEMENT in moods[:i] and _listed(clause.split()):
            moods[i] = Mood.NOMINAL  # "we ran nine campaigns over email, SMS and push": an item, not "SMS them"
    for i, clause in enumerate(clauses[:-1]):
        alone = clause.split() if moods[i] is Mood.ASK else []
        if len(alone) == 1 and alone[0] in NOUN_VERBS and re.search(r"\d", clauses[i + 1]):
            moods[i] = Mood.NOMINAL  # "Email: 14 sends, avg open 38.2%": a channel's label before its figures
    if sum(re.fullmatch(FIGURE, c.strip(" .!")) is not None or re.search(MEASURED, c) is not None for c in clauses) > 1:
        head = clauses[0].split()[:2]  # "Segment sync to BigQuery: 0 errors, 14,882 rows": a noun, not "segment"
        if moods[0] is Mood.ASK and head[0] in NOUN_VERBS and (len(head) == 1 or head[1] not in OBJECT_WORDS):
            moods[0] = Mood.NOMINAL  # a bare label too: "Report: newsletter sent to 52,110, 41% open rate, ..."
        for i, clause in enumerate(clauses):
            if moods[i] is Mood.ASK and re.fullmatch(FIGURE, clause.strip(" .!")):
                moods[i] = Mood.NOMINAL  # "email 42x, SMS 11x": a figure is never an order
        if Mood.ASK not in moods:
            moods = [Mood.STATEMENT if m is Mood.NOMINAL else m for m in moods]  # a report of results
    moods = [  # "Review of the month: '...'": a recurring feature's label, not "review"
        Mood.NOMINAL if re.fullmatch(r"(?:[\w'-]+\s+){0,2}[\w'-]+\s+of\s+the\s+(?:day|week|month)", c.strip()) else m
        for c, m in zip(clauses, moods, strict=True)
    ]
    said = [i for i, m in enumerate(moods) if m is not Mood.NOTHING]
    if len(said) == 2 and moods[said[1]] is Mood.FYI and re.fullmatch(REPORT_LABEL, clauses[said[1]].strip()):
        moods[said[0]] = Mood.FYI  # "Launch retro - summary": what it is the summary of, and news follows
    report = len(said) > 1 and re.fullmatch(REPORT_LABEL, clauses[said[1]].strip()) is not None
    labelled = len(said) > 1 and moods[said[0]] is Mood.NOMINAL and (moods[said[1]] is Mood.STATEMENT or report)
    labelled = labelled and Mood.DUTY not in moods  # "Press release for X: ..., but the draft is due ...": the work
    condition = len(said) > 1 and re.match(CONDITION, clauses[said[1]]) is not None
    if labelled and not re.match(r"\s*(?:you|u|ya)\b", clauses[said[1]]) and not condition:
        moods[said[0]] = Mood.STATEMENT  # a label of news: "Salesforce sync: contacts are flowing again"
    if any(moods[i] is Mood.THANKS and re.match(PRAISE, c.strip()) for i, c in enumerate(clauses)):
        moods = [  # "Record signups in May, well done all!": the result praised
            Mood.THANKS if m is Mood.NOMINAL or (m is Mood.ASK and _exclamation(c)) else m
            for c, m in zip(clauses, moods, strict=True)
        ]
    if next((m for m in moods if m is not Mood.NOTHING), None) is Mood.THANKS:
        moods = [Mood.THANKS if m is Mood.ASK and _exclamation(c) else m for c, m in zip(clauses, moods, strict=True)]
    return moods


def reasons_given(clauses: list[str], moods: list[Mood], after_question: bool) -> list[Mood]:
    """Right after a question that asks for no work, why it is asked ("... after 9pm? want to understand the rules",
    "who approved the budget? asking for the audit", "just curious") is part of the question, not a request."""
    if not after_question:
        return moods
    return [Mood.QUESTION if re.match(REASON, c.strip()) else m for c, m in zip(clauses, moods, strict=True)]


def _listed(said: list[str]) -> bool:
    """Whether a clause after a statement continues it ("..., SMS and push", "..., SMS at clicks"): a noun that
    could be an order, joined rather than given an object."""
    return len(said) > 1 and said[0] in NOUN_VERBS and said[1] in JOINERS and not re.search(REQUEST, " ".join(said))


def _exclamation(clause: str) -> bool:
    """A short exclamation, or a noun that looks like an order before a bare noun ("record revenue for the Leicester
    store!", "report card"): praise after praise, where "Thanks, now fix the footer" still asks."""
    words = clause.split()
    return (
        (len(words) <= 3 or (words[0] in NOUN_VERBS and words[1] not in OBJECT_WORDS))
        and (len(words) < 2 or words[1] not in OBJECT_WORDS)
        and not re.search(REQUEST, clause)
        and not re.match(WORK_QUESTION, clause)
    )


def settle(sentences: list[list[Mood]]) -> list[list[Mood]]:
    """The message's needs stated of things (DUTY) ask, unless the message opens as news: after "Status update:",
    "Announcement:" or "Going forward," a clause like "every send needs a second reviewer" tells a rule or a plan."""
    opening = next((m for moods in sentences for m in moods if m is not Mood.NOTHING), None)
    settled = Mood.STATEMENT if opening is Mood.FYI else Mood.ASK
    return [[settled if m is Mood.DUTY else m for m in moods] for moods in sentences]


def asks_for_work(
    moods: list[Mood], *, named_work: bool, terse_signal: bool, urgent: bool, resolved: bool, reported: bool = False
) -> bool:
    """Whether the clauses, in reading order, ask for work.

    Any clause asking for it decides. Otherwise the message's opening decides: thanks, news, a report or a
    question asking for information is not a task, even when it names work ("Great stuff on the SMS campaign");
    a statement with a priority still is ("urgent: the sync is failing"); and a nominal opening is a task when
    its words name work (`named_work`) or it carries a deadline, priority or assignee with any (`terse_signal`),
    unless an invitation or a note that nothing is to be done follows it ("Brown-bag on Braze Thursday, all
    welcome").
    A report that a problem is over (`resolved`: "The P0 outage was fixed by Lena") asks for nothing, whatever
    priority it names, and neither does a report under its label (`reported`: "Q4 recap: email revenue +18%, ...").
    """
    if Mood.ASK in moods:
        return True
    if resolved:
        return False
    opening = next((m for m in moods if m is not Mood.NOTHING), None)
    if opening is Mood.NOMINAL and reported:
        return False  # a report's label before its news: "Weekly digest. Email: 14 sends, the best was ..."
    if opening is Mood.NOMINAL:  # news after a nominal opening ("Lunch and learn Wednesday. Everyone's welcome!")
        return (named_work or terse_signal) and Mood.ANNOUNCED not in moods
    return opening is Mood.STATEMENT and urgent
