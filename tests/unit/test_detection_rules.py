"""The rules detector: behaviour on single requests, and accuracy on the shared examples and our own set."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scripts.bench.detection import (
    OWN_SET,
    SEALED_SETS,
    TODAYS,
    TUNING_SET,
    evaluate,
    load,
    shared_examples_path,
)
from taskexec.detection.rules import RulesDetector
from taskexec.detection.text import MAX_TITLE
from taskexec.domain.detector import Detection
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind

TODAY = date(2026, 6, 24)  # a Wednesday
DETECTOR = RulesDetector()


def detect(message: str) -> Detection:
    return DETECTOR.detect(message, TODAY)


def test_a_full_request_is_read_field_by_field() -> None:
    found = detect("Create a high-priority task to fix the Shopify webhook by Friday and assign it to dana@example.com")

    assert found.is_task
    assert found.category is Category.INTEGRATION
    assert found.title == "Fix the Shopify webhook"
    assert found.priority is Priority.HIGH
    assert found.due_date == date(2026, 6, 26)
    assert found.assignee_hint == "dana@example.com"
    assert found.description.endswith(".")
    assert found.detector == "rules"


@pytest.mark.parametrize(
    "message",
    [
        "Hello, how are you today?",
        "hi there!",
        "Thanks, that worked great!",
        "thx",
        "ok cool",
        "good morning team",
        "How many tasks do I have open?",
        "What is a drip campaign?",
        "Explain what a webhook is",
        "Can you explain how lead scoring works?",
        "Could you tell me what UTM means?",
        "Why did the open rate drop?",
        "Do you integrate with Klaviyo?",
        "Tell me a joke",
        "Define churn",
        "lol",
        "Which tasks are due tomorrow?",
        "Show me my open tasks",
    ],
)
def test_greetings_thanks_and_questions_are_not_tasks(message: str) -> None:
    found = detect(message)
    assert not found.is_task
    assert found.suggestion
    assert "Create a task" in found.suggestion


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("Can you analyze last quarter's SMS click rates?", Category.ANALYTICS),
        ("Could you set up a welcome drip for new members?", Category.WORKFLOW),
        ("Would you mind writing the launch blog post?", Category.CONTENT),
        ("Is it possible to connect Pipedrive to our CRM by Monday?", Category.INTEGRATION),
        ("can someone schedule the spring newsletter?", Category.CAMPAIGN),
    ],
)
def test_polite_questions_asking_for_work_are_tasks(message: str, category: Category) -> None:
    found = detect(message)
    assert found.is_task
    assert found.category is category


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("Please set up an onboarding workflow for trial signups", "Set up an onboarding workflow for trial signups"),
        ("Remind me to call the Lagos distributor tomorrow", "Call the Lagos distributor"),
        ("urgent: the Salesforce sync is failing, someone needs to fix it today", "Fix the Salesforce sync"),
        ("Hi! Could you please draft the partner newsletter by Friday? thanks", "Draft the partner newsletter"),
        ("Would you mind updating the FAQ page, low priority", "Update the FAQ page"),
        ("FIX THE HUBSPOT SYNC ASAP!!!", "Fix the hubspot sync"),
        ("We need a report on churn by plan before end of month", "Prepare a report on churn by plan"),
    ],
)
def test_titles_are_imperative_without_wrapper_priority_or_deadline(message: str, title: str) -> None:
    assert detect(message).title == title


def test_long_titles_are_cut_to_the_limit_at_a_boundary() -> None:
    found = detect(
        "Write a detailed comparison of our onboarding emails against the three biggest competitors in retail, "
        "including subject lines, send times and calls to action"
    )
    assert len(found.title) <= MAX_TITLE
    assert found.title.startswith("Write a detailed comparison")
    assert not found.title.endswith((",", " and", " of"))


@pytest.mark.parametrize(
    ("message", "assignee"),
    [
        ("Draft the welcome copy and assign it to dana@example.com", "dana@example.com"),
        ("Assign to kim.lee@corp.io: export the contacts", "kim.lee@corp.io"),
        ("create a task for sam@example.com to refresh the logos", "sam@example.com"),
        ("Email the deck to partners@acme.com by Tuesday", None),  # a recipient, not an assignee
        ("ben@acme.org could you rebuild the lapsed buyers segment?", "ben@acme.org"),  # the one spoken to
        ("Hey @jonas can you fix the checkout webhook?", "jonas"),
        ("Can you fix the checkout webhook, @jonas?", "jonas"),
        ("Put @jonas on the Klaviyo migration", "jonas"),
        ("I would like ben@acme.org to refresh the onboarding emails", "ben@acme.org"),
        ("We need ben@acme.org to update the pricing page copy", "ben@acme.org"),
        ("Pass this over to ana@acme.org: write the May newsletter intro", "ana@acme.org"),
        ("Owner @jonas - rebuild the pricing page", "jonas"),
        ("Rebuild the lead score flow, ben@acme.org is on it", "ben@acme.org"),
        ("Would ben@acme.org be able to draft the FAQ?", "ben@acme.org"),
        ("Please assign the Q3 readout to @jonas", "jonas"),
        ("Can you assign ben@acme.org to the webinar follow-up?", "ben@acme.org"),
        ("Let @jonas handle the SMS reminder for Friday's class", "jonas"),
        ("@channel can someone fix the checkout webhook?", None),  # a broadcast names nobody
        ("cc: ben@acme.org, please draft the Q3 newsletter", None),  # a copy, not an assignee
        ("Forward the invoice to billing@acme.org", None),
        ("Email ben@acme.org the draft of the spring newsletter", None),
        ("Fix the footer links and let ben@acme.org know when it's done", None),  # told, not assigned
        ("Ask ben@acme.org for the logo files and update the header", None),
        ("Set up a workflow to assign new leads to sales@acme.org", None),  # where records go, not who works
        ("Assign the inbound demo requests to sales@acme.org", None),
        ("Refresh the FAQ copy, assign it to @omar (omar.k@acme.org)", "omar.k@acme.org"),  # its address beside it
        ("Rebuild the VIP list - Dana (dana@acme.org) should take this one", "dana@acme.org"),
        ("Assignee - ben@acme.org. Task: draft the May newsletter", "ben@acme.org"),
        ("Move the Typeform leads into HubSpot, Ravi should own it: ravi@acme.org", "ravi@acme.org"),
        ("Draft the partner newsletter and have it reviewed by legal@acme.org", None),  # a reviewer
    ],
)
def test_assignee_hint_comes_from_an_assignment_clause(message: str, assignee: str | None) -> None:
    found = detect(message)
    assert found.is_task
    assert found.assignee_hint == assignee
    assert "@" not in found.title or assignee is None  # the assignment is no part of the work


def test_no_priority_words_and_no_deadline_leave_the_defaults_to_the_caller() -> None:
    found = detect("Add a task to order new office chairs")
    assert found.priority is None
    assert found.due_date is None
    assert found.category is Category.GENERAL


def test_every_input_gets_an_answer() -> None:
    for message in ["", "   ", "?", "!!!", "a" * 4000, "Create a task to " + "x " * 2000, "📅 by friday"]:
        found = detect(message)
        assert len(found.title) <= MAX_TITLE


@pytest.mark.skipif(shared_examples_path() is None, reason="shared examples not present")
def test_shared_examples_all_fields_on_every_today() -> None:
    path = shared_examples_path()
    assert path is not None
    result = evaluate(load(path), DETECTOR, TODAYS, defaults=False)
    assert result["scored"]["channel"] >= 3
    assert result["scored"]["kind"] >= 2
    assert result["accuracy"]["allFields"]["min"] >= 0.95, result["failures"]


def test_tuning_set_all_fields_on_every_today() -> None:
    """The set the detector is developed against: every class of miss issue 22 names, in many registers."""
    cases = load(TUNING_SET)
    assert len(cases) >= 200
    assert sum(not c["isTask"] for c in cases) >= 60
    result = evaluate(cases, DETECTOR, TODAYS)
    assert result["scored"]["channel"] >= 40
    assert result["scored"]["kind"] >= 30
    assert result["accuracy"]["allFields"]["min"] >= 0.95, result["failures"]


def assert_sealed_goal(cases: list[dict[str, Any]]) -> None:
    """95% all fields on the worst today; a miss names every field's worst figure, never a message (a sealed set's
    lines are not read while the detector changes)."""
    result = evaluate(cases, DETECTOR, TODAYS)
    figures = {name: round(value["min"], 3) for name, value in result["accuracy"].items()}
    assert result["accuracy"]["allFields"]["min"] >= 0.95, figures


SEALED_ROUNDS = [
    # the set's name in the bench; the commit that added it alone and its figure when its own round ended
    pytest.param("sealed", id="first"),  # before issue 22 (58.8% before the first round)
    pytest.param("sealed2", id="second"),  # 7cb602e (86.3%)
    pytest.param("sealed3", id="third"),  # c5e6cdc (82.8%)
    pytest.param("sealed4", id="fourth"),  # 68cf8d1 (86.4%)
    pytest.param("sealed5", id="fifth"),  # 9a2fdf7 (92.7%)
    pytest.param("sealed6", id="sixth"),  # 05ed830 (92.3%)
    pytest.param("sealed7", id="seventh"),  # 336bcb3 (93.5%)
    pytest.param("sealed8", id="eighth"),  # 3ab7293 (91.4%); learned from in the ninth round
    pytest.param("sealed9", id="ninth"),  # 63fa73f (83.7% before; read early, so it judged nothing)
    pytest.param("sealed10", id="tenth"),  # 2cf7857 (93.1% when measured); learned from in the tenth round
    pytest.param("sealed11", id="eleventh"),  # 90004e2 (90.5% when measured); learned from in the tenth round
    pytest.param("sealed12", id="twelfth"),  # 4bb9dea (95.3% before the tenth round, 97.1% when measured after it)
]


def test_every_sealed_set_in_the_bench_is_held_here() -> None:
    assert [param.values[0] for param in SEALED_ROUNDS] == list(SEALED_SETS)


@pytest.mark.parametrize("name", SEALED_ROUNDS)
def test_sealed_set_all_fields_on_every_today(name: str) -> None:
    """Requests written without reading the detector, each set committed alone before a round of detector
    changes. A set's figure and misses are read once, when its round ends: from then on it is a seen set, held
    here to the same goal and never tuned on line by line, and the next round's honest measure is a new set."""
    cases = load(SEALED_SETS[name])
    assert len(cases) >= 200
    assert_sealed_goal(cases)


def test_own_eval_set_all_fields_on_every_today() -> None:
    cases = load(OWN_SET)
    assert len(cases) >= 170
    assert sum(not c["isTask"] for c in cases) >= 30
    result = evaluate(cases, DETECTOR, TODAYS)
    assert result["scored"]["channel"] >= 40
    assert result["scored"]["kind"] >= 40
    assert result["accuracy"]["allFields"]["min"] >= 0.95, result["failures"]


@pytest.mark.parametrize(
    ("message", "channel"),
    [
        ("Text message blast to gym members about the holiday hours", Channel.SMS),
        ("could u plan a whats app promo for the Kumasi branch", Channel.WHATSAPP),
        ("Schedule an e-mail newsletter for the spring catalogue", None),  # EMAIL is the caller's default
        ("Launch a promo campaign for the new blender range", None),
        ("Create an SMS follow-up campaign to the email we sent on Monday", Channel.SMS),  # the first one named
        ("Txt blast to members re: pool closure", Channel.SMS),
        ("whats-app msg to vips about early access", Channel.WHATSAPP),
    ],
)
def test_a_campaign_says_its_channel_when_the_request_names_one(message: str, channel: Channel | None) -> None:
    found = detect(message)
    assert found.category is Category.CAMPAIGN
    assert found.channel in (channel, Channel.EMAIL if channel is None else channel)
    assert found.kind is None
    assert found.segment_rule is None


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Build a drip to onboard new franchise partners", WorkflowKind.ONBOARDING),
        ("Set up a nurturing journey for whitepaper leads", WorkflowKind.NURTURE),
        ("automation to win back customers who cancelled their box", WorkflowKind.RETENTION),
        ("Create a workflow that notifies finance of refunds over $500", None),
        ("Build a workflow that marks trial users who invite teammates as sales-ready leads", None),  # handles leads
        ("Set up an automation to qualify inbound leads from the demo form", None),
    ],
)
def test_a_workflow_says_its_kind_when_the_request_names_one(message: str, kind: WorkflowKind | None) -> None:
    found = detect(message)
    assert found.category is Category.WORKFLOW
    assert found.kind is kind
    assert found.channel is None


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        (
            "Build a segment of shoppers who bought running shoes twice this year, by Friday",
            "Shoppers who bought running shoes twice this year",
        ),
        ("new segment: members with an expired card, p1", "Members with an expired card"),
        ("can someone make an audience of users who churned last month", "Users who churned last month"),
        (
            "Segment for the Oslo launch: subscribers within 30 km of Oslo",
            "Subscribers within 30 km of Oslo",
        ),
    ],
)
def test_a_segment_request_gives_its_rule_in_its_own_words(message: str, rule: str) -> None:
    found = detect(message)
    assert found.category is Category.SEGMENT
    assert found.segment_rule == rule


def test_segmenting_as_an_analysis_stays_analytics() -> None:
    assert detect("Segment buyers by region and chart the revenue split").category is Category.ANALYTICS


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Build a workflow that flags prospects who opened 5 emails for the sales lead", None),  # the team's, GENERAL
        ("Automation to reassign stale leads to a new rep after 3 days", None),
        ("Workflow: support emails tagged 'billing' get auto-routed to the finance queue", None),
        ("When a class in Glofox is cancelled, text the first person on the waitlist", None),  # a place freed
        ("A save-the-account flow for clients who click 'close account'", WorkflowKind.RETENTION),
        ("Automate a check-in email for members who skip two weeks so they don't quit", WorkflowKind.RETENTION),
        ("Journey for subscribers who cancel their plan: survey, then an offer", WorkflowKind.RETENTION),
    ],
)
def test_a_workflow_for_the_team_is_general_and_one_that_keeps_people_retains(
    message: str, kind: WorkflowKind | None
) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.category is Category.WORKFLOW
    assert found.kind is kind
