"""Warm latency of POST /ai/execute in process against moto: median and p95 over a few hundred calls.

What it measures is our code plus moto's in-process emulation (no network), so it is a regression guard for
the request path, not a prediction of latency in AWS. Run: `python -m scripts.bench.latency [--calls N]`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import time
from typing import Any

from scripts.bench import call, make_user, moto_world

CALLS = 300
WARMUP = 20


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _check(status: int, answer: Any) -> None:
    """Only successful executions are timed: an error answered fast would pass for a fast execute."""
    if status != 201:
        raise RuntimeError(f"execute answered {status} instead of 201: {answer}")


def run(calls: int = CALLS) -> dict[str, Any]:
    with moto_world(), contextlib.redirect_stdout(io.StringIO()):
        executors = [make_user(role) for role in ("SUPER_ADMIN", "ADMIN", "ADMIN", "IT_ADMIN")]
        body = {"task": {"category": "general", "title": "Order office chairs", "priority": "HIGH"}}
        for n in range(WARMUP):
            status, answer = call("POST", "/ai/execute", executors[n % len(executors)], body=body)
            _check(status, answer)
        samples: list[float] = []
        statuses: dict[int, int] = {}
        for n in range(calls):
            started = time.perf_counter()
            status, answer = call("POST", "/ai/execute", executors[n % len(executors)], body=body)
            samples.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            _check(status, answer)
    return {
        "calls": calls,
        "statuses": statuses,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=CALLS)
    print(json.dumps(run(parser.parse_args().calls), indent=2))


if __name__ == "__main__":
    main()
