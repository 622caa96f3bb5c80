"""`make local` end to end for the forecast: an hour of executions that fail more and more, written to the
local stack's statistics buckets the way recording writes them (for past minutes, which no HTTP call can
do), rolled up by the rollup function at successive 5-minute instants (the scheduler's `time`, which the
handler honours), then read over HTTP from the local gateway with a real token: the health check carries
the forecast and the recommendation while the status is still healthy.

The rollups run in this process against the stack's emulated DynamoDB, with the environment the template
gives the function; the stack's own scheduler fires only every 5 minutes of wall-clock time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec.data import clients
from taskexec.data.statistics_store import bucket_update
from taskexec.monitoring.counters import Attempt
from tests.e2e.local_stack import RunningStack, its_aws, running_stack

pytestmark = pytest.mark.e2e

ROLLUP_INTERVAL = timedelta(minutes=5)
FIRST_ROLLUP_WAIT_S = 30.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    state_dir: Path = tmp_path_factory.mktemp("local-stack-forecast")
    with running_stack(state_dir) as running:
        yield running


@pytest.fixture
def stack_aws(stack: RunningStack, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with its_aws(stack, monkeypatch):
        yield


def wait_for_the_stack_s_first_rollup(stack: RunningStack) -> None:
    """The stack rolls up once shortly after start; wait for it so it cannot land between the scripted runs."""
    deadline = time.monotonic() + FIRST_ROLLUP_WAIT_S
    while "scheduled MetricsRollupFunction" not in stack.log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the local stack's first rollup did not run:\n{stack.log_tail()}")
        time.sleep(0.2)


def test_failing_executions_across_rollups_give_a_forecast_and_a_recommendation(
    stack: RunningStack, stack_aws: None
) -> None:
    wait_for_the_stack_s_first_rollup(stack)
    last = datetime.now(UTC).replace(microsecond=0)
    first = last - 12 * ROLLUP_INTERVAL
    # Two hours of executions, one write minute per 5-minute slot: 20 succeed in every slot, and in the
    # second hour the failures grow by one every 10 minutes.
    for slot in range(24):
        at = first - timedelta(minutes=60) + slot * ROLLUP_INTERVAL + timedelta(minutes=2)
        for outcome, count in (("SUCCEEDED", 20), ("FAILED", (max(0, slot - 12) // 2 + 1) if slot >= 12 else 0)):
            for _ in range(count):
                clients.dynamodb().update_item(
                    **bucket_update(
                        Attempt(outcome, "ADMIN", 300, "INTERNAL_ERROR" if outcome == "FAILED" else None), at=at
                    )
                )

    rollup = load_function("metrics_rollup").lambda_handler
    runs = [
        rollup({"time": (first + k * ROLLUP_INTERVAL).strftime("%Y-%m-%dT%H:%M:%SZ")}, LambdaContext("metrics_rollup"))
        for k in range(13)
    ]
    assert runs[-1]["status"] == "healthy", runs

    status, health, _ = stack.call("GET", "/ai/health-check", stack.id_token("ADMIN"))
    assert status == 200, health
    monitoring = health["monitoring"]
    assert (monitoring["status"], monitoring["computedAt"]) == ("healthy", runs[-1]["computedAt"])
    forecast = monitoring["forecast"]
    assert forecast["points"] == 13
    crossing = forecast["successRate"]["crosses"]
    assert crossing is not None, forecast
    assert (crossing["status"], crossing["threshold"]) == ("warning", 80)
    assert last < datetime.fromisoformat(crossing["at"]) <= last + timedelta(hours=6)
    clock = datetime.fromisoformat(crossing["at"]).strftime("%H:%M UTC")
    assert any("Success rate falls" in r and clock in r for r in monitoring["recommendations"]), monitoring

    status, metrics, _ = stack.call("GET", "/ai/metrics", stack.id_token("ADMIN"))
    assert status == 200, metrics
    assert metrics["forecast"] == forecast
    # Callers who may not read metrics still see only the summary.
    status, limited, _ = stack.call("GET", "/ai/health-check", stack.id_token("USER"))
    assert set(limited) == {"overall", "authentication"}
