"""The one interception point of AWS calls: every service, a chain in registration order, the function whose
code made each call, and blocks that may end in any order."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from devkit import template
from devkit.botocalls import Call, Send, current_function, intercepting, running_as
from devkit.events import LambdaContext
from devkit.gateway import FunctionRuntime
from devkit.handlers import load_function

Seen = list[tuple[str, str, str | None]]
"""(service, operation, function) of each call an interceptor saw."""


def watcher(seen: Seen, name: str = "", order: list[str] | None = None) -> Any:
    def watch(call: Call, send: Send) -> Any:
        seen.append((call.service, call.operation, call.function))
        if order is not None:
            order.append(name)
        return send()

    return watch


@pytest.fixture
def sqs(aws: Any) -> Any:
    return boto3.client("sqs", region_name="us-east-1")


def test_interceptors_see_every_service_most_recent_first(aws: Any, sqs: Any) -> None:
    order: list[str] = []
    outer: Seen = []
    inner: Seen = []
    with intercepting(watcher(inner, "inner", order)), intercepting(watcher(outer, "outer", order)):
        aws.list_tables()
        sqs.list_queues()
    assert order == ["outer", "inner", "outer", "inner"]
    assert outer == inner == [("dynamodb", "ListTables", None), ("sqs", "ListQueues", None)]
    aws.list_tables()
    assert len(outer) == 2  # nothing after the block


def test_an_interceptor_can_be_narrowed_to_one_service(aws: Any, sqs: Any) -> None:
    seen: Seen = []
    with intercepting(watcher(seen), service="sqs"):
        aws.list_tables()
        sqs.list_queues()
    assert seen == [("sqs", "ListQueues", None)]


def test_what_an_interceptor_raises_is_what_the_caller_gets(aws: Any) -> None:
    def refuse(call: Call, send: Send) -> Any:
        raise call.refusal("ValidationException", "refused by the emulator")

    after: Seen = []
    with intercepting(watcher(after)), intercepting(refuse), pytest.raises(ClientError) as raised:
        aws.list_tables()
    assert raised.value.response["Error"] == {"Code": "ValidationException", "Message": "refused by the emulator"}
    assert after == []  # the chain stopped at the refusal


def test_unintercepted_calls_are_seen_by_no_interceptor(aws: Any) -> None:
    seen: Seen = []
    described: list[str] = []

    def describe_first(call: Call, send: Send) -> Any:
        if call.operation == "ListTables":
            described.append(call.unintercepted("DescribeTable", {"TableName": "UsersTable"})["Table"]["TableName"])
        return send()

    with intercepting(watcher(seen)), intercepting(describe_first):
        aws.list_tables()
    assert described == ["UsersTable"]
    assert seen == [("dynamodb", "ListTables", None)]


def test_blocks_may_end_in_any_order(aws: Any) -> None:
    earlier: Seen = []
    later: Seen = []
    with ExitStack() as earlier_block:
        earlier_block.enter_context(intercepting(watcher(earlier)))
        with intercepting(watcher(later)):
            earlier_block.close()  # the earlier block ends first, as blocks on other threads may
            aws.list_tables()
    aws.list_tables()
    assert (len(earlier), len(later)) == (0, 1)


def test_calls_name_the_function_whose_handler_made_them(aws: Any) -> None:
    seen: Seen = []
    event = {"version": "0", "id": "botocalls", "detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}
    with intercepting(watcher(seen)):
        aws.list_tables()
        load_function("metrics_rollup").lambda_handler(event, LambdaContext("metrics_rollup"))
    assert seen[0] == ("dynamodb", "ListTables", None)
    assert {function for _, _, function in seen[1:]} == {"MetricsRollupFunction"}
    assert current_function() is None


def test_the_local_runtime_runs_each_invocation_as_its_function(aws: Any) -> None:
    seen: Seen = []
    runtime = FunctionRuntime(template.functions()["MetricsRollupFunction"], max_environments=1)
    with intercepting(watcher(seen)), running_as("SomeOtherFunction"):
        runtime.invoke({"version": "0", "id": "runtime", "detail-type": "Scheduled Event", "detail": {}})
        assert current_function() == "SomeOtherFunction"  # restored when the invocation ends
    assert seen
    assert {function for _, _, function in seen} == {"MetricsRollupFunction"}
