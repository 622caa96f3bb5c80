"""GET /tasks, GET /tasks/{taskId}, GET /tasks/{taskId}/comments, PATCH /tasks/{taskId}."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.api import request as req
from taskexec.api.openapi import ERROR_RESPONSES, Limit, PageToken, TaskId, body_of
from taskexec.api.resolver import create_resolver, handle, requires
from taskexec.api.responses import json_response
from taskexec.authorization import Action
from taskexec.domain.vocabulary import TaskStatus
from taskexec.observability import traced
from taskexec.schemas.admin import TaskStatusChange
from taskexec.schemas.tasks import CommentPage, Task, TaskPage
from taskexec.services import task_access

logger = Logger()
app = create_resolver()


@app.get(
    "/tasks",
    summary="List tasks, soonest due first",
    responses={200: body_of(TaskPage, "A page of tasks"), **ERROR_RESPONSES},
    tags=["tasks"],
)
@requires(Action.READ_TASKS)
def list_tasks(
    scope: Annotated[Literal["assigned", "created", "all"], Query()] = "assigned",
    status: Annotated[TaskStatus | None, Query()] = None,
    limit: Limit = 25,
    nextToken: PageToken = None,
) -> Response[str]:
    page = task_access.list_tasks(req.current_user(), scope, status, limit, nextToken)
    return json_response(TaskPage(items=[Task(**t) for t in page.items], nextToken=page.next_token))


@app.get(
    "/tasks/<taskId>",
    summary="One task",
    responses={200: body_of(Task, "The task"), **ERROR_RESPONSES},
    tags=["tasks"],
)
@requires(Action.READ_TASKS)
def get_task(taskId: TaskId) -> Response[str]:
    return json_response(Task(**task_access.visible_task(req.current_user(), taskId).body()))


@app.get(
    "/tasks/<taskId>/comments",
    summary="A task's comments, oldest first",
    responses={200: body_of(CommentPage, "A page of comments"), **ERROR_RESPONSES},
    tags=["tasks"],
)
@requires(Action.READ_TASKS)
def list_comments(taskId: TaskId, limit: Limit = 50, nextToken: PageToken = None) -> Response[str]:
    page = task_access.list_comments(req.current_user(), taskId, limit, nextToken)
    return json_response(CommentPage.model_validate({"items": page.items, "nextToken": page.next_token}))


@app.patch(
    "/tasks/<taskId>",
    summary="Change a task's status",
    responses={200: body_of(Task, "The updated task"), **ERROR_RESPONSES},
    tags=["tasks"],
)
@requires(Action.UPDATE_TASKS)
def patch_task(taskId: TaskId, body: TaskStatusChange) -> Response[str]:
    task = task_access.change_status(req.current_user(), taskId, body.status)
    return json_response(Task(**task.body()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(app, event, context)
