"""A task's type within its category: a campaign's channel, a workflow's kind, a segment's rule.

Read once the category is known (rules.py), in the work the request asks for; the words are pattern text, searched
with `re`'s own cache, so nothing is compiled at import.
"""

import re
from typing import TypeVar

from taskexec.detection import text
from taskexec.detection.scoring import topic_start
from taskexec.domain.vocabulary import Channel, WorkflowKind

_V = TypeVar("_V", Channel, WorkflowKind)

CHANNELS: tuple[tuple[Channel, str], ...] = (
    (
        Channel.WHATSAPP,
        r"\bwhats[\s-]?app\b|\bwa\s+(?:broadcasts?|blasts?|messages?|msgs?|campaigns?|templates?)\b|"
        r"\b(?:over|via|on|through|by)\s+wa\b",
    ),
    (
        Channel.SMS,
        r"^(?:text|txt|sms)\b|\b(?:sms|mms|txts?)\b|\btext(?:ing)?\s+(?:messages?|blasts?|campaigns?|alerts?|reminders?)\b"
        r"|\btexts?\s+to\b|\b(?:send|shoot|fire\s+off|drop)\s+(?:out\s+)?(?:an?\s+|some\s+)?(?:quick\s+)?texts?\b"
        r"|\b(?:by|via|over|through)\s+text\b"
        r"|\b(?:to\s+)?text\s+(?:all|every\w*|our|the|them|our|those|these|customers|members|subscribers|people)\b",
    ),
    (Channel.EMAIL, r"\be-?mails?\b|\bmails?\b|\bnewsletters?\b|\binbox\b|\bmailings?\b|\bmailers?\b"),
)
"""The words that name where a campaign goes; the first one named wins ("an SMS follow-up to the email"). "text"
as a verb sends an SMS ("Text all VIP members ...", "we need to text lapsed members")."""
KINDS: tuple[tuple[WorkflowKind, str], ...] = (
    (WorkflowKind.ONBOARDING, r"\bon-?board(?:ing|s|ed)?\b|\bgetting[\s-]started\b|\bwelcome\b"),
    (
        WorkflowKind.NURTURE,
        r"\bnurtur(?:e|es|ed|ing)\b|\blead\s+warming\b|\bwarm(?:s|ing)?\s+(?:\w+\s+){0,3}?up\b|"
        r"\bready\s+to\s+(?:buy|talk\s+to\s+sales|book\s+a\s+(?:demo|call|visit)|sign)\b|"
        r"\b(?:toward|towards|into|onto|to)\s+(?:the\s+|a\s+|our\s+)?(?:paid|pro|premium|paying|full)\s+(?:plans?|tiers?|"
        r"subscriptions?|memberships?|versions?|accounts?|customers?|users?)\b|\bupgrad(?:e|es|ing)\s+(?:to|their|them)\b|"
        r"\b(?:trial|free|freemium)[\s-]to[\s-](?:paid|premium|pro)\b|\bconver(?:t|ts|ting|sion)\s+(?:them\s+)?(?:to|into)\s+"
        r"(?:paid|paying|premium)\b",
    ),
    (
        WorkflowKind.RETENTION,
        r"\bretention\b|\bretain(?:ing)?\b|\bwin[\s-]?back\b|\bchurn(?:ed)?\b|\bre-?engag\w*|\bre-?activat\w*|"
        r"\blaps(?:e|ed|ing)\b|\bdormant\b|\binactiv(?:e|ity)\b|\bcancell?ations?\b|\bdowngrad\w*|\bat[\s-]risk\b|"
        r"\bcancel+ed\b|\bcancel+(?:s|ing)?\s+(?:(?:their|the|a|my)\s+)?(?:plan|subscription|membership|account)\b|"
        r"\bsave[\s-]the[\s-](?:subscription|account|customer|member(?:ship)?|sale)\b|"
        r"\b(?:so|before)\s+(?:that\s+)?(?:they|customers|students|members|users)\s+(?:don'?t|do\s+not|never)\s+"
        r"(?:drop\s+out|leave|quit|churn|cancel|lapse)\b|"
        r"\bwin\s+(?:them|(?:\w+\s+)?customers|users)\s+back\b|"
        r"\bbring\s+(?:them|(?:\w+\s+)?customers|users|people)\s+back\b|"
        r"\brenew(?:al|als|ing|s)?\b|(?<!trial\s)(?<!trial-)\bexpir(?:y|es?|ing|ed|ation)\b|\bdunning\b|"
        r"\bfailed\s+(?:card\s+|credit\s+card\s+)?(?:payments?|charges?)\b|\bpayment\s+failures?\b|"
        r"\b(?:payments?|charges?|cards?)\s+(?:fails?|failed|failing|bounces?|bounced|(?:is\s+|gets?\s+)?declined)\b|"
        r"\bwe[\s-]miss[\s-]you\b|"
        r"(?<=[\s-])cancel+(?:ed|ing|s)?\b|\bkeep\s+(?:\w+\s+)?(?:customers|subscribers|members|users)\s+from\b|\bsave\s+(?:offers?|flows?|journeys?|sequences?)\b|\bpause[\s-]instead\b|"
        r"\bcom(?:e|es|ing)[\s-]back\b|\bkeep\s+(?:them|\w+)\s+returning\b|\brepeat\s+(?:buyers|purchases|orders)\b|"
        r"\blos(?:e|es|ing)\s+(?:\w+\s+)?(?:people|customers|users|members|subscribers|clients)\b|"
        r"\b(?:haven'?t|have\s+not|hasn'?t|not)\s+(?:ordered|bought|purchased|visited|logged\s+in|opened|engaged|shopped|"
        r"booked|attended|used|donated)\s+(?:[\w'-]+\s+){0,3}?(?:(?:in|for)\s+(?:the\s+last\s+|over\s+)?(?:\d+|a|an|"
        r"one|two|three|six|several|months|weeks|ages|a\s+while)|since)\b|"
        r"\b(?:stopped|quit|gave\s+up)\s+(?:\w+ing|coming|showing\s+up)\b|"
        r"\b(?:bought|ordered|gave|donated|visited|attended|booked|stayed|shopped|renewed)\s+(?:[\w'-]+\s+){0,4}?but\s+"
        r"(?:not|never|haven'?t|hasn'?t|didn'?t)\s+(?:\w+\s+)?(?:this|since|again|in\s+the\s+last)\b|"
        r"\b(?:warrant(?:y|ies)|subscriptions?|contracts?|memberships?|plans?|polic(?:y|ies)|leases?|passes|"
        r"prescriptions?|licen[cs]es)\s+(?:(?:is|are)\s+)?(?:about\s+to\s+|going\s+to\s+|set\s+to\s+)?"
        r"(?:runs?\s+out|ends?|ending|lapses?|lapsing|running\s+out)\b",
    ),
)
"""The words that say what a workflow is for; the first one named wins. A welcome series onboards; moving free or
trial users toward a paid plan nurtures them (they are not customers yet); renewals,
expiring plans, failed payments and a cancellation's save offer keep a customer, as win-back does ("Cancel the
webinar workflow" opens with the verb: it is no save flow)."""
FALLBACK_KINDS: tuple[tuple[WorkflowKind, str], ...] = (
    (
        WorkflowKind.GENERAL,
        r"\binternal\b|\bdigests?\b|\bsummar(?:y|ies)\b|\bslack\s+(?:alerts?|messages?|notifications?|posts?|pings?)\b|\b(?:alert|heads-?up|notif(?:y|ies|ication)|ping|post|report)s?\s+"
        r"(?:to\s+|in\s+|for\s+)?(?:the\s+|our\s+|a\s+)?(?:[\w#-]+\s+){0,2}?(?:team|channel|manager|managers|reps?|"
        r"owners?|finance|sales|ops|slack|#[\w-]+)\b|"
        r"\b(?:auto-?)?(?:assign|rout|distribut|scor|dedup|enrich|alloc|qualif)\w*\s+(?:(?:new|"
        r"inbound|incoming|all|the|our|cold|web|form)\s+){0,2}(?:leads|prospects|mqls)\b|"
        r"\bas\s+(?:an?\s+)?(?:(?:hot|warm|cold|qualified|sales-?ready|marketing-?qualified|new)\s+)?"
        r"(?:leads?|prospects?|mqls?|sqls?)\b",
    ),
    (
        WorkflowKind.ONBOARDING,
        r"\bnew(?:ly)?[\s-]+(?:\w+\s+)?(?:customers|users|members|sign-?ups|subscribers|clients|accounts|hires|students|"
        r"trialists|patients|owners|franchisees|sellers|merchants|employees|joiners|registrants|installs)\b|"
        r"\bfirst\s+(?:purchase|order)\b|\bfirst[\s-]time\s+[a-z]+(?:ers|ors|ents|ants|ests|s)\b|\b(?:just|recently|newly)\s+(?:signed\s+up|joined|registered|installed|"
        r"subscribed|activated|enrol+ed|admitted|hired|arrived|moved\s+in|started)\b|"
        r"\b(?:first|initial)[\s-](?:week|days?|login|session|month|\d+\s+days)\b",
    ),
    (
        WorkflowKind.NURTURE,
        r"\b(?:cold\s+|new\s+|inbound\s+)?(?:leads|prospects|mqls)\b(?!\s+(?:scor|rout))|"
        r"\b(?:every|each|any|a\s+new|new)\s+(?:[\w-]+\s+){0,2}?(?:lead|prospect|enquiry|inquiry)\b(?!\s+(?:scor|rout))|"
        r"\b(?:haven'?t|have\s+not|never|not\s+yet|hasn'?t)\s+(?:yet\s+)?(?:bought|purchased|converted|booked|upgraded|"
        r"signed|enrol+ed|subscribed|committed|ordered)\b|"
        r"\b(?:didn'?t|don'?t|did\s+not|do\s+not|doesn'?t|but\s+not|not\s+yet)\s+(?:yet\s+)?(?:buy|purchase|convert|book|"
        r"upgrade|sign|enrol+|subscribe|commit|order)\b|\bask(?:s|ed|ing)?\s+(?:for\s+)?(?:the\s+|a\s+|our\s+)?"
        r"(?:price|prices|pricing|quotes?|rates)\b|"
        r"\b(?:downloaded|requested|grabbed|asked\s+for)\s+(?:a|an|the|our)\s+(?:[\w'-]+\s+){0,2}?(?:guide|brochure|"
        r"e-?book|whitepaper|checklist|quote|demo|price\s+list|catalogu?e|prospectus|info\s+pack)\b|"
        r"\bfreemium\b|\bfree[\s-](?:plan|tier)\s+(?:users|members|accounts|customers)\b",
    ),
    (
        WorkflowKind.RETENTION,
        r"\bloyal(?:ty|ists?)\b|\brewards?\b|\bpoints\b|\b(?:gold|silver|platinum|vip)\s+(?:tiers?|members|status)\b|"
        r"\bappreciation\b|\banniversar(?:y|ies)\b|\breplenish\w*|\brefills?\b|\bre-?orders?\b|\brepurchas\w*|"
        r"\b(?:repeat|frequent|loyal|returning)\s+(?:customers|shoppers|buyers|members)\b|\bsecond\s+(?:order|purchase)\b",
    ),
)
"""When no purpose word is said: a workflow for new customers onboards, one for leads, for people who have not bought,
booked or enrolled yet or who asked for a guide or a quote nurtures, and a bare drip nurtures when its audience says
nothing more ("a drip for ebook downloaders" is NURTURE, "a welcome drip" and "a drip for newly enrolled students"
ONBOARDING); one that handles leads (assigns, routes,
scores or qualifies them, or marks people as leads: "tag contacts who ... as hot leads") is GENERAL, whoever the
leads are; tagging leads ("an automation that tags new leads from the webinar") still nurtures them. A loyalty or
rewards journey (points, tiers, repeat buyers) keeps customers; an internal one (a digest, a summary, an alert to a
team or a channel) is GENERAL whoever it is about ("an internal digest of new sign-ups"). The first named wins."""
ROUTES_LEADS = (
    r"\b(?:auto-?)?(?:re-?assign|assign|rout|distribut|scor|dedup|enrich|alloc|qualif|spread|flag|mov)\w*\s+"
    r"(?:[\w-]+\s+){0,3}?(?:leads|prospects|mqls)\b|\bround[\s-]robin\b|"
    r"\b(?:hand|pass|push|forward|send|giv)(?:s|es|ing|ed|e)?\s+(?:[\w-]+\s+){0,3}?(?:leads|prospects|mqls)\s+"
    r"(?:(?:over|off|on)\s+)?(?:to|between|among)\s+(?:the\s+|our\s+|their\s+)?(?:[\w-]+\s+)?(?:owners?|reps?|"
    r"sales|sdrs?|bdrs?|aes?|team|managers?|agents?|account\s+(?:owners?|managers?|execs?))\b|"
    r"\b(?:assign|rout|hand|pass|giv|allocat|distribut)\w*\s+(?:it|them|the\s+lead|that\s+lead|each\s+one)\s+"
    r"(?:(?:over|off|on)\s+)?to\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:reps?|owners?|agents?|"
    r"salesperson|sales|sdrs?|bdrs?|aes?|team|managers?|advisors?|counsel+ors?|consultants?)\b"
)
"""Leads handed out to people (assigned, routed, passed to their owners, round-robin): routing, GENERAL, whoever
the leads are and however new, so it is read before the audience's fallback ("new leads" nurture)."""
_INTERNAL_ACTION = (
    r"\b(?:open|create|raise|file|log)s?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:tickets?|tasks?|cases?|issues?)\b|"
    r"\b(?:alert|notify|ping|page|message|email|slack)s?\s+(?:the\s+|our\s+|their\s+)?(?:[\w#-]+\s+)?(?:team|channel|"
    r"owners?|managers?|reps?|ops|finance|on-?call|pool|staff|desk|nurses|doctors|admins?|coordinators?|supervisors?|"
    r"dispatch|crew)\b|\bpost\s+(?:a\s+(?:message|note)\s+)?(?:in|to)\s+#|"
    r"\b(?:auto-?)?rout\w*\s+to\s+(?:the\s+|our\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:team|queue|desk|inbox|department)\b"
)
"""What a workflow does for the team: a ticket or a task opened, an owner or a channel alerted."""
_TO_CUSTOMERS = (
    r"\b(?:e-?mails?|sms|texts?|whats[\s-]?app|messages?|offers?|discounts?|reminders?|sequences?|series|nudges?)\s+"
    r"(?:to\s+)?(?:them|(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?(?:customers?|members?|subscribers?|users?|donors?|"
    r"patients?|guests?|buyers?|shoppers?|clients?))\b"
)
"""A message to the customers themselves: with it the workflow is for them, whatever the team is told."""
_PURPOSE = r"\b(?:retention|win[\s-]?back|re-?engag\w*|on-?boarding|welcome|nurtur\w*|drips?)\b"
"""Words that say what a workflow is for, not what starts it: they name its kind even when it alerts the team."""
SEGMENT_WORD = r"\b(?:segments?|audiences?|list|group)\b"
RULE_LEAD = r"\s*+(?:(?:of|for|out|with|containing)\b|[:\-\u2013])?\s*+"

_THING_CANCELLED = (
    r"\b(?:bookings?|reservations?|appointments?|orders?|classes|class|sessions?|events?|tables?|slots?|flights?|"
    r"shifts?|meetings?|deliver(?:y|ies)|tours?|visits?)\s+(?:(?:in|at|on|for|from)\s+\S+\s+)?"
    r"(?:(?:is|are|was|were|gets?|got|being|has\s+been)\s+)?"
    r"cancel+(?:ed|s|ations?)?\b|\bcancel+(?:ed|ations?\s+of)\s+(?:an?\s+|the\s+)?(?:bookings?|reservations?|"
    r"appointments?|orders?|classes|sessions?|events?|tables?|slots?|flights?|shifts?|meetings?|tours?|visits?)\b"
)
"""A booking, an order or a slot cancelled frees a place or a stock: no customer is lost, so no retention ("when a
table booking is cancelled, offer the slot to the waitlist"); a cancelled plan or subscription still is."""


def first_named(vocabulary: tuple[tuple[_V, str], ...], core: str) -> _V | None:
    """The value whose words come first in the work itself; words in its topic or audience ("for customers who
    prefer WhatsApp") count only when the work names none."""
    topic_at = topic_start(core)
    found = [(m.start(), value) for value, pattern in vocabulary if (m := re.search(pattern, core, re.I))]
    if not found:
        return None
    before = [item for item in found if item[0] < topic_at]
    return min(before or found, key=lambda item: item[0])[1]


def campaign_channel(core: str, framed: str = "") -> Channel | None:
    """Where a campaign goes, as its work says, else as the whole message does ("we still haven't told our
    WhatsApp opt-ins ... can somebody do a campaign for that"); None for EMAIL, the caller's default."""
    return first_named(CHANNELS, core) or (first_named(CHANNELS, framed) if framed else None)


def workflow_kind(core: str, framed: str = "") -> WorkflowKind | None:
    """What a workflow is for, as said, else as its audience suggests (FALLBACK_KINDS); None for GENERAL, the
    caller's default. `framed`: the whole message, whose purpose words count when the work names none. A
    workflow that only acts for the team (a ticket opened, an owner alerted) or hands leads out is GENERAL, whatever
    its trigger ("if a payment fails, open a ticket for the account owner")."""
    core = re.sub(_THING_CANCELLED, " ", core, flags=re.I)
    internal = re.search(_INTERNAL_ACTION, core, re.I) and not re.search(_TO_CUSTOMERS, core, re.I)
    routed = WorkflowKind.GENERAL if internal or re.search(ROUTES_LEADS, core, re.I) else None
    if routed and not re.search(_PURPOSE, core, re.I):
        return None  # a trigger word ("if a subscriber cancels") is no purpose when the team is what it serves
    kind = first_named(KINDS, core) or routed or first_named(FALLBACK_KINDS, core)
    if kind in (None, WorkflowKind.GENERAL) and framed and routed is None:
        kind = first_named(KINDS, re.sub(_THING_CANCELLED, " ", framed, flags=re.I))
    if kind is None and re.search(r"\bdrips?\b", core, re.I):
        kind = WorkflowKind.NURTURE  # a bare drip nurtures, when neither its purpose nor its audience says more
    return None if kind is WorkflowKind.GENERAL else kind


def segment_rule(core: str) -> str | None:
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
