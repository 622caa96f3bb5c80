"""The service's EventBridge bus and its notification topic: the only place that talks to either.

Names come from the environment the template sets (EVENT_BUS_NAME, NOTIFICATION_TOPIC_ARN), read through
`taskexec.config` at each call; clients are made once per process, so a warm function pays for them once.
"""

from functools import cache
from typing import Any, NamedTuple

import boto3
from botocore.config import Config

from taskexec import config

PUT_EVENTS_MAX = 10
"""EventBridge takes at most 10 entries per PutEvents call."""
_CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 3, "mode": "standard"})


class Entry(NamedTuple):
    source: str
    detail_type: str
    detail_json: str


@cache
def _events() -> Any:
    return boto3.client("events", region_name=config.region(), config=_CLIENT_CONFIG)


@cache
def _sns() -> Any:
    return boto3.client("sns", region_name=config.region(), config=_CLIENT_CONFIG)


def bus_name() -> str:
    return config.settings().event_bus_name


def put(entries: list[Entry]) -> list[int]:
    """Put the entries on the bus; the indexes (into `entries`) of the ones EventBridge did not accept."""
    failed: list[int] = []
    name = bus_name()
    for start in range(0, len(entries), PUT_EVENTS_MAX):
        chunk = entries[start : start + PUT_EVENTS_MAX]
        answer = _events().put_events(
            Entries=[
                {"Source": e.source, "DetailType": e.detail_type, "Detail": e.detail_json, "EventBusName": name}
                for e in chunk
            ]
        )
        if answer.get("FailedEntryCount"):
            failed += [start + i for i, result in enumerate(answer["Entries"]) if result.get("ErrorCode")]
    return failed


def notify(subject: str, message: str, assignee_id: str) -> None:
    """One message on the notification topic, filterable by the `assigneeId` message attribute."""
    topic = config.settings().notification_topic_arn
    if topic is None:
        raise KeyError("NOTIFICATION_TOPIC_ARN")
    _sns().publish(
        TopicArn=topic,
        Subject=subject[:100],
        Message=message,
        MessageAttributes={"assigneeId": {"DataType": "String", "StringValue": assignee_id}},
    )
