"""A task and its comments as the API returns them: execute's 201 body, the task routes and their pages.

Apart from the shared bodies (schemas.common) so that the functions that never return a task (users, health)
do not define these classes at every cold start.
"""

from enum import StrEnum

from pydantic import ConfigDict, Field

from taskexec.domain.vocabulary import Category, Priority, TaskSource, TaskStatus
from taskexec.schemas.common import Schema


class Task(Schema):
    # Each drafting category's link field (taskexec.domain.categories): those declared here are typed, a
    # category added later is carried as it is.
    model_config = ConfigDict(extra="allow", defer_build=True)

    id: str
    title: str
    description: str
    category: Category
    priority: Priority
    status: TaskStatus
    dueDate: str = Field(description="ISO 8601 calendar date (YYYY-MM-DD) in `timeZone`")
    assigneeId: str
    createdById: str
    createdAt: str
    updatedAt: str
    source: TaskSource = TaskSource.AI
    timeZone: str = Field(
        description="IANA time zone whose calendar `dueDate` is on: the requester's (UTC for tasks made before zones)",
        examples=["Pacific/Honolulu"],
    )
    automationId: str | None = Field(default=None, description="the automation that made it (source automation)")
    automationDepth: int = Field(
        default=0,
        description="how many automations in a chain led to it: 0 for a person's or an integration's task, "
        "N+1 for a task an automation made when a depth-N task's event triggered it (a chain stops at 3)",
    )
    campaignId: str | None = None
    workflowId: str | None = None
    segmentId: str | None = None


class CommentKind(StrEnum):
    """Who wrote a comment: AI_GUIDANCE, the next steps the service writes with every task it executes."""

    AI_GUIDANCE = "AI_GUIDANCE"


class Comment(Schema):
    id: str
    taskId: str
    content: str
    createdById: str
    kind: CommentKind
    createdAt: str


class TaskPage(Schema):
    items: list[Task]
    nextToken: str | None


class CommentPage(Schema):
    items: list[Comment]
    nextToken: str | None
