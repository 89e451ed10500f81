"""The site: a page and three data documents for every minted IRI, deterministic, every link working, every
literal escaped."""

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pyoxigraph as ox
import pytest

from convert import paths
from convert.web import FORMATS, route
from convert.web.site import SITE_MARK


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.scripts, self.handlers, self._in_script, self.script_types = [], [], [], False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])
        self.handlers += [k for k in attrs if k.startswith("on")]
        if tag == "script":
            self._in_script = True
            self.script_types.append(attrs.get("type", "text/javascript"))
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def minted(output: Path) -> list[str]:
    """Every IRI the release mints (subjects under the base with a route), from the data and its description."""
    base = "https://w3id.org/twjp/"
    subjects = set()
    for name in ("twjp.nt", "void.ttl", "queries/examples.ttl"):
        fmt = ox.RdfFormat.N_TRIPLES if name.endswith(".nt") else ox.RdfFormat.TURTLE
        for q in ox.parse(path=str(output / name), format=fmt):
            s = q.subject.value
            if s.startswith(base) and "#" not in s and route(s[len(base) :]):
                subjects.add(s[len(base) :])
    return sorted(subjects)


def test_every_minted_iri_has_a_page_and_its_data_in_three_formats(built):
    output, site = built
    iris = minted(output)
    assert len(iris) > 1000
    missing = [f"{p}.{fmt}" for p in iris for fmt in FORMATS if not (site / f"{p}.{fmt}").is_file()]
    assert missing == []
    for path in ("locality/tw-67000", "agreement/tw-63000--jp-141003--2006-05-22", "concept/category/sister-city"):
        iri = ox.NamedNode(f"https://w3id.org/twjp/{path}")
        graphs = []
        for fmt, rdf in (
            ("ttl", ox.RdfFormat.TURTLE),
            ("jsonld", ox.RdfFormat.JSON_LD),
            ("nt", ox.RdfFormat.N_TRIPLES),
        ):
            graphs.append({q.triple for q in ox.parse(path=str(site / f"{path}.{fmt}"), format=rdf)})
        assert graphs[0] == graphs[1] == graphs[2]
        assert any(t.subject == iri for t in graphs[0])
    # a locality's data names the agreements that name it, with their labels
    tainan = {q.triple for q in ox.parse(path=str(site / "locality/tw-67000.nt"), format=ox.RdfFormat.N_TRIPLES)}
    party = ox.NamedNode("https://w3id.org/twjp/ontology#party")
    agreements = {t.subject for t in tainan if t.predicate == party}
    assert len(agreements) == 17
    assert all(any(t.subject == a and t.predicate.value.endswith("#label") for t in tainan) for a in agreements)


def test_every_data_document_says_what_it_is_about_its_licence_release_and_date(built):
    """As Wikidata's entity documents do: one document IRI (data/PATH) for the three formats, its primary topic,
    licence, the release it belongs to and when that was issued, and its formats."""
    output, site = built
    base = "https://w3id.org/twjp/"
    issued = next(
        q.object.value
        for q in ox.parse(path=str(output / "void.ttl"), format=ox.RdfFormat.TURTLE)
        if q.subject.value == f"{base}dataset/1.0" and q.predicate.value == "http://purl.org/dc/terms/issued"
    )
    for path in minted(output)[::50]:
        graph = {q.triple for q in ox.parse(path=str(site / f"{path}.nt"), format=ox.RdfFormat.N_TRIPLES)}
        doc = ox.NamedNode(f"{base}data/{path}")
        about = {t.predicate.value: t.object.value for t in graph if t.subject == doc}
        assert about["http://xmlns.com/foaf/0.1/primaryTopic"] == base + path, path
        assert about["http://purl.org/dc/terms/license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert about["http://rdfs.org/ns/void#inDataset"] == f"{base}dataset/1.0"
        assert about["http://purl.org/dc/terms/modified"] == issued
        formats = {t.object.value for t in graph if t.subject == doc and t.predicate.value.endswith("hasFormat")}
        assert formats == {f"{base}{path}.{fmt}" for fmt in ("ttl", "jsonld", "nt")}


def test_the_site_is_marked_and_deterministic(built, tmp_path):
    _, site = built
    assert (site / "README.md").read_text(encoding="utf-8").startswith(SITE_MARK)
    again = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "convert", "build", "--output", str(tmp_path / "out"), "--site", str(again)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_a_crawl_from_the_landing_page_reaches_every_iri_and_breaks_no_link(built):
    output, site = built
    seen, todo, broken, links = set(), ["index.html"], [], 0
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        if not page.endswith(".html"):
            continue
        for link in parse(site / page).links:
            if re.match(r"^[a-z]+:", link):
                continue  # outside the site (Wikidata, licences)
            target = unquote(urldefrag(link)[0])
            resolved = Path(page).parent.joinpath(target).as_posix() if target else page
            resolved = str(Path(resolved)).replace("\\", "/")
            norm = []
            for part in resolved.split("/"):
                if part == "..":
                    norm.pop()
                elif part not in ("", "."):
                    norm.append(part)
            resolved = "/".join(norm)
            links += 1
            if not (site / resolved).is_file():
                broken.append(f"{page} -> {link}")
            elif resolved not in seen:
                todo.append(resolved)
    assert broken == []
    pages = {p for p in seen if p.endswith(".html")}
    assert {f"{p}.html" for p in minted(output)} <= pages
    assert links > 10000, links


def test_every_page_embeds_its_data_as_json_ld_and_links_its_documents(built):
    _, site = built
    for page in ["index.html", "locality/tw-67000.html", "agreement/tw-63000--jp-141003--2006-05-22.html"]:
        parsed = parse(site / page)
        ld = [s for s, kind in zip(parsed.scripts, parsed.script_types, strict=True) if kind == "application/ld+json"]
        assert len(ld) == 1
        data = json.loads(ld[0])
        assert data["@context"] == "https://schema.org/"
    landing = parse(site / "index.html")
    ld = [s for s, kind in zip(landing.scripts, landing.script_types, strict=True) if kind == "application/ld+json"]
    assert json.loads(ld[0])["@type"] == "Dataset"
    html = (site / "locality/tw-67000.html").read_text(encoding="utf-8")
    for media in ("text/turtle", "application/ld+json", "application/n-triples"):
        assert f'<link rel="alternate" type="{media}"' in html
    assert '<span class="t t-ja" lang="ja">' in html and 'lang="zh-Hant"' in html


HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site built from an edition whose labels and reasons hold markup."""
    from convert.read import load_edition
    from convert.release import build_release
    from convert.web import build_site

    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(paths.DATA, data)
    gazetteer = (data / "gazetteer.tsv").read_text(encoding="utf-8")
    gazetteer = gazetteer.replace("\tYokohama\t", f"\t{HOSTILE[0]}\t").replace("\tTaipei City\t", f"\t{HOSTILE[1]}\t")
    (data / "gazetteer.tsv").write_text(gazetteer, encoding="utf-8")
    edition = load_edition(data=data)
    release = build_release(edition)
    return build_site(edition, release.files, release.triples, "https://w3id.org/twjp/").files


def test_literals_are_escaped_everywhere(hostile_site):
    checked = 0
    for name, content in hostile_site.items():
        if not name.endswith(".html"):
            continue
        text = content.decode("utf-8")
        parsed = Links()
        parsed.feed(text)
        assert parsed.handlers == [], name  # no onerror= or any on… attribute anywhere
        for script, kind in zip(parsed.scripts, parsed.script_types, strict=True):
            if kind in ("application/ld+json", "application/json"):
                # a data block: the label as JSON text, never markup that could end the block
                assert "<" not in script, name
                json.loads(script)
            else:
                assert "alert(1)" not in script, name
        assert "<img src=x" not in text and "<script>alert" not in text, name
        if "alert(1)" in text:
            checked += 1
    assert checked > 10  # the hostile labels are on many pages, as text


def ids(data) -> list[str]:
    """Every "@id" in a JSON document, however deep."""
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "@id" and isinstance(v, str)] + [
            i for k, v in data.items() if k != "@id" for i in ids(v)
        ]
    if isinstance(data, list):
        return [i for v in data for i in ids(v)]
    return []


def test_every_dataset_iri_in_the_pages_json_ld_is_minted(built):
    """The schema.org data of a page names only IRIs the dataset mints (a parent, the page's own subject)."""
    output, site = built
    iris = {"https://w3id.org/twjp/" + p for p in minted(output)} | {"https://w3id.org/twjp/"}
    named = 0
    for page in site.glob("locality/*.html"):
        parsed = parse(page)
        for text, kind in zip(parsed.scripts, parsed.script_types, strict=True):
            if kind != "application/ld+json":
                continue
            for found in ids(json.loads(text)):
                if found.startswith("https://w3id.org/twjp/"):
                    named += 1
                    assert found in iris, (page.name, found)
    assert named > 300  # each locality's own IRI, and the parent of every municipality, district and township


def test_the_contact_point_and_correction_links_come_from_the_curated_publisher_data(tmp_path):
    """Without a verified contact the description and every page say that none is published, and the build says
    so; with one in publisher.tsv, DCAT names it, every page's footer gives it, and every record page links a
    correction report that carries the record's IRI and its source row."""
    from convert.read import load_edition
    from convert.release import build_release
    from convert.web import build_site
    from tests.test_cli import twjp

    result = twjp("build", "--output", str(tmp_path / "o"), "--site", str(tmp_path / "s"))
    assert result.returncode == 0 and "no contact point" in result.stderr
    assert "No contact point is published yet" in (tmp_path / "o" / "void.ttl").read_text(encoding="utf-8")
    assert "No contact point is published yet." in (tmp_path / "s" / "index.html").read_text(encoding="utf-8")

    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    (data / "publisher.tsv").write_text(
        "name\temail\tissues\treport\ttype\tsource\n"
        "twjp project\tdata@example.org\thttps://example.org/twjp/issues\t"
        "https://example.org/twjp/issues/new?title={title}&body={body}\tNonProfitOrganisation\t"
        "a test of the mechanism (example.org)\n",
        encoding="utf-8",
    )
    edition = load_edition(data=data)
    release = build_release(edition)
    site = build_site(edition, release.files, release.triples, "https://w3id.org/twjp/").files
    void = release.files["void.ttl"].decode()
    assert "<mailto:data@example.org>" in void and "<https://example.org/twjp/issues>" in void
    assert "<http://purl.org/adms/publishertype/NonProfitOrganisation>" in void  # its kind, as DCAT-AP asks
    assert "No contact point" not in void
    page = site["agreement/tw-63000--jp-141003--2006-05-22.html"].decode()
    assert 'href="mailto:data@example.org"' in page and "https://example.org/twjp/issues" in page
    [link] = re.findall(r'<p class="report"><a href="([^"]+)"', page)
    body = unquote(link.replace("&amp;", "&"))
    assert "IRI: https://w3id.org/twjp/agreement/tw-63000--jp-141003--2006-05-22" in body
    assert "Source row: 1 (https://w3id.org/twjp/source/cccbd81a90b19387-row-1)" in body
    assert "As written: 台北市 | 神奈川縣橫濱市 | 友好夥伴城市 | 2006年5月22日" in body
    assert 'class="report"' in site["locality/tw-67000.html"].decode()
    assert 'href="mailto:data@example.org"' in site["index.html"].decode()


def test_a_publisher_kind_outside_adms_and_a_bad_contact_are_refused_together(tmp_path):
    from convert.problems import TwjpError
    from convert.read.releases import PUBLISHER_TYPES, load_publisher

    path = tmp_path / "publisher.tsv"
    path.write_text(
        "name\temail\tissues\treport\ttype\tsource\ntwjp project\tnot-an-address\t\t\tCharity\tbad values for a test\n",
        encoding="utf-8",
    )
    with pytest.raises(TwjpError) as e:
        load_publisher(path)
    text = str(e.value)
    assert "'not-an-address' is not an e-mail address" in text and "'Charity' is not one of ADMS's" in text
    # the kinds are the excerpt's: ADMS's publisher types as SEMIC publishes them
    excerpt = paths.EU_VOCABULARIES.read_text(encoding="utf-8")
    listed = set(
        re.findall(
            r"<http://purl\.org/adms/publishertype/([^>]+)> <http://www.w3.org/2004/02/skos/core#inScheme>", excerpt
        )
    )
    assert listed == set(PUBLISHER_TYPES)


def test_an_agreement_page_lists_a_few_of_each_partys_other_agreements_and_links_the_rest(built):
    """A page never grows with the whole list (at 100x a party has hundreds of agreements): ten of each party's
    others, and a link to the party's page, which lists them all."""
    from convert.web.records import OTHERS_SHOWN

    _, site = built
    page = (site / "agreement/tw-64000--jp-050008--2016-08-25.html").read_text(encoding="utf-8")
    kaohsiung = (site / "locality/tw-64000.html").read_text(encoding="utf-8")
    section = page.split("Other agreements of", 1)[1].split("</section>", 1)[0]
    assert section.count("<tr>") - 1 == OTHERS_SHOWN  # (a header row, then the rows)
    m = re.search(r'<a href="([^"]+)"><span class="t t-zh"[^>]*>另有 ([0-9]+) 項', section)
    assert m and m.group(1).endswith("locality/tw-64000.html")
    listed = kaohsiung.count('href="../agreement/')
    assert int(m.group(2)) + OTHERS_SHOWN + 1 <= listed  # its page has them all (and this one)
