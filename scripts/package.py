"""Build the Lambda artifacts for python3.13 on arm64 without Docker.

    python -m scripts.package                 # layer + every function, zipped into .build/, sizes printed
    python -m scripts.package --layer-only --out DIR   # only the layer tree into DIR (used by `sam build`)

The layer is `layers/common/requirements.txt` installed from manylinux2014_aarch64 / cp313 wheels (pip's
cross-platform install: no compiler, no container; a dependency without such a wheel fails the build), plus the
`taskexec` package from `layers/common/python/`. What the python3.13 Lambda runtime already ships (boto3 and its
dependencies) is left out. Each function is its `functions/<name>/` directory: the handlers import everything
else from the layer.

`sam build` builds the layer through the same code (template.yaml: BuildMethod makefile, Makefile target
`build-CommonLayer`), so what `make package` measures is what `sam deploy` uploads.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYER_SRC = ROOT / "layers" / "common"
FUNCTIONS_SRC = ROOT / "functions"
BUILD = ROOT / ".build"

PLATFORM = "manylinux2014_aarch64"
PYTHON_VERSION = "3.13"

# Present in the python3.13 Lambda runtime (boto3 and what it pulls in); installing them again only adds size.
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "python_dateutil", "six", "urllib3"})

# Lambda's unzipped limit for a function plus all its layers.
UNZIPPED_LIMIT = 250 * 1024 * 1024

# Wheel tags that run on python3.13 / linux arm64.
_COMPATIBLE_TAG = re.compile(r"^(py3|cp313|cp3\d+)-(none|abi3|cp313)-(any|(manylinux|musllinux)\w*_aarch64)$")
_SKIP_DIRS = {"__pycache__", ".pytest_cache", ".mypy_cache"}


class PackagingError(RuntimeError):
    pass


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _tree_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.2f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KiB"


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(*_SKIP_DIRS, "*.pyc"), dirs_exist_ok=True)


def install_dependencies(requirements: Path, target: Path) -> None:
    """pip-install the requirements as arm64 / cp313 wheels into `target`; raise if pip fails."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--no-warn-conflicts",
        "--no-warn-script-location",
        "--platform",
        PLATFORM,
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--only-binary=:all:",
        "--target",
        str(target),
        "-r",
        str(requirements),
    ]
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise PackagingError(
            f"pip could not install {requirements.relative_to(ROOT)} as {PLATFORM} wheels for Python {PYTHON_VERSION}"
            " (a dependency without a binary wheel for that platform?). See pip's message above."
        )


def remove_runtime_provided(site: Path) -> list[str]:
    """Delete the distributions the Lambda runtime already has, by their RECORD files. Returns their names."""
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
    # Directories left empty by the RECORD deletions (package dirs, their __pycache__).
    for directory in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return removed


def check_wheel_tags(site: Path) -> None:
    """Every installed distribution must be pure Python or built for cp313 on linux aarch64."""
    wrong = []
    for wheel in site.glob("*.dist-info/WHEEL"):
        tags = [line.split(":", 1)[1].strip() for line in wheel.read_text().splitlines() if line.startswith("Tag:")]
        if not any(_COMPATIBLE_TAG.match(tag) for tag in tags):
            wrong.append(f"{wheel.parent.name}: {', '.join(tags)}")
    if wrong:
        raise PackagingError("distributions not built for python3.13 / linux arm64:\n  " + "\n  ".join(wrong))


def build_layer(out: Path) -> Path:
    """The layer tree (`out/python/...`), ready to zip or to hand to `sam build`. Returns `out/python`."""
    site = out / "python"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    install_dependencies(LAYER_SRC / "requirements.txt", site)
    removed = remove_runtime_provided(site)
    shutil.rmtree(site / "bin", ignore_errors=True)  # console scripts: nothing runs them in a layer
    check_wheel_tags(site)
    package = LAYER_SRC / "python" / "taskexec"
    if not (package / "__init__.py").exists():
        raise PackagingError(f"{package.relative_to(ROOT)} is not a package")
    _copy_tree(package, site / "taskexec")
    if removed:
        print(f"layer: left out (in the Lambda runtime): {', '.join(removed)}")
    return site


def zip_tree(src: Path, archive: Path, prefix: str = "") -> None:
    """Zip `src` with deterministic entry order and timestamps (same input, same bytes)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(src.rglob("*")):
            if path.is_dir() or _SKIP_DIRS.intersection(path.parts) or path.suffix == ".pyc":
                continue
            info = zipfile.ZipInfo(prefix + path.relative_to(src).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes(), compresslevel=9)


def package_all() -> None:
    if BUILD.exists():
        shutil.rmtree(BUILD)
    layer_dir = BUILD / "layer"
    site = build_layer(layer_dir)
    layer_zip = BUILD / "layer.zip"
    zip_tree(layer_dir, layer_zip)
    layer_unzipped = _tree_size(site)
    print(f"layer common: {_human(layer_unzipped)} unzipped, {_human(layer_zip.stat().st_size)} zipped -> {layer_zip}")

    functions = sorted(path for path in FUNCTIONS_SRC.iterdir() if path.is_dir())
    if not functions:
        raise PackagingError("no function directories under functions/")
    for function in functions:
        archive = BUILD / "functions" / f"{function.name}.zip"
        zip_tree(function, archive)
        unzipped = _tree_size(function)
        if not (function / "app.py").exists():
            print(f"function {function.name}: WARNING no app.py (Handler app.lambda_handler)")
        print(f"function {function.name}: {_human(unzipped)} unzipped, {_human(archive.stat().st_size)} zipped")
        if unzipped + layer_unzipped > UNZIPPED_LIMIT:
            raise PackagingError(f"{function.name} plus the layer exceed Lambda's 250 MiB unzipped limit")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layer-only", action="store_true", help="build only the layer tree (for sam build)")
    parser.add_argument("--out", type=Path, help="with --layer-only: the directory to build the layer into")
    args = parser.parse_args(argv)
    try:
        if args.layer_only:
            if args.out is None:
                parser.error("--layer-only needs --out")
            site = build_layer(args.out.resolve())
            print(f"layer common: {_human(_tree_size(site))} unzipped -> {site}")
        else:
            package_all()
    except PackagingError as error:
        print(f"package: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
