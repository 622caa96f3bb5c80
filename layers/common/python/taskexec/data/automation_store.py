"""Automations in DynamoDB: one row each, and the two counters their limits are kept by.

A new automation is written in one transaction with both counters (`COUNT#ALL` and `COUNT#OWNER#<owner>`), each
an atomic ADD conditional on staying within its limit: concurrent creates can never pass a limit, as a count
read before the write could. A delete takes both counters down in its own transaction. A change (PUT) is an
update conditional on the version it read, so two changes cannot silently overwrite each other; the runs'
`lastRuns` is left out of it and does not bump the version.

A run is recorded in one transaction (`record_run`): its answer under the run's key in IdempotencyTable,
conditional on none being there (data/request_answers.py: a second delivery of the run meets it), the new
lastRuns conditional on the `runsVersion` read (two runs at once never drop each other's entry), and, for a run
refused because its owner can no longer run it, the pause (PAUSED, `pausedReason`, conditional on the
`version` read, which it bumps) and the refusal's audit row.
"""

import json
import uuid
from typing import Any, NamedTuple

from botocore.exceptions import ClientError
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from taskexec import config
from taskexec.data import activity, clients, pages, request_answers
from taskexec.data.models import AUTOMATION_PARTITION, AutomationModel
from taskexec.domain.automations import (
    MAX_PER_DEPLOYMENT,
    MAX_PER_OWNER,
    Automation,
    AutomationStatus,
    trigger_of,
)
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.task_requests import RequestAnswer

COUNT_ALL = "COUNT#ALL"
ID_LENGTH = 20
"""Hex characters of an automation id (80 random bits): short, because the id names its EventBridge rule and
schedule, whose names may hold 64 characters with the stack's prefix."""


def owner_counter(owner_id: str) -> str:
    return f"COUNT#OWNER#{owner_id}"


def new_id() -> str:
    return uuid.uuid4().hex[:ID_LENGTH]


class LimitReached(Exception):
    """A create would pass a limit: `which` is "owner" (MAX_PER_OWNER) or "deployment" (MAX_PER_DEPLOYMENT)."""

    def __init__(self, which: str) -> None:
        super().__init__(which)
        self.which = which


class Contended(Exception):
    """DynamoDB cancelled the transaction because another one held one of its items (a counter): retry."""


class Page(NamedTuple):
    items: list[Automation]
    next_token: str | None


def created_key(automation: Automation) -> str:
    return f"{automation.createdAt}#{automation.id}"


def _row(automation: Automation) -> AutomationModel:
    return AutomationModel(
        automation.id,
        ownerId=automation.ownerId,
        name=automation.name,
        trigger=_json(automation.trigger.body()),
        actions=_json(list(automation.actions)),
        status=automation.status.value,
        pausedReason=automation.pausedReason,
        lastRuns=_json(list(automation.lastRuns)),
        createdAt=automation.createdAt,
        updatedAt=automation.updatedAt,
        createdKey=created_key(automation),
        listPartition=AUTOMATION_PARTITION,
        version=automation.version,
    )


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def to_automation(row: AutomationModel) -> Automation:
    return Automation(
        id=row.id,
        ownerId=str(row.ownerId),
        name=str(row.name),
        trigger=trigger_of(json.loads(str(row.trigger))),
        actions=tuple(json.loads(str(row.actions))),
        status=AutomationStatus(str(row.status)),
        createdAt=str(row.createdAt),
        updatedAt=str(row.updatedAt),
        pausedReason=row.pausedReason,
        lastRuns=tuple(json.loads(row.lastRuns or "[]")),
        version=int(row.version or 1),
        runsVersion=int(row.runsVersion or 0),
    )


def _reasons(exc: TransactWriteError) -> list[str | None]:
    return [reason.code if reason is not None else None for reason in exc.cancellation_reasons or []]


def create(automation: Automation) -> None:
    """The automation and both counters in one transaction; LimitReached, Contended or StaleWrite (the id is
    taken) when it is cancelled."""
    under_deployment_limit = AutomationModel.tally.does_not_exist() | (AutomationModel.tally < MAX_PER_DEPLOYMENT)
    under_owner_limit = AutomationModel.tally.does_not_exist() | (AutomationModel.tally < MAX_PER_OWNER)
    try:
        with TransactWrite(connection=clients.connection()) as txn:
            txn.save(_row(automation), condition=AutomationModel.id.does_not_exist())
            txn.update(AutomationModel(COUNT_ALL), [AutomationModel.tally.add(1)], condition=under_deployment_limit)
            txn.update(
                AutomationModel(owner_counter(automation.ownerId)),
                [AutomationModel.tally.add(1)],
                condition=under_owner_limit,
            )
    except TransactWriteError as exc:
        reasons = _reasons(exc)
        if len(reasons) == 3 and reasons[1] == "ConditionalCheckFailed":
            raise LimitReached("deployment") from exc
        if len(reasons) == 3 and reasons[2] == "ConditionalCheckFailed":
            raise LimitReached("owner") from exc
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise StaleWrite(automation.id) from exc
        if "TransactionConflict" in reasons or exc.cause_response_code == "TransactionConflictException":
            raise Contended from exc
        raise


def get(automation_id: str) -> Automation | None:
    """Strongly consistent: a change answered a moment ago is what the next request reads."""
    try:
        row = AutomationModel.get(automation_id, consistent_read=True)
    except AutomationModel.DoesNotExist:
        return None
    return to_automation(row) if row.ownerId is not None else None  # a counter is no automation


def replace(automation: Automation, expected_version: int) -> None:
    """Write what a PUT replaces (name, trigger, actions, status, pausedReason, updatedAt, version), if the row
    still has `expected_version`; StaleWrite when it changed or went."""
    row = AutomationModel(automation.id)
    try:
        row.update(
            actions=[
                AutomationModel.name.set(automation.name),
                AutomationModel.trigger.set(_json(automation.trigger.body())),
                AutomationModel.actions.set(_json(list(automation.actions))),
                AutomationModel.status.set(automation.status.value),
                AutomationModel.pausedReason.set(automation.pausedReason)
                if automation.pausedReason
                else AutomationModel.pausedReason.remove(),
                AutomationModel.updatedAt.set(automation.updatedAt),
                AutomationModel.version.set(automation.version),
            ],
            condition=AutomationModel.version == expected_version,
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise StaleWrite(automation.id) from exc
        raise


def pause(automation: Automation, reason: str, at: str) -> None:
    """PAUSED with `reason`, if the row is still ACTIVE at the version read (the version bumped, so a change
    read before it is refused); StaleWrite when it changed, went or is paused already."""
    try:
        AutomationModel(automation.id).update(
            actions=[
                AutomationModel.status.set(AutomationStatus.PAUSED.value),
                AutomationModel.pausedReason.set(reason),
                AutomationModel.updatedAt.set(at),
                AutomationModel.version.set(automation.version + 1),
            ],
            condition=(AutomationModel.version == automation.version)
            & (AutomationModel.status == AutomationStatus.ACTIVE.value),
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise StaleWrite(automation.id) from exc
        raise


def record_run(
    answer: RequestAnswer,
    automation: Automation | None,
    pause_reason: str | None = None,
    audit: activity.ActivityRecord | None = None,
) -> None:
    """A run's answer, with the automation's new lastRuns when its row is there, its pause when `pause_reason` is
    given, and the audit row, in one transaction. `automation` is the row as the run leaves it: its `lastRuns`
    holding the run, `updatedAt` the pause's time, `version` and `runsVersion` as they were read.
    request_answers.AlreadyAnswered when another delivery recorded the run first; StaleWrite when the row
    changed since it was read (read it again and retry); Contended when another transaction held an item."""
    items = [request_answers.put_request(answer)]
    if automation is not None:
        items.append(_runs_update(automation, pause_reason))
    if audit is not None:
        items.append({"Put": activity.put_request(audit)})
    try:
        clients.dynamodb().transact_write_items(TransactItems=items)
    except ClientError as exc:
        reasons = [str((r or {}).get("Code")) for r in exc.response.get("CancellationReasons", [])]
        if reasons[:1] == ["ConditionalCheckFailed"]:
            raise request_answers.AlreadyAnswered from exc
        if reasons[1:2] == ["ConditionalCheckFailed"]:
            raise StaleWrite(answer.key) from exc
        code = exc.response.get("Error", {}).get("Code")
        if "TransactionConflict" in reasons or code == "TransactionConflictException":
            raise Contended from exc
        raise


def _runs_update(automation: Automation, pause_reason: str | None) -> dict[str, Any]:
    sets = ["lastRuns = :runs", "runsVersion = :next"]
    values: dict[str, Any] = {
        ":runs": {"S": _json(list(automation.lastRuns))},
        ":next": {"N": str(automation.runsVersion + 1)},
    }
    if automation.runsVersion:
        condition = "runsVersion = :seen"
        values[":seen"] = {"N": str(automation.runsVersion)}
    else:
        condition = "attribute_exists(ownerId) AND attribute_not_exists(runsVersion)"
    names: dict[str, str] = {}
    if pause_reason is not None:
        sets += ["#status = :paused", "pausedReason = :reason", "version = :version", "updatedAt = :at"]
        names["#status"] = "status"
        values.update(
            {
                ":paused": {"S": AutomationStatus.PAUSED.value},
                ":reason": {"S": pause_reason},
                ":version": {"N": str(automation.version + 1)},
                ":at": {"S": automation.updatedAt},
                ":read": {"N": str(automation.version)},
            }
        )
        condition += " AND version = :read"
    update: dict[str, Any] = {
        "TableName": config.table_name("AutomationsTable"),
        "Key": {"id": {"S": automation.id}},
        "UpdateExpression": "SET " + ", ".join(sets),
        "ConditionExpression": condition,
        "ExpressionAttributeValues": values,
    }
    if names:
        update["ExpressionAttributeNames"] = names
    return {"Update": update}


def delete(automation: Automation) -> None:
    """The row, if it still has the version read, and both counters down by one, in one transaction;
    StaleWrite when the row changed or went, Contended when another transaction held a counter."""
    try:
        with TransactWrite(connection=clients.connection()) as txn:
            txn.delete(AutomationModel(automation.id), condition=AutomationModel.version == automation.version)
            txn.update(AutomationModel(COUNT_ALL), [AutomationModel.tally.add(-1)])
            txn.update(AutomationModel(owner_counter(automation.ownerId)), [AutomationModel.tally.add(-1)])
    except TransactWriteError as exc:
        reasons = _reasons(exc)
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise StaleWrite(automation.id) from exc
        if "TransactionConflict" in reasons or exc.cause_response_code == "TransactionConflictException":
            raise Contended from exc
        raise


def owned(owner_id: str) -> list[Automation]:
    """Every automation of an owner (at most MAX_PER_OWNER: one page of the owner's index)."""
    rows = AutomationModel.owner_index.query(owner_id, limit=MAX_PER_OWNER + 1)
    return [to_automation(row) for row in rows]


def list_owned(owner_id: str, limit: int, token: str | None) -> Page:
    """The owner's automations, newest first."""
    start = pages.decode(token, ("id", "ownerId", "createdKey"), ("ownerId", owner_id)) if token else None
    rows = list(
        AutomationModel.owner_index.query(owner_id, scan_index_forward=False, limit=limit + 1, last_evaluated_key=start)
    )
    return _page(rows, limit, "ownerId", owner_id)


def list_all(limit: int, token: str | None) -> Page:
    """Every automation, newest first (one index partition: a deployment holds at most 250)."""
    partition = AUTOMATION_PARTITION
    start = pages.decode(token, ("id", "listPartition", "createdKey"), ("listPartition", partition)) if token else None
    rows = list(
        AutomationModel.all_index.query(partition, scan_index_forward=False, limit=limit + 1, last_evaluated_key=start)
    )
    return _page(rows, limit, "listPartition", partition)


def _page(rows: list[AutomationModel], limit: int, partition_key: str, partition: str) -> Page:
    more = len(rows) > limit
    rows = rows[:limit]
    token = None
    if more:
        last = rows[-1]
        token = pages.encode({"id": last.id, partition_key: partition, "createdKey": str(last.createdKey)})
    return Page([to_automation(row) for row in rows], token)
