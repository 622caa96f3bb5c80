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


@pytest.mark.xfail(strict=True, reason="PUT /integrations/{source} is in the contract but not served yet (issue 13)")
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
