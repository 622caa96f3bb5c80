"""Does the learned reading help on text it has not read? Leave one set out, train on the rest, score both readers.

Run from the repository root: `python -m scripts.bench.learned` (a few minutes: one training per fold).

The folds are the sets the rules were never tuned on (`FOLDS`): each is held out in turn, the model is trained on
every other training set (scripts.train_detection), and the held-out set is scored on the bench's seven todays
twice in the same run, by the rules alone and by the rules with the model, so the two figures are measured the
same way. Only figures are printed, never the misses: a fold's lines are not there to be read.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scripts.bench.detection import FIELDS, evaluate, load
from scripts.train_detection import EVAL, rows, stored, train, training_sets
from taskexec.detection import learned
from taskexec.detection.rules import RulesDetector

FOLDS = (
    "detection_sealed_8.jsonl",
    "detection_sealed_9.jsonl",
    "detection_sealed_10.jsonl",
    "detection_sealed_11.jsonl",
    "detection_batch_17a.jsonl",
    "detection_batch_17b.jsonl",
    "detection_batch_18a.jsonl",
    "detection_batch_18b.jsonl",
)
"""Sets written after the rules' last tuning against them began: sealed sets 8 to 11 were measured, never tuned
on line by line, and batches seventeen and eighteen were written for this comparison."""


@contextmanager
def weights_from(models: dict[str, dict[str, float]]) -> Iterator[None]:
    """The detector reads these weights until the block ends."""
    kept = learned.WEIGHTS
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "weights.json"
        path.write_text(json.dumps(stored(models, [])), encoding="utf-8")
        learned.WEIGHTS = path
        learned._models.cache_clear()
        try:
            yield
        finally:
            learned.WEIGHTS = kept
            learned._models.cache_clear()


@contextmanager
def rules_alone() -> Iterator[None]:
    """The model's readings give the rules' answer back."""
    kept: tuple[Callable[..., Any], Callable[..., Any]] = (learned.asks_for_work, learned.category)
    learned.asks_for_work = lambda message, rules_say: rules_say  # type: ignore[assignment]
    learned.category = lambda message, rules_say: rules_say  # type: ignore[assignment]
    try:
        yield
    finally:
        learned.asks_for_work, learned.category = kept  # type: ignore[assignment]


def run() -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    detector = RulesDetector()
    report: dict[str, dict[str, dict[str, float]]] = {}
    for fold in FOLDS:
        held_out = load(EVAL / fold)
        models = train(rows(path for path in training_sets() if path.name != fold))
        with rules_alone():
            alone = evaluate(held_out, detector)["accuracy"]
        with weights_from(models):
            both = evaluate(held_out, detector)["accuracy"]
        report[fold] = {
            name: {"rules": alone[name]["min"], "rules+model": both[name]["min"]} for name in (*FIELDS, "allFields")
        }
    return {"folds": report}


if __name__ == "__main__":
    print("worst of seven todays, rules alone -> rules with the model trained without the fold")
    for fold, figures in run()["folds"].items():
        print(f"{fold}: " + "  ".join(f"{n} {f['rules']:.1%}->{f['rules+model']:.1%}" for n, f in figures.items()))
