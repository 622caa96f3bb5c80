"""Keeps moto's DynamoDB transactions as fast with streams on as without.

moto keeps every stream record of a table in the table's StreamShard, and deep-copies each table a
TransactWriteItems touches before writing (to roll back on a cancellation). Deep-copying the records one by one
makes every transaction slower as the stream grows: 1,500 single-item transactions on one streamed table took
4 times as long as without a stream (199 s against 47 s on the shared 2-core machine), which the load tests and
the benchmark would pay. A record never changes once written, so the copy can share them: only the list is
copied, and a rolled-back transaction still leaves no records behind (the restored shard has the old list).

The rollback puts the copied table in the original's place, and with it a new shard; moto's shard iterators hold
the shard object they were made on, so a reader that took its iterator before a cancelled transaction (every
stream poller) would read the abandoned shard forever and miss all that follows. DynamoDB's readers see one
stream whatever a transaction does, so here an iterator finds its table's shard by the table's name, on each read.
"""

from __future__ import annotations

import copy
from typing import Any


def install() -> None:
    """Make StreamShard's deep copy share its records (idempotent; affects this process's moto only)."""
    from moto.dynamodb.models.table import StreamShard

    if getattr(StreamShard, "_shares_records_on_copy", False):
        return

    def deepcopy_sharing_records(self: Any, memo: dict[int, Any]) -> Any:
        clone = object.__new__(type(self))
        memo[id(self)] = clone
        clone.__dict__.update(self.__dict__)
        clone.table = copy.deepcopy(self.table, memo)  # the table being copied, from memo
        clone.items = list(self.items)
        return clone

    StreamShard.__deepcopy__ = deepcopy_sharing_records  # type: ignore[attr-defined]
    StreamShard._shares_records_on_copy = True  # type: ignore[attr-defined]
    _iterators_follow_the_table()


def _iterators_follow_the_table() -> None:
    from moto.dynamodbstreams.models import ShardIterator

    def current_shard(self: Any) -> Any:
        return self.streams_backend.dynamodb.get_table(self.table_name).stream_shard

    def remember_table(self: Any, shard: Any) -> None:
        self.table_name = shard.table.name

    ShardIterator.stream_shard = property(current_shard, remember_table)  # type: ignore[assignment,method-assign]
