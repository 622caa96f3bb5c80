"""Priority normalisation (structured body) and priority phrases (free text)."""

from __future__ import annotations

import pytest

from taskexec.domain.priorities import find_priority, normalize_priority
from taskexec.domain.vocabulary import Priority


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("LOW", Priority.LOW),
        ("medium", Priority.MEDIUM),
        ("High", Priority.HIGH),
        ("uRgEnT", Priority.URGENT),
        ("critical", Priority.URGENT),
        ("ASAP", Priority.URGENT),
        ("p0", Priority.URGENT),
        ("P1", Priority.HIGH),
        ("important", Priority.HIGH),
        ("normal", Priority.MEDIUM),
        ("p2", Priority.MEDIUM),
        ("p3", Priority.LOW),
        ("minor", Priority.LOW),
        ("high priority", Priority.HIGH),
        ("High-Priority", Priority.HIGH),
        ("  low_priority ", Priority.LOW),
    ],
)
def test_normalize_accepts_the_contract_synonyms(value: str, expected: Priority) -> None:
    assert normalize_priority(value) is expected


@pytest.mark.parametrize("value", ["", "whenever", "super high", "p9", "priority", "high low"])
def test_normalize_refuses_anything_else(value: str) -> None:
    with pytest.raises(ValueError, match="priority"):
        normalize_priority(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Create a high priority task to fix the webhook", Priority.HIGH),
        ("urgent: the sync is failing", Priority.URGENT),
        ("URGENT - resend the blast", Priority.URGENT),
        ("Connect the store to our CRM ASAP", Priority.URGENT),
        ("Investigate the 401 errors, critical", Priority.URGENT),
        ("Build an automation that tags leads - p1", Priority.HIGH),
        ("Important: prepare the A/B test", Priority.HIGH),
        ("Write three blog posts, low priority", Priority.LOW),
        ("Set up a lead scoring workflow, not urgent", Priority.LOW),
        ("Refresh the pricing page, no rush", Priority.LOW),
        ("Clean up the drive when you get a chance", Priority.LOW),
        ("priority: high. Review the copy", Priority.HIGH),
        ("Pause the promo immediately", Priority.URGENT),
        ("Fix the footer, this is urgent", Priority.URGENT),
        ("Renew the lease, not a priority right now", Priority.LOW),
        ("P2: write an article", Priority.MEDIUM),
    ],
)
def test_find_priority_reads_priority_phrases(text: str, expected: Priority) -> None:
    assert find_priority(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Write a blog post on handling urgent customer requests",
        "Draft an email about why important emails land in spam",
        "List minor bug fixes in the release notes",
        "Set up the priority support workflow",
        "Update the P2P payments page",
        "Review the Q3 newsletter",
    ],
)
def test_subject_words_are_not_priorities(text: str) -> None:
    assert find_priority(text) is None
