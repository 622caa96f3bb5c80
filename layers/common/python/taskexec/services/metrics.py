"""GET /ai/metrics: the latest rollup and how things went over a longer window.

Windows are read from the stored snapshots (one ranged Query), never from the raw buckets: a week of buckets
would be 80,000 items, and the rollup already summed them. An hour reads its 5-minute snapshots (12); a day and
a week read the hourly history (`monitoring_store`: the hour's last snapshot, each covering its hour), 25 and
169 items at most instead of 288 and 2,016, so the read is bounded by the window's hours, not the rollup's rate.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from taskexec.data import monitoring_store
from taskexec.monitoring.snapshot import Window
from taskexec.monitoring.status import combine
from taskexec.schemas.health import MetricsReport, TrendPoint

WINDOW_MINUTES: dict[str, int] = {"1h": 60, "24h": 24 * 60, "7d": 7 * 24 * 60}
HOURLY_WINDOWS = frozenset({"24h", "7d"})


def report(window: Window, now: datetime | None = None) -> MetricsReport:
    now = now or datetime.now(UTC)
    start = now - timedelta(minutes=WINDOW_MINUTES[window])
    snapshots = monitoring_store.history(start, now, hourly=window in HOURLY_WINDOWS)
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
