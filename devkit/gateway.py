"""A local stand-in for API Gateway HTTP API: template routes, the JWT authorizer, payload 2.0 events.

It does what API Gateway does between a caller and a handler and nothing more: match the route (404
`{"message": "Not Found"}` otherwise), run the JWT authorizer (401 `{"message": "Unauthorized"}`), build the
HTTP API 2.0 event with the verified claims (`devkit.events.http_api_event`), invoke the handler in process and
turn its answer into the HTTP response. Routes come from template.yaml's HttpApi events, so a route exists
locally exactly when it exists in the deployed API. Beside the routes it answers what AWS serves elsewhere:
Swagger UI at /docs, and the user pool's API for the console's page at /cognito-idp/ (devkit.cognito_proxy).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import queue
import re
import sys
import threading
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from devkit import cognito_proxy, isolation, swagger_ui, template
from devkit.events import LambdaContext, http_api_event, match_route
from devkit.handlers import import_file, running_as_function
from devkit.jwt_verify import JwtVerifier, Unauthorized

log = logging.getLogger("devkit.gateway")

UNAUTHORIZED = {"message": "Unauthorized"}
NOT_FOUND = {"message": "Not Found"}
INTERNAL_ERROR = {"message": "Internal Server Error"}
"""API Gateway's own bodies, word for word: callers (and tests) may rely on them."""

MAX_ENVIRONMENTS = 4
MAX_BODY_BYTES = int(os.environ.get("MAX_BODY_BYTES", str(256 * 1024)))
"""The service's own body limit (the same variable taskexec.config reads): larger bodies are refused unread."""
BACKLOG = 128
"""Pending connections the listening socket holds: a burst of clients queues instead of being reset."""
"""Execution environments per function (Lambda's concurrency, scaled down to a laptop)."""

_TEXT_TYPES = re.compile(r"^(text/|application/(json|.*\+json|xml|.*\+xml|x-www-form-urlencoded|javascript))")

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: list[str] = field(default_factory=list)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, {"content-type": "application/json", **(headers or {})}, json.dumps(body).encode())


class FunctionRuntime:
    """Lambda's execution environments for one function, emulated in this process.

    Lambda never runs two invocations in one environment at a time, and handlers rely on it (the resolver is a
    module-level object). So each environment is its own import of the function's module (every function's file
    is app.py, hence a unique module name per function and environment), used by one request at a time; a new one
    is made, up to MAX_ENVIRONMENTS, when all are busy. What Powertools keeps on a class rather than a module is
    per thread (devkit.isolation), as one process per environment makes it on AWS.
    """

    def __init__(self, spec: template.FunctionSpec, max_environments: int = MAX_ENVIRONMENTS) -> None:
        isolation.isolate_invocation_state()
        self.spec = spec
        self._idle: queue.LifoQueue[Handler] = queue.LifoQueue()
        self._created = 0
        self._max = max_environments
        self._lock = threading.Lock()

    def _load(self) -> Handler:
        module_name, _, attribute = self.spec.handler.rpartition(".")
        source = self.spec.code_dir / (module_name.replace(".", "/") + ".py")
        # Helper modules beside app.py are importable, as in the Lambda package.
        if str(self.spec.code_dir) not in sys.path:
            sys.path.append(str(self.spec.code_dir))
        module = import_file(f"devkit_fn_{self.spec.logical_id}_{self._created}", source)
        return running_as_function(self.spec.logical_id, getattr(module, attribute))

    def _acquire(self) -> Handler:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._created < self._max:
                handler = self._load()
                self._created += 1
                return handler
        return self._idle.get()

    def invoke(self, event: dict[str, Any]) -> Any:
        handler = self._acquire()
        try:
            context = LambdaContext(self.spec.logical_id, self.spec.timeout_s, self.spec.memory_mb)
            return handler(event, context)
        finally:
            self._idle.put(handler)


def _route_order(route: template.Route) -> tuple[int, int, int]:
    """API Gateway prefers the most specific route: no greedy variable ({proxy+}) first, then fewer path
    variables, then an exact method."""
    return route.path.count("+}"), route.path.count("{"), 1 if route.method == "ANY" else 0


class Gateway:
    """Route, authorize, invoke: one HTTP request in, one HTTP response out (no sockets: testable as is)."""

    def __init__(
        self,
        routes: list[template.Route],
        verifier: JwtVerifier | None,
        openapi: Callable[[], dict[str, Any]] | None = None,
        runtimes: dict[str, FunctionRuntime] | None = None,
        cognito: cognito_proxy.CognitoProxy | None = None,
    ) -> None:
        self.routes = sorted(routes, key=_route_order)
        self.verifier = verifier
        self.openapi = openapi
        self.cognito = cognito
        self.runtimes = runtimes if runtimes is not None else {}
        for route in routes:
            self.runtimes.setdefault(route.function.logical_id, FunctionRuntime(route.function))

    def match(self, method: str, path: str) -> tuple[template.Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method not in ("ANY", method.upper()):
                continue
            parameters = match_route(route.path, path)
            if parameters is not None:
                return route, parameters
        return None

    def authorize(self, headers: dict[str, str]) -> dict[str, Any]:
        """The verified claims of the bearer token in the Authorization header (`Bearer ` prefix optional)."""
        if self.verifier is None:
            raise Unauthorized("no authorizer configured")
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), "").strip()
        token = value[7:].strip() if value[:7].lower() == "bearer " else value
        if not token:
            raise Unauthorized("no token")
        return self.verifier.verify(token)

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Response:
        url = urlsplit(target)
        path = url.path or "/"
        request_id = str(uuid.uuid4())
        if method.upper() == "GET" and path == "/openapi.json" and self.openapi and not self.match(method, path):
            return json_response(200, self.openapi())
        if method.upper() == "GET" and swagger_ui.is_docs_path(path) and self.openapi and not self.match(method, path):
            return self._docs(path, headers, self.openapi)
        if path == cognito_proxy.PATH and self.cognito is not None and not self.match(method, path):
            # The user pool's API for the console's page (devkit.cognito_proxy): not a route of the API.
            return Response(*self.cognito.handle(method, headers, body))
        found = self.match(method, path)
        if found is None:
            return json_response(404, NOT_FOUND, {"apigw-requestid": request_id})
        route, parameters = found
        claims: dict[str, Any] | None = None
        if route.authorized:
            try:
                claims = self.authorize(headers)
            except Unauthorized as exc:
                log.info("401 %s %s: %s", method, path, exc)
                return json_response(
                    401,
                    UNAUTHORIZED,
                    {
                        "apigw-requestid": request_id,
                        "www-authenticate": f'Bearer error="invalid_token" error_description="{exc}"',
                    },
                )
        event = http_api_event(
            method,
            path,
            route=route.path,
            body=self._event_body(headers, body),
            headers=self._event_headers(headers),
            query=url.query,
            claims=claims,
            path_parameters=parameters,
            request_id=request_id,
        )
        if route.method == "ANY":  # API Gateway names the route as declared, not as called
            event["routeKey"] = event["requestContext"]["routeKey"] = f"ANY {route.path}"
        cookies = [c.strip() for h, v in headers.items() if h.lower() == "cookie" for c in v.split(";") if c.strip()]
        if cookies:
            event["cookies"] = cookies
        try:
            result = self.runtimes[route.function.logical_id].invoke(event)
        except Exception:
            # What API Gateway answers when the function fails; the traceback goes to the local log only.
            log.error("%s failed on %s %s:\n%s", route.function.logical_id, method, path, traceback.format_exc())
            return json_response(500, INTERNAL_ERROR, {"apigw-requestid": request_id})
        return self._http_response(result, request_id)

    @staticmethod
    def _docs(path: str, headers: dict[str, str], openapi: Callable[[], dict[str, Any]]) -> Response:
        """Swagger UI (devkit.swagger_ui): not a route of the API, served by the local gateway only."""
        status, answer_headers, body = swagger_ui.respond(path, headers, openapi)
        return Response(status, answer_headers, body)

    @staticmethod
    def _event_headers(headers: dict[str, str]) -> dict[str, str]:
        """Lower-cased, repeated headers comma-joined, cookies moved to `cookies` (as API Gateway does)."""
        merged: dict[str, str] = {}
        for name, value in headers.items():
            key = name.lower()
            if key == "cookie":
                continue
            merged[key] = f"{merged[key]},{value}" if key in merged else value
        return merged

    @staticmethod
    def _event_body(headers: dict[str, str], body: bytes) -> str | bytes | None:
        """Text bodies as text; anything else as bytes (http_api_event base64-encodes them)."""
        if not body:
            return None
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "application/json")
        if _TEXT_TYPES.match(content_type.strip().lower()):
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                return body
        return body

    @staticmethod
    def _http_response(result: Any, request_id: str) -> Response:
        """Payload format 2.0: a dict with statusCode is taken as is; anything else is a 200 JSON body."""
        if not (isinstance(result, dict) and "statusCode" in result):
            return json_response(200, result, {"apigw-requestid": request_id})
        headers = {str(k).lower(): str(v) for k, v in (result.get("headers") or {}).items()}
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers[str(name).lower()] = ",".join(str(v) for v in values)
        headers["apigw-requestid"] = request_id
        raw = result.get("body")
        if raw is None:
            body = b""
        elif result.get("isBase64Encoded"):
            body = base64.b64decode(raw)
        else:
            body = raw.encode("utf-8") if isinstance(raw, str) else json.dumps(raw).encode("utf-8")
        return Response(int(result["statusCode"]), headers, body, [str(c) for c in result.get("cookies") or []])


class _RequestHandler(BaseHTTPRequestHandler):
    """Socket side of the gateway: reads the request, hands it to `Gateway.handle`, writes the answer."""

    server: GatewayServer
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        refusal = _refuse_length(self.headers.get("content-length"))
        if refusal is not None:
            # The body is never read, so the connection is closed after the answer rather than drained.
            self._send(refusal, close=True)
            return
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            headers[name] = f"{headers[name]},{value}" if name in headers else value
        self._send(self.server.gateway.handle(self.command, self.path, headers, body))

    def _send(self, response: Response, close: bool = False) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        if close:
            self.send_header("connection", "close")  # http.server then closes the socket after this answer
        for cookie in response.cookies:
            self.send_header("set-cookie", cookie)
        self.send_header("content-length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def __getattr__(self, name: str) -> Any:
        """Every method (do_GET, do_TRACE, do_ANYTHING) reaches the gateway, which answers like API Gateway
        (404 for a method no route has) rather than with http.server's own 501 page."""
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


def _refuse_length(header: str | None) -> Response | None:
    """The answer to a Content-Length the gateway will not read: 400 when it is no length, 413 over the limit.

    The 413 is the service's own (the contract's error shape), given before a byte of the body is read, so a
    caller cannot make the gateway buffer an arbitrary amount.
    """
    if header is None:
        return None
    if not header.strip().isdigit():
        return json_response(400, {"message": "Bad Request"})
    if int(header) <= MAX_BODY_BYTES:
        return None
    request_id = str(uuid.uuid4())
    error = {
        "code": "PAYLOAD_TOO_LARGE",
        "message": f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.",
        "suggestion": "Send a shorter message, or split a batch into several requests.",
        "requestId": request_id,
    }
    return json_response(413, {"error": error}, {"apigw-requestid": request_id})


class GatewayServer(ThreadingHTTPServer):
    """The gateway on a loopback port (0 picks a free one: see `port`)."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, gateway: Gateway, port: int, host: str = "127.0.0.1") -> None:
        self.gateway = gateway
        super().__init__((host, port), _RequestHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


def template_openapi(routes: list[template.Route], title: str = "Task execution service") -> dict[str, Any]:
    """A minimal OpenAPI document from the routes, for when docs/openapi.json has not been generated."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        operation: dict[str, Any] = {
            "operationId": f"{route.function.logical_id}:{route.method} {route.path}",
            "responses": {"default": {"description": "see the contract"}},
        }
        if route.authorized:
            operation["security"] = [{"cognito": []}]
        parameters = re.findall(r"\{([^}]+)\}", route.path)
        if parameters:
            operation["parameters"] = [
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in parameters
            ]
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "local"},
        "paths": paths,
        "components": {"securitySchemes": {"cognito": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }


def openapi_source(document: Path, routes: list[template.Route]) -> Callable[[], dict[str, Any]]:
    """GET /openapi.json: the generated document when present (read per request: it may be regenerated),
    else one made from the template's routes."""

    def load() -> dict[str, Any]:
        if document.is_file():
            loaded = json.loads(document.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                return loaded
        return template_openapi(routes)

    return load
