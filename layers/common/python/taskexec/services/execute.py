"""Executing one request: plan, assign, write everything in one transaction, say what was done."""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import asdict, replace
from datetime import UTC, date, datetime

from taskexec.data import activity, user_store
from taskexec.data.executions import (
    AlreadyExecuted,
    ExecutionConflict,
    ExecutionThrottled,
    ExecutionWrite,
    write_execution,
)
from taskexec.domain import assignment as assigning
from taskexec.domain import planning
from taskexec.domain.guidance import guidance
from taskexec.domain.tasks import Comment, DraftCampaign, DraftSegment, DraftWorkflow, Task
from taskexec.domain.users import User
from taskexec.domain.vocabulary import Category, Channel, TaskStatus, WorkflowKind
from taskexec.errors import ErrorCode, FieldIssue, ServiceError, busy
from taskexec.schemas.common import CommentOut, TaskOut
from taskexec.schemas.execute import (
    AssignmentOut,
    CampaignOut,
    DryRunResponse,
    ExecuteRequest,
    ExecuteResponse,
    PlanOut,
    SegmentOut,
    WorkflowOut,
)
from taskexec.services import recording as recorder

MAX_TRIES = 5
"""Concurrent executions that pick the same assignee conflict; the loser re-plans with fresh loads."""


def derived_ids(seed: str) -> tuple[str, str]:
    """Execution and task ids that are the same for the same seed."""
    base = uuid.uuid5(uuid.NAMESPACE_URL, f"taskexec:{seed}")
    return base.hex, uuid.uuid5(base, "task").hex


def utc_today() -> date:
    return datetime.now(UTC).date()


def plan(body: ExecuteRequest, today: date) -> planning.Draft:
    if body.task is not None:
        task = body.task
        return planning.from_fields(
            task.category, task.title, task.description, task.priority, task.dueDate, task.assigneeId, today
        )
    from taskexec.detection import get_detector  # only message requests need a detector

    return planning.from_message(body.message or "", today, get_detector())


def _invalid_assignee(hint: str) -> ServiceError:
    return ServiceError(
        ErrorCode.INVALID_ASSIGNEE,
        "The requested assignee cannot take tasks.",
        details=[FieldIssue("assigneeId", "is not an active user of an executing role")],
        suggestion="Name an active SUPER_ADMIN, ADMIN or IT_ADMIN, or leave the assignee out.",
    )


def assign(requester: User, draft: planning.Draft) -> assigning.Assignment:
    hint = draft.assignee_hint
    if hint:
        assignee = user_store.find_by_email(hint) if "@" in hint else user_store.get_user(hint)
        if assignee is None or not assignee.assignable:
            raise _invalid_assignee(hint)
        return assigning.explicit(assignee)
    return assigning.choose(user_store.assignable_users(), requester, draft.category)


def _with_fresh_load(chosen: assigning.Assignment) -> assigning.Assignment:
    """After a conflict, read the chosen assignee's row strongly consistently.

    The assignable index is eventually consistent, so a retry that trusted it again could keep failing the
    load condition; the row itself is the truth the transaction's condition checks against.
    """
    fresh = user_store.get_user(chosen.assignee.id)
    if fresh is None or not fresh.assignable:
        return chosen  # the transaction's condition refuses it and the next try picks someone else
    return replace(chosen, assignee=fresh)


def _build(
    requester: User,
    draft: planning.Draft,
    chosen: assigning.Assignment,
    execution_id: str,
    request_id: str,
    duration_ms: int,
    task_id: str,
) -> ExecutionWrite:
    at = user_store.now_iso()
    due = draft.due_date.isoformat()
    campaign, workflow, segment = _drafts(draft, task_id, requester.id, at)
    task = Task(
        id=task_id,
        title=draft.title,
        description=draft.description,
        category=draft.category.value,
        priority=draft.priority.value,
        status=TaskStatus.TODO.value,
        dueDate=due,
        assigneeId=chosen.assignee.id,
        createdById=requester.id,
        createdAt=at,
        updatedAt=at,
        source="ai",
        campaignId=campaign.id if campaign else None,
        workflowId=workflow.id if workflow else None,
        segmentId=segment.id if segment else None,
    )
    comment = Comment(
        id=uuid.uuid4().hex,
        taskId=task_id,
        createdById=requester.id,
        kind="AI_GUIDANCE",
        createdAt=at,
        content=guidance(
            draft.category,
            draft.title,
            draft.priority,
            draft.due_reason,
            chosen.reason,
            channel=draft.channel,
            kind=draft.kind,
            workflow_steps=workflow.steps if workflow else (),
        ),
    )
    record = activity.ActivityRecord(
        user_id=requester.id,
        action="execute",
        outcome="SUCCEEDED",
        route="POST /ai/execute",
        role=requester.role.value,
        request_id=request_id,
        execution_id=execution_id,
        category=draft.category.value,
        duration_ms=duration_ms,
        detail={"taskId": task_id},
        at=at,
    )
    return ExecutionWrite(task, comment, chosen.assignee, record, campaign, workflow, segment)


def _drafts(
    draft: planning.Draft, task_id: str, requester_id: str, at: str
) -> tuple[DraftCampaign | None, DraftWorkflow | None, DraftSegment | None]:
    """The draft the category calls for, linked to the task: a campaign on its channel, a workflow with the
    steps of its kind, or a segment with its rule."""
    new_id = uuid.uuid4().hex
    if draft.category is Category.CAMPAIGN:
        channel = (draft.channel or Channel.EMAIL).value
        return DraftCampaign(new_id, task_id, draft.title, requester_id, at, channel=channel), None, None
    if draft.category is Category.WORKFLOW:
        kind = draft.kind or WorkflowKind.GENERAL
        steps = planning.WORKFLOW_STEPS[kind]
        return None, DraftWorkflow(new_id, task_id, draft.title, requester_id, at, kind=kind.value, steps=steps), None
    if draft.category is Category.SEGMENT:
        return (
            None,
            None,
            DraftSegment(new_id, task_id, draft.title, draft.segment_rule or draft.description, requester_id, at),
        )
    return None, None, None


def execute(
    requester: User,
    body: ExecuteRequest,
    *,
    request_id: str,
    execution_id: str | None = None,
    seed: str | None = None,
    today: date | None = None,
) -> DryRunResponse | ExecuteResponse:
    """Plan and execute one request; ServiceError for anything the caller must be told.

    `seed` (the caller's idempotency key, scoped) makes the execution and task ids deterministic, so a
    retry after a lost response cannot create a second task even once the idempotency record is gone.
    """
    started = time.perf_counter()
    execution_id, task_id = derived_ids(seed) if seed else (execution_id or uuid.uuid4().hex, uuid.uuid4().hex)
    draft = plan(body, today or utc_today())
    for attempt_no in range(MAX_TRIES):
        chosen = assign(requester, draft)
        if attempt_no:
            chosen = _with_fresh_load(chosen)
        if body.dryRun:
            return _dry_run(draft, chosen)
        write = _build(requester, draft, chosen, execution_id, request_id, _ms(started), task_id)
        try:
            write_execution(write)
            break
        except ExecutionThrottled:
            raise busy() from None
        except AlreadyExecuted:
            raise ServiceError(
                ErrorCode.CONFLICT,
                "This request was already executed.",
                suggestion=f"Read the task with GET /tasks/{task_id}.",
            ) from None
        except ExecutionConflict:
            if attempt_no == MAX_TRIES - 1:
                raise ServiceError(
                    ErrorCode.CONFLICT,
                    "Too many concurrent executions for the same assignees.",
                    suggestion="Retry in a moment.",
                    retry_after=1,
                ) from None
            time.sleep(random.uniform(0.01, 0.05) * (2**attempt_no))
    recorder.emit(write.record.attempt())
    return _executed(execution_id, write, chosen, _ms(started))


def _dry_run(draft: planning.Draft, chosen: assigning.Assignment) -> DryRunResponse:
    return DryRunResponse(
        plan=PlanOut(
            category=draft.category,
            title=draft.title,
            description=draft.description,
            priority=draft.priority,
            dueDate=draft.due_date.isoformat(),
            assigneeId=chosen.assignee.id,
            strategy=chosen.strategy,
            channel=draft.channel,
            kind=draft.kind,
        )
    )


def _executed(execution_id: str, write: ExecutionWrite, chosen: assigning.Assignment, ms: int) -> ExecuteResponse:
    return ExecuteResponse(
        executionId=execution_id,
        task=TaskOut(**write.task.body()),
        comment=CommentOut(**write.comment.body()),
        assignment=AssignmentOut(assigneeId=chosen.assignee.id, strategy=chosen.strategy, reason=chosen.reason),
        campaign=CampaignOut(**asdict(write.campaign)) if write.campaign else None,
        workflow=WorkflowOut(**asdict(write.workflow)) if write.workflow else None,
        segment=SegmentOut(**asdict(write.segment)) if write.segment else None,
        durationMs=ms,
    )


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
