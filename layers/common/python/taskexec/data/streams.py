"""DynamoDB stream records as the domain events need them: which record it is, and its images as values.

A TasksTable image is a task row, read by the same mapping as every other read of a task (`task_rows.task_of`);
the MonitoringTable's snapshot images stay plain attributes.
"""

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from taskexec.data.task_rows import task_of
from taskexec.domain.events import StreamChange
from taskexec.domain.tasks import Task

Images = tuple[dict[str, Any] | None, dict[str, Any] | None]


def change_of(record: DynamoDBRecord) -> StreamChange:
    arn = record.event_source_arn or ""
    stream = record.dynamodb
    created = stream.approximate_creation_date_time if stream else None
    return StreamChange(
        table=arn.split(":table/", 1)[-1].split("/stream/", 1)[0],
        record_id=str(record.event_id or (stream.sequence_number if stream else "")),
        kind=record.event_name.name if record.event_name else "",
        approximate_at=datetime.fromtimestamp(created, UTC) if created else None,
    )


def plain_images(record: DynamoDBRecord) -> Images:
    """The new and old images as plain values (None where the record has none)."""
    stream = record.dynamodb
    return (
        stream.new_image if stream and stream.get("NewImage") else None,
        stream.old_image if stream and stream.get("OldImage") else None,
    )


def task_images(record: DynamoDBRecord) -> tuple[Task | None, Task | None]:
    """The task after and before the change (None where the record has no such image)."""
    stream = record.dynamodb
    new, old = (stream.get(image) if stream else None for image in ("NewImage", "OldImage"))
    return (task_of(new) if new else None, task_of(old) if old else None)
