"""The role check fails closed: every route of template.yaml declares the action its caller needs, and a
route that declares none is refused for everyone instead of being open to every active user.

The console's page and files are the only routes served without sign-in: they, and only they, declare a public
action (`authorization.PUBLIC_ACTIONS`), and a public declaration opens nothing anywhere else: a route that signs
its caller in refuses it, and the public router refuses any other declaration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_lambda_powertools.event_handler import Response

from devkit.events import LambdaContext, http_api_event
from devkit.handlers import load_function
from taskexec.api.declarations import requires
from taskexec.api.public import PublicRoutes
from taskexec.api.resolver import create_resolver, declared_actions, handle
from taskexec.authorization import PUBLIC_ACTIONS, Action, Role
from tests.support.routes import public_routes, routes


def declared(method: str, path: str) -> Action | None:
    app = load_function(routes()[(method, path)]).app
    actions = app.declared_actions() if isinstance(app, PublicRoutes) else declared_actions(app)
    return actions.get(f"{method} {path}")


@pytest.mark.parametrize(("method", "path"), sorted(routes()), ids=lambda part: str(part))
def test_every_template_route_declares_an_action(method: str, path: str) -> None:
    assert isinstance(declared(method, path), Action), (
        f"{method} {path} ({routes()[(method, path)]}) declares no action: put @requires(...) under its route decorator"
    )


@pytest.mark.parametrize(("method", "path"), sorted(routes()), ids=lambda part: str(part))
def test_a_route_declares_a_public_action_exactly_when_the_template_serves_it_without_sign_in(
    method: str, path: str
) -> None:
    assert (declared(method, path) in PUBLIC_ACTIONS) == ((method, path) in public_routes())


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


def test_a_route_that_signs_in_and_declares_a_public_action_is_refused_with_500(make_user: Callable[..., Any]) -> None:
    app = create_resolver()
    reached: list[bool] = []

    @app.get("/tasks-for-all")
    @requires(Action.VIEW_CONSOLE)
    def tasks_for_all() -> Response[str]:
        reached.append(True)
        return Response(200, "application/json", "{}")

    for role in (Role.USER, Role.SUPER_ADMIN):
        event = http_api_event("GET", "/tasks-for-all", claims=make_user(role).claims())
        response = handle(app, event, LambdaContext("public-declared"))
        assert response["statusCode"] == 500
    assert reached == []


def test_the_public_router_serves_only_routes_declaring_a_public_action() -> None:
    app = PublicRoutes()
    reached: list[str] = []

    @app.get("/open")
    @requires(Action.VIEW_CONSOLE)
    def open_page(event: dict[str, Any]) -> dict[str, Any]:
        reached.append("open")
        return {"statusCode": 200, "body": "page"}

    @app.get("/data")
    @requires(Action.READ_TASKS)
    def data(event: dict[str, Any]) -> dict[str, Any]:
        reached.append("data")
        return {"statusCode": 200, "body": "tasks"}

    @app.get("/bare")
    def bare(event: dict[str, Any]) -> dict[str, Any]:
        reached.append("bare")
        return {"statusCode": 200, "body": "?"}

    assert app.resolve(http_api_event("GET", "/open"))["statusCode"] == 200
    assert app.resolve(http_api_event("GET", "/data"))["statusCode"] == 500
    assert app.resolve(http_api_event("GET", "/bare"))["statusCode"] == 500
    assert app.resolve(http_api_event("GET", "/elsewhere"))["statusCode"] == 404
    assert reached == ["open"]
