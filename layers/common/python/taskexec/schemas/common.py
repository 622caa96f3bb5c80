"""Bodies shared by several routes: errors, tasks, comments, pages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Request bodies refuse unknown fields, so a typo is a 422 rather than silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FieldDetail(BaseModel):
    field: str
    issue: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    suggestion: str | None = None
    details: list[FieldDetail] | None = None
    requestId: str


class ErrorResponse(BaseModel):
    error: ErrorInfo


class TaskOut(BaseModel):
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


class CommentOut(BaseModel):
    id: str
    taskId: str
    content: str
    createdById: str
    kind: str
    createdAt: str


class TaskPage(BaseModel):
    items: list[TaskOut]
    nextToken: str | None


class CommentPage(BaseModel):
    items: list[CommentOut]
    nextToken: str | None
