"""API Gateway HTTP API (payload 2.0) events, shaped like `sam local generate-event apigateway http-api-proxy`.

The tests and the local gateway both build their events here, so handlers only ever see what API Gateway
would hand them: lower-cased headers, comma-joined repeated query values, JWT claims as strings (array claims
such as `cognito:groups` flattened to "[A B]").
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl


def flatten_claims(claims: dict[str, Any]) -> dict[str, str]:
    """HTTP API hands every claim over as a string; arrays become "[a b]"."""
    flat: dict[str, str] = {}
    for name, value in claims.items():
        if isinstance(value, (list, tuple)):
            flat[name] = "[" + " ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = str(value)
    return flat


def _parameter(found: re.Match[str]) -> str:
    """A path variable as a named group: {name} is one segment, a greedy {name+} the rest of the path."""
    name, greedy = found.group(1), found.group(2)
    return f"(?P<{name}>.+)" if greedy else f"(?P<{name}>[^/]+)"


def match_route(route_path: str, path: str) -> dict[str, str] | None:
    """Path parameters when `path` matches a template route like /tasks/{taskId} or /console/{proxy+}, else None."""
    pattern = "^" + re.sub(r"\\\{(\w+)(\\\+)?\\\}", _parameter, re.escape(route_path)) + "$"
    found = re.match(pattern, path)
    return found.groupdict() if found else None


def http_api_event(
    method: str,
    path: str,
    *,
    route: str | None = None,
    body: str | bytes | dict[str, Any] | list[Any] | None = None,
    headers: dict[str, str] | None = None,
    query: str = "",
    claims: dict[str, Any] | None = None,
    path_parameters: dict[str, str] | None = None,
    source_ip: str = "127.0.0.1",
    request_id: str | None = None,
) -> dict[str, Any]:
    """One HTTP API 2.0 event. `route` is the template's path (e.g. /tasks/{taskId}); it defaults to `path`."""
    route = route or path
    if path_parameters is None:
        path_parameters = match_route(route, path) or {}
    raw_body: str | None
    is_base64 = False
    if body is None:
        raw_body = None
    elif isinstance(body, (dict, list)):
        raw_body = json.dumps(body)
    elif isinstance(body, bytes):
        raw_body = base64.b64encode(body).decode("ascii")
        is_base64 = True
    else:
        raw_body = body
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    if raw_body is not None:
        lowered.setdefault("content-type", "application/json")
    lowered.setdefault("user-agent", "devkit")
    pairs = parse_qsl(query, keep_blank_values=True)
    query_parameters: dict[str, str] = {}
    for name, value in pairs:
        query_parameters[name] = f"{query_parameters[name]},{value}" if name in query_parameters else value
    now = time.time()
    request_id = request_id or str(uuid.uuid4())
    context: dict[str, Any] = {
        "accountId": "123456789012",
        "apiId": "local",
        "domainName": "localhost",
        "domainPrefix": "localhost",
        "http": {
            "method": method.upper(),
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": lowered["user-agent"],
        },
        "requestId": request_id,
        "routeKey": f"{method.upper()} {route}",
        "stage": "$default",
        "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "timeEpoch": int(now * 1000),
    }
    if claims is not None:
        context["authorizer"] = {"jwt": {"claims": flatten_claims(claims), "scopes": None}}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": f"{method.upper()} {route}",
        "rawPath": path,
        "rawQueryString": query,
        "headers": lowered,
        "requestContext": context,
        "isBase64Encoded": is_base64,
    }
    if query_parameters:
        event["queryStringParameters"] = query_parameters
    if path_parameters:
        event["pathParameters"] = path_parameters
    if raw_body is not None:
        event["body"] = raw_body
    return event


class LambdaContext:
    """Enough of the Lambda context object for Powertools (request id, function name, remaining time)."""

    def __init__(self, function_name: str = "local", timeout_s: float = 15.0, memory_mb: int = 512) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}"
        self.memory_limit_in_mb = memory_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))
