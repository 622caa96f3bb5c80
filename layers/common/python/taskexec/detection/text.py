"""Text handling for the rules detector: an email's greeting and sign-off set aside, sentences and clauses found,
phrases cut out, the request wrapper peeled off the work, and the title and description made from what is left.

Patterns are text handed to `re`'s functions, which compile each on first use and keep it (re's own cache): this
module is imported with the detector, on a container's first message, and nothing here is compiled before then.
Every loop reads the text once, forwards or backwards, so the cost stays linear in the message.
"""

import re

from taskexec.detection.vocabulary import VERBS
from taskexec.domain.wording import words

MAX_TITLE = 120
"""Long enough for the work, its audience and what it is about ("Send an SMS to everyone registered for the Thursday
wine tasting, letting them know the venue moved to Pier 9"); the API takes up to 200."""
Span = tuple[int, int]

GREETING = (
    r"^(?:(?:hi|hello|hey|hiya|yo|howdy|greetings|dear|morning|good\s+(?:morning|afternoon|evening|day))\b"
    r"(?:\s+@?[\w.'-]+){0,2}\s*+[,!:\u2014\u2013-]+\s*+)"
)
"""A greeting with up to two names and its punctuation: "Hi Sam,", "Hey team -", "Hello Marco,"."""
SOCIAL = (
    r"^(?:(?:hi|hello|hey|hiya|yo|howdy|greetings|dear\s+\w+|good\s+(?:morning|afternoon|evening|day)|thanks|"
    r"thank\s+you|thx|ty|cheers|ok|okay|cool|great|awesome|perfect|nice|sure|alright|so|also|now|and|then|but|plus|"
    r"quick\s+(?:one|question|q|favou?r|request|ask))\b"
    r"(?:\s+(?:so\s+much|a\s+lot|again|there|team|all|everyone|guys|folks|y'all))*[\s!.,:;-]*"
    r"|(?:lol|haha+|hmm+|ugh|oops|yikes|wow|omg|phew)\b[\s!.,:;-]*)+"
)
"""Social filler before the request: greetings, thanks, "ok so", "quick one"."""
_GREETING_LINE = r"(?:hi|hello|hey|hiya|dear|greetings|good\s+(?:morning|afternoon|evening))\b[\w .'@-]*[,!:]?"
_SIGN_OFF = (
    r"(?:thanks|thank\s+you|thx|ty|cheers|best|best\s+regards|regards|kind\s+regards|warm\s+regards|many\s+thanks|"
    r"all\s+the\s+best|talk\s+soon|speak\s+soon|sent\s+from\s+my\s+\w+)[\s!.,]*"
)
CLEFT_NEED = (
    r"^(?:and\s+|so\s+|but\s+|now\s+)?(?:what|all)\s+(?:i|we)(?:'d|\s+would)?\s+(?:really\s+|still\s+|now\s+|actually\s+|"
    r"basically\s+)*(?:need|want|like|love|require|(?:am|'m|are|'re)\s+(?:after|looking\s+for|asking\s+for))\s+"
    r"(?:now\s+|from\s+(?:you|the\s+team)\s+|here\s+|today\s+)?(?:is|are)\b"
    r"|^(?:and\s+|so\s+|but\s+|now\s+)?(?:what'?s|what\s+is)\s+(?:still\s+|now\s+)?(?:missing|needed|lacking|left)\s+"
    r"(?:now\s+)?is\b"
    r"|^(?:and\s+|so\s+|but\s+)?(?:the|my|our)\s+(?:main\s+|real\s+|actual\s+|one\s+|only\s+)?(?:ask|request|need)\s+"
    r"(?:here\s+|now\s+|then\s+)?is\b"
)
"""A need said as a cleft ("What I need now is an email campaign ...", "What's still missing is the launch
email", "the ask is a new landing page"): the work is what follows."""
WRAPPERS = (
    GREETING,
    CLEFT_NEED,
    r"^\[[^\]\n]{1,30}\]\s*|^(?:fyi|f\.y\.i\.?|heads[\s-]?up|psa|btw|til)\b[\s:,\u2014\u2013-]*",
    SOCIAL,
    r"^(?:(?:any\s+chance|is\s+there\s+(?:any\s+)?way|i\s+was\s+wondering\s+if|wondering\s+if|"
    r"(?:just\s+)?checking\s+(?:whether|if))\s+)?"
    r"(?:(?:are\s+you|would\s+you\s+be|will\s+you\s+be|(?:is\s+)?(?:anyone|someone|somebody))\s+(?:able|free|available)\s+to"
    r"|(?:is|would)\s+it\s+(?:be\s+)?possible\s+(?:for\s+(?:you|someone)\s+)?to"
    r"|(?:can|could|would|will)\s+(?:you|u|ya|someone|somebody|anyone|we|one\s+of\s+you|"
    r"(?:your|the|our)\s+(?:[\w-]+\s+){0,2}?team)"
    r"|(?:we|i)(?:'d|\s+would)\s+be\s+(?:very\s+|really\s+|most\s+)?(?:grateful|thankful|obliged)\s+if\s+(?:you|your\s+team|"
    r"someone|somebody|you\s+all)\s+(?:could|can|would)"
    r"|(?:(?:do\s+you\s+)?think|reckon)\s+(?:you|someone|we)\s+(?:could|can)"
    r"|(?:you|someone|somebody|anyone|we)\s+(?:could|can)|(?:let\s+(?:me|us)\s+know|lmk)\s+if\s+(?:you|u|someone|anyone)"
    r"\s+(?:could|can)|(?:can|could|may)\s+(?:i|we)(?=\s+(?:get|have|grab)\b))\b\s*",
    r"^help\s+(?:me|us)\s+(?:to\s+)?(?=(?:set|create|build|make|write|draft|plan|prepare|fix|get)\b)",
    r"^(?:looking\s+for\s+(?:someone|somebody)\s+to|(?:it\s+)?(?:would|'d)\s+be\s+(?:great|good|nice|awesome|helpful|"
    r"ideal|amazing|lovely)\s+(?:if\s+(?:someone|somebody|you|we)\s+(?:could|can)|to)|(?:i\s+was\s+|i'?m\s+)?hoping\s+"
    r"(?:you|someone|somebody)\s+(?:could|can)|time\s+to|who\s+(?:can|could)|why\s+don'?t\s+(?:we|you)|shall\s+we|"
    r"(?:do|would)\s+you\s+have\s+(?:the\s+|some\s+)?time\s+to|(?:how|what)\s+about)\s+",
    r"^(?:(?:i\s+am|i'?m|we\s+are|we'?re)\s+writing\s+(?:to|for)\s+(?:ask|request)(?:\s+(?:you|if\s+(?:you|someone)\s+"
    r"(?:could|can|would)))?(?:\s+to)?|(?:i|we)\s+(?:would\s+|'d\s+)?(?:(?:kindly|hereby|formally|humbly|also)\s+)?(?:request|ask|beg|urge)"
    r"(?:\s+(?:that\s+)?(?:you|u|your\s+team|the\s+team|someone|somebody)(?:\s+(?:kindly\s+)?to)?|\s+that)?|"
    r"(?:i|we)(?:\s+would|'d)?\s+(?:like|want|wish|prefer)\s+that\s+(?:you|u|someone|somebody|your\s+team|the\s+team)|"
    r"(?:(?:the|our|this|a|an)\s+)?(?:[\w-]+\s+){1,3}(?:requires?|expects?|asks?)\s+(?:that\s+)?(?:we|you)(?:\s+to)?|"
    r"(?:take|grab|handle|own|pick\s+up)\s+(?:this|that)(?:\s+one)?\s*(?:\([^()]{0,80}\)\s*)?[:\-\u2013\u2014]|"
    r"(?:(?:formal|new|quick|urgent|small|campaign|content|workflow|segment|integration|analytics|task)\s+)?"
    r"request(?:\s+from\s+[^:\n]{1,60})?\s*:)\s*",
    r"^(?:please|pls|plz|kindly|quickly|just|maybe|perhaps|go\s+ahead\s+and|be\s+sure\s+to|make\s+sure\s+to|"
    r"remember\s+to|don'?t\s+forget\s+to|do\s+not\s+forget\s+to)\b[\s,:;!-]*",
    r"^(?:(?:i|we)(?:\s+(?:really\s+|still\s+|also\s+)?(?:need|want|would\s+like|would\s+love)|"
    r"'?d\s+(?:really\s+)?(?:like|love))|need|needs)\s+(?:you\s+|someone\s+|somebody\s+|us\s+|them\s+)?to\s+",
    r"^do\s+me\s+a\s+favou?r\s*+(?:and\s+|,\s*)",
    r"^(?:if\s+(?:not|so)|otherwise|failing\s+that|in\s+that\s+case)\s*+[,:;\u2013\u2014-]\s*+",
    r"^[A-Z][\w'-]+\s*,\s*(?=(?:can|could|would|will|please|pls|kindly)\b)",
    r"^(?:someone|somebody|we|you)\s+(?:(?:probably|really|also|just|definitely|urgently)\s+)?"
    r"(?:(?:needs?|has|have|ought)\s+to|must|should)\s+(?:(?:really|also|probably|definitely)\s+)?"
    r"|^need\s+someone\s+to\s+",
    r"^(?:remind\s+me|remember)\s+(?:to\s+|that\s+)?|^(?:reminder|note)\s+(?:(?:for|to)\s+(?:me|myself|self|us)\b\s*+[:\-\u2013\u2014]?\s*+|to\s+|that\s+)|^(?:let'?s|let\s+us)\s+",
    r"^(?:create|add|make|open|log|raise|file|set\s+up|new)\s+(?:me\s+)?(?:a\s+|an\s+|the\s+)?(?:new\s+)?"
    r"(?:task|to-?do|ticket|reminder|action\s+item)\b(?:\s*(?:to|for|that|:|-)(?=\s))?\s*",
    r"^(?:task|to-?do|reminder|action\s+item|new\s+task|tbd|next\s+(?:steps?|up)|(?:the\s+|my\s+|our\s+|main\s+)?ask)"
    r"\s*[:\-]\s*",
)
"""What wraps the work itself, peeled off in turn until nothing more comes away."""
NEED_NOUN = (
    r"^(?:(?:i|we)(?:\s+(?:really\s+|still\s+|also\s+)?(?:need|want|would\s+like|would\s+love)|"
    r"'?d\s+(?:really\s+)?(?:like|love))|need|needs|"
    r"what\s+(?:i|we)(?:\s+[a-z]+){0,2}?\s+(?:need|want|would\s+like)(?:\s+(?:now|today|here|from\s+(?:you|the\s+team)))?\s+is)"
    r"\s+(?:to\s+have\s+|to\s+get\s+)?"
)
"""A need whose object is the work: "we need a segment of ...", "What I need now is an email campaign ..." (the ask
after a story)."""
_GERUND_WRAPPERS = (
    r"^(?:would\s+you\s+mind\b|how\s+about\b|mind\b|(?:(?:it|this|that)(?:'s|\s+is|'d\s+be|\s+(?:might|may|could|would)\s+be)\s+|"
    r"(?:might|may|could|would)\s+be\s+)?(?:(?:probably|maybe|definitely|really|well|also)\s+)*worth(?=\s+\w+ing\b)|(?:(?:i|we)\s+)?(?:need|could\s+use|would\s+love|'d\s+love)\s+"
    r"(?:some\s+|a\s+(?:little\s+|quick\s+)?)?(?:help|hand|assistance)\s+(?:with\s+)?(?=\w+ing\b))\s*"
)
"""Before a gerund: "would you mind writing ...", "need some help building ..." ask for "write", "build"."""
_WISHED_GERUND = (
    r"^(?P<gerund>[a-z]+ing)\b(?P<work>.*?)\s(?:would|'d|will|wud|wld)\s+be\s+(?:really\s+|so\s+|super\s+)?(?:great|grate|"
    r"good|nice|awesome|helpful|ideal|amazing|lovely|brilliant|fantastic|appreciated|perfect|a\s+(?:big\s+|huge\s+)?help)"
    r"(?:\s+(?:thanks|thx|ty|cheers|please|pls))?\W*$"
)
"""Work named by its gerund and wished for: "setting up a referral flow would be great" asks to "set up" it."""
_MADE = {
    "creation": "Create",
    "setup": "Set up",
    "set-up": "Set up",
    "preparation": "Prepare",
    "building": "Build",
    "development": "Develop",
    "design": "Design",
    "launch": "Launch",
    "implementation": "Implement",
}
_NOMINALISED = rf"^(?:the\s+)?(?P<noun>{'|'.join(_MADE)})\s+of\s+"
"""Work named as a noun after a formal request ("I kindly request the creation of a lead nurturing workflow")."""
_LEADING_JUNK = r"^[\s,.;:!?\-\u2013\u2014)(\]]+"
_JUNK_MARKS = frozenset(",.;:!?-\u2013\u2014([")
_JUNK_WORDS = words(
    "and or but by on before until due for at with please pls so then now aim aiming ideally hopefully sometime"
)
"""Joiners left dangling at the end once a deadline or assignee is cut out ("... by", "... and")."""
_THANKS_WORDS = words("thanks thx thnx thanx tx cheers ty ta tia plz")
_SOFTENERS = (
    "if you can",
    "if u can",
    "if ya can",
    "if you could",
    "if u could",
    "if possible",
    "if poss",
    "if you have time",
    "if u have time",
    "when you can",
    "when u can",
    "when you get a chance",
    "when u get a chance",
    "thanks in advance",
    "thx in advance",
    "thank you in advance",
    "much appreciated",
    "thanks a lot",
    "thanks so much",
    "many thanks",
    "if that works",
    "if that's ok",
    "if that's okay",
    "if that's possible",
    "no worries if not",
)
"""Politeness after the work ("fix the sync tmrw if u can", "... when you get a chance, thx"): no part of a title."""
_PRONOUN_FIX = (
    r"^(?P<np>(?:the|our|my|this|that)\s+.{2,60}?)\s+(?:is|are|was|were|keeps?|has|have|had|stopped|isn'?t|aren'?t|"
    r"doesn'?t|don'?t|won'?t|can'?t|seems?|looks?|expires?|broke|fails|returns?|went|\w+ed)\b[^,;.!]*?"
    r"(?:[,;.!\-\u2013\u2014]|\s(?:and|so)\s)\s*(?:(?:someone|somebody|we|you|pls|please|can|could|needs?\s+to|"
    r"has\s+to|must|should|to)\s+)*(?P<verb>[a-z]+(?:\s+(?:into|at|over))?)\s+(?:it|them|this|that|the\s+(?:issue|problem|"
    r"error|bug|glitch|failure|outage|connection))\b(?P<rest>.*)$"
)
""""The Stripe webhook keeps failing - fix it" titles as "Fix the Stripe webhook"."""
_SENTENCE_BREAK = (
    r"(?<=[.!?])(?<!\b[Vv]s\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\b[DdMm]r\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bSt\.)(?<!\bFr\.)"
    r"(?<!\bRev\.)(?<!\bProf\.)(?<!\bCo\.)(?<!\bInc\.)(?<!\bLtd\.)(?<!\b[JS]r\.)\s+|\s*\n\s*"
)
"""Sentences end at a full stop, except after "vs.", "e.g." and "i.e.", a person's title ("Dr. Okafor", "Fr.
Tomas", "St. Mary's") or a company's ("Crumbs & Co. is opening ..."), and at a line break."""
_CLAUSE_BREAK = (
    r"\s*[,;:]\s+|\s+[\u2013\u2014-]+\s+|\s*[\u2192()]\s*|\s+(?:-+>|=>|>)\s+|[!?]+\s*|\.\s*$|"
    r"\s*[\u2600-\u27bf\U0001f000-\U0001faff][\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]*\s*"
)
"""Clauses end at a comma, a colon or a dash, an arrow between steps ("browse abandonment -> wait 2 hours ->
email ..."), and an emoji, which chat writers put where a full stop would go ("... isn't scheduled \U0001f62c
can someone ...")."""
QUOTED = (
    r"(?<![\w'])'[^'\n]{1,60}'(?![\w'])|\"[^\"\n]{1,80}\"|\u2018[^\u2019\n]{1,60}\u2019|\u201c[^\u201d\n]{1,80}\u201d"
)
"""A quoted name ("Zap 'Typeform \u2192 Sheets'", "campaign 'Brand \u2013 EU'"): one thing, never cut into clauses."""


_LIST_MARK = r"(?:^|(?<=\s))\(?\d{1,2}\)(?=\s)"
"""Numbers that mark the items of a list ("Please 1) build the segment and 2) send them the offer")."""


_BULLET = r"^\s*(?:[\u2022\u00b7\u25aa\u25cf\u2023\u2043*]|\d{1,2}\.)\s+"
"""A bullet or an item's number at the start of a line ("\u2022 Email: 14 sends", "1. Segment builder ..."): layout."""


def frame(message: str) -> str:
    """The message with an email's greeting line and sign-off removed, spaces collapsed and lines kept apart.

    "Hi Sam,\\n\\nCould you draft ...?\\n\\nThanks,\\nMaria" is read as "Could you draft ...?": the greeting and
    the signature say nothing about the work, and a name on its own line would otherwise end the title.
    """
    lines = [" ".join(re.sub(_LIST_MARK, "", re.sub(_BULLET, "", line)).split()) for line in message.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > 1 and len(lines[0].split()) <= 4 and re.fullmatch(_GREETING_LINE, lines[0], re.I):
        lines = lines[1:]
    if len(lines) > 1 and len(lines[-1].split()) <= 3 and re.fullmatch(_SIGN_OFF, lines[-2], re.I):
        lines = lines[:-2]
    elif len(lines) > 1 and re.fullmatch(_SIGN_OFF, lines[-1], re.I):
        lines = lines[:-1]
    text = "\n".join(lines)
    if _mostly_upper(text):
        text = re.sub(r"[A-Z]{2,}", lambda m: m.group(0).lower(), text)
    return text


def _mostly_upper(text: str) -> bool:
    """SHOUTED requests are lowered so titles read normally; acronyms in normal text keep their case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def pieces(text: str, start: int, end: int, breaks: str) -> list[Span]:
    """The spans of text[start:end] between the matches of `breaks`, empty ones left out."""
    found, at = [], start
    for m in re.finditer(breaks, text[start:end]):
        if m.start() + start > at:
            found.append((at, m.start() + start))
        at = m.end() + start
    if end > at:
        found.append((at, end))
    return found


def sentences(text: str) -> list[Span]:
    return pieces(text, 0, len(text), _SENTENCE_BREAK)


def clauses(text: str, sentence: Span) -> list[Span]:
    """The clauses of a sentence; a break inside a quoted name is no break (offsets kept: only the name's own
    characters are masked while looking for breaks)."""
    part = text[sentence[0] : sentence[1]]
    kept = re.sub(QUOTED, lambda m: re.sub(r"\S", "x", m.group(0)), part)
    return [(start + sentence[0], end + sentence[0]) for start, end in pieces(kept, 0, len(kept), _CLAUSE_BREAK)]


def blank(text: str, spans: list[Span]) -> str:
    """The text with the spans turned into spaces: offsets stay, the phrases are gone."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start >= pos:
            out.append(text[pos:start])
            out.append(" " * (end - start))
            pos = end
        elif end > pos:
            out.append(" " * (end - pos))
            pos = end
    out.append(text[pos:])
    return "".join(out)


def tidy(text: str) -> str:
    """Collapse the spaces a cut leaves and the punctuation it strands ("delay, , by" -> "delay,")."""
    joined = re.sub(r"\s+", " ", text)
    joined = re.sub(r"\s*,(?:\s*,)+", ",", re.sub(r"\s*\(\s*\)", "", joined))
    return re.sub(r"\s+([,.;:!?])", r"\1", joined).strip()


def strip_wrappers(text: str) -> str:
    """Peel the request wrapper ("Hi! Could you please create a task to ...") off the work itself."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(_LEADING_JUNK, "", text)
        gerund = re.match(_GERUND_WRAPPERS, text, re.I)
        if gerund:
            rest = text[gerund.end() :]
            first, _, tail = rest.partition(" ")
            text = f"{_imperative(first)} {tail}".strip()
        for pattern in WRAPPERS:
            text = re.sub(pattern, "", text, count=1, flags=re.I)
        wished = re.match(_WISHED_GERUND, text, re.I)
        if wished:
            text = f"{_imperative(wished.group('gerund'))}{wished.group('work')}"
        made = re.match(_NOMINALISED, text, re.I)
        if made:  # "the creation of a lead nurturing workflow" -> "Create a lead nurturing workflow"
            text = f"{_MADE[made.group('noun').lower()]} {text[made.end() :]}"
        noun_need = re.match(NEED_NOUN, text, re.I)
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
        while end and (text[end - 1].isspace() or text[end - 1] in _JUNK_MARKS):
            end -= 1
        word = _trailing_word(text, end)
        joiner = word.lower() in _JUNK_WORDS and word != text[:end] and text[end - len(word) - 1].isspace()
        if word and (joiner or word.lower() in _THANKS_WORDS):
            end -= len(word)
        elif word and word.lower() == "you" and _trailing_word(text, _skip_space(text, end - 3)).lower() == "thank":
            end = _skip_space(text, end - 3) - 5
        else:
            tail = text[max(0, end - 24) : end].lower()
            softener = next((p for p in _SOFTENERS if tail.endswith(p) and text[:end] != p), None)
            if softener is None or not text[end - len(softener) - 1].isspace():
                break
            end -= len(softener)
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
    fixed = re.match(_PRONOUN_FIX, core, re.I)
    if fixed:
        np = fixed.group("np")
        core = f"{fixed.group('verb')} {np[0].lower()}{np[1:]}{fixed.group('rest')}"
    title = strip_trailing_junk(core.replace("?", "").strip())
    if len(title) > MAX_TITLE:  # an aside gives way first: "reminders (1 week, 1 day and 1 hour before) for the summit"
        title = strip_trailing_junk(re.sub(r"\s*\([^()]{0,80}\)", "", title))
    if len(title) > MAX_TITLE:
        title = _shorten(title)
    return title[:1].upper() + title[1:] if title else "New task"


def _shorten(title: str) -> str:
    """Cut at a clause boundary when one keeps enough of the title, else at a word boundary."""
    head = title[: MAX_TITLE + 1]
    for boundary in (
        r",\s|\s[\u2013\u2014-]\s",
        r"\s(?:and|so|because|since|then)\s",
        r"\s(?:for|with|to|in|on|about|at|from|via)\s",
    ):
        cuts = [m.start() for m in re.finditer(boundary, head) if 30 <= m.start() <= MAX_TITLE]
        if cuts:
            return strip_trailing_junk(title[: cuts[-1]])
    return strip_trailing_junk(head.rsplit(" ", 1)[0])


def sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip("?!.").strip()
    return f"{text[:1].upper()}{text[1:]}." if text else ""
