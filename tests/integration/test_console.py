"""The console function as API Gateway calls it (no authorizer on its two routes): the page, config.json and
the versioned assets, with a strict Content-Security-Policy, the right caching, gzip, ETags, and nothing served
but the package's own files."""

from __future__ import annotations

import base64
import gzip
import json
import re
from typing import Any

import pytest

from devkit.events import LambdaContext, http_api_event
from devkit.handlers import load_function

CONSOLE_ENV = {
    "CONSOLE_USER_POOL_ID": "us-east-1_Console1",
    "CONSOLE_USER_POOL_CLIENT_ID": "console-client",
    "CONSOLE_COGNITO_ENDPOINT": "https://cognito-idp.us-east-1.amazonaws.com/",
    "AWS_REGION": "us-east-1",
}


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in CONSOLE_ENV.items():
        monkeypatch.setenv(name, value)


def get(path: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    route = "/console" if path == "/console" else "/console/{proxy+}"
    event = http_api_event("GET", path, route=route, headers=headers)
    answer: dict[str, Any] = load_function("console").lambda_handler(event, LambdaContext("ConsoleFunction"))
    return answer


def text(answer: dict[str, Any]) -> str:
    raw = base64.b64decode(answer["body"]) if answer["isBase64Encoded"] else answer["body"].encode()
    if answer["headers"].get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return raw.decode()


def assets_of(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(console/assets/[^"]+)"', page)


def test_the_page_names_its_versioned_assets_and_is_revalidated_on_every_load() -> None:
    answer = get("/console")
    assert answer["statusCode"] == 200
    headers = answer["headers"]
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Cache-Control"] == "no-cache"
    page = text(answer)
    names = {path.rsplit("/", 1)[1] for path in assets_of(page)}
    assert {"app.js", "style.css", "srp.js", "cognito.js", "icon.svg"} <= names
    assert "%ASSETS%" not in page
    assert "%PRELOADS%" not in page
    assert "<script>" not in page, "no inline script"
    assert "style=" not in page, "no inline style"
    again = get("/console", {"if-none-match": headers["ETag"]})
    assert (again["statusCode"], again["body"]) == (304, "")


def test_every_answer_carries_a_strict_content_security_policy_and_no_cors() -> None:
    for path in ("/console", "/console/config.json"):
        headers = get(path)["headers"]
        policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == "'none'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["connect-src"] == "'self' https://cognito-idp.us-east-1.amazonaws.com"
        assert policy["frame-ancestors"] == "'none'"
        assert "unsafe" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert not [name for name in headers if name.lower().startswith("access-control-")]


def test_assets_are_immutable_under_their_version_and_gzipped_when_the_browser_takes_it() -> None:
    page = text(get("/console"))
    script = next(path for path in assets_of(page) if path.endswith("/app.js"))
    plain = get("/" + script)
    assert plain["statusCode"] == 200
    assert plain["headers"]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert plain["headers"]["Content-Type"].startswith("text/javascript")
    packed = get("/" + script, {"accept-encoding": "gzip, deflate, br"})
    assert packed["headers"]["Content-Encoding"] == "gzip"
    assert packed["isBase64Encoded"] is True
    assert text(packed) == text(plain)
    assert len(base64.b64decode(packed["body"])) < len(text(plain).encode())


def test_config_json_names_the_deployment_s_user_pool() -> None:
    answer = get("/console/config.json")
    assert answer["headers"]["Cache-Control"] == "no-cache"
    assert json.loads(text(answer)) == {
        "region": "us-east-1",
        "userPoolId": "us-east-1_Console1",
        "userPoolClientId": "console-client",
        "cognitoEndpoint": "https://cognito-idp.us-east-1.amazonaws.com/",
    }


@pytest.mark.parametrize(
    "path",
    [
        "/console/app.js",
        "/console/assets/0000000000000000/app.js",
        "/console/assets/{version}/../app.py",
        "/console/assets/{version}/app.py",
        "/console/assets/{version}/nothing.js",
        "/console/../../functions/console/app.py",
        "/console/index.html",
        "/console/%2e%2e/app.py",
    ],
)
def test_nothing_but_the_package_s_files_of_this_version_is_served(path: str) -> None:
    page = text(get("/console"))
    version = assets_of(page)[0].split("/")[2]
    answer = get(path.replace("{version}", version))
    assert answer["statusCode"] == 404
    assert json.loads(answer["body"]) == {"message": "Not Found"}


def test_locally_the_page_may_reach_the_gateway_s_stand_in_for_the_user_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSOLE_COGNITO_ENDPOINT", "http://127.0.0.1:3000/cognito-idp/")
    policy = get("/console")["headers"]["Content-Security-Policy"]
    assert "connect-src 'self' http://127.0.0.1:3000;" in policy
    assert json.loads(text(get("/console/config.json")))["cognitoEndpoint"] == "http://127.0.0.1:3000/cognito-idp/"
