"""Least privilege, the half the suite-wide IAM check cannot see: nothing is granted that no path of the code uses.

Every call a function's code makes, in every in-process test, is already checked against that function's role
(devkit.iam, installed for the whole suite by tests/support/aws_rules.py): a call the role would deny fails the
test that made it. What no test can fail on is a grant nobody uses. So each function is exercised here under moto
through its real handler, broadly enough to reach each of its data paths (success, refusals, validation failures,
idempotent replays and conflicts, the rare paths a grant exists for, every category of the registry), every call
it makes is reduced to the authorizations IAM checks, and every (action, resource) its own `Policies` grant must
match one of them.

Calls made to set a scenario up (user rows, tasks created through the execute route for the tasks function)
are attributed to the function whose handler made them, never to the function under test.
"""

from __future__ import annotations

import json
import threading
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

from devkit import iam
from devkit.botocalls import Call, Send, intercepting
from devkit.events import LambdaContext
from devkit.handlers import load_function
from devkit.template import create_tables, resources, table_logical_ids
from taskexec.authorization import Role, UserStatus
from taskexec.data import user_store
from taskexec.domain.categories import CATEGORIES
from taskexec.services import integrations
from tests.support.events import EventsWorld, events_world, of_type
from tests.support.fixtures import Caller, Reply, call
from tests.support.routes import route_for

REFS = iam.emulated_refs({logical_id: logical_id for logical_id in table_logical_ids()})
CODE_DIRS = {
    logical_id: str(res["Properties"]["CodeUri"]).strip("/").split("/")[-1]
    for logical_id, res in sorted(resources("AWS::Serverless::Function").items())
}
"""Function logical id -> its directory under functions/."""
LOGICAL_IDS = {code: logical_id for logical_id, code in CODE_DIRS.items()}

KNOWN_UNUSED: dict[tuple[str, str, str], str] = {
    ("ExecuteFunction", "dynamodb:GetItem", "IdempotencyTable"): (
        "kept on purpose: Powertools Idempotency documents GetItem among the permissions it needs; today it reads "
        "an existing record from the failed conditional PutItem (ReturnValuesOnConditionCheckFailure) and calls "
        "GetItem only with an older boto3, which a runtime update could bring back"
    ),
    ("EventsPublisherFunction", "kms:GenerateDataKey", "AlarmTopicKey"): (
        "used by SNS on the publisher's behalf: publishing to a topic encrypted with a customer managed key needs "
        "the publisher's own kms:GenerateDataKey and kms:Decrypt, but the code never calls KMS itself"
    ),
    ("EventsPublisherFunction", "kms:Decrypt", "AlarmTopicKey"): "see kms:GenerateDataKey: SNS calls it",
}
"""(function, action, resource's last name) granted by template.yaml that no exercised path calls itself, each with
the reason it stays. Strict: if the code starts using one, the entry must go."""


def short(resource: str) -> str:
    """A granted resource by the name it ends with: `UsersTable/index/email-index`, `EventBus`, `answers-*`."""
    for logical_id in sorted(REFS, key=len, reverse=True):
        if REFS[logical_id] == resource and "." in logical_id:
            return logical_id.split(".")[0]
    tail = resource.split(":table/", 1)[-1] if ":table/" in resource else resource.rsplit("/", 1)[-1]
    return tail


# --- A world to exercise the handlers in ---------------------------------------------------------------------


@dataclass
class World:
    """A fresh moto account with the template's tables; the calls of every handler are recorded as the function
    that served it (devkit.handlers runs each loaded handler as its function)."""

    seen: set[str] = field(default_factory=set)
    used: dict[str, set[iam.Authorization]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call: Call, send: Send) -> Any:
        if call.function is not None:
            try:
                needed = iam.authorizations(call)
            except iam.Untranslatable:
                needed = []  # the suite-wide check denies it and names what to add
            with self._lock:
                self.used.setdefault(call.function, set()).update(needed)
        return send()

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


def post_confirmation_event(sub: str, email: str, **attributes: str) -> dict[str, Any]:
    return {
        "version": "1",
        "region": "us-east-1",
        "userPoolId": "us-east-1_test",
        "userName": sub,
        "triggerSource": "PostConfirmation_ConfirmSignUp",
        "callerContext": {"awsSdkVersion": "aws-sdk-js-3", "clientId": "client"},
        "request": {"userAttributes": {"sub": sub, "email": email, "email_verified": "true", **attributes}},
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
    with automations(world) as events:
        theirs = events.events.create_event_bus(Name="crm-answers")["EventBusArn"]
        answered = {"name": "CRM", "status": "ACTIVE", "answerBusArn": theirs}
        world.api("PUT", "/integrations/crm.example", boss, 200, body=answered)  # the answer rule is made
        world.api("PUT", "/integrations/crm.example", boss, 200, body={"name": "CRM", "status": "INACTIVE"})
        world.api("PUT", f"/users/{target.id}/role", boss, 200, body={"role": "ADMIN"})
        # The owner's automations are paused: a rule disabled, a schedule written again DISABLED.
        world.api("POST", "/automations", target, 201, body=EVENT_AUTOMATION)
        world.api("POST", "/automations", target, 201, body=SCHEDULE_AUTOMATION)
        world.api("PUT", f"/users/{target.id}/role", boss, 200, body={"status": "INACTIVE"})
        world.api("PUT", f"/users/{target.id}/role", boss, 200, body={"status": "INACTIVE"})  # no change
    world.api("PUT", "/users/nobody/role", boss, 404, body={"role": "ADMIN"})
    world.api("PUT", f"/users/{boss.id}/role", target, 403, body={"role": "USER"})
    world.api("GET", "/me", boss, 200)
    world.api("PATCH", "/me", boss, 200, body={"timeZone": "Pacific/Honolulu"})
    world.api("PATCH", "/me", boss, 200, body={"timeZone": "Pacific/Honolulu"})  # no change
    world.api("PATCH", "/me", boss, 422, body={"timeZone": "Mars/Olympus_Mons"})
    world.api("PATCH", "/me", boss, 403, body={"timeZone": "UTC", "role": "USER"})


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
    zoned = post_confirmation_event("sub-zoned-user", "zoned@example.com", zoneinfo="Europe/Berlin")
    assert world.invoke("post_confirmation", zoned) == zoned


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
        requests = [("crm.example", structured(category.value)) for category in CATEGORIES]  # every draft table
        requests += [
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
        assert outcomes["TaskRequestSucceeded"] == 5 + len(CATEGORIES), outcomes  # executed, one redelivered
        assert outcomes["TaskRequestRejected"] == 6, outcomes


EVENT_AUTOMATION = {
    "name": "Review",
    "trigger": {"event": "TaskStatusChanged"},
    "actions": [{"task": {"category": "campaign", "title": "Review {task.title}"}}],
}
SCHEDULE_AUTOMATION = {
    "name": "Weekly",
    "trigger": {"schedule": "cron(0 9 ? * MON *)", "timeZone": "Europe/Berlin"},
    "actions": [{"message": "Create the weekly report and assign it to dana@example.com"}],
}


@contextmanager
def automations(world: World) -> Iterator[EventsWorld]:
    """`messaging`, with the automations' schedule group and environment on its bus."""
    from tests.support.automations import automations_world

    with messaging(world) as events, pytest.MonkeyPatch.context() as patch:
        automations_world(patch, events.made)
        yield events


def exercise_automation_runs(world: World) -> None:
    """Runs of every kind of action (each drafting category, a message naming its assignee by email, one
    refused), delivered again, and refused for an owner no longer active (a rule and a schedule paused)."""
    from taskexec.data import automation_messages

    with automations(world) as events:
        owner = world.user(Role.ADMIN)
        world.user(Role.ADMIN, email="dana@example.com")
        actions = [
            *[structured(category.value) for category in CATEGORIES][:4],
            {"message": "Create a segment of {task.title} buyers and assign it to dana@example.com"},
        ]
        body = {**EVENT_AUTOMATION, "actions": actions}
        made = world.api("POST", "/automations", owner, 201, body=body).body["id"]
        refused = {**EVENT_AUTOMATION, "actions": [structured(dueDate="2020-01-01")]}
        world.api("POST", "/automations", owner, 201, body=refused)
        weekly = world.api("POST", "/automations", owner, 201, body=SCHEDULE_AUTOMATION).body["id"]
        detail = {"id": "t1", "title": "Spring", "category": "campaign", "status": "DONE", "eventId": "ev-1"}

        def publish(event_id: str) -> None:
            events.events.put_events(
                Entries=[
                    {
                        "Source": "taskexec",
                        "DetailType": "TaskStatusChanged",
                        "Detail": json.dumps({**detail, "eventId": event_id}),
                        "EventBusName": events.made.bus_name,
                    }
                ]
            )

        def scheduled(at: str) -> None:
            message = automation_messages.schedule_input(weekly).replace("<aws.scheduler.scheduled-time>", at)
            events.sqs.send_message(QueueUrl=events.made.queue_urls["AutomationRunQueue"], MessageBody=message)

        publish("ev-1")
        scheduled("2030-01-07T08:00:00Z")
        events.drive("AutomationRunFunction")
        publish("ev-1")  # delivered again: answered from what the first delivery recorded
        events.drive("AutomationRunFunction")
        ran = of_type(events.tap(), "AutomationRan")
        outcomes = sorted(e["detail"]["run"]["outcome"] for e in ran)
        assert outcomes == ["FAILED"] * 2 + ["SUCCEEDED"] * 3  # two events (one delivered again), a schedule
        row = user_store.get_user(owner.id)
        assert row is not None
        user_store.change_role_status(row, None, UserStatus.INACTIVE)
        publish("ev-2")
        scheduled("2030-01-14T08:00:00Z")
        events.drive("AutomationRunFunction")
        refusals = [e["detail"]["run"]["outcome"] for e in of_type(events.tap(), "AutomationRan")]
        assert refusals == ["REFUSED"] * 3, made


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
        world.api("PUT", f"/automations/{weekly}", admin, 200, body={**schedule, "status": "PAUSED"})
        world.api("PUT", f"/automations/{made}", boss, 200, body=schedule)  # a SUPER_ADMIN, and the kind swapped
        world.api("DELETE", f"/automations/{made}", boss, 204)
        world.api("DELETE", f"/automations/{weekly}", admin, 204)


def exercise_console(world: World) -> None:
    """The page, its config and an asset, without a token: files of its own package, no AWS call at all."""
    page = world.api("GET", "/console", None, 200).body
    asset = page.split('src="', 1)[1].split('"', 1)[0]
    world.api("GET", "/" + asset, None, 200)
    world.api("GET", "/console/config.json", None, 200)
    world.api("GET", "/console/assets/0/none.js", None, 404)


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
    "AutomationRunFunction": exercise_automation_runs,
    "ConsoleFunction": exercise_console,
}
EVENT_CONSUMERS = {
    "EventsPublisherFunction": "events_publisher",
    "TaskRequestFunction": "task_requests",
    "AutomationRunFunction": "automation_runs",
}


def exercise(function: str) -> set[iam.Authorization]:
    """Run the function's scenario in a fresh account; the authorizations its own calls needed."""
    scenario = SCENARIOS[function]
    world = World()
    with mock_aws(), intercepting(world.record):
        create_tables(boto3.client("dynamodb", region_name="us-east-1"), {t: t for t in table_logical_ids()})
        scenario(world)
    assert function in world.seen, f"the {function} scenario never invoked {function}"
    return world.used.get(function, set())


@pytest.fixture(scope="module")
def used_by() -> Callable[[str], set[iam.Authorization]]:
    """function -> the authorizations its code needed; each scenario runs once per module."""
    cache: dict[str, set[iam.Authorization]] = {}

    def used(function: str) -> set[iam.Authorization]:
        if function not in cache:
            cache[function] = exercise(function)
        return cache[function]

    return used


# --- The checks ----------------------------------------------------------------------------------------------


def test_every_function_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(CODE_DIRS)


def _grants() -> list[Any]:
    params = []
    for function in sorted(CODE_DIRS):
        for statement in iam.own_statements(function, REFS):
            for action in statement.actions:
                for resource in statement.resources:
                    reason = KNOWN_UNUSED.get((function, action, short(resource)))
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    params.append(
                        pytest.param(
                            function, action, resource, marks=marks, id=f"{function}-{action}-{short(resource)}"
                        )
                    )
    return params


@pytest.mark.parametrize(("function", "action", "resource"), _grants())
def test_every_granted_action_on_every_granted_resource_is_used(
    function: str, action: str, resource: str, used_by: Callable[[str], set[iam.Authorization]]
) -> None:
    used = used_by(function)
    assert any(
        iam.matches(action, needed.action, case_sensitive=False) and iam.matches(resource, needed.resource)
        for needed in used
    ), (
        f"{function} is granted {action} on {resource} but no path of its code needs it; it needs "
        f"{sorted({(n.action, short(n.resource)) for n in used if iam.matches(resource, n.resource)}) or 'nothing'} "
        "there"
    )


def test_the_recorded_calls_include_powertools_idempotency_and_transactions(
    used_by: Callable[[str], set[iam.Authorization]],
) -> None:
    """The recorder sees every client: Powertools' own boto3 client and the items of a transaction."""
    used = {(needed.action, short(needed.resource)) for needed in used_by("ExecuteFunction")}
    assert ("dynamodb:PutItem", "IdempotencyTable") in used
    assert ("dynamodb:PutItem", "TasksTable") in used  # only ever written inside TransactWriteItems
