"""Executing one request: plan, assign, write everything in one transaction, say what was done.

The use case is here; its parts are beside it: the retry policy of the transaction (execute_retries), the write
each try sends (execute_write), the answers (execute_responses) and what it needs from storage (execute_store).

Durations. The answer's `durationMs` and the EMF metric (ExecutionTimeMs) cover the whole execution, the
DynamoDB transaction included: both are taken after the write returns. The execution's audit record is
one of the transaction's own items, so the figure it stores (and the statistics written with it) can only
cover the execution up to the moment the transaction is sent; the write's own time is the difference.
Updating the record after the commit would cost a second write on every execution, which the contract
rules out ("recording never slows an execution"), so the stored figure is documented as "up to the write"
instead (docs/architecture.md, "Durations").
"""

import time
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from random import Random
from typing import NamedTuple

from taskexec.data.dynamodb_errors import caller_values
from taskexec.data.executions import DynamoExecutionStore, ExecutionWrite
from taskexec.domain import assignment, planning, time_zones
from taskexec.domain.tasks import AutomationOrigin
from taskexec.domain.users import User
from taskexec.domain.vocabulary import Strategy, TaskSource
from taskexec.errors import ErrorCode, FieldIssue, ServiceError, quoted
from taskexec.schemas.execute import ASSIGNEE_ID_MAX, EMAIL_MAX, DryRunResponse, ExecuteRequest, ExecuteResponse
from taskexec.services import execute_responses
from taskexec.services import recording as recorder
from taskexec.services.execute_retries import write_with_retries
from taskexec.services.execute_store import ExecutionStore
from taskexec.services.execute_write import Execution, write_for

DYNAMODB = DynamoExecutionStore()


def derived_ids(seed: str) -> tuple[str, str]:
    """Execution and task ids that are the same for the same seed."""
    base = uuid.uuid5(uuid.NAMESPACE_URL, f"taskexec:{seed}")
    return base.hex, uuid.uuid5(base, "task").hex


def utc_now() -> datetime:
    """The clock of every execution that is not handed a `now` (the tests replace it, or hand one)."""
    return datetime.now(UTC)


def plan(body: ExecuteRequest, today: date, zone: str = time_zones.UTC_ZONE) -> planning.Plan:
    """The plan on the calendar of `zone`, whose date is `today`."""
    if body.task is not None:
        task = body.task
        return planning.from_fields(
            task.category, task.title, task.description, task.priority, task.dueDate, task.assigneeId, today, zone
        )
    from taskexec.detection import get_detector  # only message requests need a detector

    return planning.from_message(body.message or "", today, get_detector(), zone)


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


def assign(
    store: ExecutionStore,
    requester: User,
    planned: planning.Plan,
    field: str = "assignee",
    busier: Mapping[str, int] | None = None,
    rng: Random | None = None,
) -> assignment.Assignment:
    """The explicit assignee the hint names, or the best choice. A hint longer than any email (254) or user
    id (128) names nobody, so it is refused before it reaches a key lookup (DynamoDB refuses keys over
    2 KB, and that must stay the caller's 422, never the service's 503)."""
    hint = planned.assignee_hint
    if hint:
        by_email = "@" in hint
        if len(hint) > (EMAIL_MAX if by_email else ASSIGNEE_ID_MAX):
            limit = f"{EMAIL_MAX} characters for an email" if by_email else f"{ASSIGNEE_ID_MAX} characters for an id"
            raise _invalid_assignee(hint, field, f"is longer than any user's ({limit})")
        with caller_values(field):
            assignee = store.find_by_email(hint) if by_email else store.get_user(hint)
        if assignee is None or not assignee.assignable:
            raise _invalid_assignee(hint, field)
        return assignment.explicit(assignee)
    return assignment.choose(store.assignable_users(), requester, planned.category, busier, rng)


# --- Hook for executions on behalf of an integration or an automation ----------------------------------------


class OnBehalf(NamedTuple):
    """An execution that no person asked for over HTTP: an integration's request (services/task_requests.py) or
    an automation's action (services/automation_runs.py), each with its own audit route, task `source` and the
    request's key, under which its one answer is written with it. An integration's row can never hold the task,
    so it has no self-fallback (nobody assignable is the caller's INVALID_ASSIGNEE, with details); an
    automation's owner is a person of an executing role, who may, as with POST /ai/execute."""

    route: str
    """What the audit row names instead of "POST /ai/execute" (e.g. "TaskRequested demo.crm")."""
    source: TaskSource = TaskSource.INTEGRATION
    """The task's `source`."""
    answer_key: str | None = None
    """The request's key, when its answer is to be written with the execution (data/request_answers.py)."""
    origin: AutomationOrigin | None = None
    """An automation's run: the task's `automationId` and `automationDepth`, the audit row's trigger."""

    def check(self, chosen: assignment.Assignment) -> None:
        if chosen.strategy is Strategy.SELF_FALLBACK and self.origin is None:
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
    now: datetime | None = None,
    time_zone: str | None = None,
    on_behalf: OnBehalf | None = None,
    store: ExecutionStore = DYNAMODB,
) -> DryRunResponse | ExecuteResponse:
    """Plan and execute one request; ServiceError for anything the caller must be told.

    `seed` (the caller's idempotency key, scoped) makes the execution and task ids deterministic, so a
    retry after a lost response cannot create a second task even once the idempotency record is gone.
    `on_behalf` is set by the integration and automation paths only (see OnBehalf). `store` is DynamoDB unless
    a test hands in another (tests/support/memory_store.py).

    Dates are judged on the calendar of `time_zone` at `now` (the clock's time when not given): an integration's
    or a schedule's zone, named by the caller (422 VALIDATION_FAILED on `timeZone` when it names none), else the
    requester's own, from their user row.
    """
    started = time.perf_counter()
    execution_id, task_id = derived_ids(seed) if seed else (execution_id or uuid.uuid4().hex, uuid.uuid4().hex)
    zone = time_zones.required(requester.time_zone if time_zone is None else time_zone)
    planned = plan(body, time_zones.today_in(zone, now or utc_now()), zone)

    def assigned(busier: Mapping[str, int], rng: Random | None) -> assignment.Assignment:
        chosen = assign(store, requester, planned, hint_field(body), busier, rng)  # fresh loads
        if on_behalf is not None:
            on_behalf.check(chosen)
        return chosen

    if body.dryRun:
        return execute_responses.dry_run(planned, assigned({}, None))
    execution = Execution(requester, planned, execution_id, task_id, request_id, "POST /ai/execute")
    if on_behalf is not None:
        execution = execution._replace(
            route=on_behalf.route, source=on_behalf.source, answer_key=on_behalf.answer_key, origin=on_behalf.origin
        )

    def prepare(busier: Mapping[str, int], rng: Random | None) -> ExecutionWrite:
        return write_for(execution, assigned(busier, rng), _ms(started))

    write = write_with_retries(store, prepare, started)
    duration_ms = _ms(started)  # after the commit: the answer and the metric cover the write
    recorder.emit(write.record.attempt()._replace(duration_ms=duration_ms))
    return execute_responses.executed(execution_id, write, duration_ms)


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
