"""Pre-aggregated execution statistics: per-minute counter items that the rollup sums.

Each attempt adds to one item (`pk=BUCKET#<hour>`, `sk=<minute>#<shard>`) with a single UpdateItem ADD, so
the rollup reads at most 60 x SHARDS items per hour of window whatever the number of executions. Shards
spread concurrent writers so that they rarely touch the same item.
"""

from __future__ import annotations

import bisect
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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


def outcome_of(status: int) -> str:
    """The outcome an answer's status stands for. Refusals are DENIED and bad input INVALID: counted and
    reported, but only FAILED (our own 5xx) lowers the success rate."""
    if status in (401, 403):
        return "DENIED"
    if status < 400:
        return "SUCCEEDED"
    return "INVALID" if status < 500 else "FAILED"


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


def _all_counters() -> tuple[str, ...]:
    """Every counter a bucket item can hold: a fixed set, so every item is the same size."""
    from taskexec.authorization import Role
    from taskexec.errors import ErrorCode

    roles = [role.value for role in Role] + [NO_ROLE]
    return (
        *(f"n_{outcome}" for outcome in OUTCOMES),
        *(f"ms_{outcome}" for outcome in EXECUTED),
        *(f"h_{index}" for index in range(len(HISTOGRAM_BOUNDS_MS))),
        *(f"e_{code.value}" for code in ErrorCode),
        *(f"r_{role}_{outcome}" for role in roles for outcome in OUTCOMES),
    )


NO_ROLE = "NONE"
"""Role recorded for an attempt whose caller has no usable identity or row."""
ALL_COUNTERS = _all_counters()


def bucket_update(attempt: Attempt, at: datetime | None = None, shard: int | None = None) -> dict[str, Any]:
    """A low-level UpdateItem request (also usable as a TransactWriteItems `Update`) adding one attempt.

    Every counter is ADDed, most of them by 0: items are dense from their first write, so reading a bucket
    costs the same whether one attempt or thousands went into it, and the rollup's cost follows the window's
    length (minutes x shards) alone.
    """
    at = at or datetime.now(UTC)
    shard = random.randrange(SHARDS) if shard is None else shard
    pk, sk = bucket_key(at, shard)
    counters = dict.fromkeys(ALL_COUNTERS, 0)
    role = attempt.role if f"r_{attempt.role}_{attempt.outcome}" in counters else NO_ROLE
    counters[f"n_{attempt.outcome}"] += 1
    counters[f"r_{role}_{attempt.outcome}"] += 1
    if attempt.outcome in EXECUTED:
        counters[f"ms_{attempt.outcome}"] += max(int(attempt.duration_ms), 0)
        counters[f"h_{histogram_bin(attempt.duration_ms)}"] += 1
    if attempt.error_code and f"e_{attempt.error_code}" in counters:
        counters[f"e_{attempt.error_code}"] += 1
    names = {f"#c{i}": name for i, name in enumerate(counters)}
    values: dict[str, Any] = {f":v{v}": {"N": str(v)} for v in set(counters.values())}
    values[":ttl"] = {"N": str(int(time.time()) + BUCKET_TTL_SECONDS)}
    names["#ttl"] = "expiresAt"
    adds = ", ".join(f"#c{i} :v{v}" for i, v in enumerate(counters.values()))
    return {
        "TableName": config.table_name("MonitoringTable"),
        "Key": {"pk": {"S": pk}, "sk": {"S": sk}},
        "UpdateExpression": f"ADD {adds} SET #ttl = :ttl",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }


# --- Reading ---------------------------------------------------------------------------------------------------
# The rollup reads back what `bucket_update` wrote. The key layout and the counter names are this module's
# business, so the helpers that take them apart live here too.

KEY_ATTRIBUTES = frozenset({"pk", "sk", "expiresAt"})
"""Attributes of a bucket item that are not counters."""


@dataclass(frozen=True)
class HourRange:
    """One Query: a bucket partition (`pk`) and the inclusive range of its sort keys (`sk`) in a window."""

    pk: str
    sk_from: str
    sk_to: str


def window_ranges(end: datetime, minutes: int) -> list[HourRange]:
    """The bucket ranges of the `minutes` whole minutes ending with `end`'s own (partial) minute.

    One range per hour touched, so a window costs at most `ceil(minutes / 60) + 1` Queries and reads at most
    `minutes x SHARDS` items, however many attempts were recorded in it.
    """
    last = end.astimezone(UTC).replace(second=0, microsecond=0)
    first = last - timedelta(minutes=max(minutes, 1) - 1)
    ranges: list[HourRange] = []
    hour = first.replace(minute=0)
    while hour <= last:
        lo = first if first > hour else hour
        hi = min(last, hour + timedelta(minutes=59))
        pk, _ = bucket_key(hour, 0)
        # sk is "<MM>#<shard>": '#' sorts before the digits and '~' after them, so these bound every shard.
        ranges.append(HourRange(pk=pk, sk_from=f"{lo:%M}#", sk_to=f"{hi:%M}#~"))
        hour += timedelta(hours=1)
    return ranges


def sum_counters(items: Iterable[dict[str, int]]) -> dict[str, int]:
    """Add up the counters of many bucket items (shards and minutes alike): a window's totals."""
    totals: dict[str, int] = {}
    for item in items:
        for name, value in item.items():
            totals[name] = totals.get(name, 0) + value
    return totals


def role_counter(name: str) -> tuple[str, str] | None:
    """`r_<ROLE>_<OUTCOME>` -> (role, outcome). Roles may hold underscores (IT_ADMIN), outcomes never do."""
    if not name.startswith("r_"):
        return None
    role, _, outcome = name[2:].rpartition("_")
    return (role, outcome) if role and outcome in OUTCOMES else None


def histogram_counts(totals: dict[str, int]) -> list[int]:
    """Counts per histogram bin (index = bin of `HISTOGRAM_BOUNDS_MS`), zeros included."""
    return [totals.get(f"h_{index}", 0) for index in range(len(HISTOGRAM_BOUNDS_MS))]


def apply_update(counters: dict[str, int], request: dict[str, Any]) -> dict[str, int]:
    """Apply a `bucket_update` request's ADDs to in-memory counters, as DynamoDB would to the item.

    For the benchmark and the tests: they can fold thousands of attempts into exactly the items recording
    would have produced, without a round trip per attempt.
    """
    names, values = request["ExpressionAttributeNames"], request["ExpressionAttributeValues"]
    for clause in request["UpdateExpression"].removeprefix("ADD ").split(" SET ")[0].split(", "):
        placeholder, value = clause.split(" ")
        name = names[placeholder]
        counters[name] = counters.get(name, 0) + int(values[value]["N"])
    return counters
