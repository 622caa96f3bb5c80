"""Which category the work names (a campaign's channel, a workflow's kind and a segment's rule: task_types.py).

Read only in the sentences that ask (rules.py decides which), with product names already masked (names.py). Each
category has weighted word families (vocabulary.py); the opening verb hints at the kind of work, the object's head
noun weighs most, words in the topic or audience count half, and a gathered list of people is a segment
(people_lists.py). A name inside a longer name of another family counts only as the longer one ("job description"
is hiring admin). The families are compiled on the first message, never at import.
"""

import re
from bisect import bisect_left, bisect_right
from functools import cache

from taskexec.detection.families import FAMILIES
from taskexec.detection.people_lists import AUDIENCES, gathers_people
from taskexec.detection.vocabulary import (
    BROKEN_TOOL,
    BULK,
    CHORE_VERBS,
    DELIVERED_AS_DATA,
    HEAD_WEIGHT,
    NOMINAL_OBJECT,
    OBJECT,
    PARTICLES,
    REPAIR,
    SENDING_VERBS,
    TEXT_VERBS,
    TOOL_WORK,
    TOPIC,
    VERB_HINT_WEIGHT,
    VERB_HINTS,
    VERBS,
)
from taskexec.detection.work_shapes import as_order
from taskexec.domain.vocabulary import Category
from taskexec.domain.wording import PEOPLE, is_past_form, words

_PEOPLE_LIST_WEIGHT = 6.0
_TEST_AS_VERB = (
    r"(?:a/b|ab|split|multivariate)[\s-]+test\s+"
    r"(?:the|a|an|our|two|three|four|\d+|different|new|both|each|these|those)\b"
)
"""An A/B test as the verb of the request ("A/B test two hero images"), not the topic of a readout."""
_FINDS_OUT = (
    r"(?:check|see|verify|confirm|find\s+out|work\s+out|figure\s+out|look\s+into|establish|determine)\s+"
    r"(?:whether|how\s+(?:many|much|well|often|far)|why|what\s+(?:share|percentage|proportion|fraction))\b|"
    r"(?:[^:.?!]{0,40}:\s*)?(?:how\s+(?:many|much)|what\s+(?:share|percentage|proportion|fraction))\b"
)
"""Work that finds something out ("check whether the reminders cut no-shows", "see how many ... opened"): an
analysis, whatever the thing it measures is; so is a count asked for after a label ("Rough number: how many
members opened ...")."""
_PROCURING = words("order reorder buy purchase print")
_COUNTED = r"\s+(?:\d[\d,]*|a\s+(?:few|dozen|hundred|thousand)|more|extra|another|some)\b"
_PIECES = words("copy wording text template templates subject preheader preheaders cta ctas intro blurb headline")
"""Pieces of a message: after a channel's name ("sms copy", "email template") the channel is no sending verb."""
_DELIVERING = words("send resend re-send schedule launch blast push")
"""Verbs whose object is delivered to people: "send an SMS survey to ..." is a campaign, whatever the SMS holds."""
_MUST_REACH = (
    r"\b(?:(?:has|have|needs?|ought)\s+to|must|should|is\s+to)\s+(?:reach|go\s+out\s+to|be\s+sent\s+to|land\s+with|get\s+to)\s+"
    r"(?:all|every|each|our|the|any)\b"
)
"""A message that must reach people is sent to them: a campaign, whatever it carries."""
_HOLDERS = (
    r"(?:options|ideas|alternatives|choices|suggestions|shortlist|candidates|quotes|proposals|recommendations|"
    r"slides|slide\s+deck|deck|presentation|tables?)"
)
"""Heads that hold things of another kind: a choice ("venue options" are venues, "subject line ideas" copy) or a
deck ("case study slides" are content, a "budget deck" admin), or a table, which holds figures or stands in a
room ("the wobbly conference room table"). The word before them names what they hold; held
things of no family named ("three options", "the board update deck") keep the head's own."""
_AFTER_OBJECT = (
    r"(?:\s+(?:needed|wanted|required|requested|out|up|together|off|over|back|across|through|live|done|ready|"
    r"scheduled|sent|sorted|fixed|finished|drafted|built|set\s+up|in\s+place|going))+$"
)
"""What follows the object and says what becomes of it, not what it is: a need ("a read-out needed"), a particle
("get that broadcast out") or the result ("get the dashboard live", "have the flow set up"): the head is before."""


@cache
def _families() -> dict[Category, list[tuple[re.Pattern[str], float]]]:
    """The keyword families, compiled on the first message rather than at import."""
    return {
        category: [(re.compile(rf"(?<![\w/-])(?:{pattern})(?![\w/])", re.I), weight) for pattern, weight in terms]
        for category, terms in FAMILIES.items()
    }


@cache
def _openings() -> list[tuple[Category, re.Pattern[str], float]]:
    """The families' terms that name the work by opening with it ("^..."): what a label is read with."""
    families = _families()
    return [
        (category, compiled, weight)
        for category, terms in FAMILIES.items()
        for (raw, _), (compiled, weight) in zip(terms, families[category], strict=True)
        if raw.startswith("^")
    ]


def labelled(label: str) -> Category | None:
    """The category a message's opening label names by opening with it ("Automation for event check-ins:")."""
    return next((category for category, pattern, _ in _openings() if pattern.search(label)), None)


def category_scores(core: str, label: str = "") -> dict[Category, float]:
    """How surely the work is of each category. `label`: the words a message opens with before a colon or a dash
    when the work is asked for after a clause that is not part of it ("Workflow for order confirmations: when
    Shopify marks an order paid, send the receipt ..."): the families' openings ("^...") read it as a title."""
    core = as_order(core, lambda phrase: _head_category(phrase, "")[0])
    topic_at = topic_start(core)
    for then in re.finditer(r"\b(?:and|then)\s+(?:then\s+|also\s+)?([a-z]+)", core[:topic_at], re.I):
        if then.group(1).lower() in VERBS:
            topic_at = then.start()  # "... and send them a promo": a second piece of work weighs like the topic
            break
    verb, phrasal = _opening_verb(core)
    chore = _chore(core, verb, phrasal) or _bought(core, verb)
    acted_on = len(verb) if chore == "bulk" else len(core)  # what a chore acts on is described, not made
    families = _families()
    scores = dict.fromkeys(families, 0.0)
    aside = [m.span() for m in re.finditer(r"\([^()]{0,200}\)", core)]
    found = sorted(
        (
            (m.start(), m.end(), category, weight)
            for category, terms in families.items()
            for pattern, weight in terms
            for m in pattern.finditer(core)
        ),
        key=lambda item: item[0],
    )
    for start, _end, category, weight in _uncovered(found):
        described = start >= min(topic_at, acted_on) or any(s < start < e for s, e in aside)
        scores[category] += weight / 2 if described else weight  # an aside "(top 50 by revenue)" describes
    for category, pattern, weight in _openings() if label else ():
        scores[category] += weight * sum(1 for _ in pattern.finditer(label))
    if re.search(REPAIR, core, re.I) or re.search(BROKEN_TOOL, core, re.I):
        scores[Category.INTEGRATION] += 3 * VERB_HINT_WEIGHT  # "get the nightly export running again"
    elif re.search(TOOL_WORK, core, re.I):
        scores[Category.INTEGRATION] += 2 * VERB_HINT_WEIGHT  # "Set up Segment to send events to Amplitude"
    if re.search(_MUST_REACH, core, re.I):
        scores[Category.CAMPAIGN] += 2 * VERB_HINT_WEIGHT  # "the notice email has to reach all paying customers"
    if re.match(r"auto-|automatically\s|(?:an?\s+)?automat(?:ed|ic)\s", core, re.I):
        scores[Category.WORKFLOW] += (
            2 * VERB_HINT_WEIGHT
        )  # "Auto-assign new tickets ...", "Automatic SMS to clients who
        # haven't booked in 8 weeks": a message sent by rule is an automation asked for
    if re.match(_FINDS_OUT, core, re.I):
        scores[Category.ANALYTICS] += 2 * VERB_HINT_WEIGHT  # "Check whether the SMS reminders reduced no-shows"
    if re.match(_TEST_AS_VERB, core, re.I):
        scores[Category.CAMPAIGN] += 2 * VERB_HINT_WEIGHT  # "A/B test two hero images ...": the test is the work
    hint = VERB_HINTS[phrasal] if phrasal in VERB_HINTS else VERB_HINTS.get(verb)
    if hint is Category.SEGMENT and re.search(DELIVERED_AS_DATA, core, re.I):
        hint = Category.ANALYTICS  # "Segment users by plan and share the breakdown": the groups are data delivered
    if hint is not None and chore != "people":
        reached = re.findall(r"[a-z]+", core.lower())
        to_people = verb in SENDING_VERBS and any(w in PEOPLE or w in AUDIENCES for w in reached)
        doubled = to_people or verb in TEXT_VERBS or chore == "bulk" or hint is Category.SEGMENT
        scores[hint] += VERB_HINT_WEIGHT * (2 if doubled else 1)  # segmenting makes a segment, whatever of
    head, modifiers = _head_category(core, verb)
    if head is not None and chore != "bulk":
        scores[head] += HEAD_WEIGHT
        if verb not in SENDING_VERBS and verb not in _DELIVERING and not re.match(_TEST_AS_VERB, core, re.I):
            _describe(scores, core, modifiers)  # what is sent is the campaign's, whatever it carries
    if gathers_people(core, verb, lambda label: _ending_family(label, skip=Category.SEGMENT) is not None):
        scores[Category.SEGMENT] += _PEOPLE_LIST_WEIGHT
    return scores


_NAME_SPAN = 24
"""The longest a covering name is, in characters ("customer-facing documentation")."""


def _uncovered(found: list[tuple[int, int, Category, float]]) -> list[tuple[int, int, Category, float]]:
    """The family names found (sorted by start) less those inside a longer name of another family: "job
    description" is hiring admin, its "description" names no copy. A name is at most a few words long, so only
    the names starting shortly before are looked at, and only a name of a few words covers (a long phrase such as
    "send ... to our top 20 clients" says how the work is shaped, not what a word in it names)."""
    starts = [start for start, *_ in found]
    kept = []
    for start, end, category, weight in found:
        near = found[bisect_left(starts, start - 60) : bisect_right(starts, start)]
        covered = (c is not category and e >= end and end - start < e - s <= _NAME_SPAN for s, e, c, _ in near)
        if not any(covered):
            kept.append((start, end, category, weight))
    return kept


def topic_start(core: str) -> int:
    """Where the words describing the topic or the audience begin (TOPIC): "that" right after a verb points at the
    thing ("get that email campaign scheduled"), where after a noun it opens a clause about it ("a flow that
    tags ...")."""
    for topic in re.finditer(TOPIC, core, re.I):
        before = re.findall(r"[a-z'-]+", core[max(0, topic.start() - 20) : topic.start()].lower())
        if topic.group(0).lower() != "that" or not before or before[-1] not in VERBS:
            return topic.start()
    return len(core)


def _chore(core: str, verb: str, phrasal: str) -> str:
    """Whether the work is housekeeping on many or old things ("bulk": "purge the test segments ...", "archive all
    drafts older than ...", "rename every campaign in Braze"), on people's records ("people": "clean up duplicate
    contacts in Salesforce" is the tool's work), or neither (""). One thing deleted is still its own kind of work
    ("delete the webhook ..."), and so is taking something out of a piece ("delete the old link from the newsletter
    footer")."""
    if verb not in CHORE_VERBS and phrasal not in CHORE_VERBS:
        return ""
    m = re.match(OBJECT, core, re.I)
    obj = re.findall(r"[a-z0-9'-]+", m.group("obj").lower()) if m else []
    if not m or not obj:
        return ""
    if obj[-1] in PEOPLE:
        return "people"
    source = re.match(r"\s+from\s+((?:[\w'-]+\s*){1,5})", core[m.end() :])
    if source and any(
        pattern.search(source.group(1))
        for category, terms in _families().items()
        if category is not Category.GENERAL
        for pattern, _ in terms
    ):
        return ""
    bulk = any(w in BULK or w.endswith("'s") or (w.endswith("s") and not w.endswith(("ss", "us", "is"))) for w in obj)
    return "bulk" if bulk else ""


def _bought(core: str, verb: str) -> str:
    """Copies or items counted and ordered ("Order 200 flyers from the print shop", "buy 50 more lanyards") are
    procurement: like a chore on many things ("bulk"), the things bought are described, not made."""
    return "bulk" if verb in _PROCURING and re.match(_COUNTED, core[len(verb) :], re.I) else ""


def _opening_verb(core: str) -> tuple[str, str]:
    """The first word and, with its particle, the phrasal verb ("pull together", "carve out")."""
    words = re.findall(r"[a-z'-]+", core[:40].lower())
    if len(words) > 2 and words[1] == "and" and words[0] in VERBS and _as_verb(words[2]) in VERBS:
        words = [_as_verb(words[2]), *words[3:]]  # "Draft and send a push notification": the last verb is the work's
    verb = words[0].removeprefix("auto-") if words else ""  # "Auto-tag contacts who ..." tags them
    if verb in SENDING_VERBS and words[1:2] and words[1] in _PIECES:
        return "", ""  # "sms copy for the flash sale": the channel names the piece, it sends nothing
    return verb, f"{verb} {words[1]}" if len(words) > 1 and words[1] in PARTICLES else verb


def _as_verb(word: str) -> str:
    """A verb's -ing form as its base ("drafting and sending": send), the word itself otherwise."""
    if not word.endswith("ing") or word in VERBS:
        return word
    return next((v for v in (word[:-3], f"{word[:-3]}e", word[:-4]) if v in VERBS), word)


def _head_category(core: str, verb: str) -> tuple[Category | None, tuple[int, int]]:
    """The family of the object's head noun: what is being made says more than the words around it; and the span
    of the words before the head, which only say what it is for ("a newsletter intro *paragraph*").

    When several families name the head ("nurture *track*"), the longest name wins."""
    m = re.match(OBJECT if verb in VERBS else NOMINAL_OBJECT, core, re.I)
    obj = re.sub(_AFTER_OBJECT, "", m.group("obj").rstrip(), flags=re.I) if m else ""
    if not m or obj.rsplit(" ", 1)[-1].lower() in PEOPLE:
        return None, (0, 0)  # "all newsletter *subscribers* who ...": people are who the work is for, not what it is
    best = _ending_family(obj)
    if best is None:
        return None, (0, 0)
    if re.fullmatch(_HOLDERS, obj[best[0] :], re.I):
        best = _ending_family(obj[: best[0]].rstrip()) or best  # "three venue *options*": the venue is the thing
    return best[1], (m.start("obj"), m.start("obj") + best[0])


def _ending_family(phrase: str, skip: Category | None = None) -> tuple[int, Category] | None:
    """Where the longest family name that ends `phrase` starts, and its category (the first family listed on a
    tie): the head noun of an object, what a choice of things is a choice of, what a label names."""
    best: tuple[int, Category] | None = None
    for category, terms in _families().items():
        if category is skip:
            continue
        for pattern, _ in terms:
            for match in pattern.finditer(phrase):
                if match.end() == len(phrase) and (best is None or match.start() < best[0]):
                    best = (match.start(), category)
    return best


def _describe(scores: dict[Category, float], core: str, span: tuple[int, int]) -> None:
    """Words before the object's head describe it and count half: the newsletter of "a newsletter intro paragraph"
    or the A/B test of "an A/B test analysis" is what the piece is for, not what is made."""
    start, end = span
    cut = re.search(r".*(?:[:;,()]|\s[\-\u2013\u2014]\s)", core[start:end])
    start += cut.end() if cut else 0  # "Escalation workflow - any campaign ...": a label is no modifier
    for category, terms in _families().items():
        for pattern, weight in terms:
            for m in pattern.finditer(core, start, end):
                if m.end() <= end and not is_past_form(m.group(0).lower()) and m.group(0).lower() != "automatic":
                    scores[category] -= weight / 2  # "automated emails": a participle says what kind it is


def best_category(scores: dict[Category, float]) -> Category:
    category, best = max(scores.items(), key=lambda item: item[1])
    return category if best > 0 else Category.GENERAL
