"""Cold import time of each built function against the floor its libraries set, on the artefact `make build` makes.

What is measured is what Lambda loads: `.aws-sam/build/<Function>/app.py` (loaded by path, as the runtime
loads it) with the built layer `.aws-sam/build/CommonLayer/python` and a stand-in for the runtime's own boto3
on sys.path, in that order, as /var/task, /opt/python and /var/runtime. Each sample is a fresh Python 3.13
interpreter (`-S -B`, PYTHONDONTWRITEBYTECODE=1: nothing cached in memory, and byte code read but never
written, as on Lambda's read-only file systems).

The floor is the libraries every handler needs, bare, from the same built layer and compiled: boto3,
`pynamodb.models`, `pydantic.BaseModel`, Powertools `Logger`, `Metrics` and `APIGatewayHttpResolver` (no Tracer:
the handlers do not load the X-Ray SDK unless SdkTracing is on). Floor and handler are timed back to back in
each pair, and the ratio is the median of the pairs' ratios (this machine's load drifts within a minute).
On this shared virtual machine the time of one and the same import moves by up to a third from one run to the
next (CPU time as much as wall time: the noise comes from the host), so pairs of the same artefact range from
0.97 to 1.49 and a median of a few pairs lands anywhere near the goal. The work an import does is also counted
exactly: the instructions Python executes, under valgrind's cachegrind (no cache simulation, hash seed fixed),
minus those of an interpreter that imports nothing. That count is the same on a busy and an idle machine, to
a few dozen instructions in a billion, so its ratio is what the goal holds; the timed ratio is printed beside it.
Each handler is measured twice: with the build's Python 3.13 byte code, and from a copy of the build without
any .pyc (what a package without byte code costs: every module compiled at each cold start). Goal: handler /
floor <= 1.15 with byte code. `python -X importtime` names what each handler adds over the floor.

Run: `make build` first, then `python -m scripts.bench.imports [--samples N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from scripts.bench import BENCH_ENV

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / ".aws-sam" / "build"
LAYER_NAME = "CommonLayer"
RUNTIME_STANDIN = ROOT / ".build" / "bench-runtime"
"""boto3 and its dependencies, installed and compiled by Python 3.13: the part of Lambda's /var/runtime we use."""
HOST_NATIVE = ROOT / ".build" / "bench-native"
"""The layer's binary distributions (pydantic_core) built for this machine, when it is not linux aarch64: the same
versions, put before the layer on sys.path, since an aarch64 extension cannot load on x86_64."""
SAMPLES = 7
SAMPLES_WITHOUT_BYTE_CODE = 3
CACHEGRIND = (
    [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    if (valgrind := shutil.which("valgrind"))
    else []
)
"""Counts instructions at about 25 times the speed of a plain run (10 s a handler); without valgrind, time only."""
GOAL_RATIO = 1.15

FLOOR_IMPORTS = (
    "import boto3\n"
    "import pynamodb.models\n"
    "from pydantic import BaseModel\n"
    "from aws_lambda_powertools import Logger, Metrics\n"
    "from aws_lambda_powertools.event_handler import APIGatewayHttpResolver\n"
)
TIMED = "import time\nstarted = time.perf_counter()\n{body}\nprint(time.perf_counter() - started)\n"
LOAD_HANDLER = (
    "import importlib.util, sys\n"
    "spec = importlib.util.spec_from_file_location('app', 'app.py')\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "sys.modules['app'] = module\n"
    "spec.loader.exec_module(module)\n"
)


class NotBuilt(RuntimeError):
    pass


def python313() -> str:
    """This interpreter if it is 3.13 (make's .venv is), else PYTHON313 from the environment."""
    if sys.version_info[:2] == (3, 13):
        return sys.executable
    candidate = os.environ.get("PYTHON313") or shutil.which("python3.13")
    if not candidate:
        raise NotBuilt("no Python 3.13: run with .venv's python or set PYTHON313")
    return candidate


def _boto3_pin() -> str:
    found = re.search(r"^boto3==(\S+)", (ROOT / "requirements" / "dev.txt").read_text(), re.MULTILINE)
    return f"boto3=={found.group(1)}" if found else "boto3"


def _binary_distributions(site: Path) -> list[str]:
    """name==version of each distribution in `site` that is not pure Python."""
    pins = []
    for wheel in sorted(site.glob("*.dist-info/WHEEL")):
        if "Root-Is-Purelib: false" in wheel.read_text():
            name, version = wheel.parent.name.removesuffix(".dist-info").rsplit("-", 1)
            pins.append(f"{name}=={version}")
    return pins


def _install(python: str, target: Path, pins: list[str], *options: str) -> Path:
    """pip-install `pins` with Python 3.13 into `target` (once per set of pins), compiled like the build."""
    marker = target / ".installed"
    if marker.exists() and marker.read_text() == " ".join(pins):
        return target
    shutil.rmtree(target, ignore_errors=True)
    for command in (
        [python, "-m", "pip", "install", "-q", "--no-compile", *options, "--target", str(target), *pins],
        [python, "-m", "compileall", "-q", "-f", "--invalidation-mode", "unchecked-hash", str(target)],
    ):
        subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    marker.write_text(" ".join(pins))
    return target


def support_paths(python: str, layer: Path) -> tuple[list[Path], list[Path]]:
    """(before the layer, after the layer) on sys.path: host builds of its binary wheels, the runtime's boto3."""
    after = [_install(python, RUNTIME_STANDIN, [_boto3_pin()])]
    if platform.machine() in ("aarch64", "arm64"):
        return [], after
    return [_install(python, HOST_NATIVE, _binary_distributions(layer), "--no-deps")], after


def _environment(*path: Path) -> dict[str, str]:
    """This process's environment, then the template's function variables (what a deployed function sees,
    tables by logical id), then the benchmarks' quieter settings."""
    from devkit.template import function_environment, table_logical_ids

    drop = ("PYTHONPATH", "PYTHONPYCACHEPREFIX", "PYTHONHOME", "AWS_ENDPOINT_URL", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(function_environment({table: table for table in table_logical_ids()}, {}))
    env.update(BENCH_ENV)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in path)
    return env


class Interpreter:
    """Runs code in fresh Python 3.13 processes with one sys.path and working directory."""

    def __init__(self, python: str, cwd: Path, *path: Path) -> None:
        self.python, self.cwd, self.env = python, cwd, _environment(*path)

    def run(self, code: str, *flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, "-S", "-B", *flags, "-c", code],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    def once(self, code: str) -> float:
        """Import time in ms of `code` in one fresh interpreter."""
        return float(self.run(TIMED.format(body=code)).stdout.strip().splitlines()[-1]) * 1000

    def instructions(self, code: str) -> int:
        """Instructions the interpreter executes to run `code`, counted by cachegrind, less those of starting up."""
        return self._instructions(code) - self._instructions("pass")

    def _instructions(self, code: str) -> int:
        done = subprocess.run(
            [*CACHEGRIND, self.python, "-S", "-B", "-c", code],
            cwd=self.cwd,
            env={**self.env, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            timeout=900,
            check=True,
        )
        found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
        if not found:
            raise RuntimeError(f"cachegrind printed no instruction count: {done.stderr[-500:]}")
        return int(found.group(1).replace(",", ""))

    def import_times(self, code: str) -> dict[str, int]:
        """Self time (us) of each module imported by `code`, from python -X importtime."""
        times: dict[str, int] = {}
        for line in self.run(code, "-X", "importtime").stderr.splitlines():
            found = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|\s+(.*)$", line)
            if found:
                times[found.group(3).strip()] = int(found.group(1))
        return times


def paired(floor: Interpreter, handler: Interpreter, samples: int) -> dict[str, float]:
    """Median handler and floor times (ms) and the median of the per-pair ratios, after one warm-up run each."""
    floor.once(FLOOR_IMPORTS)
    handler.once(LOAD_HANDLER)
    pairs = [(floor.once(FLOOR_IMPORTS), handler.once(LOAD_HANDLER)) for _ in range(samples)]
    return {
        "ms": round(statistics.median(h for _, h in pairs), 1),
        "floor_ms": round(statistics.median(f for f, _ in pairs), 1),
        "ratio": round(statistics.median(h / f for f, h in pairs), 3),
    }


def extra_modules(floor: Interpreter, handler: Interpreter, top: int = 8) -> list[dict[str, Any]]:
    """What the handler imports beyond the floor, by top-level package, heaviest first (self time, ms)."""
    base = floor.import_times(FLOOR_IMPORTS)
    packages: dict[str, float] = {}
    heaviest: dict[str, tuple[str, int]] = {}
    for module, us in handler.import_times(LOAD_HANDLER).items():
        if module in base:
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


def judged_ratio(entry: dict[str, Any]) -> float:
    """The ratio the goal holds: instructions when valgrind counted them, else time."""
    return float(entry["instructions"]["ratio"] if "instructions" in entry else entry["ratio"])


def functions(build: Path = BUILD) -> list[str]:
    return sorted(p.parent.name for p in build.glob("*/app.py"))


def _without_byte_code(build: Path, into: Path) -> Path:
    shutil.copytree(build, into, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return into


def run(samples: int = SAMPLES) -> dict[str, Any]:
    layer = BUILD / LAYER_NAME / "python"
    if not layer.is_dir() or not functions():
        return {"skipped": "no .aws-sam/build: run `make build` first"}
    python = python313()
    before, after = support_paths(python, layer)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as scratch:
        empty = Path(scratch) / "cwd"
        empty.mkdir()
        bare = _without_byte_code(BUILD, Path(scratch) / "build")
        bare_layer = bare / LAYER_NAME / "python"
        floor = Interpreter(python, empty, *before, layer, *after)
        floor_count = floor.instructions(FLOOR_IMPORTS) if CACHEGRIND else 0
        for name in functions():
            code = BUILD / name
            compiled = Interpreter(python, code, code, *before, layer, *after)
            uncompiled = Interpreter(python, bare / name, bare / name, *before, bare_layer, *after)
            entry: dict[str, Any] = paired(floor, compiled, samples)
            without = paired(floor, uncompiled, max(3, min(samples, SAMPLES_WITHOUT_BYTE_CODE)))
            entry["without_byte_code"] = {"ms": without["ms"], "ratio": without["ratio"]}
            if CACHEGRIND:
                count = compiled.instructions(LOAD_HANDLER)
                entry["instructions"] = {"handler": count, "floor": floor_count, "ratio": round(count / floor_count, 3)}
            entry["extra_modules"] = extra_modules(floor, compiled)
            results[name] = entry
    return {
        "python": subprocess.run([python, "-V"], capture_output=True, text=True, check=True).stdout.strip(),
        "samples": samples,
        "goal": f"handler / floor <= {GOAL_RATIO} with byte code, in instructions (in time without valgrind)",
        "floor_ms": round(statistics.median(entry["floor_ms"] for entry in results.values()), 1),
        "handlers": results,
        "meets_goal": all(judged_ratio(entry) <= GOAL_RATIO for entry in results.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    print(json.dumps(run(parser.parse_args().samples), indent=2))


if __name__ == "__main__":
    main()
