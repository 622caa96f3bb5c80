"""Swagger UI at /docs on the local gateway: the API's own document, tried against the local API.

The assets come from the `swagger-ui-bundle` package (pinned in requirements/dev.txt), so the page works
offline. The document is docs/openapi.json with `servers` set to the origin the page was loaded from, so
"Try it out" calls this gateway; a person pastes a token from `make token` into "Authorize" (the document's
bearer scheme) and calls every route.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

PREFIX = "/docs"
DOCUMENT = f"{PREFIX}/openapi.json"

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Task execution service: API</title>
  <link rel="stylesheet" href="{prefix}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{prefix}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{document}",
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: true,
      displayRequestDuration: true
    }});
  </script>
</body>
</html>
"""

Answer = tuple[int, dict[str, str], bytes]


def assets_dir() -> Path:
    """The package's dist folder; ImportError names the package when it is missing."""
    from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

    return Path(swagger_ui_path)


def is_docs_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def local_document(document: dict[str, Any], host: str) -> dict[str, Any]:
    """The document with one server: the origin the page came from (this gateway)."""
    return {**document, "servers": [{"url": f"http://{host}", "description": "make local"}]}


def respond(path: str, headers: dict[str, str], openapi: Callable[[], dict[str, Any]]) -> Answer:
    """(status, headers, body) for a GET under /docs: the page, the document, or one of the package's files."""
    if path in (PREFIX, PREFIX + "/", PREFIX + "/index.html"):
        page = PAGE.format(prefix=PREFIX, document=DOCUMENT)
        return 200, {"content-type": "text/html; charset=utf-8", "cache-control": "no-store"}, page.encode()
    if path == DOCUMENT:
        host = next((v for k, v in headers.items() if k.lower() == "host"), "127.0.0.1")
        body = json.dumps(local_document(openapi(), host)).encode()
        return 200, {"content-type": "application/json", "cache-control": "no-store"}, body
    name = path[len(PREFIX) + 1 :]
    folder = assets_dir()
    # Only a file directly in the package's folder: no sub-paths, so no way out of it.
    if "/" not in name and name in {entry.name for entry in folder.iterdir() if entry.is_file()}:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return 200, {"content-type": kind, "cache-control": "max-age=3600"}, (folder / name).read_bytes()
    return 404, {"content-type": "application/json"}, json.dumps({"message": "Not Found"}).encode()
