"""The audit trail (UserActivity): one row per attempt, allowed or refused.

An execute attempt's row is also its execution record (executionId, role, category, outcome, errorCode,
durationMs, time).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from taskexec import config
from taskexec.data.models import ActivityModel
from taskexec.data.user_store import now_iso
from taskexec.monitoring.counters import NO_ROLE, Attempt


class ActivityRecord:
    __slots__ = (
        "action",
        "at",
        "category",
        "counts",
        "detail",
        "duration_ms",
        "error_code",
        "execution_id",
        "id",
        "outcome",
        "request_id",
        "role",
        "route",
        "user_id",
    )

    def __init__(
        self,
        user_id: str,
        action: str,
        outcome: str,
        route: str | None = None,
        role: str | None = None,
        error_code: str | None = None,
        request_id: str | None = None,
        execution_id: str | None = None,
        category: str | None = None,
        duration_ms: int | None = None,
        detail: dict[str, Any] | None = None,
        counts: bool = False,
        at: str | None = None,
        id: str | None = None,
    ) -> None:
        self.user_id = user_id
        self.action = action
        self.outcome = outcome
        self.route = route
        self.role = role
        self.error_code = error_code
        self.request_id = request_id
        self.execution_id = execution_id
        self.category = category
        self.duration_ms = duration_ms
        self.detail: dict[str, Any] = {} if detail is None else detail
        self.counts = counts
        """An execute attempt the statistics count: the statistics consumer folds exactly these rows."""
        self.at: str = now_iso() if at is None else at
        self.id: str = uuid.uuid4().hex if id is None else id

    def attempt(self) -> Attempt:
        """This execute attempt as the statistics count it: the record is the one source of both."""
        return Attempt(self.outcome, self.role or NO_ROLE, self.duration_ms or 0, self.error_code, self.category)


def to_row(record: ActivityRecord) -> ActivityModel:
    ttl = int(time.time()) + config.settings().activity_ttl_days * 24 * 3600
    return ActivityModel(
        record.user_id or "anonymous",
        f"{record.at}#{record.id}",
        id=record.id,
        action=record.action,
        route=record.route,
        role=record.role,
        outcome=record.outcome,
        errorCode=record.error_code,
        requestId=record.request_id,
        at=record.at,
        executionId=record.execution_id,
        category=record.category,
        durationMs=record.duration_ms,
        counts=record.counts or None,
        detail=record.detail or None,
        expiresAt=ttl,
    )


def put_request(record: ActivityRecord) -> dict[str, Any]:
    """A low-level Put for a transaction that also writes the attempt's effects."""
    return {"TableName": config.table_name("UserActivityTable"), "Item": to_row(record).serialize()}


def save(record: ActivityRecord) -> None:
    to_row(record).save()


def counted_from_image(image: Mapping[str, Any]) -> tuple[datetime, Attempt] | None:
    """The attempt an audit row (a stream record's new image, plain values) adds to the statistics, with its
    time; None for a row that does not count (not an execute attempt, or refused before it was one)."""
    if not image.get("counts"):
        return None
    at = datetime.fromisoformat(str(image["at"]).replace("Z", "+00:00"))
    attempt = Attempt(
        outcome=str(image["outcome"]),
        role=str(image.get("role") or NO_ROLE),
        duration_ms=int(image.get("durationMs") or 0),
        error_code=str(image["errorCode"]) if image.get("errorCode") else None,
        category=str(image["category"]) if image.get("category") else None,
    )
    return at, attempt
