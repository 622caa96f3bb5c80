"""DynamoDB calls per request: every call any botocore client makes (pynamodb's, the transaction client,
Powertools Idempotency's), counted where they all pass (`devkit.botocalls`).

Goal: at most 3 calls for a successful execute (user row, assignee query, one transaction).
Run: `python -m scripts.bench.dynamodb_calls`.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from scripts.bench import call, make_user, moto_world

GOAL_EXECUTE_CALLS = 3
TASK = {"task": {"category": "campaign", "title": "Spring sale announcement"}}


@contextmanager
def counting() -> Iterator[list[str]]:
    """Every DynamoDB operation made inside the block, in order."""
    from devkit.botocalls import Call, Send, intercepting

    seen: list[str] = []

    def counted(call: Call, send: Send) -> Any:
        seen.append(call.operation)
        return send()

    with intercepting(counted, service="dynamodb"):
        yield seen


def measure(request: Callable[[], tuple[int, Any]]) -> dict[str, Any]:
    with counting() as seen, contextlib.redirect_stdout(io.StringIO()):
        status, _ = request()
    return {"status": status, "calls": len(seen), "operations": seen}


def run() -> dict[str, Any]:
    from devkit.handlers import FUNCTIONS

    with moto_world():
        admin, user = make_user("ADMIN"), make_user("USER")
        make_user("IT_ADMIN")  # the assignee
        inactive = make_user("ADMIN", "INACTIVE")
        with contextlib.redirect_stdout(io.StringIO()):
            _, first = call("POST", "/ai/execute", admin, body=TASK)
        task_id = first["task"]["id"]
        key = {"Idempotency-Key": "bench-key"}
        cases: dict[str, Callable[[], tuple[int, Any]]] = {
            "execute": lambda: call("POST", "/ai/execute", admin, body=TASK),
            "execute, new Idempotency-Key": lambda: call("POST", "/ai/execute", admin, body=TASK, headers=key),
            "execute, replayed Idempotency-Key": lambda: call("POST", "/ai/execute", admin, body=TASK, headers=key),
            "execute, dry run": lambda: call("POST", "/ai/execute", admin, body={**TASK, "dryRun": True}),
            "GET /tasks": lambda: call("GET", "/tasks", admin, query="scope=all"),
            "GET /tasks/{taskId}": lambda: call("GET", "/tasks/{taskId}", admin, path=f"/tasks/{task_id}"),
            "GET /tasks/{taskId}/comments": lambda: call(
                "GET", "/tasks/{taskId}/comments", admin, path=f"/tasks/{task_id}/comments"
            ),
            "fail: USER executes (403)": lambda: call("POST", "/ai/execute", user, body=TASK),
            "fail: inactive (403)": lambda: call("POST", "/ai/execute", inactive, body=TASK),
            "fail: escalation (403)": lambda: call("POST", "/ai/execute", admin, body={**TASK, "role": "ADMIN"}),
            "fail: no task detected (422)": lambda: call("POST", "/ai/execute", admin, body={"message": "hi there"}),
            "fail: schema (422)": lambda: call("POST", "/ai/execute", admin, body={"task": {"category": "x"}}),
            "fail: no claims (401)": lambda: call("POST", "/ai/execute", None, body=TASK),
            "fail: body too large (413)": lambda: call("POST", "/ai/execute", admin, body={"message": "x" * 300_000}),
        }
        if (FUNCTIONS / "health" / "app.py").is_file():
            cases["GET /ai/health-check"] = lambda: call("GET", "/ai/health-check", admin)
        results = {name: measure(request) for name, request in cases.items()}
    execute_calls = results["execute"]["calls"]
    return {
        "goal": f"<= {GOAL_EXECUTE_CALLS} calls per successful execute",
        "execute_calls": execute_calls,
        "meets_goal": execute_calls <= GOAL_EXECUTE_CALLS and results["execute"]["status"] == 201,
        "cases": results,
    }


def main() -> None:
    print(json.dumps(run(), indent=2))


if __name__ == "__main__":
    main()
