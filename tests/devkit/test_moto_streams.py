"""With devkit.moto_streams installed (create_tables does it), moto's streams still behave as DynamoDB's: a
cancelled transaction leaves no record, the table keeps streaming after moto rolled it back, and a reader that
holds an iterator from before the rollback (a stream poller does) still reads what is written after it."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

STREAMS_ENDPOINT = "https://streams.dynamodb.us-east-1.amazonaws.com"


def streams() -> Any:
    return boto3.client("dynamodbstreams", region_name="us-east-1", endpoint_url=STREAMS_ENDPOINT)


def first_iterator(aws: Any) -> str:
    arn = aws.describe_table(TableName="TasksTable")["Table"]["LatestStreamArn"]
    shard = streams().describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    return streams().get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]


def read(iterator: str) -> tuple[list[str], str]:
    """The records an iterator reads, as "EVENT id", and the iterator to read on with."""
    page = streams().get_records(ShardIterator=iterator)
    keys = [f"{record['eventName']} {record['dynamodb']['Keys']['id']['S']}" for record in page["Records"]]
    return keys, page["NextShardIterator"]


def stream_keys(aws: Any) -> list[str]:
    return read(first_iterator(aws))[0]


def put(task: str, **condition: str) -> dict[str, Any]:
    return {"Put": {"TableName": "TasksTable", "Item": {"id": {"S": task}}, **condition}}


def test_a_cancelled_transaction_leaves_no_stream_record_and_the_stream_goes_on(aws: Any) -> None:
    aws.transact_write_items(TransactItems=[put("t1")])
    with pytest.raises(aws.exceptions.TransactionCanceledException):
        aws.transact_write_items(TransactItems=[put("t2"), put("t1", ConditionExpression="attribute_not_exists(id)")])
    aws.transact_write_items(TransactItems=[put("t3")])
    aws.put_item(TableName="TasksTable", Item={"id": {"S": "t4"}})

    assert stream_keys(aws) == ["INSERT t1", "INSERT t3", "INSERT t4"]


def test_an_iterator_taken_before_a_rollback_reads_what_is_written_after_it(aws: Any) -> None:
    aws.transact_write_items(TransactItems=[put("t1")])
    seen, iterator = read(first_iterator(aws))
    with pytest.raises(aws.exceptions.TransactionCanceledException):
        aws.transact_write_items(TransactItems=[put("t2"), put("t1", ConditionExpression="attribute_not_exists(id)")])
    aws.transact_write_items(TransactItems=[put("t3")])

    later, _ = read(iterator)
    assert (seen, later) == (["INSERT t1"], ["INSERT t3"])
