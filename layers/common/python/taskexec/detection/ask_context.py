"""What a title takes from around the ask: where a request starts inside a sentence, what the work points back to
("it", "the issue", "one"), the occasion an invitation is for, what a lead-in says the work is for, what a launch is
of, a tool a story opens with, and a goal that gives way to the request after it.

Pattern text only, compiled by `re` on first use (its own cache); rules.py reads the message with them.
"""

import re

from taskexec.detection import text
from taskexec.detection.clause_words import NOUN_VERBS
from taskexec.detection.vocabulary import VERBS

REQUEST_INSIDE = (
    r"\b(?:(?:we|i)(?:\s+(?:really\s+|also\s+)?(?:need|want|would\s+(?:really\s+)?(?:like|love))|'d\s+(?:really\s+)?"
    r"(?:like|love))|(?:(?<=\bbut\s)(?:can|could)\s+we)|(?:can|could)\s+(?:you|someone|somebody|anyone)|"
    r"(?<=\band\s)(?:the\s+|our\s+)?[a-z]+\s+"
    r"(?:needs?|wants?)(?!\s+to\b))\s+\S+\s+\S"
)
"""A request that starts after a lead-in without a verb ("Ahead of the Lisbon launch we need a segment of ...") or
after a statement it follows ("Our board meeting is in three weeks and I'd like a cohort analysis ...", "our
contract ends soon and procurement needs three quotes ...")."""
NAMED_SUBJECT = (
    r"\s*(?P<name>[A-Z][\w'&.-]*[A-Z0-9a-z](?:\s+[A-Z][\w'&.-]*)?)\s+(?P<verb>keeps?\s+[a-z]+ing|is\s+(?:down|failing|"
    r"broken|rejecting|erroring|timing\s+out)|stopped|crashed|failed|broke|went\s+down|won't|can't|isn't|doesn't)\b"
)
"""A story opening with a tool's name and what goes wrong with it ("Iterable keeps rejecting ...", "Typeform stopped
sending ..."): the work on "the <thing>" after it is for that tool."""
GOAL = (
    r"^prepare\s+(?:[\w'-]+\s+){0,3}?[\w'-]+s\s+(?:back|again|returning|coming\s+back|engaged|[a-z]+ing\b|"
    r"to\s+(?:come|return|buy|give|donate|open|click|engage|stay|renew|upgrade|book|reorder)\b)"
)
"""A goal said as a wish for people ("I want lapsed donors back", "we need more members renewing"): the request
after it names the work."""
LAUNCH_WORK = r"\b(?:launch|announcement|release|teaser|go-live|reveal|countdown)\b"
LAUNCHED = (
    r"\b(?P<np>(?:the|our|this|my|their)\s+(?:[\w'&-]+\s+){0,3}?[\w'&-]+)\s+(?:drops|launches|opens|goes\s+live|starts|"
    r"arrives|lands|comes\s+out|debuts|returns|is\s+(?:launching|coming|opening|dropping|arriving|going\s+live))\b"
)
"""A thing said to launch ("The spring collection drops on ...", "our new loyalty tier goes live next month")."""
PURPOSE_LEAD = (
    r"\s*(?:(?:so|and|but|now|then)\s+)?for\s+(?P<what>(?:the|our|this|next|that|these)\s+(?:[\w'&-]+\s+){0,4}?[\w'&-]+)"
    r"\s*,?\s*"
)
"""A lead-in that says what the work is for ("so for the January clearance I want a WhatsApp broadcast ...")."""
POINTS_BACK = (
    r"\b(?:it|this|that|them|the\s+(?:issue|problem|error|bug|glitch|failure|outage|connection|thing)|"
    r"what\s+(?:changed|happened|went\s+wrong|broke|caused\s+it))\b"
)
"""Words that point back to what a statement before named: "can someone look into the issue?"."""
ACTS_ON_IT = rf"\S+(?:\s+(?:and|&)\s+\S+)?\s+(?:(?:into|at|on|to|with|over|through)\s+)?{POINTS_BACK}"
"""A request whose object is a pronoun right after its verb ("Rewrite it in plain English ...", "Investigate and fix
it"): what it points to is in the sentence before."""
ASKS_FOR_HELP = (
    r"^(?:prepare\s+)?(?:some\s+|a\s+(?:little\s+|quick\s+)?)?(?:help|hand|assistance|favou?r)\b|"
    r"\b(?:keeps?|kept|been)\s+asking\s+for\b|"
    r"\b(?:love|need|appreciate|could\s+use|want)\s+(?:your|some|a\s+little|a\s+bit\s+of|a)?\s*"
    r"(?:help|hand|assistance|input)\b|(?:^|,\s)(?:they|he|she|(?:the\s+)?\w+)\s+wants?\b"
)
"""A sentence asking only for help ("Need a hand with the spring campaign.", "... and I'd love your help.") or
telling what someone else wants ("They want a monthly newsletter.", "Before we roll it out, leadership wants a
read on it.") names the work less well than the request
after it ("Can you set up the campaign?"), which gives the title; so does a sentence that is only a wrapper
("Can you:" before a list)."""
BARE_ANALYSIS = (
    r"\S+(?:\s+(?:together|up|out|me|us))?\s+(?:a|an|the|some)\s+(?:[\w-]+\s+){0,2}?(?:comparison|side-by-side|"
    r"breakdown|summary|analysis|report|readout|write-up|writeup|recap|deep[\s-]dive|chart|overview)"
    r"(?:\s+please)?"
)
"""An analysis asked for without its subject ("Please put together a short comparison") after a question that
names it ("How did the Easter campaign perform vs. last year?"): the question says what to compare."""
SPEAKER_ONLY = r"I(?:'m|'ve|'d|'ll|\s+am|\s+was)?\s(?!.*\s[A-Z][a-z]+)"
"""A sentence only about the speaker ("I had a quick look but it's beyond me"), which names no thing."""
INVITES = r"\b(?:invit\w*|remind\w*|announc\w*|save[\s-]the[\s-]date|registration|teaser)"
OCCASION = (
    r"\b(?:(?i:the|our|this|next)|(?!(?:With|For|At|In|On|Before|After|Ahead|During|Since|As|And|But|So|If|When|Once|"
    r"Until|To|From|By)\b)[A-Z][\w-]*)\s+(?:[\w'&-]+\s+){0,3}(?i:webinar|conference|summit|meet-?up|event|"
    r"workshop|masterclass|session|open\s+day|pop-?up|expo|fair|tasting|roadshow|livestream|launch\s+party|festival|"
    r"open\s+house|trade\s+show|gala|hackathon|party|parties|anniversary|celebration|fundraiser|reunion|graduation|"
    r"ceremony|recital|concert|tournament|bazaar|fete|retreat|screening|premiere|grand\s+opening|showcase|"
    r"cook-?off|bbq|barbecue|fun\s+run|parade|carnival|jubilee)s?\b"
)
"""An occasion an invitation is for: "the Lisbon partner conference", "our webinar", "the Data Masterclass session"."""
ACTS_ON_ONE = r"\S+\s+(?:a\s+(?:new\s+|proper\s+)?)?one\b(?!\s+of\b)"
"""Work named by "one" ("Can you build one for customers inactive for 90 days?"): the thing was named before, even
in a question ("Why don't we have a win-back flow yet?")."""
POINTS_AHEAD = (
    r"\S+(?:\s+(?:and|&)\s+\S+)?\s+(?:(?:into|at|on|to|with|over|through)\s+)?this\b"
    r"(?!\s+(?:week|month|year|morning|afternoon|evening|quarter|time|one|weekend|friday|monday)\b)(?:\s+\S+){0,5}"
)
"""A request opening a message whose object is "this" ("Fwd: can you deal with this? ^ > Mailchimp says ..."): what
it points to is told after it, often a forwarded message."""
DATA_ONLY = (
    r"\S+(?:\s+(?:and|&)\s+\S+)?\s+(?:(?:into|at|on|through|over)\s+)?(?:the|our)\s+(?:[a-z]\w+\s+)?"
    r"(?:data|numbers|figures|stats|metrics|results|funnels?|dashboards?)\b(?:\s+(?:together|up|out|again))?"
    r"(?:\s+(?:and|to)\b.*)?"
)
"""Work on "the data" whose subject the sentence before names ("Did the open-house SMS drive showings? Dig into the
data", "... went from 41% to 29%. Could you dig into the numbers and tell us which it is?"), a tool's or a word's
data too ("the Amplitude data", "the funnel numbers"); matched ignoring case."""
SUBJECT_POINTS = r"(?:it|they|this|that|these|those)(?:\s+[a-z]+)?\s+(?:needs?|should|must|has\s+to|have\s+to)\b"
"""A duty whose subject points back ("The Attentive integration double-sends confirmations. It should be sorted in 3
days", "... is missing 12 articles; they need to be translated")."""
PRONOUN_ONLY = rf"\S+(?:\s+\S+)?\s+(?:(?:into|at|on|to|with|over)\s+)?{POINTS_BACK}(?:\s+\S+){{0,3}}"
"""Work named only by a pronoun ("Can someone look into it today?") or by a bare verb ("Can you take a look?"): its
object is in the sentence before."""


def for_the_occasion(core: str, said: str) -> str:
    """An invitation, a reminder or an announcement that names no occasion is for the one named around it: "With
    the Lisbon partner conference coming up, I'd like an invitation email out to our partner list" titles as the
    invitation for the Lisbon partner conference."""
    if not re.search(INVITES, core, re.I) or re.search(OCCASION, core):
        return core
    named = [m.group(0) for m in re.finditer(OCCASION, said.replace(core, " "))]
    if not named:
        return core
    occasion = re.sub(r"^(?:the|our|my|your|their)\s+", "the ", named[-1], flags=re.I)  # the one named last
    if len(core) + len(occasion) + 5 <= text.MAX_TITLE:
        return f"{core} for {occasion}"
    return f"{occasion[4:] if occasion.lower().startswith('the ') else occasion}: {core}"


def goal(core: str, cores: list[str]) -> bool:
    """Whether a core only states a goal ("I want lapsed donors back") while another asks for work by its verb
    ("Set up an automated win-back sequence ...")."""
    verbs = VERBS - NOUN_VERBS
    return re.match(GOAL, core, re.I) is not None and any(text.first_word(c) in verbs for c in cores if c != core)


def with_purpose(core: str, purpose: str) -> str:
    """The work with what a lead-in said it is for ("So for the May promo I want an email campaign ...")."""
    joined = f"{core} for {purpose.strip()}"
    return joined if len(joined) <= text.MAX_TITLE else core
