"""The OpenAPI document of the whole API, generated from the handlers' own routes and pydantic models.

Each Lambda has its own resolver; this merges their documents into one, adds the Cognito JWT security
scheme, and prints it (`make openapi` writes docs/openapi.json; a test keeps that file current).
"""

from __future__ import annotations

import json
import os
from typing import Any

HTTP_FUNCTIONS = ("execute", "tasks", "users", "health", "automations")
TITLE = "Task execution service"


def build() -> dict[str, Any]:
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    from devkit.handlers import load_function
    from taskexec import __version__

    document: dict[str, Any] = {}
    for name in HTTP_FUNCTIONS:
        app = load_function(name).app
        part = json.loads(app.get_openapi_json_schema(title=TITLE, version=__version__))
        if not document:
            document = part
            continue
        for path, operations in part.get("paths", {}).items():
            document["paths"].setdefault(path, {}).update(operations)
        schemas = part.get("components", {}).get("schemas", {})
        document.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
    document["info"]["description"] = (
        "Natural-language task execution for marketing-automation admins. Every route needs a Cognito token "
        "(Authorization: Bearer <token>); roles come from the caller's user row. The guide is docs/api.md. Locally, "
        "`make local` serves this document with Swagger UI at /docs; `make token` prints a token to paste."
    )
    components = document.setdefault("components", {})
    components["securitySchemes"] = {
        "CognitoJwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    }
    document["security"] = [{"CognitoJwt": []}]
    document["paths"] = dict(sorted(document["paths"].items()))
    components["schemas"] = dict(sorted(referenced(document, components.get("schemas", {})).items()))
    return document


def referenced(document: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The component schemas the paths reach. Powertools adds its own validation-error schemas to every
    document; this service answers validation errors with `Error`, so those would only mislead a reader."""
    prefix = "#/components/schemas/"
    found: set[str] = set()
    pending: list[Any] = [document["paths"]]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix) and ref[len(prefix) :] not in found:
                found.add(ref[len(prefix) :])
                pending.append(schemas.get(ref[len(prefix) :]))
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return {name: schema for name, schema in schemas.items() if name in found}


def main() -> None:
    print(json.dumps(build(), indent=2, sort_keys=False))


if __name__ == "__main__":
    main()
