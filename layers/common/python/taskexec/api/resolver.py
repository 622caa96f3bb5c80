"""The resolver every HTTP handler uses, and the entry that wraps it with the guard and the audit.

A handler module does three things: `app = create_resolver()`, declare its routes (each with `@requires(...)`
right under its route decorator), and call `handle(app, event, context)` from `lambda_handler`.

The role check fails closed: a route key whose route declares no action is refused with 500 INTERNAL_ERROR
(and logged as an error), so a route added without a declaration is open to nobody rather than to everyone. So is
a route declaring a public action (the console's files, `taskexec.api.public`): every route served here signs
its caller in, and a public declaration on one would be a data route someone meant to open. A route that changes
the caller's own row also declares the only fields its body may hold (`@accepts_only`).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec import escalation
from taskexec.api import guard
from taskexec.api import request as req
from taskexec.api.declarations import accepts_only, declared_action, declared_fields, requires
from taskexec.api.responses import error_event_response, error_response
from taskexec.authorization import PUBLIC_ACTIONS, Action, can
from taskexec.data import activity
from taskexec.data.dynamodb_errors import aws_error_code, is_database_fault, to_service_error
from taskexec.errors import ErrorCode, ServiceError, field_issues, internal_error
from taskexec.identity import identity_from_event
from taskexec.monitoring.counters import outcome_of
from taskexec.services import recording as recorder

logger = Logger(child=True)

__all__ = ["accepts_only", "create_resolver", "database_error", "declared_actions", "handle", "require", "requires"]
"""`requires` and `accepts_only` are declared in `taskexec.api.declarations` and offered here too, beside the
resolver they serve."""

_routes_by_app: weakref.WeakKeyDictionary[APIGatewayHttpResolver, dict[str, Callable[..., Any]]] = (
    weakref.WeakKeyDictionary()
)
"""Keyed by the app itself, not its id(): a discarded app's id can be reused by a new one (tests and the local
stack load handler modules many times), which read the other app's routes and refused real ones."""


def _route_functions(app: APIGatewayHttpResolver) -> dict[str, Callable[..., Any]]:
    """Route key ("GET /tasks/{taskId}") -> the function its route registered."""
    found = _routes_by_app.get(app)
    if found is None:
        # Powertools keeps its routes in these two lists; each knows its method and its {param} path.
        routes = [*app._static_routes, *app._dynamic_routes]
        found = {f"{r.method} {r.openapi_path}": r.func for r in routes}
        _routes_by_app[app] = found
    return found


def declared_actions(app: APIGatewayHttpResolver) -> dict[str, Action | None]:
    """Route key ("GET /tasks/{taskId}") -> the action its route declares, None where it declares none."""
    return {route: declared_action(func) for route, func in _route_functions(app).items()}


def accepted_only(app: APIGatewayHttpResolver, route: str) -> frozenset[str] | None:
    """The only body fields the route declares it accepts (`@accepts_only`), None when it declares none."""
    func = _route_functions(app).get(route)
    return declared_fields(func) if func is not None else None


def require(action: Action) -> None:
    """Refuse the current caller unless their role (from their user row) allows `action`."""
    user = req.current_user()
    if not can(user.role, action):
        raise ServiceError(
            ErrorCode.INSUFFICIENT_PRIVILEGES,
            f"Your role ({user.role.value}) may not do this.",
            suggestion="Ask a SUPER_ADMIN for a role that allows it.",
        )


def create_resolver() -> APIGatewayHttpResolver:
    """An HTTP API resolver with request validation and the contract's error shape for every failure."""
    app = APIGatewayHttpResolver(enable_validation=True)

    def request_id() -> str:
        return req.current().request_id

    @app.exception_handler(ServiceError)
    def _service_error(exc: ServiceError) -> Response[str]:
        return error_response(exc, request_id())

    @app.exception_handler(RequestValidationError)
    def _invalid(exc: RequestValidationError) -> Response[str]:
        err = ServiceError(
            ErrorCode.VALIDATION_FAILED,
            "The request does not match the schema.",
            details=field_issues(exc.errors()),
            suggestion="Fix the fields listed in details; the OpenAPI document has the schema.",
        )
        return error_response(err, request_id())

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response[str]:
        if is_database_fault(exc):
            return error_response(database_error(exc), request_id())
        logger.exception("unhandled error")
        return error_response(internal_error(), request_id())

    @app.not_found
    def _not_found(_: Exception) -> Response[str]:
        return error_response(ServiceError(ErrorCode.NOT_FOUND, "No such route."), request_id())

    return app


def handle(
    app: APIGatewayHttpResolver,
    event: dict[str, Any],
    context: LambdaContext,
    *,
    counts_executions: bool = False,
    allowed_fields: frozenset[str] = frozenset(),
    allowed_query: frozenset[str] = frozenset(),
    carried_fields: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Guard, resolve, audit. Every attempt leaves one audit row (unless the route wrote its own).

    The action the route declares (`@requires`) is checked before schema validation, so a caller who may not
    use a route learns nothing about its schema.
    """
    context_id = getattr(context, "aws_request_id", "") or ""
    request_id = str((event.get("requestContext") or {}).get("requestId") or context_id)
    state = req.RequestState(request_id=request_id, route=str(event.get("routeKey") or ""))
    req.begin(state)
    try:
        response = _guarded(app, event, context, state, allowed_fields, allowed_query, carried_fields)
        _finish(state, response, counts_executions)
        return response
    finally:
        req.end()


def _guarded(
    app: APIGatewayHttpResolver,
    event: dict[str, Any],
    context: LambdaContext,
    state: req.RequestState,
    allowed_fields: frozenset[str],
    allowed_query: frozenset[str],
    carried_fields: frozenset[str],
) -> dict[str, Any]:
    try:
        body = guard.parse_body(event)
        state.identity = identity_from_event(event)  # kept even if the row cannot be read, for the audit
        state.user = guard.authenticate(state.identity)
        fields = guard.escalation_fields(
            event, body, allowed_fields, allowed_query, carried_fields, accepted_only(app, state.route)
        )
        if fields:
            logger.warning("privilege escalation attempt", extra={"fields": fields, "userId": state.user.id})
            state.execution["escalation"] = fields
            raise escalation.refused(fields, escalation.SIGN_IN)
        require(_declared_action(app, state.route))
    except ServiceError as err:
        return error_event_response(err, state.request_id)
    except Exception:
        logger.exception("guard failed")
        return error_event_response(internal_error(), state.request_id)
    if body is not None:
        # The body parsed as JSON above; let the validator read it as JSON whatever the client labelled it.
        event = {**event, "headers": {**(event.get("headers") or {}), "content-type": "application/json"}}
    return app.resolve(event, context)


def database_error(exc: BaseException) -> ServiceError:
    """A database fault as the contract's error, logged by whose it is: a caller's refused value is a 4xx
    (info), throttling or an outage a 503 (warning), a malformed request of ours a 500 (error, with trace)."""
    err = to_service_error(exc)
    fault = {"fault": type(exc).__name__, "awsCode": aws_error_code(exc), "errorCode": err.code.value}
    if err.code is ErrorCode.INTERNAL_ERROR:
        logger.error("database refused our request", extra=fault, exc_info=exc)
    elif err.status >= 500:
        logger.warning("database fault", extra=fault)
    else:
        logger.info("database refused a caller's value", extra=fault)
    return err


def _declared_action(app: APIGatewayHttpResolver, route: str) -> Action:
    """The action the route declares. None, or a public action (which belongs on routes served without sign-in,
    `taskexec.api.public`), is a route set up wrong: refused for everyone rather than opened."""
    action = declared_actions(app).get(route)
    if action is None or action in PUBLIC_ACTIONS:
        logger.error("route declares no action a caller signs in for: refused", extra={"routeKey": route})
        raise internal_error()
    return action


def _error_code(response: dict[str, Any]) -> str | None:
    if int(response.get("statusCode", 500)) < 400:
        return None
    try:
        return str(json.loads(response.get("body") or "{}")["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def _finish(state: req.RequestState, response: dict[str, Any], counts_executions: bool) -> None:
    status = int(response.get("statusCode", 500))
    code = _error_code(response)
    outcome = outcome_of(status)
    duration = state.elapsed_ms()
    user = state.user
    identity = state.identity
    logger.info(
        "request handled",
        extra={
            "route": state.route,
            "status": status,
            "errorCode": code,
            "durationMs": duration,
            "userId": identity.user_id if identity else None,
            "role": user.role.value if user else None,
        },
    )
    if state.recorded or state.execution.get("replay"):
        return  # the route wrote its own row, or an idempotent replay writes nothing new
    dry_run = bool(state.execution.get("dryRun"))
    record = activity.ActivityRecord(
        user_id=identity.user_id if identity else "anonymous",
        action="execute" if counts_executions else "request",
        outcome="DRY_RUN" if dry_run and status < 400 else outcome,
        route=state.route,
        role=user.role.value if user else None,
        error_code=code,
        request_id=state.request_id,
        execution_id=state.execution.get("executionId"),
        category=state.execution.get("category"),
        duration_ms=duration,
        detail={"escalation": state.execution["escalation"]} if "escalation" in state.execution else {},
    )
    recorder.record_attempt(record, counted=counts_executions and not dry_run)
