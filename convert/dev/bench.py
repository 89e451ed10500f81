"""`make bench`: time `twjp build` on the real list and on synthetic editions 10x, 100x and 1000x its size,
beside a reference pipeline that does the RDF output work with the fastest tools (load the edition's triples
into pyoxigraph, write Turtle, N-Triples and JSON-LD, validate with pyshacl-turbo and the same shapes), with
their ratio, the peak memory of each (every process of the run together, sampled), the build's
stages (from `twjp build --progress`) and the physical limit (pyoxigraph alone parsing and writing the release's
N-Triples); the site (up to 100x: over its own previous site and into none, beside a bare write of its bytes);
start-up costs (the real-list build against importing the libraries it loads, `twjp --help` against importing
click, `twjp query` against a bare pyoxigraph load and query); then the sample queries on each release in the
embedded store; last, each target of the speed issue with its figure and whether it is met. Medians of fresh
processes, the build interleaved with the reference.

`python -m convert.dev.bench --sizes 1,10` times only those sizes."""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from convert import paths
from convert.dev.synthetic import write_synthetic

RUNS = {1: 5, 10: 3, 100: 3, 1000: 1}  # fresh processes per measurement, by size
SITE_UP_TO = 100  # the site of a 1000x edition would be two million files
QUERY_RUNS = 3
STAGES = ("read", "graph", "files", "validate", "written")


@dataclass(frozen=True)
class Run:
    wall: float
    peak_mib: float  # the largest sum of the resident memory of the process and its descendants
    stdout: str
    stderr: str


def tree_memory(root: int) -> int:
    """Bytes resident in `root` and every process descended from it (from /proc). (Not their PSS, which counts
    once a page forked processes share: reading it costs 30 ms for a 1.4 GiB process, and sampled every 50 ms it
    took a core's third from a build using both; the builds measured here are one process each.)"""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
                parents[int(entry.name)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total


def measure(args: list[str]) -> Run:
    """`python -m ARGS` in a fresh process: wall seconds, peak memory of its process tree, its output."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", *args], stdout=out, stderr=err)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_memory(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, _ = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: python -m {' '.join(args)}\n{err.read()[-2000:]}")
        # (not ru_maxrss: Linux keeps, across exec, the high-water mark of the forked copy of this process)
        return Run(wall, peak / 2**20, out.read(), err.read())


def stage_seconds(stderr: str) -> dict[str, float]:
    """Seconds of each stage, from `twjp build --progress` (which prints the time since the start)."""
    out, before = {}, 0.0
    for line in stderr.splitlines():
        parts = line.split()
        if line.startswith("  ") and len(parts) == 4 and parts[0] in STAGES:
            out[parts[0]] = float(parts[2]) - before
            before = float(parts[2])
    return out


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


def loaded_libraries(args: list[str]) -> None:
    """(Fresh process.) Run `twjp ARGS` in this process, then print the installed libraries it loaded (the last
    line of the output)."""
    import sysconfig

    from convert.cli import cli

    with contextlib.suppress(SystemExit):
        cli.main(args, standalone_mode=False)
    installed = tuple({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    names = {
        name.split(".")[0]
        for name, module in list(sys.modules.items())
        if (getattr(module, "__file__", None) or "").startswith(installed)
    }
    print(" ".join(sorted(n for n in names if not n.startswith("_") and n != "convert")))


def startup_ratios(release: Path) -> None:
    def median_of(args, runs=5):
        return statistics.median(measure(args).wall for _ in range(runs))

    def median_cmd(cmd, runs=5):
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - start)
        return statistics.median(walls)

    build_args = ["-q", "build", "--no-site", "--output", str(release)]
    libraries = measure(["convert.dev.bench", "--loaded", *build_args]).stdout.splitlines()[-1].split()
    imports = "import " + ", ".join(libraries)
    build = median_of(["convert", *build_args])
    imported = median_cmd([sys.executable, "-c", imports])
    help_ = median_cmd([sys.executable, "-m", "convert", "--help"])
    click = median_cmd([sys.executable, "-c", "import click"])
    query = median_cmd(
        [sys.executable, "-m", "convert", "query", "agreement-types", "--data", str(release / "twjp.ttl")]
    )
    bare = median_of(["convert.dev.bench", "--query-once", str(release), "agreement-types"])
    print()
    print("start-up (medians of 5 fresh processes)")
    print(f"  the real-list build loads: {', '.join(libraries)}")
    rows = (
        ("real-list build", build, "importing those", imported, 2),
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


def ntriples_floor(release: Path) -> None:
    """(Fresh process.) pyoxigraph alone: parse the release's N-Triples, write them again; prints both times."""
    import pyoxigraph as ox

    source = str(release / "twjp.nt")
    start = time.perf_counter()
    for _ in ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES):  # streamed: a 1000x release is 5 M triples
        pass
    parsed = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        ox.serialize(ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES), out, format=ox.RdfFormat.N_TRIPLES)
    both = time.perf_counter() - parsed
    print(f"{parsed - start:.3f} {both - (parsed - start):.3f}")


def bare_write(site: Path, target: Path) -> None:
    """(Fresh process.) Read a site's files into memory, then time writing them into a new folder."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    made = set()
    for name, content in files.items():
        folder = (target / name).parent
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (target / name).write_bytes(content)
    print(f"{time.perf_counter() - start:.3f}")
    shutil.rmtree(target, ignore_errors=True)


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(sizes: list[int]) -> None:
    # bytecode as an installed package has it (this machine may run with PYTHONDONTWRITEBYTECODE)
    compileall.compile_dir(paths.ROOT / "convert", quiet=1)
    releases = {}
    print(f"{os.cpu_count()} cores; load average {load_average()} at the start")
    print("twjp build (release only, --no-site) and the reference pipeline: median seconds and peak MiB of fresh")
    print("processes (every process of a run together); the build's stages from `twjp build --progress`")
    print(
        f"{'edition':>7} {'agreements':>10} {'triples':>9} {'build s':>8} {'MiB':>6} {'ref s':>7} {'MiB':>6} "
        f"{'ratio':>5}  " + " ".join(f"{s:>8}" for s in STAGES)
    )
    sites = []
    floors: list[tuple[int, float, float, float]] = []  # (factor, parse s, write s, build s)
    targets: list[tuple[str, str, bool]] = []  # (target, figure, met)
    # beside the repository's output/ and site/, on the file system `twjp build` writes to by default (not /tmp:
    # on this machine a file made under /tmp costs ten times one made here)
    with tempfile.TemporaryDirectory(prefix=".bench-", dir=paths.ROOT) as tmp:
        for factor in sizes:
            runs = RUNS.get(factor, 1)
            source = paths.SOURCE if factor == 1 else write_synthetic(factor, Path(tmp) / f"x{factor}.txt")
            output = Path(tmp) / f"out{factor}"
            build = ["convert", "-q", "build", "--draft", "--source", str(source), "--output", str(output), "--no-site"]
            # the first build makes the ontology documentation; later builds reuse it, as in normal use (from the
            # previous size's release when there is one: a 1000x build takes minutes)
            if releases:
                shutil.copytree(releases[max(releases)], output)
            else:
                measure(build)
            results, refs = [], []
            for _ in range(runs):  # interleaved: this machine's speed drifts from minute to minute
                results.append(measure([*build, "--progress"]))
                refs.append(measure(["convert.dev.bench", "--reference", str(output)]))
            floor = measure(["convert.dev.bench", "--ntriples-floor", str(output)])
            b, r = statistics.median(x.wall for x in results), statistics.median(x.wall for x in refs)
            stages = [stage_seconds(x.stderr) for x in results]
            per_stage = [statistics.median(st.get(name, 0.0) for st in stages) for name in STAGES]
            with open(output / "twjp.nt", "rb") as nt:  # (streamed: this process stays small)
                triples = sum(chunk.count(b"\n") for chunk in iter(lambda: nt.read(1 << 20), b""))
            print(
                f"{'x' + str(factor):>7} {157 * factor:>10} {triples:>9} {b:>8.2f} "
                f"{max(x.peak_mib for x in results):>6.0f} {r:>7.2f} {max(x.peak_mib for x in refs):>6.0f} "
                f"{b / r:>5.2f}  " + " ".join(f"{v:>8.2f}" for v in per_stage),
                flush=True,
            )
            floors.append((factor, float(floor.stdout.split()[0]), float(floor.stdout.split()[1]), b))
            peak_b, peak_r = max(x.peak_mib for x in results), max(x.peak_mib for x in refs)
            targets.append((f"release build <= 1.0x the reference at x{factor}", f"{b / r:.2f}x", b / r <= 1.0))
            targets.append(
                (
                    f"peak memory below the reference's at x{factor}",
                    f"{peak_b:.0f} vs {peak_r:.0f} MiB",
                    peak_b < peak_r,
                )
            )
            if factor <= SITE_UP_TO:
                site = Path(tmp) / f"site{factor}"
                with_site = [*build[:-1], "--site", str(site)]
                fresh, site_walls = [], []
                for _ in range(max(1, runs // 2)):
                    shutil.rmtree(site, ignore_errors=True)
                    fresh.append(measure(with_site).wall)  # into no site: every file made
                    site_walls.append(measure(with_site).wall)  # over the site: unchanged files linked
                files, size = tree_size(site)
                bare = measure(["convert.dev.bench", "--bare-write", str(site), str(Path(tmp) / "bare")])
                sites.append((factor, statistics.median(site_walls) - b, statistics.median(fresh) - b, files, size,
                              float(bare.stdout)))  # fmt: skip
                if factor == 1:
                    whole = statistics.median(site_walls)
                    targets.append(("real-list twjp build (release and site) < 1.5 s", f"{whole:.2f} s", whole < 1.5))
            releases[factor] = output
        print()
        print("the physical limit of the release: pyoxigraph alone parsing the release's N-Triples and writing them")
        print("again (N-Triples, one process), against the whole build")
        for factor, parse, write, build_s in floors:
            print(f"{'x' + str(factor):>7} parse {parse:>7.2f} s  write {write:>7.2f} s  build {build_s:>7.2f} s"
                  f"  ({build_s / (parse + write):.1f}x the floor)")  # fmt: skip
        if sites:
            print()
            print("the site (twjp build --site): median seconds over the release-only build, over its own previous")
            print("site (unchanged files linked) and into no site (every file made); a bare write of the same bytes")
            print("into a new folder (one process) is the floor of the fresh build")
            for factor, extra, fresh_s, files, size, bare_s in sites:
                print(f"{'x' + str(factor):>7} {extra:>8.2f} s  fresh {fresh_s:>8.2f} s  bare write {bare_s:>7.2f} s "
                      f"{files:>9} files {size / 1e6:>8.1f} MB")  # fmt: skip
            per_page = {factor: extra / files for factor, extra, _, files, _, _ in sites}
            for factor, extra, *_ in sites:
                if factor == 100:
                    targets.append(("site at x100 <= 20 s over the release build", f"{extra:.1f} s", extra <= 20))
            if 10 in per_page and 100 in per_page:
                ms10, ms100 = 1000 * per_page[10], 1000 * per_page[100]
                targets.append(
                    ("site cost per file at x100 no worse than at x10", f"{ms100:.2f} vs {ms10:.2f} ms", ms100 <= ms10)
                )
        if 1 in releases:
            startup_ratios(releases[1])
        print()
        print(f"sample queries on the embedded store (median of {QUERY_RUNS} runs each)")
        print(f"{'edition':>10} {'load s':>7} {'all queries s':>14} {'slowest':>44} {'s':>6} {'peak MiB':>9}")
        for factor, output in releases.items():
            if factor > SITE_UP_TO:
                continue  # (the embedded store of a 1000x edition is not what the queries are for)
            run = measure(["convert.dev.bench", "--queries", str(output)])
            timings = json.loads(run.stdout)
            slowest = max(timings["queries"], key=timings["queries"].get)
            print(
                f"{'x' + str(factor):>10} {timings['load']:>7.2f} {sum(timings['queries'].values()):>14.3f} "
                f"{slowest:>44} {timings['queries'][slowest]:>6.3f} {run.peak_mib:>9.0f}"
            )
            if factor == 100:
                ms = 1000 * timings["queries"][slowest]
                targets.append((f"slowest sample query at x100 <= 50 ms ({slowest})", f"{ms:.0f} ms", ms <= 50))
    print()
    print("targets")
    for name, figure, met in targets:
        print(f"  {'met    ' if met else 'NOT met'}  {name}: {figure}")
    print(f"\nload average {load_average()} at the end")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--queries"]:
        time_queries(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--reference"]:
        reference(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--query-once"]:
        query_once(Path(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["--ntriples-floor"]:
        ntriples_floor(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--bare-write"]:
        bare_write(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["--loaded"]:
        loaded_libraries(sys.argv[2:])
    else:
        parser = argparse.ArgumentParser(prog="python -m convert.dev.bench", description=__doc__.split("\n\n")[0])
        parser.add_argument("--sizes", default="1,10,100,1000", help="editions to time, as multiples of the list")
        main([int(x) for x in parser.parse_args().sizes.split(",")])
