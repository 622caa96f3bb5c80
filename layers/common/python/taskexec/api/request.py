"""What a request carries while it is handled: who asks, through which route, since when."""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

from taskexec.domain.users import User
from taskexec.errors import ErrorCode, ServiceError
from taskexec.identity import Identity


class RequestState:
    __slots__ = ("execution", "identity", "recorded", "request_id", "route", "started", "user")

    def __init__(
        self,
        request_id: str,
        route: str,
        identity: Identity | None = None,
        user: User | None = None,
        started: float | None = None,
        recorded: bool = False,
        execution: dict[str, Any] | None = None,
    ) -> None:
        self.request_id = request_id
        self.route = route
        self.identity = identity
        self.user = user
        self.started = time.perf_counter() if started is None else started
        self.recorded = recorded
        """True once the route wrote this attempt's audit row itself (execute does, inside its transaction)."""
        self.execution: dict[str, Any] = {} if execution is None else execution
        """Execute routes fill this (executionId, category) so a failed attempt is recorded with it."""

    def elapsed_ms(self) -> int:
        return int((time.perf_counter() - self.started) * 1000)


_state: ContextVar[RequestState | None] = ContextVar("request_state", default=None)


def begin(state: RequestState) -> None:
    _state.set(state)


def end() -> None:
    _state.set(None)


def current() -> RequestState:
    state = _state.get()
    if state is None:
        raise RuntimeError("no request in progress")
    return state


def current_user() -> User:
    """The caller's user row as read for this request (the guard has checked it exists and is active)."""
    user = current().user
    if user is None:
        raise ServiceError(ErrorCode.UNAUTHENTICATED, "The request carries no usable identity.")
    return user
