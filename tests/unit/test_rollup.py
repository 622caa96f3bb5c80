"""The rollup's judgement: the contract's status boundaries, p95 from the histogram, error patterns, role
statistics, and issues that say what to do. Pure computation: bucket items are folded in memory from the
very update requests recording sends."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError

from taskexec.data.statistics_store import bucket_update, window_ranges
from taskexec.errors import ErrorCode
from taskexec.monitoring import counters, status
from taskexec.monitoring.counters import SHARDS, Attempt
from taskexec.monitoring.snapshot import HealthStatus, Snapshot
from tests.support.counters_in_memory import apply_update

NOW = datetime(2025, 3, 4, 10, 5, 30, tzinfo=UTC)


def items_of(groups: Iterable[tuple[int, Attempt]], at: datetime = NOW) -> list[dict[str, int]]:
    """The bucket items recording would leave after `count` copies of each attempt (spread over shards)."""
    items: dict[tuple[str, str], dict[str, int]] = {}
    n = 0
    for count, attempt in groups:
        for _ in range(count):
            request = bucket_update(attempt, at=at, shard=n % SHARDS)
            key = (request["Key"]["pk"]["S"], request["Key"]["sk"]["S"])
            apply_update(items.setdefault(key, {}), request)
            n += 1
    return list(items.values())


def ok(ms: int = 200, role: str = "ADMIN") -> Attempt:
    return Attempt("SUCCEEDED", role, ms)


def failed(ms: int = 200, code: str = "DATABASE_UNAVAILABLE", role: str = "ADMIN") -> Attempt:
    return Attempt("FAILED", role, ms, code)


def snapshot(*groups: tuple[int, Attempt], minutes: int = 60) -> Snapshot:
    return status.compute(items_of(groups), computed_at=NOW, window_minutes=minutes)


# --- Status boundaries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("succeeded", "failed_", "expected"),
    [
        (80, 20, "warning"),  # exactly 80%: not above it
        (81, 19, "healthy"),  # just above 80%
        (4001, 999, "healthy"),  # 80.02%
        (50, 50, "warning"),  # exactly 50%: not under it
        (49, 51, "critical"),  # just under 50%
        (100, 0, "healthy"),
        (0, 3, "critical"),
    ],
)
def test_status_follows_the_success_rate(succeeded: int, failed_: int, expected: str) -> None:
    snap = snapshot((succeeded, ok()), (failed_, failed()))
    assert snap.status == expected
    assert snap.healthStatus == int(HealthStatus.of(expected))
    assert snap.executions == succeeded + failed_


def test_average_of_exactly_five_seconds_is_a_warning() -> None:
    snap = snapshot((10, ok(5000)))
    assert snap.avgExecutionMs == 5000
    assert (snap.status, snap.healthStatus) == ("warning", 1)
    assert any("Average execution time 5.0 s" in issue for issue in snap.issues)


def test_average_just_under_five_seconds_is_healthy() -> None:
    assert snapshot((9, ok(5000)), (1, ok(4990))).status == "healthy"


def test_no_executions_is_healthy_and_says_so() -> None:
    snap = snapshot()
    assert (snap.status, snap.healthStatus, snap.executions) == ("healthy", 0, 0)
    assert snap.successRate is None
    assert snap.avgExecutionMs is None
    assert snap.p95ExecutionMs is None
    assert "No executions in the last hour" in snap.summary
    assert any("No executions" in issue for issue in snap.issues)


def test_refusals_and_invalid_input_are_not_executions() -> None:
    snap = snapshot((3, Attempt("DENIED", "USER", 4, "INSUFFICIENT_PRIVILEGES")), (2, Attempt("INVALID", "ADMIN", 9)))
    assert snap.executions == 0
    assert snap.status == "healthy"
    assert snap.outcomes == {"SUCCEEDED": 0, "FAILED": 0, "DENIED": 3, "INVALID": 2}


def test_database_unreachable_is_critical() -> None:
    snap = status.unreachable(computed_at=NOW, window_minutes=60)
    assert (snap.status, snap.healthStatus, snap.databaseReachable) == ("critical", 2, False)
    assert snap.issues
    assert "DynamoDB" in snap.recommendations[0]
    assert status.judge(100, 100, 10.0, reachable=False) is HealthStatus.CRITICAL


def test_an_unreachable_database_still_emits_health_status_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rollup service turns a database fault into a critical snapshot and still emits HealthStatus 2."""
    from taskexec.services import rollup_job

    def down(*_: Any, **__: Any) -> Any:
        raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")

    monkeypatch.setattr(rollup_job.monitoring_store, "read_buckets", down)
    monkeypatch.setattr(rollup_job.monitoring_store, "save_snapshot", down)
    snap = rollup_job.run(now=NOW, minutes=60)
    emitted: dict[str, float] = {}

    class Sink:
        def add_metric(self, name: str, unit: Any, value: float) -> None:
            emitted[name] = value

    rollup_job.emit(snap, Sink())
    assert snap.status == "critical"
    assert emitted == {"HealthStatus": 2, "Executions": 0}


# --- Figures ---------------------------------------------------------------------------------------------------


def test_average_and_success_rate() -> None:
    snap = snapshot((3, ok(100)), (1, failed(500)))
    assert snap.successRate == 75.0
    assert snap.avgExecutionMs == 200.0


def test_p95_interpolates_within_its_bin() -> None:
    # 90 attempts in (35, 50], 10 in (2000, 3000]: rank 95 is the 5th of 10 in the upper bin -> 2500.
    assert snapshot((90, ok(50)), (10, ok(2500))).p95ExecutionMs == 2500.0
    # All 100 in (100, 150]: rank 95 -> 100 + 50 * 95 / 100.
    assert snapshot((100, ok(120))).p95ExecutionMs == 147.5


def test_p95_in_the_open_ended_bin_is_its_lower_bound() -> None:
    assert snapshot((10, ok(45_000))).p95ExecutionMs == 30_000.0


def test_percentile_of_an_empty_histogram_is_none() -> None:
    assert status.percentile_ms([0] * len(counters.HISTOGRAM_BOUNDS_MS), 0.95) is None


def test_error_patterns_are_top_codes_most_frequent_first() -> None:
    codes = [c.value for c in ErrorCode if c is not ErrorCode.INTERNAL_ERROR][:12]
    groups = [(i + 1, Attempt("INVALID", "ADMIN", 5, code)) for i, code in enumerate(codes)]
    groups += [(12, failed(code="INTERNAL_ERROR"))]
    patterns = snapshot(*groups).errorPatterns
    assert len(patterns) == status.TOP_ERRORS
    top = [(p.code, p.count) for p in patterns[:3]]
    assert top == [*sorted([(codes[11], 12), ("INTERNAL_ERROR", 12)]), (codes[10], 11)]
    assert {p.code: p.status for p in patterns}["INTERNAL_ERROR"] == 500


def test_role_statistics_per_role_and_outcome() -> None:
    snap = snapshot(
        (3, ok(role="IT_ADMIN")),
        (1, failed(role="IT_ADMIN")),
        (2, ok(role="SUPER_ADMIN")),
        (4, Attempt("DENIED", "USER", 3, "INSUFFICIENT_PRIVILEGES")),
    )
    stats = {r.role: r for r in snap.roleStatistics}
    assert list(stats) == ["IT_ADMIN", "SUPER_ADMIN", "USER"]
    assert stats["IT_ADMIN"].attempts == {"SUCCEEDED": 3, "FAILED": 1, "DENIED": 0, "INVALID": 0}
    assert (stats["IT_ADMIN"].executions, stats["IT_ADMIN"].successRate) == (4, 75.0)
    assert stats["SUPER_ADMIN"].successRate == 100.0
    assert (stats["USER"].executions, stats["USER"].successRate) == (0, None)


# --- Issues and recommendations --------------------------------------------------------------------------------


def test_failures_name_the_rate_the_counts_the_cause_and_the_next_step() -> None:
    snap = snapshot((23, ok()), (14, failed(code="DATABASE_UNAVAILABLE")))
    assert snap.status == "warning"
    assert snap.issues[0] == (
        "Success rate 62% over the last hour: 14 of 37 executions failed, mostly DATABASE_UNAVAILABLE (14)."
    )
    assert snap.recommendations[0].startswith("DATABASE_UNAVAILABLE -> check DynamoDB throttling")


def test_internal_errors_point_at_the_logs() -> None:
    snap = snapshot((1, ok()), (3, failed(code="INTERNAL_ERROR")))
    assert "mostly INTERNAL_ERROR (3)" in snap.issues[0]
    assert "logs" in snap.recommendations[0]


def test_a_slow_tail_is_reported_even_when_the_average_is_fine() -> None:
    snap = snapshot((90, ok(100)), (10, ok(8000)))
    assert snap.status == "healthy"
    assert snap.p95ExecutionMs is not None
    assert snap.p95ExecutionMs >= 5000
    assert any(issue.startswith("p95 execution time") and "slow tail" in issue for issue in snap.issues)


def test_many_denied_attempts_name_the_role_and_how_to_grant() -> None:
    snap = snapshot((10, ok()), (6, Attempt("DENIED", "USER", 3, "INSUFFICIENT_PRIVILEGES")))
    issue = next(i for i in snap.issues if "DENIED" in i)
    assert "6 of 16 attempts" in issue
    assert "role USER (6)" in issue
    assert "without an executing role" in issue
    assert any("PUT /users/{userId}/role" in r for r in snap.recommendations)


def test_a_few_denied_attempts_in_a_busy_hour_are_not_an_issue() -> None:
    snap = snapshot((100, ok()), (6, Attempt("DENIED", "USER", 3, "INSUFFICIENT_PRIVILEGES")))
    assert snap.issues == []


def test_escalation_attempts_are_always_reported() -> None:
    snap = snapshot((50, ok()), (1, Attempt("DENIED", "USER", 3, "PRIVILEGE_ESCALATION_ATTEMPT")))
    assert any("privilege escalation" in issue for issue in snap.issues)
    assert any("PRIVILEGE_ESCALATION_ATTEMPT" in r for r in snap.recommendations)


def test_many_invalid_requests_name_the_code_and_its_fix() -> None:
    snap = snapshot((5, ok()), (7, Attempt("INVALID", "ADMIN", 3, "NO_TASK_DETECTED")))
    assert any("INVALID, mostly NO_TASK_DETECTED (7)" in issue for issue in snap.issues)
    assert any(r.startswith("NO_TASK_DETECTED ->") for r in snap.recommendations)


def test_every_issue_has_a_recommendation() -> None:
    snap = snapshot((3, ok(9000)), (5, failed()), (9, Attempt("DENIED", "USER", 3, "PRIVILEGE_ESCALATION_ATTEMPT")))
    assert len(snap.issues) == len(snap.recommendations) >= 3


# --- Bucket reading and longer windows -------------------------------------------------------------------------


def test_window_ranges_cover_exactly_the_window_across_an_hour_boundary() -> None:
    ranges = window_ranges(NOW, 60)  # 09:06 .. 10:05
    assert [(r.pk, r.sk_from, r.sk_to) for r in ranges] == [
        ("BUCKET#2025-03-04T09", "06#", "59#~"),
        ("BUCKET#2025-03-04T10", "00#", "05#~"),
    ]
    inside = bucket_update(ok(), at=NOW - timedelta(minutes=59), shard=7)["Key"]
    outside = bucket_update(ok(), at=NOW - timedelta(minutes=60), shard=0)["Key"]

    def covered(key: dict[str, Any]) -> bool:
        return any(r.pk == key["pk"]["S"] and r.sk_from <= key["sk"]["S"] <= r.sk_to for r in ranges)

    assert covered(inside)
    assert not covered(outside)


def test_apply_update_folds_exactly_what_bucket_update_adds() -> None:
    folded = apply_update({}, bucket_update(failed(1200, code="INTERNAL_ERROR", role="IT_ADMIN"), at=NOW, shard=0))
    assert set(folded) == set(counters.ALL_COUNTERS)  # dense: every item holds every counter
    assert {name: value for name, value in folded.items() if value} == {
        "n_FAILED": 1,
        "r_IT_ADMIN_FAILED": 1,
        "ms_FAILED": 1200,
        f"h_{counters.histogram_bin(1200)}": 1,
        "e_INTERNAL_ERROR": 1,
    }


def test_long_windows_sum_non_overlapping_snapshots() -> None:
    """A day of 5-minute snapshots of one-hour windows: each hour is counted once, not twelve times."""
    snaps = [
        status.compute(
            items_of([(1, failed(code="INTERNAL_ERROR", role="IT_ADMIN"))]),
            computed_at=NOW - timedelta(minutes=5 * i),
            window_minutes=60,
        )
        for i in reversed(range(288))
    ]
    tiles = status.non_overlapping(snaps)
    assert len(tiles) == 24
    patterns, roles = status.combine(snaps)
    assert [(p.code, p.count) for p in patterns] == [("INTERNAL_ERROR", 24)]
    assert roles[0].attempts["FAILED"] == 24


def test_window_labels() -> None:
    assert [status.window_label(m) for m in (60, 1440, 10080, 90)] == ["1h", "24h", "7d", "90m"]


def test_snapshot_round_trips_through_json() -> None:
    snap = snapshot((3, ok()), (1, failed()))
    assert Snapshot.model_validate_json(snap.model_dump_json()) == snap


def test_idempotency_table_expectation_is_powertools_default_key() -> None:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from taskexec.data import table_check

    default = inspect.signature(DynamoDBPersistenceLayer.__init__).parameters["key_attr"].default
    assert default == table_check.IDEMPOTENCY_KEY


# --- Exact figures: judged unrounded, rounded for display only ----------------------------------------------


def test_an_average_just_under_five_seconds_is_healthy_though_it_displays_as_5000() -> None:
    # 24 at 5000 ms and one at 4999 ms: 4999.96 ms, which one decimal shows as 5000.0.
    snap = snapshot((24, ok(5000)), (1, ok(4999)))
    assert snap.avgExecutionMs == 5000.0
    assert (snap.status, snap.healthStatus) == ("healthy", 0)
    assert not any("Average execution time" in issue for issue in snap.issues)


def test_a_success_rate_just_above_80_percent_is_healthy_though_it_displays_as_80() -> None:
    # 2001 of 2500: 80.04%, which one decimal shows as 80.0.
    snap = snapshot((2001, ok()), (499, failed()))
    assert snap.successRate == 80.0
    assert (snap.status, snap.healthStatus) == ("healthy", 0)
    assert not any("Success rate" in issue for issue in snap.issues)


def test_a_success_rate_just_under_80_percent_is_a_warning_though_it_displays_as_80() -> None:
    # 1999 of 2500: 79.96%, shown as 80.0 but not above 80%.
    snap = snapshot((1999, ok()), (501, failed()))
    assert snap.successRate == 80.0
    assert snap.status == "warning"
    assert any("Success rate" in issue for issue in snap.issues)


def test_a_success_rate_just_under_50_percent_is_critical_though_it_displays_as_50() -> None:
    # 1999 of 4000: 49.975%, shown as 50.0.
    snap = snapshot((1999, ok()), (2001, failed()))
    assert snap.successRate == 50.0
    assert snap.status == "critical"


def test_judge_takes_the_exact_average() -> None:
    assert status.judge(25, 25, 4999.96) is HealthStatus.HEALTHY
    assert status.judge(25, 25, 5000.0) is HealthStatus.WARNING
    assert status.judge(2500, 2001, 100.0) is HealthStatus.HEALTHY  # 80.04%
    assert status.judge(2500, 2000, 100.0) is HealthStatus.WARNING  # exactly 80%
