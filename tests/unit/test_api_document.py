"""The contract, the OpenAPI document and the template name the same routes."""

from __future__ import annotations

import json
import re

import pytest

from devkit.template import ROOT, resources

CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"
DOCUMENT = ROOT / "docs" / "openapi.json"


def contract_routes() -> set[tuple[str, str]]:
    if not CONTRACT.exists():
        pytest.skip("shared/CONTRACT.md is not beside the repository")
    found = re.findall(r"^\| (GET|POST|PUT|PATCH|DELETE) (/[^ ?|]+)", CONTRACT.read_text(), flags=re.MULTILINE)
    return {(method, path) for method, path in found}


def template_routes() -> set[tuple[str, str]]:
    routes = set()
    for function in resources("AWS::Serverless::Function").values():
        for event in (function["Properties"].get("Events") or {}).values():
            if event["Type"] == "HttpApi":
                routes.add((event["Properties"]["Method"].upper(), event["Properties"]["Path"]))
    return routes


def document_routes(document: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}


def test_template_serves_exactly_the_contract_routes():
    assert template_routes() == contract_routes()


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
