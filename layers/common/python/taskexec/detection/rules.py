"""The default detector: offline, deterministic rules over the request text.

It runs on every message request (`/ai/execute` with a `message`, and each such batch item) and is imported on
the first one, so it must be fast and cheap to import (stdlib `re` and dateutil only) and it must generalise
beyond the examples: it reads the request's *shape* (social filler, request wrapper, question form, imperative
verb, deadline and priority phrases) rather than matching whole sentences.
"""

import re
from datetime import date
from typing import TypeVar

from taskexec.detection.mood import asks_for_work
from taskexec.detection.text import first_word, parse, sentence, strip_trailing_junk, strip_wrappers, title
from taskexec.detection.vocabulary import (
    CHANNELS,
    COMPILED,
    HEAD_WEIGHT,
    KINDS,
    OBJECT,
    RULE_LEAD,
    SEGMENT_WORD,
    TOPIC,
    VERB_HINT_WEIGHT,
    VERB_HINTS,
)
from taskexec.domain.detector import SUGGESTION, Detection
from taskexec.domain.vocabulary import Category, Channel, WorkflowKind

_V = TypeVar("_V", Channel, WorkflowKind)


class RulesDetector:
    """Offline detection from the text's shape and vocabulary; never raises on any input."""

    name = "rules"

    def detect(self, message: str, today: date) -> Detection:
        parsed = parse(message, today)
        scores = _category_scores(parsed.core)
        if not asks_for_work(parsed, scores):
            return Detection(is_task=False, suggestion=SUGGESTION, detector=self.name)
        category = _best_category(scores)
        return Detection(
            is_task=True,
            category=category,
            channel=_first_named(CHANNELS, parsed.core) if category is Category.CAMPAIGN else None,
            kind=_first_named(KINDS, parsed.core) if category is Category.WORKFLOW else None,
            segment_rule=_segment_rule(parsed.core) if category is Category.SEGMENT else None,
            title=title(parsed.core),
            description=sentence(strip_wrappers(parsed.text)),
            priority=parsed.priorities[0].priority if parsed.priorities else None,
            due_date=parsed.dues[0].due if parsed.dues else None,
            assignee_hint=parsed.assignee,
            detector=self.name,
        )


def _category_scores(core: str) -> dict[Category, float]:
    topic = TOPIC.search(core)
    topic_at = topic.start() if topic else len(core)
    scores = dict.fromkeys(COMPILED, 0.0)
    for category, terms in COMPILED.items():
        for pattern, weight in terms:
            for m in pattern.finditer(core):
                scores[category] += weight if m.start() < topic_at else weight / 2
    hint = VERB_HINTS.get(first_word(core))
    if hint is not None:
        scores[hint] += VERB_HINT_WEIGHT
    head = _head_category(core)
    if head is not None:
        scores[head] += HEAD_WEIGHT
    return scores


def _first_named(vocabulary: tuple[tuple[_V, re.Pattern[str]], ...], core: str) -> _V | None:
    """The value whose words come first in the work itself; words in its topic or audience ("for customers who
    prefer WhatsApp") count only when the work names none."""
    topic = TOPIC.search(core)
    topic_at = topic.start() if topic else len(core)
    found = [(m.start(), value) for value, pattern in vocabulary if (m := pattern.search(core))]
    if not found:
        return None
    before = [item for item in found if item[0] < topic_at]
    return min(before or found, key=lambda item: item[0])[1]


def _segment_rule(core: str) -> str | None:
    """Who the segment holds, in the request's words: what follows "segment (of|for|:)" ("customers who ...").

    A short lead-in before a colon names the segment's occasion, not its members ("for the Berlin pop-up:
    customers within 20 km"), so the rule starts after it.
    """
    m = SEGMENT_WORD.search(core)
    if m is None:
        return None
    lead = RULE_LEAD.match(core, m.end())
    rest = core[lead.end() if lead else m.end() :]
    colon = rest.find(": ")
    if 0 <= colon <= 40:
        rest = rest[colon + 2 :]
    rest = strip_trailing_junk(rest).strip()
    return f"{rest[:1].upper()}{rest[1:]}" if rest else None


def _head_category(core: str) -> Category | None:
    """The family of the object's head noun: what is being made says more than the words around it."""
    m = OBJECT.match(core)
    obj = m.group("obj").rstrip() if m else ""
    for category, terms in COMPILED.items():
        if any(match.end() == len(obj) for pattern, _ in terms for match in pattern.finditer(obj)):
            return category
    return None


def _best_category(scores: dict[Category, float]) -> Category:
    category, best = max(scores.items(), key=lambda item: item[1])
    return category if best > 0 else Category.GENERAL
