"""The repository stands alone: every link in its documents names a file of the repository (or a place in one),
so a clone without anything beside it has every page a reader is sent to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devkit.template import ROOT

DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#+\s+(.*)$", re.MULTILINE)


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_stays_in_the_repository_and_arrives(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        path, _, fragment = target.partition("#")
        assert ":" not in path, f"{target} leaves the repository"
        resolved = (document.parent / path).resolve() if path else document
        assert resolved.is_relative_to(ROOT), f"{target} leaves the repository"
        assert resolved.exists(), f"{target} does not exist"
        if fragment and resolved.suffix == ".md":
            anchors = {anchor(h) for h in HEADING.findall(resolved.read_text(encoding="utf-8"))}
            assert fragment in anchors, f"{target}: no such heading"
    assert "../shared" not in text, "the contract beside the repository is not part of it: link docs/api.md"
