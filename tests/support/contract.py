"""The contract's route table, read from the contract document kept beside the repository (CI has it there).

One reader, so the template, the OpenAPI document and the route lists of the tests are held against the same
set. Routes the contract already names but the service does not serve yet are listed in `PENDING`, each with
the issue that adds it: the tests that hold the template against the contract mark exactly those as strict
expected failures, so a route that lands without its entry being removed fails too.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"

Route = tuple[str, str]

PENDING: dict[Route, str] = {}
"""Contract routes not served yet -> why (the issue that adds it). Remove an entry when its route lands."""


def available() -> bool:
    return CONTRACT.is_file()


def routes() -> set[Route]:
    """(METHOD, path) of every row of the contract's "Routes" table (empty when the document is not there)."""
    if not available():
        return set()
    section = CONTRACT.read_text(encoding="utf-8").split("## Routes", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"^\|\s*(GET|POST|PUT|PATCH|DELETE)\s+(/[^\s?|]*)", section, flags=re.MULTILINE)
    return {(method, path) for method, path in found}
