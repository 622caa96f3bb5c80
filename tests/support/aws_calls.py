"""DynamoDB access as IAM sees it: what the code really calls, and what template.yaml grants.

Both sides are reduced to the same shape, (IAM action, resource), where a resource is a table's logical id or
`<logical id>/index/<name>` for a secondary index. In tests the tables are named by their logical ids (that is
how conftest creates them), so a call's `TableName` is the logical id.

Calls are seen where every botocore client sends them (`devkit.botocalls`): pynamodb's connections,
`taskexec.data.clients.dynamodb()` and Powertools Idempotency's own boto3 client alike, each with the function
whose handler made it. A call is recorded before it is sent, so a call that fails (a conditional check, a
cancelled transaction) still counts: IAM is evaluated before DynamoDB looks at the condition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from devkit.botocalls import Call, Send, intercepting
from devkit.template import resources

Grant = tuple[str, str]
"""(IAM action, resource): ("dynamodb:Query", "UsersTable/index/email-index")."""

SINGLE_TABLE_OPERATIONS = frozenset(
    {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "DescribeTable"}
)
"""Operations on one `TableName` whose IAM action has the operation's name (Query/Scan may name an index)."""

MULTI_TABLE_OPERATIONS = frozenset({"BatchWriteItem", "BatchGetItem"})
"""Operations whose `RequestItems` name the tables; the action is checked on each of them."""

TRANSACT_WRITE_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
"""TransactWriteItems is authorised item by item, each as the single-item action it performs."""


def resource(table: str, index: str | None = None) -> str:
    return f"{table}/index/{index}" if index else table


def table_of(resource_name: str) -> str:
    return resource_name.split("/index/", 1)[0]


def iam_grants_needed(operation: str, params: dict[str, Any]) -> set[Grant]:
    """The (action, resource) pairs IAM checks for one DynamoDB API call."""
    if operation in SINGLE_TABLE_OPERATIONS:
        return {(f"dynamodb:{operation}", resource(params["TableName"], params.get("IndexName")))}
    if operation in MULTI_TABLE_OPERATIONS:
        return {(f"dynamodb:{operation}", table) for table in params["RequestItems"]}
    if operation == "TransactWriteItems":
        needed = set()
        for item in params["TransactItems"]:
            ((kind, request),) = item.items()
            needed.add((TRANSACT_WRITE_ACTIONS[kind], request["TableName"]))
        return needed
    if operation == "TransactGetItems":
        return {("dynamodb:GetItem", item["Get"]["TableName"]) for item in params["TransactItems"]}
    raise ValueError(f"no IAM translation for DynamoDB {operation}: add it to tests/support/aws_calls.py")


@dataclass
class CallRecorder:
    """Every DynamoDB call made while recording, as (operation, parameters), by the function whose handler made
    it (`Call.function`). Calls made outside any handler (test setup, assertions) are not recorded."""

    calls: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)

    def record(self, call: Call) -> None:
        if call.function is not None:
            self.calls.setdefault(call.function, []).append((call.operation, dict(call.params)))

    def needed(self, function: str) -> set[Grant]:
        return {
            grant
            for operation, params in self.calls.get(function, [])
            for grant in iam_grants_needed(operation, params)
        }


@contextmanager
def recording_dynamodb_calls() -> Iterator[CallRecorder]:
    """Every DynamoDB call made inside the block lands in the recorder (the call goes through)."""
    recorder = CallRecorder()

    def recorded(call: Call, send: Send) -> Any:
        recorder.record(call)
        return send()

    with intercepting(recorded, service="dynamodb"):
        yield recorder


# --- template.yaml ------------------------------------------------------------------------------------------

_TABLE_ARN = re.compile(r"^\$\{(?P<table>[A-Za-z0-9]+)\.Arn\}(?:/index/(?P<index>[A-Za-z0-9_.-]+))?$")


def resource_of(arn: Any) -> str:
    """A policy Resource (`!GetAtt T.Arn`, `!Sub ${T.Arn}/index/i`) as `T` or `T/index/i`."""
    if isinstance(arn, dict) and set(arn) == {"Fn::GetAtt"} and list(arn["Fn::GetAtt"])[1:] == ["Arn"]:
        return str(arn["Fn::GetAtt"][0])
    if isinstance(arn, dict) and set(arn) == {"Fn::Sub"} and isinstance(arn["Fn::Sub"], str):
        found = _TABLE_ARN.match(arn["Fn::Sub"])
        if found:
            return resource(found["table"], found["index"])
    raise ValueError(f"not a table or index ARN this test can read: {arn!r}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(policies: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Every statement of the inline policy documents; both branches of a conditional (`!If`) statement."""
    pending = [statement for policy in policies for statement in _as_list(policy["Statement"])]
    while pending:
        statement = pending.pop(0)
        if statement == {"Ref": "AWS::NoValue"}:
            continue
        if set(statement) == {"Fn::If"}:
            pending += statement["Fn::If"][1:]
            continue
        yield statement


@dataclass(frozen=True)
class TableStatement:
    """One Allow statement on DynamoDB: its Sid, actions and resources (tables/indexes by logical id)."""

    sid: str
    actions: frozenset[str]
    resources: frozenset[str]

    @property
    def grants(self) -> set[Grant]:
        return {(action, name) for action in self.actions for name in self.resources}


def dynamodb_statements(function: str) -> list[TableStatement]:
    """The DynamoDB statements of a function's policies in template.yaml."""
    props = resources("AWS::Serverless::Function")[function]["Properties"]
    found = []
    for statement in _statements(props.get("Policies", [])):
        actions = frozenset(_as_list(statement["Action"]))
        if not any(action.startswith("dynamodb:") for action in actions):
            continue
        assert statement.get("Effect") == "Allow", f"{function}: only Allow statements are expected"
        assert all(action.startswith("dynamodb:") for action in actions), f"{function}: mixed statement"
        found.append(
            TableStatement(
                sid=str(statement.get("Sid", "")),
                actions=actions,
                resources=frozenset(resource_of(arn) for arn in _as_list(statement["Resource"])),
            )
        )
    return found


def functions_with_code() -> dict[str, str]:
    """Function logical id -> its directory under functions/ (the name `load_function` takes)."""
    return {
        logical_id: str(res["Properties"]["CodeUri"]).strip("/").split("/")[-1]
        for logical_id, res in sorted(resources("AWS::Serverless::Function").items())
    }
