"""The local stack's moto server keeps conditional writes atomic under concurrent callers, as DynamoDB does
(the service's load counters and idempotency records depend on it; so does the load test).

A guard rather than a proof: an unlocked moto happens to pass this single-item case too, but its transactions
are not atomic across threads, which is why `devkit.stack.MotoServer` serialises every request."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from devkit.cognito import local_client
from devkit.stack import MotoServer


def test_only_one_of_many_concurrent_conditional_updates_wins() -> None:
    server = MotoServer(0)
    server.start()
    try:
        client = local_client("dynamodb", server.endpoint)
        client.create_table(
            TableName="counters",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.put_item(TableName="counters", Item={"id": {"S": "u1"}, "n": {"N": "0"}})

        def bump(_: int) -> str:
            """Read-then-conditional-write from 0 to 1: only one caller may see n = 0 and win."""
            try:
                client.update_item(
                    TableName="counters",
                    Key={"id": {"S": "u1"}},
                    UpdateExpression="SET n = n + :one",
                    ConditionExpression="n = :zero",
                    ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
                )
                return "won"
            except ClientError as error:
                return str(error.response["Error"]["Code"])

        with ThreadPoolExecutor(max_workers=16) as pool:
            outcomes = list(pool.map(bump, range(64)))
        assert outcomes.count("won") == 1
        assert set(outcomes) == {"won", "ConditionalCheckFailedException"}
        item = client.get_item(TableName="counters", Key={"id": {"S": "u1"}})["Item"]
        assert item["n"] == {"N": "1"}
    finally:
        server.stop()
