"""What a route declares about its caller: the action they must be allowed (`@requires`) and, for a route that
changes the caller's own row, the only fields its body may hold (`@accepts_only`).

Kept apart from the resolver so that a function serving public files (`taskexec.api.public`) declares its routes
the same way without importing the resolver's guard, audit and storage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from taskexec.authorization import Action

RouteFunc = TypeVar("RouteFunc", bound=Callable[..., Any])

_DECLARED = "__taskexec_requires__"
_ACCEPTS_ONLY = "__taskexec_accepts_only__"


def requires(action: Action) -> Callable[[RouteFunc], RouteFunc]:
    """Declare the action a route's caller must be allowed. Place it directly under `@app.get(...)` & co.,
    so the function the resolver registers carries the declaration."""

    def declare(func: RouteFunc) -> RouteFunc:
        setattr(func, _DECLARED, action)
        return func

    return declare


def declared_action(func: Callable[..., Any]) -> Action | None:
    """The action `func` declares, None when it declares none."""
    action = getattr(func, _DECLARED, None)
    return action if isinstance(action, Action) else None


def accepts_only(*fields: str) -> Callable[[RouteFunc], RouteFunc]:
    """Declare the only fields a route's body may hold, for a route that changes the caller's own row: any
    other field is an attempt to change what the caller may not (403 PRIVILEGE_ESCALATION_ATTEMPT, audited;
    taskexec.escalation). Place it with `@requires`, under the route decorator."""

    def declare(func: RouteFunc) -> RouteFunc:
        setattr(func, _ACCEPTS_ONLY, frozenset(fields))
        return func

    return declare


def declared_fields(func: Callable[..., Any]) -> frozenset[str] | None:
    """The only body fields `func` declares it accepts, None when it declares none."""
    fields = getattr(func, _ACCEPTS_ONLY, None)
    return fields if isinstance(fields, frozenset) else None
