"""The forecast through the handlers in moto: a scripted hour of executions that fail more and more, rolled up
by the scheduled handler at successive 5-minute instants (it honours the event's `time`), then read back from
GET /ai/health-check and GET /ai/metrics while the status is still healthy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec.authorization import Role
from taskexec.data import clients, monitoring_store
from taskexec.data.statistics_store import bucket_update
from taskexec.monitoring.counters import Attempt

ROLLUP_INTERVAL = timedelta(minutes=5)


def record(outcome: str, count: int, at: datetime, ms: int = 300) -> None:
    """Attempts written to the minute bucket of `at`, exactly as recording writes them."""
    for _ in range(count):
        clients.dynamodb().update_item(**bucket_update(Attempt(outcome, "ADMIN", ms, None), at=at))


def rollup_at(at: datetime) -> dict[str, Any]:
    """The scheduled handler with the scheduler's payload for that instant."""
    event = {"time": at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    result: dict[str, Any] = load_function("metrics_rollup").lambda_handler(event, LambdaContext("metrics_rollup"))
    return result


def test_a_rising_failure_rate_is_forecast_before_the_status_changes(aws: Any, api: Any, make_user: Any) -> None:
    last = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    first = last - 12 * ROLLUP_INTERVAL
    # Two hours of traffic, one write minute per 5-minute slot: 20 successes and a failure count that grows
    # by one every 10 minutes of the second hour, so each window's success rate falls a little further.
    for slot in range(24):
        at = first - timedelta(minutes=60) + slot * ROLLUP_INTERVAL + timedelta(minutes=2)
        record("SUCCEEDED", 20, at)
        record("FAILED", max(0, slot - 12) // 2 + (1 if slot >= 12 else 0), at)

    results = [rollup_at(first + k * ROLLUP_INTERVAL) for k in range(13)]

    assert [r["computedAt"] for r in results][-1] == last.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert results[-1]["status"] == "healthy"
    history = monitoring_store.history(first, last)
    assert len(history) == 13
    rates = [s.successRate for s in history]
    assert rates[0] == 100.0
    assert rates[-1] is not None
    assert rates[-1] > 80

    admin = make_user(Role.ADMIN)
    health = api("GET", "/ai/health-check", admin)
    assert health.status == 200, health.body
    monitoring = health.body["monitoring"]
    assert monitoring["status"] == "healthy"
    forecast = monitoring["forecast"]
    assert forecast["points"] == 13
    assert forecast["successRate"]["trendPerHour"] < 0
    crossing = forecast["successRate"]["crosses"]
    assert crossing["status"] == "warning"
    assert crossing["threshold"] == 80
    assert last < datetime.fromisoformat(crossing["at"]) <= last + timedelta(hours=6)
    assert forecast["p95ExecutionMs"]["crosses"] is None
    assert forecast["p95ExecutionMs"]["reason"]
    clock = datetime.fromisoformat(crossing["at"]).strftime("%H:%M UTC")
    assert any("Success rate falls" in r and clock in r for r in monitoring["recommendations"])

    metrics = api("GET", "/ai/metrics", admin).body
    assert metrics["forecast"] == forecast
    assert metrics["latest"]["forecast"] == forecast


def test_a_future_event_time_is_ignored_and_now_is_used(aws: Any) -> None:
    now = datetime.now(UTC)
    result = rollup_at(now + timedelta(hours=3))
    assert datetime.fromisoformat(result["computedAt"]) <= now + timedelta(minutes=1)


def test_too_few_rollups_say_why_there_is_no_forecast(aws: Any, api: Any, make_user: Any) -> None:
    last = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    record("SUCCEEDED", 5, last - timedelta(minutes=3))
    for k in range(3):
        rollup_at(last - (2 - k) * ROLLUP_INTERVAL)
    forecast = api("GET", "/ai/health-check", make_user(Role.ADMIN)).body["monitoring"]["forecast"]
    assert forecast["successRate"]["crosses"] is None
    assert "too few" in forecast["successRate"]["reason"]


def test_an_unreadable_history_costs_the_forecast_not_the_snapshot(aws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    last = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    record("SUCCEEDED", 5, last - timedelta(minutes=3))

    def down(*_: Any, **__: Any) -> Any:
        raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")

    monkeypatch.setattr(monitoring_store, "history", down)
    result = rollup_at(last)
    assert result["status"] == "healthy"
    monkeypatch.undo()
    latest = monitoring_store.latest_snapshot()
    assert latest is not None
    assert latest.executions == 5
    assert latest.forecast is None
