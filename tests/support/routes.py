"""The route table tests and the benchmark read: template.yaml's HttpApi events, and nothing else.

A route added to the template is callable here at once; there is no second list to forget.
"""

from __future__ import annotations

from functools import cache

from devkit.events import match_route
from devkit.template import http_api_routes

CONSOLE_ROUTES = frozenset({("GET", "/console"), ("GET", "/console/{proxy+}")})
"""The console's page and its files (the contract's "GET /console (and its assets)"): the only routes that
template.yaml opts out of the JWT authorizer."""


@cache
def routes() -> dict[tuple[str, str], str]:
    """(METHOD, template path) -> the functions/ directory serving it."""
    return {(route.method, route.path): route.function.code_dir.name for route in http_api_routes()}


def route_for(method: str, path: str) -> tuple[str, str]:
    """(function directory, template path) serving `method path`, path parameters filled in or not."""
    for (route_method, route_path), function in routes().items():
        if route_method == method and match_route(route_path, path) is not None:
            return function, route_path
    raise KeyError(f"{method} {path} is not a route of template.yaml")


@cache
def public_routes() -> frozenset[tuple[str, str]]:
    """(METHOD, template path) of the routes served without the JWT authorizer."""
    return frozenset((route.method, route.path) for route in http_api_routes() if not route.authorized)
