"""The service's domain events, derived from the tables' stream records.

Pure: a record's images in, events out. A task event's detail is the task's own body (`Task.body()`), the
object the API answers with, so no list of its fields is kept anywhere. Each event's `eventId` is derived from
the stream record (table, the record's eventID, the event type), so a redelivered record yields the same ids
and a consumer deduplicates by it.
"""

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # only annotations: the functions that merely name events (users, task requests) skip tasks
    from taskexec.domain.tasks import Task

SOURCE = "taskexec"
"""The `source` of every event the service publishes; integrations may never send it (the bus policy says so)."""

TASK_CREATED = "TaskCreated"
TASK_ASSIGNED = "TaskAssigned"
TASK_STATUS_CHANGED = "TaskStatusChanged"
HEALTH_STATUS_CHANGED = "HealthStatusChanged"
TASK_REQUESTED = "TaskRequested"
TASK_REQUEST_SUCCEEDED = "TaskRequestSucceeded"
TASK_REQUEST_REJECTED = "TaskRequestRejected"
AUTOMATION_RAN = "AutomationRan"

LATEST_SNAPSHOT = {"pk": "SNAPSHOT", "sk": "LATEST"}
"""The MonitoringTable item whose status changes are HealthStatusChanged (history items are not)."""


class StreamChange(NamedTuple):
    """Which stream record an event comes from; its images are handed over beside it, as the domain's values
    (a task row's as a Task, read by the data layer, which knows rows)."""

    table: str
    record_id: str
    """The stream record's eventID: the same on every delivery of that record."""
    kind: str
    """INSERT, MODIFY or REMOVE."""
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


def _occurred_at(change: StreamChange, stamp: Any) -> str:
    if isinstance(stamp, str) and stamp:
        return stamp
    at = change.approximate_at or datetime.now(UTC)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _task_event(change: StreamChange, detail_type: str, task: "Task", **more: Any) -> DomainEvent:
    """The task object as the API answers it, plus what the event adds: its field list is the Task's own."""
    detail = task.body()
    detail.update(more)
    detail["occurredAt"] = _occurred_at(change, task.updatedAt)
    detail["eventId"] = event_id(change, detail_type)
    notify = task.assigneeId if detail_type in (TASK_ASSIGNED, TASK_STATUS_CHANGED) else None
    return DomainEvent(detail_type, detail, notify=notify or None)


def task_events(change: StreamChange, new: "Task | None", old: "Task | None") -> list[DomainEvent]:
    """TaskCreated and TaskAssigned on INSERT; TaskAssigned on an assignee change and TaskStatusChanged (old
    and new status) on MODIFY. A REMOVE publishes nothing (tasks are never deleted by the service)."""
    if change.kind == "REMOVE" or new is None:
        return []
    if change.kind == "INSERT":
        events = [_task_event(change, TASK_CREATED, new)]
        if new.assigneeId:
            events.append(_task_event(change, TASK_ASSIGNED, new, previousAssigneeId=None))
        return events
    events = []
    old_assignee, old_status = (old.assigneeId, old.status) if old else (None, None)
    if new.assigneeId and new.assigneeId != old_assignee:
        events.append(_task_event(change, TASK_ASSIGNED, new, previousAssigneeId=old_assignee))
    if new.status != old_status:
        events.append(_task_event(change, TASK_STATUS_CHANGED, new, oldStatus=old_status, newStatus=new.status))
    return events


def health_events(
    change: StreamChange, new: Mapping[str, Any] | None, old: Mapping[str, Any] | None
) -> list[DomainEvent]:
    """HealthStatusChanged when the LATEST snapshot's status differs from the one it replaces (the first
    snapshot ever has no old status: it is a change from nothing, `oldStatus` null)."""
    old = old or {}
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
    detail["occurredAt"] = str(detail.get("computedAt") or _occurred_at(change, new.get("computedAt")))
    detail["eventId"] = event_id(change, HEALTH_STATUS_CHANGED)
    return [DomainEvent(HEALTH_STATUS_CHANGED, detail)]
