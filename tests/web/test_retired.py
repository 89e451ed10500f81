"""Published IRIs keep working when an edition drops agreements: a retired IRI replaced by another answers 301
to it, one that is gone keeps its page (saying since when and why) and its data answers 410 Gone."""

import shutil

import pyoxigraph as ox
import pytest

from convert import paths
from convert.web.routes import htaccess
from tests.conftest import release_row
from tests.exports.test_diff import edition as edit_list
from tests.web.test_apache import get


@pytest.fixture(scope="module")
def retired_site(built, apache, tmp_path_factory):
    from convert.read import load_edition
    from convert.release import build_release
    from convert.web import build_site

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
    site = build_site(edition, release.files, release.triples, "https://w3id.org/twjp/")
    _, main_site = built
    root = main_site.parent / "twjp2"
    shutil.rmtree(root, ignore_errors=True)
    for name, content in site.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        path.write_bytes(content)
    retired = tuple(
        (f"agreement/{r.id}", f"agreement/{r.replaced_by}" if r.replaced_by else "") for r in edition.retired
    )
    (root / ".htaccess").write_text(htaccess(mount="/twjp2/", retired=retired), encoding="utf-8")
    for d in [root, *root.rglob("*")]:
        d.chmod(0o755 if d.is_dir() else 0o644)
    return release, ids


def test_the_release_says_what_left_and_what_replaces_it(retired_site):
    release, ids = retired_site
    rows = release.files["retired.csv"].decode().splitlines()
    assert len(rows) == 3 and f"https://w3id.org/twjp/agreement/{ids[2]}" in rows[1] + rows[2]
    triples = {q.triple for q in ox.parse(release.files["twjp.nt"], format=ox.RdfFormat.N_TRIPLES)}
    replaced = ox.Triple(
        ox.NamedNode(f"https://w3id.org/twjp/agreement/{ids[1]}"),
        ox.NamedNode("http://purl.org/dc/terms/isReplacedBy"),
        ox.NamedNode(f"https://w3id.org/twjp/agreement/{ids[2]}"),
    )
    assert replaced in triples


def test_a_replaced_iri_answers_301_to_its_replacement(retired_site, apache):
    _, ids = retired_site
    for accept, suffix in (("text/html", ""), ("text/turtle", "")):
        response, _ = get(apache, f"/twjp2/agreement/{ids[1]}", accept)
        assert response.status == 301
        assert response.getheader("Location").endswith(f"/twjp2/agreement/{ids[2]}{suffix}")
    response, _ = get(apache, f"/twjp2/agreement/{ids[1]}.ttl", "*/*")
    assert response.status == 301 and response.getheader("Location").endswith(f"/agreement/{ids[2]}.ttl")


def test_a_gone_iri_keeps_its_page_and_its_data_is_410(retired_site, apache):
    _, ids = retired_site
    response, _ = get(apache, f"/twjp2/agreement/{ids[3]}", "text/html")
    assert response.status == 303
    page, body = get(apache, f"/twjp2/agreement/{ids[3]}.html", "text/html")
    assert page.status == 200 and "The association removed it from the list" in body.decode()
    for path, accept in ((f"agreement/{ids[3]}", "text/turtle"), (f"agreement/{ids[3]}.nt", "*/*")):
        response, _ = get(apache, f"/twjp2/{path}", accept)
        assert response.status == 410, path
