"""The local gateway against a stand-in function: routes from the template, API Gateway's own answers,
the HTTP API 2.0 event the handler gets, and the handler's answer turned back into HTTP."""

from __future__ import annotations

import base64
import json
import textwrap
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from devkit import template
from devkit.gateway import Gateway, GatewayServer, Response, template_openapi
from devkit.jwt_verify import JwtVerifier
from devkit.stack import scheduled_event
from tests.e2e import tokens

POOL = "us-east-1_gatewaytest"
CLIENT = "gatewayclient"
SUB = "5a1c0de0-aaaa-4bbb-8ccc-0123456789ab"

STAND_IN = """
import base64, json

def lambda_handler(event, context):
    path = event["rawPath"]
    if path == "/boom":
        raise RuntimeError("secret table name in a stack trace")
    if path == "/plain":
        return {"hello": "world"}
    if path == "/binary":
        return {"statusCode": 200, "isBase64Encoded": True, "headers": {"Content-Type": "image/png"},
                "body": base64.b64encode(b"\\x89PNG").decode(), "cookies": ["a=1; Path=/", "b=2"]}
    return {"statusCode": 201, "headers": {"X-Fn": context.function_name},
            "body": json.dumps({"event": event})}
"""

TEMPLATE = """
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    Handler: app.lambda_handler
    Timeout: 9
    Environment:
      Variables:
        USERS_TABLE: !Ref UsersTable
        STAGE_SEEN: !If [IsProd, production, !Sub "stage-${Stage}"]
        ARN_ONLY_IN_AWS: !GetAtt UsersTable.Arn
Resources:
  UsersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Environment:
        Variables:
          OWN: mine
      Events:
        One:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: "/tasks/{taskId}", Method: get}
        Comments:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: "/tasks/{taskId}/comments", Method: GET}
        Create:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: /tasks/new, Method: POST}
        Any:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: "/tasks/{taskId}", Method: ANY}
        Boom:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: /boom, Method: GET}
        Plain:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: /plain, Method: GET}
        Binary:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: /binary, Method: GET, Auth: {Authorizer: NONE}}
        Files:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: "/tasks/{proxy+}", Method: GET, Auth: {Authorizer: NONE}}
        Tick:
          Type: ScheduleV2
          Properties: {ScheduleExpression: rate(5 minutes), Input: '{"kind": "tick"}'}
        Off:
          Type: Schedule
          Properties: {Schedule: rate(1 minute), Enabled: false}
"""


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sam")
    (root / "fn").mkdir()
    (root / "fn" / "app.py").write_text(textwrap.dedent(STAND_IN), encoding="utf-8")
    path = root / "template.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def gateway(template_path: Path) -> Gateway:
    verifier = JwtVerifier(tokens.issuer_of(POOL), [CLIENT], tokens.moto_jwks)
    routes = template.http_api_routes(template_path)
    return Gateway(routes, verifier, lambda: template_openapi(routes))


def bearer(**overrides: Any) -> dict[str, str]:
    claims = tokens.claims_for(tokens.issuer_of(POOL), CLIENT, SUB, **overrides)
    return {"Authorization": "Bearer " + tokens.sign(claims)}


def body(response: Response) -> Any:
    return json.loads(response.body)


# --- the template ------------------------------------------------------------------------------------------


def test_routes_come_from_the_httpapi_events(template_path: Path) -> None:
    routes = {(r.method, r.path): r for r in template.http_api_routes(template_path)}
    assert set(routes) == {
        ("GET", "/tasks/{taskId}"),
        ("GET", "/tasks/{taskId}/comments"),
        ("POST", "/tasks/new"),
        ("ANY", "/tasks/{taskId}"),
        ("GET", "/boom"),
        ("GET", "/plain"),
        ("GET", "/binary"),
        ("GET", "/tasks/{proxy+}"),
    }
    assert routes[("GET", "/binary")].authorized is False
    assert routes[("GET", "/plain")].authorized is True
    function = routes[("GET", "/plain")].function
    assert function.code_dir == template_path.parent / "fn"
    assert function.handler == "app.lambda_handler"
    assert function.timeout_s == 9


def test_schedules_come_from_enabled_schedule_events(template_path: Path) -> None:
    (schedule,) = template.schedules(template_path)
    assert schedule.function.logical_id == "EchoFunction"
    assert schedule.period_s == 300
    assert schedule.input == {"kind": "tick"}


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [("rate(1 minute)", 60), ("rate(5 minutes)", 300), ("rate(2 hours)", 7200), ("rate(1 day)", 86400)],
)
def test_rate_expressions(expression: str, seconds: float) -> None:
    assert template.parse_rate(expression) == seconds


@pytest.mark.parametrize("expression", ["cron(0 12 * * ? *)", "rate(0 minutes)", "rate(5 fortnights)", ""])
def test_what_is_not_a_rate_is_refused(expression: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        template.parse_rate(expression)


def test_environment_resolves_tables_parameters_and_conditions(template_path: Path) -> None:
    env = template.function_environment({"UsersTable": "local-users"}, {"ARN_ONLY_IN_AWS": "n/a"}, template_path)
    assert env == {"USERS_TABLE": "local-users", "STAGE_SEEN": "stage-dev", "ARN_ONLY_IN_AWS": "n/a", "OWN": "mine"}


def test_the_real_template_declares_what_the_local_stack_needs() -> None:
    routes = {(r.method, r.path) for r in template.http_api_routes()}
    assert ("POST", "/ai/execute") in routes
    assert ("GET", "/tasks/{taskId}") in routes
    # Every route is behind the authorizer but the console's page and files.
    assert {(r.method, r.path) for r in template.http_api_routes() if not r.authorized} == {
        ("GET", "/console"),
        ("GET", "/console/{proxy+}"),
    }
    assert [s.period_s for s in template.schedules()] == [300]
    env = template.function_environment({t: f"local-{t}" for t in template.table_logical_ids()}, {})
    assert env["USERS_TABLE"] == "local-UsersTable"
    assert {g["GroupName"] for g in template.user_pool_groups().values()} == {
        "SUPER_ADMIN",
        "ADMIN",
        "IT_ADMIN",
        "USER",
    }


# --- what API Gateway answers itself -------------------------------------------------------------------------


def test_unknown_route_is_404_before_any_authorizer(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/nowhere", {}, b"")
    assert (response.status, body(response)) == (404, {"message": "Not Found"})
    assert gateway.handle("DELETE", "/plain", bearer(), b"").status == 404  # no such method on it


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not.a.jwt"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
)
def test_missing_or_unusable_token_is_401(gateway: Gateway, headers: dict[str, str]) -> None:
    response = gateway.handle("GET", "/tasks/t1", headers, b"")
    assert (response.status, body(response)) == (401, {"message": "Unauthorized"})


def test_expired_token_is_401(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/tasks/t1", bearer(exp=1, iat=0), b"")
    assert (response.status, body(response)) == (401, {"message": "Unauthorized"})
    assert "expired" in response.headers["www-authenticate"]


def test_a_failing_handler_is_apigateways_500_without_details(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/boom", bearer(), b"")
    assert (response.status, body(response)) == (500, {"message": "Internal Server Error"})


def test_openapi_is_served_without_a_token(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/openapi.json", {}, b"")
    assert response.status == 200
    assert "/tasks/{taskId}" in body(response)["paths"]


# --- the event the handler gets --------------------------------------------------------------------------------


def test_the_handler_gets_an_http_api_event_with_the_verified_claims(gateway: Gateway) -> None:
    headers = {**bearer(**{"cognito:groups": ["ADMIN", "USER"]}), "X-Trace": "a", "Cookie": "s=1; t=2"}
    response = gateway.handle("GET", "/tasks/t-42?status=TODO&status=DONE&limit=5", headers, b"")
    assert response.status == 201
    assert response.headers["x-fn"] == "EchoFunction"
    event = body(response)["event"]
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /tasks/{taskId}"  # the exact method wins over ANY
    assert event["rawPath"] == "/tasks/t-42"
    assert event["pathParameters"] == {"taskId": "t-42"}
    assert event["queryStringParameters"] == {"status": "TODO,DONE", "limit": "5"}
    assert event["headers"]["x-trace"] == "a"
    assert event["cookies"] == ["s=1", "t=2"]
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    assert claims["sub"] == SUB
    assert claims["cognito:groups"] == "[ADMIN USER]"  # as API Gateway flattens arrays
    assert all(isinstance(value, str) for value in claims.values())


def test_a_more_specific_route_wins(gateway: Gateway) -> None:
    event = body(gateway.handle("GET", "/tasks/t-1/comments", bearer(), b""))["event"]
    assert event["routeKey"] == "GET /tasks/{taskId}/comments"
    event = body(gateway.handle("PUT", "/tasks/t-1", bearer(), b""))["event"]
    assert event["routeKey"] == "ANY /tasks/{taskId}"


def test_a_greedy_route_takes_the_rest_of_the_path_and_only_what_no_other_route_matches(gateway: Gateway) -> None:
    event = body(gateway.handle("GET", "/tasks/assets/v1/app.js", {}, b""))["event"]
    assert event["routeKey"] == "GET /tasks/{proxy+}"
    assert event["pathParameters"] == {"proxy": "assets/v1/app.js"}
    assert "authorizer" not in event["requestContext"]
    event = body(gateway.handle("GET", "/tasks/t-1", bearer(), b""))["event"]
    assert event["routeKey"] == "GET /tasks/{taskId}"
    assert gateway.handle("GET", "/tasks/t-1", {}, b"").status == 401


def test_json_bodies_arrive_as_text_and_binary_as_base64(gateway: Gateway) -> None:
    text = body(gateway.handle("POST", "/tasks/new", {**bearer(), "Content-Type": "application/json"}, b'{"a":1}'))
    assert (text["event"]["body"], text["event"]["isBase64Encoded"]) == ('{"a":1}', False)
    raw = body(gateway.handle("POST", "/tasks/new", {**bearer(), "Content-Type": "image/png"}, b"\x89PNG"))
    assert raw["event"]["isBase64Encoded"] is True
    assert base64.b64decode(raw["event"]["body"]) == b"\x89PNG"


def test_an_unauthenticated_route_gets_no_authorizer_context(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/binary", {}, b"")
    assert response.status == 200


# --- the handler's answer ---------------------------------------------------------------------------------------


def test_a_result_without_status_code_is_a_200_json_body(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/plain", bearer(), b"")
    assert (response.status, body(response)) == (200, {"hello": "world"})


def test_base64_bodies_and_cookies_are_decoded_and_set(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/binary", {}, b"")
    assert response.body == b"\x89PNG"
    assert response.headers["content-type"] == "image/png"
    assert response.cookies == ["a=1; Path=/", "b=2"]


def test_over_a_real_socket(gateway: Gateway) -> None:
    import threading

    server = GatewayServer(gateway, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.port}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/tasks/t1", timeout=5)
        assert refused.value.code == 401
        assert json.loads(refused.value.read()) == {"message": "Unauthorized"}
        request = urllib.request.Request(f"{url}/tasks/new", data=b'{"x": 1}', method="POST", headers=bearer())
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 201
            assert json.loads(answer.read())["event"]["body"] == '{"x": 1}'
        with urllib.request.urlopen(f"{url}/binary", timeout=5) as answer:
            assert answer.read() == b"\x89PNG"
            assert answer.headers.get_all("set-cookie") == ["a=1; Path=/", "b=2"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_burst_of_connections_waits_in_the_backlog_instead_of_being_reset(gateway: Gateway) -> None:
    """128 clients connect while the server accepts nothing yet: each connection completes in the kernel's
    queue. With the socketserver default of 5 the sixth would hang (its SYN dropped) and time out here."""
    import socket

    server = GatewayServer(gateway, 0)
    clients: list[socket.socket] = []
    try:
        for n in range(128):
            try:
                clients.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
            except OSError as exc:
                pytest.fail(f"connection {n + 1} of 128 was not queued: {exc}")
    finally:
        for client in clients:
            client.close()
        server.server_close()


def test_a_body_over_the_limit_is_413_before_it_is_read(gateway: Gateway) -> None:
    """The request claims a body just over the limit and sends none: an answer (rather than a wait for bytes
    that never come) shows the gateway refused it unread, in the contract's error shape, and closed."""
    import socket
    import threading

    from devkit.gateway import MAX_BODY_BYTES

    server = GatewayServer(gateway, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
            client.sendall(
                f"POST /tasks/new HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
            )
            received = b""
            try:
                while chunk := client.recv(65536):
                    received += chunk
            except TimeoutError:
                pytest.fail("the gateway waited for the oversized body instead of refusing it")
        head, _, payload = received.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 413")
        assert b"connection: close" in head.lower()
        error = json.loads(payload)["error"]
        assert error["code"] == "PAYLOAD_TOO_LARGE"
        assert error["requestId"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize(("length", "status"), [("12x", 400), ("-1", 400)])
def test_a_content_length_that_is_no_length_is_400(gateway: Gateway, length: str, status: int) -> None:
    import socket
    import threading

    server = GatewayServer(gateway, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
            client.sendall(f"POST /tasks/new HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n".encode())
            assert client.recv(65536).startswith(f"HTTP/1.1 {status}".encode())
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_schedule_input_gets_the_scheduler_context_aws_fills_in() -> None:
    (rollup,) = [s for s in template.schedules() if s.function.logical_id == "MetricsRollupFunction"]
    at = datetime(2026, 11, 29, 19, 45, tzinfo=UTC)

    event = scheduled_event(rollup, at)

    assert "<aws.scheduler." not in json.dumps(event)
    assert datetime.fromisoformat(event["time"]) == at
