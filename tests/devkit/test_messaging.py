"""devkit.messaging builds, in moto, the bus, rules, queues and topics template.yaml declares, and the local tap."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from devkit import messaging, template

REGION = "us-east-1"


@pytest.fixture
def made(aws: Any) -> messaging.Messaging:
    sqs, events, sns = (boto3.client(service, region_name=REGION) for service in ("sqs", "events", "sns"))
    return messaging.create(sqs, events, sns, prefix="local-")


def bodies(url: str) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name=REGION)
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(message["Body"]) for message in messages]


def test_every_queue_topic_and_bus_of_the_template_exists(made: messaging.Messaging) -> None:
    assert set(made.queue_urls) == set(template.resources("AWS::SQS::Queue"))
    assert set(made.topic_arns) == set(template.resources("AWS::SNS::Topic"))
    assert made.bus_name == template.resolve({"Fn::Sub": "taskexec-${Stage}"}, {})
    assert made.tap_queue_url


def test_queues_keep_their_redrive_policy(made: messaging.Messaging) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    attributes = sqs.get_queue_attributes(QueueUrl=made.queue_urls["TaskRequestQueue"], AttributeNames=["All"])
    redrive = json.loads(attributes["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"] == made.queue_arns["TaskRequestDeadLetterQueue"]
    declared = template.queues()["TaskRequestQueue"]["RedrivePolicy"]["maxReceiveCount"]
    assert int(redrive["maxReceiveCount"]) == declared


def test_task_requests_from_integrations_reach_the_queue_and_every_event_the_tap(made: messaging.Messaging) -> None:
    events = boto3.client("events", region_name=REGION)
    entry = {"EventBusName": made.bus_name, "DetailType": "TaskRequested", "Detail": json.dumps({"message": "m"})}
    answer = events.put_events(Entries=[{**entry, "Source": "demo.crm"}, {**entry, "Source": "taskexec"}])
    assert answer["FailedEntryCount"] == 0

    requested = bodies(made.queue_urls["TaskRequestQueue"])
    assert [(event["source"], event["detail"]) for event in requested] == [("demo.crm", {"message": "m"})]
    assert sorted(event["source"] for event in bodies(made.tap_queue_url)) == ["demo.crm", "taskexec"]


def test_refs_resolve_the_functions_references_to_local_resources(made: messaging.Messaging) -> None:
    assert template.resolve({"Ref": "EventBus"}, made.refs) == made.bus_name
    assert template.resolve({"Ref": "NotificationTopic"}, made.refs) == made.topic_arns["NotificationTopic"]
    queue_arn = template.resolve({"Fn::GetAtt": ["TaskRequestQueue", "Arn"]}, made.refs)
    assert queue_arn == made.queue_arns["TaskRequestQueue"]
