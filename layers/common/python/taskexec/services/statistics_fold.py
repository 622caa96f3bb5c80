"""The statistics consumer's work: fold a batch of execution records from UserActivityTable's stream into one
ADD per statistics bucket, off the request path.

Each stream record is read by Powertools' BatchProcessor (one record at a time, a malformed one reported as a
partial-batch failure); the counted attempts are then written together when the batch ends, one UpdateItem per
bucket item (the minute of the attempt, one shard per batch), so a batch of 100 records costs a handful of
writes. A bucket write that fails fails the records folded into it and every record of the buckets not yet
written, and Lambda retries from the first of them.

Streams deliver at least once, so a record can be counted twice: when Lambda retries a batch from its first
failed record, the records after it whose buckets were already written are added again. Buckets are written in
minute order and the first failure stops the batch, so that only happens to records of a later minute that
precede a failed one in the shard; docs/capacity.md gives the bound and why no per-record marker is kept.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from taskexec.data import activity, statistics_store
from taskexec.monitoring.counters import Attempt

logger = Logger(child=True)

Counted = tuple[datetime, Attempt]


def counted_attempt(record: DynamoDBRecord) -> Counted | None:
    """The attempt a stream record adds: new audit rows marked `counts` only (edits and TTL deletions of
    audit rows, and rows of other actions, add nothing). A malformed counted row raises (a failed record)."""
    if record.event_name is not DynamoDBRecordEventName.INSERT or record.dynamodb is None:
        return None
    return activity.counted_from_image(record.dynamodb.new_image or {})


class StatisticsFold(BatchProcessor):
    """BatchProcessor for DynamoDB streams that writes its records' attempts as one ADD per bucket at the end."""

    def __init__(self) -> None:
        super().__init__(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)
        self.counted: list[tuple[Any, Counted]] = []
        self.buckets_written = 0

    def _prepare(self) -> None:
        super()._prepare()
        self.counted = []
        self.buckets_written = 0

    def success_handler(self, record: Any, result: Any) -> Any:
        if result is not None:
            self.counted.append((record, result))
        return super().success_handler(record, result)

    def _clean(self) -> None:
        self._write_buckets()
        super()._clean()

    def _write_buckets(self) -> None:
        if not self.counted:
            return
        first_sequence = str(self.counted[0][0]["dynamodb"]["SequenceNumber"])
        shard = statistics_store.shard_for(first_sequence)
        by_minute: dict[datetime, list[tuple[Any, Counted]]] = {}
        for record, (at, attempt) in self.counted:
            minute = at.astimezone(UTC).replace(second=0, microsecond=0)
            by_minute.setdefault(minute, []).append((record, (at, attempt)))
        minutes = sorted(by_minute)
        for position, minute in enumerate(minutes):
            try:
                statistics_store.add_attempts([counted for _, counted in by_minute[minute]], shard)
            except Exception as exc:
                logger.exception("could not add a batch to the statistics", extra={"minute": minute.isoformat()})
                for later in minutes[position:]:
                    for record, _ in by_minute[later]:
                        self._fail(record, exc)
                return
            self.buckets_written += 1

    def _fail(self, record: Any, exc: Exception) -> None:
        if record in self.success_messages:
            self.success_messages.remove(record)
        self.fail_messages.append(self._to_batch_type(record=record, event_type=self.event_type, model=self.model))
        self.exceptions.append((type(exc), exc, exc.__traceback__))
