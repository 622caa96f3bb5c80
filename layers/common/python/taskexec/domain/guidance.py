"""The AI guidance comment: concrete next steps for the category (and the campaign's channel, the workflow's
kind), and why this assignee and due date."""

from __future__ import annotations

from collections.abc import Sequence

from taskexec.domain.tasks import WorkflowStep
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind

NEXT_STEPS: dict[Category, tuple[str, ...]] = {
    Category.CAMPAIGN: (
        "Open the draft email campaign linked to this task and confirm the audience segment.",
        "Write the subject line and preview text; plan an A/B test of two subject lines.",
        "Send a test to the team, check links, personalisation and the unsubscribe footer.",
        "Schedule the send for the audience's best engagement window and watch opens/clicks for 24 h.",
    ),
    Category.WORKFLOW: (
        "Open the draft workflow linked to this task and define its trigger and entry conditions.",
        "Map each step (delays, branches, actions) and the exit criteria.",
        "Run it against a test contact and check every branch.",
        "Activate it for a small segment first and review the results before widening it.",
    ),
    Category.SEGMENT: (
        "Open the draft segment linked to this task and check its rule against what was asked.",
        "Turn the rule into filter conditions (attributes, events, time windows); note any data you do not have.",
        "Preview the count and a sample of contacts; look for people who should not be there.",
        "Exclude unsubscribed and suppressed contacts, and decide whether it updates itself or is a snapshot.",
        "Publish it and tell the owners of the campaigns or workflows that will use it.",
    ),
    Category.CONTENT: (
        "Confirm the audience, goal and channel of the piece.",
        "Draft the copy with a clear call to action; keep brand voice and legal wording.",
        "Get a review from a second person, then publish or hand over for publishing.",
    ),
    Category.ANALYTICS: (
        "Pin down the question, the metrics and the date range.",
        "Pull the data, check it for gaps and outliers, and segment where it explains the change.",
        "Summarise the findings with one chart per point and the recommended next action.",
    ),
    Category.INTEGRATION: (
        "Check the integration's status, credentials and recent error logs on both sides.",
        "Reproduce the failure with a single record; note request and response codes.",
        "Fix or re-authorise the connection, replay the failed records, and confirm the sync end to end.",
        "Add or check an alert so that the next failure is noticed early.",
    ),
    Category.GENERAL: (
        "Clarify what done looks like for this task.",
        "Break it into steps and note anything blocking it.",
        "Update the task status as you go so the team can see progress.",
    ),
}


CAMPAIGN_STEPS: dict[Channel, tuple[str, ...]] = {
    Channel.EMAIL: (
        "Open the draft email campaign linked to this task and confirm the audience segment.",
        "Write the subject line and preview text; plan an A/B test of two subject lines.",
        "Deliverability: send from your authenticated domain (SPF, DKIM and DMARC aligned), leave out hard "
        "bounces and contacts inactive for months, and keep the one-click unsubscribe link and postal address.",
        "Send a test to the team, check links, personalisation and rendering on mobile and dark mode.",
        "Schedule the send for the audience's best engagement window and watch opens/clicks for 24 h.",
    ),
    Channel.SMS: (
        "Open the draft SMS campaign linked to this task; include only contacts with SMS consent and leave out "
        "everyone who replied STOP.",
        "Keep it to one segment: 160 characters in GSM-7, 70 once any emoji or accented character forces "
        "Unicode, counting the sender name and a shortened link.",
        'End with the opt-out ("Reply STOP to opt out") and identify the brand; honour opt-outs at once.',
        "Schedule inside local quiet-hour rules (daytime in the recipient's time zone) and send a test to "
        "team phones on different carriers.",
    ),
    Channel.WHATSAPP: (
        "Open the draft WhatsApp campaign linked to this task; include only contacts who opted in to WhatsApp.",
        "A business-initiated message outside the 24-hour service window needs an approved template: submit it "
        "(category Marketing) in WhatsApp Manager now, since approval can take up to a day, and schedule only "
        "once it is approved.",
        "Fill the template's variables, media and buttons; keep it personal and short.",
        "Send a test to a team phone, then watch delivery, read rates and the template's quality rating.",
    ),
}
"""Campaign steps depend on the channel: each has its own rules (consent, length, opt-out, templates)."""


def _steps(category: Category, channel: Channel | None) -> Sequence[str]:
    if category is Category.CAMPAIGN:
        return CAMPAIGN_STEPS[channel or Channel.EMAIL]
    return NEXT_STEPS[category]


def _workflow_outline(kind: WorkflowKind, steps: Sequence[WorkflowStep]) -> str:
    days = "; ".join(f"day {step.delayDays}: {step.action}" for step in steps)
    return f"\n\nThe draft {kind.value.lower()} workflow starts with: {days}. Adjust them before activating it."


def guidance(
    category: Category,
    title: str,
    priority: Priority,
    due_reason: str,
    assignment_reason: str,
    *,
    channel: Channel | None = None,
    kind: WorkflowKind | None = None,
    workflow_steps: Sequence[WorkflowStep] = (),
) -> str:
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(_steps(category, channel), start=1))
    label = ", ".join(
        part for part in (category.value, channel and channel.value, kind and kind.value, priority.value) if part
    )
    outline = _workflow_outline(kind, workflow_steps) if kind and workflow_steps else ""
    return (
        f'Suggested next steps for "{title}" ({label}):\n{steps}{outline}\n\n'
        f"Why this assignee: {assignment_reason}\n"
        f"Why this due date: {due_reason}"
    )
