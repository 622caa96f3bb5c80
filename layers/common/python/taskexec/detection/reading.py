"""A message read once for the rules detector: its frame, the phrases cut out of it (assignee, priorities,
deadlines), its sentences and clauses, and the mood of each clause."""

import re
from datetime import date
from typing import NamedTuple

from taskexec.detection import text
from taskexec.detection.assignee import assignee_hint, greeted
from taskexec.detection.mood import Mood
from taskexec.detection.sentence_mood import reasons_given, sentence_moods, settle
from taskexec.detection.spelling import corrected
from taskexec.domain.due_dates import DueMatch, due_matches
from taskexec.domain.priorities import PriorityMatch, priority_matches

_ORDERS_WORK = r"\W*(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?(?:assign|re-?assign|delegate|hand|give)\b"
"""An order to assign ("Please assign to <address>: <the work>"): the work it names after it is asked for."""


class Reading(NamedTuple):
    """The message read once: its phrases, its sentences and clauses, and the mood of each clause."""

    framed: str
    written: dict[str, str]
    assignee: str | None
    priorities: list[PriorityMatch]
    dues: list[DueMatch]
    blanked: str
    sentences: list[list[tuple[text.Span, Mood]]]


def read(message: str, today: date) -> Reading:
    framed, written = corrected(text.frame(message))
    hint = assignee_hint(framed) or greeted(message, framed)
    priorities = priority_matches(framed)
    dues = due_matches(framed, today)
    spans = [(p.start, p.end) for p in priorities] + [(d.start, d.end) for d in dues]
    if hint:
        spans.append(hint[1])
        if "@" in hint[0]:  # the address of an @handle, given apart from it ("@ken pls build ... (ken.ito@...)")
            spans += [m.span() for m in re.finditer(re.escape(hint[0]), framed, re.I) if m.start() >= hint[1][1]]
    blanked = text.blank(framed, spans)
    clauses, moods = [], []
    questions: list[bool] = []  # whether each sentence so far asked a question and no work
    for sentence in text.sentences(framed):
        asked = framed[sentence[0] : sentence[1]].rstrip().endswith("?")
        spans = text.clauses(framed, sentence)
        if spans:
            clauses.append(spans)
            steps = len(re.findall(r"\s(?:-+>|=>|\u2192)\s", framed[sentence[0] : sentence[1]])) > 1
            said = [blanked[start:end].lower() for start, end in spans]
            moods.append(reasons_given(said, sentence_moods(said, asked, steps), bool(questions) and questions[-1]))
            questions.append(asked and Mood.ASK not in moods[-1])
    sentences = [list(zip(s, m, strict=True)) for s, m in zip(clauses, settle(moods), strict=True)]
    if hint and sentences:
        _assigned_work(framed, hint[1][1], sentences[0])
    return Reading(framed, written, hint[0] if hint else None, priorities, dues, blanked, sentences)


def _assigned_work(framed: str, cut: int, opening: list[tuple[text.Span, Mood]]) -> None:
    """A message that opens with an order to assign ("Please assign to <address>: a dashboard tracking ...") asks for
    the work it names next, however that is worded: the first clause after the cut assignee phrase asks."""
    if not re.match(_ORDERS_WORK, framed[opening[0][0][0] : cut], re.I):
        return
    said = next((i for i, ((start, end), _) in enumerate(opening) if start >= cut and framed[start:end].strip()), None)
    if said is not None and opening[said][1] in (Mood.STATEMENT, Mood.NOMINAL):
        opening[said] = (opening[said][0], Mood.ASK)
