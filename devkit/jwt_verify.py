"""Bearer-token checks as the API Gateway's authorizer (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html)
accepts a token only when: its header names a key (`kid`) of the issuer's JWKS and the RS256 signature verifies
with it; `iss` equals the configured issuer; `aud` when the token has one, otherwise `client_id`, is one of the
configured audiences (whatever `token_use` says: the authorizer does not read it); `exp` is in the future and
`nbf`/`iat` are not. Anything else is 401 `{"message": "Unauthorized"}`. Handlers are written against exactly
that guarantee, so the local stack must not be more lenient: a handler that works locally behind a weaker check
could be relying on something API Gateway would never let through.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import jwt
from jwt.algorithms import RSAAlgorithm

ALLOWED_ALGORITHM = "RS256"
JWKS_REFRESH_INTERVAL_S = 30.0
"""An unknown `kid` refetches the JWKS (keys rotate), but not more often than this."""


class Unauthorized(Exception):
    """The token is refused; the text says why (logged locally and put in WWW-Authenticate, never the body)."""


def fetch_json(url: str, timeout_s: float = 5.0) -> dict[str, Any]:
    """GET a JSON document (the JWKS, the OpenID configuration) from the local emulator."""
    with urllib.request.urlopen(url, timeout=timeout_s) as response:
        document = json.loads(response.read())
    if not isinstance(document, dict):
        raise ValueError(f"{url} did not answer a JSON object")
    return document


class JwtVerifier:
    """Verifies bearer tokens of one issuer for a set of audiences (app client ids).

    `jwks_loader` returns the JWKS document; it is called lazily and again when a token names an unknown key,
    so tests can hand one in without a server.
    """

    def __init__(
        self,
        issuer: str,
        audiences: list[str],
        jwks_loader: Callable[[], dict[str, Any]],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer
        self.audiences = list(audiences)
        self._jwks_loader = jwks_loader
        self._clock = clock
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    @classmethod
    def for_user_pool(cls, endpoint: str, user_pool_id: str, client_ids: list[str]) -> JwtVerifier:
        """The verifier for a user pool served by the emulator at `endpoint`.

        The issuer is taken from the pool's OpenID configuration, i.e. whatever the emulator writes into `iss`
        (moto writes the real Cognito issuer URL), and the JWKS from `<endpoint>/<pool id>/.well-known/jwks.json`.
        """
        configuration = fetch_json(f"{endpoint}/{user_pool_id}/.well-known/openid-configuration")
        jwks_url = f"{endpoint}/{user_pool_id}/.well-known/jwks.json"
        return cls(str(configuration["issuer"]), client_ids, lambda: fetch_json(jwks_url))

    def _key(self, kid: str) -> Any:
        with self._lock:
            if kid not in self._keys and self._clock() - self._fetched_at >= JWKS_REFRESH_INTERVAL_S:
                document = self._jwks_loader()
                self._fetched_at = self._clock()
                self._keys = {
                    str(jwk["kid"]): RSAAlgorithm.from_jwk(json.dumps(jwk))
                    for jwk in document.get("keys", [])
                    if jwk.get("kty") == "RSA"
                    and jwk.get("alg", ALLOWED_ALGORITHM) == ALLOWED_ALGORITHM
                    and "kid" in jwk
                }
            key = self._keys.get(kid)
        if key is None:
            raise Unauthorized("the token's key is not in the issuer's JWKS")
        return key

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims when API Gateway would accept it; `Unauthorized` otherwise."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized("the token is not a JWT") from exc
        # Checked before any key is touched: `none` and HMAC (signed with the public key as a secret) are the
        # classic algorithm-confusion attacks.
        if header.get("alg") != ALLOWED_ALGORITHM:
            raise Unauthorized(f"the token's algorithm must be {ALLOWED_ALGORITHM}")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise Unauthorized("the token names no key")
        key = self._key(kid)
        now = self._clock()
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALLOWED_ALGORITHM],
                issuer=self.issuer,
                leeway=0,
                options={
                    "require": ["iss", "exp", "iat", "sub"],
                    "verify_aud": False,  # `aud`, or `client_id` without one: checked below
                    "verify_exp": False,  # against our clock below, so tests can move time
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.InvalidIssuerError as exc:
            raise Unauthorized("the token's issuer is not the user pool") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"the token is invalid: {exc}") from exc
        self._check_times(claims, now)
        self._check_audience(claims)
        return claims

    @staticmethod
    def _check_times(claims: dict[str, Any], now: float) -> None:
        for name in ("exp", "iat", "nbf"):
            if name in claims and (isinstance(claims[name], bool) or not isinstance(claims[name], (int, float))):
                raise Unauthorized(f"the token's {name} is not a number")
        if claims["exp"] <= now:
            raise Unauthorized("the token has expired")
        if claims["iat"] > now or claims.get("nbf", now) > now:
            raise Unauthorized("the token is not valid yet")

    def _check_audience(self, claims: dict[str, Any]) -> None:
        """`aud` when present (a string or a list), otherwise `client_id`: API Gateway reads `client_id` only
        when there is no `aud`, so an `aud` for another client is refused whatever `client_id` says."""
        if "aud" in claims:
            audience = claims["aud"]
            presented = audience if isinstance(audience, list) else [audience]
        else:
            presented = [claims.get("client_id")]
        if not any(isinstance(value, str) and value in self.audiences for value in presented):
            raise Unauthorized("the token was not issued to this app client")
