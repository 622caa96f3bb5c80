"""What a route declares about its caller: the action they must be allowed (`@requires`).

Kept apart from the resolver so that a function serving public files (`taskexec.api.public`) declares its routes
the same way without importing the resolver's guard, audit and storage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from taskexec.authorization import Action

RouteFunc = TypeVar("RouteFunc", bound=Callable[..., Any])

_DECLARED = "__taskexec_requires__"


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
