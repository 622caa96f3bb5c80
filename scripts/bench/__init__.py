"""Benchmarks (`make bench` runs `python -m scripts.bench`): import cost, DynamoDB calls, latency, rollup, detection.

The helpers here give the in-process benchmarks one world to run in: moto with the template's tables, user
rows, and the real handlers called with HTTP API 2.0 events. Everything heavy is imported lazily, so importing
`scripts.bench.<part>` stays cheap.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.support import world

BENCH_ENV = {**world.TEST_ENV, "POWERTOOLS_LOG_LEVEL": "CRITICAL", "POWERTOOLS_METRICS_DISABLED": "true"}
"""The tests' environment, quieter: set before taskexec is imported (Powertools reads its settings then)."""


def prepare_environment() -> None:
    world.prepare_environment(BENCH_ENV)


@contextmanager
def moto_world() -> Iterator[Any]:
    """The tests' in-process world (tests/support/world.py); yields a DynamoDB client."""
    prepare_environment()
    with world.moto_world() as client:
        yield client


def make_user(role: str, status: str = "ACTIVE") -> dict[str, Any]:
    """A user row; returns the claims API Gateway would hand over for that user's token."""
    from taskexec.authorization import Role, UserStatus
    from taskexec.data.user_store import create_user_row

    user_id = str(uuid.uuid4())
    email = f"{role.lower()}-{user_id[:8]}@example.com"
    create_user_row(user_id, email=email, username=email, role=Role(role), status=UserStatus(status))
    return {"sub": user_id, "email": email, "cognito:groups": [role], "token_use": "id"}


def call(
    method: str,
    route: str,
    claims: dict[str, Any] | None,
    *,
    path: str | None = None,
    body: Any = None,
    query: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """Invoke the handler serving `method route` (e.g. GET /tasks/{taskId}) as API Gateway would."""
    from devkit.events import LambdaContext, http_api_event
    from devkit.handlers import load_function
    from tests.support.routes import route_for

    function, _ = route_for(method, route)
    event = http_api_event(method, path or route, route=route, body=body, query=query, headers=headers, claims=claims)
    response = load_function(function).lambda_handler(event, LambdaContext(function))
    raw = response.get("body") or ""
    return int(response["statusCode"]), json.loads(raw) if raw else None
