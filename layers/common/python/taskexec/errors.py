"""The contract's error codes and the one exception type the domain raises for them.

Handlers turn a `ServiceError` into the contract's error body; anything else becomes a bare 500 so that no
exception text, table name or AWS message ever reaches a caller.
"""

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, NamedTuple


class ErrorCode(StrEnum):
    INVALID_JSON = "INVALID_JSON"
    INVALID_REQUEST = "INVALID_REQUEST"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INSUFFICIENT_PRIVILEGES = "INSUFFICIENT_PRIVILEGES"
    USER_NOT_REGISTERED = "USER_NOT_REGISTERED"
    USER_INACTIVE = "USER_INACTIVE"
    PRIVILEGE_ESCALATION_ATTEMPT = "PRIVILEGE_ESCALATION_ATTEMPT"
    NOT_FOUND = "NOT_FOUND"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    CONFLICT = "CONFLICT"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    NO_TASK_DETECTED = "NO_TASK_DETECTED"
    INVALID_ASSIGNEE = "INVALID_ASSIGNEE"
    DUE_DATE_IN_PAST = "DUE_DATE_IN_PAST"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    SERVICE_BUSY = "SERVICE_BUSY"
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
    INTERNAL_ERROR = "INTERNAL_ERROR"


STATUS_OF: dict[ErrorCode, int] = {
    ErrorCode.INVALID_JSON: 400,
    ErrorCode.INVALID_REQUEST: 400,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.INSUFFICIENT_PRIVILEGES: 403,
    ErrorCode.USER_NOT_REGISTERED: 403,
    ErrorCode.USER_INACTIVE: 403,
    ErrorCode.PRIVILEGE_ESCALATION_ATTEMPT: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.IDEMPOTENCY_CONFLICT: 409,
    ErrorCode.CONFLICT: 409,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.VALIDATION_FAILED: 422,
    ErrorCode.NO_TASK_DETECTED: 422,
    ErrorCode.INVALID_ASSIGNEE: 422,
    ErrorCode.DUE_DATE_IN_PAST: 422,
    ErrorCode.LIMIT_EXCEEDED: 422,
    ErrorCode.SERVICE_BUSY: 503,
    ErrorCode.DATABASE_UNAVAILABLE: 503,
    ErrorCode.INTERNAL_ERROR: 500,
}


class FieldIssue(NamedTuple):
    field: str
    issue: str


def field_issues(errors: Iterable[Mapping[str, Any]], *, located: bool = True) -> list[FieldIssue]:
    """pydantic-style validation errors (Powertools' request validation and our own model_validate alike) as
    the contract's details: a field path (`field_path`) and the message. `located` errors start with the request part
    they came from (body, query, path, header), which the field path leaves out."""
    issues = []
    for error in errors:
        loc = list(error.get("loc") or ())
        if located and loc and loc[0] in {"body", "query", "path", "header"}:
            loc = loc[1:]
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        issues.append(FieldIssue(field=field_path(loc), issue=message))
    return issues


def field_path(loc: Iterable[object]) -> str:
    """A location as the details name it: names joined by dots, list positions in brackets (`actions[0].task`)."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


class ServiceError(Exception):
    """A failure the caller is told about, with the contract's code."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        suggestion: str | None = None,
        details: list[FieldIssue] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(code.value)
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.details: list[FieldIssue] = details if details is not None else []
        self.retry_after = retry_after

    @property
    def status(self) -> int:
        return STATUS_OF[self.code]

    def body(self, request_id: str) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code.value, "message": self.message}
        if self.suggestion:
            error["suggestion"] = self.suggestion
        if self.details:
            error["details"] = [{"field": d.field, "issue": d.issue} for d in self.details]
        error["requestId"] = request_id
        return {"error": error}


def internal_error() -> ServiceError:
    return ServiceError(
        ErrorCode.INTERNAL_ERROR,
        "Something went wrong on our side. It has been logged.",
        suggestion="Try again; if it keeps failing, contact support with the requestId.",
    )


def busy(retry_after: int = 2) -> ServiceError:
    return ServiceError(
        ErrorCode.SERVICE_BUSY,
        "The service is busy right now.",
        suggestion=f"Retry after {retry_after} seconds.",
        retry_after=retry_after,
    )


def value_rejected(field: str | None = None) -> ServiceError:
    """A value the caller sent is too large (or otherwise unstorable) for the database: the caller's 4xx.

    VALIDATION_FAILED naming the field where it is known; INVALID_REQUEST where only "something in this
    request" can honestly be said. Never the database's own message."""
    suggestion = "Send shorter values: keys and ids up to 128 characters, texts within the documented limits."
    if field:
        return ServiceError(
            ErrorCode.VALIDATION_FAILED,
            "A value in the request is too large to accept.",
            details=[FieldIssue(field, "is too large or not a storable value")],
            suggestion=suggestion,
        )
    return ServiceError(
        ErrorCode.INVALID_REQUEST, "A value in the request is too large to accept.", suggestion=suggestion
    )


def quoted(value: str, limit: int = 80) -> str:
    """A caller's value for an error text: quoted, and cut to `limit` characters (marking the cut) so a huge
    value cannot blow up the answer or the log line that carries it."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}... ({len(value)} characters)"


def database_unavailable() -> ServiceError:
    return ServiceError(
        ErrorCode.DATABASE_UNAVAILABLE,
        "The database is not reachable right now.",
        suggestion="Retry in a few seconds.",
        retry_after=5,
    )
