"""POST, GET, PUT and DELETE /automations, GET /automations/{automationId} and its preview."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.api import request as req
from taskexec.api.openapi import ERROR_RESPONSES, Limit, PageToken, body_of
from taskexec.api.resolver import create_resolver, handle, requires
from taskexec.api.responses import JSON_HEADERS, json_response
from taskexec.authorization import Action
from taskexec.observability import traced
from taskexec.schemas.automations import Automation, AutomationPage, AutomationRequest, Preview, PreviewRequest
from taskexec.schemas.common import ID_PATTERN
from taskexec.services import automations

logger = Logger()
app = create_resolver()

ALLOWED_QUERY = frozenset({"owner"})
"""`owner=me|all` chooses whose automations to list; it claims no identity (the escalation check reads it so)."""
CARRIED_FIELDS = frozenset({"event"})
"""A preview's `event` is a copy of a domain event's detail (a task with its `createdById`): data to fill the
placeholders from, not a claim about the caller, so the escalation check does not read inside it."""

AutomationId = Annotated[str, Path(pattern=ID_PATTERN, min_length=1, max_length=128, description="An automation's id")]


@app.post(
    "/automations",
    summary="Create an automation (executing roles)",
    responses={201: body_of(Automation, "The automation, its rule or schedule made"), **ERROR_RESPONSES},
    tags=["automations"],
)
@requires(Action.MANAGE_AUTOMATIONS)
def create_automation(body: AutomationRequest) -> Response[str]:
    return json_response(automations.create(req.current_user(), body).body(), 201)


@app.get(
    "/automations",
    summary="List automations, newest first",
    responses={200: body_of(AutomationPage, "A page of automations"), **ERROR_RESPONSES},
    tags=["automations"],
)
@requires(Action.MANAGE_AUTOMATIONS)
def list_automations(
    owner: Annotated[Literal["me", "all"], Query(description="me: the caller's; all: everyone's")] = "me",
    limit: Limit = 25,
    nextToken: PageToken = None,
) -> Response[str]:
    page = automations.list_automations(req.current_user(), owner, limit, nextToken)
    return json_response({"items": [a.body() for a in page.items], "nextToken": page.next_token})


@app.get(
    "/automations/<automationId>",
    summary="One automation, with its last runs",
    responses={200: body_of(Automation, "The automation"), **ERROR_RESPONSES},
    tags=["automations"],
)
@requires(Action.MANAGE_AUTOMATIONS)
def get_automation(automationId: AutomationId) -> Response[str]:
    return json_response(automations.get(req.current_user(), automationId).body())


@app.put(
    "/automations/<automationId>",
    summary="Replace an automation's name, trigger, actions and status (its owner, or SUPER_ADMIN)",
    responses={200: body_of(Automation, "The automation after the change"), **ERROR_RESPONSES},
    tags=["automations"],
)
@requires(Action.MANAGE_AUTOMATIONS)
def put_automation(automationId: AutomationId, body: AutomationRequest) -> Response[str]:
    return json_response(automations.replace(req.current_user(), automationId, body).body())


@app.delete(
    "/automations/<automationId>",
    summary="Delete an automation: it never runs again (its owner, or SUPER_ADMIN)",
    responses={204: {"description": "Deleted, its rule or schedule with it"}, **ERROR_RESPONSES},
    tags=["automations"],
)
@requires(Action.MANAGE_AUTOMATIONS)
def delete_automation(automationId: AutomationId) -> Response[str]:
    automations.delete(req.current_user(), automationId)
    return Response(status_code=204, body="", headers=dict(JSON_HEADERS))


@app.post(
    "/automations/<automationId>/preview",
    summary="The dry runs an automation's actions would execute, nothing written",
    responses={200: body_of(Preview, "One dry-run answer or error body per action"), **ERROR_RESPONSES},
    tags=["automations"],
)
@requires(Action.MANAGE_AUTOMATIONS)
def preview_automation(automationId: AutomationId, body: PreviewRequest) -> Response[str]:
    state = req.current()
    plans = automations.preview(req.current_user(), automationId, body.event, state.request_id)
    return json_response({"plans": plans})


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(app, event, context, allowed_query=ALLOWED_QUERY, carried_fields=CARRIED_FIELDS)
