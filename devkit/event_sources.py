"""Lambda's event source mappings, emulated: DynamoDB stream and SQS events of the template's functions.

`make local` has no Lambda service to poll the tables' streams and the queues, so this module does what the
mappings declared in template.yaml would do: poll, batch (BatchSize, MaximumBatchingWindowInSeconds), hand the
function the exact event Lambda builds, and act on the outcome:

- streams: a batch that fails (an exception, or `batchItemFailures` with ReportBatchItemFailures) is retried from
  the first failed sequence number, split in two first when BisectBatchOnFunctionError is set, until
  MaximumRetryAttempts; then the OnFailure destination (an SQS queue) receives Lambda's failure record (shard,
  sequence number range, condition; not the records themselves) and the shard moves on. Records of one shard are
  delivered in order, one batch at a time.
- queues: succeeded messages are deleted; failed ones are left to reappear after the visibility timeout, and the
  queue's redrive policy moves them to its dead-letter queue after maxReceiveCount receives.
- filters: a mapping's FilterCriteria (Lambda's event filtering, EventBridge pattern syntax) drops the records no
  pattern matches before the function is invoked: a stream moves past them, a queue deletes them.
- redelivery: both sources deliver at least once, and a test can ask for what that allows (`Redelivery`): every
  batch handed over twice, one after the other (a stream batch whose checkpoint was lost), or, for a queue, two
  copies of a message at the same moment (two pollers receiving it concurrently).

Each poller has a synchronous `poll()` (one round: tests drive it step by step) and EventSourceDriver runs every
poller in its own thread for the local stack.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from devkit import template

log = logging.getLogger("devkit.event_sources")

Invoke = Callable[[dict[str, Any]], Any]
"""Runs the function with one event and returns its result (raises when the function fails)."""

REGION = "us-east-1"
ACCOUNT = "123456789012"
IDLE_WAIT_S = 0.2
"""Pause between polls that found nothing: the local stack's emulator serves one request at a time."""
RETRY_WAIT_S = 0.1
"""Pause before a failed stream batch is retried (Lambda backs off too; this keeps a poison record cheap)."""
SQS_MAX_RECEIVE = 10
SHARD_REFRESH_S = 10.0
"""How often a stream's shard list is read again (new shards appear when DynamoDB splits or rolls them)."""


def function_arn(function: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- Event shapes ----------------------------------------------------------------------------------------------


def _json_attribute_value(value: Any) -> Any:
    """An AttributeValue as Lambda's JSON has it: boto3 hands binaries over as bytes, Lambda as base64 text."""
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {key: _json_attribute_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_attribute_value(item) for item in value]
    return value


def stream_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """One GetRecords record as Lambda puts it in a DynamoDB stream event."""
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
    for image in ("Keys", "NewImage", "OldImage"):
        if image in dynamodb:
            dynamodb[image] = _json_attribute_value(dynamodb[image])
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": record.get("awsRegion", REGION),
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    }


def sqs_record(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    """One ReceiveMessage message as Lambda puts it in an SQS event."""
    attributes = {
        name: message.get("Attributes", {})[name]
        for name in (
            "ApproximateReceiveCount",
            "SentTimestamp",
            "SenderId",
            "ApproximateFirstReceiveTimestamp",
            "MessageGroupId",
            "MessageDeduplicationId",
            "SequenceNumber",
            "AWSTraceHeader",
        )
        if name in message.get("Attributes", {})
    }
    message_attributes = {
        name: {
            "stringValue": value.get("StringValue"),
            "binaryValue": (
                base64.b64encode(value["BinaryValue"]).decode("ascii") if value.get("BinaryValue") is not None else None
            ),
            "stringListValues": value.get("StringListValues", []),
            "binaryListValues": value.get("BinaryListValues", []),
            "dataType": value.get("DataType"),
        }
        for name, value in (message.get("MessageAttributes") or {}).items()
    }
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfBody": message.get("MD5OfBody"),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    }


def matches_filters(source: template.EventSource, record: dict[str, Any]) -> bool:
    """Whether Lambda's event filtering hands `record` to the function: any pattern matches (none: all do). An
    SQS body that is JSON is matched as the object it holds, as Lambda does."""
    if not source.filters:
        return True
    from moto.events.models import EventPattern  # EventBridge's pattern matching, which Lambda's filters share

    if record.get("eventSource") == "aws:sqs":
        with contextlib.suppress(ValueError):
            record = {**record, "body": json.loads(record["body"])}
    return any(EventPattern(pattern, json.loads(pattern)).matches_event(record) for pattern in source.filters)  # type: ignore[arg-type]


@dataclass
class Redelivery:
    """What at-least-once delivery allows, on demand: `copies` invocations per batch (2: each batch twice), run
    one after the other, or at the same moment (`concurrent`, queues only: a stream shard is never processed
    concurrently)."""

    copies: int = 1
    concurrent: bool = False


def failed_identifiers(result: Any) -> list[str] | None:
    """The item identifiers a ReportBatchItemFailures response names, or None when the response itself counts
    as a failure of the whole batch (Lambda's rule for an identifier that is missing, empty or not a string)."""
    if not isinstance(result, dict) or result.get("batchItemFailures") in (None, []):
        return []
    failures = result["batchItemFailures"]
    if not isinstance(failures, list):
        return None
    identifiers: list[str] = []
    for failure in failures:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not isinstance(identifier, str) or not identifier:
            return None
        identifiers.append(identifier)
    return identifiers


# --- Streams ---------------------------------------------------------------------------------------------------


@dataclass
class _Shard:
    shard_id: str
    iterator: str | None
    buffer: list[dict[str, Any]] = field(default_factory=list)
    first_buffered: float = 0.0


class StreamPoller:
    """One DynamoDB event of one function: reads every shard of the table's stream and delivers its records."""

    def __init__(
        self,
        source: template.EventSource,
        invoke: Invoke,
        streams: Any,
        sqs: Any,
        stream_arn: str,
        on_failure_url: str | None,
    ) -> None:
        self.source = source
        self._invoke = invoke
        self._streams = streams
        self._sqs = sqs
        self.stream_arn = stream_arn
        self._on_failure_url = on_failure_url
        self.redelivery = Redelivery()
        self._shards: dict[str, _Shard] = {}
        self._refresh_shards(source.starting_position)
        self._next_refresh = time.monotonic() + SHARD_REFRESH_S

    def _refresh_shards(self, position: str) -> None:
        description = self._streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
        for shard in description.get("Shards", []):
            shard_id = shard["ShardId"]
            if shard_id in self._shards:
                continue
            iterator = self._streams.get_shard_iterator(
                StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType=position
            )["ShardIterator"]
            self._shards[shard_id] = _Shard(shard_id, iterator)

    def poll(self) -> int:
        """Read each shard once and deliver what is due; returns how many records were handed to the function
        (retries included)."""
        if time.monotonic() >= self._next_refresh:
            self._refresh_shards("TRIM_HORIZON")  # a shard that appears later is read from its start
            self._next_refresh = time.monotonic() + SHARD_REFRESH_S
        delivered = 0
        for shard in self._shards.values():
            if shard.iterator is not None and len(shard.buffer) < self.source.batch_size:
                answer = self._streams.get_records(
                    ShardIterator=shard.iterator, Limit=self.source.batch_size - len(shard.buffer)
                )
                shard.iterator = answer.get("NextShardIterator")
                read = [stream_record(record, self.stream_arn) for record in answer.get("Records", [])]
                records = [record for record in read if matches_filters(self.source, record)]
                if records and not shard.buffer:
                    shard.first_buffered = time.monotonic()
                shard.buffer.extend(records)
            due = len(shard.buffer) >= self.source.batch_size or (
                shard.buffer and time.monotonic() - shard.first_buffered >= self.source.batching_window_s
            )
            if due:
                batch, shard.buffer = shard.buffer[: self.source.batch_size], shard.buffer[self.source.batch_size :]
                shard.first_buffered = time.monotonic()
                delivered += self._deliver(shard.shard_id, batch)
        return delivered

    def _deliver(self, shard_id: str, batch: list[dict[str, Any]]) -> int:
        """Invoke until the batch succeeds or its retries are spent. Retries resume at the first failed record;
        with bisection an erroring batch is split and each half gets the attempts left."""
        delivered = 0
        pending = [(batch, 0)]
        while pending:
            records, attempts = pending.pop(0)
            delivered += len(records)
            remaining = self._attempt(records)
            for _ in range(self.redelivery.copies - 1):  # the checkpoint was lost: the same batch again
                delivered += len(records)
                again = self._attempt(records)
                remaining = again if len(again) > len(remaining) else remaining
            if not remaining:
                continue
            whole_batch_failed = len(remaining) == len(records)
            attempts += 1
            limit = self.source.maximum_retry_attempts
            if limit >= 0 and attempts > limit:
                self._give_up(shard_id, remaining, attempts)
                continue
            time.sleep(RETRY_WAIT_S)
            if self.source.bisect_on_error and whole_batch_failed and len(remaining) > 1:
                half = len(remaining) // 2
                pending[:0] = [(remaining[:half], attempts), (remaining[half:], attempts)]
            else:
                pending.insert(0, (remaining, attempts))
        return delivered

    def _attempt(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One invocation; the records still to process (from the first failed one), empty on success."""
        try:
            result = self._invoke({"Records": records})
        except Exception:
            log.exception("%s failed on %d stream records", self.source.function.logical_id, len(records))
            return records
        if not self.source.report_batch_item_failures:
            return []
        identifiers = failed_identifiers(result)
        if identifiers is None:
            return records
        sequence = [record["dynamodb"]["SequenceNumber"] for record in records]
        positions = [sequence.index(identifier) for identifier in identifiers if identifier in sequence]
        if len(positions) != len(identifiers):
            return records  # an identifier that is not in the batch: Lambda retries the whole batch
        return records[min(positions) :] if positions else []

    def _give_up(self, shard_id: str, records: list[dict[str, Any]], attempts: int) -> None:
        """Lambda's OnFailure record for a stream batch: where the records are, not the records."""
        log.error(
            "%s: %d stream records given up after %d attempts",
            self.source.function.logical_id,
            len(records),
            attempts,
        )
        if self._on_failure_url is None:
            return
        created = [record["dynamodb"].get("ApproximateCreationDateTime") for record in records]
        arrival = [
            datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None
            for value in (created[0], created[-1])
        ]
        failure = {
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": function_arn(self.source.function.logical_id),
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": attempts,
            },
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "version": "1.0",
            "timestamp": _now_iso(),
            "DDBStreamBatchInfo": {
                "shardId": shard_id,
                "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
                "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
                "approximateArrivalOfFirstRecord": arrival[0],
                "approximateArrivalOfLastRecord": arrival[1],
                "batchSize": len(records),
                "streamArn": self.stream_arn,
            },
        }
        self._sqs.send_message(QueueUrl=self._on_failure_url, MessageBody=json.dumps(failure))


# --- Queues ----------------------------------------------------------------------------------------------------


class QueuePoller:
    """One SQS event of one function: receives, invokes, deletes what succeeded. Short polls by default: the
    local stack's moto serves one request at a time, and a long poll would hold all the others."""

    def __init__(
        self, source: template.EventSource, invoke: Invoke, sqs: Any, queue_url: str, queue_arn: str, wait_s: int = 0
    ) -> None:
        self.source = source
        self._invoke = invoke
        self._sqs = sqs
        self.queue_url = queue_url
        self.queue_arn = queue_arn
        self._wait_s = wait_s
        self.redelivery = Redelivery()
        self._buffer: list[dict[str, Any]] = []
        self._first_buffered = 0.0

    def poll(self) -> int:
        """Receive once and deliver what is due; returns how many messages were handed to the function."""
        wanted = min(SQS_MAX_RECEIVE, self.source.batch_size - len(self._buffer))
        if wanted > 0:
            messages = self._sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=wanted,
                WaitTimeSeconds=self._wait_s,
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            records = [sqs_record(message, self.queue_arn) for message in messages]
            dropped = [record for record in records if not matches_filters(self.source, record)]
            self._delete(dropped)  # Lambda deletes what its filters drop
            records = [record for record in records if record not in dropped]
            if records and not self._buffer:
                self._first_buffered = time.monotonic()
            self._buffer.extend(records)
        due = len(self._buffer) >= self.source.batch_size or (
            self._buffer and time.monotonic() - self._first_buffered >= self.source.batching_window_s
        )
        if not due:
            return 0
        batch, self._buffer = self._buffer, []
        self._deliver(batch)
        return len(batch)

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        """Invoke (once per copy the redelivery asks for) and delete what some copy processed: with two copies
        of a message in flight, either one's delete removes it."""
        copies = self.redelivery.copies
        if self.redelivery.concurrent and copies > 1:
            together = threading.Barrier(copies)
            outcomes: list[set[str]] = [set() for _ in range(copies)]

            def run(index: int) -> None:
                together.wait(timeout=30)
                outcomes[index] = self._succeeded(batch)

            threads = [threading.Thread(target=run, args=(n,), name=f"copy-{n}") for n in range(copies)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        else:
            outcomes = [self._succeeded(batch) for _ in range(copies)]
        done_ids = set().union(*outcomes)
        self._delete([record for record in batch if record["messageId"] in done_ids])

    def _succeeded(self, batch: list[dict[str, Any]]) -> set[str]:
        """One invocation; the ids of the messages it processed."""
        try:
            result = self._invoke({"Records": batch})
        except Exception:
            log.exception("%s failed on %d messages", self.source.function.logical_id, len(batch))
            return set()  # every message reappears after its visibility timeout
        failed: set[str] = set()
        if self.source.report_batch_item_failures:
            identifiers = failed_identifiers(result)
            known = {record["messageId"] for record in batch}
            if identifiers is None or not set(identifiers) <= known:
                return set()  # an unusable response fails the whole batch, as on Lambda
            failed = set(identifiers)
        return {record["messageId"] for record in batch if record["messageId"] not in failed}

    def _delete(self, records: list[dict[str, Any]]) -> None:
        for start in range(0, len(records), SQS_MAX_RECEIVE):
            chunk = records[start : start + SQS_MAX_RECEIVE]
            self._sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[{"Id": str(index), "ReceiptHandle": r["receiptHandle"]} for index, r in enumerate(chunk)],
            )


# --- Running them ----------------------------------------------------------------------------------------------

Poller = StreamPoller | QueuePoller


class EventSourceDriver:
    """Every poller in its own thread (a slow consumer holds up only its own source, as with Lambda), stopped
    together; a failing poll is logged and retried, never fatal to the local stack."""

    def __init__(self, pollers: list[Poller], idle_wait_s: float = IDLE_WAIT_S) -> None:
        self.pollers = pollers
        self._idle_wait_s = idle_wait_s
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(
                target=self._run, args=(poller,), name=f"esm-{poller.source.function.logical_id}", daemon=True
            )
            for poller in pollers
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    @property
    def running(self) -> bool:
        """Whether any poller thread is still alive (after stop(): one that did not finish in time)."""
        return any(thread.is_alive() for thread in self._threads)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Let each poller finish the batch it is delivering, then return."""
        self._stop.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=timeout_s)

    def _run(self, poller: Poller) -> None:
        while not self._stop.is_set():
            try:
                delivered = poller.poll()
            except Exception:
                log.exception("polling %s for %s failed", poller.source.source, poller.source.function.logical_id)
                delivered = 0
            if not delivered and self._stop.wait(self._idle_wait_s):
                return


def build_pollers(
    sources: list[template.EventSource],
    invokers: dict[str, Invoke],
    streams: Any,
    sqs: Any,
    stream_arns: dict[str, str],
    queue_urls: dict[str, str],
    queue_arns: dict[str, str],
) -> list[Poller]:
    """A poller for each enabled event source, its table's stream or queue looked up by logical id.

    `invokers` maps a function's logical id to how it is run; `stream_arns` a table's logical id to its stream,
    `queue_urls` / `queue_arns` a queue's logical id to its URL and ARN."""
    pollers: list[Poller] = []
    for source in sources:
        if not source.enabled:
            continue
        invoke = invokers[source.function.logical_id]
        if source.kind == template.STREAM_EVENT:
            on_failure = queue_urls[source.on_failure] if source.on_failure else None
            pollers.append(StreamPoller(source, invoke, streams, sqs, stream_arns[source.source], on_failure))
        else:
            pollers.append(QueuePoller(source, invoke, sqs, queue_urls[source.source], queue_arns[source.source]))
    return pollers
