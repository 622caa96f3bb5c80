"""The in-process fixtures of the tiers that run against moto (integration, security, faults, load, devkit):
a moto account with every table made from template.yaml, user rows, and a way to call any handler with a real
HTTP API 2.0 event. Each of those tiers' conftest.py imports them; tests/unit never does (no moto, no devkit).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from devkit.events import LambdaContext, http_api_event
from devkit.handlers import load_function
from taskexec.authorization import Role, UserStatus
from taskexec.data import user_store
from tests.support.routes import route_for
from tests.support.world import moto_world


@pytest.fixture
def aws() -> Iterator[Any]:
    """A fresh moto account with the template's tables (named by logical id, the models' default)."""
    with moto_world() as client:
        yield client


@dataclass(frozen=True)
class Caller:
    id: str
    role: Role
    status: UserStatus
    email: str

    def claims(self) -> dict[str, Any]:
        return {
            "sub": self.id,
            "email": self.email,
            "cognito:username": self.email.split("@")[0],
            "cognito:groups": [self.role.value],
            "token_use": "id",
            "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test",
            "aud": "client",
        }


@pytest.fixture
def make_user(aws: Any) -> Callable[..., Caller]:
    """Create a user row; `register=False` gives a caller with no row (an unregistered token)."""

    def make(
        role: Role | str = Role.ADMIN,
        status: UserStatus | str = UserStatus.ACTIVE,
        *,
        email: str | None = None,
        register: bool = True,
    ) -> Caller:
        user_id = str(uuid.uuid4())
        role, status = Role(role), UserStatus(status)
        email = email or f"{role.value.lower()}-{user_id[:8]}@example.com"
        if register:
            user_store.create_user_row(user_id, email=email, username=email.split("@")[0], role=role, status=status)
        return Caller(user_id, role, status, email)

    return make


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def code(self) -> str | None:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return self.body["error"].get("code")
        return None


def call(
    method: str,
    path: str,
    caller: Caller | None = None,
    *,
    body: Any = None,
    query: str = "",
    headers: dict[str, str] | None = None,
    claims: dict[str, Any] | None = None,
) -> Reply:
    """Invoke the handler that serves `method path` the way API Gateway would."""
    function, route = route_for(method, path)
    event = http_api_event(
        method,
        path,
        route=route,
        body=body,
        query=query,
        headers=headers,
        claims=claims if claims is not None else (caller.claims() if caller else None),
    )
    response = load_function(function).lambda_handler(event, LambdaContext(function))
    raw = response.get("body") or ""
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw
    headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
    return Reply(int(response["statusCode"]), parsed, headers)


@pytest.fixture
def api(aws: Any) -> Callable[..., Reply]:
    return call
