"""Bodies shared by several routes: errors, tasks, comments, pages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Schema(BaseModel):
    """Base of every body model. Validators are built on first use, not at import: each Lambda imports all
    the schemas but a route needs only its own, and cold-start time is paid on every new container."""

    model_config = ConfigDict(defer_build=True)


class Strict(Schema):
    """Request bodies refuse unknown fields, so a typo is a 422 rather than silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class FieldDetail(Schema):
    field: str
    issue: str


class ErrorInfo(Schema):
    code: str
    message: str
    suggestion: str | None = None
    details: list[FieldDetail] | None = None
    requestId: str


class ErrorResponse(Schema):
    error: ErrorInfo


class TaskOut(Schema):
    id: str
    title: str
    description: str
    category: str
    priority: str
    status: str
    dueDate: str = Field(description="ISO 8601 date (UTC)")
    assigneeId: str
    createdById: str
    createdAt: str
    updatedAt: str
    source: str = "ai"
    campaignId: str | None = None
    workflowId: str | None = None


class CommentOut(Schema):
    id: str
    taskId: str
    content: str
    createdById: str
    kind: str
    createdAt: str


class TaskPage(Schema):
    items: list[TaskOut]
    nextToken: str | None


class CommentPage(Schema):
    items: list[CommentOut]
    nextToken: str | None
