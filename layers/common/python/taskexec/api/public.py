"""Routes served without sign-in: the console's page and its files, which hold no data.

template.yaml opts exactly these routes out of the JWT authorizer; the function serving them answers through
`PublicRoutes`, never through `resolver.handle` (which signs every caller in). Each route declares its action with
`@requires`, as every route does, and only a public action (`authorization.PUBLIC_ACTIONS`) is served: a route
registered here that declares anything else, or nothing, is refused for everyone. The resolver refuses public
actions in turn, so no route is public by one declaration alone.

Plain Python on purpose: a function serving files imports no Powertools, pydantic or storage at its cold start.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from taskexec.api.declarations import declared_action
from taskexec.authorization import PUBLIC_ACTIONS, Action

Event = dict[str, Any]
Answer = dict[str, Any]
PublicRoute = Callable[[Event], Answer]


def gateway_answer(status: int, message: str) -> Answer:
    """API Gateway's own shape (`{"message": ...}`), as the service's other pages of no route answer."""
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store"},
        "body": json.dumps({"message": message}),
        "isBase64Encoded": False,
    }


class PublicRoutes:
    """GET routes by route key ("GET /console"), each declaring a public action."""

    __slots__ = ("_routes",)

    def __init__(self) -> None:
        self._routes: dict[str, PublicRoute] = {}

    def get(self, path: str) -> Callable[[PublicRoute], PublicRoute]:
        """Register a GET route by its template path (`/console/{proxy+}`); `@requires` goes directly under it."""

        def register(func: PublicRoute) -> PublicRoute:
            self._routes[f"GET {path}"] = func
            return func

        return register

    def declared_actions(self) -> dict[str, Action | None]:
        """Route key -> the action its route declares (None where it declares none), as the resolver reports."""
        return {key: declared_action(func) for key, func in self._routes.items()}

    def resolve(self, event: Event) -> Answer:
        route = self._routes.get(str(event.get("routeKey") or ""))
        if route is None:
            return gateway_answer(404, "Not Found")
        if declared_action(route) not in PUBLIC_ACTIONS:
            return gateway_answer(500, "Internal Server Error")
        return route(event)
