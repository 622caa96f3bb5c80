"""Concurrent executions under strict DynamoDB rules: throughput, transaction conflicts and non-201 answers.

moto alone applies requests one at a time and never refuses an overlap, so contention is invisible there.
Here every DynamoDB call meets DynamoDB's transaction-conflict rules (devkit.strict_dynamodb): each
TransactWriteItems holds its items for LOCAL_DYNAMODB_HOLD_MS (40 ms) and an overlapping one is cancelled with
TransactionConflict. For 8, 32 and 64 concurrent clients, threads call the execute function as Lambda would
(one request per execution environment, as many environments as clients) with HTTP API events. A round of
dry runs (which write no task) first loads the environments, so cold imports are not timed.

The world: 5 active ADMIN users, all assignable; 3 of them send the executions (round robin), so every
execution is assigned to one of the other 4. "Conflicts per execution" counts TransactWriteItems that the
rules cancelled with TransactionConflict, divided by the executions sent (each cancellation is one retry or,
after the last try, one 409). Since the write-path change the only item two executions can both write is the
assignee's row, so a conflict is an execution waiting for an assignee; "answers other than 201" is what the
caller sees. Figures are for this machine, in process (no network): they compare designs,
they do not predict AWS.

Run: `python -m scripts.bench.concurrency [--levels 8 32 64] [--hold-ms 40]`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scripts.bench import make_user, moto_world

LEVELS = {8: 96, 32: 160, 64: 320}
"""Concurrent clients -> executions sent at that level."""
ADMINS = 5
EXECUTORS = 3
TIME_CAP_S = 600.0


def body_for(n: int) -> dict[str, Any]:
    category = ("general", "campaign", "workflow", "content", "integration")[n % 5]
    return {"task": {"category": category, "title": f"Concurrency bench task {n}", "priority": ("LOW", "HIGH")[n % 2]}}


def run_level(clients: int, executions: int, hold_ms: float) -> dict[str, Any]:
    """One fresh world, `executions` executions sent by `clients` threads at once."""
    from devkit import template
    from devkit.events import http_api_event
    from devkit.gateway import FunctionRuntime
    from devkit.strict_dynamodb import StrictRules, in_process

    with moto_world(), contextlib.redirect_stdout(io.StringIO()):
        admins = [make_user("ADMIN") for _ in range(ADMINS)]
        senders = admins[:EXECUTORS]
        spec = next(s for s in template.functions().values() if s.code_dir.name == "execute")
        runtime = FunctionRuntime(spec, max_environments=clients)

        def execute(n: int, dry_run: bool = False) -> int:
            body = {**body_for(n), "dryRun": True} if dry_run else body_for(n)
            event = http_api_event("POST", "/ai/execute", route="/ai/execute", body=body, claims=senders[n % EXECUTORS])
            return int(runtime.invoke(event)["statusCode"])

        with ThreadPoolExecutor(max_workers=clients) as pool:  # warm-up: the environments' imports, not timed
            list(pool.map(lambda n: execute(n, dry_run=True), range(clients)))

        with in_process(StrictRules(hold_s=hold_ms / 1000)) as rules:
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                futures = [pool.submit(execute, n) for n in range(executions)]
                statuses = Counter(f.result(timeout=TIME_CAP_S) for f in futures)
            elapsed = time.perf_counter() - started
            counts = rules.snapshot()
        tasks = _task_count()
    conflicts = counts["transaction_conflicts"]
    return {
        "clients": clients,
        "executions": executions,
        "seconds": round(elapsed, 2),
        "executions_per_s": round(statuses[201] / elapsed, 1),
        "transaction_conflicts": conflicts,
        "conflicts_per_execution": round(conflicts / executions, 2),
        "write_conflicts": counts["write_conflicts"],
        "not_201": sum(count for status, count in statuses.items() if status != 201),
        "statuses": dict(sorted(statuses.items())),
        "tasks_written": tasks,
    }


def _task_count() -> int:
    from taskexec.data.models import TaskModel

    return sum(1 for _ in TaskModel.scan())


def run(levels: dict[int, int] | None = None, hold_ms: float | None = None) -> dict[str, Any]:
    from devkit.strict_dynamodb import DEFAULT_HOLD_MS

    hold = DEFAULT_HOLD_MS if hold_ms is None else hold_ms
    return {
        "hold_ms": hold,
        "levels": [run_level(clients, executions, hold) for clients, executions in (levels or LEVELS).items()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--levels", type=int, nargs="*", default=list(LEVELS), help="concurrent clients")
    parser.add_argument("--executions", type=int, help="executions per level (default 96/160/320)")
    parser.add_argument("--hold-ms", type=float, help="how long a transaction holds its items")
    args = parser.parse_args()
    levels = {n: args.executions or LEVELS.get(n, 5 * n) for n in args.levels}
    print(json.dumps(run(levels, args.hold_ms), indent=2))


if __name__ == "__main__":
    main()
