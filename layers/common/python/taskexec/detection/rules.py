"""The default detector: offline, deterministic rules over the request text.

It runs on every message request (`/ai/execute` with a `message`, and each such batch item) and is imported on
the first one, so it must be fast and cheap to import (stdlib `re` and dateutil only, patterns compiled on first
use) and it must generalise beyond the examples. It reads a request the way a person does:

1. the frame: an email's greeting and sign-off set aside, typos in the deciding words read as meant;
2. the phrases: assignee, priority (negations included) and deadline, each date attached to what it modifies;
3. the mood of each clause (mood.py): is anything asked for, or is it thanks, news, a report or a question?
4. only then the nouns, in the sentences that ask (scoring.py): which category the object of the work names,
   with product names read as names (names.py), and its channel, kind or segment rule.

Whether anything is asked, and the category, are read a second time by a model learned from every labelled
request (learned.py); it overrules the rules only when it is sure and they disagree.
"""

import re
from datetime import date

from taskexec.detection import learned, text, work_title
from taskexec.detection.deadlines import work_deadlines
from taskexec.detection.mood import Mood
from taskexec.detection.names import masked
from taskexec.detection.openings import REPORT_LABEL, RESOLVED
from taskexec.detection.reading import Reading, read
from taskexec.detection.scoring import best_category, category_scores, labelled
from taskexec.detection.sentence_mood import asks_for_work
from taskexec.detection.spelling import as_written
from taskexec.detection.task_types import campaign_channel, segment_rule, workflow_kind
from taskexec.domain.detector import SUGGESTION, Detection
from taskexec.domain.vocabulary import Category, Priority

_PASSIVE = r"\b(?:was|were|has\s+been|have\s+been|got)\s+(?:\w+ly\s+)?[a-z]+ed\b"
_TOLD = frozenset({Mood.FYI, Mood.QUESTION, Mood.THANKS, Mood.CHAT, Mood.ANNOUNCED})
"""Clauses whose priority words qualify what they tell or ask about, not work."""
_LABEL = r"\s*+(?P<label>(?:[\w'&/#-]+\s+){0,7}[\w'&/#-]+\s*+(?::|(?<=\s)[-\u2013\u2014|]\s|[\u2013\u2014|]))"
"""A message's opening label ("Workflow for order confirmations: ...", "Automation - trigger: ..."): it names the
work even when a trigger clause stands between it and the request (category scoring reads it)."""


class RulesDetector:
    """Offline detection from the text's mood, shape and vocabulary; never raises on any input."""

    name = "rules"

    def detect(self, message: str, today: date) -> Detection:
        reading = read(message, today)
        asking = [i for i, clauses in enumerate(reading.sentences) if any(m is Mood.ASK for _, m in clauses)]
        nominal = [i for i, c in enumerate(reading.sentences) if any(m is Mood.NOMINAL for _, m in c)]
        focus = asking or nominal or list(range(len(reading.sentences)))
        cores = [work_title.core(reading, i) for i in focus]
        scored = " ".join(masked(core) for core in cores)
        label = re.match(_LABEL, reading.blanked)
        opening = label.group("label") if label and not " ".join(cores).startswith(label.group("label")) else ""
        named = masked(opening)
        scores = category_scores(scored, named)
        best = max(scores.values())
        dues = work_deadlines(reading.framed, reading.blanked, reading.sentences, reading.dues, asking)
        signal = bool(reading.priorities or dues or reading.assignee)
        moods = [m for clauses in reading.sentences for _, m in clauses]
        told = [
            span
            for clauses in reading.sentences
            for span, m in clauses
            if m in _TOLD or _reports_past(reading, span, m)
        ]
        if not learned.asks_for_work(
            message,
            asks_for_work(
                moods,
                named_work=best >= 3 and not _opens_with_question(reading),
                terse_signal=best > 0 and signal,
                urgent=any(
                    p.priority in (Priority.HIGH, Priority.URGENT) and not any(s <= p.start < e for s, e in told)
                    for p in reading.priorities
                ),  # "Ping me on Slack if something is critical": the urgency of whom to reach, not of any work
                resolved=re.search(RESOLVED, reading.framed, re.I) is not None,
                reported=_reported(reading),
            ),
        ):
            return Detection(is_task=False, suggestion=SUGGESTION, detector=self.name)
        if best <= 0:  # "Please to send it next week": the work is named only around the ask
            scores = category_scores(masked(text.tidy(reading.blanked)))
        category = learned.category(message, best_category(scores))
        core = work_title.chosen(reading, cores, opening if named and labelled(named) is category else "")
        work = " ".join(cores)
        return Detection(
            is_task=True,
            category=category,
            channel=campaign_channel(work, reading.framed) if category is Category.CAMPAIGN else None,
            kind=workflow_kind(work, reading.framed) if category is Category.WORKFLOW else None,
            segment_rule=segment_rule(work) if category is Category.SEGMENT else None,
            title=as_written(text.title(core), reading.written),
            description=text.sentence(text.strip_wrappers(" ".join(text.frame(message).split()))),
            priority=reading.priorities[0].priority if reading.priorities else None,
            due_date=dues[0].due if dues else None,
            assignee_hint=reading.assignee,
            detector=self.name,
        )


def _opens_with_question(reading: Reading) -> bool:
    """Whether the message ends with a question mark or its opening sentence does ("is it possible to send WhatsApp
    messages to Germany? asking for information only"): a question names work without asking for it."""
    opening = next((s for s in reading.sentences if any(m is not Mood.NOTHING for _, m in s)), None)
    end = opening[-1][0][1] if opening else 0
    return reading.framed.rstrip().endswith("?") or reading.framed[end : end + 3].lstrip().startswith("?")


def _reports_past(reading: Reading, span: text.Span, mood: Mood) -> bool:
    """A statement of what was done to something ("MKT-402 was assigned to ... with priority High"): a priority in it
    is the thing's, reported, not the urgency of any work."""
    return mood is Mood.STATEMENT and re.search(_PASSIVE, reading.framed[span[0] : span[1]], re.I) is not None


def _reported(reading: Reading) -> bool:
    """Whether the message opens with a report's label ("Q4 recap", "Weekly Marketing Digest") before news: a
    statement of some length or an announcement ("Post-mortem summary: the provider rejected all messages ...")."""
    said = [(span, m) for clauses in reading.sentences for span, m in clauses if m is not Mood.NOTHING]
    label = re.fullmatch(REPORT_LABEL, reading.blanked[said[0][0][0] : said[0][0][1]].strip(), re.I) if said else None
    if label is None:
        return False
    if re.search(r"\bof\s+the\s+(?:day|week|month)$", label.group(0), re.I):
        return True  # a recurring feature: "Customer feedback of the week: '...'"
    figures = sum(re.search(r"\d", reading.blanked[s:e]) is not None for (s, e), _ in said[1:])
    return figures > 1 or any(
        m is Mood.FYI or (m is Mood.STATEMENT and len(reading.blanked[s:e].split()) >= 3) for (s, e), m in said[1:]
    )
