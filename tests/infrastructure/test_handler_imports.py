"""Handlers are the top layer and stay thin: they reach storage only through services, never directly.

`make lint` checks the layers inside `taskexec` with import-linter; the handlers are not a package, so this
test reads their imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from devkit.handlers import FUNCTIONS

FORBIDDEN = ("pynamodb", "boto3", "botocore", "taskexec.data")


def _imports(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("handler", sorted(FUNCTIONS.glob("*/app.py")), ids=lambda p: p.parent.name)
def test_handlers_import_no_storage(handler: Path) -> None:
    leaks = sorted(n for n in _imports(handler) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN))
    assert leaks == [], f"{handler.parent.name} imports {leaks}: go through taskexec.services"
