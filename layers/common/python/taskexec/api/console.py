"""The console's answers: its page, its config document and its files, with the headers a page needs.

The files ship in the console function's package (`functions/console/site/`): `index.html` and a flat folder
`assets/`. Assets are served under a version taken from their content (`console/assets/<version>/app.js`), so
they are cached for a year and never go stale: a change to any file is a new version, and the page, which is
revalidated on every load (`no-cache` with an ETag), names the new one. Text is gzipped for browsers that take it
(API Gateway's HTTP API does not compress).

Every answer carries a strict Content-Security-Policy: scripts, styles and images from this origin only (no
inline script or style, nothing from a third party), and connections to this API and to the user pool's Cognito
endpoint only. No CORS header is ever sent: the console is served from the API's own origin.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

from taskexec import config

Answer = dict[str, Any]

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}
"""The only kinds of file served; anything else in the folder is not."""
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESS_FROM_BYTES = 1024
"""Smaller bodies are sent as they are: gzip's header would eat most of the saving."""
PAGE_ASSETS = "%ASSETS%"
PAGE_PRELOADS = "%PRELOADS%"
"""Placeholders in index.html: the versioned assets folder, and a modulepreload link per script module (so the
browser fetches every module at once rather than one import after another)."""
NOT_PRELOADED = frozenset({"app.js", "boot.js"})
"""The entry module (the page loads it itself) and the one classic script (not a module)."""


class Site:
    """The files of one console package, read once per container (a few dozen KB)."""

    __slots__ = ("_gzipped", "files", "page", "version")

    def __init__(self, root: str) -> None:
        assets = os.path.join(root, "assets")
        self.files: dict[str, bytes] = {}
        for entry in sorted(os.scandir(assets), key=lambda found: found.name):
            if entry.is_file() and os.path.splitext(entry.name)[1] in CONTENT_TYPES:
                with open(entry.path, "rb") as handle:
                    self.files[entry.name] = handle.read()
        digest = hashlib.sha256()
        for name, content in self.files.items():
            digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
        self.version = digest.hexdigest()[:16]
        base = f"console/assets/{self.version}/"
        preloads = "\n".join(
            f'  <link rel="modulepreload" href="{base}{name}">'
            for name in self.files
            if name.endswith(".js") and name not in NOT_PRELOADED
        )
        with open(os.path.join(root, "index.html"), encoding="utf-8") as handle:
            template = handle.read()
        self.page = template.replace(PAGE_PRELOADS, preloads).replace(PAGE_ASSETS, base).encode()
        self._gzipped: dict[str, bytes] = {}

    def gzipped(self, key: str, body: bytes) -> bytes:
        """`body` gzipped (deterministically: no timestamp), kept by `key` for the container's life."""
        found = self._gzipped.get(key)
        if found is None:
            import gzip  # only when a browser asks for it: not at the cold start

            found = self._gzipped[key] = gzip.compress(body, compresslevel=9, mtime=0)
        return found


def content_security_policy(cognito_endpoint: str) -> str:
    """This origin for everything the page loads; this API and the user pool's endpoint for what it calls."""
    scheme, _, rest = cognito_endpoint.partition("://")
    host = rest.split("/", 1)[0]
    cognito = f"{scheme}://{host}" if scheme in ("http", "https") and host else ""
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src 'self' {cognito}".rstrip(),
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(cognito_endpoint: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(cognito_endpoint),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Strict-Transport-Security": "max-age=63072000",
    }


def _header(event: dict[str, Any], name: str) -> str:
    return str((event.get("headers") or {}).get(name, ""))


def _accepts_gzip(event: dict[str, Any]) -> bool:
    return any(part.split(";")[0].strip() == "gzip" for part in _header(event, "accept-encoding").split(","))


def answer(
    site: Site, event: dict[str, Any], key: str, body: bytes, content_type: str, cache: str, *, etag: bool
) -> Answer:
    """One 200 (or 304 when the browser's copy is current), with the security and caching headers."""
    settings = config.console()
    headers = {
        **security_headers(settings.cognito_endpoint),
        "Content-Type": content_type,
        "Cache-Control": cache,
        "Vary": "Accept-Encoding",
    }
    if etag:
        tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers["ETag"] = tag
        if tag in (value.strip() for value in _header(event, "if-none-match").split(",")):
            return {"statusCode": 304, "headers": headers, "body": "", "isBase64Encoded": False}
    if len(body) >= COMPRESS_FROM_BYTES and _accepts_gzip(event):
        headers["Content-Encoding"] = "gzip"
        packed = site.gzipped(key, body)
        return {
            "statusCode": 200,
            "headers": headers,
            "body": base64.b64encode(packed).decode(),
            "isBase64Encoded": True,
        }
    return {"statusCode": 200, "headers": headers, "body": body.decode("utf-8"), "isBase64Encoded": False}


def not_found() -> Answer:
    """API Gateway's own 404 body, as for any path no route serves."""
    return {
        "statusCode": 404,
        "headers": {
            "Content-Type": "application/json",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
        "body": json.dumps({"message": "Not Found"}),
        "isBase64Encoded": False,
    }


def page(site: Site, event: dict[str, Any]) -> Answer:
    """GET /console: the page, naming this version's assets."""
    return answer(site, event, "page", site.page, CONTENT_TYPES[".html"], REVALIDATE, etag=True)


def settings_document() -> bytes:
    """console/config.json: the deployment's user pool, from the function's environment."""
    settings = config.console()
    return json.dumps(
        {
            "region": settings.region,
            "userPoolId": settings.user_pool_id,
            "userPoolClientId": settings.user_pool_client_id,
            "cognitoEndpoint": settings.cognito_endpoint,
        },
        separators=(",", ":"),
    ).encode()


def file(site: Site, event: dict[str, Any]) -> Answer:
    """GET /console/{proxy+}: config.json, or an asset of this version; anything else is 404. Names are looked up
    in the files read at start, never joined to a path, so no request reaches outside the folder."""
    wanted = str((event.get("pathParameters") or {}).get("proxy") or "")
    if wanted == "config.json":
        return answer(site, event, wanted, settings_document(), CONTENT_TYPES[".json"], REVALIDATE, etag=True)
    parts = wanted.split("/")
    if len(parts) != 3 or parts[0] != "assets" or parts[1] != site.version or parts[2] not in site.files:
        return not_found()
    name = parts[2]
    content_type = CONTENT_TYPES[name[name.rindex(".") :]]
    return answer(site, event, name, site.files[name], content_type, IMMUTABLE, etag=False)
