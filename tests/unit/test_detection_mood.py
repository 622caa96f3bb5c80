"""The mood of a request, read before its nouns: what asks for work and what does not, whatever work it names."""

from __future__ import annotations

from datetime import date

import pytest

from taskexec.detection.mood import Mood, clause_mood, sentence_moods
from taskexec.detection.rules import RulesDetector

TODAY = date(2026, 6, 24)  # a Wednesday
DETECTOR = RulesDetector()


@pytest.mark.parametrize(
    ("clause", "mood"),
    [
        ("fix the shopify webhook", Mood.ASK),  # a request
        ("please refresh the pricing page", Mood.ASK),
        ("we need a list of customers who bought twice", Mood.ASK),  # a need
        ("the newsletter needs a final proofread", Mood.ASK),
        ("can you pull the churn numbers", Mood.ASK),  # a question asking for work
        ("do you have time to build the black friday sms", Mood.ASK),
        ("who can take the shopify migration", Mood.ASK),
        ("bump the priority on the klaviyo migration", Mood.ASK),  # a verb we do not list, before "the"
        ("can you explain how lead scoring works", Mood.QUESTION),  # a question asking for information
        ("did you send the july newsletter yet", Mood.QUESTION),
        ("could you let me know when the segment is ready", Mood.QUESTION),
        ("just sent the q3 newsletter to the full list", Mood.STATEMENT),  # a report of work done
        ("tom migrated all our lists to klaviyo", Mood.STATEMENT),
        ("the salesforce sync failed twice overnight", Mood.STATEMENT),
        ("churn for annual plans was 2.1% in june", Mood.STATEMENT),  # a statement of how things are
        ("sms pricing from twilio goes up 8%", Mood.STATEMENT),
        ("huge thanks to priya for the onboarding flow", Mood.THANKS),  # thanks and praise
        ("great stuff on the sms campaign", Mood.THANKS),
        ("super happy with how the q2 newsletter turned out", Mood.THANKS),
        ("fyi mailchimp has maintenance tonight", Mood.FYI),  # announcements
        ("heads up, the office is closed", Mood.FYI),
        ("no need to do anything on the shopify sync", Mood.FYI),
        ("sms to lisbon subscribers about the store opening", Mood.ASK),  # "sms" opens as a verb
        ("blog post on gdpr basics for smbs", Mood.NOMINAL),  # no finite verb: judged by its words
        ("abandoned cart flow for the shopify store", Mood.NOMINAL),  # an adjective, not a report
        ("following up on yesterday's call", Mood.NOTHING),  # a lead-in
    ],
)
def test_each_clause_has_its_mood(clause: str, mood: Mood) -> None:
    assert clause_mood(clause) is mood


def test_a_question_mark_makes_a_question_of_what_could_be_an_order() -> None:
    assert clause_mood("when someone downloads the pdf", asked=True) is Mood.QUESTION
    assert clause_mood("when someone downloads the pdf", asked=False) is not Mood.QUESTION
    assert clause_mood("did the july newsletter go out yet", asked=True) is Mood.QUESTION


def test_a_reminder_label_takes_the_mood_of_what_it_labels() -> None:
    assert sentence_moods(["reminder", "send the invoices to finance"], asked=False)[0] is Mood.ASK
    assert sentence_moods(["reminder", "the newsletter goes out thursday"], asked=False)[0] is Mood.FYI


def test_after_thanks_an_exclamation_is_more_praise_but_an_order_with_an_object_still_asks() -> None:
    assert sentence_moods(["shout-out to the team", "record revenue"], asked=False)[1] is Mood.THANKS
    assert sentence_moods(["thanks", "now fix the footer"], asked=False)[1] is Mood.ASK


@pytest.mark.parametrize(
    "message",
    [
        "Loving the new welcome series, the tone is spot on",
        "Props to Marco for untangling the HubSpot sync 🙌",
        "We launched the Diwali WhatsApp campaign yesterday and it's performing well",
        "Q2 attribution report shared with leadership on Monday",
        "Heads up, the office is closed next Monday for the bank holiday",
        "Quick update: the Klaviyo integration is back to normal",
        "Does ActiveCampaign support WhatsApp templates?",
        "Hi all,\n\nQuick recap: the June newsletter went out Tuesday, open rate 38%.\n\nBest,\nRui",
    ],
)
def test_messages_that_only_thank_report_announce_or_ask_for_information_are_refused(message: str) -> None:
    """Each names work (a series, a sync, a campaign, a report), and none asks for any."""
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    "message",
    [
        "The Salesforce connector keeps timing out, could you look into it asap",  # a report, then a request
        "Thanks! Also, can you set up the SMS blast for tomorrow?",
        "How did the spring campaign perform? Need a breakdown by channel for Monday's meeting",
        "urgent: the Salesforce sync is failing",  # a statement with a priority calls for work
        "Zapier zap from Typeform to ActiveCampaign, new leads only, p2",  # nominal, naming work
    ],
)
def test_a_message_asks_for_work_when_any_of_its_clauses_does(message: str) -> None:
    assert DETECTOR.detect(message, TODAY).is_task


def test_the_title_comes_from_the_sentence_that_asks() -> None:
    found = DETECTOR.detect(
        "The spring promo underperformed in Germany. I suspect the subject lines. Could you run an A/B test on "
        "two new subject lines for the German list next week?",
        TODAY,
    )
    assert found.title == "Run an A/B test on two new subject lines for the German list"
    assert found.due_date == date(2026, 6, 29)


def test_a_request_that_only_points_back_takes_its_object_from_the_sentence_before() -> None:
    found = DETECTOR.detect(
        "Hey team - the Shopify → Klaviyo sync dropped about 300 orders overnight. Can someone look into it today?",
        TODAY,
    )
    assert found.title == "Look into the Shopify → Klaviyo sync"
    assert found.category.value == "integration"
    assert found.due_date == TODAY
