"""The service's domain events, derived from the tables' stream records.

Pure: a record's images in, events out. Each event's `eventId` is derived from the stream record (table, the
record's eventID, the event type), so a redelivered record yields the same ids and a consumer deduplicates by it.
"""

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

SOURCE = "taskexec"
"""The `source` of every event the service publishes; integrations may never send it (the bus policy says so)."""

TASK_CREATED = "TaskCreated"
TASK_ASSIGNED = "TaskAssigned"
TASK_STATUS_CHANGED = "TaskStatusChanged"
HEALTH_STATUS_CHANGED = "HealthStatusChanged"
TASK_REQUESTED = "TaskRequested"
TASK_REQUEST_SUCCEEDED = "TaskRequestSucceeded"
TASK_REQUEST_REJECTED = "TaskRequestRejected"

TASK_FIELDS = (
    "id",
    "title",
    "description",
    "category",
    "priority",
    "status",
    "dueDate",
    "assigneeId",
    "createdById",
    "createdAt",
    "updatedAt",
    "source",
    "campaignId",
    "workflowId",
)
"""A task's public fields (the contract's task object plus its origin and drafts); storage keys stay out."""

LATEST_SNAPSHOT = {"pk": "SNAPSHOT", "sk": "LATEST"}
"""The MonitoringTable item whose status changes are HealthStatusChanged (history items are not)."""


class StreamChange(NamedTuple):
    """One stream record as the events need it: plain (deserialized) images."""

    table: str
    record_id: str
    """The stream record's eventID: the same on every delivery of that record."""
    kind: str
    """INSERT, MODIFY or REMOVE."""
    new: dict[str, Any] | None
    old: dict[str, Any] | None
    approximate_at: datetime | None = None


class DomainEvent(NamedTuple):
    detail_type: str
    detail: dict[str, Any]
    notify: str | None = None
    """The assignee to notify (SNS message attribute assigneeId), when the event is one they hear about."""

    @property
    def event_id(self) -> str:
        return str(self.detail["eventId"])

    def detail_json(self) -> str:
        return json.dumps(self.detail, separators=(",", ":"), default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def event_id(change: StreamChange, detail_type: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"taskexec:{change.table}/{change.record_id}/{detail_type}").hex


def _occurred_at(change: StreamChange, image: dict[str, Any], stamp: str) -> str:
    value = image.get(stamp)
    if isinstance(value, str) and value:
        return value
    at = change.approximate_at or datetime.now(UTC)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _task_event(change: StreamChange, detail_type: str, task: dict[str, Any], **more: Any) -> DomainEvent:
    detail = {name: task.get(name) for name in TASK_FIELDS if name in task}
    detail.update(more)
    detail["occurredAt"] = _occurred_at(change, task, "updatedAt")
    detail["eventId"] = event_id(change, detail_type)
    notify = task.get("assigneeId") if detail_type in (TASK_ASSIGNED, TASK_STATUS_CHANGED) else None
    return DomainEvent(detail_type, detail, notify=notify or None)


def task_events(change: StreamChange) -> list[DomainEvent]:
    """TaskCreated and TaskAssigned on INSERT; TaskAssigned on an assignee change and TaskStatusChanged (old
    and new status) on MODIFY. A REMOVE publishes nothing (tasks are never deleted by the service)."""
    new, old = change.new, change.old or {}
    if change.kind == "REMOVE" or not new:
        return []
    if change.kind == "INSERT":
        events = [_task_event(change, TASK_CREATED, new)]
        if new.get("assigneeId"):
            events.append(_task_event(change, TASK_ASSIGNED, new, previousAssigneeId=None))
        return events
    events = []
    if new.get("assigneeId") and new.get("assigneeId") != old.get("assigneeId"):
        events.append(_task_event(change, TASK_ASSIGNED, new, previousAssigneeId=old.get("assigneeId")))
    if new.get("status") != old.get("status"):
        events.append(
            _task_event(change, TASK_STATUS_CHANGED, new, oldStatus=old.get("status"), newStatus=new.get("status"))
        )
    return events


def health_events(change: StreamChange) -> list[DomainEvent]:
    """HealthStatusChanged when the LATEST snapshot's status differs from the one it replaces (the first
    snapshot ever has no old status: it is a change from nothing, `oldStatus` null)."""
    new, old = change.new, change.old or {}
    if not new or any(new.get(key) != value for key, value in LATEST_SNAPSHOT.items()):
        return []
    if new.get("status") == old.get("status"):
        return []
    try:
        snapshot = json.loads(str(new.get("body") or "{}"))
    except ValueError:
        snapshot = {}
    detail = dict(snapshot) if isinstance(snapshot, dict) else {}
    detail.update(oldStatus=old.get("status"), newStatus=new.get("status"))
    detail["occurredAt"] = str(detail.get("computedAt") or _occurred_at(change, new, "computedAt"))
    detail["eventId"] = event_id(change, HEALTH_STATUS_CHANGED)
    return [DomainEvent(HEALTH_STATUS_CHANGED, detail)]


def events_of(change: StreamChange, tasks_table: str, monitoring_table: str) -> list[DomainEvent]:
    if change.table == tasks_table:
        return task_events(change)
    if change.table == monitoring_table:
        return health_events(change)
    return []
