"""Put the release on disk: written into a fresh directory beside the target, then swapped in, so that a
failed build never leaves a half-written release; and compare a directory with what a build would write."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path


def write_tree(files: dict[str, bytes], directory: Path) -> None:
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def replace_directory(files: dict[str, bytes], output: Path) -> None:
    """Write files into a fresh directory beside `output`, then swap it in."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    old = output.parent / f".{output.name}-old"
    try:
        write_tree(files, staging)
        if old.exists():
            shutil.rmtree(old)
        if output.exists():
            output.rename(old)
        staging.rename(output)
    finally:
        for leftover in (staging, old):
            if leftover.exists():
                shutil.rmtree(leftover)


def differing_files(files: dict[str, bytes], output: Path) -> list[str]:
    """Names of release files that are missing, different or extra in `output`."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        write_tree(files, Path(tmp))
        for name in sorted(files):
            if not (output / name).is_file() or not filecmp.cmp(Path(tmp) / name, output / name, shallow=False):
                out.append(name)
    if output.is_dir():
        present = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
        out += sorted(present - set(files))
    return out
