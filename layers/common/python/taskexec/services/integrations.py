"""Registering integrations: an external system's event source becomes the INTEGRATION row
`integration:<source>`, on whose behalf its TaskRequested events are executed, and, when it names a bus of its
own (`answerBusArn`), a rule of the service's bus that delivers its answers there; without one the rule goes."""

from __future__ import annotations

import re

from taskexec.authorization import Role, UserStatus
from taskexec.data import bus, user_store
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.events import SOURCE
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, FieldIssue, ServiceError

SOURCE_PATTERN = re.compile(r"[a-z0-9.-]{3,64}")
"""Linear-time (one character class, bounded); matched with fullmatch."""


def valid_source(source: str) -> bool:
    return len(source) <= 64 and SOURCE_PATTERN.fullmatch(source) is not None and source != SOURCE


def register(source: str, name: str, status: UserStatus, answer_bus_arn: str | None = None) -> User:
    """The row first, then the rule: a failure between them is a 5xx the caller retries (PUT is idempotent)."""
    if not valid_source(source):
        raise ServiceError(
            ErrorCode.VALIDATION_FAILED,
            "The source is not a valid integration source.",
            details=[FieldIssue("source", f"must match [a-z0-9.-]{{3,64}} and not be '{SOURCE}'")],
            suggestion="Use the source the external system puts on its events, such as crm.example.",
        )
    try:
        row = user_store.put_integration(source, name, status, answer_bus_arn)
    except StaleWrite:
        raise ServiceError(ErrorCode.CONFLICT, "The id of this source belongs to another user.") from None
    if answer_bus_arn:
        bus.route_answers(source, answer_bus_arn)
    else:
        bus.unroute_answers(source)
    return row


def integration_of(source: str) -> User | None:
    """The INTEGRATION row of a valid source, active or not; None when unregistered (or not an integration)."""
    if not valid_source(source):
        return None
    user = user_store.get_user(user_store.integration_id(source))
    return user if user is not None and user.role is Role.INTEGRATION else None
