"""IAM in front of every AWS call a function's code makes, as AWS evaluates it for that function's role.

On AWS each function runs with its own role, made by SAM from its `Policies` in template.yaml (inline
documents, SAM policy templates, managed policies) plus what SAM adds (basic execution, X-Ray for
`Tracing: Active`, the event source mappings' managed policies, the OnFailure destinations). moto checks no IAM
at all, so a call the role would deny works in every test and fails only once deployed. `IamCheck` closes that
gap at the one interception point of AWS calls (devkit.botocalls): each call made by a function's code
(`Call.function`) is reduced to the authorizations AWS makes for it (action, resource ARN, condition keys; a
transaction is authorised item by item, a PutTargets with a role also needs iam:PassRole) and evaluated against
that function's policies with every `!Ref`, `!GetAtt` and `!Sub` resolved to the emulated account's names and
ARNs. A call the role would deny raises what AWS raises (AccessDeniedException, SNS's AuthorizationError, ...)
to the code and is recorded as a `Denial` naming function, action and resource, which the test harness turns
into a failure of the test that made it (tests/support/aws_rules.py) and the local stack logs and writes to
`iam-denials.jsonl` beside stack.json, where the e2e tests read it.

Calls made outside any function (a test's set-up, the emulator's own pollers) are not checked: on AWS they are
made by other principals. A call with no translation here is denied too, naming what to add: an unchecked call
would be a hole in the check.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from devkit import sam_policies, template
from devkit.botocalls import Call, Send

ACCOUNT = str(template.PSEUDO_PARAMETERS["AWS::AccountId"])
"""moto's default account: every emulated resource lives there."""
PARTITION = "aws"
SERVICE_OF_EVENTS = "events.amazonaws.com"

REFUSAL_CODES = {"sns": "AuthorizationError", "sqs": "AccessDenied"}
"""The error code each service answers a denied call with; AccessDeniedException for the others."""


class Authorization(NamedTuple):
    """One thing IAM checks for a call: an action on a resource, with the request's condition keys."""

    action: str
    resource: str
    context: tuple[tuple[str, str], ...] = ()


class Denial(NamedTuple):
    """A call a function's role would deny, as a test failure names it."""

    function: str
    action: str
    resource: str
    reason: str = "no statement of its role allows it"

    def describe(self) -> str:
        return f"{self.function} may not {self.action} on {self.resource} ({self.reason})"


class Untranslatable(ValueError):
    """A call this module cannot reduce to IAM authorizations yet: add its translation below."""


class UnsupportedPolicy(ValueError):
    """A policy construct the check cannot evaluate faithfully (so it refuses to guess)."""


# --- Calls -> authorizations ---------------------------------------------------------------------------------


def _region(call: Call) -> str:
    return str(call.client.meta.region_name or "us-east-1")


def table_arn(region: str, table: str) -> str:
    return table if table.startswith("arn:") else f"arn:{PARTITION}:dynamodb:{region}:{ACCOUNT}:table/{table}"


DYNAMODB_SINGLE = frozenset({"GetItem", "PutItem", "UpdateItem", "DeleteItem", "DescribeTable", "DescribeTimeToLive"})
DYNAMODB_INDEXED = frozenset({"Query", "Scan"})
DYNAMODB_BATCH = frozenset({"BatchWriteItem", "BatchGetItem"})
TRANSACT_WRITE_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
"""TransactWriteItems is authorised item by item, each as the single-item action it performs."""


def _dynamodb(call: Call, region: str) -> list[Authorization]:
    params, operation = call.params, call.operation
    if operation in DYNAMODB_SINGLE:
        return [Authorization(f"dynamodb:{operation}", table_arn(region, params["TableName"]))]
    if operation in DYNAMODB_INDEXED:
        arn = table_arn(region, params["TableName"])
        index = params.get("IndexName")
        return [Authorization(f"dynamodb:{operation}", f"{arn}/index/{index}" if index else arn)]
    if operation in DYNAMODB_BATCH:
        return [Authorization(f"dynamodb:{operation}", table_arn(region, table)) for table in params["RequestItems"]]
    if operation == "TransactWriteItems":
        found = []
        for item in params["TransactItems"]:
            ((kind, request),) = item.items()
            found.append(Authorization(TRANSACT_WRITE_ACTIONS[kind], table_arn(region, request["TableName"])))
        return found
    if operation == "TransactGetItems":
        return [
            Authorization("dynamodb:GetItem", table_arn(region, item["Get"]["TableName"]))
            for item in params["TransactItems"]
        ]
    raise Untranslatable(f"dynamodb:{operation}")


def _bus_name(value: Any) -> str:
    name = str(value or "default")
    return name.split(":event-bus/", 1)[1] if ":event-bus/" in name else name


def bus_arn(region: str, bus: Any) -> str:
    return f"arn:{PARTITION}:events:{region}:{ACCOUNT}:event-bus/{_bus_name(bus)}"


def rule_arn(region: str, bus: Any, rule: str) -> str:
    name = _bus_name(bus)
    path = rule if name == "default" else f"{name}/{rule}"
    return f"arn:{PARTITION}:events:{region}:{ACCOUNT}:rule/{path}"


EVENTS_RULE_OPERATIONS = frozenset(
    {"PutRule", "DeleteRule", "DescribeRule", "EnableRule", "DisableRule", "RemoveTargets", "ListTargetsByRule"}
)


def _events(call: Call, region: str) -> list[Authorization]:
    params, operation = call.params, call.operation
    if operation == "PutEvents":
        return [
            Authorization(
                "events:PutEvents",
                bus_arn(region, entry.get("EventBusName")),
                (("events:source", str(entry.get("Source"))), ("events:detail-type", str(entry.get("DetailType")))),
            )
            for entry in params["Entries"]
        ]
    if operation in EVENTS_RULE_OPERATIONS:
        rule = params.get("Name") or params.get("Rule")
        return [Authorization(f"events:{operation}", rule_arn(region, params.get("EventBusName"), str(rule)))]
    if operation == "PutTargets":
        arn = rule_arn(region, params.get("EventBusName"), str(params["Rule"]))
        found = [Authorization("events:PutTargets", arn)]
        found += [
            Authorization("iam:PassRole", str(target["RoleArn"]), (("iam:PassedToService", SERVICE_OF_EVENTS),))
            for target in params.get("Targets", [])
            if target.get("RoleArn")
        ]
        return found
    raise Untranslatable(f"events:{operation}")


SCHEDULER_SCHEDULE_OPERATIONS = frozenset({"CreateSchedule", "UpdateSchedule", "DeleteSchedule", "GetSchedule"})
SERVICE_OF_SCHEDULER = "scheduler.amazonaws.com"


def schedule_arn(region: str, group: Any, name: str) -> str:
    return f"arn:{PARTITION}:scheduler:{region}:{ACCOUNT}:schedule/{group or 'default'}/{name}"


def _scheduler(call: Call, region: str) -> list[Authorization]:
    """A schedule is its own resource in its group; creating or changing one with a target role passes that role
    to Scheduler (iam:PassRole, conditioned on the service it is passed to)."""
    params, operation = call.params, call.operation
    if operation in SCHEDULER_SCHEDULE_OPERATIONS:
        found = [Authorization(f"scheduler:{operation}", schedule_arn(region, params.get("GroupName"), params["Name"]))]
        role = (params.get("Target") or {}).get("RoleArn")
        if role and operation in ("CreateSchedule", "UpdateSchedule"):
            found.append(Authorization("iam:PassRole", str(role), (("iam:PassedToService", SERVICE_OF_SCHEDULER),)))
        return found
    raise Untranslatable(f"scheduler:{operation}")


def _sns(call: Call) -> list[Authorization]:
    if call.operation in ("Publish", "PublishBatch"):
        topic = call.params.get("TopicArn") or call.params.get("TargetArn")
        return [Authorization("sns:Publish", str(topic))]
    raise Untranslatable(f"sns:{call.operation}")


SQS_ACTIONS = {
    "SendMessage": "sqs:SendMessage",
    "SendMessageBatch": "sqs:SendMessage",
    "ReceiveMessage": "sqs:ReceiveMessage",
    "DeleteMessage": "sqs:DeleteMessage",
    "DeleteMessageBatch": "sqs:DeleteMessage",
    "ChangeMessageVisibility": "sqs:ChangeMessageVisibility",
    "ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
    "GetQueueAttributes": "sqs:GetQueueAttributes",
}
"""The batch verbs are authorised as the single-message action (SQS has no separate batch actions)."""


def queue_arn(region: str, url: str) -> str:
    account, name = urlsplit(url).path.strip("/").split("/")[-2:]
    return f"arn:{PARTITION}:sqs:{region}:{account}:{name}"


def _sqs(call: Call, region: str) -> list[Authorization]:
    if call.operation in SQS_ACTIONS:
        return [Authorization(SQS_ACTIONS[call.operation], queue_arn(region, str(call.params["QueueUrl"])))]
    raise Untranslatable(f"sqs:{call.operation}")


def _bedrock(call: Call, region: str) -> list[Authorization]:
    if call.operation in ("InvokeModel", "Converse", "InvokeModelWithResponseStream", "ConverseStream"):
        model = str(call.params["modelId"])
        arn = model if model.startswith("arn:") else f"arn:{PARTITION}:bedrock:{region}::foundation-model/{model}"
        action = "bedrock:InvokeModelWithResponseStream" if "Stream" in call.operation else "bedrock:InvokeModel"
        return [Authorization(action, arn)]
    raise Untranslatable(f"bedrock-runtime:{call.operation}")


def authorizations(call: Call) -> list[Authorization]:
    """What IAM checks before AWS serves `call`."""
    region = _region(call)
    if call.service == "dynamodb":
        return _dynamodb(call, region)
    if call.service == "events":
        return _events(call, region)
    if call.service == "scheduler":
        return _scheduler(call, region)
    if call.service == "sns":
        return _sns(call)
    if call.service == "sqs":
        return _sqs(call, region)
    if call.service == "bedrock-runtime":
        return _bedrock(call, region)
    if call.service == "sts" and call.operation == "GetCallerIdentity":
        return []  # needs no permission
    raise Untranslatable(f"{call.service}:{call.operation}")


# --- Policies --------------------------------------------------------------------------------------------------


def matches(pattern: str, value: str, case_sensitive: bool = True) -> bool:
    """IAM's wildcard match: `*` any run of characters, `?` one (actions compare case-insensitively)."""
    return _wildcard(pattern, case_sensitive).match(value) is not None


@cache
def _wildcard(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(f"^{body}$", 0 if case_sensitive else re.IGNORECASE)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


CONDITION_OPERATORS: dict[str, tuple[bool, bool, bool]] = {
    # operator: (negated, wildcards, case sensitive)
    "StringEquals": (False, False, True),
    "StringNotEquals": (True, False, True),
    "StringEqualsIgnoreCase": (False, False, False),
    "StringLike": (False, True, True),
    "StringNotLike": (True, True, True),
    "ArnEquals": (False, False, True),
    "ArnLike": (False, True, True),
    "ArnNotEquals": (True, False, True),
    "ArnNotLike": (True, True, True),
}


class Statement(NamedTuple):
    """One statement of a role's policies, resolved: patterns for actions and resources, and its conditions."""

    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """(operator, condition key, values)."""

    def applies(self, authorization: Authorization) -> bool:
        return (
            any(_wildcard(action, False).match(authorization.action) for action in self.actions)
            and any(_wildcard(resource, True).match(authorization.resource) for resource in self.resources)
            and all(self._holds(condition, dict(authorization.context)) for condition in self.conditions)
        )

    @staticmethod
    def _holds(condition: tuple[str, str, tuple[str, ...]], context: Mapping[str, str]) -> bool:
        operator, key, values = condition
        negated, wildcards, case_sensitive = CONDITION_OPERATORS[operator]
        found = next((value for name, value in context.items() if name.lower() == key.lower()), None)
        if found is None:
            return negated  # a missing key fails every positive operator and satisfies the negated ones
        if wildcards:
            matched = any(_wildcard(value, case_sensitive).match(found) for value in values)
        elif case_sensitive:
            matched = found in values
        else:
            matched = found.lower() in {value.lower() for value in values}
        return matched != negated


def statements_of(document: Any, where: str) -> list[Statement]:
    """The statements of a resolved policy document (AWS::NoValue statements, from an `!If`, dropped)."""
    found = []
    for raw in _as_list(document.get("Statement", [])):
        if raw is None:
            continue
        unsupported = {"NotAction", "NotResource", "NotPrincipal"} & set(raw)
        if unsupported:
            raise UnsupportedPolicy(f"{where}: {sorted(unsupported)} is not evaluated by devkit.iam")
        conditions = []
        for operator, keys in (raw.get("Condition") or {}).items():
            if operator not in CONDITION_OPERATORS:
                raise UnsupportedPolicy(f"{where}: condition operator {operator} is not evaluated by devkit.iam")
            conditions += [(operator, key, tuple(str(v) for v in _as_list(value))) for key, value in keys.items()]
        found.append(
            Statement(
                effect=str(raw.get("Effect", "Allow")),
                actions=tuple(str(a) for a in _as_list(raw["Action"])),
                resources=tuple(str(r) for r in _as_list(raw["Resource"])),
                conditions=tuple(conditions),
            )
        )
    return found


class Role(NamedTuple):
    """A function's role: every statement SAM would put on it."""

    function: str
    statements: tuple[Statement, ...]

    def allows(self, authorization: Authorization) -> bool:
        """IAM's evaluation for one principal: an explicit Deny wins, else some Allow must apply."""
        applying = [statement for statement in self.statements if statement.applies(authorization)]
        return bool(applying) and all(statement.effect == "Allow" for statement in applying)

    @property
    def principal(self) -> str:
        return f"arn:{PARTITION}:sts::{ACCOUNT}:assumed-role/{self.function}Role/{self.function}"


def _sam_template(name: str, parameters: Any, refs: Mapping[str, Any], path: Path) -> Any:
    document = sam_policies.POLICY_TEMPLATES[name]
    values = template.resolve(parameters or {}, dict(refs), path)
    return template.resolve(document, {**refs, **values}, path)


def _managed(name: str, where: str) -> Any:
    short = name.rsplit("/", 1)[-1]
    if short not in sam_policies.MANAGED_POLICIES:
        raise UnsupportedPolicy(f"{where}: managed policy {name} has no document in devkit/sam_policies.py")
    return sam_policies.MANAGED_POLICIES[short]


def _destination_statement(destination: Any, refs: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """What SAM grants for an OnFailure/OnSuccess destination: sending to that queue or topic."""
    arn = str(template.resolve(destination, dict(refs), path))
    action = "sqs:SendMessage" if ":sqs:" in arn else "sns:Publish" if ":sns:" in arn else None
    if action is None:
        raise UnsupportedPolicy(f"destination {arn}: only SQS and SNS destinations are emulated")
    return {"Statement": [{"Effect": "Allow", "Action": action, "Resource": arn}]}


IMPLICIT_BY_EVENT = {
    "DynamoDB": sam_policies.DYNAMODB_EVENT_SOURCE,
    "SQS": sam_policies.SQS_EVENT_SOURCE,
    "HttpApi": None,
    "Api": None,
    "Schedule": None,
    "ScheduleV2": None,
    "Cognito": None,
}
"""The managed policy SAM attaches for each kind of event (None: the event adds nothing to the role)."""


def _own_documents(function: str, props: dict[str, Any], refs: Mapping[str, Any], path: Path) -> list[tuple[str, Any]]:
    """The documents of the function's own `Policies` entries: inline documents, managed policies, templates."""
    documents: list[tuple[str, Any]] = []
    for entry in _as_list(props.get("Policies", [])):
        where = f"{function}.Policies"
        if isinstance(entry, str):
            documents.append((entry, _managed(entry, where)))
        elif isinstance(entry, dict) and "Statement" in entry:
            documents.append((where, template.resolve(entry, dict(refs), path)))
        elif isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in sam_policies.POLICY_TEMPLATES:
            ((name, parameters),) = entry.items()
            documents.append((name, _sam_template(name, parameters, refs, path)))
        else:
            raise UnsupportedPolicy(f"{where}: {entry!r} is not a policy document, managed policy or known template")
    return documents


def _function_properties(function: str, path: Path) -> dict[str, Any]:
    properties: dict[str, Any] = template.resources(template.FUNCTION_TYPE, path)[function].get("Properties") or {}
    return properties


def own_statements(function: str, refs: Mapping[str, Any], path: Path = template.TEMPLATE) -> list[Statement]:
    """The statements the template's author wrote for the function (its `Policies`), without what SAM adds."""
    props = _function_properties(function, path)
    return [
        s for where, document in _own_documents(function, props, refs, path) for s in statements_of(document, where)
    ]


def role_of(function: str, refs: Mapping[str, Any], path: Path = template.TEMPLATE) -> Role:
    """The function's role as SAM makes it, resolved against `refs` (see `emulated_refs`)."""
    loaded = template.load_template(path)
    globals_ = (loaded.get("Globals") or {}).get("Function") or {}
    props = _function_properties(function, path)
    documents: list[tuple[str, Any]] = [
        (sam_policies.BASIC_EXECUTION, _managed(sam_policies.BASIC_EXECUTION, function))
    ]
    if props.get("Tracing", globals_.get("Tracing")) == "Active":
        documents.append((sam_policies.XRAY_WRITE, _managed(sam_policies.XRAY_WRITE, function)))
    documents += _own_documents(function, props, refs, path)
    for name, event in (props.get("Events") or {}).items():
        kind = str(event.get("Type"))
        if kind not in IMPLICIT_BY_EVENT:
            raise UnsupportedPolicy(f"{function}.Events.{name}: what SAM adds for {kind} events is not emulated")
        managed = IMPLICIT_BY_EVENT[kind]
        if managed is not None:
            documents.append((managed, _managed(managed, function)))
        destinations = (event.get("Properties") or {}).get("DestinationConfig") or {}
        for target in destinations.values():
            documents.append((f"{name} destination", _destination_statement(target["Destination"], refs, path)))
    invoke = props.get("EventInvokeConfig") or {}
    for target in (invoke.get("DestinationConfig") or {}).values():
        documents.append(("EventInvokeConfig destination", _destination_statement(target["Destination"], refs, path)))
    statements = [statement for where, document in documents for statement in statements_of(document, where)]
    return Role(function, tuple(statements))


# --- The emulated account's names ----------------------------------------------------------------------------


def emulated_refs(
    table_names: Mapping[str, str], prefix: str = "", region: str = "us-east-1", path: Path = template.TEMPLATE
) -> dict[str, str]:
    """`!Ref` / `!GetAtt` values of the template's resources as the emulators name them: tables as
    `table_names` says, queues and topics `<prefix><logical id>` (devkit.messaging), the bus by its Name, rules
    by their logical id on their bus, keys and roles by logical id, schedule groups by their Name or else
    `<prefix><logical id>` (devkit.runtime_schedules makes them so)."""
    refs: dict[str, str] = {}
    base = f"{region}:{ACCOUNT}"
    for logical_id in template.resources("AWS::DynamoDB::Table", path):
        name = table_names.get(logical_id, logical_id)
        arn = f"arn:{PARTITION}:dynamodb:{base}:table/{name}"
        refs.update({logical_id: name, f"{logical_id}.Arn": arn, f"{logical_id}.StreamArn": f"{arn}/stream/*"})
    for logical_id in template.resources("AWS::SQS::Queue", path):
        name = prefix + logical_id
        refs.update(
            {
                logical_id: f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}",
                f"{logical_id}.Arn": f"arn:{PARTITION}:sqs:{base}:{name}",
                f"{logical_id}.QueueName": name,
            }
        )
    for logical_id in template.resources("AWS::SNS::Topic", path):
        arn = f"arn:{PARTITION}:sns:{base}:{prefix}{logical_id}"
        refs.update({logical_id: arn, f"{logical_id}.TopicArn": arn, f"{logical_id}.TopicName": prefix + logical_id})
    for logical_id in template.resources("AWS::KMS::Key", path):
        refs.update({logical_id: logical_id, f"{logical_id}.Arn": f"arn:{PARTITION}:kms:{base}:key/{logical_id}"})
    for logical_id in template.resources("AWS::IAM::Role", path):
        refs.update({logical_id: logical_id, f"{logical_id}.Arn": f"arn:{PARTITION}:iam::{ACCOUNT}:role/{logical_id}"})
    for logical_id, resource in template.resources("AWS::Events::EventBus", path).items():
        name = str(template.resolve((resource.get("Properties") or {})["Name"], refs, path))
        refs.update({logical_id: name, f"{logical_id}.Name": name, f"{logical_id}.Arn": bus_arn(region, name)})
    for logical_id, resource in template.resources("AWS::Events::Rule", path).items():
        bus = template.resolve((resource.get("Properties") or {}).get("EventBusName", "default"), refs, path)
        refs[f"{logical_id}.Arn"] = rule_arn(region, bus, logical_id)
    for logical_id, resource in template.resources("AWS::Scheduler::ScheduleGroup", path).items():
        name = str((resource.get("Properties") or {}).get("Name") or prefix + logical_id)
        refs.update({logical_id: name, f"{logical_id}.Arn": f"arn:{PARTITION}:scheduler:{base}:schedule-group/{name}"})
    return refs


# --- The check -------------------------------------------------------------------------------------------------


class IamCheck:
    """The interceptor: each call a function makes is allowed by its role or refused and recorded."""

    def __init__(
        self,
        refs: Mapping[str, Any],
        path: Path = template.TEMPLATE,
        on_denial: Callable[[Denial], None] | None = None,
    ) -> None:
        self._refs = dict(refs)
        self._path = path
        self._on_denial = on_denial
        self._roles: dict[str, Role] = {}
        self._lock = threading.Lock()
        self._denials: list[Denial] = []

    def role(self, function: str) -> Role:
        if function not in self._roles:
            self._roles[function] = role_of(function, self._refs, self._path)
        return self._roles[function]

    def intercept(self, call: Call, send: Send) -> Any:
        if call.function is None:
            return send()
        denial = self.check(call.function, call)
        if denial is not None:
            self._record(denial)
            code = REFUSAL_CODES.get(call.service, "AccessDeniedException")
            raise call.refusal(code, self._message(denial))
        return send()

    def check(self, function: str, call: Call) -> Denial | None:
        """The first authorization of `call` that the function's role denies, or None."""
        try:
            needed = authorizations(call)
        except Untranslatable as exc:
            return Denial(function, str(exc), "?", "no IAM translation for this call: add one to devkit/iam.py")
        except (KeyError, TypeError, ValueError) as exc:
            return Denial(function, f"{call.service}:{call.operation}", "?", f"unreadable request: {exc!r}")
        try:
            role = self.role(function)
        except KeyError:
            return Denial(function, f"{call.service}:{call.operation}", "?", "no such function in the template")
        for authorization in needed:
            if not role.allows(authorization):
                return Denial(function, authorization.action, authorization.resource)
        return None

    def _message(self, denial: Denial) -> str:
        return (
            f"User: {self.role(denial.function).principal} is not authorized to perform: {denial.action} on "
            f"resource: {denial.resource} because no identity-based policy allows the {denial.action} action"
        )

    def _record(self, denial: Denial) -> None:
        with self._lock:
            self._denials.append(denial)
        if self._on_denial is not None:
            self._on_denial(denial)

    def take(self) -> list[Denial]:
        """The denials recorded since the last call (and forget them)."""
        with self._lock:
            taken, self._denials = self._denials, []
        return taken


def describe(denials: Iterable[Denial]) -> str:
    """One line per distinct denial, in the order first met, with how often it happened."""
    counted: dict[Denial, int] = {}
    for denial in denials:
        counted[denial] = counted.get(denial, 0) + 1
    return "\n".join(f"  {d.describe()}" + (f" x{n}" if n > 1 else "") for d, n in counted.items())
