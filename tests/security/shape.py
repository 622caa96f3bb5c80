"""What every error answer must look like (the contract's error body), and what no answer may contain."""

from __future__ import annotations

import json
from typing import Any

from taskexec.errors import STATUS_OF, ErrorCode
from tests.support.fixtures import Reply

FORBIDDEN_TEXT = (
    "Traceback",
    'File "',
    "botocore",
    "boto3",
    "pynamodb",
    "pydantic",
    "Exception",
    "TasksTable",
    "UsersTable",
    "TaskCommentsTable",
    "UserActivityTable",
    "MonitoringTable",
    "IdempotencyTable",
    "EmailCampaignsTable",
    "WorkflowsTable",
    "SegmentsTable",
    "arn:aws",
    "Throughput",
    "Request ID",
    "ConditionalCheck",
    "ValidationException",
)
"""Stack traces, exception and library names, table names, AWS messages: none may reach a caller."""

ERROR_KEYS = {"code", "message", "suggestion", "details", "requestId"}


def assert_no_leak(text: str) -> None:
    for forbidden in FORBIDDEN_TEXT:
        assert forbidden not in text, f"{forbidden!r} leaked in {text[:500]}"


def assert_error_body(status: int, body: Any) -> None:
    """The contract's error body, with a code that belongs to the status."""
    assert isinstance(body, dict), body
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) <= ERROR_KEYS, error
    assert {"code", "message", "requestId"} <= set(error), error
    code = ErrorCode(error["code"])
    assert STATUS_OF[code] == status, (status, error)
    assert isinstance(error["message"], str)
    assert error["message"]
    for detail in error.get("details") or []:
        assert set(detail) == {"field", "issue"}, detail


def assert_contract_error(reply: Reply, status: int, code: str) -> None:
    assert (reply.status, reply.code) == (status, code), reply.body
    assert_error_body(reply.status, reply.body)
    assert_no_leak(json.dumps(reply.body))
