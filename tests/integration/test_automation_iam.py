"""The automations function's EventBridge, Scheduler and iam:PassRole grants are exactly what its code calls, on
exactly the resources it calls them on: rules on the service's bus under the stack's prefix, schedules in the
service's group, and the one schedule role passed to Scheduler.

Every events and scheduler call the function makes while its routes are exercised is recorded (devkit.botocalls)
and turned into the IAM action and resource ARN AWS authorises; the template's statements, resolved as
CloudFormation would for this stack, must allow each, and each granted action must be used. (The DynamoDB side
is tests/integration/test_least_privilege.py's.)
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Any

import pytest

from devkit import template
from devkit.botocalls import Call, Send, intercepting
from taskexec.authorization import Role
from tests.support.automations import AutomationsWorld
from tests.support.fixtures import Caller, Reply

Api = Callable[..., Reply]
FUNCTION = "AutomationsFunction"
ACCOUNT, REGION = "123456789012", "us-east-1"
Grant = tuple[str, str]


def needed(call: Call, world: AutomationsWorld) -> set[Grant]:
    """What IAM checks for one call: the action on the rule or schedule ARN, and PassRole for a schedule's role."""
    params = call.params
    if call.service == "events":
        name = params.get("Rule") or params["Name"]
        bus = params.get("EventBusName", "default")
        return {(f"events:{call.operation}", f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{bus}/{name}")}
    if call.service == "scheduler":
        group = params.get("GroupName", "default")
        found = {
            (f"scheduler:{call.operation}", f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/{group}/{params['Name']}")
        }
        if "Target" in params:
            found.add(("iam:PassRole", str(params["Target"]["RoleArn"])))
        return found
    raise AssertionError(f"{FUNCTION} called {call.service}:{call.operation}, which this test does not know")


def granted(world: AutomationsWorld) -> list[tuple[set[str], list[str]]]:
    """(actions, resource patterns) of the function's non-DynamoDB statements, resolved for this stack."""
    props = template.resources("AWS::Serverless::Function")[FUNCTION]["Properties"]
    refs = {
        "EventBus": world.bus,
        "AutomationScheduleGroup": world.group,
        "AutomationScheduleRole.Arn": world.environment["AUTOMATION_SCHEDULE_ROLE_ARN"],
        "BedrockModelId": "model",
    }
    found = []
    for statement in props["Policies"][0]["Statement"]:
        if "Fn::If" in statement or all(a.startswith("dynamodb:") for a in statement["Action"]):
            continue  # Bedrock (its own test) and DynamoDB (test_least_privilege)
        resolved = template.resolve(statement, refs)
        found.append((set(resolved["Action"]), list(resolved["Resource"])))
    return found


def allows(grants: list[tuple[set[str], list[str]]], action: str, arn: str) -> bool:
    return any(
        action in actions and any(fnmatch.fnmatchcase(arn, r) for r in resources) for actions, resources in grants
    )


def test_every_rule_and_schedule_call_is_granted_and_every_grant_used(
    api: Api, make_user: Callable[..., Caller], automations_aws: AutomationsWorld
) -> None:
    calls: list[Call] = []

    def record(call: Call, send: Send) -> Any:
        if call.function == FUNCTION and call.service in {"events", "scheduler"}:
            calls.append(call)
        return send()

    admin = make_user(Role.ADMIN)
    event = {"name": "e", "trigger": {"event": "TaskCreated"}, "actions": [{"message": "Create a review task"}]}
    schedule = {"name": "s", "trigger": {"schedule": "rate(1 hour)"}, "actions": [{"message": "Create a report task"}]}
    with intercepting(record):
        one = api("POST", "/automations", admin, body=event).body["id"]
        two = api("POST", "/automations", admin, body=schedule).body["id"]
        api("PUT", f"/automations/{two}", admin, body={**schedule, "status": "PAUSED"})  # UpdateSchedule
        api("PUT", f"/automations/{one}", admin, body=schedule)  # a rule swapped for a schedule
        api("PUT", f"/automations/{one}", admin, body=event)
        for automation in (one, two):
            assert api("DELETE", f"/automations/{automation}", admin).status == 204

    grants = granted(automations_aws)
    needs = {grant for call in calls for grant in needed(call, automations_aws)}
    denied = sorted(grant for grant in needs if not allows(grants, *grant))
    assert not denied, f"{FUNCTION} would be AccessDenied on: {denied}"
    used = {action for action, _ in needs}
    unused = sorted(action for actions, _ in grants for action in actions if action not in used)
    assert not unused, f"{FUNCTION} is granted {unused} but never calls them"


def test_the_grants_reach_no_rule_outside_the_prefix_and_no_schedule_outside_the_group(
    automations_aws: AutomationsWorld,
) -> None:
    grants = granted(automations_aws)
    bus, group = automations_aws.bus, automations_aws.group
    base = f"arn:aws:events:{REGION}:{ACCOUNT}:rule"
    assert allows(grants, "events:PutRule", f"{base}/{bus}/{automations_aws.rule_prefix}abc")
    assert not allows(grants, "events:PutRule", f"{base}/{bus}/TaskRequestRule")
    assert not allows(grants, "events:DeleteRule", f"{base}/default/{automations_aws.rule_prefix}abc")
    assert not allows(grants, "events:PutRule", f"{base}/other-bus/{automations_aws.rule_prefix}abc")
    schedules = f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule"
    assert allows(grants, "scheduler:CreateSchedule", f"{schedules}/{group}/automation-abc")
    assert not allows(grants, "scheduler:CreateSchedule", f"{schedules}/default/automation-abc")
    assert not allows(grants, "scheduler:DeleteSchedule", f"{schedules}/{group}/taskexec-local-metrics-rollup")
    assert not allows(grants, "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/SomeAdminRole")


@pytest.mark.parametrize("stack", ["taskexec-dev", "taskexec-prod", "taskexec-local"])
def test_rule_names_fit_eventbridges_64_characters_for_the_stacks_we_deploy(stack: str) -> None:
    from taskexec.data.automation_store import ID_LENGTH
    from taskexec.data.automation_triggers import MAX_NAME

    assert len(f"{stack}-automation-") + ID_LENGTH <= MAX_NAME
