"""POST /ai/execute and /ai/execute/batch bodies."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from taskexec.domain.priorities import normalize_priority
from taskexec.domain.vocabulary import Category, Priority, Strategy
from taskexec.schemas.common import CommentOut, Schema, Strict, TaskOut

MAX_BATCH = 25


class TaskInput(Strict):
    category: Category
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    priority: Priority | None = Field(
        default=None, description="LOW, MEDIUM, HIGH, URGENT or an alias (p0..p3, asap, ...)"
    )
    dueDate: str | None = Field(default=None, max_length=64, description="ISO 8601 date or a phrase like 'by Friday'")
    assigneeId: str | None = Field(default=None, min_length=1, max_length=128)

    @field_validator("priority", mode="before")
    @classmethod
    def _normalise_priority(cls, value: Any) -> Any:
        if value is None or isinstance(value, Priority):
            return value
        if not isinstance(value, str):
            raise ValueError("priority must be a string")
        return normalize_priority(value)


class ExecuteRequest(Strict):
    message: str | None = Field(default=None, min_length=1, max_length=4000)
    task: TaskInput | None = None
    dryRun: bool = False

    @model_validator(mode="after")
    def _exactly_one(self) -> ExecuteRequest:
        if (self.message is None) == (self.task is None):
            raise ValueError("send exactly one of 'message' or 'task'")
        return self


class BatchRequest(Strict):
    items: list[dict[str, Any]] = Field(
        min_length=1, max_length=MAX_BATCH, description="1..25 bodies of POST /ai/execute, each executed on its own"
    )


class AssignmentOut(Schema):
    assigneeId: str
    strategy: Strategy
    reason: str


class CampaignOut(Schema):
    id: str
    taskId: str
    name: str
    subject: str
    status: str
    createdAt: str


class WorkflowOut(Schema):
    id: str
    taskId: str
    name: str
    trigger: str
    status: str
    createdAt: str


class ExecuteResponse(Schema):
    executionId: str
    status: Literal["SUCCEEDED"] = "SUCCEEDED"
    task: TaskOut
    comment: CommentOut
    assignment: AssignmentOut
    campaign: CampaignOut | None = None
    workflow: WorkflowOut | None = None
    durationMs: int

    def to_body(self) -> dict[str, Any]:
        """The 201 body: `campaign` / `workflow` appear only when one was made."""
        body = self.model_dump(mode="json")
        for optional in ("campaign", "workflow"):
            if body[optional] is None:
                del body[optional]
        return body


class PlanOut(Schema):
    category: Category
    title: str
    description: str
    priority: Priority
    dueDate: str
    assigneeId: str
    strategy: Strategy


class DryRunResponse(Schema):
    status: Literal["DRY_RUN"] = "DRY_RUN"
    plan: PlanOut


class BatchResult(Schema):
    status: int
    body: dict[str, Any]


class BatchResponse(Schema):
    results: list[BatchResult]
