"""The statistics consumer, driven in process the way its event source mapping drives it on AWS.

`StatisticsFeed` polls UserActivityTable's stream (moto's, in process) with devkit's StreamPoller, configured
from template.yaml's StatisticsFunction event (batch size, retries, bisection, partial failures), and hands each
batch to functions/statistics/app.py. Tests call `catch_up()` where a deployed stack would simply wait.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import boto3

from devkit import template
from devkit.event_sources import StreamPoller, stream_record
from devkit.events import LambdaContext
from devkit.handlers import load_function

REGION = "us-east-1"
STREAMS_ENDPOINT = f"https://streams.dynamodb.{REGION}.amazonaws.com"
"""moto answers stream calls in process only at the DynamoDB Streams host."""
FUNCTION = "StatisticsFunction"
MAX_POLLS = 1000
"""Safety bound: a feed that keeps delivering after this many polls has hung."""


def source() -> template.EventSource:
    found = next(s for s in template.event_sources() if s.function.logical_id == FUNCTION)
    return replace(found, batching_window_s=0)  # tests do not wait for a batching window to close


def streams_client() -> Any:
    return boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=STREAMS_ENDPOINT)


def activity_stream_arn() -> str:
    table = boto3.client("dynamodb", region_name=REGION).describe_table(TableName="UserActivityTable")
    return str(table["Table"]["LatestStreamArn"])


def invoke(event: dict[str, Any]) -> Any:
    return load_function("statistics").lambda_handler(event, LambdaContext("statistics"))


def stream_events(batch_size: int = 100) -> list[dict[str, Any]]:
    """Every record of the activity stream so far, as the stream events Lambda would hand the function."""
    streams, arn = streams_client(), activity_stream_arn()
    records: list[dict[str, Any]] = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")
        answer = streams.get_records(ShardIterator=iterator["ShardIterator"], Limit=1000)
        records += [stream_record(r, arn) for r in answer.get("Records", [])]
    return [{"Records": records[n : n + batch_size]} for n in range(0, len(records), batch_size)]


class StatisticsFeed:
    """The consumer fed from the stream's start; `catch_up()` delivers every record written since."""

    def __init__(self) -> None:
        self.poller = StreamPoller(source(), invoke, streams_client(), None, activity_stream_arn(), None)

    def catch_up(self) -> int:
        """Deliver until the stream has nothing new; how many records were delivered (retries included)."""
        delivered = 0
        for _ in range(MAX_POLLS):
            step = self.poller.poll()
            if not step:
                return delivered
            delivered += step
        raise AssertionError(f"the statistics feed was still delivering after {MAX_POLLS} polls")
