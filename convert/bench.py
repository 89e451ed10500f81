"""`make bench`: time `twjp build` on the real list and on synthetic editions 10x and 100x its size;
print the median wall time and the peak memory of each."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from convert import paths
from convert.synthetic import write_synthetic

SIZES = ((1, 5), (10, 3), (100, 3))  # (factor, runs)


def run_once(source: Path, output: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one build in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "convert", "-q", "build", "--source", str(source), "--output", str(output)],
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed on {source}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    print(f"{'edition':>10} {'agreements':>10} {'median s':>9} {'min s':>7} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor, runs in SIZES:
            source = paths.SOURCE if factor == 1 else write_synthetic(factor, Path(tmp) / f"x{factor}.txt")
            output = Path(tmp) / f"out{factor}"
            # the first build makes the ontology documentation; later builds reuse it, as in normal use
            run_once(source, output)
            results = [run_once(source, output) for _ in range(runs)]
            walls = [w for w, _ in results]
            print(
                f"{'x' + str(factor):>10} {157 * factor:>10} {statistics.median(walls):>9.2f} "
                f"{min(walls):>7.2f} {max(m for _, m in results):>9.0f}"
            )


if __name__ == "__main__":
    main()
