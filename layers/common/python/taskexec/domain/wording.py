"""English word forms that several readers of a request share: past tenses, the nouns that name people, slips.

A date after "customers who bought ..." describes the customers, and "Sent the newsletter" reports work done:
both readings hang on knowing a past form when one is written, so the date rules (due_dates.py) and the
detector's mood (detection/mood.py) ask the same question here.
"""


def words(listing: str) -> frozenset[str]:
    """The words of a listing written across lines: long vocabularies stay short on the page."""
    return frozenset(listing.split())


def one_edit(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by exactly one insertion, deletion, substitution or adjacent swap: the slip a
    typing hand makes, which the detector's spelling and the priority words both forgive."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1 or swapped
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_IRREGULAR_PAST = words(
    """
    ate began bought broke brought built came caught chose did done drove fell felt found forgot froze gave gone got
    grew had heard held hid hit hung kept knew led left lost made meant met paid quit ran rode rose said sat saw seen
    sent shot shut slept sold spent spoke stood stuck taken taught thought threw told took understood was went were
    woke won wore written wrote been given
    """
)
_NOT_PAST_ED = words(
    "bed bleed breed embed exceed feed greed heed hundred indeed need proceed red seed shed speed succeed weed"
)
_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "it", "who", "that", "there"})
"""Before "'d" these mean "would" or "had" ("we'd like"), not a past form ("rsvp'd")."""
PERFECT_NEGATIONS = frozenset({"haven't", "hasn't", "hadn't", "didn't", "never", "wasn't", "weren't"})
"""Words that put what follows in the past as surely as a past form ("customers who haven't opened ...")."""

PEOPLE = words(
    """
    abandoners accounts advertisers attendees buyers clickers clients contacts creators customers dealers donors
    everybody everyone fans folks followers guests leads members merchants openers owners parents participants
    patients people players prospects purchasers readers recipients registrants resellers shoppers signups
    students subscribers testers trialists users vips visitors influencers journalists reporters bloggers
    ambassadors affiliates sponsors speakers investors retailers distributors stockists franchisees donors
    no-shows churners non-openers non-buyers waitlisters policyholders ppl subs
    passengers travellers travelers tenants residents families volunteers alumni employees staff drivers riders
    diners shippers renters homeowners applicants candidates parishioners cardholders ticketholders holders
    households patrons givers
    """
)
"""Plural nouns (and pronouns) that name people an admin reaches: what a segment or a list of people holds."""


def is_past_form(word: str) -> bool:
    """Whether `word` (lower case) is a past tense or participle: "bought", "signed", "rsvp'd", "opted"."""
    if word in _IRREGULAR_PAST or (word.endswith("'d") and word[:-2] not in _PRONOUNS):
        return True
    return len(word) >= 4 and word.endswith("ed") and word not in _NOT_PAST_ED
