"""PUT /users/{userId}/role and PUT /integrations/{source}: a SUPER_ADMIN manages who may do what.
GET /me and PATCH /me: anyone reads their own row and sets their own time zone."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.api import request as req
from taskexec.api.openapi import ERROR_RESPONSES, UserId, body_of
from taskexec.api.resolver import accepts_only, create_resolver, handle, requires
from taskexec.api.responses import json_response
from taskexec.authorization import Action
from taskexec.domain.users import User
from taskexec.observability import traced
from taskexec.schemas.admin import UserChange, UserOut
from taskexec.schemas.integrations import Integration, IntegrationChange
from taskexec.schemas.me import Me, MeChange
from taskexec.services import integrations
from taskexec.services.user_admin import change_time_zone, change_user

logger = Logger()
app = create_resolver()

ALLOWED_FIELDS = frozenset({"role"})
"""PUT /users/{userId}/role exists to set a role: `role` in its body is the request, not an escalation attempt.
(PATCH /me accepts only `timeZone`, so a `role` there is one all the same.)"""


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


Source = Annotated[
    str,
    Path(pattern=r"^[a-z0-9.-]{3,64}$", min_length=3, max_length=64, description="The event source (not taskexec)"),
]


@app.put(
    "/integrations/<source>",
    summary="Register an external system's event source, or change its status (SUPER_ADMIN)",
    responses={200: body_of(Integration, "The integration row"), **ERROR_RESPONSES},
    tags=["integrations"],
)
@requires(Action.MANAGE_INTEGRATIONS)
def put_integration(source: Source, body: IntegrationChange) -> Response[str]:
    row = integrations.register(source, body.name, body.status, body.answerBusArn)
    return json_response(
        Integration(
            id=row.id,
            source=source,
            name=row.username or source,
            role=row.role,
            status=row.status,
            answerBusArn=body.answerBusArn,
            updatedAt=row.updated_at,
        )
    )


def me_of(user: User) -> Me:
    return Me(id=user.id, email=user.email, role=user.role, status=user.status, timeZone=user.time_zone)


@app.get(
    "/me",
    summary="Your own user row",
    responses={200: body_of(Me, "Your user row, as read for this request"), **ERROR_RESPONSES},
    tags=["me"],
)
@requires(Action.READ_OWN_USER)
def get_me() -> Response[str]:
    return json_response(me_of(req.current_user()))


@app.patch(
    "/me",
    summary="Set your own time zone",
    description="Only `timeZone`: any other field (role, status, ...) is 403 PRIVILEGE_ESCALATION_ATTEMPT.",
    responses={200: body_of(Me, "Your user row after the change"), **ERROR_RESPONSES},
    tags=["me"],
)
@requires(Action.CHANGE_OWN_PREFERENCES)
@accepts_only("timeZone")
def patch_me(body: MeChange) -> Response[str]:
    return json_response(me_of(change_time_zone(req.current_user(), body.timeZone)))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(app, event, context, allowed_fields=ALLOWED_FIELDS)
