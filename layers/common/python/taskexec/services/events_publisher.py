"""Publishing the domain events of the tables' streams: one stream record at a time, at least once.

A record is done when every event it yields is on the bus and every notification it owes is on the topic. If
any part fails, the record raises; the batch processor reports it as a batch item failure and Lambda retries
from it (then the OnFailure queue takes it). A retried record publishes the same events again with the same
`eventId`s, which is how a consumer deduplicates.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from taskexec import config
from taskexec.data import bus, streams
from taskexec.domain import events

logger = Logger(child=True)


class NotPublished(Exception):
    """EventBridge refused some of a record's events (its per-entry failures); the record is retried."""


def events_of(record: DynamoDBRecord) -> list[events.DomainEvent]:
    """The events of one record: the tasks' (as read by the data layer) or the latest snapshot's."""
    change = streams.change_of(record)
    if change.table == config.table_name("TasksTable"):
        return events.task_events(change, *streams.task_images(record))
    if change.table == config.table_name("MonitoringTable"):
        return events.health_events(change, *streams.plain_images(record))
    return []


def publish_record(record: DynamoDBRecord) -> list[str]:
    """Put the record's events on the bus, then notify their assignees; the eventIds published."""
    found = events_of(record)
    if not found:
        return []
    entries = [bus.Entry(events.SOURCE, event.detail_type, event.detail_json()) for event in found]
    failed = bus.put(entries)
    if failed:
        raise NotPublished(f"{len(failed)} of {len(entries)} events refused by the bus")
    for event in found:
        if event.notify:
            bus.notify(_subject(event), _message(event), event.notify)
    logger.info("published", extra={"eventIds": [e.event_id for e in found], "types": [e.detail_type for e in found]})
    return [event.event_id for event in found]


def _subject(event: events.DomainEvent) -> str:
    title = str(event.detail.get("title") or "a task")
    if event.detail_type == events.TASK_STATUS_CHANGED:
        return f"{title}: {event.detail.get('oldStatus')} -> {event.detail.get('newStatus')}"
    return f"Assigned to you: {title}"


def _message(event: events.DomainEvent) -> str:
    body: dict[str, Any] = {"detail-type": event.detail_type, "detail": json.loads(event.detail_json())}
    return json.dumps(body, separators=(",", ":"))
