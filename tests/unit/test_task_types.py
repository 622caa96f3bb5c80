"""Planning and guidance for the task types: each category's own fields, defaults, steps and advice."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from taskexec.domain import categories, planning
from taskexec.domain.detector import Detection
from taskexec.domain.guidance import guidance
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind

TODAY = date(2026, 6, 24)


class Fixed:
    """A detector that answers what it was given: planning is tested apart from any detector."""

    name = "fixed"

    def __init__(self, detection: Detection) -> None:
        self.detection = detection

    def detect(self, message: str, today: date) -> Detection:
        return self.detection


def plan_of(category: Category, title: str, priority: Priority, due_reason: str, **facets: Any) -> planning.Plan:
    return planning.Plan(category, title, title, priority, TODAY, due_reason, None, **facets)


def test_a_campaign_without_a_channel_is_email_and_a_workflow_without_a_kind_is_general() -> None:
    campaign = planning.from_fields(Category.CAMPAIGN, "Autumn sale", None, None, None, None, TODAY)
    workflow = planning.from_fields(Category.WORKFLOW, "Route refunds", None, None, None, None, TODAY)
    assert (campaign.channel, campaign.kind, campaign.segment_rule) == (Channel.EMAIL, None, None)
    assert (workflow.channel, workflow.kind, workflow.segment_rule) == (None, WorkflowKind.GENERAL, None)


def test_channel_and_kind_apply_only_to_their_own_category() -> None:
    detection = Detection(is_task=True, category=Category.CONTENT, title="Write it", channel=Channel.SMS)
    draft = planning.from_message("Write it", TODAY, Fixed(detection))
    assert (draft.channel, draft.kind, draft.segment_rule) == (None, None, None)


def test_a_segment_rule_comes_from_the_detector_else_from_the_description() -> None:
    said = Detection(is_task=True, category=Category.SEGMENT, title="Build a segment", segment_rule="VIPs in Oslo")
    unsaid = Detection(is_task=True, category=Category.SEGMENT, title="Build a segment", description="All VIPs.")
    assert planning.from_message("x", TODAY, Fixed(said)).segment_rule == "VIPs in Oslo"
    assert planning.from_message("x", TODAY, Fixed(unsaid)).segment_rule == "All VIPs."


def test_every_kind_has_steps_and_onboarding_is_welcome_tips_check_in() -> None:
    assert set(categories.WORKFLOW_STEPS) == set(WorkflowKind)
    onboarding = categories.WORKFLOW_STEPS[WorkflowKind.ONBOARDING]
    assert [step.delayDays for step in onboarding] == [0, 2, 7]
    for word, step in zip(("welcome", "tips", "check in"), onboarding, strict=True):
        assert word in step.action.lower()
    for steps in categories.WORKFLOW_STEPS.values():
        days = [step.delayDays for step in steps]
        assert days == sorted(days)


@pytest.mark.parametrize(
    ("channel", "must_say"),
    [
        (Channel.EMAIL, ("SPF", "DKIM", "unsubscribe")),
        (Channel.SMS, ("160 characters", "STOP", "consent")),
        (Channel.WHATSAPP, ("template", "approved", "24-hour")),
    ],
)
def test_campaign_guidance_follows_the_channel(channel: Channel, must_say: tuple[str, ...]) -> None:
    text = guidance(plan_of(Category.CAMPAIGN, "Promo", Priority.HIGH, "Due soon.", channel=channel), "Least loaded.")
    for phrase in must_say:
        assert phrase in text, (channel, phrase)
    assert channel.value in text


def test_every_category_has_guidance() -> None:
    for category in Category:
        assert guidance(plan_of(category, "T", Priority.LOW, "d"), "a").count("\n1. ") == 1, category
