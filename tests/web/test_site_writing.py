"""How `twjp build` writes the site, held to the obvious way: rendered by several processes straight into its
staging folder, files equal to the old site's linked rather than written again, the whole always equal to the
site built in memory; a worker that fails fails the build and leaves the old site in place (each in a fresh
interpreter: tests/fresh.py). And a record's map that does not grow with the list."""

import json
import os
import re
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from convert import paths
from convert.rdf import DEFAULT_BASE
from convert.read import load_edition
from convert.release import build_release
from convert.release.write import OutputError, replace_directories
from convert.web import SITE_MARK, records
from convert.web.maps import LINE_SHOWN
from convert.web.site import Builder, write_site
from tests.fresh import in_fresh_process


def release():
    edition = load_edition(paths.SOURCE)
    return edition, build_release(edition, DEFAULT_BASE, previous=paths.OUTPUT)


def builder(release) -> Builder:
    edition, built = release
    return Builder(edition, built.files, built.triples, DEFAULT_BASE)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def written_by_workers(top: str) -> None:
    tmp_path = Path(top)
    made = release()
    expected = builder(made).build().files
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    written = write_site(builder(made), fresh, None, workers=2)
    assert tree(fresh) == expected
    assert (written.files, written.pages) == (len(expected), len([n for n in expected if n.endswith(".html")]))
    assert written.processes == 2

    # an old site with one page changed (same size), one removed and one file the new site does not have
    old = tmp_path / "old"
    shutil.copytree(fresh, old)
    changed, removed = "locality/tw-63000.html", "agreement/tw-66000--jp-100005--2012-12-18.ttl"
    text = (old / changed).read_bytes()
    (old / changed).write_bytes(text.replace(b"twjp", b"TWJP", 1))
    (old / removed).unlink()
    (old / "stray.html").write_text("not of this release")
    again = tmp_path / "again"
    again.mkdir()
    assert write_site(builder(made), again, old, workers=3).processes == 3
    assert tree(again) == expected
    same = os.stat(again / "index.html").st_ino == os.stat(old / "index.html").st_ino
    assert same, "an unchanged file is a link to the old one"
    assert os.stat(again / changed).st_ino != os.stat(old / changed).st_ino
    assert (old / changed).read_bytes() != expected[changed], "the old site is not written to"
    linked = sum(1 for p in again.rglob("*") if p.is_file() and p.stat().st_nlink == 2)
    assert linked >= len(expected) - 2

    # through the build's own writer: swapped in, the old tree gone, every file its own again
    site = tmp_path / "site"
    replace_directories([(expected, site, SITE_MARK)])
    replace_directories([(lambda staging, previous: write_site(builder(made), staging, previous, 2), site,
                          SITE_MARK)])  # fmt: skip
    assert tree(site) == expected
    assert {p.stat().st_nlink for p in site.rglob("*") if p.is_file()} == {1}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == [".site-build.lock"]


def a_process_fails(top: str, where: str) -> None:
    tmp_path = Path(top)
    site = tmp_path / "site"
    made = release()
    before = builder(made).build().files
    replace_directories([(before, site, SITE_MARK)])
    b = builder(made)
    first = os.getpid()
    rendered = records.resource_page

    def fails(builder, iri):
        if (os.getpid() == first) == (where == "the first process"):
            raise RuntimeError(f"cannot render {iri.value}")
        return rendered(builder, iri)

    records.resource_page = fails
    kind, words = (OutputError, "a site worker failed") if where == "a worker" else (RuntimeError, "cannot render")
    try:
        replace_directories([(lambda staging, previous: write_site(b, staging, previous, 2), site, SITE_MARK)])
    except kind as err:
        assert words in str(err), err
    else:
        raise AssertionError("the build did not fail")
    time.sleep(1)  # (a worker left running would go on making folders in the staging one)
    assert tree(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == [".site-build.lock"]
    me = os.getpid()
    assert Path(f"/proc/{me}/task/{me}/children").read_text().split() == [], "no worker is left behind"


def test_the_site_written_by_workers_over_an_old_site_is_the_site_built_in_memory(tmp_path):
    in_fresh_process(written_by_workers, str(tmp_path))


@pytest.mark.parametrize("where", ["a worker", "the first process"])
def test_a_site_process_that_fails_fails_the_build_and_leaves_the_old_site(tmp_path, where):
    """A worker that fails (here: on every record it takes) fails the build once the others are done; the first
    process failing kills its workers at once. Either way the old site stays, and no staging folder."""
    in_fresh_process(a_process_fails, str(tmp_path), where)


def test_a_record_map_lists_a_lines_first_agreements_and_links_the_rest(tmp_path):
    """At 12 times the list a pair of parties has a dozen agreements: a record's map lists LINE_SHOWN of each
    line's (the record's own among them) and says how many more, as the agreement pages list a few of each
    party's others; the release's agreements.geojson keeps them all."""
    from convert.dev.synthetic import write_synthetic

    source = write_synthetic(12, tmp_path / "x12.txt")
    edition = load_edition(source, draft=True)
    built = build_release(edition, DEFAULT_BASE, previous=tmp_path / "none")
    b = Builder(edition, built.files, built.triples, DEFAULT_BASE)
    lines = {f["id"]: f for f in json.loads(built.files["agreements.geojson"])["features"]}
    full = max((f for f in lines.values() if f["properties"]["kind"] == "link"),
               key=lambda f: len(f["properties"]["agreements"]))  # fmt: skip
    every = [a["iri"] for a in full["properties"]["agreements"]]
    assert len(every) > LINE_SHOWN
    for focus in (every[0], every[-1]):  # the first by date, and the last (not among the first LINE_SHOWN)
        _, html = records.resource_page(b, ox.NamedNode(focus))
        data = json.loads(re.search(rb'class="twjp-map-data">(.*?)</script>', html, re.S).group(1))
        drawn = next(f for f in data["features"] if f["id"] == full["id"])
        shown = [a["iri"] for a in drawn["properties"]["agreements"]]
        assert len(shown) == LINE_SHOWN and focus in shown
        assert shown == [a for a in every if a in shown], "in the line's order (by date)"
        assert drawn["properties"]["more"] == len(every) - LINE_SHOWN
        points = [f for f in data["features"] if f["properties"]["kind"] == "locality"]
        assert points and all("agreements" not in f["properties"] for f in points)
        assert len(html) < 60_000, "a page does not grow with the pair's agreements"
