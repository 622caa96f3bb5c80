"""The scheduled rollup: read the window's buckets, judge, store the snapshot, emit the health metrics.

An unreachable database is a finding, not a crash: the run reports status critical, still emits
HealthStatus 2 (that is what the alarm waits for) and returns normally, so the schedule's next run is the
retry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.metrics import MetricUnit

from taskexec import config
from taskexec.data import monitoring_store
from taskexec.data.dynamodb_errors import is_database_fault
from taskexec.monitoring import forecast, status
from taskexec.monitoring.snapshot import Snapshot

logger = Logger(child=True)

DEFAULT_WINDOW_MINUTES = 60
MAX_WINDOW_MINUTES = 24 * 60
"""A day of buckets is 11,520 items at most; longer views come from the stored snapshots instead."""


def window_minutes() -> int:
    """ROLLUP_WINDOW_MINUTES (1..1440), 60 when unset or unusable."""
    raw = config.settings().rollup_window
    try:
        minutes = int(raw) if raw.strip() else DEFAULT_WINDOW_MINUTES
    except ValueError:
        logger.warning("ROLLUP_WINDOW_MINUTES is not a number; using the default", extra={"value": raw})
        return DEFAULT_WINDOW_MINUTES
    return min(max(minutes, 1), MAX_WINDOW_MINUTES)


def run(now: datetime | None = None, minutes: int | None = None) -> Snapshot:
    """One rollup. Database faults end up in the snapshot (critical); anything else is a bug and raises."""
    now = now or datetime.now(UTC)
    minutes = minutes or window_minutes()
    try:
        items = monitoring_store.read_buckets(now, minutes)
    except Exception as exc:
        if not is_database_fault(exc):
            raise
        logger.error("statistics unreadable: database unreachable", extra={"fault": type(exc).__name__})
        snapshot = status.unreachable(computed_at=now, window_minutes=minutes)
    else:
        snapshot = status.compute(items, computed_at=now, window_minutes=minutes)
        snapshot = with_forecast(snapshot, now, minutes)
    try:
        monitoring_store.save_snapshot(snapshot)
    except Exception as exc:
        if not (is_database_fault(exc) or isinstance(exc, monitoring_store.SnapshotNotStored)):
            raise
        logger.error("snapshot not stored", extra={"fault": type(exc).__name__})
    return snapshot


def with_forecast(snapshot: Snapshot, now: datetime, minutes: int) -> Snapshot:
    """The snapshot with its forecast from the window's stored history plus itself, and a warning for each
    threshold the trends cross within the horizon.

    Computed here, once per rollup (one Query of about a dozen items every 5 minutes), and stored in the
    snapshot: the health check and GET /ai/metrics then read it with the LATEST item they already read,
    instead of querying the history on every request. A history that cannot be read costs the forecast,
    never the snapshot.
    """
    try:
        past = monitoring_store.history(now - timedelta(minutes=minutes), now - timedelta(seconds=1))
    except Exception as exc:
        if not is_database_fault(exc):
            raise
        logger.warning("forecast skipped: history unreadable", extra={"fault": type(exc).__name__})
        return snapshot
    result = forecast.forecast([*past, snapshot])
    found = forecast.warnings(result)
    return snapshot.model_copy(
        update={
            "forecast": result,
            "issues": [*snapshot.issues, *(issue for issue, _ in found)],
            "recommendations": [*snapshot.recommendations, *(advice for _, advice in found)],
        }
    )


def emit(snapshot: Snapshot, metrics: Any) -> None:
    """The health metrics. HealthStatus and Executions always (a missing HealthStatus means the rollup is not
    running); the rate and times only when something ran, so an idle hour does not read as 0% or 0 ms."""
    metrics.add_metric(name="HealthStatus", unit=MetricUnit.Count, value=snapshot.healthStatus)
    metrics.add_metric(name="Executions", unit=MetricUnit.Count, value=snapshot.executions)
    if snapshot.successRate is not None:
        metrics.add_metric(name="SuccessRate", unit=MetricUnit.Percent, value=snapshot.successRate)
    if snapshot.avgExecutionMs is not None:
        metrics.add_metric(name="AvgExecutionTimeMs", unit=MetricUnit.Milliseconds, value=snapshot.avgExecutionMs)
    if snapshot.p95ExecutionMs is not None:
        metrics.add_metric(name="P95ExecutionTimeMs", unit=MetricUnit.Milliseconds, value=snapshot.p95ExecutionMs)


def log_summary(snapshot: Snapshot) -> None:
    logger.info(
        snapshot.summary,
        extra={
            "status": snapshot.status,
            "window": snapshot.window,
            "executions": snapshot.executions,
            "outcomes": snapshot.outcomes,
            "successRate": snapshot.successRate,
            "avgExecutionMs": snapshot.avgExecutionMs,
            "p95ExecutionMs": snapshot.p95ExecutionMs,
            "issues": snapshot.issues,
        },
    )
