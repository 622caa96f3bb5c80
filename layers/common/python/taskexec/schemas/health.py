"""GET /ai/health-check and GET /ai/metrics bodies.

Tables are named by their template logical ids, never by their deployed names, and no section carries an AWS
message: the health check is readable by every active user.
"""

from typing import Annotated, Literal

from pydantic import Field

from taskexec.authorization import Role
from taskexec.monitoring.snapshot import ErrorPattern, Forecast, RoleStatistics, Snapshot, StatusLabel, Window
from taskexec.schemas.common import DocumentedAs, Schema


class Overall(Schema):
    status: StatusLabel
    version: str
    systemReady: bool = Field(description="The database answers, every table is as the code needs, config complete")
    checkedAt: str = Field(description="ISO 8601, UTC")


class TableHealth(Schema):
    exists: bool | None = Field(description="null when the table could not be described")
    keysOk: bool
    indexesOk: bool
    missingIndexes: list[str]
    active: bool


class DatabaseHealth(Schema):
    status: Literal["connected", "unreachable"]
    allModelsWorking: bool = Field(description="Every table the code uses exists with the keys and indexes it needs")
    tables: dict[str, TableHealth] = Field(description="By template logical id")
    latencyMs: float | None = Field(description="One read of the latest snapshot; null when unreachable")


class AuthenticationHealth(Schema):
    authenticated: bool
    userId: str
    role: Annotated[str, DocumentedAs(Role)] = Field(description="From the caller's user row")
    active: bool
    canExecuteTasks: bool


class ConfigurationHealth(Schema):
    status: Literal["ok", "incomplete"]
    missing: list[str] = Field(description="Environment variables the service needs that are not set")
    aiProvider: str


class AiSystemHealth(Schema):
    taskExecutionEnabled: bool
    localAiEnabled: bool


class MonitoringHealth(Schema):
    status: StatusLabel | Literal["unknown"] = Field(description="The latest rollup's status; unknown before one")
    successRate: float | None
    avgExecutionMs: float | None
    p95ExecutionMs: float | None
    executions: int | None
    window: str | None
    computedAt: str | None
    stale: bool = Field(description="No snapshot, or the latest is older than three rollup periods")
    forecast: Forecast | None = Field(
        default=None, description="The latest snapshot's forecast; null before the first rollup that made one"
    )
    issues: list[str]
    recommendations: list[str]


class HealthReport(Schema):
    """Callers who may not read metrics (role USER) get `overall` and `authentication` only."""

    overall: Overall
    database: DatabaseHealth | None = None
    authentication: AuthenticationHealth
    configuration: ConfigurationHealth | None = None
    aiSystem: AiSystemHealth | None = None
    monitoring: MonitoringHealth | None = None


class TrendPoint(Schema):
    computedAt: str
    status: StatusLabel
    healthStatus: int
    executions: int
    successRate: float | None
    avgExecutionMs: float | None
    p95ExecutionMs: float | None


class MetricsReport(Schema):
    window: Window
    latest: Snapshot | None = Field(description="The last rollup; null before the first")
    trend: list[TrendPoint] = Field(description="Snapshots computed in the window, oldest first")
    errorPatterns: list[ErrorPattern] = Field(description="Top error codes over the window, most frequent first")
    roleStatistics: list[RoleStatistics] = Field(description="Attempts per role and outcome over the window")
    forecast: Forecast | None = Field(
        default=None, description="The latest snapshot's forecast (fitted over the rollup window's snapshots)"
    )
