"""Pre-aggregated execution statistics: per-minute counter items that the rollup sums.

Each attempt adds to one item (`pk=BUCKET#<hour>`, `sk=<minute>#<shard>`) with a single UpdateItem ADD, so
the rollup reads at most 60 x SHARDS items per hour of window whatever the number of executions. Shards
spread concurrent writers so that they rarely touch the same item.
"""

from __future__ import annotations

import bisect
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from taskexec import config

SHARDS = 8
BUCKET_TTL_SECONDS = 8 * 24 * 3600
OUTCOMES = ("SUCCEEDED", "FAILED", "DENIED", "INVALID")
EXECUTED = ("SUCCEEDED", "FAILED")
"""Attempts that really ran: their durations feed the average and p95, their counts the success rate."""

HISTOGRAM_BOUNDS_MS: tuple[float, ...] = (
    5,
    10,
    20,
    35,
    50,
    75,
    100,
    150,
    200,
    300,
    400,
    500,
    750,
    1000,
    1500,
    2000,
    3000,
    4000,
    5000,
    7500,
    10000,
    15000,
    20000,
    30000,
    float("inf"),
)
"""Upper bounds of the latency histogram's bins (ms); the last is open-ended."""


def bucket_key(at: datetime, shard: int) -> tuple[str, str]:
    return f"BUCKET#{at:%Y-%m-%dT%H}", f"{at:%M}#{shard}"


def histogram_bin(duration_ms: float) -> int:
    return bisect.bisect_left(HISTOGRAM_BOUNDS_MS, duration_ms)


@dataclass(frozen=True)
class Attempt:
    """One execute attempt, as the statistics see it."""

    outcome: str
    role: str
    duration_ms: int
    error_code: str | None = None
    category: str | None = None


def bucket_update(attempt: Attempt, at: datetime | None = None, shard: int | None = None) -> dict[str, Any]:
    """A low-level UpdateItem request (also usable as a TransactWriteItems `Update`) adding one attempt."""
    at = at or datetime.now(UTC)
    shard = random.randrange(SHARDS) if shard is None else shard
    pk, sk = bucket_key(at, shard)
    counters: dict[str, int] = {
        f"n_{attempt.outcome}": 1,
        f"r_{attempt.role}_{attempt.outcome}": 1,
    }
    if attempt.outcome in EXECUTED:
        counters[f"ms_{attempt.outcome}"] = max(int(attempt.duration_ms), 0)
        counters[f"h_{histogram_bin(attempt.duration_ms)}"] = 1
    if attempt.error_code:
        counters[f"e_{attempt.error_code}"] = 1
    names = {f"#c{i}": name for i, name in enumerate(counters)}
    values: dict[str, Any] = {f":c{i}": {"N": str(v)} for i, v in enumerate(counters.values())}
    values[":ttl"] = {"N": str(int(time.time()) + BUCKET_TTL_SECONDS)}
    names["#ttl"] = "expiresAt"
    adds = ", ".join(f"#c{i} :c{i}" for i in range(len(counters)))
    return {
        "TableName": config.table_name("MonitoringTable"),
        "Key": {"pk": {"S": pk}, "sk": {"S": sk}},
        "UpdateExpression": f"ADD {adds} SET #ttl = :ttl",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }
