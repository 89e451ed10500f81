"""The twjp command as a user runs it: exit codes, messages, no tracebacks."""

import subprocess
import sys

from convert.release.write import RELEASE_MARK
from tests.conftest import DATA


def twjp(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, text=True, cwd=cwd)


def test_build_writes_reports_and_summary(tmp_path):
    out = tmp_path / "release"
    result = twjp("build", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "157 agreements" in result.stdout
    assert "unresolved: 0" in result.stdout
    md = (out / "quality-report.md").read_text(encoding="utf-8")
    assert "| 81 | TW | 彰化縣員林鄉 | 彰化縣員林市 | renamed | certain |" in md
    csv_text = (out / "quality-report.csv").read_text(encoding="utf-8")
    assert "93,TW,嘉義縣嘉義市,嘉義市,tw-10020,misplaced-parent,certain," in csv_text


def test_bad_source_fails_cleanly_and_leaves_output_untouched(tmp_path):
    out = tmp_path / "release"
    out.mkdir()
    (out / "README.md").write_text(RELEASE_MARK + "\n")
    (out / "keep.txt").write_text("previous release")
    result = twjp("build", "--source", str(DATA / "broken" / "several-problems-at-once.txt"), "--output", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "3 problems" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "keep.txt"]


def test_unknown_locality_says_how_to_add_it(tmp_path):
    result = twjp(
        "build",
        "--source",
        str(DATA / "broken" / "unknown-japan-municipality.txt"),
        "--output",
        str(tmp_path / "o"),
    )
    assert result.returncode == 1
    assert "convert/data/gazetteer.tsv" in result.stderr and "readings.tsv" in result.stderr


def test_the_benchmark_times_the_queries_on_a_release():
    """`make bench` runs this in a fresh process for each edition size: it must keep working."""
    import json

    from convert import paths

    result = subprocess.run(
        [sys.executable, "-m", "convert.dev.bench", "--queries", str(paths.OUTPUT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    timings = json.loads(result.stdout)
    assert timings["load"] > 0 and len(timings["queries"]) == 14


def test_the_cli_names_the_query_formats_the_renderer_writes():
    from convert import cli
    from convert.sparql.render import FORMATS

    assert cli.FORMATS == FORMATS


def test_help_imports_no_rdf_library():
    heavy = "('pyoxigraph', 'rdflib', 'opencc', 'pyshacl')"
    code = f"import sys, convert.cli; print(sorted(m for m in {heavy} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_a_build_shows_its_stages_on_a_terminal_and_nothing_in_a_log(tmp_path):
    import os
    import pty

    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "convert", "build", "--no-site", "--output", str(tmp_path / "a")],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(main)
    text = seen.decode()
    stages = ("read", "graph", "files", "validate", "written")
    for stage in stages:
        assert f"  {stage} " in text, text
    piped = twjp("build", "--no-site", "--output", str(tmp_path / "b"))
    assert piped.returncode == 0 and "  graph " not in piped.stderr
    # asked for (as `make bench` does), the stages come in order with growing times
    asked = twjp("build", "--no-site", "--progress", "--output", str(tmp_path / "c"))
    shown = [line.split() for line in asked.stderr.splitlines() if line.startswith("  ")]
    assert [s[0] for s in shown] == list(stages), asked.stderr
    seconds = [float(s[2]) for s in shown]
    assert seconds == sorted(seconds) and int(shown[0][1]) == 157


def test_a_release_version_is_bound_to_its_edition(tmp_path):
    """Another text cannot be written as release 1.0: exit 2, one clear message, the output untouched; --draft
    builds it as a draft under its own version."""
    from convert import paths

    other = tmp_path / "other.txt"
    other.write_text(paths.SOURCE.read_text(encoding="utf-8").replace("2006年5月22日", "2006年5月23日", 1))
    out = tmp_path / "release"
    out.mkdir()
    (out / "README.md").write_text(RELEASE_MARK + "\n")
    result = twjp("build", "--source", str(other), "--output", str(out), "--no-site")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "release 1.0: is bound to the edition 000_8505a4975681f926.txt" in result.stderr
    assert "add a row for the next version to convert/data/releases.tsv" in result.stderr
    assert "version 1.1, issued YYYY-MM-DD, source other.txt, sha256 " in result.stderr and "--draft" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]

    result = twjp("build", "--draft", "--source", str(other), "--output", str(out), "--site", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    void = (out / "void.ttl").read_text(encoding="utf-8")
    assert "dataset/draft>" in void and 'dcat:version "draft"' in void
    assert "dataset-status/DEVELOP" in void
    assert "dataset/1.0> a" not in void.replace("dcat:previousVersion", "")  # 1.0 is only named, never described
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(out / "void.ttl"), format=ox.RdfFormat.TURTLE)
    base = "https://w3id.org/twjp/"
    # the draft never speaks for release 1.0: nothing is said about 1.0's IRIs but that the draft follows it
    about_published = [
        q for q in store.quads_for_pattern(None, None, None) if q.subject.value.startswith(f"{base}dataset/1.0")
    ]
    assert about_published == []
    current = list(store.quads_for_pattern(ox.NamedNode(f"{base}dataset"), None, None))
    assert any(
        q.predicate.value.endswith("hasCurrentVersion") and q.object.value == f"{base}dataset/1.0" for q in current
    )
    assert not any(q.object.value == f"{base}dataset/draft" for q in current)
    page = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert 'class="draft"' in page and "not a published release" in page
    assert (tmp_path / "s" / "release" / "draft" / "twjp.ttl").is_file()
    assert not (tmp_path / "s" / "release" / "1.0").exists()
