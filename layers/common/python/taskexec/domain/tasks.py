"""A task and its comments as the domain sees them: plain frozen values, whatever stores them.

The values of the Lambda package are NamedTuples, not dataclasses: a dataclass compiles its generated methods
(`exec`) at every cold start, which byte code in the package cannot hold; a NamedTuple's accessors are C code.
Being tuples, they must be turned into dicts (`body()`, `_asdict()`) before JSON or pydantic sees them.

The task is the one shape every layer above the rows shares: the data layer maps rows and stream images to it,
the execute and task routes answer with its body, and the domain events carry that same body.
"""

from collections.abc import Mapping
from typing import Any, NamedTuple

from taskexec.domain import categories
from taskexec.domain.time_zones import UTC_ZONE
from taskexec.domain.vocabulary import Category, Priority, TaskSource, TaskStatus


class Task(NamedTuple):
    id: str
    title: str
    description: str
    category: Category
    priority: Priority
    status: TaskStatus
    dueDate: str
    assigneeId: str
    createdById: str
    createdAt: str
    updatedAt: str
    source: TaskSource
    timeZone: str = UTC_ZONE
    """The IANA zone whose calendar `dueDate` is on: the requester's when it was made (tasks made before zones
    existed were UTC)."""
    draftId: str | None = None
    """The draft its category made with it, if any; the contract names the link after the category
    (`campaignId`, `workflowId`, `segmentId`: taskexec.domain.categories)."""
    automationId: str | None = None
    """The automation whose run made it (`source` automation); None for a person's or an integration's task."""
    automationDepth: int = 0
    """How many automations in a chain led to it: 0 for a person's or an integration's task, N+1 for a task made
    by a run that a depth-N task's event triggered. Its events carry it, so the next run knows its own depth."""

    def body(self) -> dict[str, Any]:
        """The task object of the contract: its fields, and every drafting category's link field (null but for
        its own category's, which holds `draftId`)."""
        fields = self._asdict()
        draft_id = fields.pop("draftId")
        own = categories.link_field(self.category)
        fields.update({link: draft_id if link == own else None for link in categories.link_fields()})
        return fields


class AutomationOrigin(NamedTuple):
    """The automation run a task is made by (taskexec.domain.automation_runs.RunRequest.origin): the task's
    `automationId` and `automationDepth`, and what its audit row names (the automation, the trigger's `eventId`
    or `scheduledTime`, the depth)."""

    automation_id: str
    depth: int
    trigger: Mapping[str, str]

    def audit(self) -> dict[str, Any]:
        return {"automationId": self.automation_id, **self.trigger, "depth": self.depth}


class Comment(NamedTuple):
    id: str
    taskId: str
    content: str
    createdById: str
    kind: str
    createdAt: str

    def body(self) -> dict[str, Any]:
        return self._asdict()
