"""What the work points back to: the thing a story before the request names, put in place of a pronoun ("an
email announcing it" -> "an email announcing the Denver store") or after the work ("fix the field mapping for the
Mailchimp sync"), and the names that say what rather than when.

Pattern text only, compiled by `re` on first use (its own cache).
"""

import re

from taskexec.detection.text import MAX_TITLE

CALENDAR_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
"""Capitalised words that say when, not what: never the name of the thing a sentence is about."""
NAME = rf"\s(?!(?:{CALENDAR_NAMES}|I|I'm|I've|I'd)\b)(?:[A-Z][a-z]+){{1,2}}\b"
"""A name inside a clause ("the Salesforce sync"), not a month or a day, which says when rather than what."""
REFERS_INSIDE = r"\b(?:it|them)\b"
"""A pronoun object inside the work ("an email campaign announcing it", "send them round"): it points back."""
NAMED_PHRASE = (
    rf"\b(?:[Tt]he|[Oo]ur|[Tt]heir|[Mm]y|[Tt]his|[Tt]hese)\s+(?:[\w'&-]+\s+){{0,6}}?(?!(?:I|I'm|{CALENDAR_NAMES})\b)"
    r"[A-Z][\w'&-]*(?:\s+(?:(?:to|and|&|of|in)\s+)?[A-Z][\w'&-]*)*(?:\s+(?!(?:on|in|at|to|for|by|with|and|or|is|are|was|"
    r"were|keeps?|has|have|had|will|next|this|last|lost|went|broke|ran|fell|got|sent|kept|sat|sits|stays)\b|[a-z]+ed\b)"
    r"[a-z][\w-]*){0,2}(?:\s+(?:to|into|and|&|of|in|from)\s+[A-Z][\w'&-]*)?"
)
"""A thing named by a phrase holding a name ("the Denver warehouse store", "our Braze to Snowflake data export")."""
SUBJECT_PHRASE = (
    r"\b(?:the|our|this|these|their|my)\s+(?:[\w'&-]+\s+){0,4}?[\w'&-]+"
    r"(?=\s+(?:is|are|was|were|has|have|went|keeps?)\b)"
)
"""What a statement is about, named before its verb ("the 48h mattress sale is live on shopify")."""
PLURAL_PHRASE = (
    r"\b(?:\d+|two|three|four|five|six|several|many|all\s+(?:the|our)|the|our|their|these|those)\s+(?:new\s+)?"
    r"(?:(?!(?:is|are|was|were|and|or|to|for|of|in|on|at)\b)[\w'&-]+\s+){0,2}?[A-Za-z][\w'-]*[^\Ws']s\b"
    r"(?!\s+(?:is|was|has)\b)"
)
"""What a plural pronoun points to: the last plural thing the story names ("2 new branches", "our VIP members")."""
REFERRED = r"\b(?:[a-z]+ing|about|on|to\s+[a-z]+)\s+(?P<it>it|them)\b"
"""A pronoun the work is about ("an email announcing it", "an SMS about it"): replaced by what it points to."""


def with_referent(core: str, story: str) -> str:
    """The work with the thing the story before it named: in place of its pronoun ("an email announcing it" ->
    "an email announcing the Denver store"), or after it ("fix the field mapping for the Mailchimp sync")."""
    phrases = [m.group(0) for m in re.finditer(NAMED_PHRASE, story)]
    subject = re.search(SUBJECT_PHRASE, story, re.I)
    if not phrases and subject and re.search(REFERRED, core):
        phrases = [subject.group(0)]  # "fyi the 48h mattress sale is live. could someone ... about it": lower case
    plural = [m.group(0) for m in re.finditer(PLURAL_PHRASE, story)]
    pronoun = re.search(REFERRED, core)
    if pronoun and pronoun.group("it") == "them" and plural:
        phrases = plural  # "opening 2 new branches ... an email campaign to announce them": the things, not the firm
    if not phrases:
        return core
    phrase = re.sub(r"^(?:The|Our|My|Their|Its|This|These|Those)\b", lambda m: m.group(0).lower(), phrases[-1])
    if pronoun:
        return f"{core[: pronoun.start('it')]}{phrase}{core[pronoun.end('it') :]}"
    if len(core) + len(phrase) + 5 <= MAX_TITLE:
        return f"{core} for {phrase}"
    return f"{phrase}: {core}"
