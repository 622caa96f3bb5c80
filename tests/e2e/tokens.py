"""Tokens signed with moto's own Cognito key, to prove the gateway checks what API Gateway checks.

moto signs every token with one fixed RSA key shipped in its package (kid "dummy"), so a test can mint a token
the gateway's JWKS check accepts, and then vary exactly one claim (exp, nbf, iat, iss, aud, client_id,
token_use) or the algorithm, to see that claim refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import jwt
from jwt.algorithms import RSAAlgorithm
from moto.utilities.utils import load_resource

MOTO_KID = "dummy"


def moto_private_key() -> Any:
    return RSAAlgorithm.from_jwk(json.dumps(load_resource("cognitoidp/resources/jwks-private.json")))


def moto_jwks() -> dict[str, Any]:
    """The JWKS moto serves at /<pool id>/.well-known/jwks.json."""
    document: dict[str, Any] = load_resource("cognitoidp/resources/jwks-public.json")
    return document


def issuer_of(user_pool_id: str, region: str = "us-east-1") -> str:
    """The issuer moto writes into its tokens (the real Cognito URL)."""
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


def claims_for(issuer: str, app_client: str, subject: str, use: str = "id", **overrides: Any) -> dict[str, Any]:
    """Claims shaped like Cognito's; `overrides` replace or (with value None) remove claims."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": subject,
        "token_use": use,
        "iat": now,
        "auth_time": now,
        "exp": now + 3600,
        "jti": str(uuid.uuid4()),
        "cognito:groups": ["ADMIN"],
    }
    claims["aud" if use == "id" else "client_id"] = app_client
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def sign(claims: dict[str, Any], kid: str = MOTO_KID) -> str:
    """RS256 with moto's private key: what the emulated Cognito itself would have issued."""
    return jwt.encode(claims, moto_private_key(), algorithm="RS256", headers={"kid": kid})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(claims: dict[str, Any]) -> str:
    """alg "none": no signature at all."""
    header = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": MOTO_KID}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}."


def hs256_with_public_key(claims: dict[str, Any]) -> str:
    """The algorithm-confusion attack: HMAC keyed with the (public) JWKS key, which anyone can fetch."""
    secret = json.dumps(moto_jwks()["keys"][0]).encode()
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": MOTO_KID}).encode())
    body = f"{header}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(signature)}"


def tampered(token: str) -> str:
    """The same token with its payload changed (sub replaced) and the original signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = str(uuid.uuid4())
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
