"""Where execution statistics are stored: one counter item per minute and shard in the monitoring table.

The statistics consumer folds a batch of execution records into one UpdateItem ADD per item
(`pk=BUCKET#<hour>`, `sk=<minute>#<shard>`), so the rollup reads at most 60 x SHARDS items per hour of window
whatever the number of executions. The counter names and their arithmetic are `taskexec.monitoring.counters`';
the key layout and the requests are here.
"""

import random
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from taskexec import config
from taskexec.data import clients
from taskexec.data.models import shard_of
from taskexec.monitoring.counters import ALL_COUNTERS, EXECUTED, NO_ROLE, SHARDS, Attempt, histogram_bin

BUCKET_TTL_SECONDS = 8 * 24 * 3600


def bucket_key(at: datetime, shard: int) -> tuple[str, str]:
    return f"BUCKET#{at:%Y-%m-%dT%H}", f"{at:%M}#{shard}"


def _counters(attempts: Iterable[Attempt]) -> dict[str, int]:
    """The sum of what each attempt adds: every counter present, most of them 0."""
    counters = dict.fromkeys(ALL_COUNTERS, 0)
    for attempt in attempts:
        role = attempt.role if f"r_{attempt.role}_{attempt.outcome}" in counters else NO_ROLE
        counters[f"n_{attempt.outcome}"] += 1
        counters[f"r_{role}_{attempt.outcome}"] += 1
        if attempt.outcome in EXECUTED:
            counters[f"ms_{attempt.outcome}"] += max(int(attempt.duration_ms), 0)
            counters[f"h_{histogram_bin(attempt.duration_ms)}"] += 1
        if attempt.error_code and f"e_{attempt.error_code}" in counters:
            counters[f"e_{attempt.error_code}"] += 1
    return counters


def fold_update(attempts: Iterable[Attempt], at: datetime, shard: int) -> dict[str, Any]:
    """A low-level UpdateItem request ADDing every attempt of one bucket (`at`'s minute, `shard`) at once.

    Every counter is ADDed, most of them by 0: items are dense from their first write, so reading a bucket
    costs the same whether one attempt or thousands went into it, and the rollup's cost follows the window's
    length (minutes x shards) alone.
    """
    pk, sk = bucket_key(at, shard)
    counters = _counters(attempts)
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


def bucket_update(attempt: Attempt, at: datetime | None = None, shard: int | None = None) -> dict[str, Any]:
    """The UpdateItem request adding one attempt (a fold of one); tests and benchmarks seed buckets with it."""
    return fold_update([attempt], at or datetime.now(UTC), random.randrange(SHARDS) if shard is None else shard)


def shard_for(key: str) -> int:
    """The bucket shard of a batch (a stable hash of its first record's sequence number): concurrent
    consumers of different stream shards spread over the minute's items."""
    return shard_of(key, SHARDS)


def add_attempts(attempts: Iterable[tuple[datetime, Attempt]], shard: int) -> list[tuple[str, str]]:
    """Fold timed attempts into one ADD per bucket (their minute, `shard`); returns the buckets written.

    Errors propagate after the buckets before the failing one were written: the caller decides what to retry.
    """
    by_minute: dict[datetime, list[Attempt]] = {}
    for at, attempt in attempts:
        by_minute.setdefault(at.astimezone(UTC).replace(second=0, microsecond=0), []).append(attempt)
    written: list[tuple[str, str]] = []
    for minute, folded in sorted(by_minute.items()):
        clients.dynamodb().update_item(**fold_update(folded, minute, shard))
        written.append(bucket_key(minute, shard))
    return written


# --- Reading ---------------------------------------------------------------------------------------------------
# The rollup reads back what `bucket_update` wrote; the key layout is this module's business, so the helpers
# that take it apart live here too.

KEY_ATTRIBUTES = frozenset({"pk", "sk", "expiresAt"})
"""Attributes of a bucket item that are not counters."""


class HourRange(NamedTuple):
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
