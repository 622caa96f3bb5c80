"""A thin command-line client for the local stack: sign in as a demo user and call one route.

    python -m devkit.cli [--user admin@example.com] execute "Create a campaign for the spring sale by Friday"
    python -m devkit.cli tasks [--scope all|assigned|created]
    python -m devkit.cli task <taskId>
    python -m devkit.cli comments <taskId>
    python -m devkit.cli health

It prints the HTTP status and the JSON answer; it adds nothing the API does not do.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode

from devkit.token import stack_info, tokens_for


def call(url: str, method: str, token: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"authorization": f"Bearer {token}", "content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devkit.cli", description="Call the local stack as a demo user.")
    parser.add_argument("--user", default="admin@example.com", help="demo user to sign in as")
    commands = parser.add_subparsers(dest="command", required=True)
    execute = commands.add_parser("execute", help="POST /ai/execute with a message")
    execute.add_argument("message")
    execute.add_argument("--dry-run", action="store_true")
    tasks = commands.add_parser("tasks", help="GET /tasks")
    tasks.add_argument("--scope", choices=["assigned", "created", "all"])
    commands.add_parser("task", help="GET /tasks/{taskId}").add_argument("task_id")
    commands.add_parser("comments", help="GET /tasks/{taskId}/comments").add_argument("task_id")
    commands.add_parser("health", help="GET /ai/health-check")
    args = parser.parse_args(argv)

    info = stack_info()
    token = str(tokens_for(info, args.user)["IdToken"])
    base = info["apiUrl"]
    if args.command == "execute":
        body: dict[str, Any] = {"message": args.message}
        if args.dry_run:
            body["dryRun"] = True
        status, answer = call(f"{base}/ai/execute", "POST", token, body)
    elif args.command == "tasks":
        query = urlencode({"scope": args.scope} if args.scope else {})
        status, answer = call(f"{base}/tasks" + (f"?{query}" if query else ""), "GET", token)
    elif args.command in ("task", "comments"):
        suffix = "/comments" if args.command == "comments" else ""
        status, answer = call(f"{base}/tasks/{quote(args.task_id, safe='')}{suffix}", "GET", token)
    else:
        status, answer = call(f"{base}/ai/health-check", "GET", token)
    print(status)
    print(json.dumps(answer, indent=2))
    return 0 if status < 400 else 1


if __name__ == "__main__":
    sys.exit(main())
