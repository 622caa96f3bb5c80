"""The template's event bus, rules, queues and topics, created in moto for `make local`, plus a local-only tap.

Each resource keeps its template logical id in its local name (queues and topics `taskexec-local-<LogicalId>`,
the bus under the name the template gives it), and `refs` maps what `!Ref` and `!GetAtt` would return for it,
so the functions' environment and the event sources resolve to these local resources. The tap is a queue that a
catch-all rule on every bus feeds: a way to watch every event the service publishes or receives.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devkit import moto_events, template

log = logging.getLogger("devkit.messaging")

TAP_QUEUE = "EventsTap"
TAP_RULE = "local-events-tap"
CATCH_ALL_PATTERN = {"source": [{"prefix": ""}]}
"""EventBridge has no match-everything pattern; every event has a source, and every source has the prefix ""."""
LOCAL_VISIBILITY_TIMEOUT_S = 5
"""Queues' visibility timeout locally, at most: a failed message reappears within seconds, not minutes, so a
poison message reaches its dead-letter queue while you watch (the deployed value stays the template's)."""
_QUEUE_ATTRIBUTES = ("DelaySeconds", "MessageRetentionPeriod", "VisibilityTimeout")
"""ReceiveMessageWaitTimeSeconds is left out on purpose: moto serves one request at a time (devkit.stack), so a
long poll would hold every other AWS call of the local stack for its whole wait."""


@dataclass
class Messaging:
    """What was created: names, URLs and ARNs by logical id, and the tap."""

    buses: dict[str, str] = field(default_factory=dict)
    queue_urls: dict[str, str] = field(default_factory=dict)
    queue_arns: dict[str, str] = field(default_factory=dict)
    topic_arns: dict[str, str] = field(default_factory=dict)
    tap_queue_url: str = ""
    refs: dict[str, str] = field(default_factory=dict)
    """`!Ref X` and `!GetAtt X.Attr` ("X.Attr") values of every resource above, for template.resolve."""

    @property
    def bus_name(self) -> str:
        """The service's bus (the template declares one)."""
        return next(iter(self.buses.values()), "")


def _create_queue(sqs: Any, name: str, attributes: dict[str, str]) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def _queue_attributes(properties: dict[str, Any], refs: dict[str, str], path: Path) -> dict[str, str]:
    props = template.resolve_properties(properties, refs, path)
    attributes = {name: str(props[name]) for name in _QUEUE_ATTRIBUTES if name in props}
    timeout = int(attributes.get("VisibilityTimeout", 30))
    attributes["VisibilityTimeout"] = str(min(timeout, LOCAL_VISIBILITY_TIMEOUT_S))
    if "RedrivePolicy" in props:
        attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
    return attributes


def create(
    sqs: Any,
    events: Any,
    sns: Any,
    prefix: str,
    refs: dict[str, str] | None = None,
    path: Path = template.TEMPLATE,
) -> Messaging:
    """Queues (dead-letter queues first), topics, buses, rules with their SQS targets, then the tap. moto's
    rules are made to deliver only while ENABLED, as EventBridge's do (devkit/moto_events.py)."""
    moto_events.install()
    made = Messaging(refs=dict(refs or {}))
    for logical_id, properties in template.queues(path).items():
        name = prefix + logical_id
        url, arn = _create_queue(sqs, name, _queue_attributes(properties, made.refs, path))
        made.queue_urls[logical_id], made.queue_arns[logical_id] = url, arn
        made.refs.update({logical_id: url, f"{logical_id}.Arn": arn, f"{logical_id}.QueueName": name})

    for logical_id in template.resources("AWS::SNS::Topic", path):
        arn = sns.create_topic(Name=prefix + logical_id)["TopicArn"]
        made.topic_arns[logical_id] = arn
        made.refs.update(
            {logical_id: arn, f"{logical_id}.TopicArn": arn, f"{logical_id}.TopicName": prefix + logical_id}
        )

    for logical_id, resource in template.resources("AWS::Events::EventBus", path).items():
        name = str(template.resolve((resource.get("Properties") or {})["Name"], made.refs, path))
        arn = events.create_event_bus(Name=name)["EventBusArn"]
        made.buses[logical_id] = name
        made.refs.update({logical_id: name, f"{logical_id}.Arn": arn, f"{logical_id}.Name": name})

    for logical_id, resource in template.resources("AWS::Events::Rule", path).items():
        props = template.resolve_properties(resource.get("Properties") or {}, made.refs, path)
        if "EventPattern" not in props:
            continue  # schedules are run by devkit.stack.Scheduler
        bus = str(props.get("EventBusName", "default"))
        events.put_rule(
            Name=logical_id,
            EventBusName=bus,
            EventPattern=json.dumps(props["EventPattern"]),
            State=str(props.get("State", "ENABLED")),
        )
        targets = [
            {"Id": str(target["Id"]), "Arn": str(target["Arn"])}
            for target in props.get("Targets", [])
            if str(target.get("Arn", "")).startswith("arn:aws:sqs:")
        ]
        skipped = len(props.get("Targets", [])) - len(targets)
        if skipped:
            log.warning("rule %s: %d target(s) other than SQS are not emulated", logical_id, skipped)
        if targets:
            events.put_targets(Rule=logical_id, EventBusName=bus, Targets=targets)

    made.tap_queue_url, tap_arn = _create_queue(sqs, prefix + TAP_QUEUE, {})
    for bus in made.buses.values():
        events.put_rule(Name=TAP_RULE, EventBusName=bus, EventPattern=json.dumps(CATCH_ALL_PATTERN))
        events.put_targets(Rule=TAP_RULE, EventBusName=bus, Targets=[{"Id": TAP_QUEUE, "Arn": tap_arn}])
    return made
