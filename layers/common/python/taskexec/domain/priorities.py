"""Priority words: the structured body's `priority` field and priority phrases inside a free-text request.

Admins write priorities in many ways ("p1", "High-Priority", "ASAP", "not urgent", "no rush"), so both the
structured and the free-text path map onto the contract's four levels here, in one place.
"""

import re
from bisect import bisect_right
from typing import NamedTuple

from taskexec.domain.vocabulary import Priority
from taskexec.domain.wording import one_edit, words

PRIORITY_WORDS: dict[str, Priority] = {
    **dict.fromkeys(("urgent", "critical", "asap", "p0", "blocker", "emergency"), Priority.URGENT),
    **dict.fromkeys(("high", "hi", "p1", "important", "top", "highest"), Priority.HIGH),
    **dict.fromkeys(("medium", "med", "normal", "p2", "moderate", "standard"), Priority.MEDIUM),
    **dict.fromkeys(("low", "lo", "p3", "p4", "minor", "trivial", "lowest"), Priority.LOW),
}
"""Each word a caller may give as a priority, and its level (the OpenAPI document's pattern is built from it)."""

_LEVEL_WORDS = r"low|lo|medium|med|normal|moderate|standard|high|hi|top|highest|lowest|urgent|critical|minor|trivial"
"""The levels a caller names beside "priority" ("Minor priority", "priority: trivial"): every adjective of
PRIORITY_WORDS ("important" is left out: "an important priority for Q3" names a goal, not a level)."""
PRIORITY_NOUN = r"(?:priority|prio|pri)"
"""The word 'priority' as admins spell it, which a priority may carry around its level ("high priority")."""


def normalize_priority(value: str) -> Priority:
    """Map a priority given by a caller onto the contract's levels.

    Raises ValueError for anything unknown: a structured task with a made-up priority is refused (422)
    rather than silently defaulted, so a typo never hides behind MEDIUM.
    """
    words = re.sub(r"[\s_\-]+", " ", value.strip().lower()).split()
    words = [w for w in words if not re.fullmatch(PRIORITY_NOUN, w)]
    if len(words) == 1 and words[0] in PRIORITY_WORDS:
        return PRIORITY_WORDS[words[0]]
    if len(words) == 1 and re.fullmatch(r"[0-4]", words[0]):
        return PRIORITY_WORDS[f"p{words[0]}"]
    raise ValueError(f"unknown priority: {value!r}")


class PriorityMatch(NamedTuple):
    """A priority phrase found in a message, with its span so the title can leave it out."""

    priority: Priority
    start: int
    end: int


# The phrase patterns are text handed to `re`'s functions, which compile each on first use and keep it: compiled
# at import they would cost every cold start (byte code cannot hold them), and only a message needs them.

# Phrases saying the work can wait. They are matched first so that "not urgent" never counts as urgent.
_RELAXED = (
    r"\b(?:not|isn'?t|is not|non|no|nothing|never)[\s-]+(?:(?:that|very|too|super|really|so|an?)\s+)?"
    r"(?:urgent|important|critical|pressing|(?:a|much\s+of\s+a)\s+(?:(?:big|huge|major|real|top|high)\s+)?priority|"
    r"high[\s-]priority|a\s+rush|urgency|hurry|rush|"
    r"time[\s-]sensitive|time[\s-]critical)\b"
    r"(?:\s+(?:right\s+now|for\s+now|at\s+the\s+moment|at\s+all))?"
    r"|\b(?:no|zero|little)\s+(?:big\s+|real\s+|huge\s+)?(?:rush|hurry|urgency|stress|pressure|time\s+pressure|panic)\b|\bno\s+need\s+to\s+(?:rush|hurry)\b"
    r"|(?<!n't\s)(?<!not\s)\b(?:it|this|that)\s+can\s+wait\b|\bin\s+no\s+(?:rush|hurry)\b"
    r"|\bwhenever(?=\s*+(?:$|[,.;:!?)\u2013\u2014-]|(?:you|u|possible|convenient|works|suits)\b))"
    r"(?:\s+(?:you\s+can|possible|you\s+have\s+(?:the\s+)?time|you\s+get\s+(?:a\s+)?(?:chance|minute)))?"
    r"|\bwhen\s+(?:you|someone)\s+(?:get|have|find)\s+(?:a\s+|some\s+)?"
    r"(?:chance|minute|moment|sec|second|spare\s+moment|time|free\s+time)\b"
    r"|\bif\s+you\s+(?:have|get|find)\s+(?:the\s+|some\s+|a\s+)?(?:time|chance|minute|moment)\b"
    r"|\bwhen\s+(?:you\s+can|time\s+(?:permits|allows))\b|\bas\s+time\s+(?:permits|allows)\b"
    r"|\b(?:take\s+your\s+time|no\s+pressure|(?:on\s+the\s+)?back\s*burner|in\s+your\s+spare\s+time|"
    r"(?:not\s+a|no)\s+big\s+deal|no\s+biggie|not\s+(?:a\s+)?fire(?:\s+drill)?|nothing(?:['\u2019]s|\s+is)\s+on\s+fire|"
    r"for\s+the\s+backlog|backlog\s+item)\b"
    r"|\bat\s+your\s+(?:convenience|leisure)\b|\bnice[\s-]to[\s-]have\b|\bno\s+(?:hard\s+|real\s+|fixed\s+)?deadline\b"
    r"|\b(?:some\s*day|eventually|at\s+some\s+point|low\s+on\s+the\s+list)\b"
    r"|(?<!week\s)(?<!month\s)(?<!day\s)(?<!tomorrow\s)(?<!tonight\s)(?<!noon\s)(?<!morning\s)\bsometime\b(?!\s+(?:next|this|today|tomorrow|tonight|on|in|before|after|by|early|late|mid|around|during|"
    r"mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
)

# "high priority", "priority: low", "prio p1", "priority 2", "urgency: low", "low-ish priority".
_LIKE_PRIORITY = r"(?:urgency|importance|severity)"
"""Nouns a level is given with as admins give it with "priority" ("Urgency: low", "high urgency")."""
_ISH = r"(?:[\s-]?ish)?"
"""A softened level is that level: "low-ish priority", "priority is highish"."""
_EXPLICIT = (
    rf"\b(?P<a>{_LEVEL_WORDS}){_ISH}[\s-]*(?:{PRIORITY_NOUN}|{_LIKE_PRIORITY})\b"
    rf"|\b{PRIORITY_NOUN}\s*+(?:level\s*+)?(?:[:=\-]|(?:is|should\s+be|would\s+be|'s)\s)?\s*+"
    rf"(?:(?:pretty|quite|fairly|rather|relatively|very|super)\s+)?(?P<b>{_LEVEL_WORDS}|p[0-4]|[0-4]){_ISH}\b"
    rf"|\b{_LIKE_PRIORITY}\s*+(?:[:=\-]|is\s)?\s*+(?:(?:pretty|quite|fairly|rather|very|super)\s+)?"
    rf"(?P<c>{_LEVEL_WORDS}){_ISH}\b"
)

_P_LEVEL = r"(?<![\w/-])p-?(?P<n>[0-4])(?![\w/-])"

_SEVERITY = r"(?<![\w/-])sev(?:erity)?[\s-]?(?P<n>[0-5])(?![\w/-])"
_SEVERITIES = {"0": Priority.URGENT, "1": Priority.URGENT, "2": Priority.HIGH}
"""Incident severities as on-call tools name them: sev1 critical, sev2 major, sev3 and below minor (LOW)."""

# Phrases that raise the priority without a level word: "top of the list", "make this a priority".
_RAISED = (
    r"\bhigh\s+importance\b|\b(?:top\s+of|high\s+(?:up\s+)?on)\s+(?:the|your|my|our)\s+(?:list|pile|queue)\b"
    r"|\b(?:is|as|make\s+(?:this|it)|it'?s|this'?s)\s+a\s+(?:top\s+|big\s+|real\s+|high\s+)?priority\b"
    r"|(?:\bnumber\s+one|#\s*1|\bno\.?\s*1)\s+priority\b"
)

_THEN = r"(?:after|afterwards?|before|following|once|when|upon|on\s+(?:arrival|receipt|sign-?up))\b"
"""Words that make "immediately" say when one step follows another ("so we can enrol them immediately afterwards",
"a reminder sent immediately after booking"), not how soon the work is wanted."""

# Words that mean urgency wherever they stand: nobody names a subject "asap". "emergency" before a noun names a kind
# of thing ("our emergency vet clinics", "the emergency contact form"), except a kind of work ("an emergency fix").
_ALWAYS_URGENT = (
    rf"\b(?:asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+(?:possible|you\s+can|we\s+can)|immediately(?!\s+{_THEN})|"
    r"right\s+away|urgently|as\s+a\s+matter\s+of\s+urgency|"
    r"critically|straight\s+away|without\s+delay|drop\s+everything|blocker)\b"
    r"|\bemergency\b(?=\s*+(?:$|[^\w\s]|(?:fix|change|request|patch|job|task|favou?r|one|matter|issue|item)\b))"
    r"|\ban\s+urgent\b|\burgent(?=\s+(?:sms|email|e-mail|message|reminder|update|fix|change|request|job|one|favou?r|"
    r"blast|text|notice|alert|push|ask|matter|issue)\b)"
)

# Adjectives that are also ordinary subject words ("critical bug", "important emails"): they count only as
# a marker: at the start or end of the message, set off by punctuation, or in "this is urgent" / "urgent task".
_OWN_SENTENCE = r"(?:(?<=[.!?]\s)|(?<=\n))[ \t]{0,3}"
"""Where a sentence starts inside the message: a level written as a sentence of its own ("... source. HIGH. by next
Friday") is set apart as surely as one that opens the message. The space after the break is bounded, so that a run of
line breaks is not read again from each of them."""

_MARKER_WORDS = {
    "urgent": Priority.URGENT,
    "critical": Priority.URGENT,
    "important": Priority.HIGH,
    "minor": Priority.LOW,
}
_MW = "|".join(_MARKER_WORDS)
_LABEL_NOUNS = r"(?:one|thing|task|request|item|ask|job|fix|issue|ticket|favou?r)"
"""What a level opening a message may label ("Minor one: ...", "Urgent request - ...", "Quick minor thing: ...")."""
_MARKER = (
    rf"^\W*+(?:(?:this\s+is|it'?s|its)\s+)?(?:(?:very|super|really|quick|small|a)\s+)?(?P<s>{_MW})\b"
    rf"(?=(?:\s+{_LABEL_NOUNS})?\s*(?:[:!,.;)\]\-\u2013\u2014]|$))"
    rf"|(?:[,;:(\[\-\u2013\u2014]|[.?!]\s)\s*(?:(?:this(?:\s+one)?\s+is|it'?s|its|this(?:\s+one)?'s)\s+)?"
    rf"(?:very\s+|super\s+|pretty\s+|fairly\s+|quite\s+)?(?P<e>{_MW})\s*+[.!)\]]*+\s*+$"
    rf"|[,;:(\[\-\u2013\u2014]\s*(?P<m>{_MW})\s*(?=[,;:)\]\-\u2013\u2014])"
    rf"|\b(?:this\s+is|it'?s|its|that'?s|extremely|very|super|really)\s+(?P<p>{_MW})\b"
    rf"|\b(?:is|are|seems|feels|pretty|quite|fairly|kinda|kind\s+of|somewhat|a\s+bit|rather|highly|especially|"
    rf"particularly|truly|so)\s+(?P<q>{_MW})\b"
    rf"|\b(?P<t>{_MW})\s+(?=(?:task|request|item|ticket|to-?do|fix)\b)"
    rf"|\b(?P<x>{_MW})\s*!+"
    rf"|{_OWN_SENTENCE}(?P<z>{_MW})\s*+[.!]"
    r"|(?-i:\b(?P<c>URGENT|CRITICAL|IMPORTANT)\b)"
)
"""A marker word stands out by place, punctuation or, in a message not all in capitals, by being SHOUTED."""

# The contract's level words on their own ("Fix the footer, low", "High: refresh the pricing page", "(medium)"):
# only where they stand apart, so "the bounce rate is high" says nothing about the work.
_LEVELS = {"high": Priority.HIGH, "low": Priority.LOW, "medium": Priority.MEDIUM, "normal": Priority.MEDIUM}
_LV = "|".join(_LEVELS)
_LEVEL_MARKER = (
    rf"^\W*+(?P<s>{_LV})\b(?=\s*(?:[:!,.;)\]\-\u2013\u2014]|$))"
    rf"|(?:[,;:(\[\-\u2013\u2014]|[.?!]\s)\s*(?:(?:this(?:\s+one)?\s+is|it'?s|its|this(?:\s+one)?'s)\s+)?"
    rf"(?:(?:pretty|fairly|quite|rather|relatively)\s+)?(?P<e>{_LV}){_ISH}\s*+[.!)\]]*+\s*+$"
    rf"|[(\[]\s*(?P<m>{_LV})\s*[)\]]"
    rf"|{_OWN_SENTENCE}(?P<z>{_LV})\s*+(?:[.!:]|\s[\-\u2013\u2014])"
    rf"|[,;:\u2013\u2014]\s*+(?P<l>high|low)\s*+(?=[,;\u2013\u2014])"
)
"""Set apart, too: a level that is a sentence of its own ("... source. HIGH. by next Friday") or a phrase between
commas ("... for the partner leads, high, next Monday"), unless it is one of a list of levels ("low, medium and
high spenders") or "Medium" the blog among other sites."""
_LIST_REACH = 24

# "critical" and "important" are the contract's priority words, and "urgent" too, when they qualify the work
# ("fix the critical checkout bug"); after a word that opens its subject ("a post about why important emails
# land in spam", "on handling urgent requests") they describe that subject instead.
_QUALIFIER = r"\b(?<!most\s)(?P<w>critical|important|urgent)\b(?!\s+(?:path|thinking|care|mass)\b)"
_AUDIENCE = r"(?:for|to|of|with|from)\s+(?:our|the|all|their|your|my|its)\b"
_SUBJECT_OPENERS = (
    r"\b(?:about|on|regarding|why|how|what|that|which|who|whose|when|where|explaining|handling|if|whether)\b|[.!?\n]"
    rf"|\b{_AUDIENCE}"
)
"""Words after which a level adjective describes a subject or an audience ("a post about why important emails land in
spam", "a landing page for our critical infrastructure clients"), not the work; an audience's phrase ends with its
clause ("for the linen sheets, important")."""


_CONDITION = (
    r"\b(?:for|in\s+case\s+of|if\s+(?:it'?s|anything\s+is|something\s+is))\s+(?:anything\s+|something\s+|any\s+)?"
    r"(?:really\s+|truly\s+)?(?:urgent|critical|important|pressing)\b"
)
"""Urgency as the condition of a note about whom to contact ("For anything urgent, contact ...", "in case of urgent
requests please email ..."): it is no priority of any work."""

_QUOTED = (
    r"(?:(?<=\s)|(?<=^)|(?<=[:(]))(?:'[^'\n]{2,120}'|\"[^\"\n]{2,120}\"|\u2018[^\u2019\n]{2,120}\u2019|"
    r"\u201c[^\u201d\n]{2,120}\u201d)(?=[\s,.;:!?)]|$)"
)
"""A quoted title or text ("a post titled '7 urgent fixes ...'", "a banner saying 'Important: ...'"): the words
are the thing's, not the request's priority."""

_MISSPELT = (
    rf"\b(?P<w>[a-z]{{3,8}})-?\s*+{PRIORITY_NOUN}\b",
    rf"\b{PRIORITY_NOUN}\s*+(?:[:=\-]|is\s)?\s*+(?P<w>[a-z]{{3,8}})\b",
)
_MISSPELLABLE = {"high": Priority.HIGH, "urgent": Priority.URGENT, "medium": Priority.MEDIUM, "normal": Priority.MEDIUM}
"""Levels a typo beside the word "priority" is read as ("hihg priority", "priority: hgih"); "low" and "top" are
too short to tell a slip from another word."""
_NOT_LEVELS = words("nigh sigh thigh median")


def _misspelt_level(word: str) -> Priority | None:
    """The level `word` is a slip of (one letter added, dropped, changed, or two swapped), or None."""
    lower = word.lower()
    if lower in _NOT_LEVELS or lower in PRIORITY_WORDS:
        return None
    for level, priority in _MISSPELLABLE.items():
        if one_edit(lower, level):
            return priority
    return None


_NEGATORS = frozenset({"not", "no", "never", "nothing", "without", "hardly"})
_NEGATION_FILLERS = words(
    """
    need needs needed to be is are a an the very that so too super really particularly especially this it its it's
    have has been done considered treated as marked labelled labeled set at of any exactly necessarily going gonna
    """
)
"""Words that may stand between a negation and the priority it negates: "doesn't need to be high priority"."""
_NEGATION_REACH = 6
_CLAUSE_MARKS = frozenset(",.;:!?()[]\n\u2013\u2014")


def _negated(text: str, start: int) -> int | None:
    """Where the negation of the priority phrase at `start` begins, or None when nothing negates it.

    Read backwards word by word, at most _NEGATION_REACH words and never past a clause mark, so that "the
    webhook that isn't firing, asap" stays urgent while "doesn't need to be high priority" and "not a top
    priority" become LOW.
    """
    at = start
    for _ in range(_NEGATION_REACH):
        end = at
        while end and text[end - 1] == " ":
            end -= 1
        begin = end
        while begin and (text[begin - 1].isalnum() or text[begin - 1] in "'\u2019"):
            begin -= 1
        word = text[begin:end].lower().replace("\u2019", "'")
        if not word or (end and text[end - 1] in _CLAUSE_MARKS):
            return None
        if word in _NEGATORS or word.endswith("n't"):
            return begin
        if word not in _NEGATION_FILLERS:
            return None
        at = begin
    return None


def priority_matches(text: str) -> list[PriorityMatch]:
    """Every priority phrase in `text`, in reading order (relaxing phrases shadow the words inside them)."""
    found: list[PriorityMatch] = []
    starts: list[int] = []
    ends: list[int] = []
    """The taken spans, disjoint and sorted, so an overlap check looks only at the two neighbours."""

    def add(priority: Priority, start: int, end: int) -> None:
        at = bisect_right(starts, start)
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            return
        starts.insert(at, start)
        ends.insert(at, end)
        found.append(PriorityMatch(priority, start, end))

    for m in re.finditer(rf"{_CONDITION}|{_QUOTED}", text, re.IGNORECASE):
        at = bisect_right(starts, m.start())
        starts.insert(at, m.start())  # taken, with no level: "for anything urgent, contact ..." names none
        ends.insert(at, m.end())
    for m in re.finditer(_RELAXED, text, re.IGNORECASE):
        add(Priority.LOW, m.start(), m.end())
    for m in re.finditer(_EXPLICIT, text, re.IGNORECASE):
        add(normalize_priority(m.group("a") or m.group("b") or m.group("c")), m.start(), m.end())
    for pattern in _MISSPELT:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            level = _misspelt_level(m.group("w"))
            if level is not None:
                add(level, m.start(), m.end())
    for m in re.finditer(_P_LEVEL, text, re.IGNORECASE):
        add(normalize_priority(m.group("n")), m.start(), m.end())
    for m in re.finditer(_SEVERITY, text, re.IGNORECASE):
        add(_SEVERITIES.get(m.group("n"), Priority.LOW), m.start(), m.end())
    for m in re.finditer(_RAISED, text, re.IGNORECASE):
        add(Priority.HIGH, m.start(), m.end())
    for m in re.finditer(_ALWAYS_URGENT, text, re.IGNORECASE):
        add(Priority.URGENT, m.start(), m.end())
    for m in re.finditer(_MARKER, text, re.IGNORECASE):
        word = next(g for g in m.groups() if g)
        add(_MARKER_WORDS[word.lower()], m.start(), m.end())
    for m in re.finditer(_LEVEL_MARKER, text, re.IGNORECASE):
        word = next(g for g in m.groups() if g).lower()
        if not _among_levels(text, m.start(), m.end()):
            add(_LEVELS[word], m.start(), m.end())
    openers = [m.start() for m in re.finditer(_SUBJECT_OPENERS, text, re.IGNORECASE)]
    for m in re.finditer(_QUALIFIER, text, re.IGNORECASE):
        before = bisect_right(openers, m.start())
        opened = openers[before - 1] if before else 0
        if (
            not before
            or text[opened] in ".!?\n"
            or (re.match(_AUDIENCE, text[opened:], re.I) and re.search(r"[,;:\u2013\u2014]", text[opened : m.start()]))
        ):
            add(_MARKER_WORDS[m.group("w").lower()], m.start(), m.end())
    return sorted((_unless_negated(text, match) for match in found), key=lambda match: match.start)


def _among_levels(text: str, start: int, end: int) -> bool:
    """Whether another level word stands within a few words of this one: a list of levels names no priority."""
    around = text[max(0, start - _LIST_REACH) : start] + " " + text[end : end + _LIST_REACH]
    return re.search(rf"\b(?:{_LV})\b", around, re.IGNORECASE) is not None


def _unless_negated(text: str, match: PriorityMatch) -> PriorityMatch:
    """A raised priority under a negation says the work can wait: LOW, with the negation in its span."""
    if match.priority is Priority.LOW:
        return match
    negation = _negated(text, match.start)
    return match if negation is None else PriorityMatch(Priority.LOW, negation, match.end)


def find_priority(text: str) -> Priority | None:
    """The priority a message asks for, or None when it names none (the caller then applies MEDIUM).

    When a message names several, the first one read wins: people lead with what matters.
    """
    matches = priority_matches(text)
    return matches[0].priority if matches else None
