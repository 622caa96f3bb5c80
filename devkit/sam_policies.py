"""What SAM puts on a function's role besides its inline policies, as data: the AWS managed policies it attaches
and the policy templates a `Policies` entry may name.

SAM's transform is not available in process (it needs aws-sam-translator, which only `make template-lint`'s
own environment has), so the documents are copied here: the policy templates from aws-sam-translator 1.115.0's
`policy_templates.json` (its `Definition`, parameters as `{"Ref": <parameter>}`), the managed policies from
their AWS documentation. Only the ones a function of this template could meet are listed; a function that names
another fails loudly (devkit.iam), so the list grows with the template instead of guessing.
"""

from __future__ import annotations

from typing import Any

Document = dict[str, Any]


def _table_arn(suffix: str = "") -> dict[str, Any]:
    return {
        "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}" + suffix,
            {"tableName": {"Ref": "TableName"}},
        ]
    }


def _named(service: str, parameter: str, variable: str) -> dict[str, Any]:
    return {
        "Fn::Sub": [
            f"arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:${{{variable}}}",
            {variable: {"Ref": parameter}},
        ]
    }


POLICY_TEMPLATES: dict[str, Document] = {
    "DynamoDBCrudPolicy": {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "dynamodb:GetItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:PutItem",
                    "dynamodb:Scan",
                    "dynamodb:Query",
                    "dynamodb:UpdateItem",
                    "dynamodb:BatchWriteItem",
                    "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable",
                    "dynamodb:ConditionCheckItem",
                ],
                "Resource": [_table_arn(), _table_arn("/index/*")],
            }
        ]
    },
    "DynamoDBReadPolicy": {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "dynamodb:GetItem",
                    "dynamodb:Scan",
                    "dynamodb:Query",
                    "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable",
                ],
                "Resource": [_table_arn(), _table_arn("/index/*")],
            }
        ]
    },
    "DynamoDBWritePolicy": {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
                "Resource": [_table_arn(), _table_arn("/index/*")],
            }
        ]
    },
    "SQSSendMessagePolicy": {
        "Statement": [
            {"Effect": "Allow", "Action": ["sqs:SendMessage*"], "Resource": _named("sqs", "QueueName", "queueName")}
        ]
    },
    "SQSPollerPolicy": {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "sqs:ChangeMessageVisibility",
                    "sqs:ChangeMessageVisibilityBatch",
                    "sqs:DeleteMessage",
                    "sqs:DeleteMessageBatch",
                    "sqs:GetQueueAttributes",
                    "sqs:ReceiveMessage",
                ],
                "Resource": _named("sqs", "QueueName", "queueName"),
            }
        ]
    },
    "SNSPublishMessagePolicy": {
        "Statement": [
            {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": _named("sns", "TopicName", "topicName")}
        ]
    },
    "EventBridgePutEventsPolicy": {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "events:PutEvents",
                "Resource": {
                    "Fn::Sub": [
                        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${eventBusName}",
                        {"eventBusName": {"Ref": "EventBusName"}},
                    ]
                },
            }
        ]
    },
}
"""SAM policy templates by name: `- DynamoDBCrudPolicy: {TableName: !Ref T}` in a function's Policies."""

BASIC_EXECUTION = "AWSLambdaBasicExecutionRole"
XRAY_WRITE = "AWSXrayWriteOnlyAccess"
DYNAMODB_EVENT_SOURCE = "AWSLambdaDynamoDBExecutionRole"
SQS_EVENT_SOURCE = "AWSLambdaSQSQueueExecutionRole"

_LOGS = {
    "Effect": "Allow",
    "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
    "Resource": "*",
}

MANAGED_POLICIES: dict[str, Document] = {
    BASIC_EXECUTION: {"Statement": [_LOGS]},
    XRAY_WRITE: {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "xray:PutTraceSegments",
                    "xray:PutTelemetryRecords",
                    "xray:GetSamplingRules",
                    "xray:GetSamplingTargets",
                    "xray:GetSamplingStatisticSummaries",
                ],
                "Resource": "*",
            }
        ]
    },
    DYNAMODB_EVENT_SOURCE: {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "dynamodb:DescribeStream",
                    "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator",
                    "dynamodb:ListStreams",
                ],
                "Resource": "*",
            },
            _LOGS,
        ]
    },
    SQS_EVENT_SOURCE: {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                "Resource": "*",
            },
            _LOGS,
        ]
    },
}
"""AWS managed policies SAM attaches: to every function (basic execution), with `Tracing: Active` (X-Ray) and
for DynamoDB and SQS event sources (what the event source mapping reads with the function's role)."""
