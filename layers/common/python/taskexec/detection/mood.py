"""Whether a message asks for work: greetings, thanks, chit-chat and questions about things do not."""

import re

from taskexec.detection.text import SOCIAL, Parsed, first_word
from taskexec.detection.vocabulary import VERBS
from taskexec.domain.vocabulary import Category

CHITCHAT = re.compile(
    r"(?:how\s+are\s+(?:you|u)(?:\s+doing)?(?:\s+today)?|how'?s\s+it\s+going|what'?s\s+up|sup|bye|goodbye|"
    r"good\s*night|see\s+(?:you|ya)(?:\s+\w+)?|lol|haha+|hmm+|help|test(?:ing)?|never\s*mind|nvm|appreciate\s+it|"
    r"(?:good|great|nice)\s+(?:job|work)\b.*|well\s+done.*|i\s+(?:love|like|hate)\s+(?:this|it|you)\b.*|"
    r"are\s+you\s+(?:a\s+bot|human|real|there|ai)|who\s+are\s+you|.*\bjokes?\b.*|"
    r"[^,;.!?]{0,80}\s(?:looks?|looked|seems?|works?|worked)\s+(?:great|good|nice|perfect|fine|amazing|awesome)\b"
    r"[^,;.!?]{0,40}[.!]*)",
    re.I,
)
EXPLAIN = re.compile(
    r"^(?:please\s+)?(?:explain|describe|define(?!\s+(?:a|an|new)\s)|clarify|teach\s+me|tell\s+me|help\s+me\s+understand|"
    r"what(?:'s|s(?![\s-]?app\b)|\s+is|\s+are|\s+does|\s+do|\s+was)|show\s+me\s+(?:how|what|why|my)|(?:list|show)\s+my\b|"
    r"remind\s+me\s+(?:what|how|why|who|when))\b",
    re.I,
)
EXPLAIN_VERBS = frozenset({"explain", "tell", "describe", "define", "clarify", "show", "teach", "recommend"})
POLITE = re.compile(
    r"(?:^|[,.;:!?\-]\s*)(?:(?:any\s+chance|is\s+there\s+(?:any\s+)?way|i\s+was\s+wondering\s+if|i\s+wonder\s+if|"
    r"wondering\s+if|do\s+you\s+think)\s+)?(?:(?:can|could|would|will)\s+(?:you|u|ya|someone|somebody|anyone|we|"
    r"one\s+of\s+you)|you\s+(?:could|can))\s+(?:(?:please|pls|kindly|possibly|maybe|quickly|also|just)\s+)*"
    r"(?P<verb>[a-z'-]+)(?:\s+(?P<obj>[a-z'-]+))?"
    r"|^(?:is\s+it\s+possible\s+(?:for\s+(?:you|someone)\s+)?to|how\s+about|would\s+you\s+mind)\s+(?P<verb2>[a-z'-]+)",
    re.I,
)
QUESTION = re.compile(
    r"^(?:what|whats(?![\s-]?app\b)|why|how|who|whom|whose|where|when|which|is|are|am|was|were|do|does|did|has|have|had|"
    r"should|shall|may|might|isn'?t|aren'?t|don'?t|doesn'?t|can\s+i|could\s+i|will\s+i|will\s+it|will\s+there)\b",
    re.I,
)
REQUEST = re.compile(
    r"\b(?:please|pls|plz|kindly|need(?:s|ed)?|let'?s|let\s+us|remind\s+me|reminder|remember\s+to|"
    r"don'?t\s+forget|make\s+sure|should|must|ha(?:s|ve)\s+to|want\s+(?:you\s+|someone\s+)?to|i'?d\s+like|"
    r"i\s+would\s+like|to-?do|task)\b",
    re.I,
)


def asks_for_work(parsed: Parsed, scores: dict[Category, float]) -> bool:
    """Tasks ask for work; greetings, thanks, chit-chat and questions about things do not.

    Polite requests phrased as questions ("Can you analyze ...?") are tasks unless what they ask for is an
    explanation ("Can you explain ...?").
    """
    lowered = SOCIAL.sub("", parsed.text.lower()).strip(" ?!.")
    if not lowered or CHITCHAT.fullmatch(lowered) or EXPLAIN.match(lowered):
        return False
    polite = POLITE.search(lowered)
    if polite:
        verb = polite.group("verb") or polite.group("verb2")
        obj = polite.group("obj") or ""
        return verb not in EXPLAIN_VERBS and not (verb == "help" and obj == "me" and "understand" in lowered)
    if QUESTION.match(lowered):
        return False
    if REQUEST.search(lowered) or first_word(parsed.core) in VERBS:
        return True
    best = max(scores.values())
    return (best >= 3 and not parsed.text.rstrip().endswith("?")) or (best > 0 and parsed.has_signal)
