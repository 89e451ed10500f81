"""The dataset description (void.ttl): harvestable by a DCAT-AP 3 portal, versioned as DCAT 3 says, its figures
those of the files."""

import hashlib
import subprocess
import sys

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from convert import paths
from tests.conftest import DATA

DCAT_AP = DATA / "dcat-ap" / "dcat-ap-3-shapes.ttl"
PREFIXES = """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX spdx: <http://spdx.org/rdf/terms#> PREFIX void: <http://rdfs.org/ns/void#> """


@pytest.fixture(scope="module")
def description(tmp_path_factory):
    out = tmp_path_factory.mktemp("described") / "release"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "convert",
            "build",
            "--output",
            str(out),
            "--sparql-endpoint",
            "https://example.org/sparql",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return out


def store(path):
    s = ox.Store()
    s.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return s


@pytest.mark.parametrize("release", ["committed", "with-endpoint"])
def test_the_description_passes_dcat_ap_mandatory_and_recommended(release, description):
    path = (paths.OUTPUT if release == "committed" else description) / "void.ttl"
    conforms, _, text = pyshacl.validate(
        rdflib.Graph().parse(path), shacl_graph=rdflib.Graph().parse(DCAT_AP), allow_warnings=False
    )
    assert conforms, text
    assert "Warning" not in text


def test_one_iri_per_release_and_the_series_apart():
    s = store(paths.OUTPUT / "void.ttl")
    rows = list(
        s.query(
            PREFIXES
            + "SELECT ?series ?v ?version WHERE { ?series dcat:hasCurrentVersion ?v . ?v dcat:version ?version }"
        )
    )
    assert len(rows) == 1
    series, version_iri, version = rows[0]["series"].value, rows[0]["v"].value, rows[0]["version"].value
    assert series == "https://w3id.org/twjp/dataset" and version_iri == f"{series}/{version}"
    # everything that changes from release to release hangs under the release's IRI
    for q in (
        "SELECT ?x WHERE { ?d dcat:distribution ?x }",
        "SELECT ?x WHERE { ?d void:classPartition ?x }",
        "SELECT ?x WHERE { ?d void:subset ?x }",
    ):
        assert all(r["x"].value.startswith(version_iri + "/") for r in s.query(PREFIXES + q)), q
    # the dataset across releases carries no figure of one release
    assert not s.query(PREFIXES + "ASK { <https://w3id.org/twjp/dataset> void:triples|dcat:distribution ?n }")


def test_only_data_files_are_distributions_with_their_true_sizes_and_checksums():
    s = store(paths.OUTPUT / "void.ttl")
    rows = s.query(
        PREFIXES
        + """SELECT ?url ?size ?sum WHERE { ?x dcat:downloadURL ?url ; dcat:byteSize ?size ;
        spdx:checksum/spdx:checksumValue ?sum }"""
    )
    found = {}
    for r in rows:
        name = r["url"].value.rsplit("/", 1)[1]
        found[name] = (int(r["size"].value), r["sum"].value)
    assert set(found) == {"twjp.ttl", "twjp.nt", "twjp.jsonld", "agreements.csv", "agreements.xlsx"}
    for name, (size, checksum) in found.items():
        data = (paths.OUTPUT / name).read_bytes()
        assert (size, checksum) == (len(data), hashlib.sha256(data).hexdigest()), name


def test_coverage_and_linksets_are_computed(edition):
    s = store(paths.OUTPUT / "void.ttl")
    dates = sorted(a.row.date.isoformat() for a in edition.agreements)
    [period] = list(s.query(PREFIXES + "SELECT ?a ?b WHERE { ?t dcat:startDate ?a ; dcat:endDate ?b }"))
    assert (period["a"].value, period["b"].value) == (dates[0], dates[-1])
    links = {
        r["p"].value: int(r["n"].value)
        for r in s.query(
            PREFIXES + "SELECT ?p ?n WHERE { ?l a void:Linkset ; void:linkPredicate ?p ; void:triples ?n }"
        )
    }
    match = [loc.qid_match for loc in edition.gazetteer.localities if loc.qid]
    assert links == {
        "http://www.w3.org/2002/07/owl#sameAs": match.count("code"),
        "https://schema.org/sameAs": match.count("name"),
    }


def test_the_endpoint_is_described_only_when_given(description):
    committed = store(paths.OUTPUT / "void.ttl")
    assert not committed.query(PREFIXES + "ASK { ?s a dcat:DataService }")
    described = store(description / "void.ttl")
    assert described.query(PREFIXES + "ASK { ?s a dcat:DataService ; dcat:endpointURL <https://example.org/sparql> }")
    assert described.query(PREFIXES + "ASK { ?d void:sparqlEndpoint <https://example.org/sparql> }")


def test_the_citation_file_names_the_current_release():
    import yaml

    from convert.read.releases import load_releases

    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    current = load_releases()[-1]
    assert (citation["version"], str(citation["date-released"])) == (current.version, current.issued)
    assert citation["license"] == "CC-BY-4.0"


def test_the_source_is_cited_as_its_note_states_it_and_its_url_only_once_verified(tmp_path):
    import shutil

    from convert.read import load_edition
    from convert.release import build_release

    s = store(paths.OUTPUT / "void.ttl")
    q = PREFIXES + "SELECT ?p ?o WHERE { ?d dct:source ?src . ?src ?p ?o }"
    found = {(r["p"].value.rsplit("/", 1)[1], r["o"].value) for r in s.query(q)}
    assert ("publisher", "本協會") in found
    assert ("source", "一般財團法人自治體國際化協會官網的「各自治體的姊妹都市合作對象」及自治體官網") in found
    assert not any(p == "page" for p, _ in found)  # no URL until someone has verified one
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    citation = data / "source" / "citation.tsv"
    text = citation.read_text(encoding="utf-8").rstrip("\n")
    citation.write_text(text[:-2] + "\thttps://example.org/list.pdf\t2026-11-20\n", encoding="utf-8")
    release = build_release(load_edition(data / "source" / paths.SOURCE.name, data))
    assert b"<https://example.org/list.pdf>" in release.files["void.ttl"]
    citation.write_text(text[:-2] + "\tnot-a-url\t2026-11-20\n", encoding="utf-8")
    with pytest.raises(Exception, match="not an http"):
        load_edition(data / "source" / paths.SOURCE.name, data)
