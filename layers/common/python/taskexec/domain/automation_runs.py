"""Automation runs as the domain sees them: what one delivery to the automation queue asks for, what makes two
deliveries the same run, how deep a chain of automations may go, and what a run keeps of its outcome.

A run is delivered at least once (an EventBridge target, a Scheduler schedule, an SQS queue), so everything that
names a run or its actions is derived from what triggered it, never from the delivery; the run itself is
taskexec/services/automation_runs.py.
"""

import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, NamedTuple

from taskexec.domain.automations import MAX_LAST_RUNS
from taskexec.domain.tasks import AutomationOrigin

MAX_DEPTH = 3
"""A chain of automations stops here: a run triggered by a depth-3 task (it would make depth 4) is refused."""
RUN_KEY_PREFIX = "automation:"
"""Runs' and actions' keys beside the integrations' request keys (`<source>#...`, and a source has no ':')."""
ERROR_DETAILS_KEPT = 5
ERROR_TEXT_MAX = 200
"""A run keeps its errors in the automation's row and its event: each cut to this many details and characters."""


class RunOutcome(StrEnum):
    SUCCEEDED = "SUCCEEDED"
    """Every action made its task."""
    PARTIAL = "PARTIAL"
    """Some actions made their task, some were refused."""
    REFUSED = "REFUSED"
    """The run itself was refused (its owner can no longer run it, a loop, the depth): no action ran."""
    FAILED = "FAILED"
    """Every action was refused."""


class RunRequest(NamedTuple):
    """One delivery to the automation queue: which automation, and what triggered it (the EventBridge event that
    matched its rule, or the time its schedule came round). It runs exactly once per `run_key`, however often
    it is delivered (taskexec/services/automation_runs.py)."""

    automation_id: str
    event: Mapping[str, Any] | None = None
    """The whole EventBridge event (envelope and detail) for an event trigger."""
    scheduled_time: str | None = None
    """Scheduler's `<aws.scheduler.scheduled-time>` (ISO 8601, UTC) for a schedule."""

    @property
    def detail(self) -> Mapping[str, Any]:
        """The triggering event's detail (a task's fields, or a health snapshot's); empty for a schedule."""
        detail = self.event.get("detail") if self.event is not None else None
        return detail if isinstance(detail, Mapping) else {}

    @property
    def event_id(self) -> str | None:
        """The domain event's own `eventId` (stable across redeliveries), else EventBridge's envelope id."""
        if self.event is None:
            return None
        if isinstance(self.detail.get("eventId"), str):
            return str(self.detail["eventId"])
        return str(self.event.get("id") or "") or None

    @property
    def run_key(self) -> str:
        """(automation, eventId) or (automation, scheduled time): what makes two deliveries the same run."""
        if self.scheduled_time is not None:
            return f"{RUN_KEY_PREFIX}{self.automation_id}#schedule#{self.scheduled_time}"
        return f"{RUN_KEY_PREFIX}{self.automation_id}#event#{self.event_id}"

    def action_key(self, index: int) -> str:
        """One action of the run: each is executed once, on its own, however often the run is delivered."""
        return f"{self.run_key}#action#{index}"

    @property
    def triggered_at(self) -> str | None:
        """When the trigger happened: the scheduled time, or the event's `occurredAt` (the service's own stamp;
        EventBridge's envelope `time` is not relied on). A run's dates are read at this moment, so a redelivery a
        day later plans the same dates."""
        if self.scheduled_time is not None:
            return self.scheduled_time
        at = self.detail.get("occurredAt")
        return at if isinstance(at, str) else None

    @property
    def triggering_depth(self) -> int:
        """The depth of the task whose event triggered the run (0: a person's, an integration's, no task)."""
        depth = self.detail.get("automationDepth")
        return depth if isinstance(depth, int) and not isinstance(depth, bool) and depth > 0 else 0

    @property
    def depth(self) -> int:
        """The depth of the tasks this run makes."""
        return self.triggering_depth + 1

    def loops_back_to(self, automation_id: str) -> bool:
        """The triggering event is about a task this very automation made."""
        return self.event is not None and self.detail.get("automationId") == automation_id

    def trigger_fields(self) -> dict[str, str]:
        """What names the trigger in a run, its audit rows and its event: `eventId` or `scheduledTime`."""
        if self.scheduled_time is not None:
            return {"scheduledTime": self.scheduled_time}
        return {"eventId": self.event_id or ""}

    def origin(self) -> AutomationOrigin:
        """What the run's executions carry onto their tasks and audit rows."""
        return AutomationOrigin(self.automation_id, self.depth, self.trigger_fields())


def compact_error(body: Mapping[str, Any], action: int | None = None) -> dict[str, Any]:
    """An error body as a run keeps it (in lastRuns and AutomationRan): its first details, texts cut to
    ERROR_TEXT_MAX characters, and `action`, the 0-based action it stopped (absent: the whole run)."""
    error = dict(body.get("error") or {})
    for name in ("message", "suggestion"):
        if isinstance(error.get(name), str):
            error[name] = _clip(error[name])
    details = error.get("details")
    if isinstance(details, list):
        error["details"] = [
            {"field": _clip(str(d.get("field", ""))), "issue": _clip(str(d.get("issue", "")))}
            for d in details[:ERROR_DETAILS_KEPT]
            if isinstance(d, Mapping)
        ]
    kept: dict[str, Any] = {"error": error}
    if action is not None:
        kept["action"] = action
    return kept


def _clip(text: str) -> str:
    return text if len(text) <= ERROR_TEXT_MAX else text[: ERROR_TEXT_MAX - 3] + "..."


def run_entry(
    request: RunRequest,
    at: str,
    task_ids: list[str],
    errors: list[dict[str, Any]],
    refused: bool = False,
) -> dict[str, Any]:
    """One run as lastRuns and AutomationRan carry it: `{"at", "eventId" | "scheduledTime", "depth", "outcome",
    "taskIds", "errors"?}`."""
    if refused:
        outcome = RunOutcome.REFUSED
    elif not errors:
        outcome = RunOutcome.SUCCEEDED
    else:
        outcome = RunOutcome.PARTIAL if task_ids else RunOutcome.FAILED
    entry: dict[str, Any] = {"at": at, **request.trigger_fields(), "depth": request.depth, "outcome": outcome.value}
    entry["taskIds"] = list(task_ids)
    if errors:
        entry["errors"] = list(errors)
    return entry


def ran_event_id(run_key: str) -> str:
    """AutomationRan's `eventId`: the same on every delivery of one run, so a consumer deduplicates by it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"taskexec:{run_key}").hex


def with_run(last_runs: tuple[dict[str, Any], ...], entry: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """lastRuns with a new run in front, at most MAX_LAST_RUNS."""
    return (entry, *last_runs)[:MAX_LAST_RUNS]
