"""The health snapshot: what one rollup found, as stored, reported by the health check and summed by metrics.

Plain models and formats only; the rules that fill them in are `taskexec.monitoring.status`'s.
"""

from datetime import UTC, datetime
from enum import IntEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

StatusLabel = Literal["healthy", "warning", "critical"]
Window = Literal["1h", "24h", "7d"]
"""The windows /ai/metrics reports over."""


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
    def of(cls, label: str) -> Self:
        return cls[label.upper()]


class Schema(BaseModel):
    """Base of the snapshot models. Not `taskexec.schemas.common.Schema`: the API's schemas build on these
    models, so these may not depend on them; same setting (validators built on first use, not at import)."""

    model_config = ConfigDict(defer_build=True)


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


def span_words(minutes: int) -> str:
    """A window as words for issue texts: "the last hour"."""
    if minutes == 60:
        return "the last hour"
    if minutes % 60 == 0:
        return f"the last {minutes // 60} hours"
    return f"the last {minutes} minutes"
