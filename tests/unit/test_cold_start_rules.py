"""Rules of the Lambda package that keep a cold start cheap, checked on the source so they cannot quietly lapse.

No dataclasses in what Lambda loads (the common layer's `taskexec` and the handlers): a dataclass generates the
source of its methods and compiles it (`exec`) when the class is defined, at every cold start, since byte code
in the package cannot hold it. Values there are `typing.NamedTuple`s, mutable ones plain classes with
`__slots__` and a written `__init__`. Tests, devkit and scripts are not in the package and may use dataclasses.

No `from __future__ import annotations` in a module that defines NamedTuples or pydantic models: both read
their annotations when the class is defined, and from strings that costs a compile (typing.ForwardRef) or an
`eval` per field at every cold start; without the import they get the objects themselves (measured: the six
task values cost 11.0 million instructions to define with it, 6.7 million without).

No `import boto3` at a module's top level: pynamodb needs only botocore, whose clients boto3's are, and boto3
pulls in s3transfer and multiprocessing (measured: 90 million instructions, the users function at 1.167 times
the import floor with it and 1.094 without). Clients come from `taskexec.data.clients`; an import inside the
function that needs boto3 (the Bedrock detector, chosen by configuration) is allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_SOURCES = (ROOT / "layers" / "common" / "python" / "taskexec", ROOT / "functions")


def _is_dataclass_decorator(node: ast.expr) -> bool:
    """`@dataclass`, `@dataclass(...)`, `@dataclasses.dataclass(...)`, pydantic's alike."""
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
    return name == "dataclass"


def dataclass_uses(source: str, filename: str) -> list[str]:
    """`file:line` of every dataclass decorator and every import of the dataclasses module in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.ClassDef) and any(_is_dataclass_decorator(d) for d in node.decorator_list):
            found.append(f"{filename}:{node.lineno} @dataclass on {node.name}")
        elif isinstance(node, ast.ImportFrom) and node.module == "dataclasses":
            found.append(f"{filename}:{node.lineno} imports from dataclasses")
        elif isinstance(node, ast.Import) and any(alias.name == "dataclasses" for alias in node.names):
            found.append(f"{filename}:{node.lineno} imports dataclasses")
    return found


EVALUATED_BASES = frozenset({"NamedTuple", "BaseModel", "RootModel", "Schema", "Strict"})
"""Bases whose subclasses evaluate their annotations when defined (Schema and Strict are our pydantic bases)."""


def _base_name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def postponed_annotations_on_evaluated_classes(source: str, filename: str) -> list[str]:
    """`file:line` of a future-annotations import in a module that defines a NamedTuple or a pydantic model."""
    tree = ast.parse(source, filename)
    evaluated = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(_base_name(base) in EVALUATED_BASES for base in node.bases)
    ]
    return [
        f"{filename}:{node.lineno} postpones the annotations of {', '.join(evaluated)}"
        for node in tree.body
        if evaluated
        and isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
    ]


def top_level_boto3_imports(source: str, filename: str) -> list[str]:
    """`file:line` of every `import boto3` / `from boto3 ...` in the module's body (not inside a function)."""
    found = []
    for node in ast.parse(source, filename).body:
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        module = node.module if isinstance(node, ast.ImportFrom) else None
        if any(n.split(".")[0] == "boto3" for n in names) or (module or "").split(".")[0] == "boto3":
            found.append(f"{filename}:{node.lineno} imports boto3")
    return found


def package_files() -> list[Path]:
    return sorted(path for root in PACKAGE_SOURCES for path in root.rglob("*.py"))


def test_the_lambda_package_defines_no_dataclass() -> None:
    found = [
        use
        for path in package_files()
        for use in dataclass_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]

    assert not found, (
        "dataclasses in the Lambda package compile their generated methods at every cold start; use a "
        "typing.NamedTuple (immutable) or a class with __slots__ and a written __init__ (mutable):\n" + "\n".join(found)
    )


def test_classes_that_evaluate_annotations_get_them_unpostponed() -> None:
    found = [
        use
        for path in package_files()
        for use in postponed_annotations_on_evaluated_classes(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]

    assert not found, (
        "NamedTuples and pydantic models read their annotations when defined; postponed (strings), each field "
        "costs a compile at every cold start. Drop `from __future__ import annotations` there (use typing.Self "
        "or a quoted name for a forward reference):\n" + "\n".join(found)
    )


def test_the_lambda_package_never_imports_boto3_at_import_time() -> None:
    found = [
        use
        for path in package_files()
        for use in top_level_boto3_imports(path.read_text(), path.relative_to(ROOT).as_posix())
    ]
    assert found == []


def test_the_boto3_check_names_top_level_imports_and_leaves_lazy_ones() -> None:
    source = "import boto3\nfrom boto3.session import Session\ndef f():\n    import boto3\n"
    assert top_level_boto3_imports(source, "m.py") == ["m.py:1 imports boto3", "m.py:2 imports boto3"]


def test_the_check_names_a_postponed_module_and_leaves_others() -> None:
    postponed = "from __future__ import annotations\nclass A(NamedTuple): ...\nclass B(Schema): ...\n"
    plain = "from __future__ import annotations\nclass C(Exception): ...\n"

    assert postponed_annotations_on_evaluated_classes(postponed, "m.py") == ["m.py:1 postpones the annotations of A, B"]
    assert postponed_annotations_on_evaluated_classes(plain, "n.py") == []


def test_the_check_reads_the_whole_package() -> None:
    files = {path.relative_to(ROOT).as_posix() for path in package_files()}

    assert "layers/common/python/taskexec/domain/tasks.py" in files
    assert "functions/execute/app.py" in files
    assert len(files) > 50


def test_the_check_names_each_way_of_writing_a_dataclass() -> None:
    source = (
        "import dataclasses\n"
        "from dataclasses import dataclass\n"
        "@dataclass\nclass A: ...\n"
        "@dataclass(frozen=True)\nclass B: ...\n"
        "@dataclasses.dataclass(slots=True)\nclass C: ...\n"
        "class D(NamedTuple): ...\n"
    )

    assert dataclass_uses(source, "m.py") == [
        "m.py:1 imports dataclasses",
        "m.py:2 imports from dataclasses",
        "m.py:4 @dataclass on A",
        "m.py:6 @dataclass on B",
        "m.py:8 @dataclass on C",
    ]
