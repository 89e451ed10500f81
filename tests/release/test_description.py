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
from convert.rdf.describe import DISTRIBUTIONS

PREFIXES = """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX spdx: <http://spdx.org/rdf/terms#> PREFIX void: <http://rdfs.org/ns/void#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> """


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


# the official DCAT-AP 3.0.1 shapes, as SEMIC's validator splits them (shapes/dcat-ap-3.0.1/, unchanged)
LEVELS = {
    "mandatory": "html_shacl_shapes.ttl",
    "recommended": "html_shacl_shapes_recommended.ttl",
    "ranges": "html_shacl_range.ttl",
    "vocabularies": "html_shacl_mdr-vocabularies.shape.ttl",
}
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
DCT = "http://purl.org/dc/terms/"
BASE = "https://w3id.org/twjp/"


def official_findings(path, level: str) -> set[tuple[str, str, str]]:
    """(severity, focus node, path) of each result of one level of the official shapes (results, not their
    details)."""
    conforms, report, _ = pyshacl.validate(
        rdflib.Graph().parse(path),
        shacl_graph=rdflib.Graph().parse(paths.DCAT_AP / LEVELS[level]),
        inference="none",
        allow_warnings=True,
    )
    found = set()
    for r in report.objects(None, SH.result):
        severity = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1]
        found.add((severity, str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath))))
    assert conforms == (not any(s == "Violation" for s, _, _ in found))
    return found


def expected_exceptions(level: str, void: ox.Store) -> set[tuple[str, str, str]]:
    """What the official shapes find that is not a defect of the description (README, "The DCAT-AP shapes"):
    the publisher's kind while publisher.tsv gives none; SPDX's own IRI for SHA-256, which the checksum pattern
    (https://) wrongly refuses; a publisher outside the EU's corporate bodies and an area outside the EU's lists
    of places (warnings: "check if a corresponding exists"; none does)."""

    def focus(q):
        return {r["x"].value for r in void.query(PREFIXES + q)}

    if level == "recommended":
        return (
            set()
            if focus("SELECT ?x WHERE { ?x a foaf:Agent ; dct:type ?t }")
            else {("Warning", f"{BASE}publisher", f"{DCT}type")}
        )
    if level == "vocabularies":
        checksums = focus("SELECT ?x WHERE { ?d spdx:checksum ?x }")
        publishing = focus(
            "SELECT ?x WHERE { ?x dct:publisher ?p ; a ?c VALUES ?c { dcat:Catalog dcat:Dataset dcat:DataService } }"
        )
        located = focus("SELECT ?x WHERE { ?x dct:spatial ?p }")
        return (
            {("Violation", c, "http://spdx.org/rdf/terms#algorithm") for c in checksums}
            | {("Warning", x, f"{DCT}publisher") for x in publishing}
            | {("Warning", x, f"{DCT}spatial") for x in located}
        )
    return set()


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("release", ["committed", "with-endpoint"])
def test_the_official_dcat_ap_shapes_find_nothing_but_the_stated_exceptions(release, level, description):
    path = (paths.OUTPUT if release == "committed" else description) / "void.ttl"
    void = store(path)
    assert official_findings(path, level) == expected_exceptions(level, void)


def test_the_official_single_file_shapes_agree():
    """shacl/dcat-ap-SHACL.ttl, the shapes as published with the specification, on the committed description
    (it names two property shapes of dcat:DataService that it never defines, which pyshacl refuses, so a description
    with an endpoint is checked by the split files above only)."""
    conforms, _, text = pyshacl.validate(
        rdflib.Graph().parse(paths.OUTPUT / "void.ttl"),
        shacl_graph=rdflib.Graph().parse(paths.DCAT_AP / "shacl_dcat-ap-SHACL.ttl"),
        inference="none",
        allow_warnings=False,
    )
    assert conforms, text


def test_the_official_shapes_catch_the_defects_the_review_found(tmp_path):
    """The defects of the earlier description, put back, are found by the official shapes: untyped conformsTo
    targets, dcterms:source on something that is not a dataset, the Library of Congress's language IRIs, a
    distribution without availability."""
    s = store(paths.OUTPUT / "void.ttl")
    s.update(
        PREFIXES
        + """DELETE { ?s a dct:Standard } WHERE { ?s a dct:Standard } ;
        INSERT { ?d dct:source <https://w3id.org/twjp/source/x> } WHERE { ?d dcat:version ?v } ;
        DELETE { ?d dct:language <http://publications.europa.eu/resource/authority/language/JPN> }
        INSERT { ?d dct:language <http://id.loc.gov/vocabulary/iso639-1/ja> .
                 <http://id.loc.gov/vocabulary/iso639-1/ja> a dct:LinguisticSystem }
        WHERE { ?d dct:language <http://publications.europa.eu/resource/authority/language/JPN> } ;
        DELETE WHERE { ?x <http://data.europa.eu/r5r/availability> ?a }"""
    )
    path = tmp_path / "void.ttl"
    s.dump(str(path), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    ranges = official_findings(path, "ranges")
    assert {p for _, _, p in ranges} == {f"{DCT}conformsTo", f"{DCT}source"}
    vocabularies = official_findings(path, "vocabularies") - expected_exceptions("vocabularies", store(path))
    assert {(sev, p) for sev, _, p in vocabularies} == {("Violation", f"{DCT}language")}
    recommended = official_findings(path, "recommended") - expected_exceptions("recommended", store(path))
    assert {p for _, _, p in recommended} == {"http://data.europa.eu/r5r/availability"}


def test_the_vocabulary_entries_come_from_the_excerpt_with_their_labels():
    """Every value from an EU or ADMS list is described as the list describes it (concept, scheme, English label),
    and the excerpt names where each entry comes from."""
    from convert.rdf.describe import VOCABULARIES

    s = store(paths.OUTPUT / "void.ttl")
    values = {
        r["o"].value
        for r in s.query("SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }")
        if r["o"].value.startswith(VOCABULARIES)
    }
    assert len(values) >= 10
    excerpt = store(paths.EU_VOCABULARIES)
    for v in values:
        label = PREFIXES + f"SELECT ?l WHERE {{ <{v}> a skos:Concept ; skos:inScheme ?s ; skos:prefLabel ?l }}"
        assert [r["l"] for r in s.query(label)] == [r["l"] for r in excerpt.query(label)], v
    header = paths.EU_VOCABULARIES.read_text(encoding="utf-8").split("\n<", 1)[0]
    for scheme in ("file-type", "data-theme", "language/ZHO", "access-right/PUBLIC", "planned-availability/STABLE"):
        assert f"#   {scheme}: " in header and "commit " in header.split(f"#   {scheme}: ", 1)[1].split("\n")[0]


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
    # the dataset across releases carries no figure of one release; its files and coverage are its current
    # version's (the same nodes, under the version's IRI)
    assert not s.query(PREFIXES + "ASK { <https://w3id.org/twjp/dataset> void:triples|dcat:byteSize ?n }")
    for p in ("dcat:distribution", "dct:temporal", "dct:spatial"):
        of = {r["x"].value for r in s.query(PREFIXES + f"SELECT ?x WHERE {{ <{series}> {p} ?x }}")}
        assert of and of == {r["x"].value for r in s.query(PREFIXES + f"SELECT ?x WHERE {{ <{version_iri}> {p} ?x }}")}


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
    assert set(found) == set(DISTRIBUTIONS)
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
    q = PREFIXES + "SELECT ?p ?o WHERE { ?d prov:wasDerivedFrom ?src . ?src ?p ?o }"
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
