"""What keeps tests/unit the fast tier: plain Python against the package, no emulator and no local stack.

A test that needs moto or devkit belongs to another tier (integration, devkit, infrastructure, security, faults,
load, e2e, browser); `make unit` then stays a seconds-long loop for the domain, detection and monitoring rules.
"""

from __future__ import annotations

import ast
from pathlib import Path

UNIT = Path(__file__).resolve().parent
FORBIDDEN = ("moto", "devkit", "tests.support.fixtures", "tests.support.world")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_unit_test_imports_moto_or_devkit() -> None:
    offenders = {
        f"{path.name}: {name}"
        for path in sorted(UNIT.rglob("*.py"))
        for name in _imports(path)
        if any(name == f or name.startswith(f"{f}.") for f in FORBIDDEN)
    }
    assert not offenders, sorted(offenders)
