"""The rules detector's vocabulary: the verbs that open a task and what they hint at, the shapes of an object, a
repair and a list (the words that name each category are in families.py, those of channels and kinds in
task_types.py).

Words only, kept as pattern text that rules.py compiles on first use: how a message is taken apart is in text.py,
whether it asks for work in mood.py, which names are names in names.py, and what it asks for in rules.py.
"""

from taskexec.domain.vocabulary import Category
from taskexec.domain.wording import words

VERBS = words(
    """
add adjust analyse analyze announce approve archive arrange ask assemble assign audit automate backup book
brainstorm brief broadcast build buy calculate call cancel carve change check clean clone close collect compare
compile complete configure confirm connect contact convert coordinate copy create crunch debug decide define
delete deliver deploy design dig disable document download draft edit email enable ensure estimate evaluate
export extract fetch figure file finalize finalise find finish fix flag follow forecast forward gather generate
get give grab hire hook host identify implement import improve include install integrate interview investigate
invite isolate kick launch list localize localise look make map measure merge message migrate monitor move
notify onboard optimize optimise order organize organise outline pause pay ping plan post prepare present print
prioritize proofread provide publish pull purchase push put reach rebuild recap reconcile reconnect record
redesign refactor refresh register reinstate remind remove rename renew reorganize repair replace reply report
request research reserve reset resend re-send resolve restart restore resume retarget review revise rewrite
re-run re-sync re-import re-enable re-connect
rotate run schedule scope segment send set setup share shoot shorten sms sort spin stand start stop streamline
submit summarize summarise survey sync tag test text tidy track train transfer translate troubleshoot turn txt
unpublish update upgrade upload validate verify whip whitelist wire write
backfill dedupe dedup consolidate revamp overhaul spruce sunset retire tweak rework jazz chase loop line kick
nudge purge prune scrub polish tighten trim swap toggle switch revert unblock escalate triage vet recruit
offboard deactivate reactivate downgrade label split plug pipe route resync rerun proof refine score rank qualify
size count quantify chart graph plot visualize visualise
bring port carry link revoke grant negotiate renegotiate decommission whatsapp jot pen
    """
)
"""Imperative verbs that open a task ("Fix ...", "Review ..."); unknown verbs still pass through the other cues."""

VERB_HINTS: dict[str, Category | None] = {
    **dict.fromkeys(
        words(
            "analyze analyse pull export measure track calculate compare forecast summarize summarise report "
            "audit crunch dig size count quantify chart graph plot visualize visualise"
        ),
        Category.ANALYTICS,
    ),
    **dict.fromkeys(
        words("write draft rewrite translate proofread edit localize localise publish design jot pen"), Category.CONTENT
    ),
    **dict.fromkeys(
        words("connect reconnect integrate sync hook migrate rotate whitelist wire link plug port"),
        Category.INTEGRATION,
    ),
    **dict.fromkeys(words("text txt sms whatsapp broadcast email message ping blast"), Category.CAMPAIGN),
    **dict.fromkeys(
        words(
            "book offboard deactivate downgrade reimburse interview hire recruit revoke grant negotiate "
            "renegotiate decommission print buy purchase order ship chase reserve"
        ),
        Category.GENERAL,
    ),
    **dict.fromkeys(("score", "rank", "qualify", "route"), Category.WORKFLOW),
    **dict.fromkeys(("segment", "bucket"), Category.SEGMENT),
    "find out": Category.ANALYTICS,
    "work out": Category.ANALYTICS,
    "figure out": Category.ANALYTICS,
    "break down": Category.ANALYTICS,
    "automate": Category.WORKFLOW,
    "carve out": Category.SEGMENT,
    **dict.fromkeys(("pull together", "put together", "dig up", "whip up", "write up", "write down")),
    **dict.fromkeys(("document", "clear out", "clean up", "clean out"), Category.GENERAL),
    **dict.fromkeys(
        words("archive delete purge wipe erase unpublish rename trash declutter hand reassign"), Category.GENERAL
    ),
}
"""The opening verb says what kind of work it is, a little less surely than the object does. A verb with its
particle is read first: "pull together" builds something, where "pull" alone fetches data (no hint: None).
Segmenting or bucketing people makes a segment whatever they are split by ("segment our contacts by job
title"), unless the groups are delivered as data (DELIVERED_AS_DATA)."""
DELIVERED_AS_DATA = (
    r"\b(?:and|then)\s+(?:then\s+)?(?:export|download|count|size|pull|report|share|chart|compare|graph)\b|"
    r"\b(?:analysis|analy[sz]e|breakdown|dashboard|report|reporting|metrics|stats|statistics)\b"
)
"""People split and then exported, counted or reported on ("Segment users by plan and share the breakdown",
"segment our users by engagement for analysis") are data delivered, an analysis; split alone they are gathered."""
CHORE_VERBS = frozenset(
    {
        *words("archive delete purge wipe erase unpublish rename trash declutter hand reassign"),
        "clear out",
        "clean up",
        "clean out",
    }
)
"""Housekeeping: what these act on ("archive all campaign drafts ...", "rename the old SMS campaigns") is what the
chore is done to, not the work, so the object's words count half and, on many or old things, the verb twice."""
BULK = words("all every old older stale unused test duplicate expired legacy outdated obsolete previous last")
"""Words that make an object many things or old ones: a chore's clearest mark."""
_MOVER = (
    r"(?:exports?|imports?|feeds?|syncs?|(?<!sales\s)pipelines?|jobs?|connectors?|uploads?|transfers?|etls?|"
    r"webhooks?|integrations?|backfills?|replication|(?:csv|file|sftp|daily|nightly|hourly|data)\s+(?:drops?|loads?)|"
    r"(?:daily|nightly|hourly|weekly|data|warehouse|redshift|snowflake|bigquery)\s+loads?)"
)
REPAIR = (
    rf"\b(?:(?:restore|repair|fix|re-?run|restart|resume|revive|unstick|unbreak|re-?enable)\b[^.;!?]{{0,120}}?\b{_MOVER}\b|"
    rf"{_MOVER}\b[^.;!?]{{0,120}}?\b(?:restore|repair|fix|re-?run|restart|resume|revive|unstick|unbreak|re-?enable)\b|"
    rf"{_MOVER}\b[^.;!?]{{0,120}}?\b(?:running|working|going|flowing|moving|syncing|firing)\s+again\b|"
    rf"{_MOVER}\s+(?:[\w'-]+\s+){{0,6}}?(?:stopped|stalled|fail(?:ed|s|ing)|broke|broken|dropp(?:ed|ing)|"
    rf"duplicat(?:ed|ing)|stuck|hung|timed\s+out|(?:is|was|has\s+been|came\s+(?:through|back)|went|arrived)\s+"
    rf"(?:empty|blank|stuck|down|missing))\b)"
)
"""A data mover (an export, a feed, a sync, a pipeline, a nightly load) to get running again, or stated as broken:
integration work, whatever the data is ("BigQuery export of event data stopped, please restore the pipeline")."""
_TOOL = (
    r"(?:zzname|shopify|hubspot|stripe|mailchimp|pipedrive|marketo|twilio|zendesk|klaviyo|salesforce|braze|iterable|"
    r"zapier|intercom|bigquery|snowflake|ga4|typeform|calendly|woocommerce|magento|airtable|eventbrite|messagebird|"
    r"amplitude|mixpanel|heap|looker|tableau|redshift|databricks|fivetran|rudderstack|mparticle|posthog)"
)
BROKEN_TOOL = (
    rf"\b{_TOOL}\s+(?:(?:is|are|was|keeps|has\s+been|seems\s+to\s+be)\s+)?(?:stopped|fail(?:ed|s|ing)|"
    r"dropp(?:ed|ing)|duplicat(?:ed|ing)|double-?count(?:ed|ing)|timing\s+out|(?:not|isn'?t|aren'?t|wasn'?t|stopped)\s+"
    r"(?:sending|syncing|firing|receiving|updating|working|passing|posting))(?![\w-])"
)
"""A tool stated as misbehaving, as its sentence's subject ("Segment is double-counting Identify calls", "Stripe
stopped sending webhooks"): its connection is the work, whatever it carries."""
_WORK_IN_TOOL = (
    r"campaigns?|newsletters?|e-?mails?|segments?|audiences?|lists?|dashboards?|reports?|workflows?|automations?|"
    r"journeys?|flows?|canvas(?:es)?|sequences?|templates?|forms?|landing|pages?|surveys?|ads?|broadcasts?|blasts?"
)
TOOL_WORK = (
    rf"\b(?:send|pass|forward|stream|pipe|push|route|sync|feed|pump)(?:s|ing|ed)?\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:events|event\s+data|data|conversions|leads|contacts|records|rows|orders|traits|signups|sign-ups|payments|"
    rf"transactions|purchases)\s+(?:(?:from|out\s+of)\s+{_TOOL}\s+)?(?:to|into|over\s+to)\s+(?:our\s+|the\s+)?"
    rf"(?:{_TOOL}|google\s+sheets|(?:the\s+)?(?:crm|warehouse|data\s+warehouse))\b|"
    rf"^(?:set\s+up|setup|configure|install|deploy|enable|turn\s+on|switch\s+on|add|hook\s+up|wire\s+up)\s+"
    rf"(?:the\s+|our\s+|a\s+)?{_TOOL}\b(?!\s+(?:{_WORK_IN_TOOL})\b|\s+\w+\s+(?:{_WORK_IN_TOOL})\b)"
)
"""A tool set up as the object of the work ("Set up Segment to ...", "configure Mixpanel") or data sent from one
tool to another ("... to send events to Amplitude", "push orders into Google Sheets"): integration work, whatever
the data describes. A tool's own campaign, list or flow ("set up a Klaviyo flow") is that thing."""
TEXT_VERBS = words(
    "translate proofread localize localise edit copyedit rewrite export size count quantify compare benchmark "
    "connect reconnect integrate hook wire pipe link"
)
"""Verbs that work on a thing whatever it is for: "translate the newsletter" is content, "export the newsletter
subscribers", "size the audience" and "compare the Google and Meta ads' ROAS" are analysis, "connect the ATS to the
HRIS" joins two tools whatever they carry, so their hint counts twice (where "draft the Black Friday email" makes the
email itself, a campaign)."""
VERB_HINT_WEIGHT = 2.05
"""A hair above a keyword of the same weight, so that on a tie the opening verb decides."""
SENDING_VERBS = words("text txt sms whatsapp email broadcast message ping blast")
"""Verbs that are the whole work when people receive it ("email the Q3 survey to all customers who ...", "text all
VIP members ..."): a campaign, whatever it carries, so their hint counts twice ("email the deck to x@y.com" not)."""
HEAD_WEIGHT = 2.0
PARTICLES = frozenset({"up", "out", "off", "together", "in", "into", "down"})
OBJECT = (
    r"^(?P<verb>\S+)\s+(?:(?:up|out|off|together|in|down|me|us)\s+)?(?P<obj>.*?)(?=(?<!\s)\s+(?:for|of|to|on|in|into|"
    r"with|about|that|who|which|whose|and|by|from|so|between|via|at|after|before|when|across|per|using|out\s+of)\b|"
    r"\s+\w+ing\s+(?:the|our|a|an|how|why|what|their|its|all)\b|\s*\(|[,;:.!?]|$)"
)
"""The verb's object up to its first preposition or participle: its last word is the head noun ("subject line
*ideas*", "3 LinkedIn *posts* announcing the integration")."""
NOMINAL_OBJECT = (
    r"^(?P<obj>.*?)(?=(?<!\s)\s+(?:for|of|to|on|in|into|with|about|that|who|which|whose|and|by|from|so|between|"
    r"via|at|after|before|when|across|per|using|out\s+of)\b|\s*\(|[,;:.!?]|$)"
)
"""A request without a leading verb ("Lookalike audience from ...") names its object first."""

GROUPS = frozenset({"list", "group", "set", "batch", "pool", "audience", "bucket"})
"""Nouns that hold people: "a list of customers who ..." is a segment when it holds them."""
SPLITTING_VERBS = words("split divide break group bucket sort separate slice cluster partition segment tier band")
"""Verbs that split people into groups to reach each ("divide the registrants into attendees and no-shows"): a
segment, where a report split by a dimension is an analysis."""
GATHERING_VERBS = words(
    """
    assemble build carve collect compile create define fetch find gather get grab have identify isolate list
    make need prepare pull put select set spin stand
    """
)
"""Verbs that gather people into a list; "text customers who ..." reaches them instead."""
QUALIFIERS = frozenset(
    {"who", "that", "with", "whose", "from", "in", "without", "on", "not", "which", "but"}
    | words("aged older younger born living based located near")
)
"""Words after people that say which of them a list holds ("patients aged 65 and over", "members living near the
store")."""

# Words after these describe the topic or the audience, not the kind of work ("an ebook on marketing
# automation", "customers who bought twice", "an infographic summarizing the findings of our report"), so they
# count half.
TOPIC = (
    r"\b(?:about|on|regarding|per|who|that|which|whose|when|why|how|whether|explaining|for|so)\b|\bin\s+order\s+to\b"
    r"|(?<=\bsegment\s)of\b|(?<=\bsegments\s)of\b|(?<=\blist\s)of\b|(?<=\baudience\s)of\b"
    r"|\b[a-z]{3,}ing\s+(?=(?:the|our|a|an|how|why|what|their|its|all|each|every)\b)"
)
