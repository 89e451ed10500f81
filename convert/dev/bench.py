"""`make bench`: time `twjp build` on the real list and on synthetic editions 10x and 100x its size,
then the sample queries on each of those releases in the embedded store; print median wall times
and peak memory (each measurement in a fresh process)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from convert import paths
from convert.dev.synthetic import write_synthetic

SIZES = ((1, 5), (10, 3), (100, 3))  # (factor, runs)
QUERY_RUNS = 3


def measure(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MiB) and standard output of `python -m ARGS` in a fresh process."""
    with tempfile.TemporaryFile(mode="w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", *args], stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: python -m {' '.join(args)}")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, out.read()


def time_queries(release: Path) -> None:
    """(Run in a fresh process by `measure`.) Load the release's Turtle into an embedded store, run
    every local sample query QUERY_RUNS times; print the load time and each query's median as JSON."""
    from convert.sparql.catalogue import bind_parameters, catalogue
    from convert.sparql.embedded import load_store, run_embedded

    start = time.perf_counter()
    store = load_store([release / "twjp.ttl"])
    load = time.perf_counter() - start
    medians = {}
    for q in catalogue().values():
        if q.endpoint != "twjp":
            continue
        walls = []
        for _ in range(QUERY_RUNS):
            start = time.perf_counter()
            answer = run_embedded(store, q, bind_parameters(q, {}))
            answer.rows()  # parse the results, as a caller would
            walls.append(time.perf_counter() - start)
        medians[q.name] = statistics.median(walls)
    print(json.dumps({"load": load, "queries": medians}))


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    releases = {}
    print("twjp build (release only, --no-site) and with the site; median of the runs, each in a fresh process")
    print(
        f"{'edition':>10} {'agreements':>10} {'release s':>9} {'min s':>7} {'peak MiB':>9} "
        f"{'+site s':>8} {'site files':>10} {'site MB':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for factor, runs in SIZES:
            source = paths.SOURCE if factor == 1 else write_synthetic(factor, Path(tmp) / f"x{factor}.txt")
            output, site = Path(tmp) / f"out{factor}", Path(tmp) / f"site{factor}"
            build = ["convert", "-q", "build", "--source", str(source), "--output", str(output), "--no-site"]
            with_site = [
                "convert",
                "-q",
                "build",
                "--source",
                str(source),
                "--output",
                str(output),
                "--site",
                str(site),
            ]
            # the first build makes the ontology documentation; later builds reuse it, as in normal use
            measure(build)
            results = [measure(build) for _ in range(runs)]
            walls = [w for w, _, _ in results]
            site_walls = [measure(with_site)[0] for _ in range(max(1, runs // 2))]
            files, size = tree_size(site)
            print(
                f"{'x' + str(factor):>10} {157 * factor:>10} {statistics.median(walls):>9.2f} "
                f"{min(walls):>7.2f} {max(m for _, m, _ in results):>9.0f} "
                f"{statistics.median(site_walls) - statistics.median(walls):>8.2f} {files:>10} {size / 1e6:>8.1f}"
            )
            releases[factor] = output
        print()
        print(f"sample queries on the embedded store (median of {QUERY_RUNS} runs each)")
        print(f"{'edition':>10} {'load s':>7} {'all queries s':>14} {'slowest':>44} {'s':>6} {'peak MiB':>9}")
        for factor, output in releases.items():
            _, peak, out = measure(["convert.dev.bench", "--queries", str(output)])
            timings = json.loads(out)
            slowest = max(timings["queries"], key=timings["queries"].get)
            print(
                f"{'x' + str(factor):>10} {timings['load']:>7.2f} {sum(timings['queries'].values()):>14.3f} "
                f"{slowest:>44} {timings['queries'][slowest]:>6.3f} {peak:>9.0f}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--queries"]:
        time_queries(Path(sys.argv[2]))
    else:
        main()
