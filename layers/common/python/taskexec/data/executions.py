"""The execution's single DynamoDB transaction: all of it is written, or none.

Task, guidance comment, draft campaign/workflow/segment, the audit/execution record and the assignee's load go in one
TransactWriteItems call. Every item but the assignee's row is new (its key comes from this execution's ids),
and the load is an atomic ADD conditional only on the assignee still being an active executor, never on the
load that was read: concurrent executions that pick the same assignee both succeed (DynamoDB may still
cancel one that overlaps another's in-flight transaction on that row; the caller re-plans). No item is written
by every execution: statistics are folded from the execution records by the statistics consumer
(functions/statistics), off the request path.
"""

from typing import Any, NamedTuple

from botocore.exceptions import ClientError
from pynamodb.models import Model

from taskexec import config
from taskexec.data import activity, clients
from taskexec.data.faults import THROTTLE_CODES
from taskexec.data.models import (
    CampaignModel,
    CommentModel,
    SegmentModel,
    TaskModel,
    WorkflowModel,
    pool_partition,
    task_partition,
)
from taskexec.domain.tasks import Comment, DraftCampaign, DraftSegment, DraftWorkflow, Task
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
    """The task id is taken: this very execution (same idempotency seed) was written before."""


class ExecutionThrottled(Exception):
    """DynamoDB refused the transaction for capacity; the caller should retry later."""


class ExecutionWrite(NamedTuple):
    """Everything one execution writes, as domain values; the rows and keys are made here."""

    task: Task
    comment: Comment
    assignee: User
    record: activity.ActivityRecord
    campaign: DraftCampaign | None = None
    workflow: DraftWorkflow | None = None
    segment: DraftSegment | None = None


def due_key(due_date: str, task_id: str) -> str:
    """Sort key of the task indexes: soonest due first, the id breaking ties."""
    return f"{due_date}#{task_id}"


def comment_key(created_at: str, comment_id: str) -> str:
    """Sort key of a task's comments: oldest first."""
    return f"{created_at}#{comment_id}"


def _task_row(task: Task, execution_id: str | None) -> TaskModel:
    fields = {name: value for name, value in task.body().items() if name != "id"}
    return TaskModel(
        task.id,
        **fields,
        dueKey=due_key(task.dueDate, task.id),
        listPartition=task_partition(task.id),
        executionId=execution_id,
    )


def _comment_row(comment: Comment) -> CommentModel:
    fields = {name: value for name, value in comment.body().items() if name != "taskId"}
    return CommentModel(comment.taskId, comment_key(comment.createdAt, comment.id), **fields)


def _put(model: Model, logical_id: str, new_key: str | None = None) -> dict[str, Any]:
    put: dict[str, Any] = {"TableName": config.table_name(logical_id), "Item": model.serialize()}
    if new_key:
        put["ConditionExpression"] = "attribute_not_exists(#k)"
        put["ExpressionAttributeNames"] = {"#k": new_key}
    return {"Put": put}


def _load_update(assignee: User, at: str) -> dict[str, Any]:
    """ADD 1 to the load; the condition is on who the assignee is (active, in the executor pool), not on it."""
    return {
        "Update": {
            "TableName": config.table_name("UsersTable"),
            "Key": {"id": {"S": assignee.id}},
            "UpdateExpression": "ADD openTasks :one SET lastAssignedAt = :at, updatedAt = :at",
            "ConditionExpression": "#status = :active AND assignPool = :pool",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":one": {"N": "1"},
                ":at": {"S": at},
                ":active": {"S": "ACTIVE"},
                ":pool": {"S": pool_partition(assignee.id)},
            },
        }
    }


def transact_items(write: ExecutionWrite) -> list[dict[str, Any]]:
    items = [
        _put(_task_row(write.task, write.record.execution_id), "TasksTable", new_key="id"),
        _put(_comment_row(write.comment), "TaskCommentsTable"),
    ]
    if write.campaign is not None:
        items.append(_put(CampaignModel(**write.campaign.body()), "EmailCampaignsTable", new_key="id"))
    if write.workflow is not None:
        items.append(_put(WorkflowModel(**write.workflow.body()), "WorkflowsTable", new_key="id"))
    if write.segment is not None:
        items.append(_put(SegmentModel(**write.segment.body()), "SegmentsTable", new_key="id"))
    items.append(_load_update(write.assignee, write.task.createdAt))
    items.append({"Put": activity.put_request(write.record)})
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
            if reasons and reasons[0] == "ConditionalCheckFailed":
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
