"""EventBridge Scheduler's firing, which moto leaves out: the schedules the service makes at run time, fired locally.

moto stores the schedules the automations function creates (CreateSchedule, UpdateSchedule, DeleteSchedule)
and never runs them. `RuntimeSchedules` reads them back the way a client of Scheduler would (ListSchedules in
the template's schedule groups, GetSchedule for one that is new or changed), works out when each fires
(devkit/schedule_times.py: cron in its zone, rate from its start) and, when one is due, delivers its target's
Input to the target queue as Scheduler does, with the context attributes filled in
(`<aws.scheduler.scheduled-time>`, `<aws.scheduler.schedule-arn>`, `<aws.scheduler.execution-id>`,
`<aws.scheduler.attempt-number>`). A DISABLED schedule does not fire; a deleted one is forgotten.

Each poll is one ListSchedules per group (and a GetSchedule per changed schedule): cheap enough for the local
stack to poll every second, so a new or changed schedule takes effect within the contract's 10 seconds.
The template's schedule groups exist locally too (`create_schedule_groups`), named as devkit.iam's
`emulated_refs` names them, so the functions' environment and their IAM check resolve to the same groups.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devkit import schedule_times, template

log = logging.getLogger("devkit.runtime_schedules")

POLL_S = 1.0
CONTEXT = ("schedule-arn", "scheduled-time", "execution-id", "attempt-number")
"""EventBridge Scheduler's context attributes, which it replaces in a target's Input (`<aws.scheduler.NAME>`)."""
SCHEDULE_GROUP = "AWS::Scheduler::ScheduleGroup"
_TICK = datetime.resolution


def fill_context(text: str, values: dict[str, str]) -> str:
    """`text` with every `<aws.scheduler.NAME>` of `values` replaced, as Scheduler fills a target's Input."""
    for name in CONTEXT:
        text = text.replace(f"<aws.scheduler.{name}>", values[name])
    return text


def scheduled_time(at: datetime) -> str:
    """How Scheduler writes a scheduled time: ISO 8601 in UTC, to the second."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_schedule_groups(scheduler: Any, prefix: str, path: Path = template.TEMPLATE) -> dict[str, str]:
    """The template's schedule groups, created in moto; the refs (`!Ref` name, `!GetAtt .Arn`) they resolve to."""
    refs: dict[str, str] = {}
    for logical_id, resource in template.resources(SCHEDULE_GROUP, path).items():
        name = str((resource.get("Properties") or {}).get("Name") or prefix + logical_id)
        arn = scheduler.create_schedule_group(Name=name)["ScheduleGroupArn"]
        refs.update({logical_id: name, f"{logical_id}.Arn": arn})
    return refs


@dataclass
class _Tracked:
    """A schedule as last read, and when it fires next (None: disabled, or never again)."""

    modified: Any
    arn: str
    expression: str
    zone: str
    target: dict[str, Any]
    start: datetime
    next_at: datetime | None


class RuntimeSchedules:
    """Fires the schedules of `groups` that are due, on each `poll` (or every POLL_S in a thread)."""

    def __init__(
        self,
        scheduler: Any,
        sqs: Any,
        groups: list[str],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        poll_s: float = POLL_S,
    ) -> None:
        self.scheduler = scheduler
        self.sqs = sqs
        self.groups = list(groups)
        self.clock = clock
        self.poll_s = poll_s
        self.fired: list[tuple[str, str]] = []
        """(schedule ARN, scheduled time) of every run delivered, oldest first."""
        self._known: dict[str, _Tracked] = {}
        self._queue_urls: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="runtime-schedules", daemon=True)

    def start(self) -> None:
        if self.groups:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(self.poll_s):
            try:
                self.poll()
            except Exception:
                log.exception("runtime schedules: poll failed")

    def poll(self) -> int:
        """Read the groups' schedules and fire those due now; how many runs were delivered."""
        now = self.clock()
        seen: set[str] = set()
        delivered = 0
        for summary in self._listed():
            arn = str(summary["Arn"])
            seen.add(arn)
            tracked = self._known.get(arn)
            if tracked is None or tracked.modified != summary.get("LastModificationDate"):
                tracked = self._track(summary, now)
                self._known[arn] = tracked
            delivered += self._fire_due(tracked, now)
        for gone in set(self._known) - seen:
            del self._known[gone]
        return delivered

    def _listed(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for group in self.groups:
            request: dict[str, Any] = {"GroupName": group}
            while True:
                answer = self.scheduler.list_schedules(**request)
                found.extend(answer.get("Schedules", []))
                if not answer.get("NextToken"):
                    break
                request["NextToken"] = answer["NextToken"]
        return found

    def _track(self, summary: dict[str, Any], now: datetime) -> _Tracked:
        full = self.scheduler.get_schedule(Name=summary["Name"], GroupName=summary["GroupName"])
        start = full.get("StartDate") or _as_datetime(full.get("LastModificationDate"), now)
        start = start.replace(second=0, microsecond=0)
        tracked = _Tracked(
            modified=summary.get("LastModificationDate"),
            arn=str(full["Arn"]),
            expression=str(full["ScheduleExpression"]),
            zone=str(full.get("ScheduleExpressionTimezone") or "UTC"),
            target=dict(full["Target"]),
            start=start,
            next_at=None,
        )
        if full.get("State", "ENABLED") == "ENABLED":
            first_after = start - _TICK if tracked.expression.startswith("rate(") else now
            tracked.next_at = schedule_times.next_fire(tracked.expression, tracked.zone, first_after, start)
        log.info(
            "runtime schedule %s: %s in %s, next %s", tracked.arn, tracked.expression, tracked.zone, tracked.next_at
        )
        return tracked

    def _fire_due(self, tracked: _Tracked, now: datetime) -> int:
        if tracked.next_at is None or tracked.next_at > now:
            return 0
        self._deliver(tracked, tracked.next_at)
        following = schedule_times.next_fire(tracked.expression, tracked.zone, tracked.next_at, tracked.start)
        if following is not None and following <= now:  # fell behind (a paused process): resume from now
            following = schedule_times.next_fire(tracked.expression, tracked.zone, now, tracked.start)
        tracked.next_at = following
        return 1

    def _deliver(self, tracked: _Tracked, at: datetime) -> None:
        values = {
            "schedule-arn": tracked.arn,
            "scheduled-time": scheduled_time(at),
            "execution-id": str(uuid.uuid4()),
            "attempt-number": "1",
        }
        body = fill_context(str(tracked.target.get("Input") or "{}"), values)
        queue_arn = str(tracked.target["Arn"])
        if not queue_arn.startswith("arn:aws:sqs:"):
            log.warning("runtime schedule %s: target %s is not a queue, not emulated", tracked.arn, queue_arn)
            return
        self.sqs.send_message(QueueUrl=self._queue_url(queue_arn), MessageBody=body)
        self.fired.append((tracked.arn, values["scheduled-time"]))
        log.info("runtime schedule %s fired for %s", tracked.arn, values["scheduled-time"])

    def _queue_url(self, arn: str) -> str:
        if arn not in self._queue_urls:
            name = arn.rsplit(":", 1)[-1]
            self._queue_urls[arn] = str(self.sqs.get_queue_url(QueueName=name)["QueueUrl"])
        return self._queue_urls[arn]


def _as_datetime(value: Any, default: datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return default
