"""A task's row, read: the one mapping from a TasksTable item to the domain's Task.

Every read of a task goes through `task_of`: GetItem, the index queries and the TasksTable stream's images, all
in DynamoDB's wire format. A task row holds strings (and an automation's task its depth, a number), so it is
read as it is, without pynamodb: the events publisher reads the stream and makes no DynamoDB call, and does not
load the models for it (measured: a tenth of its cold import). The defaults are TaskModel's. The link to the
task's draft is the attribute its category names (taskexec.domain.categories), which no model declares;
taskexec.data.executions writes it.
"""

from typing import Any

from taskexec.domain import categories
from taskexec.domain.tasks import Task
from taskexec.domain.time_zones import UTC_ZONE
from taskexec.domain.vocabulary import Category, Priority, TaskSource, TaskStatus

Item = dict[str, Any]
"""A DynamoDB item in the wire format ({"S": ...}, {"N": ...}), as the client and the streams carry it."""


def _text(item: Item, name: str, default: str = "") -> str:
    value = item.get(name)
    return str(value["S"]) if value and "S" in value else default


def task_of(item: Item) -> Task:
    """The task a row (or a stream image of one) holds."""
    category = Category(_text(item, "category"))
    link = categories.link_field(category)
    return Task(
        id=_text(item, "id"),
        title=_text(item, "title"),
        description=_text(item, "description"),
        category=category,
        priority=Priority(_text(item, "priority")),
        status=TaskStatus(_text(item, "status")),
        dueDate=_text(item, "dueDate"),
        assigneeId=_text(item, "assigneeId"),
        createdById=_text(item, "createdById"),
        createdAt=_text(item, "createdAt"),
        updatedAt=_text(item, "updatedAt"),
        source=TaskSource(_text(item, "source", TaskSource.AI.value)),
        timeZone=_text(item, "timeZone", UTC_ZONE),
        draftId=_text(item, link) or None if link else None,
        automationId=_text(item, "automationId") or None,
        automationDepth=_number(item, "automationDepth"),
    )


def _number(item: Item, name: str) -> int:
    value = item.get(name)
    return int(value["N"]) if value and "N" in value else 0
