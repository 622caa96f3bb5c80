"""The status rules: rolling a window's stats buckets up into a health snapshot; pure computation, no I/O.

The rollup job reads the buckets (`data/monitoring_store.py`) and hands their items here; the tests hand
in items they made up. The contract's thresholds live here and nowhere else, so the status the rollup
stores, the metric it emits and the health check's verdict cannot disagree. The snapshot's model is in
`monitoring/snapshot.py`, the issue texts and recommendations in `monitoring/advice.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from taskexec.errors import STATUS_OF, ErrorCode
from taskexec.monitoring import advice
from taskexec.monitoring.counters import (
    EXECUTED,
    HISTOGRAM_BOUNDS_MS,
    OUTCOMES,
    histogram_counts,
    role_counter,
    sum_counters,
)
from taskexec.monitoring.snapshot import (
    ErrorPattern,
    HealthStatus,
    RoleStatistics,
    Snapshot,
    iso,
    span_words,
    window_label,
)

HEALTHY_ABOVE_PERCENT = 80
"""Healthy needs a success rate strictly above this; exactly 80% is a warning."""
CRITICAL_BELOW_PERCENT = 50
"""Critical under this; exactly 50% is a warning."""
SLOW_MS = 5000
"""An average at or above this is a warning; a p95 at or above it is reported as an issue."""
TOP_ERRORS = 10


def judge(executions: int, succeeded: int, avg_ms: float | None, *, reachable: bool = True) -> HealthStatus:
    """The contract's status rules, on exact figures: rates are compared in integers (exactly 80% or 50% is
    exactly that, 80.04% is above 80%) and `avg_ms` must be the unrounded average (4,999.96 ms is under 5 s,
    although it displays as 5000.0)."""
    if not reachable:
        return HealthStatus.CRITICAL
    if executions == 0:
        return HealthStatus.HEALTHY
    if succeeded * 100 < CRITICAL_BELOW_PERCENT * executions:
        return HealthStatus.CRITICAL
    if _above_healthy_rate(succeeded, executions) and (avg_ms or 0) < SLOW_MS:
        return HealthStatus.HEALTHY
    return HealthStatus.WARNING


def _above_healthy_rate(succeeded: int, executions: int) -> bool:
    return succeeded * 100 > HEALTHY_ABOVE_PERCENT * executions


def _shown(value: float | None) -> float | None:
    """Round for display only (one decimal), after every judgement is made."""
    return None if value is None else round(value, 1)


def percentile_ms(counts: list[int], quantile: float) -> float | None:
    """A percentile from the histogram: find the bin holding that rank and interpolate linearly inside it.
    Unrounded: the caller judges on it first and rounds for display.

    Bin i holds durations in (bound[i-1], bound[i]]; the open-ended last bin reports its lower bound, the most
    that can honestly be said about it.
    """
    total = sum(counts)
    if total == 0:
        return None
    rank = quantile * total
    below = 0
    for index, count in enumerate(counts):
        if count and below + count >= rank:
            lower = 0.0 if index == 0 else float(HISTOGRAM_BOUNDS_MS[index - 1])
            upper = float(HISTOGRAM_BOUNDS_MS[index])
            if upper == float("inf"):
                return lower
            return lower + (upper - lower) * (rank - below) / count
        below += count
    return None


def _rate(succeeded: int, executions: int) -> float | None:
    """Exact percentage; `_shown` rounds it for display."""
    return 100 * succeeded / executions if executions else None


def _status_of_code(code: str) -> int | None:
    try:
        return STATUS_OF[ErrorCode(code)]
    except ValueError:
        return None


def error_patterns(totals: dict[str, int], limit: int = TOP_ERRORS) -> list[ErrorPattern]:
    """Top error codes, most frequent first (ties by code, so the order is stable)."""
    codes = [(name[2:], count) for name, count in totals.items() if name.startswith("e_") and count > 0]
    codes.sort(key=lambda pair: (-pair[1], pair[0]))
    return [ErrorPattern(code=code, count=count, status=_status_of_code(code)) for code, count in codes[:limit]]


def role_statistics(totals: dict[str, int]) -> list[RoleStatistics]:
    per_role: dict[str, dict[str, int]] = {}
    for name, count in totals.items():
        parsed = role_counter(name)
        if parsed:
            role, outcome = parsed
            per_role.setdefault(role, dict.fromkeys(OUTCOMES, 0))[outcome] += count
    stats = []
    for role in sorted(per_role):
        attempts = per_role[role]
        if not any(attempts.values()):
            continue  # buckets hold every role's counters, most of them zero
        executions = sum(attempts[o] for o in EXECUTED)
        stats.append(
            RoleStatistics(
                role=role,
                attempts=attempts,
                executions=executions,
                successRate=_shown(_rate(attempts["SUCCEEDED"], executions)),
            )
        )
    return stats


def compute(items: Iterable[dict[str, Any]], *, computed_at: datetime, window_minutes: int) -> Snapshot:
    """The snapshot of a window from its bucket items (attribute values unwrapped, as the store returns them)."""
    totals = sum_counters(items)
    span = span_words(window_minutes)
    outcomes = {o: totals.get(f"n_{o}", 0) for o in OUTCOMES}
    succeeded, failed = outcomes["SUCCEEDED"], outcomes["FAILED"]
    executions = succeeded + failed
    # Exact figures for every judgement; `_shown` rounds them for the snapshot and the texts only.
    avg = sum(totals.get(f"ms_{o}", 0) for o in EXECUTED) / executions if executions else None
    p95 = percentile_ms(histogram_counts(totals), 0.95)
    rate = _rate(succeeded, executions)
    status = judge(executions, succeeded, avg)
    patterns = error_patterns(totals)
    roles = role_statistics(totals)

    found: list[tuple[str, str]] = []
    if rate is None or avg is None:  # no executions
        summary = f"No executions in {span}: healthy, as there is nothing to measure."
        found.append(advice.no_executions(span))
    else:
        summary = (
            f"{status.label.capitalize()}: {_shown(rate):g}% of {executions} executions succeeded over {span}; "
            f"average {avg:.0f} ms, p95 {p95 or 0:.0f} ms."
        )
        if not _above_healthy_rate(succeeded, executions):
            found.append(advice.failure_issue(totals, executions, rate, span, patterns))
        if avg >= SLOW_MS:
            found.append(advice.slow_average(avg, span))
        elif p95 is not None and p95 >= SLOW_MS:
            found.append(advice.slow_tail(avg, p95, span))
    found.extend(advice.refusal_issues(totals, roles, patterns, span))
    return Snapshot(
        computedAt=iso(computed_at),
        window=window_label(window_minutes),
        windowMinutes=window_minutes,
        status=status.label,
        healthStatus=int(status),
        databaseReachable=True,
        executions=executions,
        outcomes=outcomes,
        successRate=_shown(rate),
        avgExecutionMs=_shown(avg),
        p95ExecutionMs=_shown(p95),
        errorPatterns=patterns,
        roleStatistics=roles,
        summary=summary,
        issues=[issue for issue, _ in found],
        recommendations=[advice for _, advice in found],
    )


def unreachable(*, computed_at: datetime, window_minutes: int) -> Snapshot:
    """The snapshot when the statistics cannot be read: critical by contract, and saying why."""
    span = span_words(window_minutes)
    return Snapshot(
        computedAt=iso(computed_at),
        window=window_label(window_minutes),
        windowMinutes=window_minutes,
        status=HealthStatus.CRITICAL.label,
        healthStatus=int(HealthStatus.CRITICAL),
        databaseReachable=False,
        executions=0,
        outcomes=dict.fromkeys(OUTCOMES, 0),
        successRate=None,
        avgExecutionMs=None,
        p95ExecutionMs=None,
        errorPatterns=[],
        roleStatistics=[],
        summary=f"Critical: the database could not be read, so nothing is known about {span}.",
        issues=[f"The database was unreachable: the execution statistics of {span} could not be read."],
        recommendations=[
            "Check DynamoDB's service health in the region, the MonitoringTable's alarms and the rollup "
            "function's logs and IAM role; executions are probably failing with DATABASE_UNAVAILABLE too."
        ],
    )


# --- Longer windows from stored snapshots ---------------------------------------------------------------------


def non_overlapping(snapshots: list[Snapshot]) -> list[Snapshot]:
    """From snapshots oldest first, the newest one and then, going back, each one whose window ends where the
    previously picked one's begins: the snapshots of a day tile it instead of counting each hour twelve times."""
    picked: list[Snapshot] = []
    boundary: datetime | None = None
    for snapshot in reversed(snapshots):
        at = datetime.fromisoformat(snapshot.computedAt)
        if boundary is None or at <= boundary:
            picked.append(snapshot)
            boundary = at - timedelta(minutes=snapshot.windowMinutes)
    return picked[::-1]


def combine(snapshots: list[Snapshot]) -> tuple[list[ErrorPattern], list[RoleStatistics]]:
    """Error patterns and role statistics over a long window, summed from its tiling snapshots.

    Each snapshot keeps only its top error codes, so rare codes of a long window may be undercounted; the
    role statistics are exact for the time the snapshots cover.
    """
    totals: dict[str, int] = {}
    for snapshot in non_overlapping(snapshots):
        for pattern in snapshot.errorPatterns:
            totals[f"e_{pattern.code}"] = totals.get(f"e_{pattern.code}", 0) + pattern.count
        for role in snapshot.roleStatistics:
            for outcome, count in role.attempts.items():
                name = f"r_{role.role}_{outcome}"
                totals[name] = totals.get(name, 0) + count
    return error_patterns(totals), role_statistics(totals)
