"""The default detector: offline, deterministic rules over the request text.

It runs on every message request (`/ai/execute` with a `message`, and each such batch item) and is imported on
the first one, so it must be fast and cheap to import (stdlib `re` and dateutil only) and it must generalise
beyond the examples: it reads the request's *shape* (social filler, request wrapper, question form, imperative
verb, deadline and priority phrases) rather than matching whole sentences.
"""

import re
from datetime import date
from typing import NamedTuple, TypeVar

from taskexec.domain.detector import Detection
from taskexec.domain.due_dates import DueMatch, due_matches
from taskexec.domain.priorities import PriorityMatch, priority_matches
from taskexec.domain.vocabulary import Category, Channel, WorkflowKind

SUGGESTION = (
    'Try: "Create a task to <do something> by <date>", for example '
    '"Create a task to review the spring newsletter campaign by Friday, high priority".'
)
MAX_TITLE = 80

_EMAIL = r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}"
"""An address as RFC 5321 bounds it (local part <= 64, labels <= 63): no hint outgrows a key lookup."""
_HANDLE = r"(?<=@)\w[\w.-]{0,253}(?![\w.-])"
"""An @handle of at most 254 characters; a longer one is no hint at all."""
_OVERLONG = r"[\w.%+-]{65,}+@[\w.-]++|(?<=@)[\w.-]{255,}+"
"""An address or @handle longer than any user's, after an explicit "assign it to": still the caller's hint, so
the service can refuse it by name (422 INVALID_ASSIGNEE) rather than assign the task to someone else. Possessive
and met only after "assign ... to", so it stays linear."""
_ASSIGNEE_PATTERNS = [
    re.compile(
        rf"(?:,?(?<!\s)\s*+\band\s+)?(?:please\s+)?\b(?:re)?assign(?:ed)?\s+(?:it\s+|this\s+|that\s+|the\s+task\s+|them\s+)?"
        rf"to\s*+:?\s*+@?(?P<who>{_EMAIL}|{_HANDLE}|{_OVERLONG})",
        re.I,
    ),
    re.compile(rf"\b(?:assignee|owner)\s*[:=]?\s*@?(?P<who>{_EMAIL})", re.I),
    re.compile(
        rf"(?:,?(?<!\s)\s*+\band\s+)?\b(?:give|hand|delegate)\s+(?:it|this|that)\s+(?:over\s+)?to\s+@?"
        rf"(?P<who>{_EMAIL})",
        re.I,
    ),
    re.compile(rf"\b(?:have|ask|get|let)\s+@?(?P<who>{_EMAIL})\s+(?:to\s+)?", re.I),
    re.compile(rf"\bfor\s+@?(?P<who>{_EMAIL})", re.I),
    re.compile(rf"^\W*+(?P<who>{_EMAIL})\s*+[,:\-]", re.I),
]
"""Assignee clauses. A bare email elsewhere ("send the deck to x@y.com") is a recipient, not an assignee."""

_SOCIAL = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|yo|howdy|greetings|dear\s+\w+|good\s+(?:morning|afternoon|evening|day)|thanks|"
    r"thank\s+you|thx|ty|cheers|ok|okay|cool|great|awesome|perfect|nice|sure|alright|so|also|now|and|then|"
    r"quick\s+(?:one|question|favou?r|request|ask))\b"
    r"(?:\s+(?:so\s+much|a\s+lot|again|there|team|all|everyone|guys|folks|y'all))*[\s!.,:;-]*)+",
    re.I,
)
_CHITCHAT = re.compile(
    r"(?:how\s+are\s+(?:you|u)(?:\s+doing)?(?:\s+today)?|how'?s\s+it\s+going|what'?s\s+up|sup|bye|goodbye|"
    r"good\s*night|see\s+(?:you|ya)(?:\s+\w+)?|lol|haha+|hmm+|help|test(?:ing)?|never\s*mind|nvm|appreciate\s+it|"
    r"(?:good|great|nice)\s+(?:job|work)\b.*|well\s+done.*|i\s+(?:love|like|hate)\s+(?:this|it|you)\b.*|"
    r"are\s+you\s+(?:a\s+bot|human|real|there|ai)|who\s+are\s+you|.*\bjokes?\b.*|"
    r"[^,;.!?]{0,80}\s(?:looks?|looked|seems?|works?|worked)\s+(?:great|good|nice|perfect|fine|amazing|awesome)\b"
    r"[^,;.!?]{0,40}[.!]*)",
    re.I,
)
_EXPLAIN = re.compile(
    r"^(?:please\s+)?(?:explain|describe|define(?!\s+(?:a|an|new)\s)|clarify|teach\s+me|tell\s+me|help\s+me\s+understand|"
    r"what(?:'s|s(?![\s-]?app\b)|\s+is|\s+are|\s+does|\s+do|\s+was)|show\s+me\s+(?:how|what|why|my)|(?:list|show)\s+my\b|"
    r"remind\s+me\s+(?:what|how|why|who|when))\b",
    re.I,
)
_EXPLAIN_VERBS = frozenset({"explain", "tell", "describe", "define", "clarify", "show", "teach", "recommend"})
_POLITE = re.compile(
    r"(?:^|[,.;:!?\-]\s*)(?:(?:any\s+chance|is\s+there\s+(?:any\s+)?way|i\s+was\s+wondering\s+if|i\s+wonder\s+if|"
    r"wondering\s+if|do\s+you\s+think)\s+)?(?:(?:can|could|would|will)\s+(?:you|u|ya|someone|somebody|anyone|we|"
    r"one\s+of\s+you)|you\s+(?:could|can))\s+(?:(?:please|pls|kindly|possibly|maybe|quickly|also|just)\s+)*"
    r"(?P<verb>[a-z'-]+)(?:\s+(?P<obj>[a-z'-]+))?"
    r"|^(?:is\s+it\s+possible\s+(?:for\s+(?:you|someone)\s+)?to|how\s+about|would\s+you\s+mind)\s+(?P<verb2>[a-z'-]+)",
    re.I,
)
_QUESTION = re.compile(
    r"^(?:what|whats(?![\s-]?app\b)|why|how|who|whom|whose|where|when|which|is|are|am|was|were|do|does|did|has|have|had|"
    r"should|shall|may|might|isn'?t|aren'?t|don'?t|doesn'?t|can\s+i|could\s+i|will\s+i|will\s+it|will\s+there)\b",
    re.I,
)
_REQUEST = re.compile(
    r"\b(?:please|pls|plz|kindly|need(?:s|ed)?|let'?s|let\s+us|remind\s+me|reminder|remember\s+to|"
    r"don'?t\s+forget|make\s+sure|should|must|ha(?:s|ve)\s+to|want\s+(?:you\s+|someone\s+)?to|i'?d\s+like|"
    r"i\s+would\s+like|to-?do|task)\b",
    re.I,
)

_VERBS = frozenset(
    [
        "add",
        "adjust",
        "analyse",
        "analyze",
        "announce",
        "approve",
        "archive",
        "arrange",
        "ask",
        "assign",
        "audit",
        "automate",
        "backup",
        "book",
        "brainstorm",
        "brief",
        "build",
        "buy",
        "calculate",
        "call",
        "cancel",
        "change",
        "check",
        "clean",
        "clone",
        "close",
        "collect",
        "compare",
        "compile",
        "complete",
        "configure",
        "confirm",
        "connect",
        "contact",
        "convert",
        "coordinate",
        "copy",
        "create",
        "crunch",
        "debug",
        "decide",
        "delete",
        "deliver",
        "deploy",
        "design",
        "disable",
        "document",
        "download",
        "draft",
        "edit",
        "email",
        "enable",
        "ensure",
        "estimate",
        "evaluate",
        "export",
        "extract",
        "figure",
        "file",
        "finalize",
        "finalise",
        "find",
        "finish",
        "fix",
        "flag",
        "follow",
        "forecast",
        "forward",
        "gather",
        "generate",
        "get",
        "give",
        "hire",
        "hook",
        "host",
        "identify",
        "implement",
        "import",
        "improve",
        "include",
        "install",
        "integrate",
        "interview",
        "investigate",
        "invite",
        "kick",
        "launch",
        "list",
        "localize",
        "localise",
        "look",
        "make",
        "map",
        "measure",
        "merge",
        "migrate",
        "monitor",
        "move",
        "notify",
        "onboard",
        "optimize",
        "optimise",
        "order",
        "organize",
        "organise",
        "outline",
        "pause",
        "pay",
        "plan",
        "post",
        "prepare",
        "present",
        "print",
        "prioritize",
        "proofread",
        "provide",
        "publish",
        "pull",
        "purchase",
        "push",
        "put",
        "reach",
        "rebuild",
        "recap",
        "reconcile",
        "record",
        "redesign",
        "refactor",
        "refresh",
        "register",
        "reinstate",
        "remind",
        "remove",
        "rename",
        "renew",
        "reorganize",
        "repair",
        "replace",
        "reply",
        "report",
        "request",
        "research",
        "reserve",
        "reset",
        "resend",
        "resolve",
        "restart",
        "restore",
        "resume",
        "retarget",
        "review",
        "revise",
        "rewrite",
        "rotate",
        "run",
        "schedule",
        "scope",
        "segment",
        "send",
        "set",
        "setup",
        "share",
        "shorten",
        "sort",
        "spin",
        "start",
        "stop",
        "streamline",
        "submit",
        "summarize",
        "summarise",
        "survey",
        "sync",
        "tag",
        "test",
        "tidy",
        "track",
        "train",
        "transfer",
        "translate",
        "troubleshoot",
        "turn",
        "unpublish",
        "update",
        "upgrade",
        "upload",
        "validate",
        "verify",
        "whitelist",
        "wire",
        "write",
    ]
)
"""Imperative verbs that open a task ("Fix ...", "Review ..."); unknown verbs still pass through the other cues."""

_VERB_HINTS: dict[str, Category] = {
    **dict.fromkeys(
        (
            "analyze",
            "analyse",
            "pull",
            "export",
            "measure",
            "track",
            "calculate",
            "compare",
            "forecast",
            "segment",
            "summarize",
            "summarise",
            "report",
            "audit",
            "crunch",
        ),
        Category.ANALYTICS,
    ),
    **dict.fromkeys(
        ("write", "draft", "rewrite", "translate", "proofread", "edit", "localize", "localise", "publish", "design"),
        Category.CONTENT,
    ),
    **dict.fromkeys(
        ("connect", "integrate", "sync", "hook", "migrate", "rotate", "whitelist", "wire"), Category.INTEGRATION
    ),
    "automate": Category.WORKFLOW,
}
"""The opening verb says what kind of work it is, a little less surely than the object does."""
_VERB_HINT_WEIGHT = 2.05
"""A hair above a keyword of the same weight, so that on a tie the opening verb decides."""
_HEAD_WEIGHT = 2.0
_OBJECT = re.compile(
    r"^\S+\s+(?:(?:up|out|off|together|in)\s+)?(?P<obj>.*?)(?=(?<!\s)\s+(?:for|of|to|on|in|into|with|about|that|who|which|"
    r"and|by|from|so|between|via|at|after|before|when|across|per|using)\b|[,;:.!?]|$)",
    re.I,
)
"""The verb's object up to its first preposition: its last word is the head noun ("subject line *ideas*")."""

_FAMILIES: dict[Category, list[tuple[str, float]]] = {
    Category.ANALYTICS: [
        (r"reports?|reporting", 3),
        (r"dashboards?", 4),
        (r"analy[sz]e[sd]?|analy[sz]ing|analysis|analytics", 3),
        (r"metrics?|kpis?|roi|ctr|nps|ltv", 3),
        (r"segmenting|segmentation", 2),
        (r"export(?:s|ing)?", 2),
        (r"open\s+rates?|click[\s-]?through(?:\s+rates?)?|bounce\s+rates?|conversion\s+rates?", 3),
        (r"conversions?|revenue|traffic|performance|performing|churn|growth|deliverability", 2),
        (r"attribution|cohorts?|forecast(?:s|ing)?|benchmarks?|funnel|lifetime\s+value|insights", 3),
        (r"breakdown|statistics|stats|trends?|results|measure|calculate|survey", 2),
        (r"track(?:ing)?|audit|drop(?:ped)?|impact|activation|spend|csv|data|top\s+\d+", 1),
    ],
    Category.INTEGRATION: [
        (r"integrations?|integrate|sync(?:s|ing|ed)?|webhooks?", 4),
        (r"apis?|api\s+keys?|endpoints?|connectors?|connect|sso|single\s+sign[\s-]on|data\s+pipeline|oauth", 3),
        (r"re-?authenticate|authenticate|hook\s+up|zapier|salesforce", 3),
        (
            r"connection|zaps?|crm|shopify|hubspot|whatsapp|stripe|mailchimp|pipedrive|marketo|twilio|okta|zendesk|"
            r"calendly|klaviyo|woocommerce|magento|intercom|bigquery|snowflake|google\s+sheets|airtable|segment\.com|"
            r"slack\s+integration|import(?:s|er)?|migrat(?:e|ion)|tokens?|plugin|ip\s+range",
            2,
        ),
        (r"slack|typeform|facebook\s+lead\s+ads|google\s+ads|pipeline|field\s+mapping|mapping|two-way", 1),
    ],
    Category.WORKFLOW: [
        (r"workflows?|drip", 4),
        (
            r"automations?|automate[sd]?|sequences?|triggers?|journeys?|flows?|lead\s+scoring|lead\s+routing|"
            r"wait\s+steps?|autoresponders?|cart\s+abandonment|abandoned\s+cart|"
            r"(?:welcome|email|drip|nurture)\s+series",
            3,
        ),
        (r"automated|triggered|nurture|nurturing|routing|auto-\w+", 2),
        (r"onboarding|tags?|tagging|rules?|follow-ups?|abandoned|approval", 1),
    ],
    Category.CAMPAIGN: [
        (r"campaigns?|newsletters?|email\s+blasts?", 3 + 1),
        (r"(?:whats[\s-]?app|sms|txt|text)\s+(?:messages?|msgs?|broadcasts?|blasts?)", 3),
        (
            r"blasts?|broadcasts?|sms|mms|text(?:ing)?\s+(?:messages?|blasts?|campaigns?|alerts?)|promos?|promotions?|promo\s+codes?|coupons?|giveaways?|"
            r"a/b\s+test(?:s|ing)?|ab\s+test(?:s|ing)?|split\s+test(?:s|ing)?|subject\s+lines?|push\s+notifications?|"
            r"mailings?|flash\s+sales?|win-?back|re-?engagement|re-?activation|digests?",
            2,
        ),
        (r"emails?|sale|offers?|discounts?|launch|resend|subscribers", 1),
    ],
    Category.SEGMENT: [
        # A segment as the thing made ("a segment of ...", "new segment - ...", "segment: ...", "segment out");
        # "Segment users by plan" opens with the verb and is an analysis (the verb hint says analytics).
        (r"(?<=\S\s)(?:micro-?)?segments?", 4),
        (r"^segments?(?=\s*+(?:[:\-\u2013(]|(?:for|of|out)\b))", 6),  # the request opens by naming it
        (r"audiences?|lookalikes?|suppression\s+lists?", 1),
    ],
    Category.CONTENT: [
        (r"blog(?:s|\s+posts?)?|e-?books?|whitepapers?|press\s+releases?", 4),
        (
            r"articles?|copy|copywriting|landing\s+pages?|translate|translations?|locali[sz]e|proofread|captions?|"
            r"case\s+stud(?:y|ies)|one-pagers?|style\s+guide|alt\s+text|content|privacy\s+policy|terms\s+of\s+service|"
            r"knowledge\s+base|infographics?|explainer",
            3,
        ),
        (
            r"posts?|faq|homepage|headlines?|graphics?|videos?|scripts?|templates?|descriptions?|social\s+media|"
            r"rewrite|banners?|footer|logos?|taglines?|slogans?|ideas|brochures?|website\s+copy",
            2,
        ),
        (r"pages?|website|text|guides?|draft|edit|linkedin|instagram|redesign", 1),
    ],
    Category.GENERAL: [
        (r"meetings?|invoices?|offsite|1:1|one-on-one|laptops?|business\s+cards?|trademark|lunch|flights?|hotel", 3),
        (
            r"contracts?|budget|slides|deck|interviews?|candidates?|hires?|intern|lease|office|booth|expo|swag|"
            r"printer|gifts?|ssl|certificate|trade\s+show|conference|account\s+manager",
            2,
        ),
        (r"call|domain|subscription|sponsorship|summit|notes|event|travel", 1),
    ],
}
"""Keyword families with weights: the object of the work says its category."""

_COMPILED = {
    category: [(re.compile(rf"(?<![\w/-])(?:{pattern})(?![\w/])", re.I), weight) for pattern, weight in terms]
    for category, terms in _FAMILIES.items()
}
_CHANNELS: tuple[tuple[Channel, re.Pattern[str]], ...] = (
    (Channel.WHATSAPP, re.compile(r"\bwhats[\s-]?app\b", re.I)),
    (
        Channel.SMS,
        re.compile(
            r"\b(?:sms|mms|txts?)\b|\btext(?:ing)?\s+(?:messages?|blasts?|campaigns?|alerts?|reminders?)\b|\btexts?\s+to\b",
            re.I,
        ),
    ),
    (Channel.EMAIL, re.compile(r"\be-?mails?\b|\bnewsletters?\b|\binbox\b|\bmailings?\b", re.I)),
)
"""The words that name where a campaign goes; the first one named wins ("an SMS follow-up to the email")."""
_KINDS: tuple[tuple[WorkflowKind, re.Pattern[str]], ...] = (
    (WorkflowKind.ONBOARDING, re.compile(r"\bon-?board(?:ing|s|ed)?\b|\bgetting[\s-]started\b", re.I)),
    (WorkflowKind.NURTURE, re.compile(r"\bnurtur(?:e|es|ed|ing)\b|\blead\s+warming\b", re.I)),
    (
        WorkflowKind.RETENTION,
        re.compile(
            r"\bretention\b|\bretain(?:ing)?\b|\bwin[\s-]?back\b|\bchurn(?:ed)?\b|\bre-?engag\w*|\bre-?activat\w*|"
            r"\blaps(?:e|ed|ing)\b|\bdormant\b|\binactiv(?:e|ity)\b|\bcancell?ations?\b|\bdowngrad\w*|\bat[\s-]risk\b",
            re.I,
        ),
    ),
)
"""The words that say what a workflow is for; the first one named wins. Anything else is a GENERAL workflow."""
_V = TypeVar("_V", Channel, WorkflowKind)
_SEGMENT_WORD = re.compile(r"\b(?:segments?|audiences?)\b", re.I)
_RULE_LEAD = re.compile(r"\s*+(?:(?:of|for|out|with|containing)\b|[:\-\u2013])?\s*+", re.I)

# Words after these describe the topic or the audience, not the kind of work ("an ebook on marketing
# automation", "customers who bought twice"), so they count half.
_TOPIC = re.compile(r"\b(?:about|on|regarding|per|who|that|which|whose|when|explaining)\b", re.I)

_WRAPPERS = [
    _SOCIAL,
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
_NEED_NOUN = re.compile(r"^(?:(?:i|we)\s+(?:really\s+)?(?:need|want|would\s+like|'d\s+like)|need|needs)\s+", re.I)
_GERUND_WRAPPERS = re.compile(r"^(?:would\s+you\s+mind|how\s+about|mind)\s+", re.I)
_LEADING_JUNK = re.compile(r"^[\s,.;:!?\-\u2013)(\]]+")
_JUNK_MARKS = frozenset(",.;:!?-\u2013([")
_JUNK_WORDS = frozenset(
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
_THANKS_WORDS = frozenset({"thanks", "thx", "cheers", "ty"})
_PRONOUN_FIX = re.compile(
    r"^(?P<np>(?:the|our|my|this|that)\s+.{2,60}?)\s+(?:is|are|was|were|keeps?|has|have|had|stopped|isn'?t|aren'?t|"
    r"doesn'?t|don'?t|won'?t|can'?t|seems?|looks?|expires?|expired|broke|failed|fails|returns?)\b[^,;.!]*?"
    r"(?:[,;.!\-\u2013]|\s(?:and|so)\s)\s*(?:(?:someone|somebody|we|you|pls|please|can|could|needs?\s+to|has\s+to|"
    r"must|should|to)\s+)*(?P<verb>[a-z]+)\s+(?:it|them|this|that)\b(?P<rest>.*)$",
    re.I,
)


class _Parsed(NamedTuple):
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


class RulesDetector:
    """Offline detection from the text's shape and vocabulary; never raises on any input."""

    name = "rules"

    def detect(self, message: str, today: date) -> Detection:
        parsed = _parse(message, today)
        scores = _category_scores(parsed.core)
        if not _is_task(parsed, scores):
            return Detection(is_task=False, suggestion=SUGGESTION, detector=self.name)
        category = _best_category(scores)
        return Detection(
            is_task=True,
            category=category,
            channel=_first_named(_CHANNELS, parsed.core) if category is Category.CAMPAIGN else None,
            kind=_first_named(_KINDS, parsed.core) if category is Category.WORKFLOW else None,
            segment_rule=_segment_rule(parsed.core) if category is Category.SEGMENT else None,
            title=_title(parsed.core),
            description=_sentence(_strip_wrappers(parsed.text)),
            priority=parsed.priorities[0].priority if parsed.priorities else None,
            due_date=parsed.dues[0].due if parsed.dues else None,
            assignee_hint=parsed.assignee,
            detector=self.name,
        )


def _parse(message: str, today: date) -> _Parsed:
    text = re.sub(r"\s+", " ", message).strip()
    if _mostly_upper(text):
        text = re.sub(r"[A-Z]{2,}", lambda m: m.group(0).lower(), text)
    spans: list[tuple[int, int]] = []
    assignee = None
    for pattern in _ASSIGNEE_PATTERNS:
        m = pattern.search(text)
        if m:
            assignee = m.group("who").rstrip(".")
            spans.append(m.span())
            break
    priorities = priority_matches(text)
    dues = due_matches(text, today)
    spans += [(p.start, p.end) for p in priorities] + [(d.start, d.end) for d in dues]
    core = _strip_wrappers(_cut(text, spans))
    return _Parsed(text=text, core=core, assignee=assignee, priorities=priorities, dues=dues)


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


def _strip_wrappers(text: str) -> str:
    """Peel the request wrapper ("Hi! Could you please create a task to ...") off the work itself."""
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_JUNK.sub("", text)
        gerund = _GERUND_WRAPPERS.match(text)
        if gerund:
            rest = text[gerund.end() :]
            first, _, tail = rest.partition(" ")
            text = f"{_imperative(first)} {tail}".strip()
        for pattern in _WRAPPERS:
            text = pattern.sub("", text, count=1)
        noun_need = _NEED_NOUN.match(text)
        if noun_need:
            rest = text[noun_need.end() :]
            text = rest if _first_word(rest) in _VERBS else f"Prepare {rest}"
    return _strip_trailing_junk(text).strip()


def _strip_trailing_junk(text: str) -> str:
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


def _first_word(text: str) -> str:
    m = re.match(r"[a-z'-]+", text.lower())
    return m.group(0) if m else ""


def _is_task(parsed: _Parsed, scores: dict[Category, float]) -> bool:
    """Tasks ask for work; greetings, thanks, chit-chat and questions about things do not.

    Polite requests phrased as questions ("Can you analyze ...?") are tasks unless what they ask for is an
    explanation ("Can you explain ...?").
    """
    lowered = _SOCIAL.sub("", parsed.text.lower()).strip(" ?!.")
    if not lowered or _CHITCHAT.fullmatch(lowered) or _EXPLAIN.match(lowered):
        return False
    polite = _POLITE.search(lowered)
    if polite:
        verb = polite.group("verb") or polite.group("verb2")
        obj = polite.group("obj") or ""
        return verb not in _EXPLAIN_VERBS and not (verb == "help" and obj == "me" and "understand" in lowered)
    if _QUESTION.match(lowered):
        return False
    if _REQUEST.search(lowered) or _first_word(parsed.core) in _VERBS:
        return True
    best = max(scores.values())
    return (best >= 3 and not parsed.text.rstrip().endswith("?")) or (best > 0 and parsed.has_signal)


def _category_scores(core: str) -> dict[Category, float]:
    topic = _TOPIC.search(core)
    topic_at = topic.start() if topic else len(core)
    scores = dict.fromkeys(_COMPILED, 0.0)
    for category, terms in _COMPILED.items():
        for pattern, weight in terms:
            for m in pattern.finditer(core):
                scores[category] += weight if m.start() < topic_at else weight / 2
    hint = _VERB_HINTS.get(_first_word(core))
    if hint is not None:
        scores[hint] += _VERB_HINT_WEIGHT
    head = _head_category(core)
    if head is not None:
        scores[head] += _HEAD_WEIGHT
    return scores


def _first_named(vocabulary: tuple[tuple[_V, re.Pattern[str]], ...], core: str) -> _V | None:
    """The value whose words come first in the work itself; words in its topic or audience ("for customers who
    prefer WhatsApp") count only when the work names none."""
    topic = _TOPIC.search(core)
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
    m = _SEGMENT_WORD.search(core)
    if m is None:
        return None
    lead = _RULE_LEAD.match(core, m.end())
    rest = core[lead.end() if lead else m.end() :]
    colon = rest.find(": ")
    if 0 <= colon <= 40:
        rest = rest[colon + 2 :]
    rest = _strip_trailing_junk(rest).strip()
    return f"{rest[:1].upper()}{rest[1:]}" if rest else None


def _head_category(core: str) -> Category | None:
    """The family of the object's head noun: what is being made says more than the words around it."""
    m = _OBJECT.match(core)
    obj = m.group("obj").rstrip() if m else ""
    for category, terms in _COMPILED.items():
        if any(match.end() == len(obj) for pattern, _ in terms for match in pattern.finditer(obj)):
            return category
    return None


def _best_category(scores: dict[Category, float]) -> Category:
    category, best = max(scores.items(), key=lambda item: item[1])
    return category if best > 0 else Category.GENERAL


def _title(core: str) -> str:
    """An imperative, capitalised title of at most MAX_TITLE characters."""
    fixed = _PRONOUN_FIX.match(core)
    if fixed:
        np = fixed.group("np")
        core = f"{fixed.group('verb')} {np[0].lower()}{np[1:]}{fixed.group('rest')}"
    title = _strip_trailing_junk(core.replace("?", "").strip())
    if len(title) > MAX_TITLE:
        title = _shorten(title)
    return title[:1].upper() + title[1:] if title else "New task"


def _shorten(title: str) -> str:
    """Cut at a clause boundary when one keeps enough of the title, else at a word boundary."""
    head = title[: MAX_TITLE + 1]
    for boundary in (r",\s", r"\s(?:and|so|because|since|then)\s", r"\s(?:for|with|to|in|on|about)\s"):
        cuts = [m.start() for m in re.finditer(boundary, head) if 30 <= m.start() <= MAX_TITLE]
        if cuts:
            return _strip_trailing_junk(title[: cuts[-1]])
    return _strip_trailing_junk(head.rsplit(" ", 1)[0])


def _sentence(text: str) -> str:
    text = text.strip().rstrip("?!.").strip()
    return f"{text[:1].upper()}{text[1:]}." if text else ""
