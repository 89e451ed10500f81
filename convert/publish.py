"""Write the release: every file is produced in a temporary directory and moved into output/ only
when all of it was built and validated, so a failed build never leaves a half-written release."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from convert.build import Edition
from convert.report import report_csv, report_markdown


def release_files(edition: Edition) -> dict[str, bytes]:
    """The release as file name -> content (pure: nothing written)."""
    source_name = f"convert/data/source/{edition.source.name}"
    return {
        "quality-report.md": report_markdown(edition.differences, edition.published, source_name).encode(),
        "quality-report.csv": report_csv(edition.differences).encode(),
    }


def write_tree(files: dict[str, bytes], directory: Path) -> None:
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def replace_directory(files: dict[str, bytes], output: Path) -> None:
    """Write files into a fresh directory beside `output`, then swap it in."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        write_tree(files, staging)
        old = output.parent / f".{output.name}-old"
        if old.exists():
            shutil.rmtree(old)
        if output.exists():
            output.rename(old)
        staging.rename(output)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def differing_files(files: dict[str, bytes], output: Path) -> list[str]:
    """Names of release files that are missing, different or extra in `output`."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        write_tree(files, Path(tmp))
        for name in sorted(files):
            if not (output / name).is_file() or not filecmp.cmp(Path(tmp) / name, output / name, shallow=False):
                out.append(name)
    if output.is_dir():
        present = {str(p.relative_to(output)) for p in output.rglob("*") if p.is_file()}
        out += sorted(present - set(files))
    return out
