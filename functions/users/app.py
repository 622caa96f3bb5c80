"""PUT /users/{userId}/role: SUPER_ADMIN changes another user's role and/or status."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.api import request as req
from taskexec.api.openapi import ERROR_RESPONSES, UserId, body_of
from taskexec.api.resolver import create_resolver, handle, requires
from taskexec.api.responses import json_response
from taskexec.authorization import Action
from taskexec.observability import traced
from taskexec.schemas.admin import UserChange, UserOut
from taskexec.services.user_admin import change_user

logger = Logger()
app = create_resolver()

ALLOWED_FIELDS = frozenset({"role"})
"""This route exists to set a role: `role` in its body is the request, not an escalation attempt."""


@app.put(
    "/users/<userId>/role",
    summary="Change a user's role and/or status (SUPER_ADMIN)",
    responses={200: body_of(UserOut, "The user after the change"), **ERROR_RESPONSES},
    tags=["users"],
)
@requires(Action.MANAGE_USERS)
def put_role(userId: UserId, body: UserChange) -> Response[str]:
    user = change_user(req.current_user(), userId, body.role, body.status)
    return json_response(
        UserOut(
            id=user.id,
            email=user.email,
            role=user.role,
            status=user.status,
            openTasks=user.open_tasks,
            updatedAt=user.updated_at,
        )
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(app, event, context, allowed_fields=ALLOWED_FIELDS)
