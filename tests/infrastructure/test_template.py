"""What template.yaml promises, checked over the parsed template (cfn-lint's decoder reads the short-form tags).

cfn-lint, `sam validate --lint` and checkov run in `make template-lint`; these tests pin down the service's own
rules: the contract's routes behind the JWT authorizer, python3.13 on arm64, logs with retention, data that
survives in prod, the Cognito groups, the alarms and the rollup schedule.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import decode

from devkit import template as devkit_template
from taskexec.config import TABLE_ENV
from taskexec.domain.automations import MAX_ACTIONS
from tests.support.routes import CONSOLE_ROUTES

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = {
    "ExecuteFunction": "execute",
    "TasksFunction": "tasks",
    "UsersFunction": "users",
    "HealthFunction": "health",
    "MetricsRollupFunction": "metrics_rollup",
    "PostConfirmationFunction": "post_confirmation",
    "StatisticsFunction": "statistics",
    "EventsPublisherFunction": "events_publisher",
    "TaskRequestFunction": "task_requests",
    "AutomationsFunction": "automations",
    "AutomationRunFunction": "automation_runs",
    "ConsoleFunction": "console",
}

EXECUTING_FUNCTIONS = {"ExecuteFunction", "TaskRequestFunction", "AutomationsFunction", "AutomationRunFunction"}
"""Functions that detect and execute tasks (the API's, the integrations' and the automations' runs; an automation's
preview dry-runs its actions)."""
OTHER_ACTIONS = {
    "bedrock:InvokeModel": "detection (executing functions, bedrock mode)",
    "events:PutEvents": "the service's bus",
    "sns:Publish": "the notification topic",
    "kms:GenerateDataKey": "the notification topic's key",
    "kms:Decrypt": "the notification topic's key",
    "events:PutRule": "the integrations' answer rules; automations' rules on the service's bus",
    "events:PutTargets": "the integrations' answer rules; automations' rules on the service's bus",
    "events:RemoveTargets": "the integrations' answer rules; automations' rules on the service's bus",
    "events:DeleteRule": "the integrations' answer rules; automations' rules on the service's bus",
    "events:DisableRule": "automations' rules, paused for an owner who can no longer run them",
    "scheduler:CreateSchedule": "automations' schedules in the service's group",
    "scheduler:UpdateSchedule": "automations' schedules in the service's group",
    "scheduler:DeleteSchedule": "automations' schedules in the service's group",
    "iam:PassRole": "the answer rules' delivery role; the one role automations' schedules run as",
}
NAME_PREFIX_GRANTS = {"AutomationRules", "AutomationSchedules", "PauseAutomationRules", "PauseAutomationSchedules"}
"""Statements (by Sid) whose resources end in a name prefix and `*`: the rules and schedules the automations
function makes at run time, whose names it cannot know in advance (tests/integration/test_automation_iam.py holds
that they reach nothing else)."""
"""Every non-DynamoDB action a function may be granted (each on one named resource, below)."""

TTL = {"UserActivityTable": "expiresAt", "MonitoringTable": "expiresAt", "IdempotencyTable": "expiration"}


def _load() -> dict[str, Any]:
    template, matches = decode(str(ROOT / "template.yaml"))
    assert not matches, [str(match) for match in matches]
    assert template is not None
    return template


TEMPLATE = _load()
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]


def of_type(kind: str) -> dict[str, Any]:
    return {name: res for name, res in RESOURCES.items() if res["Type"] == kind}


def when(value: Any, **conditions: bool) -> Any:
    """`value` with Fn::If resolved for the given condition values (other intrinsics are left as they are)."""
    if isinstance(value, list):
        return [when(item, **conditions) for item in value]
    if isinstance(value, dict):
        if set(value) == {"Fn::If"}:
            name, if_true, if_false = value["Fn::If"]
            return when(if_true if conditions[name] else if_false, **conditions)
        return {key: when(item, **conditions) for key, item in value.items()}
    return value


def http_events() -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """(method, path) -> (function logical id, event properties) for every HttpApi event."""
    found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for name, res in of_type("AWS::Serverless::Function").items():
        for event in res["Properties"].get("Events", {}).values():
            if event["Type"] == "HttpApi":
                props = event["Properties"]
                key = (props["Method"].upper(), props["Path"])
                assert key not in found, f"{key} is routed twice"
                found[key] = (name, props)
    return found


# --- Routes and authorization ---------------------------------------------------------------------------------


def test_every_route_is_an_http_api_event_of_task_api() -> None:
    """Which routes: tests/infrastructure/test_api_document.py holds them against the contract's table."""
    events = http_events()
    assert events
    for route, (_, props) in events.items():
        assert props["ApiId"] == {"Ref": "TaskApi"}, route


def test_every_route_is_behind_the_cognito_jwt_authorizer() -> None:
    api = RESOURCES["TaskApi"]
    assert api["Type"] == "AWS::Serverless::HttpApi"
    auth = api["Properties"]["Auth"]
    assert auth["DefaultAuthorizer"] == "CognitoAuthorizer"
    authorizer = auth["Authorizers"]["CognitoAuthorizer"]
    assert authorizer["IdentitySource"] == "$request.header.Authorization"
    jwt = authorizer["JwtConfiguration"]
    assert jwt["issuer"] == {"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"}
    assert jwt["audience"] == [{"Ref": "UserPoolClient"}]
    opted_out = set()
    for route, (function, props) in http_events().items():
        # An event may name the authorizer again; only the console's page and files opt out of it.
        authorizer_name = props.get("Auth", {}).get("Authorizer", "CognitoAuthorizer")
        if authorizer_name == "NONE":
            opted_out.add(route)
            assert function == "ConsoleFunction", route
        else:
            assert authorizer_name == "CognitoAuthorizer", route
    assert opted_out == CONSOLE_ROUTES


def test_the_console_function_serves_files_with_no_aws_permission_and_knows_the_user_pool() -> None:
    props = RESOURCES["ConsoleFunction"]["Properties"]
    assert props["Policies"] == []
    variables = props["Environment"]["Variables"]
    assert variables["CONSOLE_USER_POOL_ID"] == {"Ref": "UserPool"}
    assert variables["CONSOLE_USER_POOL_CLIENT_ID"] == {"Ref": "UserPoolClient"}
    assert variables["CONSOLE_COGNITO_ENDPOINT"] == {"Fn::Sub": "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/"}
    assert (ROOT / "functions" / "console" / "site" / "index.html").is_file()
    assert "ConsoleUrl" in TEMPLATE["Outputs"]


def test_api_has_access_logs_throttling_and_a_closed_cors_policy() -> None:
    props = RESOURCES["TaskApi"]["Properties"]
    log_group = props["AccessLogSettings"]["DestinationArn"]["Fn::GetAtt"][0]
    assert RESOURCES[log_group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert props["DefaultRouteSettings"]["ThrottlingBurstLimit"] > 0
    assert props["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0
    cors = props["CorsConfiguration"]
    assert "*" not in json.dumps(cors["AllowOrigins"])
    assert cors.get("AllowCredentials") is False


# --- Functions ------------------------------------------------------------------------------------------------


def test_functions_run_python313_on_arm64_with_the_common_layer() -> None:
    globals_ = TEMPLATE["Globals"]["Function"]
    assert globals_["Runtime"] == "python3.13"
    assert globals_["Architectures"] == ["arm64"]
    assert globals_["Layers"] == [{"Ref": "CommonLayer"}]
    assert globals_["Tracing"] == "Active"
    assert globals_["Timeout"] <= 29  # the HTTP API integration timeout is 30 s
    functions = of_type("AWS::Serverless::Function")
    assert set(functions) == set(FUNCTIONS)
    for name, res in functions.items():
        props = res["Properties"]
        assert props.get("Runtime", "python3.13") == "python3.13", name
        assert props.get("Architectures", ["arm64"]) == ["arm64"], name
        assert props["CodeUri"].rstrip("/") == f"functions/{FUNCTIONS[name]}", name
        assert props.get("Handler", globals_.get("Handler")) == "app.lambda_handler", name
        assert (ROOT / "functions" / FUNCTIONS[name]).is_dir(), name
        if any(event["Type"] == "HttpApi" for event in props.get("Events", {}).values()):
            assert props.get("Timeout", globals_["Timeout"]) <= 29, name  # under the HTTP API's 30 s


def test_common_layer_is_built_for_python313_on_arm64() -> None:
    layer = RESOURCES["CommonLayer"]
    assert layer["Type"] == "AWS::Serverless::LayerVersion"
    props = layer["Properties"]
    assert props["ContentUri"] == "layers/common/python"
    assert props["CompatibleRuntimes"] == ["python3.13"]
    assert props["CompatibleArchitectures"] == ["arm64"]
    assert layer["Metadata"]["BuildArchitecture"] == "arm64"
    # sam build's own python3.13 builder installs the layer's requirements (a link to layers/common/requirements.txt).
    assert layer["Metadata"]["BuildMethod"] == "python3.13"
    requirements = ROOT / "layers" / "common" / "python" / "requirements.txt"
    assert requirements.resolve() == (ROOT / "layers" / "common" / "requirements.txt").resolve()


def test_environment_names_every_table_the_code_reads() -> None:
    variables = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    for logical_id, env in TABLE_ENV.items():
        assert variables[env] == {"Ref": logical_id}, env
    assert set(TABLE_ENV) == set(of_type("AWS::DynamoDB::Table"))
    assert variables["POWERTOOLS_SERVICE_NAME"] == "taskexec"
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "TaskExecution"
    for name in ("STAGE", "SERVICE_VERSION", "DETECTOR", "BEDROCK_MODEL_ID", "POWERTOOLS_LOG_LEVEL"):
        assert name in variables


def test_every_function_logs_to_its_own_group_with_retention() -> None:
    groups = []
    for name, res in of_type("AWS::Serverless::Function").items():
        ref = res["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        group = RESOURCES[ref]
        assert group["Type"] == "AWS::Logs::LogGroup", name
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name
        groups.append(ref)
    assert len(set(groups)) == len(groups)
    assert TEMPLATE["Parameters"]["LogRetentionDays"]["Default"] == 30


def _statements(function: str, **conditions: bool) -> list[dict[str, Any]]:
    statements = []
    for policy in RESOURCES[function]["Properties"]["Policies"]:
        assert isinstance(policy, dict), f"{function}: only inline policy documents, no SAM policy templates"
        assert "Statement" in policy, f"{function}: only inline policy documents, no SAM policy templates"
        statements += [s for s in when(policy["Statement"], **conditions) if s != {"Ref": "AWS::NoValue"}]
    return statements


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_function_policies_name_actions_and_resources_without_wildcards(function: str) -> None:
    for statement in _statements(function, UseBedrock=True):
        assert statement["Effect"] == "Allow"
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        for action in actions:
            assert "*" not in action, (function, action)
            assert action.startswith("dynamodb:") or action in OTHER_ACTIONS, (function, action)
        resources = json.dumps(statement["Resource"]).replace(ANSWER_RULES, "")
        if statement.get("Sid") in NAME_PREFIX_GRANTS:
            resources = resources.replace("automation-*", "automation-")
        assert "*" not in resources, function


ANSWER_RULES = "rule/${EventBus}/answers-*"
"""A wildcard a function's policy may hold beside NAME_PREFIX_GRANTS: the rules the service makes for
integrations' answers."""


def test_only_the_executing_functions_may_invoke_bedrock_and_only_in_bedrock_mode() -> None:
    for function in FUNCTIONS:
        with_bedrock = [s for s in _statements(function, UseBedrock=True) if "bedrock:InvokeModel" in s["Action"]]
        assert bool(with_bedrock) == (function in EXECUTING_FUNCTIONS), function
        assert not [s for s in _statements(function, UseBedrock=False) if "bedrock:InvokeModel" in s["Action"]]


def test_rollup_runs_every_five_minutes() -> None:
    events = RESOURCES["MetricsRollupFunction"]["Properties"]["Events"]
    schedules = [e["Properties"] for e in events.values() if e["Type"] in ("Schedule", "ScheduleV2")]
    assert len(schedules) == 1
    assert schedules[0]["ScheduleExpression"] == "rate(5 minutes)"
    assert RESOURCES["MetricsRollupFunction"]["Properties"]["Timeout"] == 60


def test_post_confirmation_is_the_user_pool_trigger() -> None:
    events = RESOURCES["PostConfirmationFunction"]["Properties"]["Events"]
    (event,) = events.values()
    assert event["Type"] == "Cognito"
    assert event["Properties"] == {"UserPool": {"Ref": "UserPool"}, "Trigger": "PostConfirmation"}


# --- Data -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", sorted(TABLE_ENV))
def test_tables_have_pitr_encryption_and_are_kept_in_prod(table: str) -> None:
    res = RESOURCES[table]
    props = res["Properties"]
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert when(res["DeletionPolicy"], IsProd=True) == "Retain"
    assert when(res["UpdateReplacePolicy"], IsProd=True) == "Retain"
    assert when(props["DeletionProtectionEnabled"], IsProd=True) is True


def test_ttl_on_the_expiring_tables() -> None:
    for table, attribute in TTL.items():
        assert RESOURCES[table]["Properties"]["TimeToLiveSpecification"] == {
            "AttributeName": attribute,
            "Enabled": True,
        }


# --- Cognito --------------------------------------------------------------------------------------------------


def test_the_four_cognito_groups_exist() -> None:
    groups = of_type("AWS::Cognito::UserPoolGroup").values()
    assert {g["Properties"]["GroupName"] for g in groups} == {"SUPER_ADMIN", "ADMIN", "IT_ADMIN", "USER"}
    assert all(g["Properties"]["UserPoolId"] == {"Ref": "UserPool"} for g in groups)


def test_user_pool_and_client() -> None:
    pool = RESOURCES["UserPool"]
    assert when(pool["DeletionPolicy"], IsProd=True) == "Retain"
    assert when(pool["Properties"]["DeletionProtection"], IsProd=True) == "ACTIVE"
    assert pool["Properties"]["UsernameAttributes"] == ["email"]
    client = RESOURCES["UserPoolClient"]["Properties"]
    assert client["GenerateSecret"] is False
    assert set(client["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }


# --- Monitoring -----------------------------------------------------------------------------------------------


def _alarms() -> dict[str, Any]:
    return {name: res["Properties"] for name, res in of_type("AWS::CloudWatch::Alarm").items()}


def _custom_alarm(metric: str) -> dict[str, Any]:
    found = [a for a in _alarms().values() if a.get("Namespace") == "TaskExecution" and a["MetricName"] == metric]
    assert found, metric
    alarm = found[0]
    assert alarm["Dimensions"] == [{"Name": "service", "Value": "taskexec"}]
    return alarm


def test_health_alarms_on_the_rollup_metrics() -> None:
    health = [
        a
        for a in _alarms().values()
        if a.get("MetricName") == "HealthStatus" and a["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    ]
    assert [a["Threshold"] for a in health] == [2]
    success = _custom_alarm("SuccessRate")
    assert (success["ComparisonOperator"], success["Threshold"]) == ("LessThanThreshold", 80)
    assert (success["Period"], success["EvaluationPeriods"]) == (300, 2)
    p95 = _custom_alarm("P95ExecutionTimeMs")
    assert (p95["ComparisonOperator"], p95["Threshold"]) == ("GreaterThanThreshold", 5000)
    average = _custom_alarm("AvgExecutionTimeMs")
    assert (average["ComparisonOperator"], average["Threshold"]) == ("GreaterThanOrEqualToThreshold", 5000)


def test_errors_and_throttles_alarms_for_every_function() -> None:
    covered = {
        (a["MetricName"], a["Dimensions"][0]["Value"]["Ref"])
        for a in _alarms().values()
        if a.get("Namespace") == "AWS/Lambda"
    }
    for function in FUNCTIONS:
        assert ("Errors", function) in covered
        assert ("Throttles", function) in covered


def test_throttle_alarms_for_every_table() -> None:
    tables = set()
    for alarm in _alarms().values():
        for query in alarm.get("Metrics", []):
            metric = query.get("MetricStat", {}).get("Metric", {})
            if metric.get("Namespace") == "AWS/DynamoDB" and "Throttle" in metric["MetricName"]:
                tables.add(metric["Dimensions"][0]["Value"]["Ref"])
    assert tables == set(TABLE_ENV)


def test_every_alarm_notifies_the_encrypted_alarm_topic() -> None:
    for name, alarm in _alarms().items():
        assert {"Ref": "AlarmTopic"} in alarm["AlarmActions"], name
        assert alarm["TreatMissingData"] in ("notBreaching", "breaching"), name
    topic = RESOURCES["AlarmTopic"]["Properties"]
    assert "KmsMasterKeyId" in topic
    subscription = RESOURCES["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"
    assert subscription["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}


def test_dashboard_body_is_json_with_the_service_metrics() -> None:
    body = RESOURCES["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    parsed = json.loads(re.sub(r"\$\{[^}]+\}", "X", body))
    text = json.dumps(parsed)
    for metric in ("HealthStatus", "SuccessRate", "AvgExecutionTimeMs", "P95ExecutionTimeMs", "ExecutionsSucceeded"):
        assert metric in text, metric
    for metric in ("Errors", "Throttles", "Duration", "ReadThrottleEvents", "WriteThrottleEvents"):
        assert metric in text, metric


def test_outputs() -> None:
    outputs = set(TEMPLATE["Outputs"])
    assert {"ApiUrl", "UserPoolId", "UserPoolClientId", "AlarmTopicArn", "DashboardName"} <= outputs
    assert {f"{table}Name" for table in TABLE_ENV} <= outputs


# --- Events and integrations ----------------------------------------------------------------------------------

STREAMED_TABLES = {"TasksTable", "UserActivityTable", "MonitoringTable"}
DEAD_LETTER_QUEUES = {
    "TaskRequestDeadLetterQueue",
    "EventsPublisherDeadLetterQueue",
    "StatisticsDeadLetterQueue",
    "AutomationRunDeadLetterQueue",
}


def _event_sources(kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(function, event properties) of every event of one type (DynamoDB, SQS)."""
    return [
        (name, event["Properties"])
        for name, res in of_type("AWS::Serverless::Function").items()
        for event in res["Properties"].get("Events", {}).values()
        if event["Type"] == kind
    ]


def _dlq_depth_alarms() -> dict[str, dict[str, Any]]:
    """Queue logical id -> its depth alarm."""
    found = {}
    for alarm in _alarms().values():
        if alarm.get("Namespace") == "AWS/SQS" and alarm["MetricName"] == "ApproximateNumberOfMessagesVisible":
            queue = alarm["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
            found[queue] = alarm
    return found


def test_the_event_sourced_tables_stream_new_and_old_images() -> None:
    streamed = {
        name
        for name, res in of_type("AWS::DynamoDB::Table").items()
        if res["Properties"].get("StreamSpecification") == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    }
    assert streamed >= STREAMED_TABLES


def test_the_service_has_its_own_bus_named_by_stage() -> None:
    (bus,) = of_type("AWS::Events::EventBus").values()
    assert "${Stage}" in bus["Properties"]["Name"]["Fn::Sub"]
    assert {"EventBusName", "EventBusArn", "NotificationTopicArn", "TaskRequestQueueUrl"} <= set(TEMPLATE["Outputs"])


def test_the_bus_policy_lets_one_sender_put_only_its_own_source() -> None:
    parameters = TEMPLATE["Parameters"]
    assert parameters["IntegrationSenderPrincipalArn"]["Default"] == ""
    assert parameters["IntegrationSenderSource"]["Default"] == ""
    policy = RESOURCES["EventBusPolicy"]
    assert policy["Condition"] == "HasIntegrationSender"
    sender = "arn:aws:iam::111122223333:role/crm"
    for principal, source, exists in [(sender, "demo.crm", True), (sender, "", False), ("", "demo.crm", False)]:
        refs = {"IntegrationSenderPrincipalArn": principal, "IntegrationSenderSource": source}
        assert devkit_template.resolve({"Condition": "HasIntegrationSender"}, refs) is exists, refs
    statement = policy["Properties"]["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"AWS": {"Ref": "IntegrationSenderPrincipalArn"}}
    assert statement["Action"] == "events:PutEvents"
    assert statement["Resource"] == {"Fn::GetAtt": ["EventBus", "Arn"]}
    assert statement["Condition"]["StringEquals"]["events:source"] == {"Ref": "IntegrationSenderSource"}


def test_notifications_go_to_an_encrypted_topic() -> None:
    assert "KmsMasterKeyId" in RESOURCES["NotificationTopic"]["Properties"]


def test_task_requests_from_integrations_are_routed_to_their_queue() -> None:
    rule = RESOURCES["TaskRequestRule"]["Properties"]
    assert rule["EventBusName"] == {"Ref": "EventBus"}
    assert rule["EventPattern"]["detail-type"] == ["TaskRequested"]
    assert rule["EventPattern"]["source"] == [{"anything-but": ["taskexec"]}]  # the service never requests itself
    assert [target["Arn"] for target in rule["Targets"]] == [{"Fn::GetAtt": ["TaskRequestQueue", "Arn"]}]

    (policy,) = (
        res["Properties"]
        for res in of_type("AWS::SQS::QueuePolicy").values()
        if {"Ref": "TaskRequestQueue"} in res["Properties"]["Queues"]
    )
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Action"] == "sqs:SendMessage"
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"] == {"Fn::GetAtt": ["TaskRequestRule", "Arn"]}


def test_the_task_request_queue_gives_up_on_a_poison_message() -> None:
    queue = RESOURCES["TaskRequestQueue"]["Properties"]
    redrive = queue["RedrivePolicy"]
    assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": ["TaskRequestDeadLetterQueue", "Arn"]}
    assert 1 <= redrive["maxReceiveCount"] <= 5
    # AWS's advice for a Lambda event source: at least six times the function's timeout.
    assert queue["VisibilityTimeout"] >= 6 * RESOURCES["AutomationRunFunction"]["Properties"]["Timeout"]


def test_every_queue_is_encrypted() -> None:
    for name, queue in of_type("AWS::SQS::Queue").items():
        assert queue["Properties"].get("SqsManagedSseEnabled") is True or "KmsMasterKeyId" in queue["Properties"], name


def test_every_dead_letter_queue_alarms_on_its_first_message() -> None:
    alarms = _dlq_depth_alarms()
    assert set(alarms) >= DEAD_LETTER_QUEUES
    for queue, alarm in alarms.items():
        assert alarm["Dimensions"][0] == {"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}
        assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("GreaterThanThreshold", 0), queue
        assert {"Ref": "AlarmTopic"} in alarm["AlarmActions"], queue


def test_stream_consumers_report_partial_failures_retry_boundedly_and_dead_letter() -> None:
    """Holds for every DynamoDB event source the consumers declare (none until they are added)."""
    alarmed = set(_dlq_depth_alarms())
    for function, props in _event_sources("DynamoDB"):
        table = props["Stream"]["Fn::GetAtt"][0]
        assert table in STREAMED_TABLES, (function, table)
        assert props.get("FunctionResponseTypes") == ["ReportBatchItemFailures"], function
        assert 0 <= props.get("MaximumRetryAttempts", -1) <= 10, function
        destination = props["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
        assert RESOURCES[destination]["Type"] == "AWS::SQS::Queue", function
        assert destination in alarmed, function


def test_queue_consumers_report_partial_failures_on_queues_with_a_dead_letter_queue() -> None:
    """Holds for every SQS event source the consumers declare (none until they are added)."""
    for function, props in _event_sources("SQS"):
        queue = RESOURCES[props["Queue"]["Fn::GetAtt"][0]]["Properties"]
        assert props.get("FunctionResponseTypes") == ["ReportBatchItemFailures"], function
        assert "RedrivePolicy" in queue, function


def _grants_beyond_dynamodb(function: str) -> set[tuple[str, str]]:
    found = set()
    for statement in _statements(function, UseBedrock=False):
        for action in statement["Action"]:
            if not action.startswith("dynamodb:"):
                found |= {(action, json.dumps(resource, sort_keys=True)) for resource in statement["Resource"]}
    return found


def _on(action: str, resource: dict[str, Any]) -> tuple[str, str]:
    return action, json.dumps(resource, sort_keys=True)


def test_beyond_dynamodb_the_publishers_put_and_notify_and_users_manage_answer_rules_nothing_else() -> None:
    bus = {"Fn::GetAtt": ["EventBus", "Arn"]}
    key = {"Fn::GetAtt": ["AlarmTopicKey", "Arn"]}
    assert _grants_beyond_dynamodb("EventsPublisherFunction") == {
        _on("events:PutEvents", bus),
        _on("sns:Publish", {"Ref": "NotificationTopic"}),
        _on("kms:GenerateDataKey", key),
        _on("kms:Decrypt", key),
    }
    assert _grants_beyond_dynamodb("TaskRequestFunction") == {_on("events:PutEvents", bus)}
    rules = {"Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:" + ANSWER_RULES}
    assert _grants_beyond_dynamodb("UsersFunction") == {
        *(_on(action, rules) for action in ("events:PutRule", "events:PutTargets", "events:RemoveTargets")),
        _on("events:DeleteRule", rules),
        _on("iam:PassRole", {"Fn::GetAtt": ["AnswerDeliveryRole", "Arn"]}),
        *PAUSING_AUTOMATIONS,
    }
    assert _grants_beyond_dynamodb("AutomationRunFunction") == {_on("events:PutEvents", bus), *PAUSING_AUTOMATIONS}
    excepted = {
        "EventsPublisherFunction",
        "TaskRequestFunction",
        "UsersFunction",
        "AutomationsFunction",
        "AutomationRunFunction",
    }
    for function in set(FUNCTIONS) - excepted:
        assert not _grants_beyond_dynamodb(function), function


ACCOUNT = "arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}"
AUTOMATION_RULES = {"Fn::Sub": ACCOUNT % "events" + ":rule/${EventBus}/${AWS::StackName}-automation-*"}
AUTOMATION_SCHEDULES = {"Fn::Sub": ACCOUNT % "scheduler" + ":schedule/${AutomationScheduleGroup}/automation-*"}
SCHEDULE_ROLE = {"Fn::GetAtt": ["AutomationScheduleRole", "Arn"]}
PAUSING_AUTOMATIONS = {
    _on("events:DisableRule", AUTOMATION_RULES),
    _on("scheduler:UpdateSchedule", AUTOMATION_SCHEDULES),
    _on("iam:PassRole", SCHEDULE_ROLE),
}
"""What pausing an automation takes (the runs' consumer, and the users function for an owner who can no longer
run theirs): disabling its rule, or writing its schedule again DISABLED as the schedule role."""


@pytest.mark.parametrize("function", ["AutomationsFunction", "AutomationRunFunction", "UsersFunction"])
def test_the_schedule_role_is_passed_to_scheduler_only(function: str) -> None:
    statements = _statements(function, UseBedrock=False)
    passing = [s for s in statements if s["Action"] == ["iam:PassRole"] and SCHEDULE_ROLE in s["Resource"]]
    assert [s["Condition"] for s in passing] == [{"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}]


def test_the_automations_function_manages_its_own_rules_and_schedules_and_passes_one_role() -> None:
    rules, schedules, role = AUTOMATION_RULES, AUTOMATION_SCHEDULES, SCHEDULE_ROLE
    assert _grants_beyond_dynamodb("AutomationsFunction") == {
        *(_on(f"events:{a}", rules) for a in ("PutRule", "PutTargets", "RemoveTargets", "DeleteRule")),
        *(_on(f"scheduler:{a}", schedules) for a in ("CreateSchedule", "UpdateSchedule", "DeleteSchedule")),
        _on("iam:PassRole", role),
    }
    (passing,) = [s for s in _statements("AutomationsFunction", UseBedrock=False) if s["Action"] == ["iam:PassRole"]]
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}
    env = RESOURCES["AutomationsFunction"]["Properties"]["Environment"]["Variables"]
    assert env["AUTOMATION_RULE_PREFIX"] == {"Fn::Sub": "${AWS::StackName}-automation-"}
    assert env["AUTOMATION_SCHEDULE_ROLE_ARN"] == role
    assert env["AUTOMATION_RUN_QUEUE_ARN"] == {"Fn::GetAtt": ["AutomationRunQueue", "Arn"]}


def test_automation_runs_are_delivered_to_their_queue_by_the_stacks_rules_and_the_schedule_role_only() -> None:
    queue = RESOURCES["AutomationRunQueue"]["Properties"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["AutomationRunDeadLetterQueue", "Arn"]}
    assert queue["VisibilityTimeout"] >= 6 * RESOURCES["AutomationRunFunction"]["Properties"]["Timeout"]
    (policy,) = (
        res["Properties"]
        for res in of_type("AWS::SQS::QueuePolicy").values()
        if {"Ref": "AutomationRunQueue"} in res["Properties"]["Queues"]
    )
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"]["Fn::Sub"].endswith(
        ":rule/${EventBus}/${AWS::StackName}-automation-*"
    )
    role = RESOURCES["AutomationScheduleRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert trust["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    (allowed,) = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert (allowed["Action"], allowed["Resource"]) == (
        "sqs:SendMessage",
        {"Fn::GetAtt": ["AutomationRunQueue", "Arn"]},
    )
    assert RESOURCES["AutomationScheduleGroup"]["Type"] == "AWS::Scheduler::ScheduleGroup"


def test_the_events_publisher_reads_the_tasks_and_monitoring_streams_not_the_activity_stream() -> None:
    streams = {
        props["Stream"]["Fn::GetAtt"][0]
        for function, props in _event_sources("DynamoDB")
        if function == "EventsPublisherFunction"
    }
    assert streams == {"TasksTable", "MonitoringTable"}
    env = RESOURCES["EventsPublisherFunction"]["Properties"]["Environment"]["Variables"]
    assert env == {"EVENT_BUS_NAME": {"Ref": "EventBus"}, "NOTIFICATION_TOPIC_ARN": {"Ref": "NotificationTopic"}}


def test_the_task_request_and_automation_run_functions_consume_their_queues() -> None:
    consumed = {function: props["Queue"]["Fn::GetAtt"][0] for function, props in _event_sources("SQS")}
    assert consumed == {"TaskRequestFunction": "TaskRequestQueue", "AutomationRunFunction": "AutomationRunQueue"}


def test_iterator_age_alarm_on_every_stream_consumer() -> None:
    alarmed = {
        alarm["Dimensions"][0]["Value"]["Ref"]
        for alarm in _alarms().values()
        if alarm.get("Namespace") == "AWS/Lambda" and alarm["MetricName"] == "IteratorAge"
    }
    assert {function for function, _ in _event_sources("DynamoDB")} <= alarmed


# --- samconfig.toml -------------------------------------------------------------------------------------------


def test_samconfig_has_dev_and_prod() -> None:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text(encoding="utf-8"))
    assert config["default"]["validate"]["parameters"]["lint"] is True
    for env in ("dev", "prod"):
        deploy = config[env]["deploy"]["parameters"]
        assert deploy["capabilities"] == "CAPABILITY_IAM"
        assert deploy["resolve_s3"] is True
        assert f"Stage={env}" in deploy["parameter_overrides"]
    assert config["prod"]["deploy"]["parameters"]["confirm_changeset"] is True
    assert config["dev"]["deploy"]["parameters"]["stack_name"] != config["prod"]["deploy"]["parameters"]["stack_name"]


def _anomaly_alarm(metric: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The alarm whose threshold is the anomaly band of `metric`, and the band's source query."""
    for alarm in _alarms().values():
        queries = {q["Id"]: q for q in alarm.get("Metrics", [])}
        band = queries.get(alarm.get("ThresholdMetricId", ""))
        if not band:
            continue
        source = next((q for q in queries.values() if "MetricStat" in q), None)
        if source and source["MetricStat"]["Metric"]["MetricName"] == metric:
            return alarm, source
    raise AssertionError(f"no anomaly-detection alarm on {metric}")


@pytest.mark.parametrize(
    ("metric", "operator"),
    [("SuccessRate", "LessThanLowerThreshold"), ("P95ExecutionTimeMs", "GreaterThanUpperThreshold")],
)
def test_anomaly_detection_alarms_beside_the_fixed_thresholds(metric: str, operator: str) -> None:
    alarm, source = _anomaly_alarm(metric)
    assert alarm["ComparisonOperator"] == operator
    band = next(q for q in alarm["Metrics"] if q["Id"] == alarm["ThresholdMetricId"])
    assert re.fullmatch(rf"ANOMALY_DETECTION_BAND\({source['Id']},\s*\d+(\.\d+)?\)", band["Expression"])
    assert source["MetricStat"]["Metric"]["Namespace"] == "TaskExecution"
    assert source["MetricStat"]["Metric"]["Dimensions"] == [{"Name": "service", "Value": "taskexec"}]
    assert source["MetricStat"]["Period"] == 300
    # The band is learned by a detector on exactly this metric and statistic.
    detectors = [
        d["Properties"]["SingleMetricAnomalyDetector"] for d in of_type("AWS::CloudWatch::AnomalyDetector").values()
    ]
    assert {
        "Namespace": "TaskExecution",
        "MetricName": metric,
        "Dimensions": [{"Name": "service", "Value": "taskexec"}],
        "Stat": source["MetricStat"]["Stat"],
    } in detectors
    # The fixed-threshold alarm is still there beside it.
    assert _custom_alarm(metric)["Threshold"] in (80, 5000)


def test_dashboard_shows_the_anomaly_band_of_success_rate_and_p95() -> None:
    body = RESOURCES["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    parsed = json.loads(re.sub(r"\$\{[^}]+\}", "X", body))
    banded = set()
    for widget in parsed["widgets"]:
        rows = widget.get("properties", {}).get("metrics", [])
        ids = {row[-1].get("id"): row[1] for row in rows if isinstance(row[-1], dict) and len(row) > 1}
        for row in rows:
            if len(row) == 1 and (
                m := re.fullmatch(r"ANOMALY_DETECTION_BAND\((\w+),\s*[\d.]+\)", row[0]["expression"])
            ):
                banded.add(ids[m[1]])
    assert {"SuccessRate", "P95ExecutionTimeMs"} <= banded


def test_the_rollup_schedule_passes_its_scheduled_time() -> None:
    schedule = RESOURCES["MetricsRollupFunction"]["Properties"]["Events"]
    (event,) = [e for e in schedule.values() if e["Type"] == "ScheduleV2"]
    assert json.loads(event["Properties"]["Input"]) == {"time": "<aws.scheduler.scheduled-time>"}


# --- Issue 21: the integration path's template -------------------------------------------------------------------


def test_a_task_request_batch_fits_its_timeout_at_the_worst_retry_budget() -> None:
    """Finding 9: Lambda hands the function a batch of messages and times the whole invocation out; a timeout
    returns every message of the batch to the queue. So the function's timeout covers a whole batch in which
    every execution spends the whole retry budget (EXECUTE_RETRY_BUDGET_S, 12 s unless the function sets it),
    plus its answer, and the queue hides a received batch for at least six timeouts (AWS's advice)."""
    assert_batch_fits("TaskRequestFunction", executions=1, margin_s=3)  # the answer's PutEvents after it


def test_an_automation_run_fits_its_timeout_at_the_worst_retry_budget() -> None:
    """The same for automation runs: each of a run's actions may spend the whole retry budget, and a run that
    pauses its automation makes one EventBridge or Scheduler call (two tries of at most 5 s) before its record
    and its AutomationRan (3 s)."""
    assert_batch_fits("AutomationRunFunction", executions=MAX_ACTIONS, margin_s=10 + 3)


def assert_batch_fits(logical_id: str, executions: int, margin_s: float) -> None:
    function = RESOURCES[logical_id]["Properties"]
    (source,) = [props for name, props in _event_sources("SQS") if name == logical_id]
    timeout = function.get("Timeout", TEMPLATE["Globals"]["Function"]["Timeout"])
    env = {**TEMPLATE["Globals"]["Function"]["Environment"]["Variables"], **function["Environment"]["Variables"]}
    budget = float(env.get("EXECUTE_RETRY_BUDGET_S", 12))
    assert timeout >= source.get("BatchSize", 10) * (executions * budget + margin_s), (timeout, source)
    queue = source["Queue"]["Fn::GetAtt"][0]
    assert RESOURCES[queue]["Properties"]["VisibilityTimeout"] >= 6 * timeout


@pytest.mark.parametrize("queue", ["TaskRequestQueue", "AutomationRunQueue"])
def test_the_consumed_queues_let_lambda_retry_five_times_before_dead_lettering(queue: str) -> None:
    """Finding 12: AWS advises a maxReceiveCount of at least 5 on a Lambda event source's queue (throttled and
    timed-out receives count too)."""
    assert RESOURCES[queue]["Properties"]["RedrivePolicy"]["maxReceiveCount"] >= 5


def test_events_the_request_rule_cannot_deliver_land_in_a_dead_letter_queue_with_alarms() -> None:
    """Finding 12: an event EventBridge cannot deliver to the queue (a policy or key problem, throttling past
    its retries) goes to the target's dead-letter queue instead of vanishing; FailedInvocations and the queue's
    depth alarm."""
    (target,) = RESOURCES["TaskRequestRule"]["Properties"]["Targets"]
    dead_letters = target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0]
    assert RESOURCES[dead_letters]["Type"] == "AWS::SQS::Queue"
    assert dead_letters in _dlq_depth_alarms()
    (policy,) = (
        res["Properties"]
        for res in of_type("AWS::SQS::QueuePolicy").values()
        if {"Ref": dead_letters} in res["Properties"]["Queues"]
    )
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"] == {"Fn::GetAtt": ["TaskRequestRule", "Arn"]}
    failed = [
        alarm
        for alarm in _alarms().values()
        if (alarm.get("Namespace"), alarm.get("MetricName")) == ("AWS/Events", "FailedInvocations")
    ]
    (alarm,) = failed
    rule_name = RESOURCES["TaskRequestRule"]["Properties"]["Name"]
    assert {"Name": "RuleName", "Value": rule_name} in alarm["Dimensions"]
    assert {"Ref": "AlarmTopic"} in alarm["AlarmActions"]


def test_the_sender_source_parameter_refuses_the_services_own_source() -> None:
    """Finding 12: the bus policy would let the sender put events as `taskexec`, the service itself."""
    pattern = re.compile(TEMPLATE["Parameters"]["IntegrationSenderSource"]["AllowedPattern"])
    for refused in ("taskexec", "ab", "x" * 65, "Demo.CRM", "demo crm"):
        assert not pattern.fullmatch(refused), refused
    for accepted in ("", "demo.crm", "crm-1.example", "x" * 64, "taskexec2", "my.taskexec"):
        assert pattern.fullmatch(accepted), accepted


def test_the_events_publisher_is_invoked_only_for_the_latest_snapshot_of_the_monitoring_stream() -> None:
    """Finding 12: the monitoring stream carries every statistics bucket write; the publisher needs only LATEST."""
    (stream,) = (
        props
        for function, props in _event_sources("DynamoDB")
        if function == "EventsPublisherFunction" and props["Stream"]["Fn::GetAtt"][0] == "MonitoringTable"
    )
    (pattern,) = [json.loads(f["Pattern"]) for f in stream["FilterCriteria"]["Filters"]]
    assert pattern["dynamodb"]["Keys"] == {"pk": {"S": ["SNAPSHOT"]}, "sk": {"S": ["LATEST"]}}


def test_the_in_process_world_names_the_bus_as_the_template_does() -> None:
    from tests.support.world import TEST_ENV

    name = devkit_template.resolve(RESOURCES["EventBus"]["Properties"]["Name"], {})
    assert TEST_ENV["EVENT_BUS_NAME"] == name
