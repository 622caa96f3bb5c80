"""Rolling a window's stats buckets up into a health snapshot: pure computation, no I/O.

The rollup Lambda reads the buckets (`data/monitoring_store.py`) and hands their items here; the tests hand
in items they made up. The contract's thresholds live here and nowhere else, so the status the rollup
stores, the metric it emits and the health check's verdict cannot disagree.

Every issue comes with a recommendation that names the likely cause and the next thing to look at: whoever
reads the health check at 3 a.m. should know where to start.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any, Literal

from pydantic import Field

from taskexec.errors import STATUS_OF, ErrorCode
from taskexec.monitoring.buckets import (
    EXECUTED,
    HISTOGRAM_BOUNDS_MS,
    OUTCOMES,
    histogram_counts,
    role_counter,
    sum_counters,
)
from taskexec.schemas.common import Schema

HEALTHY_ABOVE_PERCENT = 80
"""Healthy needs a success rate strictly above this; exactly 80% is a warning."""
CRITICAL_BELOW_PERCENT = 50
"""Critical under this; exactly 50% is a warning."""
SLOW_MS = 5000
"""An average at or above this is a warning; a p95 at or above it is reported as an issue."""
TOP_ERRORS = 10
NOTABLE_REFUSALS = 5
"""DENIED or INVALID attempts become an issue from this many, and only when they are at least a fifth of all
attempts: a handful of typos in a busy hour is noise, not news."""

StatusLabel = Literal["healthy", "warning", "critical"]


class HealthStatus(IntEnum):
    """The HealthStatus metric's values (the alarms compare against these numbers)."""

    HEALTHY = 0
    WARNING = 1
    CRITICAL = 2

    @property
    def label(self) -> StatusLabel:
        labels: dict[int, StatusLabel] = {0: "healthy", 1: "warning", 2: "critical"}
        return labels[int(self)]

    @classmethod
    def of(cls, label: str) -> HealthStatus:
        return cls[label.upper()]


class ErrorPattern(Schema):
    code: str
    count: int
    status: int | None = Field(default=None, description="HTTP status the code is answered with")


class RoleStatistics(Schema):
    role: str
    attempts: dict[str, int] = Field(description="Attempts per outcome: SUCCEEDED, FAILED, DENIED, INVALID")
    executions: int = Field(description="SUCCEEDED + FAILED")
    successRate: float | None = Field(description="Percent; null without executions")


# The forecast's shape lives beside the snapshot that carries it; monitoring/forecast.py computes it.


class Crossing(Schema):
    status: StatusLabel = Field(description="The status on the far side of the threshold")
    threshold: float = Field(description="The threshold the trend crosses (percent or ms)")
    at: str = Field(description="When the trend crosses it, ISO 8601 UTC")


class MetricForecast(Schema):
    trendPerHour: float | None = Field(
        description="Percentage points per hour (success rate) or ms per hour (p95); null when no trend was fitted"
    )
    crosses: Crossing | None = Field(
        default=None, description="The first status threshold the trend crosses within the horizon, if any"
    )
    reason: str | None = Field(default=None, description="Why no forecast (or no crossing) was made")


class Forecast(Schema):
    """The trend of success rate and p95 over the window's snapshots, and any threshold crossed within 6 hours."""

    points: int = Field(description="Snapshots with executions the trend was fitted on")
    horizonHours: int = Field(description="How far ahead crossings are looked for")
    successRate: MetricForecast
    p95ExecutionMs: MetricForecast


class Snapshot(Schema):
    """One rollup's result; stored as history and as the latest, reported by the health check and metrics."""

    computedAt: str = Field(description="ISO 8601, UTC")
    window: str = Field(description="The window the figures cover, e.g. 1h")
    windowMinutes: int
    status: StatusLabel
    healthStatus: int = Field(description="0 healthy, 1 warning, 2 critical")
    databaseReachable: bool
    executions: int = Field(description="SUCCEEDED + FAILED; refusals and invalid input are not executions")
    outcomes: dict[str, int] = Field(description="Attempts per outcome")
    successRate: float | None = Field(
        description="SUCCEEDED / (SUCCEEDED + FAILED) in percent; null without executions"
    )
    avgExecutionMs: float | None
    p95ExecutionMs: float | None
    errorPatterns: list[ErrorPattern]
    roleStatistics: list[RoleStatistics]
    summary: str
    issues: list[str]
    recommendations: list[str]
    forecast: Forecast | None = Field(
        default=None, description="Trends over the window's snapshots and thresholds they cross within 6 hours"
    )


def iso(at: datetime) -> str:
    """The one timestamp format of snapshots: sortable, so history can be queried by range."""
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def window_label(minutes: int) -> str:
    return (
        f"{minutes // 1440}d"
        if minutes % 1440 == 0 and minutes >= 2880
        else (f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m")
    )


def _span(minutes: int) -> str:
    if minutes == 60:
        return "the last hour"
    if minutes % 60 == 0:
        return f"the last {minutes // 60} hours"
    return f"the last {minutes} minutes"


def judge(executions: int, succeeded: int, avg_ms: float | None, *, reachable: bool = True) -> HealthStatus:
    """The contract's status rules. Rates are compared in integers, so exactly 80% or 50% is exactly that."""
    if not reachable:
        return HealthStatus.CRITICAL
    if executions == 0:
        return HealthStatus.HEALTHY
    if succeeded * 100 < CRITICAL_BELOW_PERCENT * executions:
        return HealthStatus.CRITICAL
    if succeeded * 100 > HEALTHY_ABOVE_PERCENT * executions and (avg_ms or 0) < SLOW_MS:
        return HealthStatus.HEALTHY
    return HealthStatus.WARNING


def percentile_ms(counts: list[int], quantile: float) -> float | None:
    """A percentile from the histogram: find the bin holding that rank and interpolate linearly inside it.

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
            return round(lower + (upper - lower) * (rank - below) / count, 1)
        below += count
    return None


def _rate(succeeded: int, executions: int) -> float | None:
    return round(100 * succeeded / executions, 1) if executions else None


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
                successRate=_rate(attempts["SUCCEEDED"], executions),
            )
        )
    return stats


# --- Issues and what to do about them -----------------------------------------------------------------------

FAILURE_ADVICE = {
    "DATABASE_UNAVAILABLE": "check DynamoDB throttling and errors (ThrottledRequests, SystemErrors) and the "
    "tables' capacity and alarms",
    "SERVICE_BUSY": "the service was throttled: check DynamoDB ThrottledRequests and the execute function's "
    "concurrency and throttles; callers should honour Retry-After",
    "INTERNAL_ERROR": "find the failed requests (errorCode INTERNAL_ERROR) in the execute function's logs and "
    "fix the exception logged there",
}
INVALID_ADVICE = {
    "NO_TASK_DETECTED": "messages that ask for no task: show callers the suggestion in the 422 body, or have "
    "clients send structured tasks",
    "VALIDATION_FAILED": "a client sends bodies that do not match the schema: compare it with the OpenAPI "
    "document (the 422 details name the fields)",
    "DUE_DATE_IN_PAST": "callers ask for due dates in the past: check the client's clock and date handling",
    "INVALID_ASSIGNEE": "callers name assignees that are not active executing users: check the user list",
}


def _mostly(patterns: list[ErrorPattern], statuses: range) -> ErrorPattern | None:
    return next((p for p in patterns if p.status is not None and p.status in statuses), None)


def _failure_issue(
    totals: dict[str, int], executions: int, rate: float, span: str, patterns: list[ErrorPattern]
) -> tuple[str, str]:
    failed = totals.get("n_FAILED", 0)
    top = _mostly(patterns, range(500, 600))
    cause = f", mostly {top.code} ({top.count})" if top else ""
    issue = f"Success rate {rate:.0f}% over {span}: {failed} of {executions} executions failed{cause}."
    if top is None:
        advice = "look up the failed requests (status 5xx) in the execute function's logs"
    else:
        advice = FAILURE_ADVICE.get(
            top.code, f"look up the requests that failed with {top.code} in the execute function's logs"
        )
    return issue, f"{top.code if top else 'Failures'} -> {advice}."


def _refusal_issues(
    totals: dict[str, int], roles: list[RoleStatistics], patterns: list[ErrorPattern], span: str
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    attempts = sum(totals.get(f"n_{o}", 0) for o in OUTCOMES)
    escalations = totals.get(f"e_{ErrorCode.PRIVILEGE_ESCALATION_ATTEMPT.value}", 0)
    if escalations:
        found.append(
            (
                f"{escalations} privilege escalation attempt(s) over {span}: request bodies carried identity or "
                "role fields.",
                "Review the UserActivity audit rows with errorCode PRIVILEGE_ESCALATION_ATTEMPT: someone is trying "
                "to act as another user or with another role.",
            )
        )
    denied = totals.get("n_DENIED", 0)
    if denied >= NOTABLE_REFUSALS and denied * 5 >= attempts:
        by_role = max(roles, key=lambda r: r.attempts["DENIED"], default=None)
        who = f", mostly by role {by_role.role} ({by_role.attempts['DENIED']})" if by_role else ""
        found.append(
            (
                f"{denied} of {attempts} attempts over {span} were DENIED{who}: users without an executing role are "
                "trying to execute.",
                "If they should execute tasks, a SUPER_ADMIN grants a role with PUT /users/{userId}/role; otherwise "
                "tell them. The UserActivity audit trail names the users.",
            )
        )
    invalid = totals.get("n_INVALID", 0)
    if invalid >= NOTABLE_REFUSALS and invalid * 5 >= attempts:
        top = _mostly(patterns, range(400, 500))
        cause = f", mostly {top.code} ({top.count})" if top and top.status not in (401, 403) else ""
        advice = INVALID_ADVICE.get(top.code, "") if top else ""
        found.append(
            (
                f"{invalid} of {attempts} attempts over {span} were INVALID{cause}: callers send requests the "
                "service cannot act on.",
                f"{top.code} -> {advice}."
                if top and advice
                else "Look at the 4xx error codes in errorPatterns and "
                "the execute function's logs to see which clients send them.",
            )
        )
    return found


def compute(items: Iterable[dict[str, Any]], *, computed_at: datetime, window_minutes: int) -> Snapshot:
    """The snapshot of a window from its bucket items (attribute values unwrapped, as the store returns them)."""
    totals = sum_counters(items)
    span = _span(window_minutes)
    outcomes = {o: totals.get(f"n_{o}", 0) for o in OUTCOMES}
    succeeded, failed = outcomes["SUCCEEDED"], outcomes["FAILED"]
    executions = succeeded + failed
    avg = round(sum(totals.get(f"ms_{o}", 0) for o in EXECUTED) / executions, 1) if executions else None
    p95 = percentile_ms(histogram_counts(totals), 0.95)
    rate = _rate(succeeded, executions)
    status = judge(executions, succeeded, avg)
    patterns = error_patterns(totals)
    roles = role_statistics(totals)

    found: list[tuple[str, str]] = []
    if rate is None or avg is None:  # no executions
        summary = f"No executions in {span}: healthy, as there is nothing to measure."
        found.append(
            (
                f"No executions in {span}: the status is healthy by definition.",
                "If executions were expected, check that clients reach POST /ai/execute (the API's 4xx/5xx metrics) "
                "and the DENIED and INVALID counts.",
            )
        )
    else:
        summary = (
            f"{status.label.capitalize()}: {rate:g}% of {executions} executions succeeded over {span}; "
            f"average {avg:.0f} ms, p95 {p95 or 0:.0f} ms."
        )
        if rate <= HEALTHY_ABOVE_PERCENT:
            found.append(_failure_issue(totals, executions, rate, span, patterns))
        slow = (
            "Check the detector's latency (DETECTOR=bedrock waits up to BEDROCK_TIMEOUT_MS before falling back to "
            "rules) and DynamoDB latency (SuccessfulRequestLatency); the execute function's traces and "
            "'request handled' logs (durationMs) show which requests are slow."
        )
        if avg >= SLOW_MS:
            found.append((f"Average execution time {avg / 1000:.1f} s over {span}, at or above the 5 s limit.", slow))
        elif p95 is not None and p95 >= SLOW_MS:
            found.append(
                (
                    f"p95 execution time {p95 / 1000:.1f} s over {span} while the average is {avg / 1000:.1f} s: "
                    "a slow tail.",
                    slow.replace("Check", "For the slow tail, check cold starts (provisioned concurrency helps), ", 1),
                )
            )
    found.extend(_refusal_issues(totals, roles, patterns, span))
    return Snapshot(
        computedAt=iso(computed_at),
        window=window_label(window_minutes),
        windowMinutes=window_minutes,
        status=status.label,
        healthStatus=int(status),
        databaseReachable=True,
        executions=executions,
        outcomes=outcomes,
        successRate=rate,
        avgExecutionMs=avg,
        p95ExecutionMs=p95,
        errorPatterns=patterns,
        roleStatistics=roles,
        summary=summary,
        issues=[issue for issue, _ in found],
        recommendations=[advice for _, advice in found],
    )


def unreachable(*, computed_at: datetime, window_minutes: int) -> Snapshot:
    """The snapshot when the statistics cannot be read: critical by contract, and saying why."""
    span = _span(window_minutes)
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
