"""The default detector: offline, deterministic rules over the request text.

It runs on every message request (`/ai/execute` with a `message`, and each such batch item) and is imported on
the first one, so it must be fast and cheap to import (stdlib `re` and dateutil only, patterns compiled on first
use) and it must generalise beyond the examples. It reads a request the way a person does:

1. the frame: an email's greeting and sign-off set aside, typos in the deciding words read as meant;
2. the phrases: assignee, priority (negations included) and deadline, each date attached to what it modifies;
3. the mood of each clause (mood.py): is anything asked for, or is it thanks, news, a report or a question?
4. only then the nouns, in the sentences that ask: which category the object of the work names, with product
   names read as names (names.py), and its channel, kind or segment rule.
"""

import re
from datetime import date
from functools import cache
from typing import NamedTuple, TypeVar

from taskexec.detection import text
from taskexec.detection.assignee import assignee_hint
from taskexec.detection.mood import Mood, asks_for_work, clause_mood, sentence_moods
from taskexec.detection.names import masked
from taskexec.detection.spelling import as_written, corrected
from taskexec.detection.vocabulary import (
    CHANNELS,
    FALLBACK_KINDS,
    FAMILIES,
    GATHERING_VERBS,
    GROUPS,
    HEAD_WEIGHT,
    KINDS,
    NOMINAL_OBJECT,
    OBJECT,
    PARTICLES,
    QUALIFIERS,
    RULE_LEAD,
    SEGMENT_WORD,
    SENDING_VERBS,
    TOPIC,
    VERB_HINT_WEIGHT,
    VERB_HINTS,
    VERBS,
)
from taskexec.domain.detector import SUGGESTION, Detection
from taskexec.domain.due_dates import DueMatch, due_matches
from taskexec.domain.priorities import PriorityMatch, priority_matches
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind
from taskexec.domain.wording import PEOPLE, is_past_form

_V = TypeVar("_V", Channel, WorkflowKind)
_PEOPLE_LIST_WEIGHT = 6.0
"""A list of people to reach is what a segment is: it outweighs the words that describe them."""
_REQUEST_INSIDE = (
    r"\b(?:(?:we|i)\s+(?:really\s+|also\s+)?(?:need|want|would\s+like|'d\s+like|'d\s+love)|"
    r"(?:can|could)\s+(?:you|someone|somebody|anyone))\s+\S+\s+\S"
)
"""A request that starts after a lead-in without a verb: "Ahead of the Lisbon launch we need a segment of ..."."""
_ASKS_FOR_HELP = (
    r"^(?:prepare\s+)?(?:some\s+|a\s+(?:little\s+|quick\s+)?)?(?:help|hand|assistance|favou?r)\b|"
    r"\b(?:love|need|appreciate|could\s+use|want)\s+(?:your|some|a\s+little|a\s+bit\s+of|a)?\s*"
    r"(?:help|hand|assistance|input)\b|^(?:they|he|she|(?:the\s+)?\w+)\s+wants?\b"
)
"""A sentence asking only for help ("Need a hand with the spring campaign.", "... and I'd love your help.") or
telling what someone else wants ("They want a monthly newsletter.") names the work less well than the request
after it ("Can you set up the campaign?"), which gives the title; so does a sentence that is only a wrapper
("Can you:" before a list)."""
_PRONOUN_ONLY = r"\S+(?:\s+\S+)?\s+(?:(?:into|at|on|to|with|over)\s+)?(?:it|this|that|them)(?:\s+\S+){0,3}"
"""Work named only by a pronoun ("Can someone look into it today?") or by a bare verb ("Can you take a look?"): its
object is in the sentence before."""


class _Reading(NamedTuple):
    """The message read once: its phrases, its sentences and clauses, and the mood of each clause."""

    framed: str
    written: dict[str, str]
    assignee: str | None
    priorities: list[PriorityMatch]
    dues: list[DueMatch]
    blanked: str
    sentences: list[list[tuple[text.Span, Mood]]]


class RulesDetector:
    """Offline detection from the text's mood, shape and vocabulary; never raises on any input."""

    name = "rules"

    def detect(self, message: str, today: date) -> Detection:
        reading = _read(message, today)
        asking = [i for i, clauses in enumerate(reading.sentences) if any(m is Mood.ASK for _, m in clauses)]
        nominal = [i for i, c in enumerate(reading.sentences) if any(m is Mood.NOMINAL for _, m in c)]
        focus = asking or nominal or list(range(len(reading.sentences)))
        cores = [_core(reading, i) for i in focus]
        scored = " ".join(masked(core) for core in cores)
        scores = _category_scores(scored)
        best = max(scores.values())
        dues = _deadlines(reading, asking)
        signal = bool(reading.priorities or dues or reading.assignee)
        moods = [m for clauses in reading.sentences for _, m in clauses]
        if not asks_for_work(
            moods,
            named_work=best >= 3 and not reading.framed.rstrip().endswith("?"),
            terse_signal=best > 0 and signal,
            urgent=any(p.priority in (Priority.HIGH, Priority.URGENT) for p in reading.priorities),
        ):
            return Detection(is_task=False, suggestion=SUGGESTION, detector=self.name)
        category = _best_category(scores)
        core = next((c for c in cores if c and not re.search(_ASKS_FOR_HELP, c, re.I)), cores[0]) if cores else ""
        work = " ".join(cores)
        return Detection(
            is_task=True,
            category=category,
            channel=_first_named(CHANNELS, work) if category is Category.CAMPAIGN else None,
            kind=_kind(work) if category is Category.WORKFLOW else None,
            segment_rule=_segment_rule(work) if category is Category.SEGMENT else None,
            title=as_written(text.title(core), reading.written),
            description=text.sentence(text.strip_wrappers(" ".join(text.frame(message).split()))),
            priority=reading.priorities[0].priority if reading.priorities else None,
            due_date=dues[0].due if dues else None,
            assignee_hint=reading.assignee,
            detector=self.name,
        )


def _read(message: str, today: date) -> _Reading:
    framed, written = corrected(text.frame(message))
    hint = assignee_hint(framed)
    priorities = priority_matches(framed)
    dues = due_matches(framed, today)
    spans = [(p.start, p.end) for p in priorities] + [(d.start, d.end) for d in dues]
    if hint:
        spans.append(hint[1])
    blanked = text.blank(framed, spans)
    sentences = []
    for sentence in text.sentences(framed):
        asked = framed[sentence[0] : sentence[1]].rstrip().endswith("?")
        spans = text.clauses(framed, sentence)
        if spans:
            moods = sentence_moods([blanked[start:end].lower() for start, end in spans], asked)
            sentences.append(list(zip(spans, moods, strict=True)))
    return _Reading(framed, written, hint[0] if hint else None, priorities, dues, blanked, sentences)


def _core(reading: _Reading, index: int) -> str:
    """The work a sentence asks for, from its first asking clause (or its nominal one), wrapper peeled off.

    Nominal clauses right before it belong to it ("Newsletter for July - draft needs to be in by Wednesday"), and
    so does a statement it refers back to or leans on ("The Stripe webhook keeps failing - fix it", "... is
    broken again, can someone take a look?"); thanks, news and lead-ins do not.
    """
    clauses = reading.sentences[index]
    wanted = next((w for w in (Mood.ASK, Mood.NOMINAL) if any(m is w for _, m in clauses)), None)
    first = next((i for i, (_, m) in enumerate(clauses) if m is wanted or wanted is None), 0)
    asked = reading.blanked[clauses[first][0][0] : clauses[first][0][1]]
    work = text.strip_wrappers(text.tidy(asked))
    refers = len(work.split()) <= 3 or re.search(r"\b(?:it|this|that|them)\b", work, re.I) is not None
    asking = first
    while first and clauses[first - 1][1] in ((Mood.NOMINAL, Mood.STATEMENT) if refers else (Mood.NOMINAL,)):
        first -= 1
    start, end = clauses[first][0][0], clauses[-1][0][1]
    if not refers and len(text.tidy(reading.blanked[start:end])) > text.MAX_TITLE:
        start = clauses[asking][0][0]  # a long lead-in ("Ahead of next month's launch in Berlin, ...") gives way
    inside = re.search(_REQUEST_INSIDE, reading.blanked[start : clauses[first][0][1]], re.I)
    if (
        inside
        and inside.start()
        and clause_mood(reading.blanked[start : start + inside.start()].lower())
        in (
            Mood.NOMINAL,
            Mood.NOTHING,
        )
    ):
        start += inside.start()
    core = text.strip_wrappers(text.tidy(reading.blanked[start:end]))
    if index and (re.fullmatch(_PRONOUN_ONLY, core, re.I) or len(core.split()) <= 3):
        before = reading.sentences[index - 1]
        if any(m in (Mood.STATEMENT, Mood.NOMINAL) for _, m in before):
            context = text.tidy(reading.blanked[before[0][0][0] : before[-1][0][1]])
            core = f"{text.strip_wrappers(context)} - {core}"
    return core


def _deadlines(reading: _Reading, asking: list[int]) -> list[DueMatch]:
    """The deadlines of the sentences that ask (all of them when none does): a date in news or a report around
    the request ("The WhatsApp pilot starts next month") is not when this work is due."""
    if not asking:
        return reading.dues
    spans = [(reading.sentences[i][0][0][0], reading.sentences[i][-1][0][1]) for i in asking]
    quiet = [
        (c[0][0][0], c[-1][0][1]) for c in reading.sentences if all(m in (Mood.NOMINAL, Mood.NOTHING) for _, m in c)
    ]
    return [d for d in reading.dues if any(start <= d.start < end for start, end in spans + quiet)]


@cache
def _families() -> dict[Category, list[tuple[re.Pattern[str], float]]]:
    """The keyword families, compiled on the first message rather than at import."""
    return {
        category: [(re.compile(rf"(?<![\w/-])(?:{pattern})(?![\w/])", re.I), weight) for pattern, weight in terms]
        for category, terms in FAMILIES.items()
    }


def _category_scores(core: str) -> dict[Category, float]:
    topic = re.search(TOPIC, core, re.I)
    topic_at = topic.start() if topic else len(core)
    for then in re.finditer(r"\b(?:and|then)\s+(?:then\s+|also\s+)?([a-z]+)", core[:topic_at], re.I):
        if then.group(1).lower() in VERBS:
            topic_at = then.start()  # "... and send them a promo": a second piece of work weighs like the topic
            break
    families = _families()
    scores = dict.fromkeys(families, 0.0)
    for category, terms in families.items():
        for pattern, weight in terms:
            for m in pattern.finditer(core):
                scores[category] += weight if m.start() < topic_at else weight / 2
    verb, phrasal = _opening_verb(core)
    hint = VERB_HINTS[phrasal] if phrasal in VERB_HINTS else VERB_HINTS.get(verb)
    if hint is not None:
        to_people = verb in SENDING_VERBS and any(w in PEOPLE for w in re.findall(r"[a-z]+", core.lower()))
        scores[hint] += VERB_HINT_WEIGHT * (2 if to_people else 1)
    head = _head_category(core, verb)
    if head is not None:
        scores[head] += HEAD_WEIGHT
    if _people_list(core, verb):
        scores[Category.SEGMENT] += _PEOPLE_LIST_WEIGHT
    return scores


def _opening_verb(core: str) -> tuple[str, str]:
    """The first word and, with its particle, the phrasal verb ("pull together", "carve out")."""
    words = re.findall(r"[a-z'-]+", core[:40].lower())
    verb = words[0] if words else ""
    return verb, f"{verb} {words[1]}" if len(words) > 1 and words[1] in PARTICLES else verb


def _head_category(core: str, verb: str) -> Category | None:
    """The family of the object's head noun: what is being made says more than the words around it.

    When several families name the head ("nurture *track*"), the longest name wins."""
    m = re.match(OBJECT if verb in VERBS else NOMINAL_OBJECT, core, re.I)
    obj = m.group("obj").rstrip() if m else ""
    if obj.rsplit(" ", 1)[-1].lower() in PEOPLE:
        return None  # "all newsletter *subscribers* who ...": people are who the work is for, not what it is
    best: tuple[int, Category] | None = None
    for category, terms in _families().items():
        for pattern, _ in terms:
            for match in pattern.finditer(obj):
                if match.end() == len(obj) and (best is None or match.start() < best[0]):
                    best = (match.start(), category)
    return best[1] if best else None


def _people_list(core: str, verb: str) -> bool:
    """Whether the work gathers people: "a list of customers who ...", "everyone who attended ...", "all trial
    users from the April cohort who ...". Reaching them ("text customers who ...") is not gathering them."""
    words = re.findall(r"[a-z0-9'-]+", core[:160].lower())
    if verb in GATHERING_VERBS:
        rest = words[1:]
        if rest[:1] in (["me"], ["us"]) or (rest[:1] and rest[0] in PARTICLES):
            rest = rest[1:]
    elif verb in VERBS and words[1:2] in (["me"], ["us"]):
        rest = words[2:]  # "send me a list of ...", "email us everyone who ..."
    elif verb in VERBS:
        return False
    else:
        rest = words
    for i, word in enumerate(rest[:7]):
        if word in GROUPS and rest[i + 1 : i + 2] == ["of"]:
            held = rest[i + 2 : i + 7]
            who = next((j for j, w in enumerate(held) if w in PEOPLE), None)
            return who is not None and (
                any(is_past_form(w) for w in held[:who]) or any(w in QUALIFIERS for w in held[who + 1 : who + 8])
            )
        if word in PEOPLE:
            return any(w in QUALIFIERS for w in rest[i + 1 : i + 8])
        if word in QUALIFIERS or word in {"to", "for", "about", "by", "at", "into"}:
            return False
    return False


def _first_named(vocabulary: tuple[tuple[_V, str], ...], core: str) -> _V | None:
    """The value whose words come first in the work itself; words in its topic or audience ("for customers who
    prefer WhatsApp") count only when the work names none."""
    topic = re.search(TOPIC, core, re.I)
    topic_at = topic.start() if topic else len(core)
    found = [(m.start(), value) for value, pattern in vocabulary if (m := re.search(pattern, core, re.I))]
    if not found:
        return None
    before = [item for item in found if item[0] < topic_at]
    return min(before or found, key=lambda item: item[0])[1]


def _kind(core: str) -> WorkflowKind | None:
    """What a workflow is for, as said, else as its audience suggests (FALLBACK_KINDS)."""
    return _first_named(KINDS, core) or _first_named(FALLBACK_KINDS, core)


def _segment_rule(core: str) -> str | None:
    """Who the segment holds, in the request's words: what follows "segment (of|for|:)" ("customers who ...").

    A short lead-in before a colon names the segment's occasion, not its members ("for the Berlin pop-up:
    customers within 20 km"), so the rule starts after it.
    """
    m = re.search(SEGMENT_WORD, core, re.I)
    if m is None:
        return None
    lead = re.match(RULE_LEAD, core[m.end() :], re.I)
    rest = core[m.end() + (lead.end() if lead else 0) :]
    colon = rest.find(": ")
    if 0 <= colon <= 40:
        rest = rest[colon + 2 :]
    rest = text.strip_trailing_junk(rest).strip()
    return f"{rest[:1].upper()}{rest[1:]}" if rest else None


def _best_category(scores: dict[Category, float]) -> Category:
    category, best = max(scores.items(), key=lambda item: item[1])
    return category if best > 0 else Category.GENERAL
