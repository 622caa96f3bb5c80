"""TaskRequested events from integrations, executed like POST /ai/execute on behalf of `integration:<source>`.

Every request gets exactly one answer on the bus, `TaskRequestSucceeded` (the task id) or `TaskRequestRejected`
(the contract's error body), both carrying the request's `correlationId`. Rejections are the caller's answers, not
failures: they are audited and counted, and the message is done. Only what the service itself cannot do right
now (the database, the bus) raises, so the message is retried and, after the queue's maxReceiveCount, lands in
its dead-letter queue rather than looping.

The source comes from the EventBridge envelope, which IAM on the bus vouches for (events:source), never from the
detail. The task and execution ids derive from the event's id, so a redelivered message answers with the task it
already created instead of creating a second one.
"""

import json
import time
from typing import Any, NamedTuple

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from taskexec import escalation, standing
from taskexec.authorization import Role
from taskexec.data import activity, bus, task_store, user_store
from taskexec.domain import events
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, FieldIssue, ServiceError, field_issues
from taskexec.monitoring.counters import outcome_of
from taskexec.schemas.execute import ExecuteRequest, ExecuteResponse
from taskexec.services import integrations
from taskexec.services import recording as recorder
from taskexec.services.execute import OnBehalf, derived_ids, execute

logger = Logger(child=True)

MAX_CORRELATION_ID = 128
MAX_SOURCE = 256
"""EventBridge's own limit on a source; anything longer is cut before it reaches an audit row."""


class AnswerNotPublished(Exception):
    """The bus refused the answer: the message is retried (the execution itself is not repeated)."""


class Request(NamedTuple):
    event_id: str
    source: str
    correlation_id: str | None
    body: Any

    @property
    def route(self) -> str:
        return f"{events.TASK_REQUESTED} {self.source}"[:200]


def parse(message_body: str) -> tuple[Request, ServiceError | None]:
    """The envelope's id, source and detail, and what makes it malformed (None when it is a TaskRequested
    event). Whatever a malformed message carries (its correlationId) is kept for the answer where it can be."""
    try:
        envelope = json.loads(message_body)
    except (ValueError, RecursionError):
        envelope = None
    if not isinstance(envelope, dict):
        return Request("", "", None, None), _malformed("The message is not an EventBridge event.", "body")
    detail = envelope.get("detail")
    correlation = detail.get("correlationId") if isinstance(detail, dict) else None
    source = envelope.get("source")
    request = Request(
        event_id=str(envelope.get("id") or "")[:MAX_CORRELATION_ID],
        source=source[:MAX_SOURCE] if isinstance(source, str) else "",
        correlation_id=correlation if isinstance(correlation, str) and len(correlation) <= MAX_CORRELATION_ID else None,
        body={k: v for k, v in detail.items() if k != "correlationId"} if isinstance(detail, dict) else detail,
    )
    if envelope.get("detail-type") != events.TASK_REQUESTED:
        return request, _malformed("The event is not a TaskRequested event.", "detail-type")
    if not request.event_id or not request.source:
        return request, _malformed("The event has no id or no source.", "source" if request.event_id else "id")
    if not isinstance(detail, dict):
        return request, _malformed("The event's detail is not an object.", "detail")
    if correlation is not None and request.correlation_id is None:
        issue = f"must be a string of at most {MAX_CORRELATION_ID} characters"
        return request, _malformed("The correlationId is not valid.", "detail.correlationId", issue)
    return request, None


def _malformed(message: str, field: str, issue: str = "is missing or not valid") -> ServiceError:
    return ServiceError(ErrorCode.INVALID_REQUEST, message, details=[FieldIssue(field, issue)])


def handle(message_body: str, message_id: str) -> str:
    """Execute one request and publish its answer; the answer's detail type."""
    started = time.perf_counter()
    request, malformed = parse(message_body)
    integration: User | None = None
    try:
        if malformed:
            raise malformed
        integration = standing.admitted(integrations.integration_of(request.source), standing.INTEGRATION)
        task_id = _execute(integration, request, message_id)
    except ServiceError as err:
        if err.status >= 500:
            raise  # the service's own trouble (busy, database): retried, then dead-lettered
        _audit_rejection(request, integration, err, message_id, started)
        return _answer(events.TASK_REQUEST_REJECTED, request, {"status": err.status, **err.body(message_id)})
    return _answer(events.TASK_REQUEST_SUCCEEDED, request, {"taskId": task_id})


def _execute(integration: User, request: Request, message_id: str) -> str:
    fields = escalation.found(request.body)
    if fields:
        logger.warning("privilege escalation attempt", extra={"fields": fields, "source": request.source})
        raise escalation.refused(fields, escalation.EVENT_SOURCE)
    try:
        body = ExecuteRequest.model_validate(request.body)
    except ValidationError as exc:
        raise ServiceError(
            ErrorCode.VALIDATION_FAILED,
            "The request does not match the execute body's schema.",
            details=field_issues(exc.errors(), located=False),
            suggestion="The detail is the body of POST /ai/execute plus an optional correlationId.",
        ) from None
    if body.dryRun:
        raise ServiceError(
            ErrorCode.VALIDATION_FAILED,
            "A TaskRequested event cannot be a dry run.",
            details=[FieldIssue("dryRun", "must be false or absent")],
        )
    seed = f"{integration.id}#{request.event_id}"
    task_id = derived_ids(seed)[1]
    if task_store.get_task(task_id) is not None:
        return task_id  # a redelivered message: the task exists, answer again
    result = execute(integration, body, request_id=message_id, seed=seed, on_behalf=OnBehalf(request.route))
    assert isinstance(result, ExecuteResponse)  # dry runs were refused above
    return result.task.id


def _audit_rejection(
    request: Request, integration: User | None, err: ServiceError, message_id: str, started: float
) -> None:
    record = activity.ActivityRecord(
        user_id=integration.id if integration else user_store.integration_id(request.source or "unknown"),
        action="execute",
        outcome=outcome_of(err.status),
        route=request.route if request.source else events.TASK_REQUESTED,
        role=Role.INTEGRATION.value if integration else None,
        error_code=err.code.value,
        request_id=message_id,
        duration_ms=int((time.perf_counter() - started) * 1000),
        detail={"correlationId": request.correlation_id, "eventId": request.event_id},
    )
    recorder.record_attempt(record, counted=True)


def _answer(detail_type: str, request: Request, answer: dict[str, Any]) -> str:
    detail = {
        "correlationId": request.correlation_id,
        "requestEventId": request.event_id or None,
        "requestSource": request.source or None,
        **answer,
    }
    entry = bus.Entry(events.SOURCE, detail_type, json.dumps(detail, separators=(",", ":")))
    if bus.put([entry]):
        raise AnswerNotPublished(detail_type)
    logger.info("answered", extra={"answer": detail_type, "correlationId": request.correlation_id})
    return detail_type
