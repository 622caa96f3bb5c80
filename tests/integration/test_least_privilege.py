"""Least privilege, checked against the code: each function's DynamoDB grants in template.yaml are exactly what
its code calls.

Every function is exercised under moto through its real handler, broadly enough to reach each of its data
paths (success, refusals, validation failures, idempotent replays and conflicts, the rare paths a grant exists
for), and every DynamoDB call it makes is recorded and translated to the IAM actions and resources it needs.
Then, for each function:

1. every (action, table or index) the code needed is granted, so nothing is AccessDenied in production;
2. every action a statement grants is needed on that table, and every table or index it names is touched,
   so nothing is granted that no path of the code ever uses.

Calls made to set a scenario up (user rows, tasks created through the execute route for the tasks function)
are attributed to the function whose handler made them, never to the function under test.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from moto import mock_aws

from devkit.events import LambdaContext
from devkit.handlers import load_function
from devkit.template import create_tables, table_logical_ids
from taskexec.authorization import Role, UserStatus
from taskexec.data import user_store
from taskexec.services import integrations
from tests.support.aws_calls import (
    Grant,
    dynamodb_statements,
    functions_with_code,
    iam_grants_needed,
    recording_dynamodb_calls,
    resource_of,
    table_of,
)
from tests.support.events import EventsWorld, events_world, of_type
from tests.support.fixtures import Caller, Reply, call
from tests.support.routes import route_for

CODE_DIRS = functions_with_code()
"""Function logical id -> its directory under functions/."""
LOGICAL_IDS = {code: logical_id for logical_id, code in CODE_DIRS.items()}

KNOWN_UNUSED: dict[tuple[str, str, str], str] = {
    ("ExecuteFunction", "IdempotencyTable", "dynamodb:GetItem"): (
        "kept on purpose: Powertools Idempotency documents GetItem among the permissions it needs; today it reads "
        "an existing record from the failed conditional PutItem (ReturnValuesOnConditionCheckFailure) and calls "
        "GetItem only with an older boto3, which a runtime update could bring back"
    ),
}
"""(function, table, action) granted by template.yaml that no exercised path needs, each with the reason it
stays. Strict: if the code starts using one, the entry must go."""


# --- A world to exercise the handlers in ---------------------------------------------------------------------


@dataclass
class World:
    """A fresh moto account with the template's tables; the DynamoDB calls of every handler are recorded as the
    function that served it (devkit.handlers runs each loaded handler as its function)."""

    seen: set[str] = field(default_factory=set)

    def user(
        self, role: Role = Role.ADMIN, status: UserStatus = UserStatus.ACTIVE, *, email: str | None = None
    ) -> Caller:
        """A user row, written as setup (not by any function)."""
        user_id = str(uuid.uuid4())
        email = email or f"{role.value.lower()}-{user_id[:8]}@example.com"
        user_store.create_user_row(user_id, email=email, username=email.split("@")[0], role=role, status=status)
        return Caller(user_id, role, status, email)

    def api(self, method: str, path: str, caller: Caller | None, expect: int, **kwargs: Any) -> Reply:
        """One HTTP API request through the real handler; its status must be `expect` (a scenario that goes
        astray would otherwise exercise less than it claims)."""
        function = self._function_of(method, path)
        reply = call(method, path, caller, **kwargs)
        assert reply.status == expect, f"{method} {path}: {reply.status} {reply.body}"
        self.seen.add(function)
        return reply

    def invoke(self, code: str, event: dict[str, Any]) -> Any:
        """A non-HTTP invocation (schedule, Cognito trigger) of functions/<code>/app.py."""
        function = LOGICAL_IDS[code]
        result = load_function(code).lambda_handler(event, LambdaContext(code))
        self.seen.add(function)
        return result

    @staticmethod
    def _function_of(method: str, path: str) -> str:
        return LOGICAL_IDS[route_for(method, path)[0]]


def structured(category: str = "general", **task: Any) -> dict[str, Any]:
    return {"task": {"category": category, "title": f"Prepare the {category} review", **task}}


def scheduled_event() -> dict[str, Any]:
    return {
        "version": "0",
        "id": "5f0c6f1e-0000-4000-8000-000000000000",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": ["arn:aws:events:us-east-1:123456789012:rule/taskexec-metrics-rollup"],
        "detail": {},
    }


def post_confirmation_event(sub: str, email: str) -> dict[str, Any]:
    return {
        "version": "1",
        "region": "us-east-1",
        "userPoolId": "us-east-1_test",
        "userName": sub,
        "triggerSource": "PostConfirmation_ConfirmSignUp",
        "callerContext": {"awsSdkVersion": "aws-sdk-js-3", "clientId": "client"},
        "request": {"userAttributes": {"sub": sub, "email": email, "email_verified": "true"}},
        "response": {},
    }


# --- Scenarios: each function's data paths -------------------------------------------------------------------


def exercise_execute(world: World) -> None:
    admin = world.user(Role.ADMIN)
    world.user(Role.IT_ADMIN)
    dana = world.user(Role.ADMIN, email="dana@example.com")
    user = world.user(Role.USER)
    execute: list[tuple[str, Caller, dict[str, Any], int]] = [
        # (what, caller, body, expected status)
        (
            "message, campaign",
            admin,
            {"message": "Create a task to review the Q3 newsletter campaign, high priority"},
            201,
        ),
        ("structured, workflow", admin, structured("workflow"), 201),
        ("message, segment", admin, {"message": "Build a segment of VIP buyers in Lagos, p1"}, 201),
        ("integration affinity", admin, structured("integration", title="Fix the CRM webhook"), 201),
        (
            "assignee by email",
            admin,
            {"message": "Draft the welcome email copy and assign it to dana@example.com"},
            201,
        ),
        ("assignee by id", admin, structured(assigneeId=dana.id), 201),
        ("dry run", admin, {**structured("campaign"), "dryRun": True}, 200),
        ("validation failure", admin, structured(priority="whenever"), 422),
        ("past due date", admin, structured(dueDate="2020-01-01"), 422),
        ("refused USER", user, structured(), 403),
    ]
    for _what, caller, body, status in execute:
        world.api("POST", "/ai/execute", caller, status, body=body)
    batch = {
        "items": [
            structured("content"),
            {"message": "Thanks, that worked great!"},
            structured(priority="whenever"),
            {**structured(), "dryRun": True},
        ]
    }
    world.api("POST", "/ai/execute/batch", admin, 200, body=batch)
    world.api("POST", "/ai/execute/batch", user, 403, body=batch)
    idempotent: list[tuple[str, dict[str, Any], str, int]] = [
        # (what, body, Idempotency-Key, expected status)
        ("first call", structured(), "k-1", 201),
        ("replay", structured(), "k-1", 201),
        ("same key, other body", structured("content"), "k-1", 409),
        ("failure under a key: its record is deleted", structured(dueDate="2020-01-01"), "k-2", 422),
        ("batch under a key", batch, "k-3", 200),
    ]
    for what, body, key, status in idempotent:
        path = "/ai/execute/batch" if "items" in body else "/ai/execute"
        reply = world.api("POST", path, admin, status, body=body, headers={"Idempotency-Key": key})
        assert (reply.headers.get("idempotency-replayed") == "true") == (what == "replay"), what


def exercise_tasks(world: World) -> None:
    admin = world.user(Role.ADMIN)
    worker = world.user(Role.ADMIN)
    user = world.user(Role.USER)
    ids = [
        world.api("POST", "/ai/execute", admin, 201, body=structured(priority=p)).body["task"]["id"]
        for p in ("HIGH", "LOW")
    ]
    for scope, caller in (("assigned", worker), ("created", admin), ("all", admin)):
        first = world.api("GET", "/tasks", caller, 200, query=f"scope={scope}&status=TODO&limit=1")
        assert first.body["nextToken"], scope
        rest = world.api(
            "GET", "/tasks", caller, 200, query=f"scope={scope}&limit=1&nextToken={first.body['nextToken']}"
        )
        assert rest.body["items"], scope
    world.api("GET", "/tasks", user, 200, query="scope=all")
    task = ids[0]
    world.api("GET", f"/tasks/{task}", admin, 200)
    world.api("GET", f"/tasks/{task}", user, 200)
    world.api("GET", f"/tasks/{task}/comments", admin, 200, query="limit=1")
    for status in ("IN_PROGRESS", "DONE", "DONE", "TODO"):
        world.api("PATCH", f"/tasks/{task}", admin, 200, body={"status": status})
    world.api("PATCH", f"/tasks/{task}", user, 403, body={"status": "DONE"})
    world.api("PATCH", "/tasks/missing", admin, 404, body={"status": "DONE"})


def exercise_users(world: World) -> None:
    boss = world.user(Role.SUPER_ADMIN)
    target = world.user(Role.USER)
    world.api("PUT", "/integrations/crm.example", boss, 200, body={"name": "CRM", "status": "ACTIVE"})
    world.api("PUT", "/integrations/crm.example", boss, 200, body={"name": "CRM", "status": "INACTIVE"})
    world.api("PUT", f"/users/{target.id}/role", boss, 200, body={"role": "ADMIN"})
    world.api("PUT", f"/users/{target.id}/role", boss, 200, body={"status": "INACTIVE"})
    world.api("PUT", f"/users/{target.id}/role", boss, 200, body={"status": "INACTIVE"})  # no change
    world.api("PUT", "/users/nobody/role", boss, 404, body={"role": "ADMIN"})
    world.api("PUT", f"/users/{boss.id}/role", target, 403, body={"role": "USER"})


def _some_executions(world: World) -> None:
    admin = world.user(Role.ADMIN)
    world.user(Role.IT_ADMIN)
    world.api("POST", "/ai/execute", admin, 201, body=structured())
    world.api("POST", "/ai/execute", admin, 422, body=structured(dueDate="2020-01-01"))
    world.api("POST", "/ai/execute", world.user(Role.USER), 403, body=structured())


def exercise_health(world: World) -> None:
    from taskexec.data import table_check

    table_check.clear_cache()  # a cold container: the table check describes every table once
    admin = world.user(Role.ADMIN)
    user = world.user(Role.USER)
    world.api("GET", "/ai/health-check", admin, 200)  # before any rollup: no snapshot yet
    world.api("GET", "/ai/metrics", admin, 200)
    _some_executions(world)
    world.invoke("metrics_rollup", scheduled_event())
    world.api("GET", "/ai/health-check", admin, 200)
    world.api("GET", "/ai/health-check", user, 200)
    world.api("GET", "/ai/metrics", admin, 200, query="window=7d")
    world.api("GET", "/ai/metrics", user, 403)


def exercise_metrics_rollup(world: World) -> None:
    world.invoke("metrics_rollup", scheduled_event())  # nothing to roll up yet
    _some_executions(world)
    world.invoke("metrics_rollup", scheduled_event())
    world.invoke("metrics_rollup", scheduled_event())  # with a previous snapshot


def exercise_post_confirmation(world: World) -> None:
    event = post_confirmation_event("sub-new-user", "New.User@Example.com")
    assert world.invoke("post_confirmation", event) == event
    assert world.invoke("post_confirmation", event) == event  # Cognito's retry: the row exists already


def exercise_statistics(world: World) -> None:
    from tests.support.statistics import stream_events

    _some_executions(world)
    for event in stream_events(batch_size=2):
        assert world.invoke("statistics", event) == {"batchItemFailures": []}


@contextmanager
def messaging(world: World) -> Iterator[EventsWorld]:
    """The template's bus, queues and topic in this account, each consumer invoked as the function under test
    (its DynamoDB calls attributed to it)."""
    with pytest.MonkeyPatch.context() as patch:
        events = events_world(boto3.client("dynamodb", region_name="us-east-1"), patch)
        for function, code in EVENT_CONSUMERS.items():
            events.invokers[function] = lambda event, code=code: world.invoke(code, event)
        yield events


def exercise_events_publisher(world: World) -> None:
    with messaging(world) as events:
        admin = world.user(Role.ADMIN)
        world.user(Role.ADMIN)
        task = world.api("POST", "/ai/execute", admin, 201, body=structured()).body["task"]["id"]
        world.api("PATCH", f"/tasks/{task}", admin, 200, body={"status": "DONE"})
        world.invoke("metrics_rollup", scheduled_event())
        events.drive("EventsPublisherFunction")
        assert {e["detail-type"] for e in events.tap()} == {
            "TaskCreated",
            "TaskAssigned",
            "TaskStatusChanged",
            "HealthStatusChanged",
        }


def exercise_task_requests(world: World) -> None:
    with messaging(world) as events:
        integrations.register("crm.example", "CRM", UserStatus.ACTIVE)
        integrations.register("paused.example", "Paused", UserStatus.INACTIVE)
        requests: list[tuple[str, Any]] = [
            # (source, detail): before anybody is assignable
            ("crm.example", structured()),
        ]
        for source, detail in requests:
            events.send_task_request(source, detail)
        events.drive("TaskRequestFunction")
        world.user(Role.ADMIN)
        world.user(Role.IT_ADMIN)
        world.user(Role.ADMIN, email="dana@example.com")
        requests = [
            ("crm.example", {"message": "Create a task to review the Q3 newsletter campaign, high priority"}),
            ("crm.example", {**structured("workflow"), "correlationId": "c-1"}),
            ("crm.example", structured("integration", title="Fix the CRM webhook")),
            ("crm.example", {"message": "Draft the welcome email copy and assign it to dana@example.com"}),
            ("crm.example", structured(priority="whenever")),
            ("crm.example", structured(dueDate="2020-01-01")),
            ("crm.example", {**structured(), "createdById": "someone"}),
            ("unknown.example", structured()),
            ("paused.example", structured()),
        ]
        for source, detail in requests:
            events.send_task_request(source, detail)
        events.drive("TaskRequestFunction")
        seen = events.tap()
        (answered,) = of_type(seen, "TaskRequested")[1:2]
        events.sqs.send_message(QueueUrl=events.made.queue_urls["TaskRequestQueue"], MessageBody=json.dumps(answered))
        events.drive("TaskRequestFunction")  # a redelivery: the task exists already
        outcomes = Counter(e["detail-type"] for e in seen + events.tap())
        assert outcomes["TaskRequestSucceeded"] == 5, outcomes  # four executed, one redelivered
        assert outcomes["TaskRequestRejected"] == 6, outcomes


def exercise_automations(world: World) -> None:
    from tests.support.automations import automations_world

    with pytest.MonkeyPatch.context() as patch:
        automations_world(patch)
        admin = world.user(Role.ADMIN)
        world.user(Role.ADMIN, email="dana@example.com")
        boss = world.user(Role.SUPER_ADMIN)
        user = world.user(Role.USER)
        action = {"task": {"category": "campaign", "title": "Review {task.title}"}}
        event = {"name": "Review", "trigger": {"event": "TaskStatusChanged"}, "actions": [action]}
        schedule = {
            "name": "Weekly",
            "trigger": {"schedule": "cron(0 9 ? * MON *)", "timeZone": "Europe/Berlin"},
            "actions": [{"message": "Create the weekly report and assign it to dana@example.com"}],
        }
        made = world.api("POST", "/automations", admin, 201, body=event).body["id"]
        weekly = world.api("POST", "/automations", admin, 201, body=schedule).body["id"]
        world.api("POST", "/automations", admin, 422, body={**schedule, "trigger": {"schedule": "rate(1 minutes)"}})
        world.api("POST", "/automations", user, 403, body=schedule)
        for query in ("owner=me&limit=1", "owner=all&limit=1"):
            token = world.api("GET", "/automations", admin, 200, query=query).body["nextToken"]
            world.api("GET", "/automations", admin, 200, query=f"{query}&nextToken={token}")
        world.api("GET", f"/automations/{made}", admin, 200)
        world.api("GET", "/automations/missing", admin, 404)
        detail = {"id": "t1", "title": "Spring", "category": "campaign", "oldStatus": "TODO", "newStatus": "DONE"}
        world.api("POST", f"/automations/{made}/preview", admin, 200, body={"event": detail})
        world.api("POST", f"/automations/{weekly}/preview", admin, 200, body={})
        world.api("PUT", f"/automations/{made}", admin, 200, body={**event, "status": "PAUSED"})
        world.api("PUT", f"/automations/{made}", boss, 200, body=schedule)  # a SUPER_ADMIN, and the kind swapped
        world.api("DELETE", f"/automations/{made}", boss, 204)
        world.api("DELETE", f"/automations/{weekly}", admin, 204)


SCENARIOS: dict[str, Callable[[World], None]] = {
    "ExecuteFunction": exercise_execute,
    "TasksFunction": exercise_tasks,
    "UsersFunction": exercise_users,
    "HealthFunction": exercise_health,
    "MetricsRollupFunction": exercise_metrics_rollup,
    "PostConfirmationFunction": exercise_post_confirmation,
    "StatisticsFunction": exercise_statistics,
    "EventsPublisherFunction": exercise_events_publisher,
    "TaskRequestFunction": exercise_task_requests,
    "AutomationsFunction": exercise_automations,
}
EVENT_CONSUMERS = {"EventsPublisherFunction": "events_publisher", "TaskRequestFunction": "task_requests"}


def exercise(function: str) -> set[Grant]:
    """Run the function's scenario in a fresh account; the IAM grants its own calls needed."""
    scenario = SCENARIOS[function]
    with mock_aws(), recording_dynamodb_calls() as recorder:
        create_tables(boto3.client("dynamodb", region_name="us-east-1"), {t: t for t in table_logical_ids()})
        world = World()
        scenario(world)
    assert function in world.seen, f"the {function} scenario never invoked {function}"
    return recorder.needed(function)


@pytest.fixture(scope="module")
def needed_by() -> Callable[[str], set[Grant]]:
    """function -> the (action, resource) pairs its code needed; each scenario runs once per module."""
    cache: dict[str, set[Grant]] = {}

    def needed(function: str) -> set[Grant]:
        if function not in cache:
            cache[function] = exercise(function)
        return cache[function]

    return needed


def granted_to(function: str) -> set[Grant]:
    return {grant for statement in dynamodb_statements(function) for grant in statement.grants}


def describe(grants: set[Grant]) -> str:
    return "\n".join(f"  {action} on {resource}" for action, resource in sorted(grants))


# --- The checks ----------------------------------------------------------------------------------------------


def test_every_function_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(CODE_DIRS)


@pytest.mark.parametrize("function", sorted(CODE_DIRS))
def test_each_dynamodb_statement_is_about_the_table_its_sid_names(function: str) -> None:
    statements = dynamodb_statements(function)
    sids = [statement.sid for statement in statements]
    assert len(sids) == len(set(sids)), f"{function}: one statement per table"
    for statement in statements:
        assert statement.sid in table_logical_ids(), f"{function}: Sid {statement.sid!r} is not a table"
        assert {table_of(name) for name in statement.resources} == {statement.sid}, function


@pytest.mark.parametrize("function", sorted(CODE_DIRS))
def test_every_call_the_code_makes_is_granted(function: str, needed_by: Callable[[str], set[Grant]]) -> None:
    denied = needed_by(function) - granted_to(function)
    assert not denied, f"{function} would be AccessDenied in production on:\n{describe(denied)}"


def _granted_actions() -> list[Any]:
    params = []
    for function in sorted(CODE_DIRS):
        for statement in dynamodb_statements(function):
            for action in sorted(statement.actions):
                reason = KNOWN_UNUSED.get((function, statement.sid, action))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                params.append(
                    pytest.param(
                        function, statement.sid, action, marks=marks, id=f"{function}-{action}-{statement.sid}"
                    )
                )
    return params


@pytest.mark.parametrize(("function", "table", "action"), _granted_actions())
def test_every_granted_action_is_needed(
    function: str, table: str, action: str, needed_by: Callable[[str], set[Grant]]
) -> None:
    used_here = {used for used, resource in needed_by(function) if table_of(resource) == table}
    assert action in used_here, (
        f"{function} is granted {action} on {table} but no path of its code calls it "
        f"(it uses {sorted(used_here) or 'nothing'} there)"
    )


def _granted_resources() -> list[Any]:
    params = []
    for function in sorted(CODE_DIRS):
        for statement in dynamodb_statements(function):
            # A statement all of whose actions are known to be unused is itself unused, with all its resources.
            unused = all((function, statement.sid, action) in KNOWN_UNUSED for action in statement.actions)
            reason = f"every action of {function}'s {statement.sid} statement is in KNOWN_UNUSED"
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if unused else []
            params += [
                pytest.param(function, name, marks=marks, id=f"{function}-{name}")
                for name in sorted(statement.resources)
            ]
    return params


@pytest.mark.parametrize(("function", "resource"), _granted_resources())
def test_every_granted_table_and_index_is_used(
    function: str, resource: str, needed_by: Callable[[str], set[Grant]]
) -> None:
    touched = {name for _, name in needed_by(function)}
    assert resource in touched, f"{function} is granted access to {resource} but never touches it"


def test_the_recorded_calls_include_powertools_idempotency_and_transactions(
    needed_by: Callable[[str], set[Grant]],
) -> None:
    """The recorder sees every client: Powertools' own boto3 client and the items of a transaction."""
    needed = needed_by("ExecuteFunction")
    assert ("dynamodb:PutItem", "IdempotencyTable") in needed
    assert ("dynamodb:PutItem", "TasksTable") in needed  # only ever written inside TransactWriteItems


# --- The translation this test relies on ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "params", "needs"),
    [
        ("GetItem", {"TableName": "UsersTable"}, {("dynamodb:GetItem", "UsersTable")}),
        (
            "Query",
            {"TableName": "UsersTable", "IndexName": "email-index"},
            {("dynamodb:Query", "UsersTable/index/email-index")},
        ),
        ("DescribeTable", {"TableName": "TasksTable"}, {("dynamodb:DescribeTable", "TasksTable")}),
        (
            "BatchWriteItem",
            {"RequestItems": {"MonitoringTable": [], "UsersTable": []}},
            {("dynamodb:BatchWriteItem", "MonitoringTable"), ("dynamodb:BatchWriteItem", "UsersTable")},
        ),
        (
            "TransactWriteItems",
            {
                "TransactItems": [
                    {"Put": {"TableName": "TasksTable"}},
                    {"Update": {"TableName": "UsersTable"}},
                    {"Delete": {"TableName": "WorkflowsTable"}},
                    {"ConditionCheck": {"TableName": "UsersTable"}},
                ]
            },
            {
                ("dynamodb:PutItem", "TasksTable"),
                ("dynamodb:UpdateItem", "UsersTable"),
                ("dynamodb:DeleteItem", "WorkflowsTable"),
                ("dynamodb:ConditionCheckItem", "UsersTable"),
            },
        ),
        (
            "TransactGetItems",
            {"TransactItems": [{"Get": {"TableName": "TasksTable"}}]},
            {("dynamodb:GetItem", "TasksTable")},
        ),
    ],
)
def test_calls_translate_to_the_iam_actions_dynamodb_checks(
    operation: str, params: dict[str, Any], needs: set[Grant]
) -> None:
    assert iam_grants_needed(operation, params) == needs


def test_an_operation_without_a_translation_fails_loudly() -> None:
    with pytest.raises(ValueError, match="ExecuteStatement"):
        iam_grants_needed("ExecuteStatement", {"Statement": "SELECT * FROM UsersTable"})


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ({"Fn::GetAtt": ["UsersTable", "Arn"]}, "UsersTable"),
        ({"Fn::Sub": "${TasksTable.Arn}/index/all-index"}, "TasksTable/index/all-index"),
        ({"Fn::Sub": "${TasksTable.Arn}/index/*"}, None),
        ("arn:aws:dynamodb:us-east-1:123456789012:table/*", None),
    ],
)
def test_policy_resources_map_back_to_tables_and_indexes(arn: Any, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValueError, match="not a table or index ARN"):
            resource_of(arn)
    else:
        assert resource_of(arn) == expected
