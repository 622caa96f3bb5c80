"""Monitoring end to end in moto: attempts recorded as recording writes them, the scheduled rollup's snapshot
and metrics, and what GET /ai/health-check and GET /ai/metrics make of them for each kind of caller."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec import config
from taskexec.authorization import Role
from taskexec.data import activity, clients, monitoring_store, table_check
from taskexec.data.statistics_store import bucket_update
from taskexec.monitoring.counters import Attempt
from taskexec.services import recording as recorder
from taskexec.services import rollup_job
from tests.support.statistics import StatisticsFeed


@pytest.fixture(autouse=True)
def fresh_table_cache() -> Iterator[None]:
    """Each test builds its own tables; the per-container description cache must not carry over."""
    table_check.clear_cache()
    yield
    table_check.clear_cache()


@pytest.fixture
def complete_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment the template gives every function (table names are the logical ids in moto)."""
    for logical_id, env in config.TABLE_ENV.items():
        monkeypatch.setenv(env, logical_id)


def record(
    outcome: str,
    count: int = 1,
    *,
    role: str = "ADMIN",
    ms: int = 300,
    code: str | None = None,
    at: datetime | None = None,
) -> None:
    for _ in range(count):
        clients.dynamodb().update_item(**bucket_update(Attempt(outcome, role, ms, code), at=at))


def run_rollup(capsys: pytest.CaptureFixture[str] | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Invoke the scheduled handler as EventBridge would; returns its result and the EMF documents it printed."""
    if capsys is not None:
        capsys.readouterr()
    event = {"version": "0", "detail-type": "Scheduled Event", "source": "aws.scheduler", "detail": {}}
    result = load_function("metrics_rollup").lambda_handler(event, LambdaContext("metrics_rollup"))
    emf: list[dict[str, Any]] = []
    if capsys is not None:
        for line in capsys.readouterr().out.splitlines():
            try:
                document = json.loads(line)
            except ValueError:
                continue
            if isinstance(document, dict) and "_aws" in document:
                emf.append(document)
    return result, emf


def metric_values(emf: list[dict[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for document in emf:
        directive = document["_aws"]["CloudWatchMetrics"][0]
        assert directive["Namespace"] == "TaskExecution"
        assert ["service"] in directive["Dimensions"]
        assert document["service"] == "taskexec"
        for metric in directive["Metrics"]:
            value = document[metric["Name"]]
            values[metric["Name"]] = value[0] if isinstance(value, list) and len(value) == 1 else value
    return values


# --- The rollup ------------------------------------------------------------------------------------------------


def test_rollup_over_recorded_attempts_stores_and_emits(aws: Any, capsys: pytest.CaptureFixture[str]) -> None:
    record("SUCCEEDED", 23, ms=400)
    record("FAILED", 14, ms=900, code="DATABASE_UNAVAILABLE")
    record("DENIED", 2, role="USER", code="INSUFFICIENT_PRIVILEGES")
    record("INVALID", 1, code="NO_TASK_DETECTED")
    record("FAILED", 50, at=datetime.now(UTC) - timedelta(hours=2))  # outside the window: not counted
    # One attempt through the real recording path (audit row + EMF), as the execute route does it; the statistics
    # consumer folds its row into the buckets from the stream.
    recorder.record_attempt(
        activity.ActivityRecord(user_id="u-1", action="execute", outcome="SUCCEEDED", role="ADMIN", duration_ms=350),
        counted=True,
    )
    StatisticsFeed().catch_up()
    recorder.metrics.clear_metrics()  # the execute handler would have flushed these; they are not the rollup's

    result, emf = run_rollup(capsys)

    assert result["status"] == "warning"
    latest = monitoring_store.latest_snapshot()
    assert latest is not None
    assert latest.outcomes == {"SUCCEEDED": 24, "FAILED": 14, "DENIED": 2, "INVALID": 1}
    assert latest.executions == 38
    assert latest.successRate == round(100 * 24 / 38, 1)
    assert latest.errorPatterns[0].code == "DATABASE_UNAVAILABLE"
    assert {r.role for r in latest.roleStatistics} == {"ADMIN", "USER"}
    assert "14 of 38 executions failed, mostly DATABASE_UNAVAILABLE" in latest.issues[0]
    now = datetime.now(UTC)
    assert [s.computedAt for s in monitoring_store.history(now - timedelta(minutes=5), now)] == [latest.computedAt]
    values = metric_values(emf)
    assert values["HealthStatus"] == 1
    assert values["SuccessRate"] == latest.successRate
    assert values["AvgExecutionTimeMs"] == latest.avgExecutionMs
    assert values["P95ExecutionTimeMs"] == latest.p95ExecutionMs
    assert values["Executions"] == 38


def test_rollup_without_executions_is_healthy_and_emits_health_status(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    result, emf = run_rollup(capsys)
    assert result["status"] == "healthy"
    values = metric_values(emf)
    assert values["HealthStatus"] == 0
    assert "SuccessRate" not in values  # an idle hour is not 0%


def test_rollup_with_the_database_unreachable_is_critical_and_does_not_crash(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    aws.delete_table(TableName="MonitoringTable")
    result, emf = run_rollup(capsys)
    assert result["status"] == "critical"
    assert metric_values(emf)["HealthStatus"] == 2


# --- The health check ------------------------------------------------------------------------------------------

SECTIONS = {"overall", "database", "authentication", "configuration", "aiSystem", "monitoring"}


def test_health_check_full_body_for_admins(aws: Any, api: Any, make_user: Any, complete_config: None) -> None:
    record("SUCCEEDED", 10)
    run_rollup()
    admin = make_user(Role.ADMIN)
    reply = api("GET", "/ai/health-check", admin)
    assert reply.status == 200, reply.body
    body = reply.body
    assert set(body) == SECTIONS
    assert body["overall"]["status"] == "healthy"
    assert body["overall"]["systemReady"] is True
    assert body["database"]["status"] == "connected"
    assert body["database"]["allModelsWorking"] is True
    assert set(body["database"]["tables"]) == set(config.TABLE_ENV)
    assert all(t["exists"] and t["keysOk"] and t["indexesOk"] for t in body["database"]["tables"].values())
    assert body["authentication"] == {
        "authenticated": True,
        "userId": admin.id,
        "role": "ADMIN",
        "active": True,
        "canExecuteTasks": True,
    }
    assert body["configuration"] == {"status": "ok", "missing": [], "aiProvider": "offline-rules"}
    assert body["aiSystem"] == {"taskExecutionEnabled": True, "localAiEnabled": True}
    monitoring = body["monitoring"]
    assert (monitoring["status"], monitoring["executions"], monitoring["successRate"]) == ("healthy", 10, 100.0)
    assert (monitoring["window"], monitoring["stale"]) == ("1h", False)
    assert "arn:aws" not in json.dumps(body)


def test_users_see_only_overall_and_authentication(aws: Any, api: Any, make_user: Any) -> None:
    user = make_user(Role.USER)
    reply = api("GET", "/ai/health-check", user)
    assert reply.status == 200
    assert set(reply.body) == {"overall", "authentication"}
    assert reply.body["authentication"]["canExecuteTasks"] is False


def test_missing_snapshot_is_stale_and_a_warning(aws: Any, api: Any, make_user: Any, complete_config: None) -> None:
    reply = api("GET", "/ai/health-check", make_user(Role.IT_ADMIN))
    assert reply.status == 200
    assert reply.body["overall"]["status"] == "warning"
    assert reply.body["monitoring"]["status"] == "unknown"
    assert reply.body["monitoring"]["stale"] is True
    assert "No rollup snapshot" in reply.body["monitoring"]["issues"][0]


def test_old_snapshot_is_stale_and_a_warning(aws: Any, api: Any, make_user: Any, complete_config: None) -> None:
    rollup_job.run(now=datetime.now(UTC) - timedelta(minutes=16))
    body = api("GET", "/ai/health-check", make_user(Role.ADMIN)).body
    assert body["monitoring"]["stale"] is True
    assert body["overall"]["status"] == "warning"
    assert "rollup has stopped" in body["monitoring"]["issues"][0]


def test_recent_snapshot_is_not_stale(aws: Any, api: Any, make_user: Any, complete_config: None) -> None:
    rollup_job.run(now=datetime.now(UTC) - timedelta(minutes=14))
    body = api("GET", "/ai/health-check", make_user(Role.ADMIN)).body
    assert body["monitoring"]["stale"] is False
    assert body["overall"]["status"] == "healthy"


def test_critical_snapshot_answers_503_to_everyone(aws: Any, api: Any, make_user: Any) -> None:
    record("SUCCEEDED", 1)
    record("FAILED", 9, code="INTERNAL_ERROR")
    run_rollup()
    admin = api("GET", "/ai/health-check", make_user(Role.SUPER_ADMIN))
    assert admin.status == 503
    assert admin.body["overall"]["status"] == "critical"
    assert admin.body["monitoring"]["status"] == "critical"
    user = api("GET", "/ai/health-check", make_user(Role.USER))
    assert user.status == 503
    assert set(user.body) == {"overall", "authentication"}


def test_unreachable_database_is_critical(aws: Any, api: Any, make_user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    caller = make_user(Role.ADMIN)  # the guard reads the user row through the models; this read fails after it

    def down(**_: Any) -> Any:
        raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")

    monkeypatch.setattr(clients.dynamodb(), "get_item", down)
    reply = api("GET", "/ai/health-check", caller)
    assert reply.status == 503
    assert reply.body["database"]["status"] == "unreachable"
    assert reply.body["database"]["allModelsWorking"] is False
    assert reply.body["overall"]["status"] == "critical"
    assert "amazonaws" not in json.dumps(reply.body)


def test_a_missing_index_fails_all_models_working(aws: Any, api: Any, make_user: Any, complete_config: None) -> None:
    rollup_job.run()
    description = aws.describe_table(TableName="TasksTable")["Table"]
    aws.delete_table(TableName="TasksTable")
    aws.create_table(
        TableName="TasksTable",
        KeySchema=description["KeySchema"],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    body = api("GET", "/ai/health-check", make_user(Role.ADMIN)).body
    tasks = body["database"]["tables"]["TasksTable"]
    assert (tasks["exists"], tasks["keysOk"], tasks["indexesOk"]) == (True, True, False)
    assert tasks["missingIndexes"] == ["all-index", "assignee-index", "creator-index"]
    assert body["database"]["allModelsWorking"] is False
    assert body["overall"]["systemReady"] is False
    assert body["overall"]["status"] == "warning"


def test_incomplete_configuration_is_named_and_a_warning(
    aws: Any, api: Any, make_user: Any, complete_config: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    rollup_job.run()
    monkeypatch.delenv("IDEMPOTENCY_TABLE")
    body = api("GET", "/ai/health-check", make_user(Role.ADMIN)).body
    assert body["configuration"]["status"] == "incomplete"
    assert body["configuration"]["missing"] == ["IDEMPOTENCY_TABLE"]
    assert body["overall"]["status"] == "warning"


def test_table_descriptions_are_cached_between_health_checks(
    aws: Any, api: Any, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = clients.dynamodb()
    calls: list[str] = []
    real = client.describe_table

    def counting(**kwargs: Any) -> Any:
        calls.append(kwargs["TableName"])
        return real(**kwargs)

    monkeypatch.setattr(client, "describe_table", counting)
    admin = make_user(Role.ADMIN)
    api("GET", "/ai/health-check", admin)
    assert len(calls) == len(config.TABLE_ENV)
    api("GET", "/ai/health-check", admin)
    assert len(calls) == len(config.TABLE_ENV)


# --- Metrics ---------------------------------------------------------------------------------------------------


def test_metrics_for_executing_roles(aws: Any, api: Any, make_user: Any) -> None:
    now = datetime.now(UTC)
    record("FAILED", 2, code="INTERNAL_ERROR", role="IT_ADMIN", at=now - timedelta(hours=3))
    rollup_job.run(now=now - timedelta(hours=2, minutes=30))  # sees the three-hour-old attempts
    record("SUCCEEDED", 4, role="ADMIN", at=now - timedelta(minutes=2))
    record("DENIED", 1, role="USER", code="INSUFFICIENT_PRIVILEGES", at=now - timedelta(minutes=2))
    rollup_job.run(now=now - timedelta(minutes=1))

    day = api("GET", "/ai/metrics", make_user(Role.IT_ADMIN), query="window=24h")
    assert day.status == 200, day.body
    assert day.body["window"] == "24h"
    assert day.body["latest"]["executions"] == 4
    trend = day.body["trend"]
    assert [p["executions"] for p in trend] == [2, 4]  # oldest first
    assert set(trend[0]) == {
        "computedAt",
        "status",
        "healthStatus",
        "executions",
        "successRate",
        "avgExecutionMs",
        "p95ExecutionMs",
    }
    assert {(p["code"], p["count"]) for p in day.body["errorPatterns"]} == {
        ("INTERNAL_ERROR", 2),
        ("INSUFFICIENT_PRIVILEGES", 1),
    }
    roles = {r["role"]: r for r in day.body["roleStatistics"]}
    assert roles["IT_ADMIN"]["attempts"]["FAILED"] == 2
    assert roles["ADMIN"]["successRate"] == 100.0

    hour = api("GET", "/ai/metrics", make_user(Role.SUPER_ADMIN), query="window=1h").body
    assert [p["executions"] for p in hour["trend"]] == [4]
    assert {p["code"] for p in hour["errorPatterns"]} == {"INSUFFICIENT_PRIVILEGES"}


def test_metrics_default_window_is_one_hour(aws: Any, api: Any, make_user: Any) -> None:
    reply = api("GET", "/ai/metrics", make_user(Role.ADMIN))
    assert reply.status == 200
    assert reply.body == {
        "window": "1h",
        "latest": None,
        "trend": [],
        "errorPatterns": [],
        "roleStatistics": [],
        "forecast": None,
    }


@pytest.mark.parametrize("window", ["2h", "1d", "", "7D", "1h,24h"])
def test_metrics_window_is_validated(aws: Any, api: Any, make_user: Any, window: str) -> None:
    reply = api("GET", "/ai/metrics", make_user(Role.ADMIN), query=f"window={window}")
    assert reply.status == 422
    assert reply.code == "VALIDATION_FAILED"
    assert reply.body["error"]["details"][0]["field"] == "window"


@pytest.mark.parametrize("query", ["window=1h", "window=bogus"])
def test_metrics_refuses_users(aws: Any, api: Any, make_user: Any, query: str) -> None:
    reply = api("GET", "/ai/metrics", make_user(Role.USER), query=query)
    assert reply.status == 403
    assert reply.code == "INSUFFICIENT_PRIVILEGES"
