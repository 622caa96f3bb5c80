"""What `make build` does to `sam build`'s output before `sam deploy` uploads it, and the check that it is right.

    python3.13 scripts/build_report.py prune .aws-sam/build   # take out what the Lambda runtime already ships
    python3.13 scripts/build_report.py check .aws-sam/build   # wheels, byte code, sizes (exit 1 if wrong)

`sam build` installs the layer's requirements with their whole dependency tree; pynamodb pulls in botocore,
which the python3.13 runtime already has with boto3. A second botocore in /opt/python would shadow the
runtime's one (layers come first on sys.path) under a boto3 built for another version, and adds size, so
`prune` deletes those distributions by their RECORD files. `check` runs after the compile step: every
binary wheel must be built for cp313 on linux aarch64, every module must have its Python 3.13 byte code
(unchecked-hash, so that the zip's timestamps cannot invalidate it), the layer must carry the IANA zone data
(tzdata: the runtime may have no /usr/share/zoneinfo, and `zoneinfo` falls back to it), and function plus layer
must fit Lambda's unzipped limit. Run it with Python 3.13: the byte-code check compares with the running interpreter.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

LAYER = "CommonLayer"

# Present in the python3.13 Lambda runtime (boto3 and what it pulls in); installing them again only adds size.
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "python_dateutil", "six", "urllib3"})

# Lambda's unzipped limit for a function plus all its layers.
UNZIPPED_LIMIT = 250 * 1024 * 1024

# Wheel tags that run on python3.13 / linux arm64.
_COMPATIBLE_TAG = re.compile(r"^(py3|py2\.py3|cp313|cp3\d+)-(none|abi3|cp313)-(any|(manylinux|musllinux)\w*_aarch64)$")
_UNCHECKED_HASH = 0b01
"""PEP 552 flags of a hash-based .pyc whose source is never checked."""


ZONE_DATA = ("tzdata/zones", "tzdata/zoneinfo/Pacific/Honolulu", "tzdata/zoneinfo/America/New_York")
"""What taskexec.domain.time_zones reads: tzdata's list of zone names, and a zone file or two from its data."""


class BuildError(RuntimeError):
    pass


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.2f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KiB"


def _tree_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def _zipped_size(path: Path) -> int:
    """Size of the tree deflated as `sam deploy` zips it (an estimate: same compression, in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for item in sorted(path.rglob("*")):
            if item.is_file():
                bundle.write(item, item.relative_to(path).as_posix())
    return buffer.tell()


def prune(build: Path) -> list[str]:
    """Delete from the layer the distributions the runtime ships, console scripts and the requirements copy."""
    site = build / LAYER / "python"
    if not site.is_dir():
        raise BuildError(f"{site} is missing: did `sam build` run?")
    removed = []
    for dist_info in sorted(site.glob("*.dist-info")):
        name = _normalise(dist_info.name.removesuffix(".dist-info").rsplit("-", 1)[0])
        if name not in RUNTIME_PROVIDED:
            continue
        record = dist_info / "RECORD"
        if record.exists():
            with record.open(newline="", encoding="utf-8") as handle:
                for row in csv.reader(handle):
                    if row and not row[0].startswith(".."):
                        (site / row[0]).unlink(missing_ok=True)
        shutil.rmtree(dist_info, ignore_errors=True)
        removed.append(name)
    shutil.rmtree(site / "bin", ignore_errors=True)  # nothing runs console scripts in a layer
    (site / "requirements.txt").unlink(missing_ok=True)
    for directory in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return removed


def wrong_wheels(site: Path) -> list[str]:
    """Distributions neither pure Python nor built for cp313 on linux aarch64."""
    wrong = []
    for wheel in sorted(site.glob("*.dist-info/WHEEL")):
        tags = [line.split(":", 1)[1].strip() for line in wheel.read_text().splitlines() if line.startswith("Tag:")]
        if not any(_COMPATIBLE_TAG.match(tag) for tag in tags):
            wrong.append(f"{wheel.parent.name}: {', '.join(tags)}")
    for library in sorted(site.rglob("*.so")):
        if "cpython-" in library.name and not library.name.endswith(".cpython-313-aarch64-linux-gnu.so"):
            wrong.append(str(library.relative_to(site)))
    return wrong


def missing_byte_code(tree: Path) -> list[str]:
    """Modules without Python 3.13 byte code compiled as unchecked-hash beside them."""
    missing = []
    for source in sorted(tree.rglob("*.py")):
        compiled = Path(importlib.util.cache_from_source(str(source)))
        try:
            header = compiled.read_bytes()[:8]
        except FileNotFoundError:
            missing.append(str(source.relative_to(tree)))
            continue
        flags = int.from_bytes(header[4:8], "little")
        if header[:4] != importlib.util.MAGIC_NUMBER or flags != _UNCHECKED_HASH:
            missing.append(f"{source.relative_to(tree)} (byte code of another kind)")
    return missing


def zone_data(site: Path) -> tuple[int, list[str]]:
    """How many zones the layer's tzdata lists, and which of ZONE_DATA it lacks."""
    missing = [name for name in ZONE_DATA if not (site / name).is_file()]
    zones = site / ZONE_DATA[0]
    return (len(zones.read_text(encoding="utf-8").split()) if zones.is_file() else 0), missing


def check(build: Path) -> list[str]:
    """Print what was built and its sizes; return the problems found."""
    if sys.version_info[:2] != (3, 13):
        return [f"run this with Python 3.13 (this is {sys.version.split()[0]})"]
    site = build / LAYER / "python"
    if not site.is_dir():
        return [f"{site} is missing: did `sam build` run?"]
    problems = [f"not built for python3.13 / linux arm64: {entry}" for entry in wrong_wheels(site)]
    layer_size = _tree_size(site)
    modules = sum(1 for _ in site.rglob("*.py"))
    print(f"layer {LAYER}: {_human(layer_size)} unzipped, {_human(_zipped_size(site))} zipped, {modules} modules")
    zones, missing_zones = zone_data(site)
    print(f"layer {LAYER}: IANA zone data for {zones} zones (tzdata)")
    problems += [f"no IANA zone data in the layer: {name} (pin tzdata in its requirements)" for name in missing_zones]
    functions = sorted(p for p in build.iterdir() if p.is_dir() and p.name != LAYER)
    for function in functions:
        size = _tree_size(function)
        count = sum(1 for _ in function.rglob("*.py"))
        zipped = _human(_zipped_size(function))
        print(f"function {function.name}: {_human(size)} unzipped, {zipped} zipped, {count} modules")
        if size + layer_size > UNZIPPED_LIMIT:
            problems.append(f"{function.name} plus the layer exceed Lambda's 250 MiB unzipped limit")
    for tree in (site, *functions):
        problems += [f"no Python 3.13 byte code: {tree.name}/{entry}" for entry in missing_byte_code(tree)]
    if not functions:
        problems.append(f"no function was built in {build}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("prune", "check"))
    parser.add_argument("build", type=Path, help="sam build's output directory (.aws-sam/build)")
    args = parser.parse_args(argv)
    try:
        if args.step == "prune":
            removed = prune(args.build)
            print(f"layer {LAYER}: left out (in the Lambda runtime): {', '.join(removed) or 'nothing'}")
            return 0
        problems = check(args.build)
    except BuildError as error:
        print(f"build: {error}", file=sys.stderr)
        return 1
    for problem in problems[:40]:
        print(f"build: {problem}", file=sys.stderr)
    if len(problems) > 40:
        print(f"build: ... and {len(problems) - 40} more", file=sys.stderr)
    if not problems:
        print("every module has its Python 3.13 byte code (unchecked-hash); every binary wheel is cp313 / aarch64")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
