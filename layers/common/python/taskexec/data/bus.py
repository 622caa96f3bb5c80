"""The service's EventBridge bus and its notification topic: the only place that talks to either.

Names come from the environment the template sets (EVENT_BUS_NAME, NOTIFICATION_TOPIC_ARN,
ANSWER_DELIVERY_ROLE_ARN), read through `taskexec.config` at each call; clients are made once per process, so a
warm function pays for them once.

What goes out is made safe for the service that takes it: an SNS subject is printable ASCII of at most 100
characters, never empty (SNS refuses anything else, and a refusal would hold the record back); the answers of
an integration that registered a bus reach it through a rule of the service's own (`route_answers`).
"""

import json
import re
import unicodedata
from functools import cache
from typing import Any, NamedTuple

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from taskexec import config
from taskexec.domain import events

PUT_EVENTS_MAX = 10
"""EventBridge takes at most 10 entries per PutEvents call."""
SUBJECT_MAX = 100
FALLBACK_SUBJECT = "Task notification"
ANSWER_RULE_PREFIX = "answers-"
"""The rules this service manages on its bus for integrations' answers (its IAM allows no other rule)."""
RULE_NAME_MAX = 64
ANSWER_TARGET_ID = "integration-bus"
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


def sns_subject(text: str) -> str:
    """`text` as SNS takes a subject: letters with accents as their base letter, every other character outside
    printable ASCII (line breaks, control characters, other scripts) as a space, runs of spaces as one, at most
    100 characters; a fallback when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    printable = re.sub(r"[^ -~]+", " ", ascii_text)
    subject = " ".join(printable.split())[:SUBJECT_MAX].rstrip()
    return subject or FALLBACK_SUBJECT


def notify(subject: str, message: str, assignee_id: str) -> None:
    """One message on the notification topic, filterable by the `assigneeId` message attribute."""
    topic = config.settings().notification_topic_arn
    if topic is None:
        raise KeyError("NOTIFICATION_TOPIC_ARN")
    _sns().publish(
        TopicArn=topic,
        Subject=sns_subject(subject),
        Message=message,
        MessageAttributes={"assigneeId": {"DataType": "String", "StringValue": assignee_id}},
    )


# --- Integrations' answers on their own buses -------------------------------------------------------------------


def answer_rule(source: str) -> str:
    """The rule that forwards `source`'s answers: `answers-<source>`, cut (with a hash of the whole source)
    where the source is longer than a rule name may be."""
    name = ANSWER_RULE_PREFIX + source
    if len(name) <= RULE_NAME_MAX:
        return name
    import hashlib

    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    return f"{name[: RULE_NAME_MAX - 13]}-{digest}"


def route_answers(source: str, bus_arn: str) -> None:
    """Deliver every answer to `source`'s requests to the bus `bus_arn` as well (made or changed in place)."""
    rule = answer_rule(source)
    pattern = {
        "source": [events.SOURCE],
        "detail-type": [events.TASK_REQUEST_SUCCEEDED, events.TASK_REQUEST_REJECTED],
        "detail": {"requestSource": [source]},
    }
    _events().put_rule(
        Name=rule,
        EventBusName=bus_name(),
        EventPattern=json.dumps(pattern),
        State="ENABLED",
        Description=f"Answers to {source}'s TaskRequested events, to the bus it registered",
    )
    target: dict[str, Any] = {"Id": ANSWER_TARGET_ID, "Arn": bus_arn}
    role = config.settings().answer_delivery_role_arn
    if role:
        target["RoleArn"] = role
    answer = _events().put_targets(Rule=rule, EventBusName=bus_name(), Targets=[target])
    if answer.get("FailedEntryCount"):
        raise RuntimeError(f"EventBridge refused the answer target of {rule}")


def unroute_answers(source: str) -> None:
    """Stop delivering `source`'s answers anywhere but the service's bus (nothing to do when none are)."""
    rule = answer_rule(source)
    try:
        _events().remove_targets(Rule=rule, EventBusName=bus_name(), Ids=[ANSWER_TARGET_ID])
        _events().delete_rule(Name=rule, EventBusName=bus_name())
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            raise
