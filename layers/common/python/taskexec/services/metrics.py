"""GET /ai/metrics: the latest rollup and how things went over a longer window.

Longer windows are read from the stored snapshots (one ranged Query), never from the raw buckets: a week of
buckets would be 80,000 items, a week of snapshots about 2,000, and the rollup already summed them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from taskexec.data import monitoring_store
from taskexec.monitoring.snapshot import Window
from taskexec.monitoring.status import combine
from taskexec.schemas.health import MetricsReport, TrendPoint

WINDOW_MINUTES: dict[str, int] = {"1h": 60, "24h": 24 * 60, "7d": 7 * 24 * 60}


def report(window: Window, now: datetime | None = None) -> MetricsReport:
    now = now or datetime.now(UTC)
    snapshots = monitoring_store.history(now - timedelta(minutes=WINDOW_MINUTES[window]), now)
    patterns, roles = combine(snapshots)
    latest = monitoring_store.latest_snapshot()
    return MetricsReport(
        window=window,
        latest=latest,
        trend=[TrendPoint.model_validate(s.model_dump(include=set(TrendPoint.model_fields))) for s in snapshots],
        errorPatterns=patterns,
        roleStatistics=roles,
        forecast=latest.forecast if latest else None,
    )
