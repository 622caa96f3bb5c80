"""The role check fails closed: every route of template.yaml declares the action its caller needs, and a
route that declares none is refused for everyone instead of being open to every active user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_lambda_powertools.event_handler import Response

from devkit.events import LambdaContext, http_api_event
from devkit.handlers import load_function
from taskexec.api.resolver import create_resolver, declared_actions, handle
from taskexec.authorization import Action, Role
from tests.support.routes import routes


@pytest.mark.parametrize(("method", "path"), sorted(routes()), ids=lambda part: str(part))
def test_every_template_route_declares_an_action(method: str, path: str) -> None:
    function = routes()[(method, path)]
    app = load_function(function).app
    assert isinstance(declared_actions(app).get(f"{method} {path}"), Action), (
        f"{method} {path} ({function}) declares no action: put @requires(...) under its route decorator"
    )


def test_a_route_without_a_declared_action_is_refused_with_500(make_user: Callable[..., Any]) -> None:
    app = create_resolver()
    reached: list[bool] = []

    @app.get("/undeclared")
    def undeclared() -> Response[str]:
        reached.append(True)
        return Response(200, "application/json", "{}")

    boss = make_user(Role.SUPER_ADMIN)
    event = http_api_event("GET", "/undeclared", claims=boss.claims())
    response = handle(app, event, LambdaContext("undeclared"))
    assert response["statusCode"] == 500
    assert '"INTERNAL_ERROR"' in response["body"]
    assert reached == []
