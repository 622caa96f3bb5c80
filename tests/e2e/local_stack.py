"""Start `python -m devkit.stack` as a user would, on free ports, and talk to it over HTTP.

A subprocess rather than in-process: the stack sets the functions' environment (table names, endpoint) for the
whole process, which must not leak into other tests, and stopping it with SIGTERM is part of what is tested.

The stack checks every call its functions make against their IAM roles and writes what a role would deny to
`iam-denials.jsonl` (devkit.stack); `denials_of_running_stacks()` reads what is new there, and the tiers that run
a stack fail the test during which a denial appeared (tests/support/aws_rules.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from devkit import template
from devkit.iam import Denial
from devkit.stack import DENIALS_FILE
from devkit.token import tokens_for

START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0
EVENT_TRIES = 150
EVENT_POLL_PAUSE_S = 0.2
"""Reading the events tap: up to 150 short polls with a pause after an empty one (about 30 s at most)."""


@dataclass
class RunningStack:
    info: dict[str, Any]
    process: subprocess.Popen[bytes]
    state_dir: Path
    log: Path
    tapped: list[dict[str, Any]] = field(default_factory=list)
    """Every event read from the tap so far (the tap is a queue: a message read is gone)."""
    denials_read: int = 0

    def new_denials(self) -> list[Denial]:
        """The calls the stack's IAM check denied since the last look."""
        path = self.state_dir / DENIALS_FILE
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        fresh, self.denials_read = lines[self.denials_read :], len(lines)
        return [Denial(**json.loads(line)) for line in fresh]

    @property
    def url(self) -> str:
        return str(self.info["apiUrl"])

    def user(self, role: str, status: str = "ACTIVE") -> dict[str, str]:
        return next(u for u in self.info["demoUsers"] if u["role"] == role and u["status"] == status)

    def tokens(self, role: str, status: str = "ACTIVE") -> dict[str, Any]:
        """Signed in through the emulated Cognito (USER_PASSWORD_AUTH), as a front end would."""
        return tokens_for(self.info, self.user(role, status)["username"])

    def id_token(self, role: str, status: str = "ACTIVE") -> str:
        return str(self.tokens(role, status)["IdToken"])

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any, dict[str, str]]:
        """(status, JSON body or raw text, lower-cased headers); never raises for an HTTP error status."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"content-type": "application/json", **(headers or {})}
        if token is not None:
            all_headers["authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw, answer_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, answer_headers = error.code, error.read(), error.headers
        try:
            parsed: Any = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return status, parsed, {k.lower(): v for k, v in answer_headers.items()}

    def aws(self, service: str) -> Any:
        """A boto3 client of the stack's emulated AWS (any credentials do locally)."""
        import boto3

        return boto3.client(
            service,
            endpoint_url=str(self.info["awsEndpoint"]),
            region_name=str(self.info["region"]),
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    def wait_for_events(self, wanted: Any, tries: int = EVENT_TRIES, what: str = "events") -> list[dict[str, Any]]:
        """Read the events tap (every event on the bus) until `wanted(events so far)` holds; the events read.
        Bounded by a number of short polls: a safety limit whose message names what never came."""
        sqs, seen = self.aws("sqs"), self.tapped
        for _ in range(tries):
            messages = sqs.receive_message(QueueUrl=str(self.info["eventsTapQueueUrl"]), MaxNumberOfMessages=10).get(
                "Messages", []
            )
            for message in messages:
                seen.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=str(self.info["eventsTapQueueUrl"]), ReceiptHandle=message["ReceiptHandle"])
            if wanted(seen):
                return seen
            if not messages:
                time.sleep(EVENT_POLL_PAUSE_S)
        raise TimeoutError(f"{what} never reached the events tap; it saw {[e.get('detail-type') for e in seen]}")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


_RUNNING: list[RunningStack] = []
_LEFT_OVER: list[Denial] = []
"""Denials a stack wrote after the last look and before it stopped: the next look reports them."""


def denials_of_running_stacks() -> list[Denial]:
    found, _LEFT_OVER[:] = list(_LEFT_OVER), []
    for stack in _RUNNING:
        found += stack.new_denials()
    return found


@contextmanager
def running_stack(state_dir: Path) -> Iterator[RunningStack]:
    """The local stack on free ports (port 0), ready to call; stopped with SIGTERM, bounded in time."""
    state_dir.mkdir(parents=True, exist_ok=True)
    log = state_dir / "stack.log"
    env = {
        **os.environ,
        "LOCAL_API_PORT": "0",
        "LOCAL_AWS_PORT": "0",
        "LOCAL_STATE_DIR": str(state_dir),
        "PYTHONPATH": os.pathsep.join([str(template.ROOT / "layers" / "common" / "python"), str(template.ROOT)]),
    }
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "devkit.stack"], cwd=template.ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    stack_file = state_dir / "stack.json"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not stack_file.is_file():
            if process.poll() is not None:
                raise RuntimeError(f"the local stack exited with {process.returncode}:\n{log.read_text()[-4000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the local stack was not ready in {START_TIMEOUT_S}s:\n{log.read_text()[-4000:]}")
            time.sleep(0.2)
        stack = RunningStack(json.loads(stack_file.read_text()), process, state_dir, log)
        _RUNNING.append(stack)
        try:
            yield stack
        finally:
            _RUNNING.remove(stack)
            stop(process)
            _LEFT_OVER.extend(stack.new_denials())
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as Ctrl-C or a supervisor would; SIGKILL only if it does not stop in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return int(process.returncode)


@contextmanager
def its_aws(stack: RunningStack, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process talks to the stack's emulated AWS with the names the stack made, as its functions do: for a
    test that runs a function in process against the stack (the rollup at an instant it chooses, say)."""
    from taskexec import config
    from taskexec.data import clients

    monkeypatch.setenv("AWS_ENDPOINT_URL", str(stack.info["awsEndpoint"]))
    monkeypatch.setenv("AWS_REGION", str(stack.info["region"]))
    monkeypatch.setenv("AWS_DEFAULT_REGION", str(stack.info["region"]))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "taskexec")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "TaskExecution")
    for logical_id, name in stack.info["tables"].items():
        if logical_id in config.TABLE_ENV:
            monkeypatch.setenv(config.TABLE_ENV[logical_id], name)
    clients.connection.cache_clear()
    try:
        yield
    finally:
        clients.connection.cache_clear()
