"""Typos in the words that decide: "newsleter", "segmnet", "onbaording", "high priorty", "thnaks".

A word one edit (a letter added, dropped, changed or two swapped) from one of the words below is read as that
word, and so is one whose doubled letter sits in the wrong place ("tommorow"). Only those words are targets, only
words of five letters or more are corrected, and never a word that is a target plus an ending ("created",
"segments") or one of the real words that sit one edit from a target ("expert", "preview", "thinks").
Candidates are found through deletions (the symmetric-delete method), so each word costs a few dictionary
lookups however long the message is.
"""

import re
from functools import cache

from taskexec.domain.wording import one_edit, words

_TARGETS = """
    analyse analysis analytics analyze article attribution audience automate automation broadcast campaign campaigns
    connect conversion create customers dashboard deadline engagement export friday important integrate
    integration journey klaviyo mailchimp message metrics migrate monday newsletter newsletters nurture
    onboarding please priority promotion report retention revenue review salesforce saturday schedule segment
    segments sequence shopify subscribers sunday survey template thanks thursday tomorrow translate tuesday
    unsubscribe update urgent webhook wednesday welcome whatsapp workflow workflows write email someone somebody
    anyone anybody could would should investigate
"""
_REAL_WORDS = words(
    """
    analyst automata automaton champaign particle crate crease cremate crete detention emigrate expert exhort
    extort hanks headline lease massage pease pleas preview purvey repost resort retort revenge shanks sundae
    sundas sundry surrey tanks thank thinks thunks tourney washboard deport trite waite white writhe writs wrote
    world wound mould antone homebody
    """
)
"""Real words one edit from a target, left as they are."""
_ENDINGS = ("s", "d", "ed", "es", "er", "ers", "ing", "ly", "r")
_MIN_LENGTH = 5
_MAX_LENGTH = 16
"""Longer words are not looked up: their deletions would cost in proportion to their length squared."""


@cache
def _index() -> dict[str, frozenset[str]]:
    """Each target and each of its one-letter deletions, to the targets they come from; built on first use."""
    index: dict[str, set[str]] = {}
    for target in _TARGETS.split():
        for key in {target, *_deletions(target)}:
            index.setdefault(key, set()).add(target)
    return {key: frozenset(targets) for key, targets in index.items()}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def correction(word: str) -> str | None:
    """The target `word` is a typo of, or None (a target itself, a real word, or nothing close)."""
    lower = word.lower()
    if not _MIN_LENGTH <= len(lower) <= _MAX_LENGTH or not lower.isalpha() or lower in _REAL_WORDS:
        return None
    index = _index()
    if lower in index and lower in index[lower]:
        return None
    found = set(index.get(lower, ())) | {t for key in _deletions(lower) for t in index.get(key, ())}
    found = {t for t in found if one_edit(lower, t) and not any(lower == t + end for end in _ENDINGS)}
    if len(found) == 1:
        return found.pop()
    return None if found else _doubled().get(_single(lower))


def _single(word: str) -> str:
    """The word with each run of a letter written once: "tommorow" and "tomorrow" are both "tomorow"."""
    return re.sub(r"(.)\1+", r"\1", word)


@cache
def _doubled() -> dict[str, str]:
    """Targets by their letters written once, for a doubled letter put in the wrong place ("tommorow",
    "adress"-style slips: two edits, one mistake); a spelling two targets share is left out."""
    by_single: dict[str, set[str]] = {}
    for target in _TARGETS.split():
        by_single.setdefault(_single(target), set()).add(target)
    return {key: next(iter(targets)) for key, targets in by_single.items() if len(targets) == 1}


def corrected(text: str) -> tuple[str, dict[str, str]]:
    """The text with each typo replaced by its target, and each target mapped back to the word as written."""
    written: dict[str, str] = {}

    def fix(m: re.Match[str]) -> str:
        target = correction(m.group(0))
        if target is None:
            return m.group(0)
        written[target] = m.group(0)
        return target

    return re.sub(r"[A-Za-z]{5,16}", fix, text), written


def as_written(text: str, written: dict[str, str]) -> str:
    """Put the words back as the admin wrote them (a title keeps "newsleter"), once the reading is done."""
    for target, original in written.items():
        text = re.sub(rf"\b{target}\b", original, text, flags=re.I)
    return text
