"""Priority normalisation (structured body) and priority phrases (free text)."""

from __future__ import annotations

import pytest

from taskexec.domain.priorities import find_priority, normalize_priority
from taskexec.domain.vocabulary import Priority


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("LOW", Priority.LOW),
        ("medium", Priority.MEDIUM),
        ("High", Priority.HIGH),
        ("uRgEnT", Priority.URGENT),
        ("critical", Priority.URGENT),
        ("ASAP", Priority.URGENT),
        ("p0", Priority.URGENT),
        ("P1", Priority.HIGH),
        ("important", Priority.HIGH),
        ("normal", Priority.MEDIUM),
        ("p2", Priority.MEDIUM),
        ("p3", Priority.LOW),
        ("minor", Priority.LOW),
        ("high priority", Priority.HIGH),
        ("High-Priority", Priority.HIGH),
        ("  low_priority ", Priority.LOW),
    ],
)
def test_normalize_accepts_the_contract_synonyms(value: str, expected: Priority) -> None:
    assert normalize_priority(value) is expected


@pytest.mark.parametrize("value", ["", "whenever", "super high", "p9", "priority", "high low"])
def test_normalize_refuses_anything_else(value: str) -> None:
    with pytest.raises(ValueError, match="priority"):
        normalize_priority(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Create a high priority task to fix the webhook", Priority.HIGH),
        ("urgent: the sync is failing", Priority.URGENT),
        ("URGENT - resend the blast", Priority.URGENT),
        ("Connect the store to our CRM ASAP", Priority.URGENT),
        ("Investigate the 401 errors, critical", Priority.URGENT),
        ("Build an automation that tags leads - p1", Priority.HIGH),
        ("Important: prepare the A/B test", Priority.HIGH),
        ("Write three blog posts, low priority", Priority.LOW),
        ("Set up a lead scoring workflow, not urgent", Priority.LOW),
        ("Refresh the pricing page, no rush", Priority.LOW),
        ("Clean up the drive when you get a chance", Priority.LOW),
        ("priority: high. Review the copy", Priority.HIGH),
        ("Pause the promo immediately", Priority.URGENT),
        ("Fix the footer, this is urgent", Priority.URGENT),
        ("Renew the lease, not a priority right now", Priority.LOW),
        ("P2: write an article", Priority.MEDIUM),
    ],
)
def test_find_priority_reads_priority_phrases(text: str, expected: Priority) -> None:
    assert find_priority(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Write a blog post on handling urgent customer requests",
        "Draft an email about why important emails land in spam",
        "List minor bug fixes in the release notes",
        "Set up the priority support workflow",
        "Update the P2P payments page",
        "Review the Q3 newsletter",
        "Build a flow that texts the voucher immediately after checkout",  # one step right after another
        "Have the list ready by Monday so we can import it immediately afterwards",
    ],
)
def test_subject_words_are_not_priorities(text: str) -> None:
    assert find_priority(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "We need an onboarding workflow, doesn't need to be high priority",
        "Update the footer, not a top priority",
        "Move our SMS sending to MessageBird, not time-sensitive",
        "don't need this urgently",
        "isn't super urgent",
        "no big rush on the banner",
        "it can wait until after the launch",
        "take your time on this one",
        "whenever you get a chance",
        "if you get a chance",
    ],
)
def test_a_negated_or_relaxed_urgency_is_low(text: str) -> None:
    assert find_priority(text) is Priority.LOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fix the webhook that isn't firing, asap", Priority.URGENT),  # the negation is in another clause
        ("this can't wait, urgent", Priority.URGENT),
        ("Send the banner sometime next week", None),  # a date, not a relaxed priority
    ],
)
def test_a_negation_reaches_only_its_own_priority_words(text: str, expected: Priority | None) -> None:
    assert find_priority(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Review the footer copy, low", Priority.LOW),  # the contract's level words, set apart
        ("High: refresh the pricing page", Priority.HIGH),
        ("Refresh the banner (medium)", Priority.MEDIUM),
        ("Fix the critical checkout bug", Priority.URGENT),  # qualifying the work itself
        ("Send the important client update today", Priority.HIGH),
        ("Send an urgent SMS to all members", Priority.URGENT),
        ("this is pretty important", Priority.HIGH),
        ("top of your list please", Priority.HIGH),
        ("make this a priority", Priority.HIGH),
        ("as soon as you can", Priority.URGENT),
        ("URGENT sms to all customers", Priority.URGENT),
        ("Reconnect the Pipedrive sync that broke overnight \u2014 urgent", Priority.URGENT),  # after a dash
        ("critical \u2014 the checkout webhook is down", Priority.URGENT),
        ("could you tidy the alt text on the blog? minor", Priority.LOW),  # after a question
        ("Refresh the FAQ on shipping, this one's low", Priority.LOW),  # ending a long clause
        ("Move the templates to Braze, priority should be high", Priority.HIGH),
        ("Set up the refunds webhook; priority is pretty high", Priority.HIGH),
    ],
)
def test_priority_words_as_admins_write_them(text: str, expected: Priority) -> None:
    assert find_priority(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "the bounce rate is high",
        "low open rates on the newsletter",
        "Write about the most important metrics",
        "Build a webhook that pings sales whenever a demo is booked",  # "whenever" opening a clause: no rush
        "Text the Porto members next week sometime",  # "sometime" narrowing a date
    ],
)
def test_level_words_describing_the_subject_say_nothing(text: str) -> None:
    assert find_priority(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("set up the SMS blast, hgih priority", Priority.HIGH),  # a slip in a level beside "priority"
        ("priority: urgnet - fix the footer", Priority.URGENT),
        ("write a post titled 'Five urgent fixes for slow pages', no rush", Priority.LOW),  # a quoted title's word
        ("For anything urgent please contact desk@acme.org", None),  # a condition of whom to contact
    ],
)
def test_slips_quoted_titles_and_conditions(text: str, expected: Priority | None) -> None:
    assert find_priority(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebuild the referral report. LOW. Before the quarter ends", Priority.LOW),  # a level as its own sentence
        ("Tidy the partner page copy. Urgent. Legal flagged it", Priority.URGENT),
        ("for kim@acme.org to own: the loyalty journey, high, by Thursday", Priority.HIGH),  # between commas
        ("Make three audiences: low, medium and high spenders", None),  # a list of levels names no priority
        ("Add Medium, Substack and Ghost to the outreach sheet", None),  # Medium the blog among other sites
    ],
)
def test_a_level_set_apart_inside_the_message(text: str, expected: Priority | None) -> None:
    assert find_priority(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Urgency: low - migrate the old landing pages", Priority.LOW),  # levels given with another noun
        ("importance is high for the renewal email", Priority.HIGH),
        ("high urgency, the sender domain lost its DKIM record", Priority.HIGH),
        ("priority's lowish, whenever works", Priority.LOW),  # a softened level is that level
        ("medium-ish priority: a refresh of the pricing FAQ", Priority.MEDIUM),
        ("sev-2: the order sync is an hour behind", Priority.HIGH),  # incident severities
        ("sev 0 on the checkout tracking", Priority.URGENT),
        ("sev4 typo in the footer", Priority.LOW),
        ("P-1: rotate the leaked API key", Priority.HIGH),
        ("not high urgency: tidy the alt text on the shop images", Priority.LOW),  # a negation still lowers it
        ("Rebuild the partner FAQ, high-ish", Priority.HIGH),
        ("Rebuild the partner FAQ, no biggie", Priority.LOW),  # relaxed idioms
        ("Rebuild the partner FAQ. Not a fire drill.", Priority.LOW),
        ("Rebuild the partner FAQ, it's high on my list", Priority.HIGH),
        ("Rebuild the partner FAQ. Minor priority.", Priority.LOW),  # every level adjective beside "priority"
        ("priority: trivial - fix the alt text", Priority.LOW),
        ("standard priority, refresh the logo wall", Priority.MEDIUM),
        ("refresh the logo wall, not a big priority", Priority.LOW),  # a negated priority with its adjective
    ],
)
def test_levels_with_other_nouns_softened_and_severities(text: str, expected: Priority) -> None:
    assert find_priority(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Minor one: swap the logo in the footer", Priority.LOW),  # a level labelling what follows
        ("Quick minor thing - rename the VIP tag", Priority.LOW),
        ("Urgent request: restore the deleted audience", Priority.URGENT),
        ("Important ask: the board deck goes to print", Priority.HIGH),
        ("book the caterer for the launch now: critical, by Monday", Priority.URGENT),  # between a colon and a comma
        ("swap the hero image after the sale: low, no deadline", Priority.LOW),
        ("swap the hero image, no stress", Priority.LOW),  # the relaxed family: no rush, hurry, stress, pressure
        ("swap the hero image, there's no time pressure on it", Priority.LOW),
        ("swap the hero image, number one priority", Priority.HIGH),
        ("swap the hero image as a matter of urgency", Priority.URGENT),
        ("send the flu reminder to our emergency vet clinics", None),  # a kind of clinic, not a level
        ("update the emergency contact form on the site", None),
        ("we need an emergency fix on the signup form", Priority.URGENT),  # a kind of work is urgent work
        ("EMERGENCY: the checkout is down, fix it", Priority.URGENT),
        ("a landing page for our critical infrastructure clients", None),  # the audience's word
        ("an SMS alert for the linen sheets, by Friday, important", Priority.HIGH),  # the audience's clause ended
        ("Minor changes to the footer: swap the logo", None),  # a level describing the thing, not labelling it
    ],
)
def test_a_level_labelling_the_request_or_set_after_a_colon(text: str, expected: Priority | None) -> None:
    assert find_priority(text) is expected
