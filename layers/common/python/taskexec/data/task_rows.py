"""A task, its comments and its draft as DynamoDB items, both ways: the one place that maps them.

Every read of a task goes through `task_of` (GetItem, the index queries, the TasksTable stream's images), every
write of a new one through `task_item`. The link to the task's draft is the attribute its category names
(taskexec.domain.categories: `campaignId`, `workflowId`, ...), and a draft's row is its fields as they are: so a
new drafting category needs no model or mapping here.
"""

from typing import Any

from pynamodb.attributes import MapAttribute

from taskexec.data.models import CommentModel, TaskModel, task_partition
from taskexec.domain import categories
from taskexec.domain.categories import Draft
from taskexec.domain.tasks import Comment, Task
from taskexec.domain.vocabulary import Category, Priority, TaskSource, TaskStatus

Item = dict[str, Any]
"""A DynamoDB item in the wire format ({"S": ...}, {"N": ...}), as the client and the streams carry it."""

_any_fields = MapAttribute[str, Any]()
"""A map of undeclared attributes (pynamodb's "raw" map): it serializes plain values by their Python type."""


def due_key(due_date: str, task_id: str) -> str:
    """Sort key of the task indexes: soonest due first, the id breaking ties."""
    return f"{due_date}#{task_id}"


def comment_key(created_at: str, comment_id: str) -> str:
    """Sort key of a task's comments: oldest first."""
    return f"{created_at}#{comment_id}"


def task_item(task: Task, execution_id: str | None) -> Item:
    """The row of a new task: its fields, its index keys, and its draft's id under the category's link field."""
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
        dueKey=due_key(task.dueDate, task.id),
        listPartition=task_partition(task.id),
        executionId=execution_id,
    )
    item: Item = row.serialize()
    link = categories.link_field(task.category)
    if link and task.draftId:
        item[link] = {"S": task.draftId}
    return item


def task_of(item: Item) -> Task:
    """The task a row (or a stream image of one) holds."""
    row = TaskModel.from_raw_data(item)
    category = Category(row.category)
    link = categories.link_field(category)
    return Task(
        id=row.id,
        title=row.title,
        description=row.description or "",
        category=category,
        priority=Priority(row.priority),
        status=TaskStatus(row.status),
        dueDate=row.dueDate,
        assigneeId=row.assigneeId,
        createdById=row.createdById,
        createdAt=row.createdAt,
        updatedAt=row.updatedAt,
        source=TaskSource(row.source),
        draftId=item[link]["S"] if link and link in item else None,
    )


def comment_item(comment: Comment) -> Item:
    fields = {name: value for name, value in comment.body().items() if name != "taskId"}
    row = CommentModel(comment.taskId, comment_key(comment.createdAt, comment.id), **fields)
    serialized: Item = row.serialize()
    return serialized


def comment_of(row: CommentModel) -> Comment:
    return Comment(
        id=row.id,
        taskId=row.taskId,
        content=row.content,
        createdById=row.createdById,
        kind=row.kind,
        createdAt=row.createdAt,
    )


def draft_item(draft: Draft) -> Item:
    """A draft's row: its fields as they are (strings, numbers, lists of maps), absent ones left out."""
    item: Item = _any_fields.serialize({name: value for name, value in draft.body().items() if value is not None})
    return item
