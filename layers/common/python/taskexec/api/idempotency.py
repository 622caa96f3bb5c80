"""`Idempotency-Key` support through Powertools Idempotency.

This module is imported with the execute handler, but Powertools Idempotency (and its persistence layer) is
imported only when a request carries the header, so requests without it don't pay for it. The key is scoped
to the caller and the route; the body is the payload that must match on a retry. A route answers through
`respond_once`, which runs its work once per key and replays the first answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response

from taskexec import config
from taskexec.api import request as req
from taskexec.api.responses import json_response
from taskexec.errors import ErrorCode, ServiceError

logger = Logger(child=True)

Work = Callable[[str | None], tuple[int, dict[str, Any]]]
"""A route's work: given the seed of its ids (the scoped key, None without one), its status and body."""

HEADER = "idempotency-key"
_VALID_KEY = re.compile(r"[\x21-\x7e]{1,128}")
"""Matched whole (fullmatch): `$` would also accept a trailing newline."""
EXPIRES_AFTER_SECONDS = 24 * 3600


def key_from_headers(headers: dict[str, str] | None) -> str | None:
    value = {k.lower(): v for k, v in (headers or {}).items()}.get(HEADER)
    if value is None:
        return None
    if not _VALID_KEY.fullmatch(value):
        raise ServiceError(
            ErrorCode.INVALID_REQUEST,
            "Idempotency-Key must be 1..128 visible ASCII characters.",
            suggestion="Use a UUID per logical request.",
        )
    return value


@cache
def _runner() -> Any:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = DynamoDBPersistenceLayer(table_name=config.table_name("IdempotencyTable"))
    idem_config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="body",
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        raise_on_no_idempotency_key=True,
    )

    @idempotent_function(data_keyword_argument="request", persistence_store=persistence, config=idem_config)
    def run(request: dict[str, Any], work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        return work()

    return run, idem_config


def run_once(
    scope: str, key: str, body: Any, work: Callable[[], dict[str, Any]], lambda_context: Any = None
) -> tuple[dict[str, Any], bool]:
    """Run `work` once per (scope, key); a retry with the same body gets the stored result.

    Returns the result and whether it is a replay. The same key with another body is IDEMPOTENCY_CONFLICT; a
    retry while the first is still running is CONFLICT (retry shortly).
    """
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    run, idem_config = _runner()
    if lambda_context is not None and hasattr(lambda_context, "get_remaining_time_in_millis"):
        idem_config.register_lambda_context(lambda_context)
    ran = False

    def tracked() -> dict[str, Any]:
        nonlocal ran
        ran = True
        return work()

    try:
        result = run(request={"key": f"{scope}#{key}", "body": body}, work=tracked)
    except IdempotencyValidationError:
        raise ServiceError(
            ErrorCode.IDEMPOTENCY_CONFLICT,
            "This Idempotency-Key was already used with a different body.",
            suggestion="Use a new key for a new request.",
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise ServiceError(
            ErrorCode.CONFLICT,
            "A request with this Idempotency-Key is still being handled.",
            suggestion="Retry in a moment to get its result.",
            retry_after=1,
        ) from None
    except IdempotencyPersistenceLayerError as exc:
        from taskexec.data.dynamodb_errors import to_service_error

        raise to_service_error(exc.__cause__ or exc) from None
    return result, not ran


def respond_once(
    app: APIGatewayHttpResolver, route: str, payload: dict[str, Any], work: Work, idempotency_key: str | None
) -> Response[str]:
    """Run `work` once per Idempotency-Key when the caller sent one (the route's declared header parameter), and
    answer with its status and body; a replay carries `Idempotency-Replayed: true`."""
    state = req.current()
    key = key_from_headers({HEADER: idempotency_key}) if idempotency_key is not None else None
    if key is None:
        status, body = work(None)
        return json_response(body, status)
    scope = f"{req.current_user().id}#{route}"
    result, replay = run_once(
        scope,
        key,
        payload,
        lambda: dict(zip(("status", "body"), work(f"{scope}#{key}"), strict=True)),
        app.lambda_context,
    )
    if replay:
        state.execution["replay"] = True
        logger.info("idempotent replay", extra={"idempotencyKey": key})
    return json_response(
        result["body"],
        int(result["status"]),
        headers={"Idempotency-Replayed": "true"} if replay else None,
    )
