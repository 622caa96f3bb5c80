"""Whether the work gathers a list of people: the mark of a segment, read in the object's words (scoring.py).

"a list of customers who ...", "everyone who attended ...", "all trial users from the April cohort who ...", a
list pointed back to ("Can you put that list together?") and people split into groups ("divide the registrants
into attendees and no-shows") are gathered; people reached ("text customers who ..."), ranked ("our top customers
by revenue"), acted on ("an automation rewarding frequent shoppers") or named inside a condition ("if registrants
who ... got a series") are not.
"""

import re
from collections.abc import Callable

from taskexec.detection.vocabulary import (
    DELIVERED_AS_DATA,
    GATHERING_VERBS,
    GROUPS,
    PARTICLES,
    QUALIFIERS,
    SPLITTING_VERBS,
    VERBS,
)
from taskexec.domain.wording import PEOPLE, is_past_form, words

_ARTICLES = frozenset({"the", "a", "an", "our", "their", "your", "my", "these", "those", "this", "that"})

_ANYONE = frozenset({"anyone", "anybody"})

_OTHERS_WANT = r"^(?:[\w']+\s+){1,2}(?:keeps?\s+asking|asked|asks|wants?|needs?|would\s+like)\s+(?:for\s+)?"
"""Someone else's want before the work: "Sales keeps asking for a list of trial users who ..."."""

AUDIENCES = frozenset({"list", "lists", "segment", "audience", "base", "database", "tier", "waitlist"})
"""What a message is sent to besides people: "email the spring catalogue to the wholesale list"."""

_BACK_LIST = (
    r"\b(?:(?:put|build|make|pull|create|compile|assemble|get|draw|set)\s+(?:(?:together|up)\s+)?(?:that|this|the|"
    r"such\s+a|those|these)\s+(?:lists?|groups?|audiences?|segments?|cohorts?)|(?:group|bucket|cluster)\s+(?:them|"
    r"those|these)|(?:put|pull)\s+(?:them|those|these)\s+(?:together|into\s+(?:a|one)\s+(?:list|group|segment))|"
    r"(?:need|want|get|have|give\s+me|send\s+me)\s+(?:them|those|these|those\s+people)\s+(?:as|in|into)\s+(?:a|an|one)\s+"
    r"(?:list|group|segment|audience|spreadsheet))\b"
)
"""A list, group or audience pointed back to, or the people themselves ("group them"), gathered by the request."""

_MADE = words("put set made built drawn pulled got")
"""Participles between a list and its people ("a list *put together* of ...") that "-ed" does not mark."""

SPEAKERS = frozenset({"we", "i", "they", "you", "nobody"})
"""A clause that opens with its subject states something; it gathers no people ("We don't know how many trial
users upgrade ...")."""

_RANKING = frozenset({"top", "best", "biggest", "largest", "most", "highest", "all", "some", "every", "each"})
"""Before the people in a list these rank or count them ("our top customers by revenue"); other words describe
them ("a list of webinar no-shows")."""

_SUBORDINATORS = words("if when once because unless whenever while until after before since how why whether")
"""Words that open a condition, a time clause or a question: the people after them are its subject or what is
counted ("how many contacts opened ..."), not a list gathered."""

_REACHING = words("thank congratulate welcome greet invite remind notify tell inform reward surprise")
"""Verbs that reach people rather than gather them ("thank everyone who came to the open day")."""
_QUANTIFIERS = frozenset({"all", "some", "each", "any", "none", "most", "many", "both"})
"""A list of people to reach is what a segment is: it outweighs the words that describe them."""


def _people_list(core: str, verb: str, names_work: Callable[[str], bool]) -> bool:
    """Whether the work gathers people: "a list of customers who ...", "everyone who attended ...", "all trial
    users from the April cohort who ...". Reaching them ("text customers who ...") is not gathering them."""
    words = re.findall(r"[a-z0-9'-]+", re.sub(_OTHERS_WANT, "", core[:160], flags=re.I).lower())
    if verb == "segment" and not re.search(DELIVERED_AS_DATA, core, re.I):
        verb = "set"  # "Segment the Gold-tier members who ...": the members are gathered, as "set up a list of" does
    if verb in GATHERING_VERBS:
        rest = words[1:]
        if rest[:1] in (["me"], ["us"]) or (rest[:1] and rest[0] in PARTICLES):
            rest = rest[1:]
    elif verb in VERBS and words[1:2] in (["me"], ["us"]):
        rest = words[2:]  # "send me a list of ...", "email us everyone who ..."
    elif verb in VERBS or verb in _REACHING or (len(words) > 1 and words[1] in _ARTICLES) or verb in SPEAKERS:
        return False  # "deactivate the accounts of ...": a verb we do not list acts on them
    else:
        label = re.match(r"([^:]{1,60}):", core)
        named = label.group(1).rstrip() if label else ""
        if names_work(named):
            return False  # "Automated loyalty emails: thank customers after ...": the label names what acts on them
        rest = words
    for i, word in enumerate(rest[:7]):
        of = _of_after(rest, i) if word in GROUPS else 0
        if of:
            held = rest[i + of : i + of + 5]
            who = next((j for j in range(len(held)) if _is_people(held, j)), None)
            return who is not None and (
                any(is_past_form(w) or (w not in _ARTICLES and w not in _RANKING) for w in held[:who])
                or any(w in QUALIFIERS for w in held[who + 1 : who + 8])
                or _to_reach(held[who + 1 : who + 3])
            )
        if word == "of" and i and rest[i - 1] not in _QUANTIFIERS:
            return False  # "a cohort analysis of customers who ...": the people are what the work is about
        if word in PEOPLE and rest[i + 1 : i + 2] and _names_a_thing(rest[i + 1]):
            return False  # "a lapsed customers win-back automation": the people name the kind of thing made
        if word in PEOPLE or word in _ANYONE:
            return any(w in QUALIFIERS for w in rest[i + 1 : i + 8]) or _to_reach(rest[i + 1 : i + 3])
        if word.endswith("ing") and "-" not in word and i and rest[i - 1] not in _ARTICLES:
            return False  # "an automation rewarding frequent shoppers ...": the people are what the thing acts on
        if word in QUALIFIERS or word in {"to", "for", "about", "by", "at", "into"} or word in _SUBORDINATORS:
            return False  # "it would be great if registrants who ... got a series": people of a condition
    return False


def _gathered_back(core: str) -> bool:
    """Whether the request gathers people a statement before it named: "We want to reach every subscriber in
    Berlin who ... Can you put that list together?", "Some customers returned two orders. Could you group them?"."""
    m = re.search(_BACK_LIST, core, re.I)
    before = re.findall(r"[a-z'-]+", core[: m.start()].lower()) if m else []
    return any(_is_people(before, j) for j in range(len(before)))


def _split_into_groups(core: str, verb: str) -> bool:
    """Whether the work splits people into groups: "split the master list into active and inactive cohorts",
    "divide the registrants into attendees and no-shows", "group our donors by giving level" (people split "by" a
    value and then reported on, and a report split "by region", are not)."""
    if verb not in SPLITTING_VERBS:
        return False
    m = re.match(r"\S+\s+(?P<up>up\s+)?(?P<obj>(?:[\w'&-]+\s+){1,8}?)(?P<how>into|(?:up\s+)?by)\b", core, re.I)
    if m is None:
        return False
    if m.group("how") != "into":
        broken_up = verb == "break" and (m.group("up") or "up" in m.group("how"))
        if verb == "sort" or (verb == "break" and not broken_up) or re.search(DELIVERED_AS_DATA, core, re.I):
            return False  # "sort leads by score" ranks, "split the signups by source and chart it" is a breakdown
    held = re.findall(r"[a-z'-]+", m.group("obj").lower())
    return any(w in PEOPLE or w in AUDIENCES or w == "audiences" for w in held)


def _of_after(rest: list[str], i: int) -> int:
    """How far "of" is after the group noun at `i`: "a list of", "a list out of", "a list made of", "a list put
    together of"; 0 when it does not follow."""
    j = i + 1
    if rest[j : j + 1] == ["out"]:
        j += 1
    elif rest[j : j + 1] and (is_past_form(rest[j]) or rest[j] in _MADE):
        j += 2 if rest[j + 1 : j + 2] and rest[j + 1] in PARTICLES else 1
    return j - i + 1 if rest[j : j + 1] == ["of"] else 0


def _is_people(words: list[str], j: int) -> bool:
    """A people noun, or one person after "every", "each" or "any" ("every VIP who ...")."""
    return words[j] in PEOPLE or (j > 0 and words[j - 1] in {"every", "each", "any"} and f"{words[j]}s" in PEOPLE)


def _names_a_thing(following: str) -> bool:
    """Whether the word after a people noun makes it a modifier ("customer win-back automation") rather than the
    head of the list ("customers who ...", "members aged 30", "subscribers older than ...")."""
    return "-" in following and following not in QUALIFIERS and not is_past_form(following)


def _to_reach(following: list[str]) -> bool:
    """People gathered for a purpose: "a list of stockists *to invite* ...", "the group of testers *to survey*"."""
    return len(following) == 2 and following[0] == "to" and following[1] not in _ARTICLES


def gathers_people(core: str, verb: str, names_work: Callable[[str], bool]) -> bool:
    """Whether the work (`verb` its opening word) gathers people into a list, splits them into groups or gathers a
    list named before. `names_work`: whether an opening label names a thing that is not a segment ("Automated
    loyalty emails: thank customers after ..." acts on them)."""
    return _people_list(core, verb, names_work) or _split_into_groups(core, verb) or _gathered_back(core)
