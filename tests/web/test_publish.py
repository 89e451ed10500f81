"""Publishing as it will run: w3id.org as a switchboard (a real Apache reading the folder `twjp w3id` writes, under
w3id.org's own root rules) in front of a plain static host (a real Apache serving site/ as files, no rewriting).
Every IRI the data uses, crawled through both, in every format and a matrix of Accept headers; every download of
void.ttl with its SHA-256; unminted and nested paths; CORS; retired agreements; and twjp serve, which must give the
same answers by the same rule."""

import hashlib
import http.client
import shutil
import urllib.parse

import pyoxigraph as ox
import pytest

from convert import paths
from convert.web.routes import negotiate
from tests.conftest import release_row
from tests.web.conftest import w3id_folder
from tests.web.test_browser import browser  # noqa: F401 (a fixture)
from tests.web.test_serve import server  # noqa: F401 (a fixture)

BASE = "https://w3id.org/twjp/"
FORMAT_OF = {"text/html": "html", "text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt"}
RDF = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES}
# Accept headers as clients send them, with the format the negotiation rule gives (None: 406)
MATRIX = [
    (None, "html"),
    ("", "html"),
    ("*/*", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", "html"),
    ("text/turtle", "ttl"),
    ("text/turtle;q=0", None),
    ("text/turtle;q=0, */*", "html"),
    ("text/html;q=0, */*", "ttl"),
    ("text/*;q=0, */*", "jsonld"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld"),
    ("text/turtle;q=0.9, application/ld+json;q=0.5", "ttl"),
    ("application/ld+json;q=0.85, text/turtle;q=0.8", "ttl"),  # one decimal: a tie, Turtle first
    ("application/n-triples, text/turtle;q=0.9", "nt"),
    ("application/n-triples;q=0.05, text/html;q=0", "nt"),
    ("application/rdf+xml", None),
    ("image/png", None),
    ("application/*", "jsonld"),
    ("text/*", "html"),
    ("TEXT/TURTLE", "ttl"),
    ("text/turtle ; q=0.7 , application/ld+json ; q=0.6", "ttl"),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', "jsonld"),
    ("application/xhtml+xml", "html"),
    ("application/sparql-results+json, text/turtle;q=0.1", "ttl"),
    ("*/*;q=0.1, text/turtle;q=0.2", "ttl"),
]


def fetch(url: str, accept=None, method="GET"):
    """One request: (status, headers as a dict of lower-case names, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    headers = {} if accept is None else {"Accept": accept}
    conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def follow(url: str, accept=None, limit: int = 5):
    """Follow redirects as a client does: the chain of (status, url) and the last answer."""
    chain = []
    for _ in range(limit):
        status, headers, body = fetch(url, accept)
        chain.append((status, url, headers))
        if status not in (301, 302, 303, 307, 308):
            return chain, body
        url = urllib.parse.urljoin(url, headers["location"])
    raise AssertionError(f"more than {limit} redirects: {chain}")


def used_iris(output):
    """Every IRI under the base that the release's data, description, queries, ontology and shapes use, as a
    subject or an object (fragments dropped: a client never sends them)."""
    found = set()
    for name in ("twjp.nt", "void.ttl", "queries/examples.ttl", "ontology/twjp.ttl", "shapes/twjp-shapes.ttl"):
        fmt = ox.RdfFormat.N_TRIPLES if name.endswith(".nt") else ox.RdfFormat.TURTLE
        for q in ox.parse(path=str(output / name), format=fmt):
            for term in (q.subject, q.predicate, q.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                    found.add(term.value.split("#", 1)[0])
    return sorted(found)


@pytest.fixture(scope="module")
def iris(built):
    output, _ = built
    return used_iris(output)


def test_every_iri_the_data_uses_resolves_in_every_format_through_w3id_and_the_static_host(w3id, apache, iris):
    """A crawl: each IRI through the switchboard to the host, for a browser and for each RDF syntax: at most two
    hops, 303 (negotiated, Vary: Accept) or 302 (a document or download), CORS on each, the final document of the
    right media type describing the IRI."""
    assert len(iris) > 1400
    requests = 0
    for iri in iris:
        path = iri[len(BASE) :]
        for accept, fmt in (("text/html", "html"), *((m, f) for m, f in FORMAT_OF.items() if f != "html")):
            chain, body = follow(f"{w3id.url}/twjp/{path}", accept)
            requests += len(chain)
            assert len(chain) <= 3, (iri, accept, chain)  # at most two redirects before the document
            statuses = [s for s, _, _ in chain]
            assert statuses[-1] == 200, (iri, accept, chain)
            for _, _, headers in chain:
                assert headers.get("access-control-allow-origin") == "*", (iri, accept, headers)
            first_status, _, first_headers = chain[0]
            if path.startswith("release/"):
                assert first_status == 302
                break  # a download: one file, whatever the Accept
            assert first_status == 303 and "Accept" in first_headers.get("vary", ""), (iri, chain)
            final_url = chain[-1][1]
            assert final_url.startswith(f"{apache.url}/twjp/"), final_url
            content_type = chain[-1][2]["content-type"]
            if path == "":
                assert content_type.startswith("text/html" if fmt == "html" else FORMAT_OF_MEDIA[fmt])
                continue
            assert content_type.startswith(FORMAT_OF_MEDIA[fmt]), (iri, accept, content_type)
            if fmt == "html":
                assert iri.encode() in body, iri
            else:
                triples = list(ox.parse(body, format=RDF[fmt]))
                assert any(iri in (q.subject.value, q.object.value) for q in triples), (iri, fmt)
    assert requests > 10_000


FORMAT_OF_MEDIA = {f: m for m, f in FORMAT_OF.items()}


SAMPLE = [
    "locality/tw-67000",
    "agreement/tw-63000--jp-141003--2006-05-22",
    "",
    "data/locality/jp-141003",
    "ontology",
    "ontology/0.3.0",
    "shapes/0.3.0",
    "dataset/1.0/distribution/turtle",
]


@pytest.mark.parametrize("accept,fmt", MATRIX, ids=lambda v: str(v)[:40])
def test_the_negotiation_matrix_is_one_rule_in_python_apache_and_twjp_serve(w3id, apache, server, accept, fmt):  # noqa: F811
    assert negotiate(accept) == fmt
    for path in SAMPLE:
        w3id_chain, _ = follow(f"{w3id.url}/twjp/{path}", accept)
        serve_chain, _ = follow(f"{server['url']}/{path}", accept)
        if fmt is None:
            assert w3id_chain[0][0] == 406 and serve_chain[0][0] == 406, (path, accept)
            continue
        want = {"": "index.html" if fmt == "html" else f"catalog.{fmt}"}.get(
            path, f"{path.removeprefix('data/')}.{fmt}"
        )
        assert w3id_chain[-1][0] == 200 and w3id_chain[-1][1] == f"{apache.url}/twjp/{want}", (path, accept)
        assert serve_chain[-1][0] == 200 and serve_chain[-1][1] == f"{server['url']}/{want}", (path, accept)


def test_every_download_of_void_resolves_and_its_sha256_matches(w3id, built):
    output, _ = built
    store = ox.Store()
    store.load(path=str(output / "void.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(
            """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
            SELECT ?url ?sum WHERE { ?d dcat:downloadURL ?url ; spdx:checksum/spdx:checksumValue ?sum }"""
        )
    )
    from convert.rdf.describe import DISTRIBUTIONS

    assert sorted(r["url"].value.rsplit("/", 1)[1] for r in rows) == sorted(DISTRIBUTIONS)
    for row in rows:
        url = row["url"].value
        chain, body = follow(f"{w3id.url}/twjp/{url[len(BASE) :]}", "*/*")
        assert [s for s, _, _ in chain] == [302, 200], url
        assert hashlib.sha256(body).hexdigest() == row["sum"].value, url
    for row in store.query("PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?u WHERE { ?d dcat:accessURL ?u }"):
        chain, body = follow(f"{w3id.url}/twjp/{row['u'].value[len(BASE) :]}", "text/html")
        # the release's page lists every file with its checksum
        assert chain[-1][0] == 200 and all(r["sum"].value.encode() in body for r in rows), row["u"].value


@pytest.mark.parametrize(
    "path",
    [
        "locality/tw-99999",
        "agreement/nothing--here--2000-01-01",
        "concept/agreement-type/nope",
        "nowhere/at-all",
        "ontology/0.3.0.ttl.ttl",
        "locality/tw-67000.ttl/x",
        "locality/tw-67000/",
        "locality/tw-67000.html.html",
        "locality/../../etc/passwd",
        "release/9.9/twjp.ttl",
    ],
)
def test_unminted_and_nested_paths_end_in_404_and_never_loop(w3id, server, path):  # noqa: F811
    for accept in ("text/html", "text/turtle", "*/*"):
        chain, _ = follow(f"{w3id.url}/twjp/{path}", accept)
        assert chain[-1][0] == 404 and len(chain) <= 2, (path, accept, chain)
        served, _ = follow(f"{server['url']}/{path}", accept)
        assert served[-1][0] == 404, (path, accept, served)


def test_the_w3id_folder_is_what_w3id_org_asks_for(w3id, built, tmp_path):
    from tests.test_cli import twjp

    output, _ = built
    folder = tmp_path / "twjp"
    result = twjp("w3id", str(folder), "--target", "https://example.org/twjp/", "--output", str(output))
    assert result.returncode == 2 and "--maintainer" in result.stderr and not folder.exists()
    result = twjp(
        "w3id", str(folder), "--target", "https://example.org/twjp/", "--output", str(output),
        "--maintainer", "Ada Lovelace, GitHub: ada",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [".htaccess", "README.md"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# /twjp/") and "Ada Lovelace, GitHub: ada" in readme and "## Contact" in readme
    rules = (folder / ".htaccess").read_text(encoding="utf-8")
    assert "# This space is administered by:\n# Ada Lovelace, GitHub: ada" in rules
    assert "RewriteRule" in rules and "https://example.org/twjp/" in rules and "127.0.0.1" not in rules
    bad = twjp("w3id", str(tmp_path / "x"), "--target", "ftp://x/", "--maintainer", "Ada, GitHub: ada")
    assert bad.returncode == 2 and "--target" in bad.stderr


@pytest.fixture(scope="module")
def retired_topology(built, apache, tmp_path_factory):
    """A later edition that drops rows 1 and 3 (1 merged into 2, 3 gone), built, served by the static host at
    /twjp2/, with its w3id folder (/twjp/ on a second switchboard) made from its release."""
    from convert.read import load_edition
    from convert.release import build_release, replace_directory
    from convert.web import SITE_MARK, build_site
    from tests.exports.test_diff import edition as edit_list
    from tests.servers import W3ID_CONF, ApacheServer

    data = tmp_path_factory.mktemp("retired") / "data"
    shutil.copytree(paths.DATA, data)
    ids = {a.row.number: a.id for a in load_edition().agreements}
    source = edit_list(data / "source", drop=(1, 3), name="edition-2.txt")
    with (data / "releases.tsv").open("a", encoding="utf-8") as f:
        f.write(release_row("1.1", "2026-12-01", source, "Rows 1 and 3 left the list."))
    (data / "retired.tsv").write_text(
        "id\tleft\treplaced_by\treason\n"
        f"{ids[1]}\t1.1\t{ids[2]}\tMerged into the agreement of row 2 (a test of the rule).\n"
        f"{ids[3]}\t1.1\t\tThe association removed it from the list (a test of the rule).\n",
        encoding="utf-8",
    )
    edition = load_edition(source, data)
    release = build_release(edition)
    site = build_site(edition, release.files, release.triples, BASE)
    _, main_site = built
    top = main_site.parent.parent
    output = top / "output2"
    replace_directory(release.files, output)
    replace_directory(site.files, main_site.parent / "twjp2", mark=SITE_MARK)
    for d in [output, main_site.parent / "twjp2", *output.rglob("*"), *(main_site.parent / "twjp2").rglob("*")]:
        d.chmod(0o755 if d.is_dir() else 0o644)
    root = w3id_folder(top / "w3id-retired", "twjp", f"{apache.url}/twjp2/", output)
    switchboard = ApacheServer(root, tmp_path_factory.mktemp("w3id-retired"), W3ID_CONF)
    yield switchboard, release, ids
    switchboard.stop()


def test_a_replaced_iri_answers_301_to_its_replacement(retired_topology, apache):
    switchboard, _, ids = retired_topology
    for accept in ("text/html", "text/turtle"):
        chain, _ = follow(f"{switchboard.url}/twjp/agreement/{ids[1]}", accept)
        # to the replacement's IRI on the switchboard, which negotiates as any IRI does
        assert chain[0][0] == 301 and chain[0][2]["location"] == f"{switchboard.url}/twjp/agreement/{ids[2]}"
        assert [s for s, _, _ in chain] == [301, 303, 200], chain
        assert chain[-1][1] == f"{apache.url}/twjp2/agreement/{ids[2]}.{FORMAT_OF[accept]}"
    chain, _ = follow(f"{switchboard.url}/twjp/agreement/{ids[1]}.ttl")
    assert chain[0][0] == 301 and chain[0][2]["location"] == f"{switchboard.url}/twjp/agreement/{ids[2]}.ttl"
    assert [s for s, _, _ in chain] == [301, 302, 200]


def test_a_gone_iri_keeps_its_page_and_its_data_is_410(retired_topology):
    switchboard, release, ids = retired_topology
    chain, body = follow(f"{switchboard.url}/twjp/agreement/{ids[3]}", "text/html")
    assert [s for s, _, _ in chain] == [303, 200] and b"The association removed it from the list" in body
    assert b"last listed in release 1.0" in body
    for accept in ("text/turtle", "application/ld+json", "application/n-triples"):
        status, headers, _ = fetch(f"{switchboard.url}/twjp/agreement/{ids[3]}", accept)
        assert status == 410 and headers.get("access-control-allow-origin") == "*", accept
    for ext in ("ttl", "jsonld", "nt"):
        assert fetch(f"{switchboard.url}/twjp/agreement/{ids[3]}.{ext}")[0] == 410
    rows = release.files["retired.csv"].decode().splitlines()
    assert len(rows) == 3 and f"{BASE}agreement/{ids[2]}" in rows[1] + rows[2]


def test_twjp_serve_answers_retired_iris_alike(retired_topology, built, tmp_path):
    """The same 301 and 410 from twjp serve, over the same release and site."""
    import subprocess
    import sys
    import time

    from tests.servers import free_port

    _, _, ids = retired_topology
    _, main_site = built
    port = free_port()
    output = main_site.parent.parent / "output2"
    process = subprocess.Popen(
        [sys.executable, "-m", "convert", "serve", "--port", str(port), "--output", str(output), "--site",
         str(main_site.parent / "twjp2")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                fetch(f"http://127.0.0.1:{port}/", "text/html")
                break
            except OSError:
                time.sleep(0.2)
        url = f"http://127.0.0.1:{port}"
        status, headers, _ = fetch(f"{url}/agreement/{ids[1]}", "text/html")
        assert status == 301 and urllib.parse.urljoin(f"{url}/agreement/{ids[1]}", headers["location"]).endswith(
            f"/agreement/{ids[2]}"
        )
        assert fetch(f"{url}/agreement/{ids[3]}", "text/turtle")[0] == 410
        assert fetch(f"{url}/agreement/{ids[3]}.nt")[0] == 410
        chain, body = follow(f"{url}/agreement/{ids[3]}", "text/html")
        assert chain[-1][0] == 200 and b"removed it from the list" in body
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_landing_page_and_a_record_page_open_in_chromium_through_the_w3id_stand_in(w3id, apache, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    from tests.web.test_browser import errors, visible_text

    browser.get(f"{w3id.url}/twjp/")
    assert browser.current_url == f"{apache.url}/twjp/index.html"
    assert errors(browser) == []
    assert browser.find_element(By.CSS_SELECTOR, "h1").is_displayed()
    browser.get(f"{w3id.url}/twjp/locality/tw-67000")
    assert browser.current_url == f"{apache.url}/twjp/locality/tw-67000.html"
    assert visible_text(browser, "h1") in ("臺南市", "台南市", "Tainan City")
    assert errors(browser) == []
