"""Reads template.yaml so that tests and the local stack build exactly what the template declares.

Nothing here is deployed: it is the single reader of the template's definitions for everything that runs
outside AWS, so code and template cannot drift apart.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """A SafeLoader that reads CloudFormation short-form tags (!Ref, !Sub, !If...) as plain mappings."""


def _construct_tag(loader: _CfnLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


@cache
def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a CloudFormation template")
    return data


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    """The parsed template (a fresh copy: callers may change it freely)."""
    return copy.deepcopy(_load(path))


def resources(kind: str, path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """Resources of one type, by logical id."""
    return {
        logical_id: resource
        for logical_id, resource in load_template(path).get("Resources", {}).items()
        if resource.get("Type") == kind
    }


def table_logical_ids(path: Path = TEMPLATE) -> list[str]:
    return sorted(resources("AWS::DynamoDB::Table", path))


def create_table_requests(names: dict[str, str], path: Path = TEMPLATE) -> list[dict[str, Any]]:
    """`create_table` keyword arguments for every table, named by `names` (logical id -> table name).

    Only what DynamoDB's API takes at creation is kept; TTL is returned under the private key `_ttl` because
    it is a separate call (`update_time_to_live`).
    """
    requests = []
    for logical_id, resource in sorted(resources("AWS::DynamoDB::Table", path).items()):
        props = resource["Properties"]
        request: dict[str, Any] = {
            "TableName": names.get(logical_id, logical_id),
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if props.get("GlobalSecondaryIndexes"):
            request["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        stream = props.get("StreamSpecification")
        if stream:
            request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
        ttl = props.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            request["_ttl"] = ttl["AttributeName"]
        requests.append(request)
    return requests


def create_tables(client: Any, names: dict[str, str], path: Path = TEMPLATE) -> None:
    """Create every table of the template with a boto3 DynamoDB client (moto in tests and locally), streams
    included; moto's transactions are kept from slowing down as the streams grow (devkit.moto_streams)."""
    from devkit import moto_streams

    moto_streams.install()
    for request in create_table_requests(names, path):
        ttl_attribute = request.pop("_ttl", None)
        client.create_table(**request)
        if ttl_attribute:
            client.update_time_to_live(
                TableName=request["TableName"],
                TimeToLiveSpecification={"AttributeName": ttl_attribute, "Enabled": True},
            )


# --- Intrinsic functions -------------------------------------------------------------------------------------
# The local stack needs a few template values (environment variables, pool settings) with their !Ref / !Sub /
# !If resolved the way CloudFormation would for a default deployment. Only what can be known locally is
# resolved; anything else (GetAtt of a deployed resource, imports) raises `Unresolvable`, and the caller decides
# what a sensible local value is.

PSEUDO_PARAMETERS = {
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::Partition": "aws",
    "AWS::StackName": "taskexec-local",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::NoValue": None,
}


class Unresolvable(ValueError):
    """A template value that only exists in a deployed stack (GetAtt, ImportValue, an unknown Ref...)."""


def parameter_defaults(path: Path = TEMPLATE) -> dict[str, Any]:
    """Template parameters at their defaults: what a plain `sam deploy` without overrides would use."""
    return {
        name: spec.get("Default")
        for name, spec in load_template(path).get("Parameters", {}).items()
        if "Default" in spec
    }


def resolve(value: Any, refs: dict[str, Any], path: Path = TEMPLATE) -> Any:
    """`value` with Ref, GetAtt, Sub, If, Equals, Not, And, Or, Join, Select resolved against `refs` (parameters,
    pseudo parameters and whatever resource names the caller knows, e.g. local table names; a GetAtt is looked
    up as "LogicalId.Attribute")."""
    context = {**PSEUDO_PARAMETERS, **parameter_defaults(path), **refs}
    conditions = load_template(path).get("Conditions", {})
    return _resolve(value, context, conditions)


def _resolve(value: Any, context: dict[str, Any], conditions: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_resolve(item, context, conditions) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) != 1:
        return {key: _resolve(item, context, conditions) for key, item in value.items()}
    ((name, arg),) = value.items()
    if name == "Ref":
        if arg not in context:
            raise Unresolvable(f"!Ref {arg}")
        return context[arg]
    if name == "Condition":
        return _condition(arg, context, conditions)
    if name == "Fn::GetAtt":
        attribute = ".".join(str(part) for part in arg)  # callers know local attributes as "Logical.Attr"
        if attribute not in context:
            raise Unresolvable(f"!GetAtt {attribute}")
        return context[attribute]
    if name == "Fn::If":
        condition, if_true, if_false = arg
        return _resolve(if_true if _condition(condition, context, conditions) else if_false, context, conditions)
    if name == "Fn::Equals":
        left, right = (_resolve(item, context, conditions) for item in arg)
        return str(left) == str(right)
    if name == "Fn::Not":
        return not _resolve(arg[0], context, conditions)
    if name == "Fn::And":
        return all(_resolve(item, context, conditions) for item in arg)
    if name == "Fn::Or":
        return any(_resolve(item, context, conditions) for item in arg)
    if name == "Fn::Join":
        separator, items = arg
        return str(separator).join(str(item) for item in _resolve(items, context, conditions))
    if name == "Fn::Select":
        index, items = arg
        return _resolve(items, context, conditions)[int(_resolve(index, context, conditions))]
    if name == "Fn::Sub":
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
        scope = {**context, **{key: _resolve(item, context, conditions) for key, item in variables.items()}}

        def substitute(found: re.Match[str]) -> str:
            key = found.group(1)
            if key.startswith("!"):
                return "${" + key[1:] + "}"
            if key not in scope:
                raise Unresolvable(f"${{{key}}} in !Sub")
            return str(scope[key])

        return re.sub(r"\$\{([^}]+)\}", substitute, text)
    if name.startswith("Fn::"):
        raise Unresolvable(name)
    return {name: _resolve(arg, context, conditions)}


def _condition(name: str, context: dict[str, Any], conditions: dict[str, Any]) -> bool:
    if name not in conditions:
        raise Unresolvable(f"condition {name}")
    return bool(_resolve(conditions[name], context, conditions))


def resolve_properties(properties: dict[str, Any], refs: dict[str, Any], path: Path = TEMPLATE) -> dict[str, Any]:
    """Each property resolved; properties that cannot be known locally, or resolve to AWS::NoValue, are left
    out (a local emulator is better off with the service default than with a made-up value)."""
    resolved: dict[str, Any] = {}
    for key, item in properties.items():
        try:
            value = resolve(item, refs, path)
        except Unresolvable:
            continue
        if value is not None:
            resolved[key] = value
    return resolved


# --- Functions, routes, schedules, environment -----------------------------------------------------------

FUNCTION_TYPE = "AWS::Serverless::Function"
DEFAULT_HANDLER = "app.lambda_handler"


@dataclass(frozen=True)
class FunctionSpec:
    """Where a function's code lives and how it runs, with the template's Globals applied."""

    logical_id: str
    code_dir: Path
    handler: str
    timeout_s: float
    memory_mb: int
    environment: dict[str, Any]


@dataclass(frozen=True)
class Route:
    """One HttpApi event: `METHOD /path` (method may be ANY) served by a function."""

    method: str
    path: str
    function: FunctionSpec
    authorized: bool


@dataclass(frozen=True)
class Schedule:
    """A Schedule/ScheduleV2 event: the function, its period in seconds and the event it receives."""

    function: FunctionSpec
    expression: str
    period_s: float
    input: dict[str, Any] | None


def _function_globals(template: dict[str, Any]) -> dict[str, Any]:
    return (template.get("Globals") or {}).get("Function") or {}


def functions(path: Path = TEMPLATE) -> dict[str, FunctionSpec]:
    """Every AWS::Serverless::Function, by logical id, its properties merged over Globals.Function."""
    template = load_template(path)
    glob = _function_globals(template)
    specs: dict[str, FunctionSpec] = {}
    for logical_id, resource in resources(FUNCTION_TYPE, path).items():
        props = resource.get("Properties") or {}
        code_uri = props.get("CodeUri", glob.get("CodeUri", "."))
        if not isinstance(code_uri, str):
            raise Unresolvable(f"{logical_id}: CodeUri must be a local directory")
        env = dict(((glob.get("Environment") or {}).get("Variables")) or {})
        env.update(((props.get("Environment") or {}).get("Variables")) or {})
        specs[logical_id] = FunctionSpec(
            logical_id=logical_id,
            code_dir=(path.parent / code_uri).resolve(),
            handler=str(props.get("Handler", glob.get("Handler", DEFAULT_HANDLER))),
            timeout_s=float(props.get("Timeout", glob.get("Timeout", 3))),
            memory_mb=int(props.get("MemorySize", glob.get("MemorySize", 128))),
            environment=env,
        )
    return specs


def _default_authorizer(path: Path) -> str | None:
    for api in resources("AWS::Serverless::HttpApi", path).values():
        authorizer = ((api.get("Properties") or {}).get("Auth") or {}).get("DefaultAuthorizer")
        if authorizer:
            return str(authorizer)
    return None


def http_api_routes(path: Path = TEMPLATE) -> list[Route]:
    """The HttpApi events of every function. A route is authorized unless its event says `Authorizer: NONE`
    or no authorizer applies to it at all (neither its own nor the API's default)."""
    specs = functions(path)
    default = _default_authorizer(path)
    routes: list[Route] = []
    for logical_id, resource in sorted(resources(FUNCTION_TYPE, path).items()):
        for event in ((resource.get("Properties") or {}).get("Events") or {}).values():
            if event.get("Type") != "HttpApi":
                continue
            props = event.get("Properties") or {}
            authorizer = (props.get("Auth") or {}).get("Authorizer", default)
            routes.append(
                Route(
                    method=str(props.get("Method", "ANY")).upper(),
                    path=str(props.get("Path", "/{proxy+}")),
                    function=specs[logical_id],
                    authorized=bool(authorizer) and authorizer != "NONE",
                )
            )
    return routes


_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def parse_rate(expression: str) -> float:
    """Seconds between runs of an EventBridge `rate(N unit)` expression; cron() is not emulated."""
    found = _RATE.match(expression.strip())
    if not found:
        raise ValueError(f"not a rate expression: {expression!r}")
    count, unit = int(found.group(1)), found.group(2).rstrip("s")
    if count < 1:
        raise ValueError(f"rate must be at least 1: {expression!r}")
    return float(count * _UNIT_SECONDS[unit])


def schedules(path: Path = TEMPLATE) -> list[Schedule]:
    """Every Schedule / ScheduleV2 event with a rate() expression (enabled ones only)."""
    specs = functions(path)
    found: list[Schedule] = []
    for logical_id, resource in sorted(resources(FUNCTION_TYPE, path).items()):
        for event in ((resource.get("Properties") or {}).get("Events") or {}).values():
            if event.get("Type") not in ("Schedule", "ScheduleV2"):
                continue
            props = event.get("Properties") or {}
            if props.get("Enabled") is False or props.get("State") == "DISABLED":
                continue
            expression = str(props.get("Schedule") or props.get("ScheduleExpression") or "")
            raw_input = props.get("Input")
            found.append(
                Schedule(
                    function=specs[logical_id],
                    expression=expression,
                    period_s=parse_rate(expression),
                    input=json.loads(raw_input) if isinstance(raw_input, str) else None,
                )
            )
    return found


def function_environment(
    table_names: dict[str, str], fallbacks: dict[str, str], path: Path = TEMPLATE
) -> dict[str, str]:
    """The environment the template gives its functions (Globals, then each function's own variables), with
    !Ref of a table resolved to its local name. A value that cannot be resolved locally takes `fallbacks`'
    value for that variable, else the empty string.

    All functions share one local process, so their variables are merged into one environment."""
    variables = dict(((_function_globals(load_template(path)).get("Environment") or {}).get("Variables")) or {})
    for spec in functions(path).values():
        variables.update(spec.environment)
    env: dict[str, str] = {}
    for name, value in variables.items():
        try:
            resolved = resolve(value, dict(table_names), path)
        except Unresolvable:
            resolved = fallbacks.get(name, "")
        env[name] = "" if resolved is None else str(resolved)
    return env


# --- Event source mappings, queues, buses ------------------------------------------------------------------

STREAM_EVENT = "DynamoDB"
QUEUE_EVENT = "SQS"


@dataclass(frozen=True)
class EventSource:
    """A DynamoDB (stream) or SQS event of a function: what Lambda's event source mapping would poll, how it
    batches, and what it does with failures. Sources and destinations are logical ids (a table, a queue), so the
    local stack can map them to whatever it created. Defaults are Lambda's."""

    function: FunctionSpec
    name: str
    kind: str
    source: str
    batch_size: int
    batching_window_s: float
    starting_position: str
    maximum_retry_attempts: int
    """-1: retry until the records expire (Lambda's default for streams)."""
    bisect_on_error: bool
    on_failure: str | None
    report_batch_item_failures: bool
    enabled: bool
    filters: tuple[str, ...] = ()
    """FilterCriteria's patterns (JSON text): a record is delivered when any matches; none means every record."""


def _logical_id(value: Any, attribute: str, where: str) -> str:
    """The resource a `!GetAtt X.<attribute>` (or `!Ref X` for a queue URL) points at."""
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        parts = target.split(".", 1) if isinstance(target, str) else [str(part) for part in target]
        if len(parts) == 2 and parts[1] == attribute:
            return parts[0]
    raise Unresolvable(f"{where}: expected !GetAtt <resource>.{attribute}, got {value!r}")


def event_sources(path: Path = TEMPLATE) -> list[EventSource]:
    """Every enabled-or-not DynamoDB and SQS event of every function, in a stable order."""
    specs = functions(path)
    found: list[EventSource] = []
    for logical_id, resource in sorted(resources(FUNCTION_TYPE, path).items()):
        for name, event in sorted(((resource.get("Properties") or {}).get("Events") or {}).items()):
            kind = event.get("Type")
            if kind not in (STREAM_EVENT, QUEUE_EVENT):
                continue
            props = event.get("Properties") or {}
            where = f"{logical_id}.Events.{name}"
            stream = kind == STREAM_EVENT
            source = _logical_id(
                props.get("Stream") if stream else props.get("Queue"), "StreamArn" if stream else "Arn", where
            )
            destination = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
            found.append(
                EventSource(
                    function=specs[logical_id],
                    name=name,
                    kind=kind,
                    source=source,
                    batch_size=int(props.get("BatchSize", 100 if stream else 10)),
                    batching_window_s=float(props.get("MaximumBatchingWindowInSeconds", 0)),
                    starting_position=str(props.get("StartingPosition", "LATEST")),
                    maximum_retry_attempts=int(props.get("MaximumRetryAttempts", -1)),
                    bisect_on_error=bool(props.get("BisectBatchOnFunctionError", False)),
                    on_failure=_logical_id(destination, "Arn", where) if destination is not None else None,
                    report_batch_item_failures="ReportBatchItemFailures" in (props.get("FunctionResponseTypes") or []),
                    enabled=props.get("Enabled", True) is not False,
                    filters=tuple(
                        str(f["Pattern"]) for f in ((props.get("FilterCriteria") or {}).get("Filters") or [])
                    ),
                )
            )
    return found


def queues(path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """AWS::SQS::Queue properties by logical id, dead-letter queues (those others redrive to) first, so each
    can be created before the queue that names it."""
    found = {logical_id: res.get("Properties") or {} for logical_id, res in resources("AWS::SQS::Queue", path).items()}
    targets = {
        _logical_id(props["RedrivePolicy"]["deadLetterTargetArn"], "Arn", logical_id)
        for logical_id, props in found.items()
        if props.get("RedrivePolicy")
    }
    return dict(sorted(found.items(), key=lambda item: (item[0] not in targets, item[0])))


# --- Cognito -----------------------------------------------------------------------------------------------


def single_resource(kind: str, path: Path = TEMPLATE) -> tuple[str, dict[str, Any]]:
    """The one resource of a type (logical id, properties); a clear error when there is none or several."""
    found = resources(kind, path)
    if len(found) != 1:
        raise LookupError(f"template.yaml declares {len(found)} {kind} resources; the local stack needs exactly 1")
    ((logical_id, resource),) = found.items()
    return logical_id, resource.get("Properties") or {}


def user_pool_groups(path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """AWS::Cognito::UserPoolGroup properties, by logical id."""
    return {
        logical_id: resource.get("Properties") or {}
        for logical_id, resource in resources("AWS::Cognito::UserPoolGroup", path).items()
    }
