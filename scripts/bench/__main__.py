"""`make bench`: every benchmark in one run, side by side, as a table (`--json` for the raw figures).

Parts: the built handlers' import cost against the floor (needs `make build`), DynamoDB calls per request, warm
execute latency, concurrent executions under strict DynamoDB rules, the slowest adversarial input against a
plain one per request-path reader, and, when their modules are present, the
rollup's cost ratio, detection accuracy, and the learned reading's figures on sets it was not trained on.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from scripts.bench.imports import judged_ratio

PARTS = ("imports", "dynamodb_calls", "latency", "concurrency", "rollup", "detection", "learned", "adversarial")


def _runner(part: str) -> Callable[[], dict[str, Any]] | None:
    module = importlib.import_module(f"scripts.bench.{part}")
    run = getattr(module, "run", None)
    return run if callable(run) else None


def run_all(parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for part in parts:
        started = time.perf_counter()
        try:
            runner = _runner(part)
            results[part] = {"skipped": "module not present"} if runner is None else runner()
        except Exception as exc:  # one broken part must not hide the others
            results[part] = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc(limit=3)}
        results[part]["_seconds"] = round(time.perf_counter() - started, 1)
    return results


def _rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(part, measure, value, goal / verdict)"""
    rows: list[tuple[str, str, str, str]] = []
    imports = results.get("imports", {})
    if "handlers" in imports:
        floor = "floor (boto3+pynamodb+pydantic+Logger/Metrics/HTTP resolver, built layer)"
        rows.append(("imports", floor, f"{imports['floor_ms']} ms", imports.get("python", "")))
        for name, entry in imports["handlers"].items():
            verdict = "ok" if judged_ratio(entry) <= 1.15 else "ABOVE 1.15"
            bare = entry["without_byte_code"]
            counted = entry.get("instructions")
            ratios = f"{counted['ratio']}x floor in instructions, " if counted else ""
            ratios += f"{entry['ms']} ms = {entry['ratio']}x in time"
            rows.append(("imports", f"{name} with .pyc", ratios, verdict))
            rows.append(("", "  without .pyc", f"{bare['ms']} ms = {bare['ratio']}x floor in time", ""))
            for extra in entry.get("extra_modules", [])[:3]:
                rows.append(("", f"  + {extra['package']} (heaviest {extra['heaviest']})", f"{extra['ms']} ms", ""))
    calls = results.get("dynamodb_calls", {})
    for name, entry in calls.get("cases", {}).items():
        goal = ""
        if name == "execute":
            goal = "ok (<= 3)" if calls.get("meets_goal") else "ABOVE 3"
        rows.append(("dynamodb_calls", f"{name} -> {entry['status']}", str(entry["calls"]), goal))
    latency = results.get("latency", {})
    if "median_ms" in latency:
        rows.append(("latency", f"warm execute, moto in process ({latency['calls']} calls)", "", ""))
        rows.append(
            ("", "  median / p95 / max", f"{latency['median_ms']} / {latency['p95_ms']} / {latency['max_ms']} ms", "")
        )
    concurrency = results.get("concurrency", {})
    for level in concurrency.get("levels", []):
        rows.append(
            (
                "concurrency",
                f"{level['clients']} clients, {level['executions']} executions, strict rules "
                f"({concurrency['hold_ms']:g} ms hold)",
                f"{level['executions_per_s']}/s, {level['conflicts_per_execution']} conflicts/execution",
                f"{level['not_201']} not 201" + (f" {level['statuses']}" if level["not_201"] else ""),
            )
        )
    for set_name, figures in results.get("detection", {}).get("sets", {}).items():
        if not isinstance(figures, dict) or "accuracy" not in figures:
            continue
        accuracy = figures["accuracy"]
        fields = ", ".join(
            f"{name} {100 * value['min']:.1f}%" for name, value in accuracy.items() if name != "allFields"
        )
        all_fields = 100 * accuracy["allFields"]["min"]
        rows.append(("detection", f"{set_name} set ({figures['cases']} requests), worst of the todays", fields, ""))
        rows.append(
            ("", "  all fields right together", f"{all_fields:.1f}%", "ok" if all_fields >= 95 else "BELOW 95%")
        )
        rows.append(("", "  mean time per message", f"{figures['meanMicros']:.0f} us", ""))
    for fold, figures in results.get("learned", {}).get("folds", {}).items():
        both = figures["allFields"]
        rows.append(
            (
                "learned",
                f"{fold} held out, all fields, worst of the todays",
                f"rules {100 * both['rules']:.1f}% -> with the model {100 * both['rules+model']:.1f}%",
                "",
            )
        )
    adversarial = results.get("adversarial", {})
    if "entries" in adversarial:
        rows.append(
            (
                "adversarial",
                f"slowest of {adversarial['messages']} messages vs plain, {adversarial['length']} chars",
                "",
                "",
            )
        )
        for name, entry in adversarial["entries"].items():
            verdict = "HUNG" if entry["capped"] else ("ok" if entry["ratio"] <= 20 else "ABOVE 20x")
            rows.append(
                (
                    "",
                    f"  {name}: {entry['slowest']}",
                    f"{entry['slowest_ms']} vs {entry['plain_ms']} ms = {entry['ratio']}x",
                    verdict,
                )
            )
    for part in ("rollup", "detection"):
        entry = results.get(part, {})
        if "skipped" in entry or "error" in entry:
            continue
        for key, value in entry.items():
            if key.startswith("_") or isinstance(value, (dict, list)):
                continue
            rows.append((part, key, str(value), ""))
    for part, entry in results.items():
        if "skipped" in entry:
            rows.append((part, "skipped", entry["skipped"], ""))
        if "error" in entry:
            rows.append((part, "FAILED", entry["error"][:80], ""))
    return rows


def table(results: dict[str, Any]) -> str:
    rows = [("part", "measure", "value", "goal"), *_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines + _sealed_misses(results))


def _sealed_misses(results: dict[str, Any]) -> list[str]:
    """Every miss of each sealed detection set, after the table: the honest measures say where they fall short."""
    from scripts.bench.detection import SEALED

    sets = results.get("detection", {}).get("sets", {})
    lines: list[str] = []
    for name in SEALED:
        misses = sets.get(name, {}).get("misses")
        if misses is None:
            continue
        lines += ["", f"detection: the {name} set's {len(misses)} misses (fields wrong on any of the todays)"]
        for miss in misses:
            message = " / ".join(line.strip() for line in miss["message"].splitlines() if line.strip())
            lines.append(f"  - {', '.join(miss['fields'])}: {message}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--only", nargs="*", choices=PARTS, help="run only these parts")
    args = parser.parse_args(argv)
    results = run_all(tuple(args.only) if args.only else PARTS)
    print(json.dumps(results, indent=2, default=str) if args.json else table(results))
    return 1 if any("error" in entry for entry in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
