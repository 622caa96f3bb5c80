"""How the rules detector reads a request's shape: emails, typos, lists of people, channel verbs and kinds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from taskexec.detection.rules import RulesDetector
from taskexec.detection.spelling import corrected, correction
from taskexec.detection.text import frame
from taskexec.domain.vocabulary import Category, Channel, WorkflowKind

TODAY = date(2026, 6, 24)  # a Wednesday
DETECTOR = RulesDetector()


def test_an_email_loses_its_greeting_and_sign_off() -> None:
    message = "Hi Sam,\n\nCould you draft the September newsletter?\nTopics are in the doc.\n\nThanks,\nMaria"
    assert frame(message) == "Could you draft the September newsletter?\nTopics are in the doc."
    found = DETECTOR.detect(message, TODAY)
    assert found.title == "Draft the September newsletter"
    assert "Maria" not in found.description


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("newsleter", "newsletter"),
        ("segmnet", "segment"),
        ("onbaording", "onboarding"),
        ("priorty", "priority"),
        ("tommorow", "tomorrow"),  # a doubled letter in the wrong place
        ("intergration", "integration"),
    ],
)
def test_a_typo_in_a_deciding_word_is_read_as_meant(typo: str, meant: str) -> None:
    assert correction(typo) == meant


@pytest.mark.parametrize(
    "word", ["created", "segments", "expert", "preview", "thinks", "headline", "lease", "white", "Newsletter"]
)
def test_real_words_and_endings_are_left_alone(word: str) -> None:
    assert correction(word) is None


@pytest.mark.skipif(not Path("/usr/share/dict/words").is_file(), reason="no dictionary on this machine")
def test_no_dictionary_word_is_corrected_into_another_family() -> None:
    """Every English word that reads as a target is that target's own form ("metric", "customer")."""
    words = {w.strip().lower() for w in Path("/usr/share/dict/words").read_text().split() if w.strip().isalpha()}
    changed = {w: correction(w) for w in words if correction(w)}
    assert all(target.startswith(word[:4]) for word, target in changed.items()), changed


def test_the_title_keeps_the_word_as_written() -> None:
    found = DETECTOR.detect("can u setup the newsleter for friday", TODAY)
    assert found.category is Category.CAMPAIGN
    assert "newsleter" in found.title
    assert corrected("the newsleter")[1] == {"newsletter": "newsleter"}


@pytest.mark.parametrize(
    "message",
    [
        "We need a list of customers who bought twice but never left a review",
        "Pull a list of trial users who never activated",
        "Can I get everyone who attended the webinar but didn't book a demo?",
        "pull together an audience of repeat buyers in Texas, by Friday",
        "Assemble a list of churned enterprise accounts for the CS team",
        "Get me all newsletter subscribers in Berlin who clicked a link in June",
        "Carve out a segment of users still on the legacy plan",
        "Need a list of stockists to invite to the spring preview",  # gathered for a purpose
        "Make an audience out of the most engaged Porto subscribers for the launch SMS",
        "Build the target audience for the Leeds pop-up: customers within 10 miles",  # an audience by another name
        "Could you define the 'dormant' cohort: paying accounts with no login in 30 days?",
        "I need anyone who ordered twice last year, for the loyalty preview",
    ],
)
def test_a_list_of_people_to_reach_is_a_segment(message: str) -> None:
    assert DETECTOR.detect(message, TODAY).category is Category.SEGMENT


@pytest.mark.parametrize(
    "message",
    [
        "Text customers with unpaid invoices a payment reminder",  # reaching them, not gathering them
        "Could you make a list of our top customers by revenue?",  # a ranking: nobody is described
        "Export all contacts who opened at least 3 emails",  # an export is analytics
        "Run a cohort analysis of customers who joined in Q1",  # people are what the analysis is about
        "Deactivate the accounts of the two people who left last month",  # a verb acting on them
    ],
)
def test_people_reached_or_ranked_are_no_segment(message: str) -> None:
    assert DETECTOR.detect(message, TODAY).category is not Category.SEGMENT


@pytest.mark.parametrize(
    "message",
    [
        "Text all VIP members about the early-access sale",
        "We need to text lapsed members a comeback offer",
        "Hey can u shoot a text to all Denver customers",
        "SMS to Lisbon subscribers about the store opening, Friday",
        "we need to ping lapsed app users by text with a comeback code",  # the channel as a means
        "mms with the new lookbook pics to the Austin list",
    ],
)
def test_text_as_a_verb_sends_an_sms_campaign(message: str) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert (found.category, found.channel) == (Category.CAMPAIGN, Channel.SMS)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Build a welcome series for new app users", WorkflowKind.ONBOARDING),
        ("new-customer welcome drip in Klaviyo", WorkflowKind.ONBOARDING),  # welcome before drip
        ("Set up a win-back flow for lapsed subscribers", WorkflowKind.RETENTION),
        ("Create a drip for ebook downloaders", WorkflowKind.NURTURE),  # a bare drip
        ("Put together a drip campaign for cold leads", WorkflowKind.NURTURE),  # a drip campaign is a workflow
        ("Set up lead routing rules for demo requests", None),  # GENERAL, the caller's default
        ("Set up a renewal reminder workflow for annual plans", WorkflowKind.RETENTION),  # keeping the customer
        ("Automation that offers a discount when a subscriber clicks cancel", WorkflowKind.RETENTION),
        ("Dunning sequence for failed card payments", WorkflowKind.RETENTION),
        ("Automated emails to keep subscribers from cancelling after the price rise", WorkflowKind.RETENTION),
        ("Workflow to email members a week before their plan expires", WorkflowKind.RETENTION),
        ("Workflow that emails users the day their trial expires", None),  # a trial ending is not a renewal
        ("Flow to auto-assign inbound leads to the SDR on duty", None),  # handling leads, not nurturing them
        (
            "We keep losing people after the first month. Can someone design an automated check-in sequence?",
            WorkflowKind.RETENTION,
        ),  # the purpose said in the sentence before
    ],
)
def test_a_workflow_kind_follows_its_purpose(message: str, kind: WorkflowKind | None) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.category is Category.WORKFLOW
    assert found.kind is kind


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("Pull together a win back sequence for customers", "Pull together a win back sequence for customers"),
        ("Spin up a nurture track for webinar attendees", "Spin up a nurture track for webinar attendees"),
        (
            "Stand up a getting-started sequence for trial accounts",
            "Stand up a getting-started sequence for trial accounts",
        ),
        ("Newsletter for July — draft needs to be in my inbox", "Newsletter for July — draft needs to be in my inbox"),
        ("Need some help building a segment of VIPs in Berlin", "Build a segment of VIPs in Berlin"),
    ],
)
def test_requests_without_a_common_leading_verb_are_read(message: str, title: str) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.is_task
    assert found.title == title


@pytest.mark.parametrize(
    "message",
    [
        "Deactivate the HubSpot seats of the interns who finished on Friday",  # accounts and access
        "Set up SSO for the new freelancers",  # access for people who work here (not SSO between tools)
        "Reset the 2FA on Omar's Salesforce login",
        "Cancel our Email on Acid subscription before it renews",  # a tool we pay for, named by its name
        "Tidy up the shared drive and archive the old campaign folders",  # housekeeping
        "Schedule a training session on Looker dashboards for the store managers",
        "Get three quotes from print vendors for the autumn catalogue",
        "Offboard Ines: remove her from Slack and HubSpot",
    ],
)
def test_general_admin_work_is_general(message: str) -> None:
    assert DETECTOR.detect(message, TODAY).category is Category.GENERAL


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("Can I get a quick readout on the Easter SMS - clicks and redemptions?", Category.ANALYTICS),
        ("Break down last month's email revenue by campaign type", Category.ANALYTICS),
        ("Scorecard for each newsletter this quarter: opens, clicks, unsubscribes", Category.ANALYTICS),
        ("Deep dive into why the spring promo email underperformed in Spain", Category.ANALYTICS),
        ("A/B test readout for the pricing page hero", Category.ANALYTICS),
        ("A/B test two subject lines on the welcome email", Category.CAMPAIGN),  # the test is the work
        ("Make an infographic summarizing the findings of our benchmark report", Category.CONTENT),
        ("Translate the newsletter into German", Category.CONTENT),  # work on a text, whatever it is for
        ("Segment \u2192 Braze destination is dropping a trait, please fix", Category.INTEGRATION),
        ("Overhaul the onboarding emails for the mobile app", Category.WORKFLOW),  # a series is a workflow
        ("Reactivation series for members who haven't booked a class in 60 days", Category.WORKFLOW),
        ("Email the spring catalogue to the wholesale list", Category.CAMPAIGN),  # sent to a list
        ("Write the release notes for the August product update", Category.CONTENT),
        ("Loop in legal on the new SMS consent wording", Category.GENERAL),
        ("Please 1) build the segment of lapsed buyers and 2) send them the offer by SMS", Category.SEGMENT),
        ("Sales keeps asking for a list of trial users who hit the usage limit", Category.SEGMENT),
        ("Can we get a read on how the TikTok ads did last month?", Category.ANALYTICS),
        ("Find out which landing page drove the most trial signups in August", Category.ANALYTICS),
        ("Size the audience of lapsed buyers in the Midwest", Category.ANALYTICS),  # counting, not gathering
        ("Export the newsletter subscribers who joined this year to a CSV", Category.ANALYTICS),
        ("Chart weekly active users since the redesign", Category.ANALYTICS),
        ("Score leads on email clicks and demo page visits", Category.WORKFLOW),
        ("Interview the two shortlisted content writers next week", Category.GENERAL),
    ],
)
def test_work_is_named_by_what_it_makes(message: str, category: Category) -> None:
    assert DETECTOR.detect(message, TODAY).category is category


@pytest.mark.parametrize(
    "message",
    [
        "Reminder over WhatsApp for the masterclass attendees",
        "Let's message our loyalty members on WhatsApp about double points",
        "Shoot our gold tier a WhatsApp about early access to the winter drop",  # a WhatsApp: a message
        "WA broadcast to Accra customers re: the new delivery zones",
    ],
)
def test_a_message_over_whatsapp_is_a_whatsapp_campaign(message: str) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert (found.category, found.channel) == (Category.CAMPAIGN, Channel.WHATSAPP)
