"""The emulator's execution environments are kept apart as Lambda keeps them, by process.

Lambda runs one invocation at a time in an environment, each environment its own process. The local gateway runs
several environments of a function in one process, on threads, so whatever a library keeps process-wide is
shared by invocations that AWS would never let meet. Powertools' event handler keeps the current event and the
Lambda context on its `BaseRouter` class, not on the resolver: two requests in flight in two environments read
one event, so one request could run with the other's body and Idempotency-Key under its own identity. This held
the strict HTTP load test (a CI run answered two requests with one task): both requests are held in flight here
at once, in two environments, and each must still see its own request.
"""

from __future__ import annotations

import json
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from devkit import template
from devkit.events import http_api_event
from devkit.gateway import FunctionRuntime

ECHO = """
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

import environments_probe

app = APIGatewayHttpResolver()


@app.post("/echo")
def echo() -> dict:
    before = app.current_event.json_body["n"]
    context_before = app.lambda_context.aws_request_id
    environments_probe.both_in_flight.wait(timeout=10)
    return {
        "before": before,
        "after": app.current_event.json_body["n"],
        "contextBefore": context_before,
        "contextAfter": app.lambda_context.aws_request_id,
    }


def lambda_handler(event, context):
    return app.resolve(event, context)
"""


@pytest.fixture
def echo_runtime(tmp_path: Path) -> Iterator[FunctionRuntime]:
    (tmp_path / "app.py").write_text(ECHO)
    probe = types.ModuleType("environments_probe")
    probe.both_in_flight = threading.Barrier(2)  # type: ignore[attr-defined]
    sys.modules["environments_probe"] = probe
    spec = template.FunctionSpec(
        logical_id="EchoFunction",
        code_dir=tmp_path,
        handler="app.lambda_handler",
        timeout_s=30,
        memory_mb=128,
        environment={},
    )
    try:
        yield FunctionRuntime(spec, max_environments=2)
    finally:
        del sys.modules["environments_probe"]


def test_two_requests_in_flight_in_two_environments_each_see_their_own_event(
    echo_runtime: FunctionRuntime,
) -> None:
    def send(n: int) -> dict[str, object]:
        answer = echo_runtime.invoke(http_api_event("POST", "/echo", body={"n": n}, request_id=f"request-{n}"))
        assert answer["statusCode"] == 200, answer
        return dict(json.loads(answer["body"]))

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(send, (1, 2)))

    assert [(a["before"], a["after"]) for a in answers] == [(1, 1), (2, 2)]
    assert answers[0]["contextBefore"] == answers[0]["contextAfter"]
    assert answers[1]["contextBefore"] == answers[1]["contextAfter"]
    assert answers[0]["contextAfter"] != answers[1]["contextAfter"]


def test_an_idempotency_config_shared_by_environments_keeps_each_invocations_context(
    echo_runtime: FunctionRuntime,
) -> None:
    """The service keeps one IdempotencyConfig per process and registers each invocation's context on it, as
    Powertools documents; two environments in flight must each keep their own (its remaining time is the
    in-progress expiry of the request's record)."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

    from devkit.events import LambdaContext

    config = IdempotencyConfig()
    both_registered = threading.Barrier(2)

    def register(n: int) -> bool:
        mine = LambdaContext(f"function-{n}")
        config.register_lambda_context(mine)
        both_registered.wait(timeout=10)
        return config.lambda_context is mine

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(register, (1, 2))) == [True, True]
