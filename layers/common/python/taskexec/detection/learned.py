"""A learned second reading of two judgements the rules make: does the message ask for work, and which category.

Why it exists: rules tuned by reading misses reached about 92% of a new author's requests with every field
right, round after round, and most of what they missed was these two judgements (a report read as an ask, a wish
refused; a name read as a category). A linear model over the message's words and word pairs, trained on every
labelled request we hold, misread a third as many of them on sets it was not trained on (docs/detection.md,
"The ninth round"). The rules stay the first reader; the model overrules them only when it is sure and they
disagree, so every field the rules read well (dates, priority, assignee, title) is still theirs.

The weights are data (learned_weights.json, written by `python -m scripts.train_detection` from eval/), loaded
on the first message that needs them, so importing this module costs nothing at a container's start. The
features are made here and only here, so training and reading cannot drift apart.
"""

import base64
import json
import math
import re
import sys
from array import array
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from taskexec.domain.vocabulary import Category

WEIGHTS = Path(__file__).with_name("learned_weights.json")
TASK = "task"
"""The label of the ask-for-work model; the category models are labelled by Category values."""

NOT_A_TASK_BELOW = 0.1
"""The rules' task is refused when the model gives it less than this."""
A_TASK_ABOVE = 0.95
"""The rules' refusal is read as a task when the model gives it more than this."""
CATEGORY_AT_LEAST = 0.6
CATEGORY_LEAD = 0.3
"""The model's category replaces the rules' when it is at least this likely and this far ahead of theirs.

The four were chosen by leaving one unseen set out at a time (scripts/bench/learned.py): from (0.2, 0.7, 0.5,
0.2) to these, the mean of the four folds moved from 92.3% to 92.7% all fields, and the hand-written cases of
the rules' tests that the model overruled fell from 18 to 6; surer settings lost on the folds."""

_WORD = r"[a-z]+(?:'[a-z]+)?|\d+|[?!:>@\u2192]"


def features(message: str) -> set[str]:
    """Words and word pairs, the first words, the last word, and whether it asks a question; addresses, links and
    numbers are read as what they are, not which (an address names a person, whoever it is)."""
    said = " ".join(_as_read(word) for word in message.lower().split())
    tokens = ["znum" if token.isdigit() else token for token in re.findall(_WORD, said)]
    found = {"bias", f"len:{min(6, len(tokens) // 6)}"}
    found.update(f"u:{token}" for token in tokens)
    found.update(f"b:{first}_{second}" for first, second in pairwise(tokens))
    if tokens:
        found.update((f"first:{tokens[0]}", f"first2:{'_'.join(tokens[:2])}", f"last:{tokens[-1]}"))
    if said.endswith("?"):  # the words were joined by single spaces: nothing to strip
        found.add("endq")
    if "?" in said:
        found.add("hasq")
    return found


def _as_read(word: str) -> str:
    """An address or a link in a word read as what it is. Found by scanning the word, not by a pattern: the
    pattern an address suggests ("\\S+@\\S+\\.\\w+") backtracks in cubic time on hostile text ("a@a@a@..."), and
    this reads every word in time linear in its length (tests/security/test_adversarial_input.py)."""
    end = _address_end(word)
    if end:
        word = "zemail" + word[end:]
    start = word.find("http")
    while start != -1:
        scheme = 8 if word.startswith("https://", start) else 7 if word.startswith("http://", start) else 0
        if scheme and start + scheme < len(word):
            return word[:start] + "zurl"
        start = word.find("http", start + 1)
    return word


def _address_end(word: str) -> int:
    """Where an address that opens the word ends (0: none), read as the pattern would: the last "." with a word
    character after it, the last "@" two or more characters before that dot, the word characters after the dot."""
    dot = next((d for d in range(len(word) - 2, -1, -1) if word[d] == "." and _wordish(word[d + 1])), -1)
    if dot < 3 or word.rfind("@", 1, dot - 1) == -1:
        return 0
    end = dot + 1
    while end < len(word) and _wordish(word[end]):
        end += 1
    return end


def _wordish(character: str) -> bool:
    return character.isalnum() or character == "_"


def probability(weights: Mapping[str, float], found: Iterable[str]) -> float:
    return _logistic(sum(weights.get(feature, 0.0) for feature in found))


def _logistic(score: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))


class _Models(NamedTuple):
    rows: dict[str, int]
    """Feature -> its row in every label's weights."""
    weights: dict[str, array[float]]
    """Label -> its weight for each row."""

    def likely(self, label: str, found: Iterable[str]) -> float:
        weights = self.weights[label]
        return _logistic(sum(weights[row] for row in (self.rows.get(f) for f in found) if row is not None))


@cache
def _models() -> _Models:
    """The file names the features once and holds every label's weights as float32 rows, base64: about a
    megabyte of weights parsed as numbers would cost a first message over a tenth of a second; this costs a few ms."""
    stored: dict[str, Any] = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    names: list[str] = stored["features"]
    packed = array("f")
    packed.frombytes(base64.b64decode(stored["weights"]))
    if stored["byteorder"] != sys.byteorder:
        packed.byteswap()
    size = len(names)
    labels: list[str] = stored["labels"]
    return _Models(
        {name: row for row, name in enumerate(names)},
        {label: packed[n * size : (n + 1) * size] for n, label in enumerate(labels)},
    )


def asks_for_work(message: str, rules_say: bool) -> bool:
    """The rules' answer, unless the model is sure of the other."""
    likely = _models().likely(TASK, features(message))
    if rules_say:
        return likely >= NOT_A_TASK_BELOW
    return likely > A_TASK_ABOVE


def category(message: str, rules_say: Category) -> Category:
    """The rules' category, unless the model is sure of another and far ahead of theirs."""
    models = _models()
    found = features(message)
    likely = {c: models.likely(c.value, found) for c in Category}
    best = max(likely, key=likely.__getitem__)
    if best is not rules_say and likely[best] >= CATEGORY_AT_LEAST and likely[best] - likely[rules_say] > CATEGORY_LEAD:
        return best
    return rules_say
