"""Executing one request: plan, assign, write everything in one transaction, say what was done.

Durations. The answer's `durationMs` and the EMF metric (ExecutionTimeMs) cover the whole execution, the
DynamoDB transaction included: both are taken after the write returns. The execution's audit record is
one of the transaction's own items, so the figure it stores (and the statistics written with it) can only
cover the execution up to the moment the transaction is sent; the write's own time is the difference.
Updating the record after the commit would cost a second write on every execution, which the contract
rules out ("recording never slows an execution"), so the stored figure is documented as "up to the write"
instead (docs/architecture.md, "Durations").
"""

import os
import random
import time
import uuid
from datetime import UTC, date, datetime
from typing import NamedTuple

from taskexec.data import activity, user_store
from taskexec.data.executions import (
    AlreadyExecuted,
    ExecutionConflict,
    ExecutionThrottled,
    ExecutionWrite,
    write_execution,
)
from taskexec.data.faults import caller_values
from taskexec.domain import assignment as assigning
from taskexec.domain import planning
from taskexec.domain.guidance import guidance
from taskexec.domain.tasks import Comment, DraftCampaign, DraftSegment, DraftWorkflow, Task
from taskexec.domain.users import User
from taskexec.domain.vocabulary import Category, Channel, Strategy, TaskStatus, WorkflowKind
from taskexec.errors import ErrorCode, FieldIssue, ServiceError, busy, quoted
from taskexec.schemas.execute import (
    ASSIGNEE_ID_MAX,
    EMAIL_MAX,
    AssignmentOut,
    CampaignOut,
    DryRunResponse,
    ExecuteRequest,
    ExecuteResponse,
    PlanOut,
    SegmentOut,
    WorkflowOut,
)
from taskexec.schemas.tasks import CommentOut, TaskOut
from taskexec.services import recording as recorder

MAX_TRIES = 40
"""A transaction that meets another in flight on the same assignee's row is cancelled by DynamoDB; the loser
re-plans from fresh loads, counting that assignee as one task busier. Nothing else it writes is shared, so the
only contention is for the assignees' rows, each held for one transaction's duration (tens of ms on DynamoDB):
a lost try is a wait for a row, and the tries are bounded by count, then 409 CONFLICT."""
BACKOFF_BASE_S = 0.02
BACKOFF_CAP_S = 0.5
RETRY_BUDGET_S = 12.0
"""No new try starts after this long: the function times out at 15 s, and a 409 with Retry-After is an answer
where a timeout is not. EXECUTE_RETRY_BUDGET_S overrides it (the function's timeout is a template parameter)."""


def retry_budget_s() -> float:
    """Read at call time, like every setting, so a test harness that runs many "Lambdas" on one lock and two
    cores can give them the time each would have on its own."""
    try:
        return float(os.environ.get("EXECUTE_RETRY_BUDGET_S", "") or RETRY_BUDGET_S)
    except ValueError:
        return RETRY_BUDGET_S


"""Full-jitter exponential back-off between tries (the mean wait is half the bound); the function's timeout is
the outer bound of a pathological run of losses (docs/capacity.md)."""


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


def hint_field(body: ExecuteRequest) -> str:
    """Where the caller's assignee came from, as error details name it: the structured task's field, or the
    assignee the message names."""
    return "task.assigneeId" if body.task is not None else "assignee"


def _invalid_assignee(hint: str, field: str, issue: str = "is not an active user of an executing role") -> ServiceError:
    """INVALID_ASSIGNEE naming the hint as the service understood it, so a caller can tell a typo
    ('dana@exmaple.com') from a user who is missing or cannot take tasks."""
    return ServiceError(
        ErrorCode.INVALID_ASSIGNEE,
        f"The requested assignee {quoted(hint)} cannot take tasks.",
        details=[FieldIssue(field, f"{quoted(hint)} {issue}")],
        suggestion="Name an active SUPER_ADMIN, ADMIN or IT_ADMIN by email or id, or leave the assignee out.",
    )


_RNG = random.Random()


def assign(
    requester: User,
    draft: planning.Draft,
    field: str = "assignee",
    pending: dict[str, int] | None = None,
    retry: bool = False,
) -> assigning.Assignment:
    """The explicit assignee the hint names, or the best choice. A hint longer than any email (254) or user
    id (128) names nobody, so it is refused before it reaches a key lookup (DynamoDB refuses keys over
    2 KB, and that must stay the caller's 422, never the service's 503)."""
    hint = draft.assignee_hint
    if hint:
        by_email = "@" in hint
        if len(hint) > (EMAIL_MAX if by_email else ASSIGNEE_ID_MAX):
            limit = f"{EMAIL_MAX} characters for an email" if by_email else f"{ASSIGNEE_ID_MAX} characters for an id"
            raise _invalid_assignee(hint, field, f"is longer than any user's ({limit})")
        with caller_values(field):
            assignee = user_store.find_by_email(hint) if by_email else user_store.get_user(hint)
        if assignee is None or not assignee.assignable:
            raise _invalid_assignee(hint, field)
        return assigning.explicit(assignee)
    candidates = user_store.assignable_users()
    return assigning.choose(candidates, requester, draft.category, pending, _RNG if retry else None)


def _build(
    requester: User,
    draft: planning.Draft,
    chosen: assigning.Assignment,
    execution_id: str,
    request_id: str,
    duration_ms: int,
    task_id: str,
    route: str,
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
    comment = _guidance_comment(draft, chosen, task_id, requester.id, at, workflow)
    record = activity.ActivityRecord(
        user_id=requester.id,
        action="execute",
        outcome="SUCCEEDED",
        route=route,
        role=requester.role.value,
        request_id=request_id,
        execution_id=execution_id,
        category=draft.category.value,
        duration_ms=duration_ms,
        detail={"taskId": task_id},
        counts=True,
        at=at,
    )
    return ExecutionWrite(task, comment, chosen.assignee, record, campaign, workflow, segment)


def _guidance_comment(
    draft: planning.Draft,
    chosen: assigning.Assignment,
    task_id: str,
    requester_id: str,
    at: str,
    workflow: DraftWorkflow | None,
) -> Comment:
    """The AI guidance comment: next steps for the category (and its channel or kind), and why this assignee and
    this due date."""
    return Comment(
        id=uuid.uuid4().hex,
        taskId=task_id,
        createdById=requester_id,
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


class OnBehalf(NamedTuple):
    """An execution for a system rather than a person: the requester (an INTEGRATION row) can never hold the
    task, so there is no self-fallback; nobody assignable is the caller's INVALID_ASSIGNEE, with details."""

    route: str
    """What the audit row names instead of "POST /ai/execute" (e.g. "TaskRequested demo.crm")."""

    def check(self, chosen: assigning.Assignment) -> None:
        if chosen.strategy is Strategy.SELF_FALLBACK:
            raise ServiceError(
                ErrorCode.INVALID_ASSIGNEE,
                "Nobody can take this task: no active user of an executing role is available.",
                details=[FieldIssue("assigneeId", "no active SUPER_ADMIN, ADMIN or IT_ADMIN is available")],
                suggestion="Ask an administrator to activate an executing user, then send the request again.",
            )


def execute(
    requester: User,
    body: ExecuteRequest,
    *,
    request_id: str,
    execution_id: str | None = None,
    seed: str | None = None,
    today: date | None = None,
    on_behalf: OnBehalf | None = None,
) -> DryRunResponse | ExecuteResponse:
    """Plan and execute one request; ServiceError for anything the caller must be told.

    `seed` (the caller's idempotency key, scoped) makes the execution and task ids deterministic, so a
    retry after a lost response cannot create a second task even once the idempotency record is gone.
    `on_behalf` is set by the integration path only (see OnBehalf).
    """
    started = time.perf_counter()
    execution_id, task_id = derived_ids(seed) if seed else (execution_id or uuid.uuid4().hex, uuid.uuid4().hex)
    draft = plan(body, today or utc_today())
    pending: dict[str, int] = {}
    for attempt_no in range(MAX_TRIES):
        chosen = assign(requester, draft, hint_field(body), pending, retry=attempt_no > 0)  # fresh loads
        if on_behalf is not None:
            on_behalf.check(chosen)
        if body.dryRun:
            return _dry_run(draft, chosen)
        route = on_behalf.route if on_behalf is not None else "POST /ai/execute"
        write = _build(requester, draft, chosen, execution_id, request_id, _ms(started), task_id, route)
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
        except ExecutionConflict as conflict:
            if conflict.assignee_busy:
                pending[chosen.assignee.id] = pending.get(chosen.assignee.id, 0) + 1
            if attempt_no == MAX_TRIES - 1 or time.perf_counter() - started > retry_budget_s():
                raise ServiceError(
                    ErrorCode.CONFLICT,
                    "Too many concurrent executions for the same assignees.",
                    suggestion="Retry in a moment.",
                    retry_after=1,
                ) from None
            time.sleep(_RNG.uniform(0, min(BACKOFF_BASE_S * 2**attempt_no, BACKOFF_CAP_S)))
    duration_ms = _ms(started)  # after the commit: the answer and the metric cover the write
    recorder.emit(write.record.attempt()._replace(duration_ms=duration_ms))
    return _executed(execution_id, write, chosen, duration_ms)


# --- Hook for executions on behalf of an integration (services/task_requests.py) --------------------------------


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
        campaign=CampaignOut(**write.campaign.body()) if write.campaign else None,
        workflow=WorkflowOut(**write.workflow.body()) if write.workflow else None,
        segment=SegmentOut(**write.segment.body()) if write.segment else None,
        durationMs=ms,
    )


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
