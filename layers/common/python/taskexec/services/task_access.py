"""Reading tasks and comments, and moving a task's status.

Every reader sees the whole board (the route's `@requires(Action.READ_TASKS)` decided who reads at all); a USER
is view-only, which the routes that change a task enforce with their own action.
"""

from __future__ import annotations

from taskexec.data import task_store, user_store
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.tasks import Task
from taskexec.domain.users import User
from taskexec.domain.vocabulary import TaskStatus
from taskexec.errors import ErrorCode, ServiceError

MAX_TRIES = 3


def _not_found() -> ServiceError:
    return ServiceError(
        ErrorCode.NOT_FOUND, "No such task.", suggestion="Check the task id; GET /tasks?scope=all lists every task."
    )


def visible_task(user: User, task_id: str) -> Task:
    task = task_store.get_task(task_id) if 0 < len(task_id) <= 128 else None
    if task is None:
        raise _not_found()
    return task


def list_tasks(user: User, scope: str, status: TaskStatus | None, limit: int, token: str | None) -> task_store.Page:
    return task_store.list_tasks(scope, user.id, status, limit, token)


def list_comments(user: User, task_id: str, limit: int, token: str | None) -> task_store.Page:
    visible_task(user, task_id)
    return task_store.list_comments(task_id, limit, token)


def change_status(user: User, task_id: str, status: TaskStatus) -> Task:
    """Set the status; closing releases the assignee's load, reopening takes it back. Retries on races."""
    for attempt in range(MAX_TRIES):
        task = visible_task(user, task_id)
        if task.status is status:
            return task
        assignee = user_store.get_user(task.assigneeId)
        try:
            return task_store.change_status(task, status, assignee_exists=assignee is not None)
        except StaleWrite:
            if attempt == MAX_TRIES - 1:
                raise _conflict() from None
    raise _conflict()


def _conflict() -> ServiceError:
    return ServiceError(
        ErrorCode.CONFLICT,
        "The task changed while this request was being handled.",
        suggestion="Read the task again and retry.",
    )
