"""The contract, the OpenAPI document and the template name the same routes."""

from __future__ import annotations

import json

import pytest

from devkit.template import ROOT, resources
from tests.support import contract

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
    assert template_routes() - contract.routes() == set()


def test_every_pending_route_is_a_contract_route() -> None:
    if not contract.available():
        pytest.skip("the contract document is not beside the repository")
    assert set(contract.PENDING) <= contract.routes()


def test_openapi_document_is_current_and_complete():
    from scripts.openapi import build

    generated = build()
    assert document_routes(generated) == template_routes()
    assert DOCUMENT.exists(), "run `make openapi`"
    assert json.loads(DOCUMENT.read_text()) == generated, "docs/openapi.json is stale: run `make openapi`"


def test_every_operation_documents_the_error_body():
    from scripts.openapi import build

    for path, operations in build()["paths"].items():
        for method, operation in operations.items():
            error = operation["responses"].get("403", {})
            schema = error.get("content", {}).get("application/json", {}).get("schema", {})
            assert schema.get("$ref", "").endswith("/Error"), f"{method} {path}"


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
