"""The contract, the OpenAPI document and the template name the same routes."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devkit.template import ROOT, resources
from tests.support import contract
from tests.support.routes import CONSOLE_ROUTES

DOCUMENT = ROOT / "docs" / "openapi.json"


def _contract_cases() -> list[object]:
    """One case per contract route; those a later issue adds are strict expected failures naming the route."""
    return [
        pytest.param(
            route,
            id=f"{route[0]} {route[1]}",
            marks=[pytest.mark.xfail(strict=True, reason=contract.PENDING[route])] if route in contract.PENDING else [],
        )
        for route in sorted(contract.routes())
    ]


def template_routes() -> set[tuple[str, str]]:
    routes = set()
    for function in resources("AWS::Serverless::Function").values():
        for event in (function["Properties"].get("Events") or {}).values():
            if event["Type"] == "HttpApi":
                routes.add((event["Properties"]["Method"].upper(), event["Properties"]["Path"]))
    return routes


def document_routes(document: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}


@pytest.mark.skipif(not contract.available(), reason="the contract document is not beside the repository")
@pytest.mark.parametrize("route", _contract_cases())
def test_template_serves_the_contract_route(route: contract.Route) -> None:
    assert route in template_routes(), f"{route[0]} {route[1]} is in the contract but not in template.yaml"


@pytest.mark.skipif(not contract.available(), reason="the contract document is not beside the repository")
def test_template_serves_no_route_the_contract_does_not_name() -> None:
    """Only the console's files, which the contract's row names with its page: "GET /console (and its assets)"."""
    assert template_routes() - contract.routes() == {("GET", "/console/{proxy+}")}


def test_every_pending_route_is_a_contract_route() -> None:
    if not contract.available():
        pytest.skip("the contract document is not beside the repository")
    assert set(contract.PENDING) <= contract.routes()


def test_openapi_document_is_current_and_complete():
    from scripts.openapi import build

    generated = build()
    # The console is a web page and its files, not part of the API a client is generated from.
    assert document_routes(generated) == template_routes() - CONSOLE_ROUTES
    assert DOCUMENT.exists(), "run `make openapi`"
    assert json.loads(DOCUMENT.read_text()) == generated, "docs/openapi.json is stale: run `make openapi`"


def test_every_operation_documents_the_error_body():
    from scripts.openapi import build

    for path, operations in build()["paths"].items():
        for method, operation in operations.items():
            error = operation["responses"].get("403", {})
            schema = error.get("content", {}).get("application/json", {}).get("schema", {})
            assert schema.get("$ref", "").endswith("/Error"), f"{method} {path}"


GATEWAY_ANSWERS = {
    "400": {"message": "Bad Request"},
    "401": {"message": "Unauthorized"},
    "404": {"message": "Not Found"},
    "429": {"message": "Too Many Requests"},
}
"""What API Gateway (and the local gateway) answer before any function runs, in their own shape."""


@pytest.mark.parametrize("status", sorted(GATEWAY_ANSWERS))
def test_every_operation_admits_the_gateways_own_answers(status: str) -> None:
    """A client generated from the document must be able to read what the gateway answers by itself, such as
    400 for a Content-Length that is no number (found by the fuzz test, on the health check)."""
    import jsonschema

    from scripts.openapi import build

    document = build()
    refused = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if not jsonschema.Draft202012Validator(
            {**operation["responses"][status]["content"]["application/json"]["schema"], **document}
        ).is_valid(GATEWAY_ANSWERS[status])
    ]
    assert not refused, f"{GATEWAY_ANSWERS[status]} is not a documented {status} of {refused}"


def test_docs_page_works_offline_and_sends_try_it_out_to_the_api_that_served_it():
    from devkit.swagger_ui import respond

    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    status, headers, page = respond("/docs", {}, lambda: document)
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b"/docs/swagger-ui-bundle.js" in page
    assert b"/docs/openapi.json" in page
    status, headers, script = respond("/docs/swagger-ui-bundle.js", {}, lambda: document)
    assert status == 200
    assert "javascript" in headers["content-type"]
    assert len(script) > 100_000
    status, _, served = respond("/docs/openapi.json", {"Host": "127.0.0.1:3999"}, lambda: document)
    assert status == 200
    assert json.loads(served)["servers"] == [{"url": "http://127.0.0.1:3999", "description": "make local"}]
    assert "servers" not in document, "the file on disk is the deployed API's document; only the served copy changes"
    for outside in ("/docs/../pyproject.toml", "/docs/vendor/x.js", "/docs/nothing.js"):
        assert respond(outside, {}, lambda: document)[0] == 404


def test_execute_body_is_exactly_one_of_message_or_task():
    from scripts.openapi import build

    schemas = build()["components"]["schemas"]
    variants = [ref["$ref"].rsplit("/", 1)[1] for ref in schemas["ExecuteRequest"]["oneOf"]]
    assert {tuple(schemas[v]["required"]) for v in variants} == {("message",), ("task",)}
    assert all(schemas[v]["additionalProperties"] is False for v in variants)


@cache
def generated() -> dict:
    """Built once for the module's checks (the hypothesis ones take it from here: as an argument, the
    document would be printed with every failing example)."""
    from scripts.openapi import build

    return build()


@pytest.fixture
def document() -> dict:
    return generated()


def component(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def referenced_name(schema: dict) -> str:
    return schema["$ref"].rsplit("/", 1)[1]


def idempotency_parameters(document: dict) -> dict[str, dict]:
    """Operation ("POST /ai/execute") -> its Idempotency-Key parameter, for the operations that declare one."""
    return {
        f"{method.upper()} {path}": parameter
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "header" and parameter["name"].lower() == "idempotency-key"
    }


def test_idempotency_key_is_declared_where_it_is_honoured(document: dict) -> None:
    declared = idempotency_parameters(document)
    assert set(declared) == {"POST /ai/execute", "POST /ai/execute/batch"}
    assert all(parameter["required"] is False for parameter in declared.values())
    for operation in declared:
        method, path = operation.split(" ")
        successes = [
            r for status, r in document["paths"][path][method.lower()]["responses"].items() if int(status) < 300
        ]
        assert all("Idempotency-Replayed" in response["headers"] for response in successes), operation


HEADER_VALUES = st.text(alphabet=st.characters(exclude_characters="\r\n"), max_size=140) | st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=140
)
"""What a header can carry (no line breaks): anything, and printable ASCII, around the 128 limit."""


@settings(max_examples=300, deadline=None)
@given(value=HEADER_VALUES)
def test_idempotency_key_schema_accepts_exactly_the_keys_the_service_accepts(value: str) -> None:
    from taskexec.api.idempotency import key_from_headers
    from taskexec.errors import ServiceError

    schema = idempotency_parameters(generated())["POST /ai/execute"]["schema"]
    documented = schema["minLength"] <= len(value) <= schema["maxLength"] and re.search(schema["pattern"], value)
    refusal = None
    try:
        key_from_headers({"Idempotency-Key": value})
    except ServiceError as refused:
        refusal = refused.code.value
    assert refusal == (None if documented else "INVALID_REQUEST")


CONTRACT_PRIORITIES = {
    **dict.fromkeys(("low", "LOW", "p3", "minor"), "LOW"),
    **dict.fromkeys(("medium", "Medium", "normal", "p2"), "MEDIUM"),
    **dict.fromkeys(("high", "HIGH", "p1", "important"), "HIGH"),
    **dict.fromkeys(("urgent", "Urgent", "critical", "asap", "p0"), "URGENT"),
}


def request_priority(document: dict) -> tuple[str, str]:
    """The structured task's priority: (the enum it references, the pattern of the other spellings)."""
    choices = component(document, "TaskInput")["properties"]["priority"]["anyOf"]
    (enum,) = [referenced_name(choice) for choice in choices if "$ref" in choice]
    (pattern,) = [choice["pattern"] for choice in choices if "pattern" in choice]
    return enum, pattern


def test_request_priority_takes_the_contract_aliases_and_answers_carry_the_enum(document: dict) -> None:
    from taskexec.schemas.execute import TaskInput

    enum, pattern = request_priority(document)
    assert enum == "Priority"
    assert component(document, "Priority")["enum"] == ["LOW", "MEDIUM", "HIGH", "URGENT"]
    assert "alias" in component(document, "TaskInput")["properties"]["priority"]["description"]
    for alias, canonical in CONTRACT_PRIORITIES.items():
        assert re.search(pattern, alias), alias
        assert TaskInput(category="general", title="t", priority=alias).priority == canonical
    for answer in ("Task", "Plan"):
        assert referenced_name(component(document, answer)["properties"]["priority"]) == "Priority"


def _accepts(value: str) -> bool:
    from taskexec.domain.priorities import normalize_priority

    try:
        normalize_priority(value)
    except ValueError:
        return False
    return True


PRIORITY_WORDS = [
    *("low", "lo", "lowest", "minor", "trivial", "p3", "p4", "medium", "med", "normal", "moderate", "standard", "p2"),
    *("high", "hi", "top", "highest", "important", "p1", "urgent", "critical", "asap", "p0", "blocker", "emergency"),
    *("priority", "prio", "pri", "0", "4", "5", "p5", "p", "super", "whenever", "level", "k", "\u0131"),
]
"""The words the service knows, the noun it ignores, and near misses."""
PRIORITY_TOKENS = st.sampled_from(PRIORITY_WORDS).flatmap(
    lambda word: st.sampled_from((word, word.upper(), word.title()))
) | st.text(max_size=4)
SEPARATORS = st.sampled_from(("", " ", "_", "-", "  ", "\t", " - ", "\n", "\u00a0", "\u2003", ".", ":"))


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.tuples(SEPARATORS, PRIORITY_TOKENS), max_size=4), end=SEPARATORS)
def test_request_priority_pattern_accepts_exactly_what_the_service_accepts(
    parts: list[tuple[str, str]], end: str
) -> None:
    """So a client (and schemathesis) may send whatever the pattern allows and nothing else is taken."""
    _, pattern = request_priority(generated())
    value = "".join(separator + token for separator, token in parts) + end
    assert bool(re.search(pattern, value)) == _accepts(value)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_spelling_the_pattern_allows_is_taken(data: st.DataObject) -> None:
    _, pattern = request_priority(generated())
    assert _accepts(data.draw(st.from_regex(pattern)))


@pytest.mark.parametrize(
    ("model", "field", "enum"),
    [
        ("Task", "category", "Category"),
        ("Task", "priority", "Priority"),
        ("Task", "status", "TaskStatus"),
        ("Comment", "kind", "CommentKind"),
        ("User", "role", "Role"),
        ("User", "status", "UserStatus"),
        ("Integration", "role", "Role"),
        ("Integration", "status", "UserStatus"),
        ("AuthenticationHealth", "role", "Role"),
        ("Plan", "category", "Category"),
        ("Workflow", "kind", "WorkflowKind"),
        ("Campaign", "channel", "Channel"),
    ],
)
def test_answers_reference_the_enums(document: dict, model: str, field: str, enum: str) -> None:
    assert referenced_name(component(document, model)["properties"][field]) == enum
    assert "enum" in component(document, enum)


def test_batch_items_are_execute_bodies_and_results_are_typed(document: dict) -> None:
    items = component(document, "BatchRequest")["properties"]["items"]
    assert referenced_name(items["items"]) == "ExecuteRequest"
    result = component(document, "BatchResult")["properties"]
    assert result["status"]["type"] == "integer"
    assert {referenced_name(choice) for choice in result["body"]["anyOf"]} == {
        "ExecuteResponse",
        "DryRunResponse",
        "Error",
    }
