"""Loading the Lambda handlers in process: every function's module is `app.py`, so each is imported by file
path under its own module name, as the Lambda runtime would see it with only its own code and the layer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from devkit.template import ROOT

FUNCTIONS = ROOT / "functions"
LAYER = ROOT / "layers" / "common" / "python"


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


def load_function(name: str, functions_dir: Path = FUNCTIONS) -> ModuleType:
    """functions/<name>/app.py as module `fn_<name>` (cached in sys.modules like any import)."""
    module_name = f"fn_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    return import_file(module_name, functions_dir / name / "app.py")
