"""The emulated Cognito side of the local stack: the user pool, app client and groups made from template.yaml,
the demo users, and signing in.

Properties are read from the template's AWS::Cognito::* resources and passed through to the Cognito API
(CloudFormation's property names are the API's parameter names, with two renames), so the pool behaves locally
as the deployed one does: same password policy, username attributes and auth flows. Nothing here restates them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import boto3

from devkit import template

LOCAL_REGION = "us-east-1"
DEMO_PASSWORD = "Local-Demo-Passw0rd!"  # noqa: S105 - printed on purpose: local demo users only
"""One password for every demo user: long and mixed enough for any sensible password policy."""

_POOL_RENAMES = {"UserPoolName": "PoolName", "UserPoolTags": "UserPoolTags"}
_NOT_EMULATED = {"LambdaConfig"}
"""Triggers point at deployed Lambda ARNs; locally the stack writes the demo users' rows itself, from their
Cognito attributes as the post-confirmation trigger would (the zone from `zoneinfo`)."""


def local_client(service: str, endpoint: str, region: str = LOCAL_REGION) -> Any:
    """A boto3 client for the emulator (dummy credentials: moto accepts any)."""
    return boto3.client(
        service,  # type: ignore[call-overload]
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - not a secret: the emulator ignores it
    )


@dataclass(frozen=True)
class DemoUser:
    """A user of the local stack, as listed in stack.json's `demoUsers`."""

    username: str
    password: str
    role: str
    status: str
    userId: str = ""


DEMO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    # (username, role, status, Cognito's zoneinfo attribute: None leaves it unset, so the row reads UTC)
    ("superadmin@example.com", "SUPER_ADMIN", "ACTIVE", "Europe/Berlin"),
    ("admin@example.com", "ADMIN", "ACTIVE", None),
    ("itadmin@example.com", "IT_ADMIN", "ACTIVE", "America/New_York"),
    ("user@example.com", "USER", "ACTIVE", "Pacific/Honolulu"),
    # An executing role, so that its refusal can only come from the row's status.
    ("inactive@example.com", "ADMIN", "INACTIVE", None),
)


def _api_parameters(client: Any, operation: str, properties: dict[str, Any]) -> dict[str, Any]:
    """Only the properties the API operation takes (others are CloudFormation-only, e.g. DeletionPolicy)."""
    members = client.meta.service_model.operation_model(operation).input_shape.members
    return {name: value for name, value in properties.items() if name in members}


@dataclass(frozen=True)
class UserPool:
    """The created pool: what the gateway, stack.json and the sign-in need."""

    user_pool_id: str
    client_id: str
    client_secret: str | None
    groups: tuple[str, ...]


def create_user_pool(client: Any, path: Path = template.TEMPLATE) -> UserPool:
    """Create the template's user pool, its app client and its groups in the emulator."""
    pool_logical_id, pool_props = template.single_resource("AWS::Cognito::UserPool", path)
    props = template.resolve_properties(pool_props, {}, path)
    props = {_POOL_RENAMES.get(name, name): value for name, value in props.items() if name not in _NOT_EMULATED}
    props.setdefault("PoolName", pool_logical_id)
    pool_id = client.create_user_pool(**_api_parameters(client, "CreateUserPool", props))["UserPool"]["Id"]

    refs = {pool_logical_id: pool_id}
    _, client_props = template.single_resource("AWS::Cognito::UserPoolClient", path)
    app = template.resolve_properties(client_props, refs, path)
    app["UserPoolId"] = pool_id
    app.setdefault("ClientName", "local")
    created = client.create_user_pool_client(**_api_parameters(client, "CreateUserPoolClient", app))
    app_client = created["UserPoolClient"]

    groups = []
    for group_props in template.user_pool_groups(path).values():
        group = template.resolve_properties(group_props, refs, path)
        group["UserPoolId"] = pool_id
        group.pop("RoleArn", None)  # an IAM role of the deployed account
        client.create_group(**_api_parameters(client, "CreateGroup", group))
        groups.append(str(group["GroupName"]))
    return UserPool(pool_id, app_client["ClientId"], app_client.get("ClientSecret"), tuple(groups))


def create_demo_users(client: Any, pool: UserPool) -> list[DemoUser]:
    """The demo users in Cognito (password set, in their role's group) and in the users table.

    The users table must already be reachable through the pynamodb models (environment set before import). The
    row's zone is the one Cognito holds in `zoneinfo`, read back and judged as the post-confirmation trigger
    judges a sign-up's (an IANA name, else UTC).
    """
    from taskexec.authorization import Role, UserStatus
    from taskexec.data.user_store import create_user_row
    from taskexec.domain.time_zones import zone_or_utc

    users = []
    for username, role, status, zoneinfo in DEMO_USERS:
        attributes = [{"Name": "email", "Value": username}, {"Name": "email_verified", "Value": "true"}]
        if zoneinfo:
            attributes.append({"Name": "zoneinfo", "Value": zoneinfo})
        created = client.admin_create_user(
            UserPoolId=pool.user_pool_id, Username=username, UserAttributes=attributes, MessageAction="SUPPRESS"
        )
        held = {a["Name"]: a["Value"] for a in created["User"]["Attributes"]}
        sub = held["sub"]
        client.admin_set_user_password(
            UserPoolId=pool.user_pool_id, Username=username, Password=DEMO_PASSWORD, Permanent=True
        )
        if role in pool.groups:
            client.admin_add_user_to_group(UserPoolId=pool.user_pool_id, Username=username, GroupName=role)
        create_user_row(
            sub,
            email=username,
            username=username,
            role=Role(role),
            status=UserStatus(status),
            time_zone=zone_or_utc(held.get("zoneinfo")),
        )
        users.append(DemoUser(username, DEMO_PASSWORD, role, status, sub))
    return users


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """SECRET_HASH for app clients that have a secret (Cognito's HMAC of username + client id)."""
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def sign_in(
    client: Any, client_id: str, username: str, password: str, client_secret: str | None = None
) -> dict[str, Any]:
    """USER_PASSWORD_AUTH: the tokens (IdToken, AccessToken, RefreshToken, ExpiresIn) for a user."""
    parameters = {"USERNAME": username, "PASSWORD": password}
    if client_secret:
        parameters["SECRET_HASH"] = secret_hash(username, client_id, client_secret)
    answer = client.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=parameters)
    if "AuthenticationResult" not in answer:
        raise RuntimeError(f"sign-in for {username} asks for a challenge: {answer.get('ChallengeName')}")
    return dict(answer["AuthenticationResult"])


def demo_user_dicts(users: list[DemoUser]) -> list[dict[str, str]]:
    return [asdict(user) for user in users]
