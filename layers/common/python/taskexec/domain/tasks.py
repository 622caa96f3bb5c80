"""A task and its comments as the domain sees them: plain frozen values, whatever stores them.

The values of the Lambda package are NamedTuples, not dataclasses: a dataclass compiles its generated methods
(`exec`) at every cold start, which byte code in the package cannot hold; a NamedTuple's accessors are C code.
Being tuples, they must be turned into dicts (`body()`, `_asdict()`) before JSON or pydantic sees them.
"""

from typing import Any, NamedTuple


class Task(NamedTuple):
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
        return self._asdict()


class Comment(NamedTuple):
    id: str
    taskId: str
    content: str
    createdById: str
    kind: str
    createdAt: str

    def body(self) -> dict[str, Any]:
        return self._asdict()


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
