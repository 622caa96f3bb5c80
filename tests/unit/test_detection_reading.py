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
    [("newsleter", "newsletter"), ("segmnet", "segment"), ("onbaording", "onboarding"), ("priorty", "priority")],
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
