"""The release as users get it: independent parsers agree, IRIs are stable, output is deterministic,
the description's figures are those of the data, and a failed build leaves output/ untouched."""

import dataclasses
import re
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from convert import paths
from convert.problems import TwjpError
from convert.rdf.describe import DISTRIBUTIONS
from convert.rdf.graph import Iris, build_graph
from convert.read import load_edition, load_gazetteer
from convert.read.gazetteer import Gazetteer
from convert.release.files import build_release


@pytest.fixture(scope="module")
def release_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "output"
    result = subprocess.run(
        [sys.executable, "-m", "convert", "build", "--output", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def store(release_dir):
    s = ox.Store()
    s.load(path=str(release_dir / "twjp.ttl"), format=ox.RdfFormat.TURTLE)
    return s


def count(store, query):
    prefix = "PREFIX twjp: <https://w3id.org/twjp/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    return int(next(iter(store.query(prefix + query)))["n"].value)


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("twjp.ttl", "turtle"),
        ("twjp.nt", "nt"),
        ("twjp.jsonld", "json-ld"),
        ("void.ttl", "turtle"),
        ("ontology/twjp.ttl", "turtle"),
    ],
)
def test_rdflib_and_pyoxigraph_read_the_same_triples(release_dir, name, fmt):
    path = release_dir / name
    by_rdflib = rdflib.Graph().parse(path, format=fmt)
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD}[fmt]
    nt = ox.serialize([q.triple for q in ox.parse(path=str(path), format=ox_format)], format=ox.RdfFormat.N_TRIPLES)
    by_oxigraph = rdflib.Graph().parse(data=nt.decode(), format="nt")
    assert len(by_rdflib) == len(by_oxigraph) > 0
    # pyoxigraph writes language tags in lower case (they are case-insensitive): compare them so
    assert isomorphic(lower_language_tags(by_rdflib), lower_language_tags(by_oxigraph))


def lower_language_tags(g: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o in g:
        if isinstance(o, rdflib.Literal) and o.language:
            o = rdflib.Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def test_all_formats_hold_the_same_graph(release_dir):
    ttl = rdflib.Graph().parse(release_dir / "twjp.ttl")
    assert isomorphic(ttl, rdflib.Graph().parse(release_dir / "twjp.nt"))
    assert isomorphic(ttl, rdflib.Graph().parse(release_dir / "twjp.jsonld", format="json-ld"))
    lines = (release_dir / "twjp.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_no_blank_nodes(release_dir):
    for name in ("twjp.nt",):
        assert "_:" not in (release_dir / name).read_text(encoding="utf-8")
    g = rdflib.Graph().parse(release_dir / "void.ttl")
    assert not any(isinstance(t, rdflib.BNode) for triple in g for t in triple)


def test_two_builds_are_byte_identical(release_dir, tmp_path):
    other = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "convert", "build", "--output", str(other)], check=True, capture_output=True)
    first = sorted(p.relative_to(release_dir) for p in release_dir.rglob("*") if p.is_file())
    second = sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (release_dir / rel).read_bytes() == (other / rel).read_bytes(), rel


def test_check_detects_a_stale_release(release_dir, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    ok = subprocess.run(
        [sys.executable, "-m", "convert", "build", "--check", "--output", str(copy)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    (copy / "agreements.csv").write_text("edited by hand\n")
    stale = subprocess.run(
        [sys.executable, "-m", "convert", "build", "--check", "--output", str(copy)], capture_output=True, text=True
    )
    assert stale.returncode != 0 and "agreements.csv" in stale.stderr


def test_committed_output_is_current():
    """The same check CI runs: output/ in the repository is what the sources produce."""
    result = subprocess.run([sys.executable, "-m", "convert", "build", "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_violation_stops_the_build_and_leaves_output_untouched(tmp_path, edition):
    bad = dataclasses.replace(edition.gazetteer["jp-141003"], code="141004")
    gaz = Gazetteer([bad if loc.id == bad.id else loc for loc in edition.gazetteer.localities])
    broken = dataclasses.replace(edition, gazetteer=gaz)
    with pytest.raises(TwjpError) as info:
        build_release(broken)
    assert "check digit" in info.value.format() and "locality:jp-141003" in info.value.format()


def test_agreement_iris_survive_renumbering(edition, tmp_path):
    """A new edition drops row 3 and renumbers the rest: every other agreement keeps its IRI."""
    text = paths.SOURCE.read_text(encoding="utf-8")
    lines = text.splitlines()
    kept, number = [], 0
    for line in lines:
        m = re.match(r"\s*([0-9]+)(\s.*)", line)
        if m and m.group(2).strip() and not m.group(2).strip().startswith("年"):
            if int(m.group(1)) == 3:
                continue
            number += 1
            line = f"{number}{m.group(2)}"
        kept.append(line)
    source = tmp_path / "renumbered.txt"
    source.write_text("\n".join(kept), encoding="utf-8")
    renumbered = load_edition(source)
    assert len(renumbered.agreements) == 156
    iris = Iris()
    old = {a.row.number: iris.agreement(a).value for a in edition.agreements}
    new = {iris.agreement(a).value for a in renumbered.agreements}
    assert new == set(old.values()) - {old[3]}
    assert renumbered.published.rows[2].number == 3  # the old row 4 is the new row 3
    assert [e.id for e in renumbered.registration.unlisted] == [old[3].rsplit("/", 1)[1]]


def test_iris_are_readable(edition):
    triples = build_graph(edition, paths.SOURCE.read_bytes())
    a = Iris().agreement(next(a for a in edition.agreements if a.row.number == 1)).value
    assert a == "https://w3id.org/twjp/agreement/tw-63000--jp-141003--2006-05-22"
    assert all(not t.subject.value.startswith("_:") for t in triples)


def test_base_is_configurable(edition):
    triples = build_graph(edition, paths.SOURCE.read_bytes(), base="http://example.org/tj/")
    subjects = {t.subject.value for t in triples}
    assert "http://example.org/tj/locality/tw-63000" in subjects
    assert not any(s.startswith("https://w3id.org/twjp/locality/") for s in subjects)


def test_description_figures_are_computed(release_dir):
    g = rdflib.Graph().parse(release_dir / "void.ttl")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    ds = g.value(rdflib.URIRef("https://w3id.org/twjp/dataset"), DCAT.hasCurrentVersion)
    n_lines = len((release_dir / "twjp.nt").read_text(encoding="utf-8").splitlines())
    assert int(g.value(ds, VOID.triples)) == n_lines
    data = rdflib.Graph().parse(release_dir / "twjp.nt")
    same_as = rdflib.URIRef(f"{ds}/linkset/wikidata-by-code")
    assert int(g.value(same_as, VOID.triples)) == len(list(data.triples((None, rdflib.OWL.sameAs, None)))) == 169
    by_name = rdflib.URIRef(f"{ds}/linkset/wikidata-by-name")
    schema_same_as = rdflib.URIRef("https://schema.org/sameAs")
    assert int(g.value(by_name, VOID.triples)) == len(list(data.triples((None, schema_same_as, None)))) == 67
    assert not list(data.triples((None, rdflib.SKOS.closeMatch, None)))
    names = set()
    for dist in g.objects(ds, DCAT.distribution):
        name = str(g.value(dist, DCAT.downloadURL)).rsplit("/", 1)[1]
        names.add(name)
        assert int(g.value(dist, DCAT.byteSize)) == (release_dir / name).stat().st_size, name
    assert names == set(DISTRIBUTIONS)


def test_localities_in_the_graph(store):
    # 249 of the gazetteer and 10 former ones (predecessors.tsv)
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?l a twjp:LocalGovernment }") == 259
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?l a twjp:FormerLocalGovernment }") == 10
    q = """SELECT (COUNT(DISTINCT ?l) AS ?n) {
             ?l a twjp:LocalGovernment .
             FILTER NOT EXISTS { ?l rdfs:label ?x FILTER(LANGMATCHES(LANG(?x), "en")) } }"""
    assert count(store, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + q) == 0
    # owl:sameAs where the item was matched by official code, schema:sameAs where it was matched by name
    gaz = load_gazetteer()
    by_code = sum(1 for loc in gaz.localities if loc.qid_match == "code")
    by_name = sum(1 for loc in gaz.localities if loc.qid_match == "name")
    assert by_code + by_name == 249 - 13
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?l <http://www.w3.org/2002/07/owl#sameAs> ?q }") == by_code
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?l <https://schema.org/sameAs> ?q }") == by_name
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?l skos:closeMatch ?q }") == 0
    # 臺北市士林區 is part of 臺北市; 横浜市 is part of 神奈川県
    assert (
        count(
            store,
            """SELECT (COUNT(*) AS ?n) {
        <https://w3id.org/twjp/locality/tw-63000110> twjp:partOf <https://w3id.org/twjp/locality/tw-63000> .
        <https://w3id.org/twjp/locality/jp-141003> twjp:directlyPartOf <https://w3id.org/twjp/locality/jp-140007> }""",
        )
        == 1
    )


def test_agreement_partners_are_symmetric_and_derived_for_every_pair(store, edition):
    pairs = {(t, j) for a in edition.agreements for t in a.taiwan.locality_ids for j in a.japan.locality_ids}
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?a twjp:hasAgreementWith ?b }") == 2 * len(pairs)
    assert (
        count(
            store,
            "SELECT (COUNT(*) AS ?n) { ?a twjp:hasAgreementWith ?b FILTER NOT EXISTS { ?b twjp:hasAgreementWith ?a } }",
        )
        == 0
    )


def test_agreement_type_scheme_answers_memoranda_and_tourism(store, edition):
    memoranda = sum(1 for r in edition.published.rows if r.type.endswith("備忘錄"))
    tourism = sum(1 for r in edition.published.rows if "觀光" in r.type)
    assert (
        count(
            store,
            """SELECT (COUNT(?a) AS ?n) {
        ?a twjp:agreementType/twjp:instrumentForm <https://w3id.org/twjp/concept/form/memorandum> }""",
        )
        == memoranda
    )
    assert (
        count(
            store,
            """SELECT (COUNT(?a) AS ?n) {
        ?a twjp:agreementType/twjp:theme <https://w3id.org/twjp/concept/theme/tourism> }""",
        )
        == tourism
    )
    sister = sum(1 for r in edition.published.rows if "姊妹" in r.type)
    assert count(store, "SELECT (COUNT(DISTINCT ?t) AS ?n) { ?a twjp:agreementType ?t }") == 64
    assert (
        count(
            store,
            """SELECT (COUNT(?a) AS ?n) {
        ?a twjp:agreementType/twjp:category <https://w3id.org/twjp/concept/category/sister-city> }""",
        )
        == sister
    )


def test_validation_beside_the_making_of_the_files_still_stops_a_violation(edition):
    """The SHACL engine runs in a thread while the files are made; its verdict still decides."""
    bad = dataclasses.replace(edition.gazetteer["jp-141003"], code="141004")
    gaz = Gazetteer([bad if loc.id == bad.id else loc for loc in edition.gazetteer.localities])
    with pytest.raises(TwjpError) as info:
        build_release(dataclasses.replace(edition, gazetteer=gaz))
    assert "check digit" in info.value.format()


def test_retired_agreements_are_listed_under_the_configured_base(edition):
    from convert.read.registry import Retired
    from convert.release.files import retired_csv

    gone = dataclasses.replace(edition, retired=[Retired("x--y--2000-01-01", "1.1", "a--b--2001-01-01", "why")])
    rows = retired_csv(gone, Iris("http://example.org/tj/")).decode().splitlines()
    assert (
        rows[1]
        == "http://example.org/tj/agreement/x--y--2000-01-01,1.1,http://example.org/tj/agreement/a--b--2001-01-01,why"
    )
