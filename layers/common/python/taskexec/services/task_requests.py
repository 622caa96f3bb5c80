"""TaskRequested events from integrations, executed like POST /ai/execute on behalf of `integration:<source>`.

One effect and one answer per request, however often it is delivered. SQS and EventBridge deliver at least
once, two copies can be handled at the same moment, and a sender's SDK resends after a timeout with a new event
id. So a request is known by its key (`domain/task_requests.py`: the source and its `correlationId`, else the
event id), and its answer, `TaskRequestSucceeded` (the task id) or `TaskRequestRejected` (the contract's error
body), is stored under that key in the same transaction as its effect, on the condition that none is stored yet
(`data/request_answers.py`): the execution's items, or a rejection's audit row. A delivery that finds the answer
(read first, or met as the condition that cancels its own transaction) publishes that one. Every delivery is
answered, every answer to one request is the same, and the request is audited and counted once.

What the service itself cannot do right now (a 5xx: the database, the bus, anything unexpected; or an
execution that kept losing its assignee's row past the retry budget, a 409 with Retry-After) is not an answer:
the attempt is recorded (FAILED for a 5xx, like the API's), the exception is raised, the message comes back
after the visibility timeout and, after the queue's maxReceiveCount, lands in its dead-letter queue (alarmed).
A message that cannot be read at all (not JSON, no source or id) cannot be answered: it goes the same way.

The detail is bounded like an HTTP body before anything walks it (`taskexec/shapes.py`: 32 levels, 1,000
keys; EventBridge already holds it to 256 KB), and a rejection is cut to fit EventBridge's limits. The source
comes from the EventBridge envelope, which IAM on the bus vouches for (events:source), never from the detail.
"""

import json
import time
from typing import Any, NamedTuple

from aws_lambda_powertools import Logger

from taskexec import escalation, shapes, standing
from taskexec.authorization import Role
from taskexec.data import activity, bus, request_answers, user_store
from taskexec.data.dynamodb_errors import is_database_fault, to_service_error
from taskexec.domain import events, time_zones
from taskexec.domain.task_requests import RequestAnswer, rejected, request_key, succeeded
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, FieldIssue, ServiceError, internal_error
from taskexec.monitoring.counters import outcome_of
from taskexec.schemas.execute import ExecuteResponse, execute_body
from taskexec.services import integrations
from taskexec.services import recording as recorder
from taskexec.services.execute import OnBehalf, execute
from taskexec.services.execute_retries import AlreadyWritten

logger = Logger(child=True)

MAX_CORRELATION_ID = 128
MAX_SOURCE = 256
"""EventBridge's own limit on a source; anything longer is cut before it reaches a key or an audit row."""
DELIVERY_FIELDS = frozenset({"correlationId", "timeZone"})
"""Fields of the detail that are about the request, not part of the execute body it carries."""


class AnswerNotPublished(Exception):
    """The bus refused the answer: the message is retried (the stored answer is published then)."""


class Unreadable(Exception):
    """Not an event at all (not JSON, no source or id): nothing to answer, the message is dead-lettered."""


class Request(NamedTuple):
    event_id: str
    source: str
    correlation_id: str | None
    body: Any
    time_zone: object = time_zones.UTC_ZONE
    """The detail's `timeZone` as sent (checked when the request runs): the integration's calendar, else UTC."""

    @property
    def route(self) -> str:
        return f"{events.TASK_REQUESTED} {self.source}"[:200]

    @property
    def key(self) -> str:
        return request_key(self.source, self.correlation_id, self.event_id)


def parse(message_body: str) -> tuple[Request, ServiceError | None]:
    """The envelope's id, source and detail, and what makes it a request to reject (None when it is a
    TaskRequested event within bounds). Whatever a malformed request carries (its correlationId) is kept for the
    answer. Unreadable when there is nobody to answer."""
    try:
        envelope = json.loads(message_body)
    except (ValueError, RecursionError):
        raise Unreadable("the message is not JSON") from None
    event_id = envelope.get("id") if isinstance(envelope, dict) else None
    source = envelope.get("source") if isinstance(envelope, dict) else None
    if not (isinstance(event_id, str) and event_id and isinstance(source, str) and source):
        raise Unreadable("the message is not an EventBridge event with an id and a source")
    detail = envelope.get("detail")
    correlation = detail.get("correlationId") if isinstance(detail, dict) else None
    request = Request(
        event_id=event_id[:MAX_CORRELATION_ID],
        source=source[:MAX_SOURCE],
        correlation_id=correlation if isinstance(correlation, str) and len(correlation) <= MAX_CORRELATION_ID else None,
        body={k: v for k, v in detail.items() if k not in DELIVERY_FIELDS} if isinstance(detail, dict) else detail,
        time_zone=detail.get("timeZone", time_zones.UTC_ZONE) if isinstance(detail, dict) else time_zones.UTC_ZONE,
    )
    if envelope.get("detail-type") != events.TASK_REQUESTED:
        return request, _malformed("The event is not a TaskRequested event.", "detail-type")
    if not isinstance(detail, dict):
        return request, _malformed("The event's detail is not an object.", "detail")
    out_of_bounds = shapes.refusal(detail, "The detail")
    if out_of_bounds is not None:
        return request, out_of_bounds
    if correlation is not None and request.correlation_id is None:
        issue = f"must be a string of at most {MAX_CORRELATION_ID} characters"
        return request, _malformed("The correlationId is not valid.", "detail.correlationId", issue)
    return request, None


def _malformed(message: str, field: str, issue: str = "is missing or not valid") -> ServiceError:
    return ServiceError(ErrorCode.INVALID_REQUEST, message, details=[FieldIssue(field, issue)])


def handle(message_body: str, message_id: str) -> str:
    """Answer one delivery of a request (executing it if no delivery has); the answer's detail type."""
    started = time.perf_counter()
    request, malformed = parse(message_body)
    answer = request_answers.find(request.key)
    if answer is None:
        answer = _answer_once(request, malformed, message_id, started)
    return _publish(request, answer)


def _answer_once(request: Request, malformed: ServiceError | None, message_id: str, started: float) -> RequestAnswer:
    integration: User | None = None
    try:
        if malformed:
            raise malformed
        integration = standing.admitted(integrations.integration_of(request.source), standing.INTEGRATION)
        return _execute(integration, request, message_id)
    except AlreadyWritten as done:
        return request_answers.find(request.key) or succeeded(request.key, done.task_id)
    except ServiceError as err:
        if err.status >= 500 or err.retry_after is not None:
            _record(request, integration, err, message_id, started)
            raise  # the service's own trouble, or a wait: retried, then dead-lettered
        return _reject(request, integration, err, message_id, started)
    except Exception as exc:
        logger.exception("task request failed", extra={"source": request.source, "eventId": request.event_id})
        failure = to_service_error(exc) if is_database_fault(exc) else internal_error()
        _record(request, integration, failure, message_id, started)
        raise


def _execute(integration: User, request: Request, message_id: str) -> RequestAnswer:
    fields = escalation.found(request.body)
    if fields:
        logger.warning("privilege escalation attempt", extra={"fields": fields[:5], "source": request.source})
        raise escalation.refused(fields, escalation.EVENT_SOURCE)
    body = execute_body(
        request.body,
        "The request does not match the execute body's schema.",
        suggestion="The detail is the body of POST /ai/execute plus an optional correlationId.",
    )
    if body.dryRun:
        raise ServiceError(
            ErrorCode.VALIDATION_FAILED,
            "A TaskRequested event cannot be a dry run.",
            details=[FieldIssue("dryRun", "must be false or absent")],
        )
    seed = f"{integration.id}#{request.key}"
    result = execute(
        integration,
        body,
        request_id=message_id,
        seed=seed,
        time_zone=time_zones.required(request.time_zone),
        on_behalf=OnBehalf(request.route, answer_key=request.key),
    )
    assert isinstance(result, ExecuteResponse)  # dry runs were refused above
    return succeeded(request.key, result.task.id)


def _audit_record(
    request: Request, integration: User | None, err: ServiceError, message_id: str, started: float
) -> activity.ActivityRecord:
    return activity.ActivityRecord(
        user_id=integration.id if integration else user_store.integration_id(request.source),
        action="execute",
        outcome=outcome_of(err.status),
        route=request.route,
        role=Role.INTEGRATION.value if integration else None,
        error_code=err.code.value,
        request_id=message_id,
        duration_ms=int((time.perf_counter() - started) * 1000),
        detail={"correlationId": request.correlation_id, "eventId": request.event_id},
        counts=True,
    )


def _reject(
    request: Request, integration: User | None, err: ServiceError, message_id: str, started: float
) -> RequestAnswer:
    """The rejection, stored with its audit row once; the first rejection when another delivery stored one."""
    answer = rejected(request.key, err.status, err.body(message_id))
    record = _audit_record(request, integration, err, message_id, started)
    try:
        request_answers.record_rejection(answer, record)
    except request_answers.AlreadyAnswered:
        return request_answers.find(request.key) or answer
    recorder.emit(record.attempt())
    return answer


def _record(request: Request, integration: User | None, err: ServiceError, message_id: str, started: float) -> None:
    """An attempt that is not the request's answer (it will be retried), recorded as the API records one."""
    recorder.record_attempt(_audit_record(request, integration, err, message_id, started), counted=True)


def _publish(request: Request, answer: RequestAnswer) -> str:
    detail = answer.detail(request.correlation_id, request.event_id, request.source)
    entry = bus.Entry(events.SOURCE, answer.detail_type, json.dumps(detail, separators=(",", ":")))
    if bus.put([entry]):
        raise AnswerNotPublished(answer.detail_type)
    logger.info("answered", extra={"answer": answer.detail_type, "correlationId": request.correlation_id})
    return answer.detail_type
