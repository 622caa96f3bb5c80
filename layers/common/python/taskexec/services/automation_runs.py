"""Automation runs: AutomationRunQueue's messages executed on behalf of each automation's owner, once per run.

A message is one delivery of a run (taskexec/data/automation_messages.py reads it into a `RunRequest`): an
automation's rule matched an event, or its schedule came round. SQS and EventBridge deliver at least once, and
two copies can be handled at the same moment, so a run is known by its key, (automation, eventId) or
(automation, scheduled time), and each of its actions by (run, action index). Each is answered once through the
integrations' exactly-once path (data/request_answers.py): an action's answer (its task id, or its refusal) is
written in the same transaction as its effect (the execution's items, or the refusal's audit row), conditional on
none being there; the run's own answer (its lastRuns entry) likewise, with the automation's lastRuns. A later or
concurrent delivery meets those answers and repeats nothing: one task per action, one lastRuns entry per run.

A run, in order:
1. Already answered: its AutomationRan is published again (the same eventId), nothing else.
2. The automation as it is now (gone, or PAUSED: the message is dropped).
3. Its owner's row as it is now: an owner no longer ACTIVE, or no longer of an executing role, cannot run it.
   The run is refused and recorded, the rule or schedule disabled and the automation PAUSED with
   `pausedReason` (services/automation_owners.py), and no action runs.
4. No loops: an event about a task this automation made never runs it, and a run triggered by a depth-3 task
   (one that would make depth-4 tasks) is refused; both are recorded as REFUSED runs.
5. Each action in order, its placeholders filled from the event's detail, executed like POST /ai/execute on
   behalf of the owner (`createdById` the owner), its dates read at the trigger's time on the calendar of the
   schedule's zone (a schedule) or of the owner's (an event), the task carrying `source` automation,
   `automationId` and `automationDepth`, its audit row the automation, the trigger and the depth. An action the
   service refuses (4xx) is answered with its error and the next one runs; a 5xx raises, and the message comes
   back: the actions already answered are not run again.
6. The run's entry recorded in lastRuns (SUCCEEDED, PARTIAL or FAILED) and AutomationRan published.

A message that is no run request at all raises on every delivery and ends in the queue's dead-letter queue.
"""

import json
import random
import time
from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger

from taskexec.data import (
    activity,
    automation_messages,
    automation_store,
    automation_triggers,
    bus,
    request_answers,
    user_store,
)
from taskexec.data.automation_store import Contended
from taskexec.data.dynamodb_errors import is_database_fault, to_service_error
from taskexec.domain import events
from taskexec.domain.automation_runs import MAX_DEPTH, RunRequest, compact_error, ran_event_id, run_entry, with_run
from taskexec.domain.automations import Automation, ScheduleTrigger, fill, placeholder_values
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.task_requests import RequestAnswer, rejected, succeeded
from taskexec.domain.users import User
from taskexec.domain.vocabulary import TaskSource
from taskexec.errors import ErrorCode, FieldIssue, ServiceError, busy, internal_error
from taskexec.monitoring.counters import outcome_of
from taskexec.schemas.execute import ExecuteRequest, ExecuteResponse, execute_body
from taskexec.services import automation_owners
from taskexec.services import recording as recorder
from taskexec.services.execute import OnBehalf, execute, utc_now
from taskexec.services.execute_retries import AlreadyWritten

logger = Logger(child=True)

DROPPED = "dropped"
RECORD_TRIES = 5
"""Tries of recording a run whose automation another run (or a change) wrote meanwhile: each reads it again."""


class NotPublished(Exception):
    """The bus refused AutomationRan: the message is retried (the recorded run is published then)."""


def route(automation_id: str) -> str:
    """What an automation's audit rows name as their route (an HTTP request's is its method and path)."""
    return f"AutomationRun {automation_id}"


def handle(message_body: str, message_id: str) -> str:
    """Run one delivery of a run (unless a delivery has); the run's outcome, or "dropped"."""
    request = automation_messages.parse(message_body)
    answer = request_answers.find(request.run_key)
    if answer is None:
        answer = _run_once(request, message_id)
        if answer is None:
            return DROPPED
    _publish(answer)
    return str(answer.body["run"]["outcome"])


def _run_once(request: RunRequest, message_id: str) -> RequestAnswer | None:
    automation = automation_store.get(request.automation_id)
    if automation is None or not automation.active:
        logger.info("run dropped", extra={"automationId": request.automation_id, "gone": automation is None})
        return None
    try:
        owner = automation_owners.runnable_owner(automation.ownerId)
    except ServiceError as refused:
        if refused.status >= 500:
            raise
        automation_triggers.disable(automation)  # first: from here on nothing new is delivered
        return _refuse(automation, request, refused, message_id, pause=True)
    loop = _loop(automation, request)
    if loop is not None:
        return _refuse(automation, request, loop, message_id)
    task_ids: list[str] = []
    errors: list[dict[str, Any]] = []
    for index in range(len(automation.actions)):
        answer = _action(owner, automation, request, index, message_id)
        if answer.detail_type == events.TASK_REQUEST_SUCCEEDED:
            task_ids.append(str(answer.body["taskId"]))
        else:
            errors.append(compact_error(answer.body, index))
    return _record(automation, request, run_entry(request, user_store.now_iso(), task_ids, errors))


# --- Loops ------------------------------------------------------------------------------------------------------


def _loop(automation: Automation, request: RunRequest) -> ServiceError | None:
    """The refusal of a run its own task triggered, or of one past the depth a chain may reach."""
    if request.loops_back_to(automation.id):
        return ServiceError(
            ErrorCode.LIMIT_EXCEEDED,
            "The event is about a task this automation made: an automation never triggers itself.",
            details=[FieldIssue("trigger", "the triggering task was made by this automation")],
            suggestion="Match the trigger more narrowly, so the automation's own tasks do not match it.",
        )
    if request.depth > MAX_DEPTH:
        return ServiceError(
            ErrorCode.LIMIT_EXCEEDED,
            f"A chain of automations stops at depth {MAX_DEPTH}.",
            details=[
                FieldIssue(
                    "depth",
                    f"the triggering task is at depth {request.triggering_depth}, so this run's tasks would be at "
                    f"{request.depth}",
                )
            ],
            suggestion="Shorten the chain of automations that trigger each other.",
        )
    return None


# --- Actions ----------------------------------------------------------------------------------------------------


def _action(owner: User, automation: Automation, request: RunRequest, index: int, message_id: str) -> RequestAnswer:
    """The action's one answer: found, or made now (its task, or its refusal)."""
    key = request.action_key(index)
    found = request_answers.find(key)
    if found is not None:
        return found
    started = time.perf_counter()
    try:
        body = _execute_body(fill(automation.actions[index], placeholder_values(automation.trigger, request.detail)))
        result = execute(
            owner,
            body,
            request_id=message_id,
            seed=f"{owner.id}#{key}",
            now=_triggered_at(request),
            time_zone=automation.trigger.timeZone if isinstance(automation.trigger, ScheduleTrigger) else None,
            on_behalf=OnBehalf(
                route(automation.id), source=TaskSource.AUTOMATION, answer_key=key, origin=request.origin()
            ),
        )
        assert isinstance(result, ExecuteResponse)  # an action is never a dry run (the schemas refuse one)
        return succeeded(key, result.task.id)
    except AlreadyWritten as done:
        return request_answers.find(key) or succeeded(key, done.task_id)
    except ServiceError as err:
        record = _audit(owner, automation, request, index, err, message_id, started)
        if err.status >= 500 or err.retry_after is not None:
            recorder.record_attempt(record, counted=True)
            raise  # the service's own trouble, or a wait: the message comes back
        return _reject(key, err, record, message_id)
    except Exception as exc:
        logger.exception("automation action failed", extra={"automationId": automation.id, "action": index})
        failure = to_service_error(exc) if is_database_fault(exc) else internal_error()
        recorder.record_attempt(_audit(owner, automation, request, index, failure, message_id, started), counted=True)
        raise


def _execute_body(action: Any) -> ExecuteRequest:
    return execute_body(
        action,
        "The action, filled from the event, is not a valid execute body.",
        suggestion="Preview the automation with such an event to see what its actions become.",
    )


def _triggered_at(request: RunRequest) -> datetime:
    """The moment the trigger happened (a run's dates are read then), or now when it cannot be read."""
    at = request.triggered_at
    try:
        return datetime.fromisoformat(at.replace("Z", "+00:00")) if at else utc_now()
    except ValueError:
        return utc_now()


def _audit(
    owner: User,
    automation: Automation,
    request: RunRequest,
    index: int,
    err: ServiceError,
    message_id: str,
    started: float,
) -> activity.ActivityRecord:
    return activity.ActivityRecord(
        user_id=owner.id,
        action="execute",
        outcome=outcome_of(err.status),
        route=route(automation.id),
        role=owner.role.value,
        error_code=err.code.value,
        request_id=message_id,
        duration_ms=int((time.perf_counter() - started) * 1000),
        detail={**request.origin().audit(), "action": index},
        counts=True,
    )


def _reject(key: str, err: ServiceError, record: activity.ActivityRecord, message_id: str) -> RequestAnswer:
    """The action's refusal, stored with its audit row once; the first one when another delivery stored it."""
    answer = rejected(key, err.status, err.body(message_id))
    try:
        request_answers.record_rejection(answer, record)
    except request_answers.AlreadyAnswered:
        return request_answers.find(key) or answer
    recorder.emit(record.attempt())
    return answer


# --- The run's record ---------------------------------------------------------------------------------------------


def _refuse(
    automation: Automation, request: RunRequest, refused: ServiceError, message_id: str, pause: bool = False
) -> RequestAnswer:
    """A REFUSED run with its audit row (and the automation's pause, when its owner can no longer run it)."""
    audit = activity.ActivityRecord(
        user_id=automation.ownerId,
        action="automation_run",
        outcome=outcome_of(refused.status),
        route=route(automation.id),
        error_code=refused.code.value,
        request_id=message_id,
        detail=request.origin().audit(),
    )
    entry = run_entry(request, audit.at, [], [compact_error(refused.body(message_id))], refused=True)
    logger.info("run refused", extra={"automationId": automation.id, "code": refused.code.value, "paused": pause})
    reason = automation_owners.paused_reason(refused) if pause else None
    return _record(automation, request, entry, reason, audit)


def _record(
    automation: Automation,
    request: RunRequest,
    entry: dict[str, Any],
    pause_reason: str | None = None,
    audit: activity.ActivityRecord | None = None,
) -> RequestAnswer:
    """The run's answer with the automation's lastRuns (and pause, and audit row), once; the first recorded
    when another delivery recorded it. An automation deleted meanwhile gets no lastRuns: the answer stays."""
    ran = {"automationId": automation.id, "ownerId": automation.ownerId, "run": entry}
    answer = RequestAnswer(request.run_key, events.AUTOMATION_RAN, ran)
    current: Automation | None = automation
    for attempt in range(RECORD_TRIES):
        written = None
        if current is not None:
            written = current._replace(lastRuns=with_run(current.lastRuns, entry), updatedAt=entry["at"])
        try:
            automation_store.record_run(answer, written, pause_reason if current and current.active else None, audit)
            return answer
        except request_answers.AlreadyAnswered:
            return request_answers.find(request.run_key) or answer
        except (StaleWrite, Contended):
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
            current = automation_store.get(automation.id)
    raise busy()


def _publish(answer: RequestAnswer) -> None:
    run = answer.body["run"]
    detail = {**answer.body, "eventId": ran_event_id(answer.key), "occurredAt": run["at"]}
    entry = bus.Entry(events.SOURCE, events.AUTOMATION_RAN, json.dumps(detail, separators=(",", ":")))
    if bus.put([entry]):
        raise NotPublished(answer.key)
    logger.info("automation ran", extra={"automationId": answer.body["automationId"], "outcome": run["outcome"]})
