"""Each category in one place: the guidance its tasks get, and the draft it makes beside its task.

The guidance is the next steps a task of the category gets (a campaign's follow its channel) and, where the
category says more, a paragraph after them (a workflow's: what its draft starts with). A category that drafts (a
campaign, a workflow, a segment) names how its draft is built, the table it is written to, the task's field that
links it and the execute response's field that returns it: execution builds the draft with `build`, the data
layer writes it to `table` in the execution's transaction and stores its id on the task's row under
`link_field`, and the answer carries it under `response_field`. Nothing else names a category's draft, so a new
category is a member of `vocabulary.Category`, an entry in CATEGORIES and, when it drafts, its table in
template.yaml.

Values of the Lambda package are NamedTuples (docs in taskexec.domain.tasks). The steps and the builders take
the execution's plan (`planning.Plan`), imported for type checking only: the functions that read tasks load this
module (a task's link field is named here) and should not pay for planning and its date rules.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from taskexec.domain.vocabulary import Category, Channel, WorkflowKind

if TYPE_CHECKING:
    from taskexec.domain.planning import Plan


class Draft(Protocol):
    """A draft as execution and storage handle it, whatever its category (each is a NamedTuple with these)."""

    @property
    def id(self) -> str: ...

    @property
    def taskId(self) -> str: ...

    def body(self) -> dict[str, Any]:
        """The draft's fields by their contract names: its row's attributes and the response's object."""
        ...


class DraftStamp(NamedTuple):
    """What every draft carries: its own id, the task it belongs to, who made it and when."""

    id: str
    taskId: str
    createdById: str
    createdAt: str


class Drafts(NamedTuple):
    """What a drafting category makes beside its task, and where that goes."""

    build: Callable[["Plan", DraftStamp], Draft]
    table: str
    """The template's logical id of the table the draft is written to (config.table_name resolves it)."""
    link_field: str
    """The task's field holding the draft's id: the contract's name, and the attribute on the task's row."""
    response_field: str
    """The field of the execute response that returns the draft."""


class CategoryEntry(NamedTuple):
    steps: Callable[["Plan"], tuple[str, ...]]
    """The next steps of the guidance comment for a task of the category."""
    drafts: Drafts | None = None
    """None for a category that makes no draft."""
    outline: Callable[["Plan"], str] | None = None
    """A paragraph of the guidance after the steps (a workflow's: what its draft starts with)."""


def _fixed(*steps: str) -> Callable[["Plan"], tuple[str, ...]]:
    """Steps that are the same for every task of the category."""

    def fixed(plan: "Plan") -> tuple[str, ...]:
        return steps

    return fixed


# --- campaign -----------------------------------------------------------------------------------------------------


class DraftCampaign(NamedTuple):
    """The campaign a CAMPAIGN task starts: a draft on its channel (EMAIL, SMS, WHATSAPP), with no subject yet."""

    id: str
    taskId: str
    name: str
    createdById: str
    createdAt: str
    subject: str = ""
    status: str = "DRAFT"
    channel: str = "EMAIL"

    def body(self) -> dict[str, Any]:
        return self._asdict()


def _campaign(plan: "Plan", stamp: DraftStamp) -> DraftCampaign:
    return DraftCampaign(**stamp._asdict(), name=plan.title, channel=(plan.channel or Channel.EMAIL).value)


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


def _campaign_steps(plan: "Plan") -> tuple[str, ...]:
    return CAMPAIGN_STEPS[plan.channel or Channel.EMAIL]


# --- workflow -----------------------------------------------------------------------------------------------------


class WorkflowStep(NamedTuple):
    """One step of a draft workflow: what to do, and how many days after the contact enters the workflow."""

    delayDays: int
    action: str


class DraftWorkflow(NamedTuple):
    """The workflow a WORKFLOW task starts: a draft, triggered manually until someone says otherwise, with the
    first steps that suit its kind (onboarding: welcome, day-2 tips, day-7 check-in)."""

    id: str
    taskId: str
    name: str
    createdById: str
    createdAt: str
    trigger: str = "manual"
    status: str = "DRAFT"
    kind: str = "GENERAL"
    steps: tuple[WorkflowStep, ...] = ()

    def body(self) -> dict[str, Any]:
        """The workflow's fields, its steps as dicts too (`_asdict` leaves nested values as tuples)."""
        return {**self._asdict(), "steps": [step._asdict() for step in self.steps]}


WORKFLOW_STEPS: dict[WorkflowKind, tuple[WorkflowStep, ...]] = {
    WorkflowKind.ONBOARDING: (
        WorkflowStep(0, "Send the welcome message with the one action that gets them started"),
        WorkflowStep(2, "Send getting-started tips for the features new users miss"),
        WorkflowStep(7, "Check in: ask how it is going and offer help or a call"),
    ),
    WorkflowKind.NURTURE: (
        WorkflowStep(0, "Send the resource they asked for and a short introduction"),
        WorkflowStep(3, "Send educational content or a case study that matches their interest"),
        WorkflowStep(7, "Show the product benefit that answers their likely problem"),
        WorkflowStep(14, "Invite them to a demo or an offer; hand engaged leads to sales"),
    ),
    WorkflowKind.RETENTION: (
        WorkflowStep(0, "Send a we-miss-you message with what is new since their last visit"),
        WorkflowStep(3, "Offer an incentive to come back (discount, credit or extended trial)"),
        WorkflowStep(7, "Ask for feedback: why they paused, what would bring them back"),
        WorkflowStep(14, "Flag contacts still inactive for a last win-back attempt or a sunset"),
    ),
    WorkflowKind.GENERAL: (WorkflowStep(0, "Run the first action when the trigger fires"),),
}
"""The first steps a draft workflow gets for its kind: a starting point to edit, never activated by itself."""


def _workflow(plan: "Plan", stamp: DraftStamp) -> DraftWorkflow:
    kind = plan.kind or WorkflowKind.GENERAL
    return DraftWorkflow(**stamp._asdict(), name=plan.title, kind=kind.value, steps=WORKFLOW_STEPS[kind])


def _workflow_outline(plan: "Plan") -> str:
    kind = plan.kind or WorkflowKind.GENERAL
    days = "; ".join(f"day {step.delayDays}: {step.action}" for step in WORKFLOW_STEPS[kind])
    return f"The draft {kind.value.lower()} workflow starts with: {days}. Adjust them before activating it."


# --- segment ------------------------------------------------------------------------------------------------------


class DraftSegment(NamedTuple):
    """The segment a SEGMENT task starts: a draft whose rule is who it holds, in the request's words, for
    someone to turn into filter conditions."""

    id: str
    taskId: str
    name: str
    rule: str
    createdById: str
    createdAt: str
    status: str = "DRAFT"

    def body(self) -> dict[str, Any]:
        return self._asdict()


def _segment(plan: "Plan", stamp: DraftStamp) -> DraftSegment:
    return DraftSegment(**stamp._asdict(), name=plan.title, rule=plan.segment_rule or plan.description)


# --- the registry -------------------------------------------------------------------------------------------------

CATEGORIES: dict[Category, CategoryEntry] = {
    Category.CAMPAIGN: CategoryEntry(
        _campaign_steps, Drafts(_campaign, "EmailCampaignsTable", "campaignId", "campaign")
    ),
    Category.WORKFLOW: CategoryEntry(
        _fixed(
            "Open the draft workflow linked to this task and define its trigger and entry conditions.",
            "Map each step (delays, branches, actions) and the exit criteria.",
            "Run it against a test contact and check every branch.",
            "Activate it for a small segment first and review the results before widening it.",
        ),
        Drafts(_workflow, "WorkflowsTable", "workflowId", "workflow"),
        outline=_workflow_outline,
    ),
    Category.SEGMENT: CategoryEntry(
        _fixed(
            "Open the draft segment linked to this task and check its rule against what was asked.",
            "Turn the rule into filter conditions (attributes, events, time windows); note any data you do not have.",
            "Preview the count and a sample of contacts; look for people who should not be there.",
            "Exclude unsubscribed and suppressed contacts, and decide whether it updates itself or is a snapshot.",
            "Publish it and tell the owners of the campaigns or workflows that will use it.",
        ),
        Drafts(_segment, "SegmentsTable", "segmentId", "segment"),
    ),
    Category.CONTENT: CategoryEntry(
        _fixed(
            "Confirm the audience, goal and channel of the piece.",
            "Draft the copy with a clear call to action; keep brand voice and legal wording.",
            "Get a review from a second person, then publish or hand over for publishing.",
        )
    ),
    Category.ANALYTICS: CategoryEntry(
        _fixed(
            "Pin down the question, the metrics and the date range.",
            "Pull the data, check it for gaps and outliers, and segment where it explains the change.",
            "Summarise the findings with one chart per point and the recommended next action.",
        )
    ),
    Category.INTEGRATION: CategoryEntry(
        _fixed(
            "Check the integration's status, credentials and recent error logs on both sides.",
            "Reproduce the failure with a single record; note request and response codes.",
            "Fix or re-authorise the connection, replay the failed records, and confirm the sync end to end.",
            "Add or check an alert so that the next failure is noticed early.",
        )
    ),
    Category.GENERAL: CategoryEntry(
        _fixed(
            "Clarify what done looks like for this task.",
            "Break it into steps and note anything blocking it.",
            "Update the task status as you go so the team can see progress.",
        )
    ),
}
"""Every category and what it calls for. Read at call time (never copied into another table), so a test can
register a category of its own."""


def entry(category: Category) -> CategoryEntry:
    return CATEGORIES[category]


def drafts_of(category: Category) -> Drafts | None:
    """What the category drafts; None when it drafts nothing."""
    return CATEGORIES[category].drafts


def link_field(category: Category) -> str | None:
    drafts = CATEGORIES[category].drafts
    return drafts.link_field if drafts else None


def link_fields() -> list[str]:
    """Every drafting category's link field, in the registry's order: the task object carries each of them."""
    return [entry.drafts.link_field for entry in CATEGORIES.values() if entry.drafts]


def draft_tables() -> list[str]:
    """The logical ids of the tables drafts are written to."""
    return [entry.drafts.table for entry in CATEGORIES.values() if entry.drafts]
