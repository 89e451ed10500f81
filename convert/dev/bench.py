"""`make bench`: time `twjp build` on the real list and on synthetic editions 10x and 100x its size, beside a
reference pipeline that does the RDF output work with the fastest tools (load the edition's triples into
pyoxigraph, write Turtle, N-Triples and JSON-LD, validate with pyshacl-turbo and the same shapes), with their
ratio; the site; start-up costs (the real-list build against importing its libraries, `twjp --help` against
importing click, `twjp query` against a bare pyoxigraph load and query); then the sample queries on each
release in the embedded store. Median wall times and peak memory, each measurement in a fresh process."""

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


def reference(release: Path) -> None:
    """(Run in a fresh process by `measure`.) The reference pipeline on the release's triples."""
    import tempfile as tf

    import pyoxigraph as ox
    import pyshacl_turbo

    store = ox.Store()
    store.bulk_load(path=str(release / "twjp.nt"), format=ox.RdfFormat.N_TRIPLES)
    with tf.TemporaryDirectory() as tmp:
        for name, fmt in (
            ("t.ttl", ox.RdfFormat.TURTLE),
            ("t.nt", ox.RdfFormat.N_TRIPLES),
            ("t.jsonld", ox.RdfFormat.JSON_LD),
        ):
            store.dump(output=str(Path(tmp) / name), format=fmt, from_graph=ox.DefaultGraph())
    shapes = paths.SHAPES.read_text(encoding="utf-8")
    pyshacl_turbo.validate(
        store, shacl_graph=shapes, shacl_graph_format="turtle", inference="none", allow_warnings=True
    )


def query_once(release: Path, name: str) -> None:
    """(Fresh process.) A bare pyoxigraph load of the release and one sample query: what `twjp query` is compared to."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(release / "twjp.ttl"), format=ox.RdfFormat.TURTLE)
    text = (paths.QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    print(len(list(store.query(text))))


IMPORTS = "import click, opencc, pyoxigraph, rdflib, pyshacl_turbo, jinja2, xlsxwriter, pylode"


def startup_ratios(release: Path) -> None:
    def median_of(args, runs=5):
        return statistics.median(measure(args)[0] for _ in range(runs))

    def median_cmd(cmd, runs=5):
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - start)
        return statistics.median(walls)

    build = median_of(["convert", "-q", "build", "--no-site", "--output", str(release)])
    imports = median_cmd([sys.executable, "-c", IMPORTS])
    help_ = median_cmd([sys.executable, "-m", "convert", "--help"])
    click = median_cmd([sys.executable, "-c", "import click"])
    query = median_cmd(
        [sys.executable, "-m", "convert", "query", "agreement-types", "--data", str(release / "twjp.ttl")]
    )
    bare = median_of(["convert.dev.bench", "--query-once", str(release), "agreement-types"])
    print()
    print("start-up (medians of 5 fresh processes)")
    rows = (
        ("real-list build", build, "importing its libraries", imports, 2),
        ("twjp --help", help_, "import click", click, 1.5),
        ("twjp query agreement-types", query, "bare pyoxigraph load + query", bare, 2),
    )
    for name, value, against, base, target in rows:
        print(f"  {name} {value:.3f} s / {against} {base:.3f} s = {value / base:.2f} (target <= {target})")


def time_queries(release: Path) -> None:
    """(Run in a fresh process by `measure`.) Load the release's Turtle into an embedded store, run
    every local sample query QUERY_RUNS times; print the load time and each query's median as JSON."""
    from convert.sparql.catalogue import bind_parameters, catalogue
    from convert.sparql.embedded import load_store
    from convert.sparql.run import LOCALITY_NAMES, ask, locality_names, locality_values

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
            # as `twjp query` runs it: a locality parameter is looked up first and bound as IRIs
            bindings = bind_parameters(q, {})
            values = {}
            if q.locality is not None:
                values = locality_values(q, bindings, locality_names(ask(LOCALITY_NAMES, {}, store=store)))
            answer = ask(q, bindings, store=store, values=values)
            answer.rows()  # parse the results, as a caller would
            walls.append(time.perf_counter() - start)
        medians[q.name] = statistics.median(walls)
    print(json.dumps({"load": load, "queries": medians}))


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    releases = {}
    print("twjp build (release only, --no-site), the reference pipeline, and the site; medians, fresh processes")
    print(
        f"{'edition':>8} {'agreements':>10} {'build s':>8} {'peak MiB':>8} {'ref s':>6} {'ratio':>6} "
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
            refs = [measure(["convert.dev.bench", "--reference", str(output)])[0] for _ in range(runs)]
            site_walls = [measure(with_site)[0] for _ in range(max(1, runs // 2))]
            files, size = tree_size(site)
            b, r = statistics.median(walls), statistics.median(refs)
            print(
                f"{'x' + str(factor):>8} {157 * factor:>10} {b:>8.2f} {max(m for _, m, _ in results):>8.0f} "
                f"{r:>6.2f} {b / r:>6.2f} {statistics.median(site_walls) - b:>8.2f} {files:>10} {size / 1e6:>8.1f}",
                flush=True,
            )
            releases[factor] = output
        startup_ratios(Path(tmp) / "out1")
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
    elif sys.argv[1:2] == ["--reference"]:
        reference(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--query-once"]:
        query_once(Path(sys.argv[2]), sys.argv[3])
    else:
        main()
