"""MonitoringTable access for the rollup, the health check and the metrics route.

Buckets are read with one Query per hour of window on the hour's partition, bounded by sort key, so a read
costs at most `minutes x SHARDS` items whatever the number of executions. Snapshots live under one partition
(`pk=SNAPSHOT`): history items keyed by their ISO `computedAt` (with a TTL) and one `LATEST` item, so the
health check reads the latest with a GetItem and the metrics route the history with one ranged Query. Beside
them an hourly history (`pk=SNAPSHOT#HOUR`, `sk=<the hour>`, the hour's last snapshot, each covering the hour
before it), which the 24h and 7d views read: at most 25 and 169 items, where the 5-minute history holds 288 and
2,016.

The low-level client is used because bucket items carry free-form counters the pynamodb model does not
declare; errors are left to the callers, which decide what an unreachable database means for them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from taskexec import config
from taskexec.data import clients
from taskexec.data.statistics_store import KEY_ATTRIBUTES, window_ranges
from taskexec.monitoring.snapshot import Snapshot, iso

logger = Logger(child=True)

SNAPSHOT_PK = "SNAPSHOT"
HOURLY_PK = "SNAPSHOT#HOUR"
LATEST_SK = "LATEST"
SNAPSHOT_TTL_DAYS = 30
"""History is kept long enough for the 7-day trend and a few weeks of looking back, then expires for free."""
WRITE_ATTEMPTS = 3


class SnapshotNotStored(Exception):
    """DynamoDB kept returning the snapshot's writes as unprocessed (throttling)."""


def _table() -> str:
    return config.table_name("MonitoringTable")


def _query(**kwargs: Any) -> Iterator[dict[str, Any]]:
    """Every item of a Query, page after page."""
    client = clients.dynamodb()
    request: dict[str, Any] = {"TableName": _table(), **kwargs}
    while True:
        page = client.query(**request)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _counters(item: dict[str, Any]) -> dict[str, int]:
    return {name: int(value["N"]) for name, value in item.items() if name not in KEY_ATTRIBUTES and "N" in value}


def read_buckets(end: datetime, minutes: int) -> list[dict[str, int]]:
    """The counters of every bucket item in the `minutes` ending at `end` (see `statistics_store.window_ranges`)."""
    items: list[dict[str, int]] = []
    for part in window_ranges(end, minutes):
        for item in _query(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :lo AND :hi",
            ExpressionAttributeValues={":pk": {"S": part.pk}, ":lo": {"S": part.sk_from}, ":hi": {"S": part.sk_to}},
        ):
            items.append(_counters(item))
    return items


def _snapshot_item(snapshot: Snapshot, sk: str, expires_at: int | None, pk: str = SNAPSHOT_PK) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": {"S": pk},
        "sk": {"S": sk},
        "status": {"S": snapshot.status},
        "body": {"S": snapshot.model_dump_json()},
    }
    if expires_at is not None:
        item["expiresAt"] = {"N": str(expires_at)}
    return item


def hour_of(computed_at: str) -> str:
    """The hourly history's key of a snapshot: its hour, `YYYY-MM-DDTHH:00:00Z`."""
    return computed_at[:13] + ":00:00Z"


def save_snapshot(snapshot: Snapshot) -> None:
    """Write the snapshot as history and as its hour's (both expiring) and as LATEST, in one BatchWriteItem."""
    expires_at = int(time.time()) + SNAPSHOT_TTL_DAYS * 24 * 3600
    hourly = _snapshot_item(snapshot, hour_of(snapshot.computedAt), expires_at, HOURLY_PK)
    pending: dict[str, Any] = {
        _table(): [
            {"PutRequest": {"Item": _snapshot_item(snapshot, snapshot.computedAt, expires_at)}},
            {"PutRequest": {"Item": hourly}},
            {"PutRequest": {"Item": _snapshot_item(snapshot, LATEST_SK, None)}},
        ]
    }
    client = clients.dynamodb()
    for attempt in range(WRITE_ATTEMPTS):
        pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
        if not pending:
            return
        time.sleep(0.05 * 2**attempt)
    raise SnapshotNotStored("unprocessed after retries")


def _parse(item: dict[str, Any]) -> Snapshot | None:
    try:
        return Snapshot.model_validate_json(item["body"]["S"])
    except (KeyError, ValidationError):
        # A snapshot written by an older version that no longer parses is skipped, not fatal.
        logger.warning("unreadable snapshot", extra={"sk": item.get("sk", {}).get("S")})
        return None


def latest_snapshot() -> Snapshot | None:
    """The last rollup's snapshot, or None before the first rollup."""
    item = (
        clients.dynamodb()
        .get_item(TableName=_table(), Key={"pk": {"S": SNAPSHOT_PK}, "sk": {"S": LATEST_SK}})
        .get("Item")
    )
    return _parse(item) if item else None


def history(start: datetime, end: datetime, hourly: bool = False) -> list[Snapshot]:
    """Snapshots computed in [start, end], oldest first: every one, or the last of each hour (`hourly`, one item
    per hour of the range, whatever the rollup's rate). `LATEST` sorts after every ISO date, so the range never
    includes it."""
    pk, low = (HOURLY_PK, hour_of(iso(start))) if hourly else (SNAPSHOT_PK, iso(start))
    snapshots = []
    for item in _query(
        KeyConditionExpression="pk = :pk AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues={":pk": {"S": pk}, ":lo": {"S": low}, ":hi": {"S": iso(end)}},
    ):
        snapshot = _parse(item)
        if snapshot is not None:
            snapshots.append(snapshot)
    return snapshots
