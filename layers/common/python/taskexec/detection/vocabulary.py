"""The rules detector's vocabulary: the verbs that open a task, the words that name each category, channel and
workflow kind, with their weights.

Words only: how a message is taken apart is in text.py, whether it asks for work in mood.py, and what it asks for
in rules.py.
"""

import re

from taskexec.domain.vocabulary import Category, Channel, WorkflowKind

VERBS = frozenset(
    """
add adjust analyse analyze announce approve archive arrange ask assign audit automate backup book brainstorm
brief build buy calculate call cancel change check clean clone close collect compare compile complete
configure confirm connect contact convert coordinate copy create crunch debug decide delete deliver deploy
design disable document download draft edit email enable ensure estimate evaluate export extract figure file
finalize finalise find finish fix flag follow forecast forward gather generate get give hire hook host
identify implement import improve include install integrate interview investigate invite kick launch list
localize localise look make map measure merge migrate monitor move notify onboard optimize optimise order
organize organise outline pause pay plan post prepare present print prioritize proofread provide publish pull
purchase push put reach rebuild recap reconcile record redesign refactor refresh register reinstate remind
remove rename renew reorganize repair replace reply report request research reserve reset resend resolve
restart restore resume retarget review revise rewrite rotate run schedule scope segment send set setup share
shorten sort spin start stop streamline submit summarize summarise survey sync tag test tidy track train
transfer translate troubleshoot turn unpublish update upgrade upload validate verify whitelist wire write
    """.split()  # noqa: SIM905 (one string holds 190 verbs in 13 lines)
)
"""Imperative verbs that open a task ("Fix ...", "Review ..."); unknown verbs still pass through the other cues."""

VERB_HINTS: dict[str, Category] = {
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
VERB_HINT_WEIGHT = 2.05
"""A hair above a keyword of the same weight, so that on a tie the opening verb decides."""
HEAD_WEIGHT = 2.0
OBJECT = re.compile(
    r"^\S+\s+(?:(?:up|out|off|together|in)\s+)?(?P<obj>.*?)(?=(?<!\s)\s+(?:for|of|to|on|in|into|with|about|that|who|which|"
    r"and|by|from|so|between|via|at|after|before|when|across|per|using)\b|[,;:.!?]|$)",
    re.I,
)
"""The verb's object up to its first preposition: its last word is the head noun ("subject line *ideas*")."""

FAMILIES: dict[Category, list[tuple[str, float]]] = {
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

COMPILED = {
    category: [(re.compile(rf"(?<![\w/-])(?:{pattern})(?![\w/])", re.I), weight) for pattern, weight in terms]
    for category, terms in FAMILIES.items()
}
CHANNELS: tuple[tuple[Channel, re.Pattern[str]], ...] = (
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
KINDS: tuple[tuple[WorkflowKind, re.Pattern[str]], ...] = (
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
SEGMENT_WORD = re.compile(r"\b(?:segments?|audiences?)\b", re.I)
RULE_LEAD = re.compile(r"\s*+(?:(?:of|for|out|with|containing)\b|[:\-\u2013])?\s*+", re.I)

# Words after these describe the topic or the audience, not the kind of work ("an ebook on marketing
# automation", "customers who bought twice"), so they count half.
TOPIC = re.compile(r"\b(?:about|on|regarding|per|who|that|which|whose|when|explaining)\b", re.I)
