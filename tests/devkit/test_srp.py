"""USER_SRP_AUTH under `make local` is as strict as AWS: the gateway's stand-in for the user pool's API
(devkit.cognito_proxy) verifies the password proof that moto alone accepts unread, over moto's own server.

The SRP arithmetic is held to a reference: the vector below was computed with pycognito's client (which signs in
to AWS's user pools), and the page's srp.js is held to the same vector in tests/browser."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import pytest

from devkit import cognito, srp
from devkit.cognito_proxy import PATH, CognitoProxy
from devkit.stack import MotoServer

PASSWORD = "Correct-Horse-Battery-9!"

# The reference vector (pycognito's client computed the signature from these inputs).
VECTOR_POOL = "us-east-1_Vector01"
VECTOR_USER = "5b0e7b52-9f6c-4b9e-8f3c-2d1a6e4c7f10"
VECTOR_PASSWORD = "Local-Demo-Passw0rd!"
VECTOR_SMALL_A = int("7d2f" * 16, 16)
VECTOR_SMALL_B = int("3c5a" * 16, 16)
VECTOR_SALT = "9e1f04b2c3d4e5f60718293a4b5c6d7e"
VECTOR_BLOCK = base64.b64encode(bytes(range(48))).decode()
VECTOR_TIMESTAMP = "Tue Sep 3 07:04:05 UTC 2024"
VECTOR_SIGNATURE = "cxaiPuRuCa83CRT2PalGmyI9EfEgtK7jNvMQUM4EdCQ="


def vector_challenge() -> srp.Challenge:
    big_a = pow(srp.G, VECTOR_SMALL_A, srp.N)
    verifier = pow(srp.G, srp.private_x(VECTOR_POOL, VECTOR_USER, VECTOR_PASSWORD, VECTOR_SALT), srp.N)
    big_b = (srp.K * verifier + pow(srp.G, VECTOR_SMALL_B, srp.N)) % srp.N
    return srp.Challenge(VECTOR_POOL, VECTOR_USER, big_a, VECTOR_SALT, VECTOR_SMALL_B, big_b, verifier, VECTOR_BLOCK)


def test_both_sides_agree_with_the_reference_vector() -> None:
    challenge = vector_challenge()
    client = srp.Client(VECTOR_SMALL_A, challenge.big_a)
    assert client.signature(VECTOR_POOL, VECTOR_PASSWORD, challenge.parameters(), VECTOR_TIMESTAMP) == VECTOR_SIGNATURE
    assert challenge.expected_signature(VECTOR_TIMESTAMP) == VECTOR_SIGNATURE
    assert client.signature(VECTOR_POOL, VECTOR_PASSWORD + "x", challenge.parameters(), VECTOR_TIMESTAMP) != (
        VECTOR_SIGNATURE
    )


def test_cognito_timestamps_do_not_pad_the_day() -> None:
    at = datetime(2024, 9, 3, 7, 4, 5, tzinfo=UTC)
    assert srp.timestamp(at) == VECTOR_TIMESTAMP
    assert srp.parse_timestamp(VECTOR_TIMESTAMP) == at
    assert srp.timestamp(datetime(2025, 12, 25, 23, 0, 9, tzinfo=UTC)) == "Thu Dec 25 23:00:09 UTC 2025"


class Pool(NamedTuple):
    proxy: CognitoProxy
    pool_id: str
    client_id: str
    user_id: str
    idp: Any


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    server = MotoServer(0)
    server.start()
    try:
        idp = cognito.local_client("cognito-idp", server.endpoint)
        made = cognito.create_user_pool(idp)  # the template's pool and app client
        created = idp.admin_create_user(
            UserPoolId=made.user_pool_id,
            Username="pat@example.com",
            UserAttributes=[{"Name": "email", "Value": "pat@example.com"}],
            MessageAction="SUPPRESS",
        )
        idp.admin_set_user_password(
            UserPoolId=made.user_pool_id, Username="pat@example.com", Password=PASSWORD, Permanent=True
        )
        yield Pool(
            CognitoProxy(server.endpoint, made.user_pool_id),
            made.user_pool_id,
            made.client_id,
            created["User"]["Username"],
            idp,
        )
    finally:
        server.stop()


def call(pool: Pool, action: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"AWSCognitoIdentityProviderService.{action}",
    }
    status, _, raw = pool.proxy.handle("POST", headers, json.dumps(body).encode())
    return status, json.loads(raw)


def sign_in(pool: Pool, password: str, email: str = "pat@example.com", **tamper: Any) -> tuple[int, dict[str, Any]]:
    client = srp.Client.start()
    status, challenge = call(
        pool,
        "InitiateAuth",
        {
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": pool.client_id,
            "AuthParameters": {"USERNAME": email, "SRP_A": client.srp_a},
        },
    )
    if status != 200:
        return status, challenge
    parameters = challenge["ChallengeParameters"]
    stamp = tamper.get("timestamp", srp.timestamp())
    responses = {
        "USERNAME": parameters["USER_ID_FOR_SRP"],
        "PASSWORD_CLAIM_SECRET_BLOCK": parameters["SECRET_BLOCK"],
        "PASSWORD_CLAIM_SIGNATURE": client.signature(pool.pool_id, password, parameters, stamp),
        "TIMESTAMP": stamp,
    }
    answer = call(
        pool,
        "RespondToAuthChallenge",
        {"ChallengeName": "PASSWORD_VERIFIER", "ClientId": pool.client_id, "ChallengeResponses": responses},
    )
    if tamper.get("replay"):
        return call(
            pool,
            "RespondToAuthChallenge",
            {"ChallengeName": "PASSWORD_VERIFIER", "ClientId": pool.client_id, "ChallengeResponses": responses},
        )
    return answer


def test_the_right_password_signs_in_with_tokens_moto_issued(pool: Pool) -> None:
    status, answer = sign_in(pool, PASSWORD)
    assert status == 200, answer
    tokens = answer["AuthenticationResult"]
    claims = json.loads(base64.urlsafe_b64decode(tokens["IdToken"].split(".")[1] + "=="))
    assert (claims["sub"], claims["aud"], claims["token_use"]) == (pool.user_id, pool.client_id, "id")


@pytest.mark.parametrize("password", ["", "correct-horse-battery-9!", PASSWORD + " ", "Correct-Horse-Battery-8!"])
def test_a_wrong_password_is_refused_as_aws_refuses_it(pool: Pool, password: str) -> None:
    assert sign_in(pool, password) == (
        400,
        {"__type": "NotAuthorizedException", "message": "Incorrect username or password."},
    )


def test_an_unknown_user_is_answered_as_a_wrong_password(pool: Pool) -> None:
    assert sign_in(pool, PASSWORD, email="nobody@example.com") == (
        400,
        {"__type": "NotAuthorizedException", "message": "Incorrect username or password."},
    )


def test_a_proof_is_good_once_and_only_with_a_current_timestamp(pool: Pool) -> None:
    status, answer = sign_in(pool, PASSWORD, replay=True)
    assert (status, answer["__type"]) == (400, "NotAuthorizedException")
    stale = srp.timestamp(datetime.now(UTC) - timedelta(minutes=30))
    status, answer = sign_in(pool, PASSWORD, timestamp=stale)
    assert (status, answer["__type"]) == (400, "NotAuthorizedException")


def test_only_the_flows_the_app_client_allows(pool: Pool) -> None:
    made = pool.idp.create_user_pool_client(
        UserPoolId=pool.pool_id, ClientName="password-only", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]
    status, answer = call(
        pool,
        "InitiateAuth",
        {
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": made["ClientId"],
            "AuthParameters": {"USERNAME": "pat@example.com", "SRP_A": srp.Client.start().srp_a},
        },
    )
    assert (status, answer["__type"]) == (400, "InvalidParameterException")


def test_refresh_works_until_the_refresh_token_is_revoked(pool: Pool) -> None:
    _, answer = sign_in(pool, PASSWORD)
    refresh_token = answer["AuthenticationResult"]["RefreshToken"]
    refresh = {
        "AuthFlow": "REFRESH_TOKEN_AUTH",
        "ClientId": pool.client_id,
        "AuthParameters": {"REFRESH_TOKEN": refresh_token},
    }
    status, refreshed = call(pool, "InitiateAuth", refresh)
    assert status == 200
    assert refreshed["AuthenticationResult"]["IdToken"]
    assert call(pool, "RevokeToken", {"Token": refresh_token, "ClientId": pool.client_id}) == (200, {})
    status, refused = call(pool, "InitiateAuth", refresh)
    assert (status, refused["__type"]) == (400, "NotAuthorizedException")


def test_the_gateway_answers_the_pool_s_api_at_its_own_path() -> None:
    assert PATH == "/cognito-idp/"
