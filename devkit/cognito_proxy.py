"""The user pool's API as the console's page calls it under `make local`: moto's Cognito, made as strict as AWS.

The page talks to Cognito's JSON API (POST with `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`) at the
endpoint config.json names; locally that is the gateway's `/cognito-idp/`, same origin as the page, answered here.
moto alone would not do: its USER_SRP_AUTH sends a random B and accepts any PASSWORD_CLAIM_SIGNATURE, so a wrong
password would sign in. Here:

- InitiateAuth(USER_SRP_AUTH) goes to moto (which checks the user exists, is enabled and confirmed), then its
  challenge is replaced by a real one: a salt, B from the user's verifier (the password moto keeps for the user)
  and a fresh secret block, remembered for this sign-in only (for the app client's AuthSessionValidity, at most 3
  minutes, as AWS);
- RespondToAuthChallenge(PASSWORD_VERIFIER) verifies the signature (and the TIMESTAMP's format and age) and only
  then passes the answer to moto, which issues the tokens; a wrong proof is NotAuthorizedException, as on AWS;
- every flow must be allowed by the app client's ExplicitAuthFlows (moto does not check), and an unknown user
  gets the same answer as a wrong password (PreventUserExistenceErrors);
- RevokeToken (sign-out), which moto lacks, revokes the refresh token in moto's pool, so it refreshes no more.

Anything else is passed to moto as it came. moto runs in this process (devkit.stack), so the password and the
refresh tokens are read from its backend; nothing here is deployed.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from devkit import srp

log = logging.getLogger("devkit.cognito")

PATH = "/cognito-idp/"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
JSON_TYPE = "application/x-amz-json-1.1"
WRONG_PASSWORD = "Incorrect username or password."  # noqa: S105 - the message, not a password
TIMESTAMP_SKEW = timedelta(minutes=5)
DEFAULT_SESSION_S = 180.0
"""AuthSessionValidity's default (3 minutes): how long a challenge may be answered."""
FLOW_PERMISSIONS = {
    "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN": "ALLOW_REFRESH_TOKEN_AUTH",
    "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH",
}

Answer = tuple[int, dict[str, str], bytes]


class CognitoError(Exception):
    """An error as Cognito's JSON API answers it: `{"__type": ..., "message": ...}` with a 400."""

    def __init__(self, kind: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.kind, self.message, self.status = kind, message, status

    def answer(self) -> Answer:
        body = json.dumps({"__type": self.kind, "message": self.message}).encode()
        return self.status, {"content-type": JSON_TYPE, "x-amzn-errortype": self.kind}, body


class Pending(NamedTuple):
    """One sign-in between its challenge and its answer."""

    challenge: srp.Challenge
    client_id: str
    moto_secret_block: str
    moto_session: str | None
    expires: float


def _moto_pool(user_pool_id: str) -> Any:
    """moto's in-process model of the pool (the server the local stack runs shares this process)."""
    from moto.cognitoidp.models import cognitoidp_backends
    from moto.core import DEFAULT_ACCOUNT_ID

    region = user_pool_id.split("_", 1)[0]
    return cognitoidp_backends[DEFAULT_ACCOUNT_ID][region].user_pools[user_pool_id]


class CognitoProxy:
    """Answers the page's calls to the user pool, passing them to moto's server with SRP verified for real."""

    def __init__(self, moto_endpoint: str, user_pool_id: str) -> None:
        self.moto_endpoint = moto_endpoint.rstrip("/") + "/"
        self.user_pool_id = user_pool_id
        self._pending: dict[str, Pending] = {}
        self._lock = threading.Lock()

    def handle(self, method: str, headers: dict[str, str], body: bytes) -> Answer:
        target = next((v for k, v in headers.items() if k.lower() == "x-amz-target"), "")
        action = target[len(TARGET_PREFIX) :] if target.startswith(TARGET_PREFIX) else ""
        try:
            if method.upper() != "POST" or not action:
                raise CognitoError("UnknownOperationException", "POST a Cognito action (X-Amz-Target).")
            try:
                request = json.loads(body or b"{}")
            except ValueError:
                raise CognitoError("SerializationException", "The body is not JSON.") from None
            if not isinstance(request, dict):
                raise CognitoError("SerializationException", "The body is not a JSON object.")
            if action == "InitiateAuth":
                return self._initiate(request, target)
            if action == "RespondToAuthChallenge":
                return self._respond(request, target)
            if action == "RevokeToken":
                return self._revoke(request)
            return self._forward(target, body)
        except CognitoError as error:
            log.info("cognito %s refused: %s %s", action or "?", error.kind, error.message)
            return error.answer()

    # --- the flows ---------------------------------------------------------------------------------------

    def _client(self, client_id: str) -> Any:
        client = _moto_pool(self.user_pool_id).clients.get(client_id)
        if client is None:
            raise CognitoError("ResourceNotFoundException", f"User pool client {client_id} does not exist.")
        return client

    def _initiate(self, request: dict[str, Any], target: str) -> Answer:
        flow = str(request.get("AuthFlow", ""))
        client = self._client(str(request.get("ClientId", "")))
        allowed = client.extended_config.get("ExplicitAuthFlows") or []
        if FLOW_PERMISSIONS.get(flow) not in allowed:
            raise CognitoError("InvalidParameterException", f"{flow} flow not enabled for this client")
        log.info("cognito InitiateAuth %s", flow)
        if flow != "USER_SRP_AUTH":
            return self._forward(target, json.dumps(request).encode())
        parameters = request.get("AuthParameters") or {}
        try:
            int(str(parameters.get("SRP_A", "")), 16)
        except ValueError:
            raise CognitoError("InvalidParameterException", "SRP_A is not a hex number.") from None
        status, headers, body = self._forward(target, json.dumps(request).encode())
        if status != 200:
            kind = json.loads(body or b"{}").get("__type", "")
            if "UserNotFound" in kind or "ResourceNotFound" in kind:
                raise CognitoError("NotAuthorizedException", WRONG_PASSWORD)
            return status, headers, body
        moto_answer = json.loads(body)
        user_id = moto_answer["ChallengeParameters"]["USER_ID_FOR_SRP"]
        user = _moto_pool(self.user_pool_id)._get_user(user_id)
        try:
            challenge = srp.challenge(self.user_pool_id, user_id, str(user.password or ""), parameters["SRP_A"])
        except ValueError:
            raise CognitoError("InvalidParameterException", "SRP_A is not a valid value.") from None
        lifetime = float(client.extended_config.get("AuthSessionValidity", 3)) * 60 or DEFAULT_SESSION_S
        pending = Pending(
            challenge=challenge,
            client_id=client.id,
            moto_secret_block=moto_answer["ChallengeParameters"]["SECRET_BLOCK"],
            moto_session=moto_answer.get("Session"),
            expires=time.monotonic() + lifetime,
        )
        with self._lock:
            now = time.monotonic()
            for block in [b for b, p in self._pending.items() if p.expires < now]:
                del self._pending[block]
            self._pending[challenge.secret_block] = pending
        answer = {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": challenge.parameters()}
        return 200, {"content-type": JSON_TYPE}, json.dumps(answer).encode()

    def _respond(self, request: dict[str, Any], target: str) -> Answer:
        if request.get("ChallengeName") != "PASSWORD_VERIFIER":
            return self._forward(target, json.dumps(request).encode())
        responses = dict(request.get("ChallengeResponses") or {})
        with self._lock:
            pending = self._pending.pop(str(responses.get("PASSWORD_CLAIM_SECRET_BLOCK", "")), None)
        if pending is None or pending.expires < time.monotonic():
            raise CognitoError("NotAuthorizedException", "Invalid session for the user, session is expired.")
        if request.get("ClientId") != pending.client_id or responses.get("USERNAME") != pending.challenge.user_id:
            raise CognitoError("NotAuthorizedException", WRONG_PASSWORD)
        stamp = str(responses.get("TIMESTAMP", ""))
        sent = srp.parse_timestamp(stamp)
        if sent is None or abs(datetime.now(UTC) - sent) > TIMESTAMP_SKEW:
            raise CognitoError("NotAuthorizedException", "TIMESTAMP is not a current Cognito timestamp.")
        expected = pending.challenge.expected_signature(stamp)
        if not hmac.compare_digest(str(responses.get("PASSWORD_CLAIM_SIGNATURE", "")).encode(), expected.encode()):
            raise CognitoError("NotAuthorizedException", WRONG_PASSWORD)
        log.info("cognito PASSWORD_VERIFIER verified for %s", pending.challenge.user_id)
        responses["PASSWORD_CLAIM_SECRET_BLOCK"] = pending.moto_secret_block
        forwarded = {**request, "ChallengeResponses": responses}
        if pending.moto_session:
            forwarded["Session"] = pending.moto_session
        return self._forward(target, json.dumps(forwarded).encode())

    def _revoke(self, request: dict[str, Any]) -> Answer:
        token = str(request.get("Token", ""))
        client = self._client(str(request.get("ClientId", "")))
        tokens = _moto_pool(self.user_pool_id).refresh_tokens
        issued = tokens.get(token)
        if issued is not None and issued[0] != client.id:
            raise CognitoError("UnauthorizedException", "The token was not issued to this client.")
        if token in tokens:
            tokens[token] = None  # what moto reads as "Refresh Token has been revoked"
        log.info("cognito RevokeToken")
        return 200, {"content-type": JSON_TYPE}, b"{}"

    def _forward(self, target: str, body: bytes) -> Answer:
        request = urllib.request.Request(
            self.moto_endpoint,
            data=body,
            method="POST",
            headers={"content-type": JSON_TYPE, "x-amz-target": target},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, {"content-type": JSON_TYPE}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {"content-type": JSON_TYPE}, error.read()
