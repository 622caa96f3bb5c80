"""The events side of the template in moto, driven as Lambda would drive it, for in-process tests.

`EventsWorld` builds the template's bus, rules, queues and topic (devkit.messaging, as `make local` does), points
the functions' environment at them, and makes pollers (devkit.event_sources) for the template's own event sources
of the events publisher and the task request function, running their real handlers. `tap()` reads every event
that reached the bus; `notifications()` every message the notification topic delivered to a test queue.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import boto3
import pytest

from devkit import event_sources, iam, messaging, template
from devkit.events import LambdaContext
from devkit.handlers import load_function

REGION = "us-east-1"
STREAMS_ENDPOINT = f"https://streams.dynamodb.{REGION}.amazonaws.com"
"""moto answers stream calls in process only at the DynamoDB Streams host."""
MAX_POLLS = 50
"""Safety bound on polling loops: a test that needs more has hung."""
CONSUMERS = {
    "EventsPublisherFunction": "events_publisher",
    "TaskRequestFunction": "task_requests",
    "AutomationRunFunction": "automation_runs",
}


def invoker(code: str) -> Callable[[dict[str, Any]], Any]:
    handler = load_function(code).lambda_handler
    return lambda event: handler(event, LambdaContext(code))


@dataclass
class EventsWorld:
    dynamodb: Any
    made: messaging.Messaging
    sqs: Any = field(default_factory=lambda: boto3.client("sqs", region_name=REGION))
    events: Any = field(default_factory=lambda: boto3.client("events", region_name=REGION))
    streams: Any = field(
        default_factory=lambda: boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=STREAMS_ENDPOINT)
    )
    inbox_url: str = ""
    invokers: dict[str, Callable[[dict[str, Any]], Any]] = field(default_factory=dict)
    """A stand-in handler per function (fault tests); the function's real handler otherwise."""
    _pollers: dict[str, list[event_sources.Poller]] = field(default_factory=dict)

    def pollers(self, function: str) -> list[event_sources.Poller]:
        """The function's pollers, made once: a stream poller keeps its place in the shard like a mapping."""
        if function not in self._pollers:
            self._pollers[function] = self._make_pollers(function)
        return self._pollers[function]

    def _make_pollers(self, function: str) -> list[event_sources.Poller]:
        # No batching window: a poll delivers what it read (the window only delays; tests poll step by step).
        sources = [
            replace(s, batching_window_s=0) for s in template.event_sources() if s.function.logical_id == function
        ]
        real = invoker(CONSUMERS[function])

        def invoke(event: dict[str, Any]) -> Any:
            return self.invokers.get(function, real)(event)

        arns = {
            logical_id: str(self.dynamodb.describe_table(TableName=logical_id)["Table"]["LatestStreamArn"])
            for logical_id in ("TasksTable", "MonitoringTable")
        }
        return event_sources.build_pollers(
            sources, {function: invoke}, self.streams, self.sqs, arns, self.made.queue_urls, self.made.queue_arns
        )

    def drive(self, function: str) -> int:
        """Poll the function's event sources until none delivers anything; how many rounds delivered."""
        pollers = self.pollers(function)
        for rounds in range(MAX_POLLS):
            if not sum(poller.poll() for poller in pollers):
                return rounds
        raise AssertionError(f"{function}'s event sources kept delivering")

    def drain(self, url: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        for _ in range(MAX_POLLS):
            batch = self.sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60, MessageAttributeNames=["All"]
            ).get("Messages", [])
            if not batch:
                return messages
            messages.extend(batch)
        raise AssertionError(f"{url} did not run dry")

    def tap(self) -> list[dict[str, Any]]:
        """Every event put on the bus since the last call (EventBridge envelopes)."""
        return [json.loads(m["Body"]) for m in self.drain(self.made.tap_queue_url)]

    def notifications(self) -> list[dict[str, Any]]:
        """Every notification since the last call, as SNS delivers it to an SQS subscription (not raw)."""
        return [json.loads(m["Body"]) for m in self.drain(self.inbox_url)]

    def subscribe(self, filter_policy: dict[str, Any] | None = None) -> str:
        """A queue subscribed to the notification topic (with a filter policy when given); its URL."""
        url = self.sqs.create_queue(QueueName=f"inbox-{uuid.uuid4().hex[:8]}")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        attributes = {"FilterPolicy": json.dumps(filter_policy)} if filter_policy else {}
        boto3.client("sns", region_name=REGION).subscribe(
            TopicArn=self.made.topic_arns["NotificationTopic"], Protocol="sqs", Endpoint=arn, Attributes=attributes
        )
        return str(url)

    def send_task_request(self, source: str, detail: Any, event_id: str | None = None) -> str:
        """A TaskRequested event as an integration puts it (through the bus, its rule and its queue); the
        correlation id is whatever `detail` carries."""
        answer = self.events.put_events(
            Entries=[
                {
                    "Source": source,
                    "DetailType": "TaskRequested",
                    "Detail": json.dumps(detail, separators=(",", ":")),
                    "EventBusName": self.made.bus_name,
                }
            ]
        )
        assert answer["FailedEntryCount"] == 0, answer
        return str(answer["Entries"][0]["EventId"])

    def deliver_task_request(self, source: str, detail: Any) -> str:
        """A TaskRequested event put straight on the task request queue, as the rule delivers it: for details
        moto's own pattern matching cannot take (it flattens a detail recursively, so 1,000 levels overflow
        Python's stack, where EventBridge takes 1,100). Returns the event id."""
        event_id = str(uuid.uuid4())
        envelope = {
            "version": "0",
            "id": event_id,
            "detail-type": "TaskRequested",
            "source": source,
            "account": "123456789012",
            "time": "2026-01-01T00:00:00Z",
            "region": REGION,
            "resources": [],
            "detail": detail,
        }
        self.sqs.send_message(QueueUrl=self.made.queue_urls["TaskRequestQueue"], MessageBody=json.dumps(envelope))
        return event_id


def events_world(aws: Any, monkeypatch: pytest.MonkeyPatch) -> EventsWorld:
    """Inside the `aws` fixture's moto account: the template's messaging, and the environment pointing at it."""
    refs = iam.emulated_refs({logical_id: logical_id for logical_id in template.table_logical_ids()})
    made = messaging.create(
        boto3.client("sqs", region_name=REGION),
        boto3.client("events", region_name=REGION),
        boto3.client("sns", region_name=REGION),
        prefix="",
        refs=refs,
    )
    monkeypatch.setenv("EVENT_BUS_NAME", made.bus_name)
    monkeypatch.setenv("NOTIFICATION_TOPIC_ARN", made.topic_arns["NotificationTopic"])
    monkeypatch.setenv("ANSWER_DELIVERY_ROLE_ARN", refs["AnswerDeliveryRole.Arn"])
    # A failed message is visible again at once (not after the local 5 s): retries happen poll by poll.
    for queue in ("TaskRequestQueue", "AutomationRunQueue"):
        boto3.client("sqs", region_name=REGION).set_queue_attributes(
            QueueUrl=made.queue_urls[queue], Attributes={"VisibilityTimeout": "0"}
        )
    world = EventsWorld(aws, made)
    world.tap()  # nothing yet, but the tap exists
    world.inbox_url = world.subscribe()
    return world


def of_type(events: list[dict[str, Any]], detail_type: str) -> list[dict[str, Any]]:
    return [event for event in events if event["detail-type"] == detail_type]
