"""With devkit.moto_streams installed (create_tables does it), moto's streams still behave as DynamoDB's: a
cancelled transaction leaves no record, and the table keeps streaming after moto rolled it back."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

STREAMS_ENDPOINT = "https://streams.dynamodb.us-east-1.amazonaws.com"


def stream_keys(aws: Any) -> list[str]:
    streams = boto3.client("dynamodbstreams", region_name="us-east-1", endpoint_url=STREAMS_ENDPOINT)
    arn = aws.describe_table(TableName="TasksTable")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    return [f"{record['eventName']} {record['dynamodb']['Keys']['id']['S']}" for record in records]


def put(task: str, **condition: str) -> dict[str, Any]:
    return {"Put": {"TableName": "TasksTable", "Item": {"id": {"S": task}}, **condition}}


def test_a_cancelled_transaction_leaves_no_stream_record_and_the_stream_goes_on(aws: Any) -> None:
    aws.transact_write_items(TransactItems=[put("t1")])
    with pytest.raises(aws.exceptions.TransactionCanceledException):
        aws.transact_write_items(TransactItems=[put("t2"), put("t1", ConditionExpression="attribute_not_exists(id)")])
    aws.transact_write_items(TransactItems=[put("t3")])
    aws.put_item(TableName="TasksTable", Item={"id": {"S": "t4"}})

    assert stream_keys(aws) == ["INSERT t1", "INSERT t3", "INSERT t4"]
