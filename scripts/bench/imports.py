"""Cold import time of each handler against the floor its dependencies set.

Each sample is a fresh interpreter (nothing cached in memory; byte code cached on disk, as in a Lambda package
built with .pyc files) timing, with perf_counter, the import of functions/<name>/app.py loaded by path as the
Lambda runtime loads it. The floor is the same measurement of the bare libraries every handler needs: boto3,
pynamodb, pydantic and Powertools (Logger, Metrics, Tracer, the HTTP resolver). Goal: handler / floor <= 1.15.
Where a handler is above it, `python -X importtime` names the modules the handler adds over the floor.

Run: `python -m scripts.bench.imports [--samples N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from scripts.bench import BENCH_ENV

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
LAYER = ROOT / "layers" / "common" / "python"
SAMPLES = 9
GOAL_RATIO = 1.15

FLOOR_IMPORTS = (
    "import boto3\n"
    "import pynamodb.models\n"
    "from pydantic import BaseModel\n"
    "from aws_lambda_powertools import Logger, Metrics, Tracer\n"
    "from aws_lambda_powertools.event_handler import APIGatewayHttpResolver\n"
)
TIMED = "import time\nstarted = time.perf_counter()\n{body}\nprint(time.perf_counter() - started)\n"
LOAD_HANDLER = (
    "import importlib.util, sys\n"
    "spec = importlib.util.spec_from_file_location('app', {path!r})\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "sys.modules['app'] = module\n"
    "spec.loader.exec_module(module)\n"
)


def _environment(cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "AWS_ENDPOINT_URL")}
    env.update(BENCH_ENV)
    env["PYTHONPATH"] = os.pathsep.join([str(LAYER), str(ROOT)])
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def _python(code: str, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )


def _once(code: str, env: dict[str, str]) -> float:
    """Import time in ms of `code` in one fresh interpreter."""
    return float(_python(TIMED.format(body=code), env).stdout.strip().splitlines()[-1]) * 1000


def _paired(code: str, env: dict[str, str], samples: int) -> tuple[float, float, float]:
    """Median handler time, median floor time and median of the per-pair ratios.

    Floor and handler are timed back to back in each pair (after one run each that fills the byte-code
    cache), so drift in the machine's load moves both sides of a ratio alike.
    """
    _once(FLOOR_IMPORTS, env)
    _once(code, env)
    pairs = [(_once(FLOOR_IMPORTS, env), _once(code, env)) for _ in range(samples)]
    floors, handlers_ms = zip(*pairs, strict=True)
    return (
        statistics.median(handlers_ms),
        statistics.median(floors),
        statistics.median(h / f for f, h in pairs),
    )


def _import_times(code: str, env: dict[str, str]) -> dict[str, int]:
    """Self time (us) of each module imported by `code`, from python -X importtime."""
    report = _python(code, env, "-X", "importtime").stderr
    times: dict[str, int] = {}
    for line in report.splitlines():
        found = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|\s+(.*)$", line)
        if found:
            times[found.group(3).strip()] = int(found.group(1))
    return times


def extra_modules(handler_code: str, env: dict[str, str], top: int = 8) -> list[dict[str, Any]]:
    """What the handler imports beyond the floor, by top-level package, heaviest first (self time, ms)."""
    floor = _import_times(FLOOR_IMPORTS, env)
    mine = _import_times(handler_code, env)
    packages: dict[str, float] = {}
    heaviest: dict[str, tuple[str, int]] = {}
    for module, us in mine.items():
        if module in floor:
            continue
        package = module.split(".")[0]
        packages[package] = packages.get(package, 0) + us / 1000
        if us > heaviest.get(package, ("", -1))[1]:
            heaviest[package] = (module, us)
    ranked = sorted(packages.items(), key=lambda item: -item[1])[:top]
    return [
        {"package": p, "ms": round(ms, 1), "heaviest": heaviest[p][0], "heaviest_ms": round(heaviest[p][1] / 1000, 1)}
        for p, ms in ranked
    ]


def handlers() -> list[str]:
    return sorted(p.parent.name for p in FUNCTIONS.glob("*/app.py"))


def run(samples: int = SAMPLES) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = _environment(cache)
        results: dict[str, Any] = {}
        floors: list[float] = []
        for name in handlers():
            code = LOAD_HANDLER.format(path=str(FUNCTIONS / name / "app.py"))
            ms, floor, ratio = _paired(code, env, samples)
            floors.append(floor)
            entry: dict[str, Any] = {"ms": round(ms, 1), "ratio": round(ratio, 3)}
            if ratio > GOAL_RATIO:
                entry["extra_modules"] = extra_modules(code, env)
            results[name] = entry
    return {
        "samples": samples,
        "goal": f"handler / floor <= {GOAL_RATIO}",
        "floor_ms": round(statistics.median(floors), 1),
        "handlers": results,
        "meets_goal": all(h["ratio"] <= GOAL_RATIO for h in results.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    print(json.dumps(run(parser.parse_args().samples), indent=2))


if __name__ == "__main__":
    main()
