"""Whose fault a DynamoDB error is: a caller's refused value is their 4xx; only throttling, timeouts and the
service's own errors are 503s; a request of ours that DynamoDB finds malformed is a 500 (ours to fix)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError
from pynamodb.exceptions import GetError, QueryError

from taskexec.data.dynamodb_errors import caller_values, is_caller_value_fault, to_service_error
from taskexec.errors import ErrorCode, ServiceError
from taskexec.monitoring.counters import outcome_of

HASH_KEY = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"
RANGE_KEY = (
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of "
    "1024 bytes"
)
ITEM = "Item size has exceeded the maximum allowed size"
EMPTY_KEY = (
    "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
    "string value."
)
BAD_EXPRESSION = 'Invalid UpdateExpression: Syntax error; token: "=", near: "SET = :v"'


def client_error(code: str, message: str = "", **extra: Any) -> ClientError:
    response: Any = {"Error": {"Code": code, "Message": message}, **extra}
    return ClientError(response, "GetItem")


@pytest.mark.parametrize(
    "message", [HASH_KEY, RANGE_KEY, ITEM, EMPTY_KEY, "Hash primary key values must be under 2048 bytes"]
)
def test_a_refused_value_is_the_callers(message: str) -> None:
    exc = client_error("ValidationException", message)
    assert is_caller_value_fault(exc)
    assert is_caller_value_fault(GetError("Failed to get item", exc))  # through pynamodb's wrapping
    unnamed = to_service_error(exc)
    assert (unnamed.code, unnamed.status, outcome_of(unnamed.status)) == (ErrorCode.INVALID_REQUEST, 400, "INVALID")
    named = to_service_error(QueryError("Failed to query items", exc), field="assignee")
    assert (named.code, named.status) == (ErrorCode.VALIDATION_FAILED, 422)
    assert [d.field for d in named.details] == ["assignee"]
    assert message not in str(named.body("r"))  # never the database's own words


def test_a_value_refused_inside_a_transaction_is_the_callers() -> None:
    exc = client_error(
        "TransactionCanceledException",
        "Transaction cancelled",
        CancellationReasons=[{"Code": "None"}, {"Code": "ValidationError", "Message": ITEM}],
    )
    assert is_caller_value_fault(exc)
    assert to_service_error(exc).status == 400


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (client_error("ProvisionedThroughputExceededException"), ErrorCode.SERVICE_BUSY),
        (client_error("ThrottlingException"), ErrorCode.SERVICE_BUSY),
        (client_error("InternalServerError"), ErrorCode.DATABASE_UNAVAILABLE),
        (client_error("ResourceNotFoundException"), ErrorCode.DATABASE_UNAVAILABLE),
        (EndpointConnectionError(endpoint_url="https://dynamodb"), ErrorCode.DATABASE_UNAVAILABLE),
        (ReadTimeoutError(endpoint_url="https://dynamodb"), ErrorCode.DATABASE_UNAVAILABLE),
        (client_error("ValidationException", BAD_EXPRESSION), ErrorCode.INTERNAL_ERROR),
    ],
)
def test_the_services_own_faults_are_failures(exc: Exception, code: ErrorCode) -> None:
    assert not is_caller_value_fault(exc)
    err = to_service_error(exc)
    assert err.code is code
    assert outcome_of(err.status) == "FAILED"


def test_caller_values_translates_only_refused_values() -> None:
    with pytest.raises(ServiceError) as refused, caller_values("task.assigneeId"):
        raise GetError("Failed to get item", client_error("ValidationException", HASH_KEY))
    assert refused.value.code is ErrorCode.VALIDATION_FAILED
    assert refused.value.details[0].field == "task.assigneeId"
    throttled = client_error("ThrottlingException")
    with pytest.raises(ClientError) as passed, caller_values("x"):
        raise throttled
    assert passed.value is throttled
