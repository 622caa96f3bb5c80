"""The word classes a clause's mood is read by (mood.py): which words make a subject, a finite verb, a noun's
marker or a clause about someone else, and the patterns of figures, options, prohibitions and recall.

Words only: mood.py decides with them; the phrases a clause opens with are in openings.py.
"""

from taskexec.domain.wording import words

WISH = r"needs?|needed|wants?|want\s+(?:you\s+|someone\s+)?to|should|must|i'?d\s+like|we'?d\s+like"
ADDRESSED = words("i we you u ya someone somebody anyone y'all us they")
"""Subjects an obligation is asked of: "someone needs to", "we should", "they must" (a team or vendor) ask."""
ADVERBS = frozenset(
    {"just", "also", "already", "finally", "quickly", "then", "now", "so", "ok", "today", "pls", "overall", "anyway"}
)
SUBJECT_WORDS = words(
    """
    i we you they he she it everyone everybody someone somebody nobody there i'm we're you're they're it's i've
    we've they've i'll we'll it'll there's that's here's
    """
)
FINITE = words(
    """
    is are was were am 's 're 'm isn't aren't wasn't weren't has have had hasn't haven't hadn't will won't would
    can can't could couldn't may might must does doesn't do don't did didn't works looks seems goes starts ends
    runs joins keeps comes shows says sends opens launches breaks fails stops returns expires renews lands keep love
    hate complain
    happens means converts performs drops grows lives moves look seem sound feel
    """
)
ADJECTIVAL = words(
    """
    branded printed personalised personalized customised customized embroidered engraved laminated tailored targeted
    sponsored curated handwritten signed framed illustrated animated gated localised localized themed pre-recorded
    recorded co-branded
    """
)
"""Participles that stand before a noun as its adjective ("order branded swag", "personalised cards"): no report."""
INVARIANT_PAST = words("set put cut shut reset read spread upset broadcast forecast")
"""Verbs whose past is their base: "Set up the Twilio number last night" reports, where "Set up ..." alone asks."""
PAST_TIME = (
    r"\b(?:yesterday|last\s+(?:night|week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"this\s+(?:morning|afternoon)|earlier\s+(?:today|this\s+week)|\d+\s+(?:hours?|days?|weeks?)\s+ago)\b"
)
"""When something already happened: beside a verb whose past is its base, it makes a report."""
SUPERLATIVE_VERBS = words("request suggest test retest invest ingest harvest digest contest protest attest")
"""Verbs that end like a superlative ("highest in a decade" is praise of a figure, "suggest three names" asks)."""
ARTICLES = words("the a an our my their your its this these those")
MODIFIERS = words("new more fresh extra custom additional")
"""Before these a past form is an adjective too: "order new branded tote bags", "more targeted emails"."""
NOUN_MARKERS = words("the a an our my their your its")
"""After these a word is a noun or an adjective, never a finite verb: "the May newsletter", "a must-read"."""
COMPOSED = words("seeded based built drawn sourced derived modelled modeled made taken pulled")
"""Participles that say what a thing is made of, not what happened: "an audience seeded from ..."."""
ONLY_PAST = words(
    "went came ran began did was were saw ate fell grew knew rode rose spoke took wrote broke chose drove froze "
    "gave hid swore threw woke wore got"
)
"""Past forms that are never participles: finite wherever they stand ("the reminders for the clinic went out")."""
SCOPE = words(
    "who whom whose which that when whenever whoever whichever wherever whatever if once after before until because "
    "since while where so as why how"
)
"""After these, a verb belongs to a clause about something else ("customers who bought", "when a lead scores")."""
PREPOSITIONS = frozenset({"of", "for", "on", "with", "to", "from", "in", "about", "at", "by"})
DETERMINERS = words("the a an our my this that these those all some every each their your its")
NOT_VERBS = words(
    """
    what who how why when where which whose is are was were do does did has have had can could would should will
    may might must shall about for from with without into onto over under after before since until during per via
    at by to of in on and or but not no yes new old all any more most some quick big small great good nice happy
    first last next this that these those every each both either neither just also only even still here there
    bug issue problem error outage incident ticket glitch
    """
)
"""Opening words that are never an order, whatever follows them."""
NOUN_VERBS = words(
    """
    sms email text report list segment post sync test export import order survey map record track plan schedule
    review update design draft launch message call file book tag copy setup backup broadcast whatsapp
    """
)
"""Verbs that are as often the noun a statement opens with: an imperative only when no verb follows."""
FORBIDS = r"(?:please\s+)?(?:don'?t|do\s+not|never)\s+(?!forget\b)\w"
"""A prohibition: "please don't edit ...", "never share ..." (not "don't forget to ...", which asks)."""
IN_CASE = (
    r"(?:for|if|in\s+case\s+of|should)\s+(?:anything|any\s+\w+|something|questions|issues|problems|urgent|"
    r"(?:it'?s|it\s+is)(?:\s+(?:really|truly))?(?:\s+urgent)?)\b"
)
FIGURE = (
    r"(?:[a-z][\w-]*\s+)?[+-]?(?:\d+(?:\.\d+)?\s*(?:%|pp|k|m|x)|\d{1,3}(?:,\d{3})+|\d{3,}|0|\d+\.\d+)"
    r"(?:\s+[a-z][\w-]*){0,2}"
)
"""A measured figure ("0 errors", "14,882 rows", "48% open", "clicks 4.1%"), not a count of pieces to make ("3
emails"): two of them make a report of results."""
MEASURED = (
    r"\b(?:rates?|ratio|score|share|ctr|cvr|roas|cpc|cpa|revenue|churn|uptime|latency|open|clicks?)\s+"
    r"(?:(?:is|was|at|of|now|down|up|steady)\s+)*(?:to\s+)?[+-]?\d[\d.,]*\s*%"
)
"""A measure stated with its value ("failure rate 0.4%", "open rate at 41%"): a report, where a target is asked with
a verb before it ("raise the open rate to 30%")."""
NAMED_ASKED = (
    r"(?:can|could|would|will)\s+(?!(?:it|this|that|there|these|those|i|we|you|u)\b)[a-z'-]+\s+(?:please\s+)?"
    r"(?P<verb>[a-z]+)\s+(?:up\s+|out\s+)?(?:the|a|an|our|their|all|some|this|that|these|those)\b"
)
RECALL = (
    r"(?:(?:can|could)\s+(?:you|someone|anyone)\s+)?(?:(?:please|just|quickly|sorry)\s+)*"
    r"(?:remind\s+(?:me|us)|refresh\s+my\s+memory|jog\s+my\s+memory)(?:\s+again)?"
)
"""Asking to be reminded, on its own before the question ("Remind me, which Zendesk plan are we on?")."""
EMBEDDING = words("where whether how why what which")
JOINERS = frozenset({"and", "or", "at", "on", "in", "for", "with", "via", "plus", "&", "/", "vs", "vs.", "versus"})
OPTIONS = r"(?:either\s+)?(?:[\w'&/.-]+\s+){0,3}?[\w'&/.-]+\s+or\s+(?:[\w'&/.-]+\s+){0,3}?[\w'&/.-]+"
"""The options a question offers, after it: "..., SMS or WhatsApp?", "..., the blue one or the minimal one?"."""
OBJECT_WORDS = words("the a an our all it them this that these those my your their up out off over everything both")
