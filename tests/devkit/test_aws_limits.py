"""devkit.aws_limits: AWS's documented limits that moto 5.2.5 does not enforce, refused in every in-process test
(tests/support/aws_rules.py installs them) with the error the service sends."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from devkit import aws_limits

REGION = "us-east-1"


@pytest.fixture
def topic(aws: Any) -> str:
    return str(boto3.client("sns", region_name=REGION).create_topic(Name="notes")["TopicArn"])


@pytest.mark.parametrize(
    "subject",
    ["Line\nbreak", "Tab\there", "Café ready", " leading space", "x" * 101, "", "bell\x07"],
    ids=["line-break", "tab", "non-ascii", "leading-space", "101-chars", "empty", "control"],
)
def test_sns_refuses_subjects_outside_printable_ascii_of_at_most_100_characters(topic: str, subject: str) -> None:
    with pytest.raises(ClientError) as refused:
        boto3.client("sns", region_name=REGION).publish(TopicArn=topic, Subject=subject, Message="m")
    assert refused.value.response["Error"]["Code"] == "InvalidParameter"


def test_sns_takes_a_subject_of_100_printable_ascii_characters(topic: str) -> None:
    boto3.client("sns", region_name=REGION).publish(TopicArn=topic, Subject="A: b -> c " + "x" * 90, Message="m")


def test_sns_counts_the_message_in_bytes_with_its_attributes(topic: str) -> None:
    sns = boto3.client("sns", region_name=REGION)
    two_byte = "é" * (aws_limits.SNS_MESSAGE_MAX_BYTES // 2)  # 131,072 characters, 262,144 bytes: the limit exactly
    sns.publish(TopicArn=topic, Message=two_byte)
    with pytest.raises(ClientError) as refused:
        sns.publish(
            TopicArn=topic,
            Message=two_byte,
            MessageAttributes={"assigneeId": {"DataType": "String", "StringValue": "u"}},
        )
    assert refused.value.response["Error"]["Message"] == "Invalid parameter: Message too long"


def test_put_events_refuses_entries_over_256_kb_together_sized_as_aws_documents(aws: Any) -> None:
    events = boto3.client("events", region_name=REGION)

    def entry(detail_bytes: int) -> dict[str, Any]:
        return {"Source": "s", "DetailType": "T", "Detail": json.dumps({"x": "y" * (detail_bytes - 9)})}  # {"x": "..."}

    one = entry(200_000)
    assert aws_limits.put_events_entry_size(one) == 200_000 + len("s") + len("T")
    assert events.put_events(Entries=[one])["FailedEntryCount"] == 0
    with pytest.raises(ClientError) as refused:
        events.put_events(Entries=[entry(140_000), entry(140_000)])
    assert refused.value.response["Error"]["Code"] == "ValidationException"


def test_sqs_refuses_a_message_over_256_kib(aws: Any) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x" * aws_limits.SQS_MESSAGE_MAX_BYTES)
    with pytest.raises(ClientError) as refused:
        sqs.send_message(QueueUrl=url, MessageBody="x" * (aws_limits.SQS_MESSAGE_MAX_BYTES + 1))
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_a_transaction_over_4_mb_is_refused(aws: Any) -> None:
    def put(n: int) -> dict[str, Any]:
        return {"Put": {"TableName": "TasksTable", "Item": {"id": {"S": f"t{n}"}, "body": {"S": "x" * 390_000}}}}

    with pytest.raises(ClientError) as refused:
        aws.transact_write_items(TransactItems=[put(n) for n in range(11)])
    assert refused.value.response["Error"]["Message"] == "Transaction request cannot be larger than 4 MB"
    aws.transact_write_items(TransactItems=[put(n) for n in range(10)])  # 3.9 MB: taken


def test_dynamodb_item_sizes_follow_dynamodbs_rules() -> None:
    assert aws_limits.item_size({"id": {"S": "abc"}}) == 2 + 3
    assert aws_limits.attribute_size({"N": "12345"}) == 4
    assert aws_limits.attribute_size({"L": [{"S": "ab"}, {"BOOL": True}]}) == 3 + (1 + 2) + (1 + 1)
