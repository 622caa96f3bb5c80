"""The learned second reading (taskexec.detection.learned): what it was trained on, and when it overrules the rules.

Its weights are data made by `python -m scripts.train_detection` from eval/; these tests hold the file to the sets
as they are (an edited set without retraining fails here, naming the command), keep the sealed set waiting for
its measure out of what it learned, and check the two readings against weights written here, so the thresholds
are tested apart from what any training learned.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.train_detection import EVAL, JUDGES, digests, fit, stored, training_sets
from taskexec.detection import learned
from taskexec.domain.vocabulary import Category


def test_the_weights_were_learned_from_the_sets_as_they_are() -> None:
    trained_on = json.loads(learned.WEIGHTS.read_text(encoding="utf-8"))["trainedOn"]
    assert trained_on == digests(training_sets()), "a set changed: retrain with `python -m scripts.train_detection`"


def test_no_sealed_set_waiting_for_its_measure_was_learned_from() -> None:
    trained_on = json.loads(learned.WEIGHTS.read_text(encoding="utf-8"))["trainedOn"]
    assert JUDGES, "name the newest sealed set in JUDGES until it is measured"
    for judge in JUDGES:
        assert (EVAL / judge).is_file(), judge
        assert judge not in trained_on


def test_fitting_finds_the_word_that_decides() -> None:
    examples = [({"bias", "u:please", f"u:w{n}"}, 1) for n in range(20)]
    examples += [({"bias", "u:thanks", f"u:v{n}"}, 0) for n in range(20)]
    weights = fit(examples, epochs=8)
    assert learned.probability(weights, {"bias", "u:please"}) > 0.9
    assert learned.probability(weights, {"bias", "u:thanks"}) < 0.1


def test_features_read_addresses_links_and_numbers_as_what_they_are() -> None:
    one = learned.features("Send 40 invites to ana@example.com, see https://a.example/x")
    other = learned.features("Send 7 invites to bo@shop.test, see http://b.test/y")
    assert one == other
    assert {"u:zemail", "u:zurl", "u:znum", "first2:send_znum"} <= one


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("ana@example.com, then", {"u:zemail", "u:then"}),
        ("(ops@shop.co.uk)?", {"u:zemail", "u:?"}),
        ("x@y", {"u:x", "u:@", "u:y"}),  # no dot after the "@": no address
        ("see:https://a.example/x?y=1", {"u:see", "u:zurl", "u::"}),
        ("http://", {"u:http", "u::"}),  # a scheme with nothing after it is a word
    ],
)
def test_an_address_or_a_link_is_read_as_one_inside_any_word(said: str, read: set[str]) -> None:
    assert read <= learned.features(said)
    assert not {"u:example", "u:shop", "u:com"} & learned.features(said)


@pytest.fixture
def weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, dict[str, float]]]:
    """Models written here: a sure "task" word, a sure "not a task" word, and a category word per category."""
    models: dict[str, dict[str, float]] = {learned.TASK: {"u:surely": 6.0, "u:never": -6.0}}
    for category in Category:
        models[category.value] = {"bias": -3.0, f"u:{category.value}x": 9.0}
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(stored(models, [])), encoding="utf-8")
    monkeypatch.setattr(learned, "WEIGHTS", path)
    learned._models.cache_clear()
    yield models
    learned._models.cache_clear()


@pytest.mark.usefixtures("weights")
@pytest.mark.parametrize(
    ("message", "rules_say", "read"),
    [
        ("surely this", False, True),  # the model is sure: the refusal is overruled
        ("never this", True, False),  # the model is sure it is not: the task is refused
        ("plain words", True, True),  # unsure (0.5): the rules' answer stands either way
        ("plain words", False, False),
    ],
)
def test_the_rules_answer_stands_unless_the_model_is_sure(message: str, rules_say: bool, read: bool) -> None:
    assert learned.asks_for_work(message, rules_say) is read


@pytest.mark.usefixtures("weights")
def test_the_rules_category_stands_unless_the_model_is_sure_and_far_ahead() -> None:
    assert learned.category("fix the segmentx", Category.GENERAL) is Category.SEGMENT
    assert learned.category("fix the segmentx", Category.SEGMENT) is Category.SEGMENT
    assert learned.category("fix the thing", Category.CONTENT) is Category.CONTENT  # no category is likely
