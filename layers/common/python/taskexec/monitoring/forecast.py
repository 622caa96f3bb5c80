"""Where the health figures are heading: a robust trend over the window's snapshots, projected 6 hours ahead.

Pure computation, no I/O: the rollup hands in the snapshot history plus the snapshot it just computed, and
stores the result in that snapshot, so the health check and GET /ai/metrics read it with the snapshot they
already read.

The trend is a Theil-Sen line (the median of the slopes between every pair of points, with the median
intercept): one bad rollup moves it by at most one pair-slope rank, where least squares would follow the
spike. A dozen points make 66 pairs, so plain Python is cheaper than importing numpy or scipy at cold start.

A forecast is only made when the history can carry one, and otherwise says why (`reason`):
- fewer than MIN_POINTS snapshots with executions;
- a flat trend (the line moves less than the metric's FLAT_PER_HOUR);
- a noisy history: the pairs disagree on the direction (|Kendall's tau| under MIN_AGREEMENT), or the
  scatter around the line is large next to what the line explains over the span.
A single spike in a flat history leaves the median slope at zero, so it reads as flat, never as a trend.

Thresholds are the contract's (`rollup.HEALTHY_ABOVE_PERCENT`, `CRITICAL_BELOW_PERCENT`, `SLOW_MS`). The
contract judges the AVERAGE execution time against 5 s; the forecast watches p95, which rises first, and
projects it crossing 5 s as the "slow" warning sign: that is said in the text, not hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from statistics import median
from typing import Literal

from taskexec.monitoring.snapshot import Crossing, Forecast, MetricForecast, Snapshot, StatusLabel, iso
from taskexec.monitoring.status import CRITICAL_BELOW_PERCENT, HEALTHY_ABOVE_PERCENT, SLOW_MS

MIN_POINTS = 6
HORIZON = timedelta(hours=6)
MIN_AGREEMENT = 0.5
"""|Kendall's tau| needed: at least three pairs in four must agree on the direction."""
MAX_NOISE_SHARE = 0.5
"""Noisy when the robust scatter around the line exceeds half of the change the line makes over the span."""
MAD_TO_SIGMA = 1.4826

Metric = Literal["successRate", "p95ExecutionMs"]
FLAT_PER_HOUR: dict[Metric, float] = {"successRate": 1.0, "p95ExecutionMs": 50.0}
"""Slopes under these (points per hour, ms per hour) are flat: over the 6-hour horizon they move the figure
less than 6 points or 300 ms, too little to warn about."""


Point = tuple[datetime, float]


def theil_sen(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Slope (median pairwise), intercept (median of y - slope x) and Kendall's tau of the points."""
    slopes: list[float] = []
    concordant = discordant = 0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            dx, dy = xs[j] - xs[i], ys[j] - ys[i]
            if dx == 0:
                continue
            slopes.append(dy / dx)
            if dy * dx > 0:
                concordant += 1
            elif dy * dx < 0:
                discordant += 1
    if not slopes:
        return 0.0, median(ys), 0.0
    slope = median(slopes)
    intercept = median(y - slope * x for x, y in zip(xs, ys, strict=True))
    return slope, intercept, (concordant - discordant) / len(slopes)


def _crossing(
    metric: Metric, latest: float, level: Callable[[float], float], slope: float, origin: datetime
) -> Crossing | None:
    """The first threshold the line crosses after `origin` and within the horizon, from the latest value's side."""
    if metric == "successRate":
        # Falling: under the healthy bar is a warning, under the critical bar critical; rising: the reverse.
        candidates: list[tuple[float, StatusLabel, bool]] = (
            [(HEALTHY_ABOVE_PERCENT, "warning", True), (CRITICAL_BELOW_PERCENT, "critical", True)]
            if slope < 0
            else [(CRITICAL_BELOW_PERCENT, "warning", False), (HEALTHY_ABOVE_PERCENT, "healthy", False)]
        )
    else:
        candidates = [(SLOW_MS, "warning", False)] if slope > 0 else []
    for threshold, status, falling in candidates:
        not_yet = latest > threshold if falling else latest < threshold
        if not not_yet:
            continue
        hours = max((threshold - level(0.0)) / slope, 0.0)
        if hours <= HORIZON.total_seconds() / 3600:
            return Crossing(status=status, threshold=threshold, at=iso(origin + timedelta(hours=hours)))
        return None
    return None


def metric_forecast(metric: Metric, points: Sequence[Point]) -> MetricForecast:
    """The trend of one metric and the threshold it crosses within the horizon, or why there is none."""
    if len(points) < MIN_POINTS:
        return MetricForecast(
            trendPerHour=None,
            reason=f"too few snapshots: {len(points)} with executions in the window, {MIN_POINTS} needed",
        )
    origin = points[-1][0]
    xs = [(at - origin).total_seconds() / 3600 for at, _ in points]
    ys = [value for _, value in points]
    slope, intercept, tau = theil_sen(xs, ys)
    unit = "points" if metric == "successRate" else "ms"
    trend = round(slope, 1 if metric == "successRate" else 0)
    if abs(slope) < FLAT_PER_HOUR[metric]:
        return MetricForecast(
            trendPerHour=trend,
            reason=f"flat: {slope:+.1f} {unit}/h is under {FLAT_PER_HOUR[metric]:g} {unit}/h",
        )
    residuals = [y - (intercept + slope * x) for x, y in zip(xs, ys, strict=True)]
    scatter = MAD_TO_SIGMA * median(abs(r) for r in residuals)
    explained = abs(slope) * (xs[-1] - xs[0])
    if abs(tau) < MIN_AGREEMENT or scatter > MAX_NOISE_SHARE * explained:
        return MetricForecast(
            trendPerHour=trend,
            reason=f"noisy: the snapshots scatter {scatter:.1f} {unit} around a trend of {slope:+.1f} {unit}/h "
            f"(direction agreement {abs(tau):.2f}), too much to project",
        )
    crossing = _crossing(metric, ys[-1], lambda x: intercept + slope * x, slope, origin)
    return MetricForecast(
        trendPerHour=trend,
        crosses=crossing,
        reason=None if crossing else f"no status threshold crossed within {int(HORIZON.total_seconds() // 3600)} h",
    )


def forecast(snapshots: Sequence[Snapshot]) -> Forecast:
    """The forecast from snapshots oldest first (the newest is the one being stored). Snapshots without
    executions or from an unreachable database carry no figures and are left out."""
    rates = [(datetime.fromisoformat(s.computedAt), s.successRate) for s in snapshots if s.successRate is not None]
    p95s = [(datetime.fromisoformat(s.computedAt), s.p95ExecutionMs) for s in snapshots if s.p95ExecutionMs is not None]
    return Forecast(
        points=len(rates),
        horizonHours=int(HORIZON.total_seconds() // 3600),
        successRate=metric_forecast("successRate", [(at, v) for at, v in rates if v is not None]),
        p95ExecutionMs=metric_forecast("p95ExecutionMs", [(at, v) for at, v in p95s if v is not None]),
    )


def _clock(at: str) -> str:
    return datetime.fromisoformat(at).strftime("%H:%M UTC")


def warnings(result: Forecast) -> list[tuple[str, str]]:
    """(issue, recommendation) pairs for every threshold the trends cross within the horizon: the warning
    arrives while the status is still the old one."""
    found: list[tuple[str, str]] = []
    rate, p95 = result.successRate, result.p95ExecutionMs
    if rate.crosses and rate.trendPerHour is not None and rate.crosses.status != "healthy":
        direction = "falls" if rate.trendPerHour < 0 else "rises"
        found.append(
            (
                f"Forecast: the success rate {direction} {abs(rate.trendPerHour):g} points/h; at this rate it passes "
                f"{rate.crosses.threshold:g}% ({rate.crosses.status}) around {_clock(rate.crosses.at)}.",
                f"Success rate {direction} {abs(rate.trendPerHour):g} points/h; at this rate it passes "
                f"{rate.crosses.threshold:g}% around {_clock(rate.crosses.at)}: look at the growing error codes in "
                "errorPatterns and the execute function's 5xx logs now, before the status turns "
                f"{rate.crosses.status}.",
            )
        )
    if p95.crosses and p95.trendPerHour is not None:
        found.append(
            (
                f"Forecast: p95 execution time rises {p95.trendPerHour:g} ms/h; at this rate it passes 5 s around "
                f"{_clock(p95.crosses.at)} (the status judges the average against 5 s; the p95 leads it).",
                f"p95 rises {p95.trendPerHour:g} ms/h; at this rate it passes 5 s around {_clock(p95.crosses.at)}: "
                "check the assignee index and DynamoDB latency (SuccessfulRequestLatency) and Bedrock latency "
                "(DETECTOR=bedrock waits up to BEDROCK_TIMEOUT_MS) before the average follows.",
            )
        )
    return found
