"""The strict DynamoDB layer itself refuses overlaps as DynamoDB does, in process and behind the moto server.

Each test starts a transaction whose hold lasts until the test opens a gate, acts while it is in flight, then
lets it finish. Nothing depends on timing: "in flight" is read from the rules (the items they hold).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError

from devkit import cognito, template
from devkit.stack import MotoServer
from devkit.strict_dynamodb import StrictRules, in_process
from tests.support.fixtures import Caller, Reply
from tests.support.strict import SAFETY_TIMEOUT_S, Gate, strict_dynamodb  # noqa: F401 - the fixture

ONGOING = "Transaction is ongoing for the item"


@dataclass
class World:
    client: Any
    rules: StrictRules
    gate: Gate
    table: str

    def item(self, user_id: str, load: int = 0) -> dict[str, Any]:
        return {"id": {"S": user_id}, "role": {"S": "ADMIN"}, "openTasks": {"N": str(load)}}

    def transact(self, *actions: dict[str, Any]) -> Any:
        return self.client.transact_write_items(TransactItems=list(actions))

    def put(self, user_id: str, load: int = 0) -> dict[str, Any]:
        return {"Put": {"TableName": self.table, "Item": self.item(user_id, load)}}

    def bump(self, user_id: str) -> dict[str, Any]:
        return {
            "Update": {
                "TableName": self.table,
                "Key": {"id": {"S": user_id}},
                "UpdateExpression": "ADD openTasks :one",
                "ExpressionAttributeValues": {":one": {"N": "1"}},
            }
        }

    def load_of(self, user_id: str) -> int | None:
        found = self.client.get_item(TableName=self.table, Key={"id": {"S": user_id}}, ConsistentRead=True)
        return int(found["Item"]["openTasks"]["N"]) if "Item" in found else None


class InFlight:
    """A transaction run on its own thread, held until the gate opens."""

    def __init__(self, world: World, *actions: dict[str, Any]) -> None:
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(world, actions), daemon=True)
        self._thread.start()

    def _run(self, world: World, actions: tuple[dict[str, Any], ...]) -> None:
        try:
            world.transact(*actions)
        except BaseException as exc:
            self.error = exc

    def finish(self) -> None:
        self._thread.join(SAFETY_TIMEOUT_S)
        assert not self._thread.is_alive(), "the held transaction never finished"


def wait_until_held(world: World, *user_ids: str) -> None:
    wanted = set(user_ids)
    deadline = time.monotonic() + SAFETY_TIMEOUT_S
    while True:
        held = {key for table, key in world.rules.held() if table == world.table}
        if all(any(f'"{user_id}"' in key for key in held) for user_id in wanted):
            return
        assert time.monotonic() < deadline, f"the transaction on {sorted(wanted)} never started its hold"
        time.sleep(0.005)


def error_of(call: Callable[[], Any]) -> dict[str, Any]:
    with pytest.raises(ClientError) as raised:
        call()
    return dict(raised.value.response)


@pytest.fixture
def in_process_world(aws: Any) -> Iterator[World]:
    gate = Gate()
    with in_process(StrictRules(wait=gate.wait)) as rules:
        yield World(aws, rules, gate, "UsersTable")
        gate.open()


@pytest.fixture
def server_world() -> Iterator[World]:
    gate = Gate()
    rules = StrictRules(wait=gate.wait)
    server = MotoServer(0, strict=rules)
    server.start()
    try:
        client = cognito.local_client("dynamodb", server.endpoint)
        # moto's backends are process-wide: a server started here sees tables other tests of this process left,
        # so every table gets a name of its own.
        prefix = f"strict-{uuid.uuid4().hex[:8]}-"
        template.create_tables(client, {logical: prefix + logical for logical in template.table_logical_ids()})
        yield World(client, rules, gate, prefix + "UsersTable")
    finally:
        gate.open()
        server.stop()


@pytest.fixture(params=["in_process", "server"])
def world(request: pytest.FixtureRequest) -> World:
    return request.getfixturevalue(f"{request.param}_world")  # type: ignore[no-any-return]


def test_overlapping_transaction_is_cancelled_with_transaction_conflict(world: World) -> None:
    first = InFlight(world, world.put("x"), world.put("y"))
    wait_until_held(world, "x", "y")

    response = error_of(lambda: world.transact(world.put("z"), world.bump("x")))

    assert response["Error"]["Code"] == "TransactionCanceledException"
    assert response["Error"]["Message"] == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]"
    )
    assert response["CancellationReasons"] == [{"Code": "None"}, {"Code": "TransactionConflict", "Message": ONGOING}]
    world.gate.open()
    first.finish()
    assert first.error is None
    assert world.load_of("x") == 0
    assert world.load_of("z") is None
    assert world.rules.snapshot()["transaction_conflicts"] == 1


def test_plain_writes_to_a_held_item_fail_with_transaction_conflict_exception(world: World) -> None:
    world.client.put_item(TableName=world.table, Item=world.item("x"))
    first = InFlight(world, world.bump("x"))
    wait_until_held(world, "x")
    key = {"id": {"S": "x"}}

    refused = [
        error_of(lambda: world.client.put_item(TableName=world.table, Item=world.item("x", 7))),
        error_of(
            lambda: world.client.update_item(
                TableName=world.table,
                Key=key,
                UpdateExpression="SET #r = :r",
                ExpressionAttributeNames={"#r": "role"},
                ExpressionAttributeValues={":r": {"S": "USER"}},
            )
        ),
        error_of(lambda: world.client.delete_item(TableName=world.table, Key=key)),
    ]

    assert [r["Error"] for r in refused] == [{"Code": "TransactionConflictException", "Message": ONGOING}] * 3
    world.client.put_item(TableName=world.table, Item=world.item("other"))  # other items stay writable
    world.gate.open()
    first.finish()
    assert first.error is None
    assert world.load_of("x") == 1
    assert world.rules.snapshot()["write_conflicts"] == 3


def test_reads_during_a_hold_succeed_and_see_the_item_before_the_transaction(world: World) -> None:
    world.client.put_item(TableName=world.table, Item=world.item("x", 3))
    first = InFlight(world, world.bump("x"), world.put("new"))
    wait_until_held(world, "x", "new")

    assert world.load_of("x") == 3
    got = world.client.batch_get_item(RequestItems={world.table: {"Keys": [{"id": {"S": "x"}}]}})
    assert got["Responses"][world.table][0]["openTasks"] == {"N": "3"}
    assert [i["id"]["S"] for i in world.client.scan(TableName=world.table)["Items"]] == ["x"]
    queried = world.client.query(
        TableName=world.table, KeyConditionExpression="id = :x", ExpressionAttributeValues={":x": {"S": "x"}}
    )
    assert queried["Count"] == 1

    world.gate.open()
    first.finish()
    assert first.error is None
    assert world.load_of("x") == 4
    assert world.load_of("new") == 0


def test_transactions_on_different_items_overlap_and_both_succeed(world: World) -> None:
    first = InFlight(world, world.put("a"), world.put("b"))
    second = InFlight(world, world.put("c"), world.put("d"))
    wait_until_held(world, "a", "b", "c", "d")  # both in flight at once

    world.gate.open()
    first.finish()
    second.finish()

    assert first.error is None
    assert second.error is None
    assert [world.load_of(i) for i in "abcd"] == [0, 0, 0, 0]
    assert world.rules.snapshot() == {
        "transactions": 2,
        "transaction_conflicts": 0,
        "write_conflicts": 0,
        "read_conflicts": 0,
    }


def test_a_transaction_moto_refuses_releases_its_items(world: World) -> None:
    world.gate.open()
    conditional = {
        "Put": {**world.put("x")["Put"], "ConditionExpression": "attribute_exists(id)"}  # x does not exist
    }
    response = error_of(lambda: world.transact(conditional))
    assert response["CancellationReasons"][0]["Code"] == "ConditionalCheckFailed"
    assert world.rules.held() == set()
    world.client.put_item(TableName=world.table, Item=world.item("x"))


def test_pynamodb_calls_meet_the_same_rules(in_process_world: World) -> None:
    from pynamodb.connection import Connection
    from pynamodb.exceptions import PutError, TransactWriteError
    from pynamodb.transactions import TransactWrite

    from taskexec.data.models import UserModel

    world = in_process_world
    first = InFlight(world, world.put("x"))
    wait_until_held(world, "x")
    row = UserModel(id="x", role="ADMIN", status="ACTIVE", createdAt="2026-01-01", updatedAt="2026-01-01")

    with pytest.raises(PutError) as plain:
        row.save()

    def transaction() -> None:
        with TransactWrite(connection=Connection(region="us-east-1")) as write:
            write.save(UserModel(id="y", role="ADMIN", status="ACTIVE", createdAt="2026", updatedAt="2026"))
            write.save(row)

    with pytest.raises(TransactWriteError) as cancelled:
        transaction()

    assert plain.value.cause_response_code == "TransactionConflictException"
    assert [r.code if r else None for r in cancelled.value.cancellation_reasons] == [None, "TransactionConflict"]
    world.gate.open()
    first.finish()
    assert first.error is None


@pytest.mark.parametrize(
    ("environ", "hold_s"),
    [
        ({}, None),
        ({"LOCAL_DYNAMODB": "moto"}, None),
        ({"LOCAL_DYNAMODB": "strict"}, 0.04),
        ({"LOCAL_DYNAMODB": "STRICT", "LOCAL_DYNAMODB_HOLD_MS": "250"}, 0.25),
    ],
)
def test_opt_in_from_the_environment(environ: dict[str, str], hold_s: float | None) -> None:
    rules = StrictRules.from_environment(environ)
    assert (rules.hold_s if rules else None) == hold_s


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="LOCAL_DYNAMODB"):
        StrictRules.from_environment({"LOCAL_DYNAMODB": "strcit"})


def test_the_fixture_puts_the_handlers_calls_under_the_rules(
    strict_dynamodb: StrictRules,  # noqa: F811 - the fixture imported above
    make_user: Callable[..., Caller],
    api: Callable[..., Reply],
) -> None:
    executor = make_user("ADMIN")
    make_user("ADMIN")
    body = {"task": {"category": "general", "title": "Order office chairs"}}

    reply = api("POST", "/ai/execute", executor, body=body)

    assert reply.status == 201
    assert strict_dynamodb.snapshot()["transactions"] == 1
    assert strict_dynamodb.held() == set()
