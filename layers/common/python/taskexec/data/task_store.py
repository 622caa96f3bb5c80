"""Task and comment reads, and the status change that releases an assignee's load."""

from typing import Any, NamedTuple

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from taskexec import config
from taskexec.data import clients, pages
from taskexec.data.models import TASK_PARTITION, CommentModel, TaskModel, UserModel, task_partitions
from taskexec.data.task_rows import Item, task_of
from taskexec.data.user_store import now_iso
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.tasks import Comment, Task
from taskexec.domain.vocabulary import OPEN_STATUSES, TaskStatus


class Page(NamedTuple):
    items: list[dict[str, Any]]
    next_token: str | None


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
    """The item as stored (the client's GetItem): the link to its draft is an attribute no model declares."""
    answer = clients.dynamodb().get_item(TableName=config.table_name("TasksTable"), Key={"id": {"S": task_id}})
    item: Item | None = answer.get("Item")
    return task_of(item) if item else None


_SCOPES = {
    "assigned": (TaskModel.assignee_index, "assigneeId"),
    "created": (TaskModel.creator_index, "createdById"),
    "all": (TaskModel.all_index, "listPartition"),
}


class _Read(NamedTuple):
    """One partition's page: the rows that matched, and how far it was read (None: to its end)."""

    items: list[Item]
    frontier: str | None


def _read_partition(
    index_name: str, attr: str, partition: str, status: TaskStatus | None, after: str | None, evaluate: int
) -> _Read:
    """One Query page of at most `evaluate` items (DynamoDB's Limit counts items read, before the filter)."""
    condition = "#p = :p AND dueKey > :after" if after is not None else "#p = :p"
    values: dict[str, Any] = {":p": {"S": partition}}
    names = {"#p": attr}
    if after is not None:
        values[":after"] = {"S": after}
    request: dict[str, Any] = {
        "TableName": TaskModel.Meta.table_name,
        "IndexName": index_name,
        "KeyConditionExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "Limit": evaluate,
    }
    if status is not None:
        request["FilterExpression"] = "#s = :s"
        names["#s"] = "status"
        values[":s"] = {"S": status.value}
    answer = clients.dynamodb().query(**request)
    last = answer.get("LastEvaluatedKey")
    return _Read(answer.get("Items", []), last["dueKey"]["S"] if last else None)


def list_tasks(scope: str, user_id: str, status: TaskStatus | None, limit: int, token: str | None) -> Page:
    """Soonest due first, reading at most `limit + 1` items per index partition whatever the filter.

    scope=all merges the K partitions of all-index. Each partition is read once, up to its frontier (the last
    item it evaluated); only rows up to the nearest frontier are certain to come before anything unread, so
    the page ends there. The nextToken is that cut (the last dueKey returned, or the frontier when a sparse
    filter matched fewer than `limit`): a short page with a nextToken rather than a read that goes on. Each
    next page queries `dueKey > cut` in every partition. A page that read every partition to its end has no
    nextToken.
    """
    index, attr = _SCOPES[scope]
    partitions = task_partitions() if scope == "all" else [user_id]
    named = TASK_PARTITION if scope == "all" else user_id
    after = pages.decode(token, (attr, "dueKey"), (attr, named))["dueKey"]["S"] if token else None
    reads = [_read_partition(index.Meta.index_name, attr, p, status, after, limit + 1) for p in partitions]
    frontiers = [r.frontier for r in reads if r.frontier is not None]
    bound = min(frontiers) if frontiers else None
    items = sorted((item for r in reads for item in r.items if bound is None or _due(item) <= bound), key=_due)
    cut: str | None = None
    if len(items) > limit:
        items = items[:limit]
        cut = _due(items[-1])
    elif bound is not None:
        cut = bound
    next_token = pages.encode({attr: named, "dueKey": cut}) if cut is not None else None
    return Page([task_of(item).body() for item in items], next_token)


def _due(item: Item) -> str:
    return str(item["dueKey"]["S"])


def list_comments(task_id: str, limit: int, token: str | None) -> Page:
    """Oldest first (the sort key starts with the creation time)."""
    start = pages.decode(token, ("taskId", "commentKey"), ("taskId", task_id)) if token else None
    rows = list(CommentModel.query(task_id, limit=limit + 1, last_evaluated_key=start))
    more = len(rows) > limit
    rows = rows[:limit]
    next_token = pages.encode({"taskId": task_id, "commentKey": rows[-1].commentKey}) if more else None
    return Page([to_comment(r).body() for r in rows], next_token)


def change_status(task: Task, status: TaskStatus, assignee_exists: bool) -> Task:
    """Move a task to `status`; crossing between open and closed moves its assignee's load by one.

    One transaction: the task's update, conditional on its status as read (so a concurrent change makes this
    fail with StaleWrite instead of counting twice), and an atomic ADD of -1 or +1 to the assignee's load,
    conditional only on the row existing (an ADD would otherwise create one).
    """
    was_open = task.status in OPEN_STATUSES
    now_open = status in OPEN_STATUSES
    at = now_iso()
    try:
        _write_status(task, status, at, was_open != now_open and assignee_exists)
    except TransactWriteError as exc:
        if _is_conflict(exc):
            raise StaleWrite(task.id) from exc
        raise
    return task._replace(status=status, updatedAt=at)


def _write_status(task: Task, status: TaskStatus, at: str, moves_load: bool) -> None:
    with TransactWrite(connection=clients.connection()) as txn:
        txn.update(
            TaskModel(task.id),
            actions=[TaskModel.status.set(status.value), TaskModel.updatedAt.set(at)],
            condition=TaskModel.status == task.status.value,
        )
        if moves_load:
            txn.update(
                UserModel(task.assigneeId),
                actions=[UserModel.openTasks.add(1 if status in OPEN_STATUSES else -1), UserModel.updatedAt.set(at)],
                condition=UserModel.id.exists(),
            )


def _is_conflict(exc: TransactWriteError) -> bool:
    reasons = exc.cancellation_reasons or []
    return any(r is not None and r.code in {"ConditionalCheckFailed", "TransactionConflict"} for r in reasons) or (
        exc.cause_response_code == "TransactionConflictException"
    )
