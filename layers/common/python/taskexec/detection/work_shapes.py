"""A request's shape read as the order it implies, before its words are scored (scoring.py).

Admins often say the work in another shape than an order: where it is done first ("In HubSpot, build ..."), as
still undone ("We haven't emailed ..."), as a thing needed in a state ("Need the FAQ updated") or needing doing
("the SMS templates need rewriting"), as a need whose subject is who it is for ("Subscribers who haven't opened in
90 days need a re-engagement flow"), after the people it is for ("Hotel guests who never came back: build ..."),
after a reason ("Cancellations spike after month 3, so let's automate a retention flow"), or as a reminder to
oneself ("set a reminder to follow up with the landlord"). Each is rewritten as the order, its verb first and
the words that only describe it after "for", so the verb and the object's head say what the work is. Pattern
text only, searched with `re`'s own cache.
"""

import re
from collections.abc import Callable

from taskexec.detection.people_lists import SPEAKERS
from taskexec.detection.vocabulary import VERBS
from taskexec.domain.vocabulary import Category
from taskexec.domain.wording import PEOPLE, words

_SETTING = (
    r"^(?:(?:in|on|inside|within|using|via|through)\s+(?:[\w.'&-]+\s+){0,2}?[\w.'&-]+\s*,\s*|"
    r"(?:use|using)\s+(?:[\w.'&-]+\s+){0,2}?[\w.'&-]+\s+to\s+)(?=[a-z])"
)
"""Where the work is done, before it: "In HubSpot, build a welcome workflow", "Use Twilio to text all members":
the tool is the setting, the work follows."""
_COURTESY = (
    r"^(?:be\s+(?:so\s+kind\s+as|kind\s+enough|good\s+enough)\s+to|do\s+the\s+needful\s+(?:and|to)|"
    r"take\s+(?:a\s+)?(?:moment|minute|second)\s+to|be\s+sure\s+to|make\s+sure\s+to|try\s+to|"
    r"(?:set|add|create|put\s+in)\s+(?:me\s+)?(?:a\s+)?reminder\s+(?:for\s+(?:me|us)\s+)?to|remind\s+(?:me|us)\s+to|"
    r"(?:help|assist)\s+(?:me|us)\s+(?:to\s+|with\s+)?(?=[a-z]+\s))\s+"
)
"""Courtesy and reminders before the work ("be so kind as to write ...", "do the needful and check ...", "set a
reminder to follow up with ...", "remind me to renew ..."): the work is what follows."""
_NEED_DONE = (
    r"^prepare\s+(?P<obj>(?:the|our|this|that|these|those|all|my|a|an)\s+(?:[\w'&/-]+\s+){0,6}?)"
    r"(?P<done>[a-z]+ed|rewritten|written|rebuilt|built|proofread|sent)\b"
)
"""A need's object and the participle after it ("Need the FAQ updated" reads as "Prepare the FAQ updated")."""
_NEEDS_DOING = (
    r"^(?P<obj>(?:the|our|this|that|these|those|all|my|a|an|every)\s+(?:[\w'&/-]+\s+){0,6}?)"
    r"(?:still\s+)?(?:needs?|requires?|wants?|could\s+(?:do\s+with|use))\s+(?:some\s+|a\s+bit\s+of\s+)?"
    r"(?P<doing>[a-z]+ing)\b"
)
"""A thing that needs doing ("the SMS templates need rewriting", "our FAQ could use updating")."""
_NOT_PLAIN = words("who that which whose we they i you of for on in to with by from about and or")
_UNDONE = (
    r"^(?:we|i|they|you|nobody|no\s+one|the\s+team)\s+(?:still\s+)?(?:haven'?t|hasn'?t|have\s+not|has\s+not|never|has|have)"
    r"\s+(?:yet\s+|actually\s+|even\s+|ever\s+)?(?P<done>[a-z]+ed|sent|written|built|made|done|set|run|drawn)\b"
)
_IRREGULAR = {
    "sent": "send",
    "written": "write",
    "rewritten": "rewrite",
    "built": "build",
    "rebuilt": "rebuild",
    "made": "make",
    "set": "set",
    "run": "run",
    "proofread": "proofread",
}
"""Participles of undone work that are not "-ed" forms: "we haven't sent the survey" sends it."""
_GETS = (
    r"(?:needs?|wants?|requires?|could\s+use|would\s+like|(?:should|must|will|would)\s+(?:get|receive)|"
    r"(?:gets?|receives?|deserves?)|(?:should|must|need\s+to|have\s+to|ought\s+to)\s+(?:go|be\s+(?:put|added|"
    r"moved|enrolled|dropped|entered|pushed)|enter|join|land|fall)\s+(?:in|into|onto|to|on))\s+"
    r"(?=(?:an?|the|some|new|our|their|its|a\s+new)\s)"
)
_NEEDER = rf"^(?P<who>(?:[\w'&-]+\s+){{1,6}}?){_GETS}"
"""Who a need is for, then what they need: "New reps need an onboarding journey", "the welcome flow needs ..."."""
_AUDIENCE_NEEDS = (
    rf"^(?P<who>(?:[\w'&-]+\s+){{0,3}}?[\w'&-]+\s+(?:who|that|whose|with|without)\s+(?:[\w'&%,/-]+\s+){{1,12}}?)"
    rf"{_GETS}"
)
"""People described by a clause, then what they need or where they go: "Subscribers who haven't opened in 90
days need a re-engagement flow", "Prospects who request a quote and don't book should go into a nurture
workflow"."""
_THEM_TO_GET = (
    r"^(?:[\w'&-]+\s+){1,4}?(?:wants?|needs?|would\s+like|asked\s+for|asks\s+for)\s+(?P<who>(?:[\w'&-]+\s+){1,8}?)to\s+"
    r"(?:get|receive|go\s+into|be\s+(?:enrolled|put|added)\s+(?:in|into|to))\s+(?=(?:an?|the|some|new|our|their|its)\s)"
)
"""Someone's want that people get a thing: "The client wants leads from the trade show to get a follow-up cadence":
the thing is the work, the people its audience."""
_AUDIENCE_LABEL = r"^(?P<who>[^:;.!?]{3,120}?)\s*:\s+(?:(?:please|pls|kindly)\s+)?(?P<work>(?P<verb>[a-z]+)\s.*)$"
"""People named before a colon, then the order: "Hotel guests who stayed once: build a re-engagement automation
..."."""
_RELATIVE = words("who that whose with without")
_REQUESTERS = words(
    "office team desk department dept committee board ops finance hr legal admissions reception management owner "
    "owners client clients boss manager director principal pastor dean chair parish clinic school"
)
"""Who asks, named before a colon ("Alumni office: please schedule ...", "Front desk: ..."): the work follows."""
_ASKS = (
    r"(?:let'?s|let\s+us|please|pls|kindly|(?:can|could|would)\s+(?:you|we|someone|somebody|one\s+of\s+you)"
    r"(?:\s+please)?|(?:we|i)\s+(?:need|should|must|want|would\s+like|'d\s+like)(?:\s+(?:you\s+)?to)?|i'?d\s+like"
    r"(?:\s+(?:you\s+)?to)?)"
)
"""How an ask opens after a reason or a story: "let's", "please", "can you", "we need (to)", "I'd like (you to)"."""
_REASON_THEN_ASK = rf"^(?P<reason>[^.;!?]{{8,200}}?),?\s+so\s+(?:that\s+)?(?P<ask>{_ASKS}\b.*)$"
"""A reason, then the ask after "so": "Subscription box cancellations spike after month 3, so let's automate a
retention flow": the ask is the work, the reason only says why."""
_STORY_WORDS = 8
"""A label this long before a colon is a story, not a name ("..., we landed on one thing: we need a segment of
...")."""


def as_order(core: str, head_of: Callable[[str], Category | None]) -> str:
    """The work read as an order. `head_of`: the family of work a noun phrase's head names (scoring.py), which
    tells a thing that needs a piece of itself ("the welcome flow needs an SMS step") from what is needed."""
    core = re.sub(_COURTESY, "", re.sub(_SETTING, "", core, count=1, flags=re.I), count=1, flags=re.I)
    core = _after_reason(_after_audience(core))
    wanted = re.match(_THEM_TO_GET, core, re.I)
    if wanted:
        core = f"{core[wanted.end() :]} for {wanted.group('who').strip()}"
    return _needed_by(_needs_doing(_need_done_as_order(_undone_as_order(core))), head_of)


def _after_reason(core: str) -> str:
    """The ask after a reason and "so", its wrapper peeled, with the reason after it as a description."""
    m = re.match(_REASON_THEN_ASK, core, re.I | re.S)
    ask = _ask(m.group("ask")) if m else None
    return f"{ask} for {m.group('reason').strip()}" if m and ask else core


def _ask(said: str) -> str | None:
    """The work an ask names, its opening peeled ("let's automate ...", "we need a segment of ..." as "prepare a
    segment of ..."); None when what follows is no order."""
    work = re.sub(rf"^{_ASKS}\s+", "", said, count=1, flags=re.I)
    first = work.split(" ", 1)[0].lower()
    if first in VERBS:
        return work
    return f"prepare {work}" if first in ("a", "an", "the", "some", "new") and work != said else None


def _after_audience(core: str) -> str:
    """An order after the people it is for ("Lapsed donors: set up a win-back sequence") or after who asks for it
    ("Alumni office: please schedule ..."), read with the order first; a label that opens with a verb ("Segment
    the donor list: <who>") is the work itself."""
    m = re.match(_AUDIENCE_LABEL, core, re.I | re.S)
    if m is None:
        return core
    said = re.findall(r"[a-z'-]+", m.group("who").lower())
    if len(said) >= _STORY_WORDS and (ask := _ask(m.group("work"))):
        return f"{ask} for {m.group('who').strip()}"  # a story, then the ask: "... one thing: we need a segment ..."
    if m.group("verb").lower() not in VERBS:
        return core
    if (
        not said
        or said[0] in VERBS
        or not (said[-1] in _REQUESTERS or any(w in PEOPLE or w in _RELATIVE for w in said))
    ):
        return core
    return f"{m.group('work')} for {m.group('who').strip()}"


def _undone_as_order(core: str) -> str:
    """Work stated as not yet done, read as the order it implies: "We haven't emailed the annual members ... -
    that has to happen" is scored as "email the annual members ...", so its verb says what the work is."""
    m = re.match(_UNDONE, core, re.I)
    if m is None:
        return core
    verb = _present(m.group("done").lower())
    return core if verb is None else f"{verb}{core[m.end() :]}"


def _present(done: str) -> str | None:
    """The verb a participle of the work is made from ("updated" update, "emailed" email, "planned" plan, "sent"
    send), or None when it is no verb of work."""
    return _IRREGULAR.get(done) or next((v for v in (done[:-1], done[:-2], done[:-3]) if v in VERBS), None)


def _need_done_as_order(core: str) -> str:
    """A thing needed in the state the work leaves it, read as the order: "Need the newsletter's intro paragraph
    rewritten" (rewrite it: content), "we need the ATS connected to the HRIS" (connect it: integration). The object
    is a plain noun phrase: "the customers who signed up" holds a clause, not the work's result."""
    m = re.match(_NEED_DONE, core, re.I)
    if m is None or set(m.group("obj").lower().split()) & _NOT_PLAIN:
        return core
    verb = _present(m.group("done").lower())
    return core if verb is None else f"{verb} {m.group('obj').strip()}{core[m.end() :]}"


def _needs_doing(core: str) -> str:
    """A thing that needs doing, read as the order: "the SMS templates need rewriting" rewrites them (content),
    "the Zendesk sync needs fixing" fixes it."""
    m = re.match(_NEEDS_DOING, core, re.I)
    if m is None or set(m.group("obj").lower().split()) & _NOT_PLAIN:
        return core
    doing = m.group("doing").lower()
    verb = next((v for v in (doing[:-3], f"{doing[:-3]}e", doing[:-4]) if v in VERBS), None)
    return core if verb is None else f"{verb} {m.group('obj').strip()}{core[m.end() :]}"


def _needed_by(core: str, head_of: Callable[[str], Category | None]) -> str:
    """A need whose subject is who it is for, read with the thing first: "New hotel staff need an onboarding
    workflow (...)" is scored as "an onboarding workflow (...) for New hotel staff", so the staff's words describe
    the work and the thing needed is its head. When the subject is a piece of work and what it needs names none
    or a piece of the same kind ("our welcome flow needs an SMS step", "the win-back journey should get a fallback
    branch"), or a message inside a flow ("the welcome journey needs an extra email"), the work is on the subject:
    it stays the head. What else it needs is the head ("The board deck needs a cost trend chart covering ...")."""
    m = re.match(_AUDIENCE_NEEDS, core, re.I) or re.match(_NEEDER, core, re.I)
    who = m.group("who").strip() if m else ""
    if m is None or who.lower() in SPEAKERS:
        return core
    needed = core[m.end() :]
    thing = re.split(r"\s+[a-z]+ing\s+(?=(?:the|our|a|an|their|its|all|each|every)\b)", needed, maxsplit=1)[0]
    kind, piece = head_of(who), head_of(thing)
    if kind is not None and (piece in (None, kind) or (kind, piece) == (Category.WORKFLOW, Category.CAMPAIGN)):
        return f"{who} for {needed}"
    return f"{needed} for {who}"
