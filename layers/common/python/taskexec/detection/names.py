"""Product and company names that hold a category word, read as names.

"Migrate our lists from Campaign Monitor", "Reconnect Google Analytics", "the Workflow Builder in Slack" and
"Connect Segment to Snowflake" name tools, not a campaign, an analysis, a workflow or a segment. Before the
category is scored each such name is replaced by the placeholder NAME, which no category counts, so a request
about a tool is judged by the work around it ("migrate", "draft the newsletter in ...").

Names of several words, or written as one ("ActiveCampaign"), are names however they are written. A word that is
also an ordinary noun ("Segment", "Drip") is a name only when it is written as one: capitalised inside a sentence
and not after an article ("a Segment of ..." is a segment), or at the start when a verb follows ("Segment has
been sending ..."), or after a verb that moves data between tools ("connect segment to ...").
"""

import re

from taskexec.domain.wording import words

NAME = "zzname"
"""Stands for a product name in the text that is scored: no family counts it, and "export from zzname" reads as
data moving between tools."""

_COMPOUND = (
    r"campaign\s+monitor|active\s*campaign|google\s+analytics(?:\s+4)?|ga4|adobe\s+analytics|adobe\s+campaign|"
    r"zoho\s+(?:campaigns|analytics|flow)|workflow\s+builder|journey\s+builder|flow\s+builder|email\s+studio|"
    r"(?:salesforce\s+)?marketing\s+cloud|automation\s+studio|hubspot\s+analytics|content\s+hub|"
    r"campaign\s+manager(?:\s+360)?|"
    r"audience\s+manager|power\s+automate|twilio\s+segment|segment\.(?:com|io)|amplitude\s+analytics|"
    r"heap\s+analytics|constant\s+contact|customer\.io|segment\s+(?:personas|protocols|connections|unify)"
)
"""Names that hold a category word however they are written."""
_AMBIGUOUS = ("segment", "drip")
"""Words that are a tool's name or an ordinary noun, told apart by how they are written."""
_ARTICLES = frozenset({"a", "an", "new", "another", "this", "each", "every", "one", "which", "what", "any", "the"})
_TOOL_NOUNS = words(
    """
    integration source sources destination destinations workspace connection sync export events event tracking
    api key keys account plan subscription invoice contract pipeline write personas audiences tag workflows
    flows automations sequences campaigns lists templates
    """
)
_VERBS_AFTER = words(
    """
    is isn't was wasn't has hasn't had keeps kept stopped seems looks sends sent says shows went does doesn't
    did didn't will won't can can't 's
    """
)
_MOVING = frozenset({"connect", "reconnect", "sync", "integrate", "from", "into", "via", "migrate", "hook"})


_TITLED = (
    r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w.]*[a-z][\w.]*\s+Analytics\b"
    r"|\b(?:Campaign|Workflow|Journey|Segment|Content|Analytics|Audience|Flow|Automation)\s+(?:Monitor|Builder|Studio|Hub|"
    r"Manager|Cloud|Optimizer|Suite|Center|Centre|Engine|Designer|Canvas|Orchestrator)\b"
)
"""Names written as names: "Heap Analytics", "Journey Optimizer", "Content Studio". A tool's own feature named by
the category ("Klaviyo flows", "HubSpot workflows", "Facebook custom audiences") is that category's work."""


def masked(text: str) -> str:
    """The text with each product name that holds a category word replaced by NAME."""
    text = re.sub(rf"\b(?:{_COMPOUND})\b", NAME, text, flags=re.I)
    text = re.sub(_TITLED, NAME, text)
    return re.sub(r"\b(?:[Ss]egment|[Dd]rip)(?!['\w.-])", lambda m: _name_or_word(text, m), text)


def _name_or_word(text: str, m: re.Match[str]) -> str:
    word = m.group(0)
    before = re.findall(r"[A-Za-z']+|[.!?:]", text[max(0, m.start() - 40) : m.start()])
    after = re.findall(r"[A-Za-z']+", text[m.end() : m.end() + 40])
    previous = before[-1].lower() if before else ""
    following = after[0].lower() if after else ""
    starts = not before or previous in {".", "!", "?", ":"}
    if word[0].isupper():
        beside_name = following in {"to", "into", "and", "with", "from"} and after[1:2] and after[1][:1].isupper()
        if beside_name:
            is_name = True  # "the Segment to BigQuery destination"
        elif starts:
            is_name = following in _VERBS_AFTER or following in _TOOL_NOUNS
        elif previous in _ARTICLES:
            is_name = following in _TOOL_NOUNS  # "the Segment integration", "a Segment source"
        else:
            is_name = True
    else:
        is_name = previous in _MOVING and following not in {"of", "for", "who", "with", "that"}
    return NAME if is_name else word
