"""Text handling for the rules detector: the message taken apart (assignee, priority and deadline phrases set
aside), the request wrapper peeled off the work, and the title and description made from what is left."""

import re
from datetime import date
from typing import NamedTuple

from taskexec.detection.vocabulary import VERBS
from taskexec.domain.due_dates import DueMatch, due_matches
from taskexec.domain.priorities import PriorityMatch, priority_matches

MAX_TITLE = 80

EMAIL = r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}"
"""An address as RFC 5321 bounds it (local part <= 64, labels <= 63): no hint outgrows a key lookup."""
HANDLE = r"(?<=@)\w[\w.-]{0,253}(?![\w.-])"
"""An @handle of at most 254 characters; a longer one is no hint at all."""
OVERLONG = r"[\w.%+-]{65,}+@[\w.-]++|(?<=@)[\w.-]{255,}+"
"""An address or @handle longer than any user's, after an explicit "assign it to": still the caller's hint, so
the service can refuse it by name (422 INVALID_ASSIGNEE) rather than assign the task to someone else. Possessive
and met only after "assign ... to", so it stays linear."""
ASSIGNEE_PATTERNS = [
    re.compile(
        rf"(?:,?(?<!\s)\s*+\band\s+)?(?:please\s+)?\b(?:re)?assign(?:ed)?\s+(?:it\s+|this\s+|that\s+|the\s+task\s+|them\s+)?"
        rf"to\s*+:?\s*+@?(?P<who>{EMAIL}|{HANDLE}|{OVERLONG})",
        re.I,
    ),
    re.compile(rf"\b(?:assignee|owner)\s*[:=]?\s*@?(?P<who>{EMAIL})", re.I),
    re.compile(
        rf"(?:,?(?<!\s)\s*+\band\s+)?\b(?:give|hand|delegate)\s+(?:it|this|that)\s+(?:over\s+)?to\s+@?"
        rf"(?P<who>{EMAIL})",
        re.I,
    ),
    re.compile(rf"\b(?:have|ask|get|let)\s+@?(?P<who>{EMAIL})\s+(?:to\s+)?", re.I),
    re.compile(rf"\bfor\s+@?(?P<who>{EMAIL})", re.I),
    re.compile(rf"^\W*+(?P<who>{EMAIL})\s*+[,:\-]", re.I),
]
"""Assignee clauses. A bare email elsewhere ("send the deck to x@y.com") is a recipient, not an assignee."""

SOCIAL = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|yo|howdy|greetings|dear\s+\w+|good\s+(?:morning|afternoon|evening|day)|thanks|"
    r"thank\s+you|thx|ty|cheers|ok|okay|cool|great|awesome|perfect|nice|sure|alright|so|also|now|and|then|"
    r"quick\s+(?:one|question|favou?r|request|ask))\b"
    r"(?:\s+(?:so\s+much|a\s+lot|again|there|team|all|everyone|guys|folks|y'all))*[\s!.,:;-]*)+",
    re.I,
)
WRAPPERS = [
    SOCIAL,
    re.compile(
        r"^(?:(?:any\s+chance|is\s+there\s+(?:any\s+)?way|i\s+was\s+wondering\s+if|wondering\s+if)\s+)?"
        r"(?:(?:are\s+you|would\s+you\s+be|will\s+you\s+be)\s+able\s+to"
        r"|is\s+it\s+possible\s+(?:for\s+(?:you|someone)\s+)?to"
        r"|(?:can|could|would|will)\s+(?:you|u|ya|someone|somebody|anyone|we|one\s+of\s+you)|you\s+(?:could|can))\b\s*",
        re.I,
    ),
    re.compile(r"^help\s+(?:me|us)\s+(?:to\s+)?(?=(?:set|create|build|make|write|draft|plan|prepare|fix|get)\b)", re.I),
    re.compile(
        r"^(?:please|pls|plz|kindly|quickly|just|go\s+ahead\s+and|be\s+sure\s+to|make\s+sure\s+to|"
        r"remember\s+to|don'?t\s+forget\s+to|do\s+not\s+forget\s+to)\b[\s,:;!-]*",
        re.I,
    ),
    re.compile(
        r"^(?:(?:i|we)\s+(?:really\s+)?(?:need|want|would\s+like|'d\s+like|d\s+like)|need|needs)\s+"
        r"(?:you\s+|someone\s+|somebody\s+)?to\s+",
        re.I,
    ),
    re.compile(
        r"^(?:someone|somebody|we|you)\s+(?:(?:probably|really|also|just|definitely|urgently)\s+)?"
        r"(?:(?:needs?|has|have|ought)\s+to|must|should)\s+|^need\s+someone\s+to\s+",
        re.I,
    ),
    re.compile(r"^(?:remind\s+me|reminder|remember|note)\s+(?:to\s+|that\s+)?|^(?:let'?s|let\s+us)\s+", re.I),
    re.compile(
        r"^(?:create|add|make|open|log|raise|file|set\s+up|new)\s+(?:me\s+)?(?:a\s+|an\s+|the\s+)?(?:new\s+)?"
        r"(?:task|to-?do|ticket|reminder|action\s+item)\b(?:\s*(?:to|for|that|:|-)(?=\s))?\s*",
        re.I,
    ),
    re.compile(r"^(?:task|to-?do|reminder|action\s+item|new\s+task|tbd)\s*[:\-]\s*", re.I),
]
NEED_NOUN = re.compile(r"^(?:(?:i|we)\s+(?:really\s+)?(?:need|want|would\s+like|'d\s+like)|need|needs)\s+", re.I)
GERUND_WRAPPERS = re.compile(r"^(?:would\s+you\s+mind|how\s+about|mind)\s+", re.I)
LEADING_JUNK = re.compile(r"^[\s,.;:!?\-\u2013)(\]]+")
JUNK_MARKS = frozenset(",.;:!?-\u2013([")
JUNK_WORDS = frozenset(
    [
        "and",
        "or",
        "but",
        "by",
        "on",
        "before",
        "until",
        "due",
        "for",
        "at",
        "with",
        "please",
        "pls",
        "so",
        "then",
        "now",
    ]
)
"""Joiners left dangling at the end once a deadline or assignee is cut out ("... by", "... and")."""
THANKS_WORDS = frozenset({"thanks", "thx", "cheers", "ty"})
PRONOUN_FIX = re.compile(
    r"^(?P<np>(?:the|our|my|this|that)\s+.{2,60}?)\s+(?:is|are|was|were|keeps?|has|have|had|stopped|isn'?t|aren'?t|"
    r"doesn'?t|don'?t|won'?t|can'?t|seems?|looks?|expires?|expired|broke|failed|fails|returns?)\b[^,;.!]*?"
    r"(?:[,;.!\-\u2013]|\s(?:and|so)\s)\s*(?:(?:someone|somebody|we|you|pls|please|can|could|needs?\s+to|has\s+to|"
    r"must|should|to)\s+)*(?P<verb>[a-z]+)\s+(?:it|them|this|that)\b(?P<rest>.*)$",
    re.I,
)


class Parsed(NamedTuple):
    """The message taken apart: what is left once assignee, priority and deadline phrases are set aside."""

    text: str
    core: str
    assignee: str | None
    priorities: list[PriorityMatch]
    dues: list[DueMatch]

    @property
    def has_signal(self) -> bool:
        """A deadline, priority or assignee: signs of a task even when the wording is terse."""
        return bool(self.priorities or self.dues or self.assignee)


def parse(message: str, today: date) -> Parsed:
    text = re.sub(r"\s+", " ", message).strip()
    if _mostly_upper(text):
        text = re.sub(r"[A-Z]{2,}", lambda m: m.group(0).lower(), text)
    spans: list[tuple[int, int]] = []
    assignee = None
    for pattern in ASSIGNEE_PATTERNS:
        m = pattern.search(text)
        if m:
            assignee = m.group("who").rstrip(".")
            spans.append(m.span())
            break
    priorities = priority_matches(text)
    dues = due_matches(text, today)
    spans += [(p.start, p.end) for p in priorities] + [(d.start, d.end) for d in dues]
    core = strip_wrappers(_cut(text, spans))
    return Parsed(text=text, core=core, assignee=assignee, priorities=priorities, dues=dues)


def _mostly_upper(text: str) -> bool:
    """SHOUTED requests are lowered so titles read normally; acronyms in normal text keep their case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """Remove the spans and tidy the punctuation they leave behind ("delay, , by" -> "delay,")."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start >= pos:
            out.append(text[pos:start])
            out.append(" ")
            pos = end
    out.append(text[pos:])
    joined = re.sub(r"\s+", " ", "".join(out))
    joined = re.sub(r"\s*,(?:\s*,)+", ",", joined)
    return re.sub(r"\s+([,.;:!?])", r"\1", joined).strip()


def strip_wrappers(text: str) -> str:
    """Peel the request wrapper ("Hi! Could you please create a task to ...") off the work itself."""
    previous = None
    while previous != text:
        previous = text
        text = LEADING_JUNK.sub("", text)
        gerund = GERUND_WRAPPERS.match(text)
        if gerund:
            rest = text[gerund.end() :]
            first, _, tail = rest.partition(" ")
            text = f"{_imperative(first)} {tail}".strip()
        for pattern in WRAPPERS:
            text = pattern.sub("", text, count=1)
        noun_need = NEED_NOUN.match(text)
        if noun_need:
            rest = text[noun_need.end() :]
            text = rest if first_word(rest) in VERBS else f"Prepare {rest}"
    return strip_trailing_junk(text).strip()


def strip_trailing_junk(text: str) -> str:
    """Drop what trails the work: punctuation, dangling joiners ("... by", "... and") and thanks.

    Plain string code, read from the end: a pattern anchored at `$` is tried from every position, and one
    with nested repeats ("- - - - x") backtracks exponentially, so a line of dashes once outlasted the
    Lambda timeout. Each step here removes at least one character, so the time is linear in the text.
    """
    end = len(text)
    while end:
        while end and (text[end - 1].isspace() or text[end - 1] in JUNK_MARKS):
            end -= 1
        word = _trailing_word(text, end)
        joiner = word.lower() in JUNK_WORDS and word != text[:end] and text[end - len(word) - 1].isspace()
        if word and (joiner or word.lower() in THANKS_WORDS):
            end -= len(word)
        elif word and word.lower() == "you" and _trailing_word(text, _skip_space(text, end - 3)).lower() == "thank":
            end = _skip_space(text, end - 3) - 5
        else:
            break
    return text[:end]


def _trailing_word(text: str, end: int) -> str:
    """The run of word characters (as `\\w` reads them) that ends at `end`."""
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:end]


def _skip_space(text: str, end: int) -> int:
    while end and text[end - 1].isspace():
        end -= 1
    return end


def _imperative(word: str) -> str:
    """'writing' -> 'write', 'setting' -> 'set': enough for the gerund after "would you mind"."""
    lower = word.lower()
    if not lower.endswith("ing") or len(lower) < 6:
        return word
    stem = lower[:-3]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    if re.search(r"(?:at|iz|yz|ur|ar|ov|iv|ak|ag|ul|rit|os|ud|uc|ag|ang|ar|ir|ot|id)$", stem):
        return stem + "e"
    return stem


def first_word(text: str) -> str:
    m = re.match(r"[a-z'-]+", text.lower())
    return m.group(0) if m else ""


def title(core: str) -> str:
    """An imperative, capitalised title of at most MAX_TITLE characters."""
    fixed = PRONOUN_FIX.match(core)
    if fixed:
        np = fixed.group("np")
        core = f"{fixed.group('verb')} {np[0].lower()}{np[1:]}{fixed.group('rest')}"
    title = strip_trailing_junk(core.replace("?", "").strip())
    if len(title) > MAX_TITLE:
        title = _shorten(title)
    return title[:1].upper() + title[1:] if title else "New task"


def _shorten(title: str) -> str:
    """Cut at a clause boundary when one keeps enough of the title, else at a word boundary."""
    head = title[: MAX_TITLE + 1]
    for boundary in (r",\s", r"\s(?:and|so|because|since|then)\s", r"\s(?:for|with|to|in|on|about)\s"):
        cuts = [m.start() for m in re.finditer(boundary, head) if 30 <= m.start() <= MAX_TITLE]
        if cuts:
            return strip_trailing_junk(title[: cuts[-1]])
    return strip_trailing_junk(head.rsplit(" ", 1)[0])


def sentence(text: str) -> str:
    text = text.strip().rstrip("?!.").strip()
    return f"{text[:1].upper()}{text[1:]}." if text else ""
