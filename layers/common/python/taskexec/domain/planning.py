"""From a request to a draft task: detection or the structured body, then priority and due-date rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from taskexec.domain.detector import Detector
from taskexec.domain.due_dates import _DEFAULT_DAYS as DEFAULT_DAYS
from taskexec.domain.due_dates import default_due_date, is_past, parse_due_value
from taskexec.domain.vocabulary import Category, Priority
from taskexec.errors import ErrorCode, FieldIssue, ServiceError

NO_TASK_SUGGESTION = 'Say what should be done, e.g. "Create a high-priority task to fix the Shopify webhook by Friday".'


@dataclass(frozen=True)
class Draft:
    category: Category
    title: str
    description: str
    priority: Priority
    due_date: date
    due_reason: str
    assignee_hint: str | None


def _due(priority: Priority, explicit: date | None, today: date, field: str) -> tuple[date, str]:
    if explicit is not None:
        if is_past(explicit, today):
            raise ServiceError(
                ErrorCode.DUE_DATE_IN_PAST,
                f"The due date {explicit.isoformat()} is in the past.",
                details=[FieldIssue(field, "is before today (UTC)")],
                suggestion="Give a date from today on, or leave it out for the priority's default.",
            )
        return explicit, f"Due {explicit.isoformat()}, as the request asked."
    due = default_due_date(priority, today)
    days = DEFAULT_DAYS[priority]  # due_dates' table, the only priority -> days table
    moved = " (moved from the weekend to Monday)" if due != today + timedelta(days=days) else ""
    return due, f"Due {due.isoformat()}: {priority.value} tasks get {days} day{'s' if days > 1 else ''}{moved}."


def from_message(message: str, today: date, detector: Detector) -> Draft:
    detection = detector.detect(message, today)
    if not detection.is_task:
        raise ServiceError(
            ErrorCode.NO_TASK_DETECTED,
            "No task was found in the message.",
            suggestion=detection.suggestion or NO_TASK_SUGGESTION,
        )
    priority = detection.priority or Priority.MEDIUM
    due, due_reason = _due(priority, detection.due_date, today, "message")
    return Draft(
        category=detection.category,
        title=detection.title[:200] or message[:80],
        description=detection.description or message,
        priority=priority,
        due_date=due,
        due_reason=due_reason,
        assignee_hint=detection.assignee_hint,
    )


def from_fields(
    category: Category,
    title: str,
    description: str | None,
    priority: Priority | None,
    due_text: str | None,
    assignee_id: str | None,
    today: date,
) -> Draft:
    priority = priority or Priority.MEDIUM
    explicit: date | None = None
    if due_text:
        try:
            explicit = parse_due_value(due_text, today)
        except ValueError:
            raise ServiceError(
                ErrorCode.VALIDATION_FAILED,
                "The due date could not be read.",
                details=[FieldIssue("task.dueDate", "is not an ISO 8601 date or a date phrase")],
                suggestion="Use YYYY-MM-DD, or a phrase like 'by Friday'.",
            ) from None
    due, due_reason = _due(priority, explicit, today, "task.dueDate")
    return Draft(category, title, description or title, priority, due, due_reason, assignee_id)
