"""Publishing the domain events of the tables' streams: one stream record at a time, at least once.

A record is done when every event it yields is on the bus and every notification it owes is on the topic. If
any part fails, the record raises; the batch processor reports it as a batch item failure and Lambda retries
from it (then the OnFailure queue takes it). A retried record publishes the same events again with the same
`eventId`s, which is how a consumer deduplicates.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from taskexec import config
from taskexec.data import bus
from taskexec.domain import events as domain

logger = Logger(child=True)


class NotPublished(Exception):
    """EventBridge refused some of a record's events (its per-entry failures); the record is retried."""


def change_of(record: DynamoDBRecord) -> domain.StreamChange:
    arn = record.event_source_arn or ""
    table = arn.split(":table/", 1)[-1].split("/stream/", 1)[0]
    stream = record.dynamodb
    created = stream.approximate_creation_date_time if stream else None
    return domain.StreamChange(
        table=table,
        record_id=str(record.event_id or (stream.sequence_number if stream else "")),
        kind=record.event_name.name if record.event_name else "",
        new=stream.new_image if stream and stream.get("NewImage") else None,
        old=stream.old_image if stream and stream.get("OldImage") else None,
        approximate_at=datetime.fromtimestamp(created, UTC) if created else None,
    )


def events_of(record: DynamoDBRecord) -> list[domain.DomainEvent]:
    return domain.events_of(change_of(record), config.table_name("TasksTable"), config.table_name("MonitoringTable"))


def publish_record(record: DynamoDBRecord) -> list[str]:
    """Put the record's events on the bus, then notify their assignees; the eventIds published."""
    found = events_of(record)
    if not found:
        return []
    entries = [bus.Entry(domain.SOURCE, event.detail_type, event.detail_json()) for event in found]
    failed = bus.put(entries)
    if failed:
        raise NotPublished(f"{len(failed)} of {len(entries)} events refused by the bus")
    for event in found:
        if event.notify:
            bus.notify(_subject(event), _message(event), event.notify)
    logger.info("published", extra={"eventIds": [e.event_id for e in found], "types": [e.detail_type for e in found]})
    return [event.event_id for event in found]


def _subject(event: domain.DomainEvent) -> str:
    title = str(event.detail.get("title") or "a task")
    if event.detail_type == domain.TASK_STATUS_CHANGED:
        return f"{title}: {event.detail.get('oldStatus')} -> {event.detail.get('newStatus')}"
    return f"Assigned to you: {title}"


def _message(event: domain.DomainEvent) -> str:
    body: dict[str, Any] = {"detail-type": event.detail_type, "detail": json.loads(event.detail_json())}
    return json.dumps(body, separators=(",", ":"))
