"""What Lambda keeps apart by process, kept apart by thread in the emulator.

Lambda runs one invocation at a time in an execution environment, and every environment is its own process. The
emulator runs several environments of a function in one process, on threads (devkit.gateway.FunctionRuntime:
each environment imports the function's module afresh), so state a library keeps process-wide is shared by
invocations that AWS never lets meet.

Powertools' event handler keeps the request being resolved, and its Lambda context, on its `BaseRouter` class
(`BaseRouter.current_event = ...` in `resolve`), not on the resolver: with two environments of one function in
flight, a route read the other request's body and headers, so one caller's request could run with another's
body and Idempotency-Key under its own identity (tests/devkit/test_environments.py). Here those two attributes
hold one value per thread, which is what one process per environment gives on AWS. So does the Lambda context
an `IdempotencyConfig` is handed for each invocation (`register_lambda_context`, as Powertools documents for
`idempotent_function`): the service keeps one config per process, and the in-progress expiry of a request's
idempotency record is its own invocation's remaining time, not another environment's.

Powertools Metrics also keeps its metric set on the class: concurrent invocations here may emit each other's
metrics in one EMF line. Nothing reads the emulator's EMF output, and the flush never fails a request
(services.recording.flush_metrics_safely), so that is left shared.
"""

from __future__ import annotations

import threading
from typing import Any

ROUTER_STATE = ("current_event", "lambda_context")
"""The attributes Powertools' resolver sets on `BaseRouter` itself for each invocation."""
IDEMPOTENCY_CONTEXT = "lambda_context"
"""The attribute `IdempotencyConfig.register_lambda_context` sets on a config for each invocation."""

_values = threading.local()
_installing = threading.Lock()


class PerThread:
    """A data descriptor whose value is the current thread's, read and written alike on a class or an instance.

    One value per thread, whichever instance: a thread runs one invocation at a time, as an environment does."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        try:
            return getattr(_values, self.name)
        except AttributeError:
            raise AttributeError(self.name) from None

    def __set__(self, instance: object, value: Any) -> None:
        setattr(_values, self.name, value)


def isolate_invocation_state() -> None:
    """Make the state Powertools sets per invocation on shared objects per thread; idempotent, thread-safe.

    `BaseRouter.current_event = event` is an assignment on the class, which a descriptor in the class cannot see:
    only its metaclass's can. So the descriptor goes both on a subclass of BaseRouter's metaclass (class-level
    reads and writes) and in BaseRouter's own namespace (reads and writes through an instance, `self.current_event`).
    """
    from aws_lambda_powertools.event_handler.api_gateway import BaseRouter
    from aws_lambda_powertools.utilities.idempotency.config import IdempotencyConfig

    with _installing:
        if isinstance(BaseRouter.__dict__.get(ROUTER_STATE[0]), PerThread):
            return
        setattr(IdempotencyConfig, IDEMPOTENCY_CONTEXT, PerThread(f"IdempotencyConfig.{IDEMPOTENCY_CONTEXT}"))
        for name in ROUTER_STATE:
            setattr(BaseRouter, name, PerThread(name))
        metaclass = type(BaseRouter)
        BaseRouter.__class__ = type(  # type: ignore[method-assign]  # a class's class: its metaclass
            f"PerThread{metaclass.__name__}", (metaclass,), {name: PerThread(name) for name in ROUTER_STATE}
        )
