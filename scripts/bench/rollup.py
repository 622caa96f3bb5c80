"""Rollup cost against the number of executions: 1,000 and then 100,000 in the window (goal: ratio < 1.5).

What the rollup reads is what recording writes. The 1,000 executions are recorded the way the execute path
records them, one `bucket_update` UpdateItem each. For 100,000 that would take minutes of moto time, so the
very same `bucket_update` requests are folded in memory (`apply_update`, the ADD DynamoDB performs)
and the resulting items are written once: the table ends up holding exactly what 100,000 UpdateItems would
have left. The rollup (`services.rollup_job.run`: Query the window's buckets, compute, store the snapshot) is then
timed several times and the median kept.

    python -m scripts.bench.rollup
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from scripts.bench import moto_world

SMALL, MIDDLE, LARGE = 1_000, 10_000, 100_000
REPETITIONS = 7
WINDOW_MINUTES = 60
GOAL_RATIO = 1.5
OUTCOME_WEIGHTS = {"SUCCEEDED": 90, "FAILED": 5, "DENIED": 3, "INVALID": 2}
CODES = {"FAILED": "DATABASE_UNAVAILABLE", "DENIED": "INSUFFICIENT_PRIVILEGES", "INVALID": "NO_TASK_DETECTED"}
ROLES = ("ADMIN", "IT_ADMIN", "SUPER_ADMIN")


def _attempts(count: int, now: datetime, seed: int) -> list[tuple[Any, datetime, int]]:
    """(attempt, when, shard) spread over the window, with a realistic mix of outcomes and durations."""
    from taskexec.monitoring.counters import SHARDS, Attempt

    rng = random.Random(seed)
    outcomes = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()), k=count)
    made = []
    for index, outcome in enumerate(outcomes):
        role = "USER" if outcome == "DENIED" else rng.choice(ROLES)
        attempt = Attempt(outcome, role, int(rng.lognormvariate(6.0, 0.6)), CODES.get(outcome))
        made.append((attempt, now - timedelta(seconds=rng.uniform(0, (WINDOW_MINUTES - 1) * 60)), index % SHARDS))
    return made


def _record_one_by_one(attempts: list[tuple[Any, datetime, int]]) -> None:
    from taskexec.data import clients
    from taskexec.data.statistics_store import bucket_update

    client = clients.dynamodb()
    for attempt, at, shard in attempts:
        client.update_item(**bucket_update(attempt, at=at, shard=shard))


def _record_folded(attempts: list[tuple[Any, datetime, int]]) -> int:
    """Fold the attempts' bucket_update requests in memory, then write the resulting items; returns their count."""
    from taskexec.data import clients
    from taskexec.data.statistics_store import bucket_update
    from tests.support.counters_in_memory import apply_update

    items: dict[tuple[str, str, str], dict[str, int]] = {}
    for attempt, at, shard in attempts:
        request = bucket_update(attempt, at=at, shard=shard)
        key = (request["TableName"], request["Key"]["pk"]["S"], request["Key"]["sk"]["S"])
        apply_update(items.setdefault(key, {}), request)
    expires = str(int(time.time()) + 8 * 24 * 3600)
    puts = [
        (
            table,
            {
                "pk": {"S": pk},
                "sk": {"S": sk},
                "expiresAt": {"N": expires},
                **{name: {"N": str(value)} for name, value in counters.items()},
            },
        )
        for (table, pk, sk), counters in items.items()
    ]
    client = clients.dynamodb()
    for start in range(0, len(puts), 25):
        chunk = puts[start : start + 25]
        client.batch_write_item(RequestItems={chunk[0][0]: [{"PutRequest": {"Item": item}} for _, item in chunk]})
    return len(puts)


def _time_rollup(now: datetime, expected_executions: int) -> dict[str, Any]:
    from taskexec.services import rollup_job

    timings = []
    snapshot = None
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        snapshot = rollup_job.run(now=now, minutes=WINDOW_MINUTES)
        timings.append((time.perf_counter() - started) * 1000)
    assert snapshot is not None
    counted = sum(snapshot.outcomes.values())
    if counted != expected_executions:
        raise AssertionError(f"rollup counted {counted} attempts, {expected_executions} were recorded")
    return {"median_ms": round(statistics.median(timings), 2), "status": snapshot.status}


def _measure(count: int, fold: bool) -> dict[str, Any]:
    with moto_world():
        now = datetime.now(UTC)
        attempts = _attempts(count, now, seed=count)
        if fold:
            _record_folded(attempts)
        else:
            _record_one_by_one(attempts)
        from taskexec.data import monitoring_store

        read = monitoring_store.read_buckets(now, WINDOW_MINUTES)
        return {"items": len(read), "counters": sum(map(len, read)), **_time_rollup(now, count)}


def run() -> dict[str, Any]:
    small = _measure(SMALL, fold=False)
    middle = _measure(MIDDLE, fold=True)
    large = _measure(LARGE, fold=True)
    ratio = round(large["median_ms"] / small["median_ms"], 2)
    return {
        "rollup_1k_ms": small["median_ms"],
        "rollup_10k_ms": middle["median_ms"],
        "rollup_100k_ms": large["median_ms"],
        "ratio_100k_to_1k": ratio,
        "ratio_100k_to_10k": round(large["median_ms"] / middle["median_ms"], 2),
        "bucket_items_1k": small["items"],
        "bucket_items_100k": large["items"],
        "counters_read_1k": small["counters"],
        "counters_read_10k": middle["counters"],
        "counters_read_100k": large["counters"],
        "repetitions": REPETITIONS,
        "meets_goal": ratio < GOAL_RATIO,
    }


def main() -> None:
    results = run()
    for count, tag in ((SMALL, "1k"), (MIDDLE, "10k"), (LARGE, "100k")):
        print(
            f"rollup over {count:>7,} executions: {results[f'rollup_{tag}_ms']:>8} ms "
            f"(median of {REPETITIONS}; {results[f'counters_read_{tag}']} counters read)"
        )
    verdict = "ok" if results["meets_goal"] else "ABOVE"
    print(f"ratio 100k / 1k:  {results['ratio_100k_to_1k']} (goal < {GOAL_RATIO}: {verdict})")
    print(f"ratio 100k / 10k: {results['ratio_100k_to_10k']} (the buckets are full from about 10k on)")


if __name__ == "__main__":
    main()
