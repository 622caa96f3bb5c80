"""The execution's single DynamoDB transaction: all of it is written, or none.

Task, guidance comment, the draft its category calls for, the audit/execution record and the assignee's load go in one
TransactWriteItems call. Every item but the assignee's row is new (its key comes from this execution's ids),
and the load is an atomic ADD conditional on the assignee still being an active executor and on its load being
at most the assignment's ceiling, never equal to the load that was read: concurrent executions that pick the
same assignee both succeed while the choice is still fair, and one that read loads too stale is refused and
re-plans (as does one DynamoDB cancels for overlapping another's in-flight transaction on that row). No item is written
by every execution: statistics are folded from the execution records by the statistics consumer
(functions/statistics), off the request path.
"""

from typing import Any, NamedTuple

from botocore.exceptions import ClientError
from pynamodb.attributes import MapAttribute

from taskexec import config
from taskexec.data import activity, clients, request_answers, user_store
from taskexec.data.dynamodb_errors import THROTTLE_CODES
from taskexec.data.models import CommentModel, TaskModel, pool_partition, task_partition
from taskexec.data.task_rows import Item
from taskexec.domain import categories
from taskexec.domain.assignment import Assignment
from taskexec.domain.categories import Draft
from taskexec.domain.task_requests import RequestAnswer
from taskexec.domain.tasks import Comment, Task
from taskexec.domain.users import User


class ExecutionConflict(Exception):
    """The assignee stopped being an active executor, or another in-flight transaction held an item.

    `assignee_busy` is True when the assignee's row was the held item: another execution is assigning to them
    right now, so their load is about to grow by one.
    """

    def __init__(self, assignee_busy: bool = False) -> None:
        super().__init__("assignee busy" if assignee_busy else "conflict")
        self.assignee_busy = assignee_busy


class AlreadyExecuted(Exception):
    """The task id is taken, or the integration request's answer is written: this very execution (same
    idempotency seed, same request) was written before."""


class ExecutionThrottled(Exception):
    """DynamoDB refused the transaction for capacity; the caller should retry later."""


class ExecutionWrite(NamedTuple):
    """Everything one execution writes, as domain values; the rows and keys are made here."""

    task: Task
    comment: Comment
    assignment: Assignment
    """Who gets the task, and why; the load written is the assignee's."""
    record: activity.ActivityRecord
    draft: Draft | None = None
    """The draft the task's category calls for (taskexec.domain.categories), written to that category's table."""
    answer: RequestAnswer | None = None
    """An integration request's answer, written with its effect, once per request (data/request_answers.py)."""


def due_key(due_date: str, task_id: str) -> str:
    """Sort key of the task indexes: soonest due first, the id breaking ties."""
    return f"{due_date}#{task_id}"


def comment_key(created_at: str, comment_id: str) -> str:
    """Sort key of a task's comments: oldest first."""
    return f"{created_at}#{comment_id}"


def task_item(task: Task, execution_id: str | None) -> Item:
    """The row of a new task: its fields, its index keys, and its draft's id under the category's link field
    (taskexec.data.task_rows reads it back)."""
    row = TaskModel(
        task.id,
        title=task.title,
        description=task.description,
        category=task.category.value,
        priority=task.priority.value,
        status=task.status.value,
        dueDate=task.dueDate,
        assigneeId=task.assigneeId,
        createdById=task.createdById,
        createdAt=task.createdAt,
        updatedAt=task.updatedAt,
        source=task.source.value,
        timeZone=task.timeZone,
        dueKey=due_key(task.dueDate, task.id),
        listPartition=task_partition(task.id),
        executionId=execution_id,
        automationId=task.automationId,
        automationDepth=task.automationDepth if task.automationId else None,
    )
    item: Item = row.serialize()
    link = categories.link_field(task.category)
    if link and task.draftId:
        item[link] = {"S": task.draftId}
    return item


def comment_item(comment: Comment) -> Item:
    fields = {name: value for name, value in comment.body().items() if name != "taskId"}
    item: Item = CommentModel(comment.taskId, comment_key(comment.createdAt, comment.id), **fields).serialize()
    return item


_any_fields = MapAttribute[str, Any]()
"""A map of undeclared attributes (pynamodb's "raw" map): it serializes plain values by their Python type."""


def draft_item(draft: Draft) -> Item:
    """A draft's row: its fields as they are (strings, numbers, lists of maps), absent ones left out. No model
    is needed: a new drafting category's table takes its draft as it comes."""
    item: Item = _any_fields.serialize({name: value for name, value in draft.body().items() if value is not None})
    return item


def _put(item: Item, logical_id: str, new_key: str | None = None) -> dict[str, Any]:
    put: dict[str, Any] = {"TableName": config.table_name(logical_id), "Item": item}
    if new_key:
        put["ConditionExpression"] = "attribute_not_exists(#k)"
        put["ExpressionAttributeNames"] = {"#k": new_key}
    return {"Put": put}


def _load_update(assignment: Assignment, at: str) -> dict[str, Any]:
    """ADD 1 to the load, if the assignee is still an active executor and holds no more than the ceiling."""
    assignee = assignment.assignee
    condition = "#status = :active AND assignPool = :pool"
    values = {
        ":one": {"N": "1"},
        ":at": {"S": at},
        ":active": {"S": "ACTIVE"},
        ":pool": {"S": pool_partition(assignee.id)},
    }
    if assignment.ceiling is not None:
        condition += " AND (attribute_not_exists(openTasks) OR openTasks <= :ceiling)"
        values[":ceiling"] = {"N": str(assignment.ceiling)}
    return {
        "Update": {
            "TableName": config.table_name("UsersTable"),
            "Key": {"id": {"S": assignee.id}},
            "UpdateExpression": "ADD openTasks :one SET lastAssignedAt = :at, updatedAt = :at",
            "ConditionExpression": condition,
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": values,
        }
    }


def transact_items(write: ExecutionWrite) -> list[dict[str, Any]]:
    items = [
        _put(task_item(write.task, write.record.execution_id), "TasksTable", new_key="id"),
        _put(comment_item(write.comment), "TaskCommentsTable"),
    ]
    drafts = categories.drafts_of(write.task.category)
    if drafts is not None and write.draft is not None:
        items.append(_put(draft_item(write.draft), drafts.table, new_key="id"))
    items.append(_load_update(write.assignment, write.task.createdAt))
    items.append({"Put": activity.put_request(write.record)})
    if write.answer is not None:
        items.append(request_answers.put_request(write.answer))  # last: its reason is the last one
    return items


def write_execution(write: ExecutionWrite) -> None:
    items = transact_items(write)
    load_index = next(n for n, item in enumerate(items) if "Update" in item)
    try:
        clients.dynamodb().transact_write_items(TransactItems=items)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") == "TransactionCanceledException":
            reasons = [str((r or {}).get("Code")) for r in exc.response.get("CancellationReasons", [])]
            answered = write.answer is not None and reasons[-1:] == ["ConditionalCheckFailed"]
            if (reasons and reasons[0] == "ConditionalCheckFailed") or answered:
                raise AlreadyExecuted from exc  # item 0 is the task's put, conditional on a new id
            if any(code in {"ThrottlingError", "ProvisionedThroughputExceeded"} for code in reasons):
                raise ExecutionThrottled from exc
            if any(code in {"ConditionalCheckFailed", "TransactionConflict"} for code in reasons) or not reasons:
                busy = len(reasons) > load_index and reasons[load_index] == "TransactionConflict"
                raise ExecutionConflict(assignee_busy=busy) from exc
        if error.get("Code") == "TransactionConflictException":
            raise ExecutionConflict from exc
        if error.get("Code") in THROTTLE_CODES:
            raise ExecutionThrottled from exc
        raise


class DynamoExecutionStore:
    """What an execution reads and writes, on DynamoDB (the services' ExecutionStore): the user rows and the
    executor pool, and the one transaction."""

    __slots__ = ()

    def get_user(self, user_id: str) -> User | None:
        return user_store.get_user(user_id)

    def find_by_email(self, email: str) -> User | None:
        return user_store.find_by_email(email)

    def assignable_users(self) -> list[User]:
        return user_store.assignable_users()

    def write_execution(self, write: ExecutionWrite) -> None:
        write_execution(write)
