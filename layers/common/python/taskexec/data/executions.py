"""The execution's single DynamoDB transaction: all of it is written, or none.

Task, guidance comment, draft campaign/workflow/segment, the assignee's load, the audit/execution record and the
statistics bucket go in one TransactWriteItems call. The load update is conditional on the load that was
read (and on the assignee still being an active executor), so concurrent executions cannot both count on a
stale load: the loser is cancelled and re-plans.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from botocore.exceptions import ClientError
from pynamodb.models import Model

from taskexec import config
from taskexec.data import activity, clients
from taskexec.data.faults import THROTTLE_CODES
from taskexec.data.models import (
    EXECUTOR_POOL,
    CampaignModel,
    CommentModel,
    SegmentModel,
    TaskModel,
    WorkflowModel,
)
from taskexec.data.stat_buckets import bucket_update
from taskexec.domain.tasks import Comment, DraftCampaign, DraftSegment, DraftWorkflow, Task
from taskexec.domain.users import User, load_key


class ExecutionConflict(Exception):
    """The assignee's load or status changed since it was read (or another transaction held an item)."""


class AlreadyExecuted(Exception):
    """The task id is taken: this very execution (same idempotency seed) was written before."""


class ExecutionThrottled(Exception):
    """DynamoDB refused the transaction for capacity; the caller should retry later."""


@dataclass(frozen=True)
class ExecutionWrite:
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
    fields = {name: value for name, value in asdict(task).items() if name != "id"}
    return TaskModel(task.id, **fields, dueKey=due_key(task.dueDate, task.id), executionId=execution_id)


def _comment_row(comment: Comment) -> CommentModel:
    fields = {name: value for name, value in asdict(comment).items() if name != "taskId"}
    return CommentModel(comment.taskId, comment_key(comment.createdAt, comment.id), **fields)


def _put(model: Model, logical_id: str, new_key: str | None = None) -> dict[str, Any]:
    put: dict[str, Any] = {"TableName": config.table_name(logical_id), "Item": model.serialize()}
    if new_key:
        put["ConditionExpression"] = "attribute_not_exists(#k)"
        put["ExpressionAttributeNames"] = {"#k": new_key}
    return {"Put": put}


def _load_update(assignee: User, at: str) -> dict[str, Any]:
    new_load = assignee.open_tasks + 1
    return {
        "Update": {
            "TableName": config.table_name("UsersTable"),
            "Key": {"id": {"S": assignee.id}},
            "UpdateExpression": "SET openTasks = :n1, loadKey = :lk, lastAssignedAt = :at, updatedAt = :at",
            "ConditionExpression": "openTasks = :n0 AND #status = :active AND assignPool = :pool",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":n0": {"N": str(assignee.open_tasks)},
                ":n1": {"N": str(new_load)},
                ":lk": {"S": load_key(new_load, at, assignee.id)},
                ":at": {"S": at},
                ":active": {"S": "ACTIVE"},
                ":pool": {"S": EXECUTOR_POOL},
            },
        }
    }


def transact_items(write: ExecutionWrite) -> list[dict[str, Any]]:
    items = [
        _put(_task_row(write.task, write.record.execution_id), "TasksTable", new_key="id"),
        _put(_comment_row(write.comment), "TaskCommentsTable"),
    ]
    if write.campaign is not None:
        items.append(_put(CampaignModel(**asdict(write.campaign)), "EmailCampaignsTable", new_key="id"))
    if write.workflow is not None:
        items.append(_put(WorkflowModel(**asdict(write.workflow)), "WorkflowsTable", new_key="id"))
    if write.segment is not None:
        items.append(_put(SegmentModel(**asdict(write.segment)), "SegmentsTable", new_key="id"))
    items.append(_load_update(write.assignee, write.task.createdAt))
    items.append({"Put": activity.put_request(write.record)})
    items.append({"Update": bucket_update(write.record.attempt())})
    return items


def write_execution(write: ExecutionWrite) -> None:
    try:
        clients.dynamodb().transact_write_items(TransactItems=transact_items(write))
    except ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") == "TransactionCanceledException":
            reasons = [str((r or {}).get("Code")) for r in exc.response.get("CancellationReasons", [])]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise AlreadyExecuted from exc  # item 0 is the task's put, conditional on a new id
            if any(code in {"ThrottlingError", "ProvisionedThroughputExceeded"} for code in reasons):
                raise ExecutionThrottled from exc
            if any(code in {"ConditionalCheckFailed", "TransactionConflict"} for code in reasons) or not reasons:
                raise ExecutionConflict from exc
        if error.get("Code") == "TransactionConflictException":
            raise ExecutionConflict from exc
        if error.get("Code") in THROTTLE_CODES:
            raise ExecutionThrottled from exc
        raise
