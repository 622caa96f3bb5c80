"""`make token USER=<username>`: print an ID token of a local demo user, for `Authorization: Bearer ...`.

It signs in the way a front end would (USER_PASSWORD_AUTH against the emulated Cognito of the running
`make local`), so the token is one the local gateway verifies exactly as API Gateway would.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from devkit import cognito, template


def stack_info(state_dir: Path | None = None) -> dict[str, Any]:
    """The running local stack's stack.json; a clear error when `make local` is not running."""
    directory = state_dir or Path(os.environ.get("LOCAL_STATE_DIR", template.ROOT / ".local"))
    path = directory / "stack.json"
    if not path.is_file():
        raise SystemExit(f"{path} not found: start the local stack first (make local)")
    info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return info


def tokens_for(info: dict[str, Any], username: str, password: str | None = None) -> dict[str, Any]:
    """Sign a user of the local stack in; the password defaults to the demo user's."""
    if password is None:
        user = next((u for u in info["demoUsers"] if u["username"].lower() == username.lower()), None)
        if user is None:
            known = ", ".join(u["username"] for u in info["demoUsers"])
            raise SystemExit(f"{username!r} is not a demo user ({known}); set PASSWORD for another user")
        password = str(user["password"])
    client = cognito.local_client("cognito-idp", info["awsEndpoint"], info["region"])
    # stack.json has no client secret; the template's client has none, but ask in case it changes.
    described = client.describe_user_pool_client(UserPoolId=info["userPoolId"], ClientId=info["userPoolClientId"])
    secret = described["UserPoolClient"].get("ClientSecret")
    return cognito.sign_in(client, info["userPoolClientId"], username, password, secret)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    info = stack_info()
    if not args or not args[0]:
        names = ", ".join(u["username"] for u in info["demoUsers"])
        print(f"usage: make token USER=<username>   (demo users: {names})", file=sys.stderr)
        return 2
    print(tokens_for(info, args[0], os.environ.get("PASSWORD"))["IdToken"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
