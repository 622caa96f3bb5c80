"""Scheduled every 5 minutes (EventBridge Scheduler): roll the execution stats up into a health snapshot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.observability import traced
from taskexec.services import rollup_job
from taskexec.services.recording import flush_metrics_safely, metrics

logger = Logger()

CLOCK_SKEW = timedelta(minutes=1)


def scheduled_time(event: dict[str, Any], now: datetime) -> datetime:
    """The instant the run stands for: the event's `time` (the schedule passes `<aws.scheduler.scheduled-time>`;
    an EventBridge rule's event carries it too), so a late or retried invocation still covers its own
    5 minutes and the snapshots stay evenly spaced for the forecast. A missing, unparsable or future time
    (beyond a minute of clock skew) means now."""
    raw = event.get("time") if isinstance(event, dict) else None
    if not isinstance(raw, str):
        return now
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        logger.warning("scheduled time unreadable; rolling up for now", extra={"time": raw[:64]})
        return now
    if at.tzinfo is None or at > now + CLOCK_SKEW:
        return now
    return at.astimezone(UTC)


@logger.inject_lambda_context
@traced
@flush_metrics_safely
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    snapshot = rollup_job.run(scheduled_time(event, datetime.now(UTC)))
    rollup_job.emit(snapshot, metrics)
    rollup_job.log_summary(snapshot)
    return {"status": snapshot.status, "healthStatus": snapshot.healthStatus, "computedAt": snapshot.computedAt}
