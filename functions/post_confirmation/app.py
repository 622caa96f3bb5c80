"""Cognito post-confirmation trigger: every confirmed sign-up gets a user row (role USER, ACTIVE, on the calendar
of the `zoneinfo` attribute when it names an IANA zone, else UTC)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import PostConfirmationTriggerEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.services.user_admin import register

logger = Logger()


@logger.inject_lambda_context
@event_source(data_class=PostConfirmationTriggerEvent)
def lambda_handler(event: PostConfirmationTriggerEvent, context: LambdaContext) -> dict[str, Any]:
    """Cognito waits for this answer: return the event unchanged; a failure here fails the confirmation,
    which Cognito lets the user retry, so a sign-up never ends without a row."""
    attributes = event.request.user_attributes
    sub = attributes.get("sub") or event.user_name
    zoneinfo = attributes.get("zoneinfo")
    created = register(sub, attributes.get("email"), event.user_name, zoneinfo)
    logger.info(
        "sign-up registered" if created else "sign-up already registered",
        extra={"userId": sub, "zoneinfo": zoneinfo[:80] if isinstance(zoneinfo, str) else None},
    )
    return event.raw_event
