"""Task and comment reads, and the status change that releases an assignee's load."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from taskexec.data import clients, pages
from taskexec.data.models import TASK_PARTITION, CommentModel, TaskModel, UserModel
from taskexec.data.user_store import now_iso
from taskexec.domain.tasks import Comment, StaleWrite, Task
from taskexec.domain.users import load_key
from taskexec.domain.vocabulary import OPEN_STATUSES, TaskStatus


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_token: str | None


def to_task(row: TaskModel) -> Task:
    return Task(
        id=row.id,
        title=row.title,
        description=row.description or "",
        category=row.category,
        priority=row.priority,
        status=row.status,
        dueDate=row.dueDate,
        assigneeId=row.assigneeId,
        createdById=row.createdById,
        createdAt=row.createdAt,
        updatedAt=row.updatedAt,
        source=row.source,
        campaignId=row.campaignId,
        workflowId=row.workflowId,
        segmentId=row.segmentId,
    )


def to_comment(row: CommentModel) -> Comment:
    return Comment(
        id=row.id,
        taskId=row.taskId,
        content=row.content,
        createdById=row.createdById,
        kind=row.kind,
        createdAt=row.createdAt,
    )


def get_task(task_id: str) -> Task | None:
    try:
        return to_task(TaskModel.get(task_id))
    except TaskModel.DoesNotExist:
        return None


_SCOPES = {
    "assigned": (TaskModel.assignee_index, "assigneeId"),
    "created": (TaskModel.creator_index, "createdById"),
    "all": (TaskModel.all_index, "listPartition"),
}


def list_tasks(scope: str, user_id: str, status: TaskStatus | None, limit: int, token: str | None) -> Page:
    """Soonest due first. Reads one item more than asked so that a last page carries no nextToken."""
    index, partition_attr = _SCOPES[scope]
    partition = TASK_PARTITION if scope == "all" else user_id
    key_names = ("id", partition_attr, "dueKey")
    start = pages.decode(token, key_names, (partition_attr, partition)) if token else None
    rows = list(
        index.query(
            partition,
            filter_condition=(TaskModel.status == status.value) if status else None,
            limit=limit + 1,
            last_evaluated_key=start,
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    next_token = None
    if more:
        last = rows[-1]
        next_token = pages.encode({"id": last.id, partition_attr: partition, "dueKey": last.dueKey})
    return Page([to_task(r).body() for r in rows], next_token)


def list_comments(task_id: str, limit: int, token: str | None) -> Page:
    """Oldest first (the sort key starts with the creation time)."""
    start = pages.decode(token, ("taskId", "commentKey"), ("taskId", task_id)) if token else None
    rows = list(CommentModel.query(task_id, limit=limit + 1, last_evaluated_key=start))
    more = len(rows) > limit
    rows = rows[:limit]
    next_token = pages.encode({"taskId": task_id, "commentKey": rows[-1].commentKey}) if more else None
    return Page([to_comment(r).body() for r in rows], next_token)


def change_status(
    task: Task, status: TaskStatus, assignee_open_tasks: int | None, assignee_last_assigned: str | None
) -> Task:
    """Move a task to `status`; crossing between open and closed moves its assignee's load by one.

    Both writes are one transaction, conditional on the task's status and the assignee's load as read, so a
    concurrent change makes this fail (StaleWrite) instead of counting twice.
    """
    was_open = TaskStatus(task.status) in OPEN_STATUSES
    now_open = status in OPEN_STATUSES
    at = now_iso()
    try:
        _write_status(task, status, at, was_open != now_open, assignee_open_tasks, assignee_last_assigned)
    except TransactWriteError as exc:
        if _is_conflict(exc):
            raise StaleWrite(task.id) from exc
        raise
    return replace(task, status=status.value, updatedAt=at)


def _write_status(
    task: Task, status: TaskStatus, at: str, moves_load: bool, open_tasks: int | None, last_assigned: str | None
) -> None:
    with TransactWrite(connection=clients.connection()) as txn:
        txn.update(
            TaskModel(task.id),
            actions=[TaskModel.status.set(status.value), TaskModel.updatedAt.set(at)],
            condition=TaskModel.status == task.status,
        )
        if moves_load and open_tasks is not None:
            delta = 1 if status in OPEN_STATUSES else -1
            new_load = max(open_tasks + delta, 0)
            txn.update(
                UserModel(task.assigneeId),
                actions=[
                    UserModel.openTasks.set(new_load),
                    UserModel.loadKey.set(load_key(new_load, last_assigned, task.assigneeId)),
                    UserModel.updatedAt.set(at),
                ],
                condition=UserModel.openTasks == open_tasks,
            )


def _is_conflict(exc: TransactWriteError) -> bool:
    reasons = exc.cancellation_reasons or []
    return any(r is not None and r.code in {"ConditionalCheckFailed", "TransactionConflict"} for r in reasons) or (
        exc.cause_response_code == "TransactionConflictException"
    )
