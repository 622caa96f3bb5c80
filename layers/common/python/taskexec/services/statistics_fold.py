"""The statistics consumer's work: fold a batch of execution records from UserActivityTable's stream into one
ADD per statistics bucket, off the request path.

Records are read in stream order (`stream_batches.InStreamOrder`: a malformed one fails, and with it every
record after it, none of them folded), and the counted attempts of the records before the first failure are
written when the batch ends: one UpdateItem per run of consecutive records of one minute (one shard per batch),
so a batch of 100 records costs a handful of writes. Runs are written in stream order and the first write that
fails fails its records and every record after them, none of which was written.

Lambda retries from the first failed record, so what a retry delivers again was never added: a retry doubles
nothing. What can still be counted twice is a whole batch Lambda delivers again after it succeeded (its
checkpoint lost), which streams allow; docs/capacity.md says how rare and how small that is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from taskexec.data import activity, statistics_store
from taskexec.monitoring.counters import Attempt
from taskexec.services.stream_batches import InStreamOrder

logger = Logger(child=True)

Counted = tuple[datetime, Attempt]


def counted_attempt(record: DynamoDBRecord) -> Counted | None:
    """The attempt a stream record adds: new audit rows marked `counts` only (edits and TTL deletions of
    audit rows, and rows of other actions, add nothing). A malformed counted row raises (a failed record)."""
    if record.event_name is not DynamoDBRecordEventName.INSERT or record.dynamodb is None:
        return None
    return activity.counted_from_image(record.dynamodb.new_image or {})


def _minute(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(second=0, microsecond=0)


class StatisticsFold(InStreamOrder):
    """Stream-order batch processing that writes its records' attempts as one ADD per run of a minute at the end."""

    def __init__(self) -> None:
        super().__init__(raise_on_entire_batch_failure=False)
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
        runs: list[list[tuple[Any, Counted]]] = []
        for record, counted in self.counted:  # stream order
            if runs and _minute(runs[-1][0][1][0]) == _minute(counted[0]):
                runs[-1].append((record, counted))
            else:
                runs.append([(record, counted)])
        for position, run in enumerate(runs):
            try:
                statistics_store.add_attempts([counted for _, counted in run], shard)
            except Exception as exc:
                logger.exception("could not add a batch to the statistics", extra={"at": run[0][1][0].isoformat()})
                for later in runs[position:]:
                    for record, _ in later:
                        self._fail(record, exc)
                return
            self.buckets_written += 1

    def _fail(self, record: Any, exc: Exception) -> None:
        if record in self.success_messages:
            self.success_messages.remove(record)
        self.fail_messages.append(self._to_batch_type(record=record, event_type=self.event_type, model=self.model))
        self.exceptions.append((type(exc), exc, exc.__traceback__))
