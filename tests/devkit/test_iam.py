"""devkit.iam: each call a function's code makes is allowed or refused as AWS would for that function's role.

The tests register their own check in front of the session's (tests/support/aws_rules.py), so a refusal they
provoke on purpose is theirs to assert and never reaches the session's record of denials.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from devkit import iam
from devkit.botocalls import intercepting, running_as
from devkit.template import table_logical_ids

REGION = "us-east-1"
TABLES = {logical_id: logical_id for logical_id in table_logical_ids()}


@pytest.fixture
def check(aws: Any) -> Iterator[iam.IamCheck]:
    checker = iam.IamCheck(iam.emulated_refs(TABLES))
    with intercepting(checker.intercept):
        yield checker


def put(client: Any, table: str, item_id: str = "x") -> Any:
    return client.put_item(TableName=table, Item={"id": {"S": item_id}})


def test_a_call_the_role_denies_is_refused_as_aws_refuses_it_naming_function_action_and_resource(
    check: iam.IamCheck, aws: Any
) -> None:
    with running_as("HealthFunction"), pytest.raises(ClientError) as refused:
        put(aws, "SegmentsTable")  # the health check may only describe it
    error = refused.value.response["Error"]
    assert error["Code"] == "AccessDeniedException"
    assert "assumed-role/HealthFunctionRole/HealthFunction" in error["Message"]
    assert "dynamodb:PutItem" in error["Message"]
    segments = "arn:aws:dynamodb:us-east-1:123456789012:table/SegmentsTable"
    assert segments in error["Message"]
    assert check.take() == [iam.Denial("HealthFunction", "dynamodb:PutItem", segments)]
    assert aws.scan(TableName="SegmentsTable")["Items"] == []  # nothing reached the table


def test_what_the_role_grants_goes_through(check: iam.IamCheck, aws: Any) -> None:
    with running_as("ExecuteFunction"):
        put(aws, "SegmentsTable")
        aws.query(
            TableName="UsersTable",
            IndexName="email-index",
            KeyConditionExpression="email = :e",
            ExpressionAttributeValues={":e": {"S": "a@example.com"}},
        )
    assert check.take() == []


def test_a_transaction_is_authorised_item_by_item(check: iam.IamCheck, aws: Any) -> None:
    items = [
        {"Update": {"TableName": "TasksTable", "Key": {"id": {"S": "t"}}, "UpdateExpression": "SET a = :a",
                    "ExpressionAttributeValues": {":a": {"S": "1"}}}},
        {"Put": {"TableName": "TaskCommentsTable", "Item": {"taskId": {"S": "t"}, "commentKey": {"S": "k"}}}},
    ]  # fmt: skip
    with running_as("TasksFunction"), pytest.raises(ClientError):
        aws.transact_write_items(TransactItems=items)
    (denial,) = check.take()
    assert (denial.action, denial.resource.rsplit("/", 1)[-1]) == ("dynamodb:PutItem", "TaskCommentsTable")


def test_an_index_is_its_own_resource(check: iam.IamCheck, aws: Any) -> None:
    with running_as("TasksFunction"), pytest.raises(ClientError):
        aws.query(
            TableName="UsersTable",
            IndexName="email-index",
            KeyConditionExpression="email = :e",
            ExpressionAttributeValues={":e": {"S": "a@example.com"}},
        )
    (denial,) = check.take()
    assert denial.resource.endswith("table/UsersTable/index/email-index")


def test_calls_made_outside_any_function_are_not_checked(check: iam.IamCheck, aws: Any) -> None:
    put(aws, "SegmentsTable")
    assert check.take() == []


def test_a_call_without_a_translation_is_refused_naming_what_to_add(check: iam.IamCheck, aws: Any) -> None:
    with running_as("ExecuteFunction"), pytest.raises(ClientError):
        aws.list_tables()
    (denial,) = check.take()
    assert denial.action == "dynamodb:ListTables"
    assert "devkit/iam.py" in denial.reason


def test_a_bus_a_topic_and_a_conditional_statement_resolve_to_the_emulated_arns(check: iam.IamCheck) -> None:
    events = boto3.client("events", region_name=REGION)
    bedrock = boto3.client("bedrock-runtime", region_name=REGION)
    role = check.role("TaskRequestFunction")
    assert role.allows(iam.Authorization("events:PutEvents", iam.bus_arn(REGION, "taskexec-dev")))
    assert not role.allows(iam.Authorization("events:PutEvents", iam.bus_arn(REGION, "default")))
    assert check.role("EventsPublisherFunction").allows(
        iam.Authorization("sns:Publish", "arn:aws:sns:us-east-1:123456789012:NotificationTopic")
    )
    with running_as("TaskRequestFunction"), pytest.raises(ClientError) as refused:  # DetectorMode=rules: no grant
        bedrock.invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", body=b"{}")
    assert refused.value.response["Error"]["Code"] == "AccessDeniedException"
    with running_as("TaskRequestFunction"), pytest.raises(ClientError):
        events.put_events(Entries=[{"Source": "taskexec", "DetailType": "X", "Detail": "{}"}])  # the default bus
    assert [denial.action for denial in check.take()] == ["bedrock:InvokeModel", "events:PutEvents"]


def test_a_schedule_is_its_own_resource_in_its_group_and_its_target_role_is_passed_to_scheduler(
    check: iam.IamCheck,
) -> None:
    scheduler = boto3.client("scheduler", region_name=REGION)
    refs = iam.emulated_refs(TABLES)
    group, role = refs["AutomationScheduleGroup"], refs["AutomationScheduleRole.Arn"]
    for name in (group, "elsewhere"):
        scheduler.create_schedule_group(Name=name)  # outside any function: not checked

    def schedule(group_name: str, name: str, role_arn: str) -> None:
        scheduler.create_schedule(
            Name=name,
            GroupName=group_name,
            ScheduleExpression="rate(1 minute)",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:AutomationRunQueue", "RoleArn": role_arn},
        )

    other_role = refs["AnswerDeliveryRole.Arn"]
    with running_as("AutomationsFunction"):
        schedule(group, "automation-a1", role)
        for refused in (
            (group, "other-a1", role),
            ("elsewhere", "automation-a1", role),
            (group, "automation-b", other_role),
        ):
            with pytest.raises(ClientError):
                schedule(*refused)
        scheduler.delete_schedule(Name="automation-a1", GroupName=group)
    assert [(denial.action, denial.resource.rsplit(":", 1)[-1]) for denial in check.take()] == [
        ("scheduler:CreateSchedule", f"schedule/{group}/other-a1"),
        ("scheduler:CreateSchedule", "schedule/elsewhere/automation-a1"),
        ("iam:PassRole", "role/AnswerDeliveryRole"),
    ]


TEMPLATE = """
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Things:
        Type: AWS::DynamoDB::Table
        Properties:
          KeySchema: [{AttributeName: id, KeyType: HASH}]
          AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      Bus:
        Type: AWS::Events::EventBus
        Properties:
          Name: things
      Delivery:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument: {}
      Reader:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: functions/reader/
          Policies:
            - DynamoDBReadPolicy:
                TableName: !Ref Things
            - Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: [events:PutRule, events:PutTargets]
                  Resource: !Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${Bus}/answers-*
                - Effect: Allow
                  Action: iam:PassRole
                  Resource: !GetAtt Delivery.Arn
                  Condition:
                    StringEquals:
                      iam:PassedToService: events.amazonaws.com
"""


@pytest.fixture
def tiny(tmp_path: Path) -> iam.IamCheck:
    path = tmp_path / "template.yaml"
    path.write_text(textwrap.dedent(TEMPLATE), encoding="utf-8")
    return iam.IamCheck(iam.emulated_refs({"Things": "Things"}, path=path), path)


def authorized(check: iam.IamCheck, action: str, resource: str, **context: str) -> bool:
    return check.role("Reader").allows(iam.Authorization(action, resource, tuple(context.items())))


def test_sam_policy_templates_are_expanded_as_sam_expands_them(tiny: iam.IamCheck) -> None:
    table = "arn:aws:dynamodb:us-east-1:123456789012:table/Things"
    assert authorized(tiny, "dynamodb:GetItem", table)
    assert authorized(tiny, "dynamodb:Query", f"{table}/index/by-name")
    assert not authorized(tiny, "dynamodb:PutItem", table)
    assert authorized(tiny, "logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:x")  # SAM's basics


def test_passing_a_role_needs_the_pass_role_grant_and_its_condition(tiny: iam.IamCheck) -> None:
    role = "arn:aws:iam::123456789012:role/Delivery"
    rule = iam.rule_arn(REGION, "things", "answers-crm")
    assert authorized(tiny, "events:PutTargets", rule)
    assert not authorized(tiny, "events:PutTargets", iam.rule_arn(REGION, "things", "other"))
    assert authorized(tiny, "iam:PassRole", role, **{"iam:PassedToService": "events.amazonaws.com"})
    assert not authorized(tiny, "iam:PassRole", role, **{"iam:PassedToService": "lambda.amazonaws.com"})
    assert not authorized(tiny, "iam:PassRole", role)
