"""A task and its comments as the domain sees them: plain frozen values, whatever stores them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class StaleWrite(Exception):
    """A conditional write found the row changed since it was read (or lost a race to another writer)."""


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    description: str
    category: str
    priority: str
    status: str
    dueDate: str
    assigneeId: str
    createdById: str
    createdAt: str
    updatedAt: str
    source: str | None = None
    campaignId: str | None = None
    workflowId: str | None = None
    segmentId: str | None = None

    def body(self) -> dict[str, Any]:
        """The task's fields by their contract names (the names are the contract's, so they match)."""
        return asdict(self)


@dataclass(frozen=True)
class Comment:
    id: str
    taskId: str
    content: str
    createdById: str
    kind: str
    createdAt: str

    def body(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DraftCampaign:
    """The campaign a CAMPAIGN task starts: a draft on its channel (EMAIL, SMS, WHATSAPP), with no subject yet."""

    id: str
    taskId: str
    name: str
    createdById: str
    createdAt: str
    subject: str = ""
    status: str = "DRAFT"
    channel: str = "EMAIL"


@dataclass(frozen=True)
class WorkflowStep:
    """One step of a draft workflow: what to do, and how many days after the contact enters the workflow."""

    delayDays: int
    action: str


@dataclass(frozen=True)
class DraftWorkflow:
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


@dataclass(frozen=True)
class DraftSegment:
    """The segment a SEGMENT task starts: a draft whose rule is who it holds, in the request's words, for
    someone to turn into filter conditions."""

    id: str
    taskId: str
    name: str
    rule: str
    createdById: str
    createdAt: str
    status: str = "DRAFT"
