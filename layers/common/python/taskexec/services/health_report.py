"""GET /ai/health-check: is the service able to execute tasks right now, and how has it been doing?

The verdict combines what this request can see for itself (does the database answer, are the tables as the
code needs them, is the configuration complete) with the latest rollup snapshot (how executions went over
the last window). Everything is computed for every caller, because the overall status depends on all of it;
callers who may not read metrics see only `overall` and `authentication`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger

from taskexec import config
from taskexec.authorization import Action, can
from taskexec.data import monitoring_store, table_check
from taskexec.data.dynamodb_errors import is_database_fault
from taskexec.domain.users import User
from taskexec.monitoring.snapshot import HealthStatus, Snapshot, iso
from taskexec.schemas.health import (
    AiSystemHealth,
    AuthenticationHealth,
    ConfigurationHealth,
    DatabaseHealth,
    HealthReport,
    MonitoringHealth,
    Overall,
    TableHealth,
)

logger = Logger(child=True)

ROLLUP_PERIOD = timedelta(minutes=5)
STALE_AFTER = 3 * ROLLUP_PERIOD
"""A snapshot older than three rollup periods means the rollup has stopped: monitoring is blind."""
SUMMARY_SECTIONS = frozenset({"overall", "authentication"})


def missing_configuration() -> list[str]:
    """Environment variables the deployed service needs but does not have (names only, never values)."""
    missing = config.missing_environment()
    settings = config.settings()
    if settings.detector == "bedrock" and not settings.bedrock_model_id:
        missing.append("BEDROCK_MODEL_ID")
    return sorted(missing)


def ai_description() -> dict[str, Any]:
    """The detector's own description; a broken detector module must not take the health check down."""
    try:
        from taskexec.detection import describe

        return describe()
    except Exception:
        logger.exception("detector description failed")
        return {"provider": "unavailable", "localAiEnabled": False, "taskExecutionEnabled": False}


def _database() -> tuple[DatabaseHealth, Snapshot | None]:
    """Read the latest snapshot (the round trip is the latency figure), then the tables' shape."""
    started = time.perf_counter()
    try:
        latest = monitoring_store.latest_snapshot()
    except Exception as exc:
        if not is_database_fault(exc):
            raise
        logger.warning("health check: database unreachable", extra={"fault": type(exc).__name__})
        # Describing eight tables of an unreachable database would only add eight timeouts.
        return DatabaseHealth(status="unreachable", allModelsWorking=False, tables={}, latencyMs=None), None
    latency = round((time.perf_counter() - started) * 1000, 1)
    states = table_check.check_tables()
    tables = {
        logical_id: TableHealth(
            exists=state.exists,
            keysOk=state.keys_ok,
            indexesOk=state.indexes_ok,
            missingIndexes=list(state.missing_indexes),
            active=state.active,
        )
        for logical_id, state in states.items()
    }
    working = all(state.working for state in states.values())
    return DatabaseHealth(status="connected", allModelsWorking=working, tables=tables, latencyMs=latency), latest


def _monitoring(latest: Snapshot | None, now: datetime) -> MonitoringHealth:
    if latest is None:
        return MonitoringHealth(
            status="unknown",
            successRate=None,
            avgExecutionMs=None,
            p95ExecutionMs=None,
            executions=None,
            window=None,
            computedAt=None,
            stale=True,
            issues=["No rollup snapshot yet: nothing is known about recent executions."],
            recommendations=[
                "The rollup runs every 5 minutes: if this persists, check the MetricsRollupFunction's schedule, "
                "errors and logs (the Rollup-missing alarm fires too)."
            ],
        )
    age = now - datetime.fromisoformat(latest.computedAt)
    stale = age > STALE_AFTER
    issues, recommendations = list(latest.issues), list(latest.recommendations)
    if stale:
        issues.insert(
            0, f"The latest snapshot is {int(age.total_seconds() // 60)} minutes old: the rollup has stopped."
        )
        recommendations.insert(
            0,
            "Check the MetricsRollupFunction's schedule (EventBridge Scheduler), its errors and its logs; the "
            "figures below are out of date.",
        )
    return MonitoringHealth(
        status=latest.status,
        successRate=latest.successRate,
        avgExecutionMs=latest.avgExecutionMs,
        p95ExecutionMs=latest.p95ExecutionMs,
        executions=latest.executions,
        window=latest.window,
        computedAt=latest.computedAt,
        stale=stale,
        forecast=latest.forecast,
        issues=issues,
        recommendations=recommendations,
    )


def overall_status(
    database: DatabaseHealth, monitoring: MonitoringHealth, configuration: ConfigurationHealth
) -> HealthStatus:
    """Critical: the database is unreachable or the rollup says so. Warning: the rollup says so, it is stale
    or missing, the configuration is incomplete, or a table is not as the code needs it. Else healthy."""
    if database.status == "unreachable" or monitoring.status == "critical":
        return HealthStatus.CRITICAL
    if (
        monitoring.status == "warning"
        or monitoring.stale
        or configuration.status == "incomplete"
        or not database.allModelsWorking
    ):
        return HealthStatus.WARNING
    return HealthStatus.HEALTHY


def build(user: User, now: datetime | None = None) -> HealthReport:
    now = now or datetime.now(UTC)
    database, latest = _database()
    missing = missing_configuration()
    ai = ai_description()
    configuration = ConfigurationHealth(
        status="incomplete" if missing else "ok", missing=missing, aiProvider=str(ai.get("provider", "unknown"))
    )
    ai_system = AiSystemHealth(
        taskExecutionEnabled=bool(ai.get("taskExecutionEnabled", False)),
        localAiEnabled=bool(ai.get("localAiEnabled", False)),
    )
    monitoring = _monitoring(latest, now)
    status = overall_status(database, monitoring, configuration)
    ready = (
        database.status == "connected"
        and database.allModelsWorking
        and configuration.status == "ok"
        and ai_system.taskExecutionEnabled
    )
    return HealthReport(
        overall=Overall(status=status.label, version=config.settings().version, systemReady=ready, checkedAt=iso(now)),
        database=database,
        authentication=AuthenticationHealth(
            authenticated=True,
            userId=user.id,
            role=user.role.value,
            active=user.active,
            canExecuteTasks=user.can_execute,
        ),
        configuration=configuration,
        aiSystem=ai_system,
        monitoring=monitoring,
    )


def respond(user: User, now: datetime | None = None) -> tuple[int, dict[str, Any]]:
    """HTTP status (503 when critical) and the body this caller may see."""
    report = build(user, now)
    status = 503 if report.overall.status == HealthStatus.CRITICAL.label else 200
    include = None if can(user.role, Action.READ_METRICS) else set(SUMMARY_SECTIONS)
    return status, report.model_dump(mode="json", include=include)
