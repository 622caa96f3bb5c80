"""Where each integration request's one answer is kept: an item of IdempotencyTable under the request's key.

The answer is written in the same transaction as the request's effect (the execution's items, or a rejection's
audit row), conditional on the key being new, so exactly one delivery of a request writes an effect and an
answer; any other finds the answer (a strongly consistent read) or has its transaction cancelled on that
condition and then reads it. Items expire with the table's TTL (`expiration`) after ANSWER_TTL_DAYS: longer
than the queue keeps a message (4 days) plus EventBridge's own retries (24 h), so every redelivery finds it.
Powertools Idempotency shares the table; its keys never start with KEY_PREFIX.
"""

import json
import random
import time
from typing import Any

from botocore.exceptions import ClientError

from taskexec import config
from taskexec.data import activity, clients
from taskexec.domain.task_requests import RequestAnswer

KEY_PREFIX = "taskrequest#"
ANSWER_TTL_DAYS = 7
CONTENDED_TRIES = 5
"""Tries of a rejection whose item another delivery's transaction holds: that one commits or is cancelled within
tens of milliseconds, and the next try then meets its answer or goes through."""


class AlreadyAnswered(Exception):
    """Another delivery of the request wrote its answer first."""


def _id(key: str) -> dict[str, str]:
    return {"S": KEY_PREFIX + key}


def put_request(answer: RequestAnswer) -> dict[str, Any]:
    """A conditional Put of the answer, for a transaction that also writes the request's effect."""
    return {
        "Put": {
            "TableName": config.table_name("IdempotencyTable"),
            "Item": {
                "id": _id(answer.key),
                "detailType": {"S": answer.detail_type},
                "answer": {"S": json.dumps(answer.body, separators=(",", ":"))},
                "expiration": {"N": str(int(time.time()) + ANSWER_TTL_DAYS * 24 * 3600)},
            },
            "ConditionExpression": "attribute_not_exists(id)",
        }
    }


def find(key: str) -> RequestAnswer | None:
    """The request's answer, if a delivery wrote one (strongly consistent: a delivery that just committed is
    seen)."""
    item = (
        clients.dynamodb()
        .get_item(TableName=config.table_name("IdempotencyTable"), Key={"id": _id(key)}, ConsistentRead=True)
        .get("Item")
    )
    if not item:
        return None
    return RequestAnswer(key, item["detailType"]["S"], json.loads(item["answer"]["S"]))


def record_rejection(answer: RequestAnswer, record: activity.ActivityRecord) -> None:
    """The rejection and its audit row, together or not at all; AlreadyAnswered when the request has its
    answer already (the audit row is then not written either: the request is audited once)."""
    items = [put_request(answer), {"Put": activity.put_request(record)}]
    for attempt in range(CONTENDED_TRIES):
        try:
            clients.dynamodb().transact_write_items(TransactItems=items)
            return
        except ClientError as exc:
            reasons = [str((r or {}).get("Code")) for r in exc.response.get("CancellationReasons", [])]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise AlreadyAnswered from exc
            if "TransactionConflict" not in reasons or attempt == CONTENDED_TRIES - 1:
                raise
        time.sleep(random.uniform(0, 0.02 * 2**attempt))
