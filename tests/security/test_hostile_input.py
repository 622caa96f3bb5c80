"""Hostile input on every route: random JSON, wrong types, huge and odd strings, injection fragments, deep
nesting, oversized bodies. Whatever comes in, the answer is never a 5xx other than 503, every error is in the
contract's shape, and nothing internal (stack traces, exception text, table or library names, AWS messages)
comes out.

Bodies are generated from the route's own request model (its JSON schema, as the OpenAPI document shows it):
the right field names with hostile values, plus unknown fields and arbitrary JSON, so that examples reach the
validators and the code behind them, not only the JSON parser.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from taskexec.authorization import Role
from taskexec.schemas.admin import TaskStatusChange, UserChange
from taskexec.schemas.batch import BatchRequest
from taskexec.schemas.execute import ExecuteRequest
from tests.security.shape import assert_contract_error, assert_error_body, assert_no_leak
from tests.support.fixtures import Caller, Reply

Api = Callable[..., Reply]

INJECTIONS = [
    '{"$ne": 1}',
    "' OR 1=1 --",
    '"; DROP TABLE tasks; --',
    "<script>alert(1)</script>",
    "${jndi:ldap://127.0.0.1/a}",
    "{{7*7}}",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "#a = :b",
    "attribute_not_exists(id) OR #k <> :v",
    "SET openTasks = :n REMOVE assignPool",
    ":n0",
    "%s%s%s%n",
    "\x00\x01\x1b[31m",
    "\u202etxet.exe",
    "\ufeff\u200b",
    "\U0001d573\U0001d58a ll\u0307o \U0001f9e8",
    "null",
    "true",
    "-1e309",
    "2026-02-30",
    "9999-99-99T99:99:99Z",
]

hostile_text = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.builds(lambda s, n: s * n, st.sampled_from(["A", "é", "💥", "' OR 1=1 "]), st.integers(3000, 5000)),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
any_json = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(hostile_text, st.text(max_size=12)), inner, max_size=4)
    ),
    max_leaves=12,
)


def _from_schema(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """A value for `schema` that is often right in shape and hostile in content, or anything at all."""
    if "$ref" in schema:
        return _from_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, depth)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return st.one_of([_from_schema(option, defs, depth) for option in options])
    kind = schema.get("type")
    shaped: st.SearchStrategy[Any]
    if "enum" in schema:
        shaped = st.one_of(st.sampled_from(schema["enum"]), st.sampled_from([str(v).lower() for v in schema["enum"]]))
    elif kind == "object" and depth < 3:
        properties = schema.get("properties", {})
        names = list(properties)
        shaped = st.fixed_dictionaries(
            {},
            optional={
                **{name: _from_schema(properties[name], defs, depth + 1) for name in names},
                "extra": any_json,
            },
        )
    elif kind == "array" and depth < 3:
        item = _from_schema(schema.get("items", {}), defs, depth + 1)
        shaped = st.lists(item, max_size=int(schema.get("maxItems", 5)) + 2)
    elif kind == "string":
        shaped = hostile_text
    elif kind in ("integer", "number"):
        shaped = st.one_of(st.integers(-(2**64), 2**64), st.floats(allow_nan=False))
    elif kind == "boolean":
        shaped = st.booleans()
    else:
        shaped = any_json
    return st.one_of(shaped, shaped, shaped, any_json)  # mostly shaped, sometimes anything


def body_strategy(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    schema = model.model_json_schema()
    return _from_schema(schema, schema.get("$defs", {}))


EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "60"))
"""Per test; `HOSTILE_EXAMPLES=500 pytest tests/security` for a longer hunt."""
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    database=None,
)


def check(reply: Reply) -> None:
    """API Gateway hands the body over as text: callers pass `json.dumps(...)` for generated values."""
    assert reply.status < 500 or reply.status == 503, (reply.status, reply.body)
    if reply.status >= 400:
        assert_error_body(reply.status, reply.body)
        assert_no_leak(json.dumps(reply.body))
    for name, value in reply.headers.items():
        assert_no_leak(f"{name}: {value}")


@pytest.fixture
def admin(make_user: Callable[..., Caller]) -> Caller:
    make_user(Role.IT_ADMIN)  # someone to assign to
    return make_user(Role.SUPER_ADMIN)


@pytest.fixture
def task_id(api: Api, admin: Caller) -> str:
    reply = api("POST", "/ai/execute", admin, body={"task": {"category": "general", "title": "Order chairs"}})
    return str(reply.body["task"]["id"])


@hostile
@given(body=body_strategy(ExecuteRequest))
def test_execute_survives_hostile_bodies(api: Api, admin: Caller, body: Any) -> None:
    check(api("POST", "/ai/execute", admin, body=json.dumps(body)))


@hostile
@given(items=st.lists(body_strategy(ExecuteRequest), min_size=1, max_size=3), extra=body_strategy(BatchRequest))
def test_batch_survives_hostile_bodies(api: Api, admin: Caller, items: list[Any], extra: Any) -> None:
    reply = api("POST", "/ai/execute/batch", admin, body={"items": items})
    check(reply)
    if reply.status == 200:
        for result in reply.body["results"]:
            assert result["status"] < 500 or result["status"] == 503, result
            if result["status"] >= 400:
                assert_error_body(result["status"], result["body"])
                assert_no_leak(json.dumps(result["body"]))
    check(api("POST", "/ai/execute/batch", admin, body=json.dumps(extra)))


@hostile
@given(body=body_strategy(TaskStatusChange), path_id=hostile_text.filter(lambda s: s and "/" not in s))
def test_patch_survives_hostile_bodies_and_ids(api: Api, admin: Caller, task_id: str, body: Any, path_id: str) -> None:
    check(api("PATCH", f"/tasks/{task_id}", admin, body=json.dumps(body)))
    check(api("PATCH", f"/tasks/{path_id}", admin, body={"status": "DONE"}))


@hostile
@given(body=body_strategy(UserChange), path_id=hostile_text.filter(lambda s: s and "/" not in s))
def test_role_change_survives_hostile_bodies_and_ids(
    api: Api, admin: Caller, make_user: Callable[..., Caller], body: Any, path_id: str
) -> None:
    target = make_user(Role.USER)
    check(api("PUT", f"/users/{target.id}/role", admin, body=json.dumps(body)))
    check(api("PUT", f"/users/{path_id}/role", admin, body={"status": "ACTIVE"}))


query_value = st.one_of(hostile_text, st.sampled_from(["assigned", "created", "all", "TODO", "1", "100", "0", "-1"]))


@hostile
@given(
    params=st.dictionaries(
        st.sampled_from(["scope", "status", "limit", "nextToken", "window", "x"]), query_value, max_size=4
    ),
    path_id=hostile_text.filter(lambda s: s and "/" not in s),
)
def test_reads_survive_hostile_queries_and_ids(
    api: Api, admin: Caller, task_id: str, params: dict[str, str], path_id: str
) -> None:
    from urllib.parse import urlencode

    query = urlencode(params)
    check(api("GET", "/tasks", admin, query=query))
    check(api("GET", f"/tasks/{task_id}/comments", admin, query=query))
    check(api("GET", f"/tasks/{path_id}", admin))
    check(api("GET", f"/tasks/{path_id}/comments", admin))


@hostile
@given(key=hostile_text, raw=st.binary(max_size=200))
def test_hostile_headers_and_raw_bytes(api: Api, admin: Caller, key: str, raw: bytes) -> None:
    body = {"task": {"category": "general", "title": "t"}, "dryRun": True}
    check(api("POST", "/ai/execute", admin, body=body, headers={"Idempotency-Key": key}))
    check(api("POST", "/ai/execute", admin, body=raw))
    check(api("POST", "/ai/execute", admin, body=raw.decode("latin-1")))


WRITE_ROUTES = [("POST", "/ai/execute"), ("POST", "/ai/execute/batch"), ("PATCH", "/tasks/x"), ("PUT", "/users/x/role")]


@pytest.mark.parametrize(("method", "path"), [*WRITE_ROUTES, ("GET", "/tasks")])
def test_oversized_bodies_are_413(api: Api, admin: Caller, method: str, path: str) -> None:
    huge = {"message": "x" * (300 * 1024)}
    assert_contract_error(api(method, path, admin, body=huge), 413, "PAYLOAD_TOO_LARGE")
    assert_contract_error(api(method, path, admin, body=b"\x00" * (300 * 1024)), 413, "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize(("method", "path"), WRITE_ROUTES)
@pytest.mark.parametrize("depth", [40, 1000, 20_000])
def test_deep_json_is_400(api: Api, admin: Caller, method: str, path: str, depth: int) -> None:
    for raw in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        reply = api(method, path, admin, body=raw)
        assert reply.status == 400, (depth, reply.body)
        assert_error_body(400, reply.body)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "{",
        "not json",
        "[]",
        '"a string"',
        "null",
        "1e999999",
        '{"message": "\\ud800 lone surrogate"}',
        '{"task": {"category": "general", "title": "\\udfff"}}',
        '{"message": "a", "message": "b"}',
        "\ufeff{}",
    ],
)
def test_malformed_and_odd_json(api: Api, admin: Caller, raw: str) -> None:
    for method, path in WRITE_ROUTES:
        check(api(method, path, admin, body=raw))


def test_a_lone_surrogate_in_a_task_title_is_not_a_500(api: Api, admin: Caller) -> None:
    reply = api("POST", "/ai/execute", admin, body='{"task": {"category": "general", "title": "chairs \\ud800"}}')
    check(reply)
