"""Pre-aggregated execution statistics: the counters an attempt adds and how a window's totals read.

Plain arithmetic on counter names; how the counters are stored (one item per minute and shard, written with
a single UpdateItem ADD) is `taskexec.data.statistics_store`' business.
"""

import bisect
from collections.abc import Iterable
from typing import NamedTuple

SHARDS = 8
"""Items per minute: concurrent writers spread over them so that they rarely touch the same item."""
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
    reported, but only FAILED (our own 5xx: SERVICE_BUSY, DATABASE_UNAVAILABLE, INTERNAL_ERROR) lowers the
    success rate. A caller's value that the database refuses is answered with a 4xx (`data/dynamodb_errors.py`), so
    however much of it a caller sends, it stays INVALID and cannot push the status to critical."""
    if status in (401, 403):
        return "DENIED"
    if status < 400:
        return "SUCCEEDED"
    return "INVALID" if status < 500 else "FAILED"


def histogram_bin(duration_ms: float) -> int:
    return bisect.bisect_left(HISTOGRAM_BOUNDS_MS, duration_ms)


class Attempt(NamedTuple):
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
