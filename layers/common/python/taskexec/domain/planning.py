"""From a request to a plan: detection or the structured body, then priority and due-date rules.

`today` is the requester's: the date on the calendar of `zone` (taskexec.domain.time_zones), which the plan
carries to the task. Every date here (a phrase's, the default's, the weekend's, the past's) is on that calendar.
"""

from datetime import date, timedelta
from typing import Any, NamedTuple

from taskexec.domain import time_zones
from taskexec.domain.detector import Detector
from taskexec.domain.due_dates import DEFAULT_DAYS, default_due_date, is_past, parse_due_value
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind
from taskexec.errors import ErrorCode, FieldIssue, ServiceError

NO_TASK_SUGGESTION = 'Say what should be done, e.g. "Create a high-priority task to fix the Shopify webhook by Friday".'


class Plan(NamedTuple):
    """What an execution will make: the task's fields and its category's own facet, before anyone is assigned."""

    category: Category
    title: str
    description: str
    priority: Priority
    due_date: date
    due_reason: str
    assignee_hint: str | None
    channel: Channel | None = None
    """A campaign's channel (EMAIL when unsaid); None for any other category."""
    kind: WorkflowKind | None = None
    """A workflow's kind (GENERAL when unsaid); None for any other category."""
    segment_rule: str | None = None
    """A segment's rule, who it holds, in the request's words; None for any other category."""
    time_zone: str = time_zones.UTC_ZONE
    """The IANA zone whose calendar `due_date` is on: the requester's."""


def _facets(
    category: Category, channel: Channel | None, kind: WorkflowKind | None, rule: str | None, fallback: str
) -> dict[str, Any]:
    """Each category's own fields, with the contract's defaults, and nothing for the others."""
    return {
        "channel": (channel or Channel.EMAIL) if category is Category.CAMPAIGN else None,
        "kind": (kind or WorkflowKind.GENERAL) if category is Category.WORKFLOW else None,
        "segment_rule": (rule or fallback)[:1000] if category is Category.SEGMENT else None,
    }


def _due(priority: Priority, explicit: date | None, today: date, zone: str, field: str) -> tuple[date, str]:
    if explicit is not None:
        if is_past(explicit, today):
            raise ServiceError(
                ErrorCode.DUE_DATE_IN_PAST,
                f"The due date {explicit.isoformat()} is in the past.",
                details=[FieldIssue(field, f"is before today ({zone})")],
                suggestion=f"Give a date from today ({today.isoformat()} in {zone}) on, or leave it out for the "
                "priority's default.",
            )
        return explicit, f"Due {explicit.isoformat()} ({zone}), as the request asked."
    due = default_due_date(priority, today)
    days = DEFAULT_DAYS[priority]  # due_dates' table, the only priority -> days table
    moved = " (moved from the weekend to Monday)" if due != today + timedelta(days=days) else ""
    plural = "s" if days > 1 else ""
    return due, f"Due {due.isoformat()} ({zone}): {priority.value} tasks get {days} day{plural}{moved}."


def from_message(message: str, today: date, detector: Detector, zone: str = time_zones.UTC_ZONE) -> Plan:
    detection = detector.detect(message, today)
    if not detection.is_task:
        raise ServiceError(
            ErrorCode.NO_TASK_DETECTED,
            "No task was found in the message.",
            suggestion=detection.suggestion or NO_TASK_SUGGESTION,
        )
    priority = detection.priority or Priority.MEDIUM
    due, due_reason = _due(priority, detection.due_date, today, zone, "message")
    description = detection.description or message
    return Plan(
        category=detection.category,
        title=detection.title[:200] or message[:80],
        description=description,
        priority=priority,
        due_date=due,
        due_reason=due_reason,
        assignee_hint=detection.assignee_hint,
        **_facets(detection.category, detection.channel, detection.kind, detection.segment_rule, description),
        time_zone=zone,
    )


def from_fields(
    category: Category,
    title: str,
    description: str | None,
    priority: Priority | None,
    due_text: str | None,
    assignee_id: str | None,
    today: date,
    zone: str = time_zones.UTC_ZONE,
) -> Plan:
    priority = priority or Priority.MEDIUM
    explicit: date | None = None
    if due_text:
        try:
            explicit = parse_due_value(due_text, today, time_zones.tz(zone))
        except ValueError:
            raise ServiceError(
                ErrorCode.VALIDATION_FAILED,
                "The due date could not be read.",
                details=[FieldIssue("task.dueDate", "is not an ISO 8601 date or a date phrase")],
                suggestion="Use YYYY-MM-DD, or a phrase like 'by Friday'.",
            ) from None
    due, due_reason = _due(priority, explicit, today, zone, "task.dueDate")
    return Plan(
        category,
        title,
        description or title,
        priority,
        due,
        due_reason,
        assignee_id,
        **_facets(category, None, None, None, description or title),
        time_zone=zone,
    )
