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
from taskexec.detection.mood import Mood, asks_for_work, clause_mood, sentence_moods, settle
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
    TEXT_VERBS,
    TOPIC,
    VERB_HINT_WEIGHT,
    VERB_HINTS,
    VERBS,
)
from taskexec.domain.date_attachment import STRONG_CUE
from taskexec.domain.detector import SUGGESTION, Detection
from taskexec.domain.due_dates import DueMatch, due_matches
from taskexec.domain.priorities import PriorityMatch, priority_matches
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind
from taskexec.domain.wording import PEOPLE, is_past_form

_V = TypeVar("_V", Channel, WorkflowKind)
_PEOPLE_LIST_WEIGHT = 6.0
_ARTICLES = frozenset({"the", "a", "an", "our", "their", "your", "my", "these", "those", "this", "that"})
_ANYONE = frozenset({"anyone", "anybody"})
_TEST_AS_VERB = (
    r"(?:a/b|ab|split|multivariate)[\s-]+test\s+"
    r"(?:the|a|an|our|two|three|four|\d+|different|new|both|each|these|those)\b"
)
"""An A/B test as the verb of the request ("A/B test two hero images"), not the topic of a readout."""
_OTHERS_WANT = r"^(?:[\w']+\s+){1,2}(?:keeps?\s+asking|asked|asks|wants?|needs?|would\s+like)\s+(?:for\s+)?"
"""Someone else's want before the work: "Sales keeps asking for a list of trial users who ..."."""
_AUDIENCES = frozenset({"list", "lists", "segment", "audience", "base", "database", "tier", "waitlist"})
"""What a message is sent to besides people: "email the spring catalogue to the wholesale list"."""
_RANKING = frozenset({"top", "best", "biggest", "largest", "most", "highest", "all", "some", "every", "each"})
"""Before the people in a list these rank or count them ("our top customers by revenue"); other words describe
them ("a list of webinar no-shows")."""
_QUANTIFIERS = frozenset({"all", "some", "each", "any", "none", "most", "many", "both"})
"""A list of people to reach is what a segment is: it outweighs the words that describe them."""
_REQUEST_INSIDE = (
    r"\b(?:(?:we|i)(?:\s+(?:really\s+|also\s+)?(?:need|want|would\s+(?:really\s+)?(?:like|love))|'d\s+(?:really\s+)?"
    r"(?:like|love))|(?:can|could)\s+(?:you|someone|somebody|anyone)|(?<=\band\s)(?:the\s+|our\s+)?[a-z]+\s+"
    r"(?:needs?|wants?)(?!\s+to\b))\s+\S+\s+\S"
)
"""A request that starts after a lead-in without a verb ("Ahead of the Lisbon launch we need a segment of ...") or
after a statement it follows ("Our board meeting is in three weeks and I'd like a cohort analysis ...", "our
contract ends soon and procurement needs three quotes ...")."""
_DEADLINE_SAID = (
    r"\b(?:due|deadline|at\s+the\s+latest|latest|needs?\s+to\s+(?:be|go)|ha(?:s|ve)\s+to\s+(?:be|go)|must\s+(?:be|go)|"
    r"should\s+(?:be|go|land)|ready|live|done|finished|complete|target|goal|aim|eta|ideally|have\s+it)\b"
)
"""What a sentence says about the work when it gives its deadline."""
_ENDS = r"\b(?:expir\w*|ends?|ending|runs?\s+out|lapses?|closes?|due|go(?:es)?\s+(?:out|live)|ships?|lands?)\b"
"""A statement that something ends ("the token expires on 2027-02-28, renew it") gives the work its deadline;
one that something happens ("we're launching in Mexico next month, so ...") does not."""
_POINTS_BACK = (
    r"\b(?:it|this|that|them|the\s+(?:issue|problem|error|bug|glitch|failure|outage|connection|thing)|"
    r"what\s+(?:changed|happened|went\s+wrong|broke|caused\s+it))\b"
)
"""Words that point back to what a statement before named: "can someone look into the issue?"."""
_ACTS_ON_IT = rf"\S+(?:\s+(?:and|&)\s+\S+)?\s+(?:(?:into|at|on|to|with|over|through)\s+)?{_POINTS_BACK}"
"""A request whose object is a pronoun right after its verb ("Rewrite it in plain English ...", "Investigate and fix
it"): what it points to is in the sentence before."""
_ASKS_FOR_HELP = (
    r"^(?:prepare\s+)?(?:some\s+|a\s+(?:little\s+|quick\s+)?)?(?:help|hand|assistance|favou?r)\b|"
    r"\b(?:love|need|appreciate|could\s+use|want)\s+(?:your|some|a\s+little|a\s+bit\s+of|a)?\s*"
    r"(?:help|hand|assistance|input)\b|^(?:they|he|she|(?:the\s+)?\w+)\s+wants?\b"
)
"""A sentence asking only for help ("Need a hand with the spring campaign.", "... and I'd love your help.") or
telling what someone else wants ("They want a monthly newsletter.") names the work less well than the request
after it ("Can you set up the campaign?"), which gives the title; so does a sentence that is only a wrapper
("Can you:" before a list)."""
_PRONOUN_ONLY = rf"\S+(?:\s+\S+)?\s+(?:(?:into|at|on|to|with|over)\s+)?{_POINTS_BACK}(?:\s+\S+){{0,3}}"
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
            kind=(_kind(work) or _first_named(KINDS, reading.framed)) if category is Category.WORKFLOW else None,
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
    clauses, moods = [], []
    for sentence in text.sentences(framed):
        asked = framed[sentence[0] : sentence[1]].rstrip().endswith("?")
        spans = text.clauses(framed, sentence)
        if spans:
            clauses.append(spans)
            moods.append(sentence_moods([blanked[start:end].lower() for start, end in spans], asked))
    sentences = [list(zip(s, m, strict=True)) for s, m in zip(clauses, settle(moods), strict=True)]
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
    refers = len(work.split()) <= 3 or re.search(_POINTS_BACK, work, re.I) is not None
    asking = first
    while first and clauses[first - 1][1] in ((Mood.NOMINAL, Mood.STATEMENT) if refers else (Mood.NOMINAL,)):
        first -= 1
    start, end = clauses[first][0][0], clauses[-1][0][1]
    if not refers and len(text.tidy(reading.blanked[start:end])) > text.MAX_TITLE:
        start = clauses[asking][0][0]  # a long lead-in ("Ahead of next month's launch in Berlin, ...") gives way
    inside = re.search(_REQUEST_INSIDE, reading.blanked[start : clauses[first][0][1]], re.I)
    if inside and inside.start():
        lead = reading.blanked[start : start + inside.start()].lower()
        joined = re.search(r"\b(?:and|so|but)\s*$", lead) is not None
        if clause_mood(lead) in (Mood.NOMINAL, Mood.NOTHING) or (joined and clause_mood(lead) is Mood.STATEMENT):
            start += inside.start()
    core = text.strip_wrappers(text.tidy(reading.blanked[start:end]))
    if index and (
        re.fullmatch(_PRONOUN_ONLY, core, re.I) or re.match(_ACTS_ON_IT, core, re.I) or len(core.split()) <= 3
    ):
        before = reading.sentences[index - 1]
        if any(m in (Mood.STATEMENT, Mood.NOMINAL) for _, m in before):
            context = text.tidy(reading.blanked[before[0][0][0] : before[-1][0][1]])
            nearest = re.split(r"\s(?:and|so|but)\s", context)[-1]
            context = nearest if len(nearest.split()) >= 4 else context  # what a pronoun points to was named last
            core = f"{text.strip_wrappers(context)} - {core}"
    return core


def _deadlines(reading: _Reading, asking: list[int]) -> list[DueMatch]:
    """The deadlines of the sentences that ask (all of them when none does): a date in news or a report around
    the request ("The WhatsApp pilot starts next month") is not when this work is due. A sentence after the
    request that says when it is due ("The draft is due by Friday", "It should go out in 5 days at the latest")
    gives the deadline when the request names none; "by", "due" or "until" say it more surely than "for" or "on",
    which may name the thing's own date ("the newsletter for next month")."""
    if not asking:
        return reading.dues
    bounds = [(c[0][0][0], c[-1][0][1]) for c in reading.sentences]
    quiet = [bounds[i] for i, c in enumerate(reading.sentences) if all(m in (Mood.NOMINAL, Mood.NOTHING) for _, m in c)]
    spans = [bounds[i] for i in asking] + quiet
    told = [
        (s, e)
        for i in asking
        for (s, e), m in reading.sentences[i]
        if m is Mood.STATEMENT and not re.search(_ENDS, reading.framed[s:e], re.I)
    ]
    dues = [
        d
        for d in reading.dues
        if any(start <= d.start < end for start, end in spans)
        and not (any(s <= d.start < e for s, e in told) and not re.match(STRONG_CUE, reading.framed[d.start :], re.I))
    ]  # "We're launching in Mexico next month, so we'll need ...": the launch's date, not the work's
    if not dues:  # "Could you set up the referral SMS? Deadline is next Wednesday."
        said = [
            (start, end)
            for start, end in bounds[asking[0] + 1 :]
            if re.search(_DEADLINE_SAID, reading.framed[start:end], re.I)
        ]
        dues = [d for d in reading.dues if any(start <= d.start < end for start, end in said)]
    strong = [d for d in dues if re.match(STRONG_CUE, reading.framed[d.start : d.end], re.I)]
    if strong and dues[0] is not strong[0] and re.match(r"(?:for|on)\b", reading.framed[dues[0].start :], re.I):
        return [strong[0], *dues]  # "Newsletter for next month needs to go out by the end of this month"
    return dues


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
    if re.match(_TEST_AS_VERB, core, re.I):
        scores[Category.CAMPAIGN] += 2 * VERB_HINT_WEIGHT  # "A/B test two hero images ...": the test is the work
    verb, phrasal = _opening_verb(core)
    hint = VERB_HINTS[phrasal] if phrasal in VERB_HINTS else VERB_HINTS.get(verb)
    if hint is not None:
        reached = re.findall(r"[a-z]+", core.lower())
        to_people = verb in SENDING_VERBS and any(w in PEOPLE or w in _AUDIENCES for w in reached)
        scores[hint] += VERB_HINT_WEIGHT * (2 if to_people or verb in TEXT_VERBS else 1)
    head = _head_category(core, verb)
    if head is not None:
        scores[head] += HEAD_WEIGHT
    if _people_list(core, verb):
        scores[Category.SEGMENT] += _PEOPLE_LIST_WEIGHT
    return scores


def _opening_verb(core: str) -> tuple[str, str]:
    """The first word and, with its particle, the phrasal verb ("pull together", "carve out")."""
    words = re.findall(r"[a-z'-]+", core[:40].lower())
    if len(words) > 2 and words[1] == "and" and words[0] in VERBS and words[2] in VERBS:
        words = words[2:]  # "Draft and send a push notification": the last verb is the work's
    verb = words[0].removeprefix("auto-") if words else ""  # "Auto-tag contacts who ..." tags them
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
    words = re.findall(r"[a-z0-9'-]+", re.sub(_OTHERS_WANT, "", core[:160], flags=re.I).lower())
    if verb in GATHERING_VERBS:
        rest = words[1:]
        if rest[:1] in (["me"], ["us"]) or (rest[:1] and rest[0] in PARTICLES):
            rest = rest[1:]
    elif verb in VERBS and words[1:2] in (["me"], ["us"]):
        rest = words[2:]  # "send me a list of ...", "email us everyone who ..."
    elif verb in VERBS or (len(words) > 1 and words[1] in _ARTICLES):
        return False  # "deactivate the accounts of ...": a verb we do not list acts on them
    else:
        rest = words
    for i, word in enumerate(rest[:7]):
        of = 2 if rest[i + 1 : i + 2] == ["of"] else 3 if rest[i + 1 : i + 3] == ["out", "of"] else 0
        if word in GROUPS and of:
            held = rest[i + of : i + of + 5]
            who = next((j for j, w in enumerate(held) if w in PEOPLE), None)
            return who is not None and (
                any(is_past_form(w) or (w not in _ARTICLES and w not in _RANKING) for w in held[:who])
                or any(w in QUALIFIERS for w in held[who + 1 : who + 8])
                or _to_reach(held[who + 1 : who + 3])
            )
        if word == "of" and i and rest[i - 1] not in _QUANTIFIERS:
            return False  # "a cohort analysis of customers who ...": the people are what the work is about
        if word in PEOPLE or word in _ANYONE:
            return any(w in QUALIFIERS for w in rest[i + 1 : i + 8]) or _to_reach(rest[i + 1 : i + 3])
        if word in QUALIFIERS or word in {"to", "for", "about", "by", "at", "into"}:
            return False
    return False


def _to_reach(following: list[str]) -> bool:
    """People gathered for a purpose: "a list of stockists *to invite* ...", "the group of testers *to survey*"."""
    return len(following) == 2 and following[0] == "to" and following[1] not in _ARTICLES


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
    """What a workflow is for, as said, else as its audience suggests (FALLBACK_KINDS); None for GENERAL, the
    caller's default."""
    kind = _first_named(KINDS, core) or _first_named(FALLBACK_KINDS, core)
    return None if kind is WorkflowKind.GENERAL else kind


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
