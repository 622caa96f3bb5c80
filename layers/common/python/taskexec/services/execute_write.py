"""What one try of an execution writes: the task, the draft its category calls for, the guidance comment and
the execution's audit record, as domain values (the data layer makes the rows and the transaction)."""

import uuid
from typing import NamedTuple

from taskexec.data.activity import ActivityRecord
from taskexec.data.executions import ExecutionWrite
from taskexec.data.user_store import now_iso
from taskexec.domain import categories
from taskexec.domain.assignment import Assignment
from taskexec.domain.categories import DraftStamp
from taskexec.domain.guidance import guidance
from taskexec.domain.planning import Plan
from taskexec.domain.task_requests import succeeded
from taskexec.domain.tasks import AutomationOrigin, Comment, Task
from taskexec.domain.users import User
from taskexec.domain.vocabulary import TaskSource, TaskStatus


class Execution(NamedTuple):
    """What stays the same over every try of one execution (only the assignment and the time change)."""

    requester: User
    plan: Plan
    execution_id: str
    task_id: str
    request_id: str
    route: str
    """What the audit row names: "POST /ai/execute", or the integration's request (services.execute.OnBehalf)."""
    source: TaskSource = TaskSource.AI
    """Where the task came from: a person over HTTP, or what an OnBehalf execution stands for."""
    answer_key: str | None = None
    """An integration request's or an automation action's key: its answer is written with the execution, once
    (data/request_answers.py)."""
    origin: AutomationOrigin | None = None
    """The automation run it belongs to: on the task (`automationId`, `automationDepth`) and its audit row."""


def write_for(execution: Execution, chosen: Assignment, duration_ms: int) -> ExecutionWrite:
    """The write of one try; `duration_ms` is the time up to it (the record cannot hold the write's own)."""
    plan, requester, task_id = execution.plan, execution.requester, execution.task_id
    at = now_iso()
    drafts = categories.drafts_of(plan.category)
    draft = drafts.build(plan, DraftStamp(uuid.uuid4().hex, task_id, requester.id, at)) if drafts else None
    task = Task(
        id=task_id,
        title=plan.title,
        description=plan.description,
        category=plan.category,
        priority=plan.priority,
        status=TaskStatus.TODO,
        dueDate=plan.due_date.isoformat(),
        assigneeId=chosen.assignee.id,
        createdById=requester.id,
        createdAt=at,
        updatedAt=at,
        source=execution.source,
        timeZone=plan.time_zone,
        draftId=draft.id if draft else None,
        automationId=execution.origin.automation_id if execution.origin else None,
        automationDepth=execution.origin.depth if execution.origin else 0,
    )
    comment = Comment(
        id=uuid.uuid4().hex,
        taskId=task_id,
        content=guidance(plan, chosen.reason),
        createdById=requester.id,
        kind="AI_GUIDANCE",
        createdAt=at,
    )
    record = ActivityRecord(
        user_id=requester.id,
        action="execute",
        outcome="SUCCEEDED",
        route=execution.route,
        role=requester.role.value,
        request_id=execution.request_id,
        execution_id=execution.execution_id,
        category=plan.category.value,
        duration_ms=duration_ms,
        detail={"taskId": task_id, **(execution.origin.audit() if execution.origin else {})},
        counts=True,
        at=at,
    )
    answer = succeeded(execution.answer_key, task_id) if execution.answer_key is not None else None
    return ExecutionWrite(task, comment, chosen, record, draft, answer)
