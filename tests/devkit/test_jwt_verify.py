"""The local gateway's token check refuses every token API Gateway's JWT authorizer would refuse."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from devkit.jwt_verify import JwtVerifier, Unauthorized
from tests.e2e import tokens

POOL = "us-east-1_localpool"
CLIENT = "localclient"
ISSUER = tokens.issuer_of(POOL)
SUB = "0b5e1c9a-1111-4222-8333-944445555666"


@pytest.fixture
def verifier() -> JwtVerifier:
    return JwtVerifier(ISSUER, [CLIENT], tokens.moto_jwks)


def claims(use: str = "id", **overrides: Any) -> dict[str, Any]:
    return tokens.claims_for(ISSUER, CLIENT, SUB, use, **overrides)


@pytest.mark.parametrize("token_use", ["id", "access"])
def test_accepts_a_pool_token_of_either_use(verifier: JwtVerifier, token_use: str) -> None:
    verified = verifier.verify(tokens.sign(claims(token_use)))
    assert verified["sub"] == SUB
    assert verified["token_use"] == token_use


def test_accepts_a_token_moto_itself_would_issue_for_an_audience_list(verifier: JwtVerifier) -> None:
    assert verifier.verify(tokens.sign(claims(aud=["other", CLIENT])))["sub"] == SUB


@pytest.mark.parametrize(
    ("case", "token_claims"),
    [
        ("access token carrying aud for this client", claims("access", client_id=None, aud=CLIENT)),
        ("ID token carrying client_id only", claims("id", aud=None, client_id=CLIENT)),
        ("token_use neither id nor access", claims(token_use="refresh")),
        ("no token_use", claims(token_use=None)),
    ],
)
def test_reads_aud_then_client_id_and_never_token_use(verifier: JwtVerifier, case: str, token_claims: dict) -> None:
    """API Gateway checks `aud` when present, otherwise `client_id`, and has no `token_use` requirement."""
    assert verifier.verify(tokens.sign(token_claims))["sub"] == SUB, case


@pytest.mark.parametrize(
    ("case", "token_claims"),
    [
        ("expired", lambda now: claims(exp=now - 1, iat=now - 3600)),
        ("expiry exactly now or earlier", lambda now: claims(exp=now - 3600, iat=now - 7200)),
        ("not valid yet (nbf)", lambda now: claims(nbf=now + 600)),
        ("issued in the future (iat)", lambda now: claims(iat=now + 600)),
        ("other issuer", lambda now: claims(iss=tokens.issuer_of("us-east-1_otherpool"))),
        ("local-looking issuer", lambda now: claims(iss=f"http://127.0.0.1:4566/{POOL}")),
        ("ID token for another app client", lambda now: claims(aud="someone-else")),
        ("access token for another app client", lambda now: claims("access", client_id="someone-else")),
        ("aud for another client, client_id for this one", lambda now: claims("access", aud="someone-else")),
        ("neither aud nor client_id", lambda now: claims("access", client_id=None)),
        ("no exp", lambda now: claims(exp=None)),
        ("no iat", lambda now: claims(iat=None)),
        ("no sub", lambda now: claims(sub=None)),
        ("exp not a number", lambda now: claims(exp="tomorrow")),
    ],
)
def test_refuses_claims_api_gateway_would_refuse(
    verifier: JwtVerifier, case: str, token_claims: Callable[[int], dict]
) -> None:
    """Claims are built when the test runs: times fixed at import would come due during a long run."""
    with pytest.raises(Unauthorized):
        verifier.verify(tokens.sign(token_claims(int(time.time()))))


def test_refuses_a_token_whose_payload_was_changed(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthorized):
        verifier.verify(tokens.tampered(tokens.sign(claims())))


def test_refuses_alg_none(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthorized, match="RS256"):
        verifier.verify(tokens.unsigned(claims()))


def test_refuses_hs256_signed_with_the_public_key(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthorized, match="RS256"):
        verifier.verify(tokens.hs256_with_public_key(claims()))


def test_refuses_a_key_id_not_in_the_jwks(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthorized, match="JWKS"):
        verifier.verify(tokens.sign(claims(), kid="not-the-pool-key"))


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30."])
def test_refuses_what_is_not_a_jwt(verifier: JwtVerifier, garbage: str) -> None:
    with pytest.raises(Unauthorized):
        verifier.verify(garbage)


def test_an_unknown_kid_refetches_the_jwks_but_not_on_every_request() -> None:
    fetched: list[int] = []

    def loader() -> dict[str, Any]:
        fetched.append(1)
        return tokens.moto_jwks()

    clock = [1_000.0]
    verifier = JwtVerifier(ISSUER, [CLIENT], loader, clock=lambda: clock[0])
    for _ in range(3):
        with pytest.raises(Unauthorized):
            verifier.verify(tokens.sign(claims(iat=900, exp=2_000), kid="rotated"))
    assert len(fetched) == 1  # a flood of bad kids cannot hammer the issuer
    clock[0] += 60
    assert verifier.verify(tokens.sign(claims(iat=900, exp=2_000)))["sub"] == SUB
    assert len(fetched) == 1  # the known key is cached


def test_expiry_is_judged_by_the_clock() -> None:
    clock = [1_000.0]
    verifier = JwtVerifier(ISSUER, [CLIENT], tokens.moto_jwks, clock=lambda: clock[0])
    token = tokens.sign(claims(iat=1_000, exp=1_060))
    assert verifier.verify(token)["sub"] == SUB
    clock[0] = 1_060
    with pytest.raises(Unauthorized, match="expired"):
        verifier.verify(token)
