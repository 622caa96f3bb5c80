"""Forged, stale and misdirected tokens against the local gateway's JWT authorizer, in front of the real
handlers (moto in process): every one is API Gateway's own 401 `{"message": "Unauthorized"}` and never reaches
a handler. Behind the authorizer, a handler given no usable claims answers 401 UNAUTHENTICATED.

Tokens are signed with the private key moto ships for its Cognito (tests/e2e/tokens.py), so a well-formed
token passes and each case varies exactly one thing.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from devkit import template
from devkit.gateway import Gateway
from devkit.jwt_verify import JwtVerifier
from taskexec.authorization import Role
from taskexec.data.models import ActivityModel
from tests.e2e import tokens
from tests.security.shape import assert_contract_error
from tests.support.fixtures import Caller, Reply

POOL = "us-east-1_attackpool"
CLIENT = "attackclient"
ISSUER = tokens.issuer_of(POOL)
UNAUTHORIZED = {"message": "Unauthorized"}


def now() -> int:
    """Read when a token is signed, not at import: a long run must not let a future-dated token come due."""
    return int(time.time())


@pytest.fixture
def gateway(aws: Any) -> Gateway:
    routes = [r for r in template.http_api_routes() if r.function.code_dir.joinpath("app.py").is_file()]
    return Gateway(routes, JwtVerifier(ISSUER, [CLIENT], tokens.moto_jwks))


@pytest.fixture
def admin(make_user: Callable[..., Caller]) -> Caller:
    return make_user(Role.ADMIN)


def claims(subject: str, use: str = "id", **overrides: Any) -> dict[str, Any]:
    return tokens.claims_for(ISSUER, CLIENT, subject, use, **overrides)


def call(gateway: Gateway, authorization: str | None, method: str = "GET", path: str = "/tasks") -> tuple[int, Any]:
    headers = {"content-type": "application/json"}
    if authorization is not None:
        headers["authorization"] = authorization
    body = json.dumps({"task": {"category": "general", "title": "t"}}).encode() if method == "POST" else b""
    response = gateway.handle(method, path, headers, body)
    return response.status, json.loads(response.body) if response.body else None


ATTACKS: dict[str, Callable[[str], str | None]] = {
    "no Authorization header": lambda sub: None,
    "empty bearer": lambda sub: "Bearer ",
    "not a JWT": lambda sub: "Bearer not-a-token",
    "three garbage parts": lambda sub: "Bearer a.b.c",
    "truncated signature": lambda sub: "Bearer " + tokens.sign(claims(sub))[:-12],
    "expired": lambda sub: "Bearer " + tokens.sign(claims(sub, exp=now() - 5, iat=now() - 3600)),
    "not yet valid (nbf)": lambda sub: "Bearer " + tokens.sign(claims(sub, nbf=now() + 600)),
    "issued in the future": lambda sub: "Bearer " + tokens.sign(claims(sub, iat=now() + 600)),
    "wrong issuer": lambda sub: "Bearer " + tokens.sign(claims(sub, iss=tokens.issuer_of("us-east-1_evilpool"))),
    "wrong audience": lambda sub: "Bearer " + tokens.sign(claims(sub, aud="evilclient")),
    "access token for another client": lambda sub: "Bearer " + tokens.sign(claims(sub, "access", client_id="evil")),
    "aud for another client beside this client_id": lambda sub: (
        "Bearer " + tokens.sign(claims(sub, "access", aud="evilclient"))
    ),
    "neither aud nor client_id": lambda sub: "Bearer " + tokens.sign(claims(sub, "access", client_id=None)),
    "alg none": lambda sub: "Bearer " + tokens.unsigned(claims(sub)),
    "HS256 keyed with the public key": lambda sub: "Bearer " + tokens.hs256_with_public_key(claims(sub)),
    "key not in the JWKS": lambda sub: "Bearer " + tokens.sign(claims(sub), kid="attacker-key"),
    "claims changed after signing": lambda sub: "Bearer " + tokens.tampered(tokens.sign(claims(sub))),
    "groups raised after signing": lambda sub: "Bearer " + raise_groups(tokens.sign(claims(sub))),
}


def raise_groups(token: str) -> str:
    """Keep sub, swap the groups claim for SUPER_ADMIN and keep the original signature."""
    header, payload, signature = token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    decoded["cognito:groups"] = ["SUPER_ADMIN"]
    forged = base64.urlsafe_b64encode(json.dumps(decoded).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_a_valid_token_goes_through(gateway: Gateway, admin: Caller) -> None:
    for use in ("id", "access"):
        status, body = call(gateway, "Bearer " + tokens.sign(claims(admin.id, use)))
        assert status == 200, body


ROUTES = [("GET", "/tasks"), ("POST", "/ai/execute"), ("GET", "/tasks/some-id/comments"), ("PATCH", "/tasks/x")]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_every_bad_token_is_unauthorized_before_any_handler(gateway: Gateway, admin: Caller, attack: str) -> None:
    authorization = ATTACKS[attack](admin.id)
    for route in ROUTES:
        assert call(gateway, authorization, *route) == (401, UNAUTHORIZED), route
    assert list(ActivityModel.query(admin.id)) == []  # no handler ran: nothing audited for this user


@pytest.mark.parametrize(
    "bad_claims",
    [
        {},
        {"email": "admin@example.com"},
        {"sub": ""},
        {"sub": "../../etc/passwd"},
        {"sub": "a" * 129},
        {"sub": "x y"},
        {"sub": "ä-unicode"},
        {"sub": "id' OR 1=1 --"},
        {"sub": '{"$ne": 1}'},
    ],
    ids=lambda c: repr(c)[:30],
)
def test_handlers_refuse_unusable_claims(api: Callable[..., Reply], admin: Caller, bad_claims: dict[str, Any]) -> None:
    for method, path in (("GET", "/tasks"), ("POST", "/ai/execute"), ("PUT", f"/users/{admin.id}/role")):
        reply = api(method, path, admin, body={"role": "ADMIN"} if method == "PUT" else None, claims=bad_claims)
        assert_contract_error(reply, 401, "UNAUTHENTICATED")


def test_handlers_refuse_a_request_without_an_authorizer_context(api: Callable[..., Reply]) -> None:
    assert_contract_error(api("GET", "/tasks"), 401, "UNAUTHENTICATED")
