"""Adversarial input against every pattern on the request path: the slowest message against a plain one.

A regular expression that can backtrack catastrophically turns one crafted line ("Fix the webhook " + 20 dashes
+ " see the logs") into a Lambda timeout, a stuck Idempotency-Key and a failed batch. The inputs here are runs
of every punctuation and space class, repeated words and alternations of these, framed bare and inside a
sentence; each request-path entry point reads every one.

Each entry point runs in a worker subprocess and every message has a time cap, so a pattern that does hang is
reported as "> cap" rather than hanging the run. Run: `python -m scripts.bench.adversarial [--length N]`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import select
import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scripts.bench import BENCH_ENV

REPO_ROOT = Path(__file__).resolve().parents[2]
LENGTH = 4000
CAP_SECONDS = 10.0
REPEATS = 3

UNITS = tuple(
    dict.fromkeys(
        (
            *string.punctuation,
            *(" ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u2013", "\u2014", "\u200b"),
            *("- ", " -", ". a", ". ", ".a", ", ", ", ,", ";:", "-\u2013", "!?", "(", "[ ", "'s "),
            *("a", "A", "aa", "ab ", "a-", "a.", "a_", "x ", "0", "12 ", "1/", "1-", "2027-", "p1", "p1 ", "p1p1"),
            *("@", "a@", "@a", "a@b.", "a@b.c ", "a.b", "a+", "%"),
            *("by ", "by by ", "and ", " and", "or ", "the ", "a ", "on the ", "due ", "due on ", "by the ", "in 2 "),
            *("not ", "very ", "this is ", "urgent ", "urgent, ", "priority ", "high ", "high-", "no ", "when you "),
            *("thanks ", "thank you ", "ty ", "thanks, ", "please ", "pls ", "can you ", "hi ", "hi! ", "so "),
            *("next ", "end of ", "friday ", "march ", "mon ", "tomorrow ", "who ", "help me ", "i need "),
        )
    )
)
"""One repeated unit per message: every class a pattern's quantifier can loop on, and the words around them."""

FRAMES = {
    "bare": ("", ""),
    "in-sentence": ("Fix the Shopify webhook ", " see the logs"),
    "after-cue": ("Send the report by", " Friday: urgent, assign to ana@example.com thanks"),
}
"""Where the run stands: alone, between words, and right after the cue words patterns anchor on."""
PLAIN = "Review the spring newsletter campaign copy and send the draft to the marketing team for approval. "
TODAY = date(2026, 3, 4)


@dataclass(frozen=True)
class Case:
    name: str
    text: str


def cases(length: int) -> list[Case]:
    """Every adversarial message of exactly `length` characters."""
    found = []
    for frame, (prefix, suffix) in FRAMES.items():
        fill = length - len(prefix) - len(suffix)
        for unit in UNITS:
            body = (unit * (fill // len(unit) + 1))[:fill]
            found.append(Case(f"{frame} {unit!r}*", prefix + body + suffix))
    return found


def plain(length: int) -> Case:
    """An ordinary request of the same length: what the adversarial times are judged against."""
    return Case("plain", (PLAIN * (length // len(PLAIN) + 1))[:length])


ENTRIES = (
    "detect",
    "priority_matches",
    "normalize_priority",
    "due_matches",
    "parse_due_value",
    "identity",
    "escalation_fields",
    "idempotency_key",
    "page_token",
    "automation_placeholders",
)
"""Named here so a test can list them without importing the service."""


def entry_points() -> dict[str, Callable[[str], Any]]:
    """Every request-path reader of caller text, each taking the text alone; refusals are normal answers."""
    from taskexec.api import guard, idempotency
    from taskexec.data import pages
    from taskexec.detection.rules import RulesDetector
    from taskexec.domain import automations, due_dates, priorities
    from taskexec.errors import ServiceError
    from taskexec.identity import identity_from_event

    detector = RulesDetector()

    def refused(read: Callable[[str], Any]) -> Callable[[str], Any]:
        def call(text: str) -> Any:
            try:
                return read(text)
            except (ValueError, ServiceError) as exc:
                return exc

        return call

    def claims(text: str) -> dict[str, Any]:
        return {"requestContext": {"authorizer": {"jwt": {"claims": {"sub": text, "email": text}}}}}

    return {
        "detect": lambda text: detector.detect(text, TODAY),
        "priority_matches": priorities.priority_matches,
        "normalize_priority": refused(priorities.normalize_priority),
        "due_matches": lambda text: due_dates.due_matches(text, TODAY),
        "parse_due_value": refused(lambda text: due_dates.parse_due_value(text, TODAY)),
        "identity": refused(lambda text: identity_from_event(claims(text))),
        "escalation_fields": lambda text: guard.escalation_fields(
            {"queryStringParameters": {text: "1"}, "headers": {text: "1"}}, {text: {text: [{text: 1}]}}
        ),
        "idempotency_key": refused(lambda text: idempotency.key_from_headers({"Idempotency-Key": text})),
        "page_token": refused(lambda text: pages.decode(text, ("pk", "sk"), ("pk", "USER#1"))),
        # An automation action's text: its placeholders checked against the trigger, then filled from an event
        # (whose values the service bounds: a task's title is at most 200 characters).
        "automation_placeholders": lambda text: (
            automations.issues({"trigger": {"event": "TaskStatusChanged"}, "actions": [{"message": text}]}),
            automations.fill({"message": text}, {"task.title": "T" * 200, "event.newStatus": "DONE"}),
        ),
    }


def best_of(read: Callable[[str], Any], text: str, repeats: int) -> float:
    """The least CPU time of `repeats` calls, with the cyclic garbage collector held off while each one runs.

    CPU time of this thread, not wall time: on a busy machine a longer call is preempted more often, which
    makes linear code look superlinear. A full collection costs time in proportion to the whole heap, not to
    this call, and lands on whichever call crosses its allocation threshold, with the same effect.
    """
    best = float("inf")
    for _ in range(repeats):
        gc.disable()
        try:
            started = time.thread_time()
            read(text)
            best = min(best, time.thread_time() - started)
        finally:
            gc.enable()
    return best


def _worker(entry: str, lengths: list[int], start: int, repeats: list[int]) -> None:
    """Time every message from `start` on, one JSON line each, so the parent can cap each one."""
    read = entry_points()[entry]
    times = dict(zip(lengths, repeats, strict=True))
    for index, (length, case) in enumerate(_all_cases(lengths)):
        if index >= start:
            print(json.dumps({"i": index, "s": best_of(read, case.text, times[length])}), flush=True)


def _all_cases(lengths: list[int]) -> list[tuple[int, Case]]:
    """Each message at every length back to back, so the lengths compared see the same machine load."""
    per_length = [[plain(length), *cases(length)] for length in lengths]
    return [
        (length, row[i]) for i in range(len(per_length[0])) for length, row in zip(lengths, per_length, strict=True)
    ]


@dataclass(frozen=True)
class Timing:
    entry: str
    length: int
    case: str
    seconds: float
    capped: bool
    """True when the call was stopped at the cap: `seconds` is then a lower bound."""


def measure(
    entry: str, lengths: list[int], cap: float = CAP_SECONDS, repeats: list[int] | None = None
) -> Iterator[Timing]:
    """Every message's best time through `entry` (of `repeats[i]` calls at `lengths[i]`), in a worker that is
    stopped and restarted when one message reaches the cap."""
    repeats = repeats or [REPEATS] * len(lengths)
    labels = [(length, case.name) for length, case in _all_cases(lengths)]
    start = 0
    while start < len(labels):
        command = [sys.executable, "-m", "scripts.bench.adversarial", "--worker", entry, "--start", str(start)]
        command += ["--repeats", *map(str, repeats), "--lengths", *map(str, lengths)]
        paths = [os.environ.get("PYTHONPATH", ""), str(REPO_ROOT / "layers" / "common" / "python"), str(REPO_ROOT)]
        env = {**os.environ, **BENCH_ENV, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
        with subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True) as worker:
            assert worker.stdout is not None
            while start < len(labels):
                ready, _, _ = select.select([worker.stdout], [], [], cap * max(repeats) + (30 if start == 0 else 0))
                line = worker.stdout.readline() if ready else ""
                if not line:
                    worker.kill()
                    if worker.wait() not in (0, -9):
                        raise RuntimeError(f"the {entry} worker failed at message {start}: {labels[start]}")
                    length, name = labels[start]
                    yield Timing(entry, length, name, cap, capped=True)
                    start += 1
                    break
                result = json.loads(line)
                length, name = labels[result["i"]]
                yield Timing(entry, length, name, result["s"], capped=False)
                start = result["i"] + 1


def run(length: int = LENGTH, cap: float = CAP_SECONDS) -> dict[str, Any]:
    """Per entry point: the slowest adversarial message of `length` characters against a plain one."""
    entries: dict[str, Any] = {}
    for entry in ENTRIES:
        timings = list(measure(entry, [length], cap))
        base = next(t for t in timings if t.case == "plain")
        worst = max((t for t in timings if t.case != "plain"), key=lambda t: t.seconds)
        entries[entry] = {
            "plain_ms": round(base.seconds * 1000, 3),
            "slowest": worst.case,
            "slowest_ms": (">" if worst.capped else "") + f"{worst.seconds * 1000:.3f}",
            "ratio": round(worst.seconds / max(base.seconds, 1e-9), 1),
            "capped": sum(t.capped for t in timings),
        }
    slowest = max(entries, key=lambda name: entries[name]["ratio"])
    return {
        "length": length,
        "messages": len(cases(length)),
        "cap_s": cap,
        "slowest_entry": slowest,
        "entries": entries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--length", type=int, default=LENGTH)
    parser.add_argument("--cap", type=float, default=CAP_SECONDS, help="seconds before a call is reported as hung")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--lengths", type=int, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        lengths = args.lengths or [args.length]
        _worker(args.worker, lengths, args.start, args.repeats or [REPEATS] * len(lengths))
        return
    print(json.dumps(run(args.length, args.cap), indent=2))


if __name__ == "__main__":
    main()
