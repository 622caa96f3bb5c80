"""Loading the Lambda handlers in process: every function's module is `app.py`, so each is imported by file
path under its own module name, as the Lambda runtime would see it with only its own code and the layer.

Each handler loaded here runs as its function (`devkit.botocalls.running_as`), so every AWS call it makes is
known to come from that function's code, whoever invokes it.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from devkit import template
from devkit.botocalls import running_as
from devkit.template import ROOT

FUNCTIONS = ROOT / "functions"
LAYER = ROOT / "layers" / "common" / "python"
Handler = Callable[[Any, Any], Any]


def import_file(module_name: str, source: Path) -> ModuleType:
    """Import `source` as a new module `module_name`, with the layer importable as in the Lambda runtime."""
    if str(LAYER) not in sys.path:
        sys.path.insert(0, str(LAYER))
    spec = importlib.util.spec_from_file_location(module_name, source)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {source}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def running_as_function(function: str, handler: Handler) -> Handler:
    """`handler`, each invocation running as `function` (a template logical id) for devkit.botocalls."""

    @functools.wraps(handler)
    def invoke(event: Any, context: Any) -> Any:
        with running_as(function):
            return handler(event, context)

    return invoke


def logical_id_of(code_dir: Path) -> str:
    """The template's logical id of the function whose code is `code_dir` (its directory name if none is)."""
    found = [spec.logical_id for spec in template.functions().values() if spec.code_dir == code_dir.resolve()]
    return found[0] if len(found) == 1 else code_dir.name


def load_function(name: str, functions_dir: Path = FUNCTIONS) -> ModuleType:
    """functions/<name>/app.py as module `fn_<name>` (cached in sys.modules like any import), its
    `lambda_handler` running as the function the template serves it from."""
    module_name = f"fn_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    module = import_file(module_name, functions_dir / name / "app.py")
    handler = running_as_function(logical_id_of(functions_dir / name), module.lambda_handler)
    module.lambda_handler = handler  # type: ignore[attr-defined]
    return module
