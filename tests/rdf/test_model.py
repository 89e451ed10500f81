"""The model entails nothing false and says what it means: an OWL RL reasoner (owlrl) over the data, the ontology
and SKOS's own axioms, successions as data, retired agreements with their last description, materialised
superclasses, concepts with definitions and typed notations, and the ontology's own metadata."""

import shutil
from collections import defaultdict

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from convert import paths
from convert.rdf import build_graph
from convert.read import load_edition
from tests.conftest import DATA, release_row

T = rdflib.Namespace("https://w3id.org/twjp/ontology#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
GEO = rdflib.Namespace("http://www.opengis.net/ont/geosparql#")
WD = "http://www.wikidata.org/entity/"
BASE = "https://w3id.org/twjp/"
SKOS_AXIOMS = DATA / "skos" / "skos.ttl"  # W3C's SKOS RDF schema (as pyLODE ships it)
# kinds of thing that nothing may be two of (the ontology's owl:AllDisjointClasses, and what a reader assumes)
KINDS = (T.Agreement, T.Party, T.SourceRow, T.Reading, T.RetiredAgreement, SKOS.Concept, GEO.Geometry, ORG.ChangeEvent)


def rdflib_graph(triples) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return g


def closure(data: rdflib.Graph) -> rdflib.Graph:
    import owlrl

    g = rdflib.Graph()
    for t in data:
        g.add(t)
    g.parse(paths.ONTOLOGY)
    g.parse(SKOS_AXIOMS)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def false_entailments(g: rdflib.Graph) -> list[str]:
    out = []
    for i, a in enumerate(KINDS):
        for b in KINDS[i + 1 :]:
            both = set(g.subjects(RDF.type, a)) & set(g.subjects(RDF.type, b))
            out += [f"{s} is a {a} and a {b}" for s in sorted(both)[:5]]
    out += [
        f"{s} (a Wikidata item) is a skos:Concept" for s in g.subjects(RDF.type, SKOS.Concept) if str(s).startswith(WD)
    ]
    out += [f"{s} is owl:Nothing" for s in g.subjects(RDF.type, OWL.Nothing)]
    return out


@pytest.fixture(scope="module")
def graph(edition):
    return build_graph(edition, edition.source.read_bytes())


@pytest.fixture(scope="module")
def retired_edition(tmp_path_factory):
    """An edition without rows 3 and 7, published as release 1.1: two registered agreements retired."""
    from tests.exports.test_diff import edition as edit_list

    data = tmp_path_factory.mktemp("model") / "data"
    shutil.copytree(paths.DATA, data)
    ids = {a.row.number: a.id for a in load_edition().agreements}
    source = edit_list(data / "source", drop=(3, 7), name="edition-2.txt")
    with (data / "releases.tsv").open("a", encoding="utf-8") as f:
        f.write(release_row("1.1", "2026-12-01", source, "Rows 3 and 7 left the list."))
    (data / "retired.tsv").write_text(
        "id\tleft\treplaced_by\treason\n"
        f"{ids[3]}\t1.1\t\tThe association removed it from the list (a test of the rule).\n",
        encoding="utf-8",
    )
    return load_edition(source, data)


def test_the_owl_rl_closure_of_data_ontology_and_skos_entails_nothing_false(graph):
    g = closure(rdflib_graph(graph))
    assert false_entailments(g) == []
    # the closure did work: the chain gives partners, the subclass axioms give superclasses
    assert (
        rdflib.URIRef(f"{BASE}locality/tw-63000"),
        T.hasAgreementWith,
        rdflib.URIRef(f"{BASE}locality/jp-141003"),
    ) in g
    items = {o for s, o in g.subject_objects(OWL.sameAs) if str(o).startswith(WD) and str(s).startswith(BASE)}
    assert len(items) == 169 and all((i, RDF.type, T.JapaneseLocalGovernment) in g for i in items)


def test_the_check_finds_a_skos_mapping_on_a_locality(graph):
    """The test above can fail: with skos:closeMatch (the former model) a locality and its item become concepts."""
    s = ox.NamedNode(f"{BASE}locality/tw-67000")
    mine = [t for t in graph if t.subject == s and t.predicate.value != "https://schema.org/sameAs"]
    data = rdflib_graph([*mine, ox.Triple(s, ox.NamedNode(str(SKOS.closeMatch)), ox.NamedNode(f"{WD}Q140631"))])
    found = false_entailments(closure(data))
    assert any("Q140631 (a Wikidata item) is a skos:Concept" in f for f in found)
    assert any("tw-67000 is a" in f for f in found)


def test_retired_agreements_entail_nothing_listed(retired_edition):
    g = closure(rdflib_graph(build_graph(retired_edition, retired_edition.source.read_bytes())))
    assert false_entailments(g) == []
    retired = set(g.subjects(RDF.type, T.RetiredAgreement))
    assert len(retired) == 2
    for r in retired:
        assert (r, RDF.type, T.Agreement) not in g
        assert not list(g.objects(r, T.party)) and list(g.objects(r, rdflib.URIRef("https://schema.org/participant")))


def test_a_retired_agreement_keeps_what_it_was(retired_edition):
    [gone] = [r for r in retired_edition.retired if r.recorded]
    [unrecorded] = [r for r in retired_edition.retired if not r.recorded]
    g = rdflib_graph(build_graph(retired_edition, retired_edition.source.read_bytes()))
    s = rdflib.URIRef(f"{BASE}agreement/{gone.id}")
    labels = {str(o) for o in g.objects(s, RDFS.label)}
    assert any(label.endswith("last listed in release 1.0") and "Taipei City" in label for label in labels)
    assert any("最後列於第 1.0 版" in label for label in labels) and len(labels) == 3
    assert (s, OWL.deprecated, rdflib.Literal(True)) in g
    assert str(g.value(s, T.leftInRelease)) == "1.1" and str(g.value(s, T.lastListedInRelease)) == "1.0"
    assert "removed it from the list" in str(g.value(s, SKOS.historyNote))
    assert str(g.value(s, rdflib.URIRef("http://purl.org/dc/terms/date"))) == gone.entry.date == "2014-10-13"
    participants = set(g.objects(s, rdflib.URIRef("https://schema.org/participant")))
    assert participants == {rdflib.URIRef(f"{BASE}locality/tw-63000"), rdflib.URIRef(f"{BASE}locality/jp-382019")}
    assert g.value(s, rdflib.URIRef("http://purl.org/dc/terms/type")) is not None
    row = g.value(s, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert str(row) == f"{BASE}source/cccbd81a90b19387-row-3"
    assert (row, RDF.type, T.SourceRow) in g and str(g.value(row, T.publishedJapaneseParty)) == gone.entry.japan
    assert str(g.value(row, T.publishedDate)) == gone.entry.written_date
    # the one whose reason is not recorded says so, and the build says so too
    u = rdflib.URIRef(f"{BASE}agreement/{unrecorded.id}")
    assert "not recorded yet" in str(g.value(u, SKOS.historyNote))


def test_the_build_names_each_registered_agreement_missing_without_a_reason(tmp_path):
    from tests.exports.test_diff import edition as edit_list
    from tests.test_cli import twjp

    source = edit_list(tmp_path, drop=(3,), name="edition-2.txt")
    result = twjp("build", "--draft", "--source", str(source), "--output", str(tmp_path / "o"), "--no-site")
    assert result.returncode == 0, result.stderr
    assert "registered agreement tw-63000--jp-382019--2014-10-13 (last listed as row 3 of edition" in result.stderr
    assert "its reason is not recorded yet: add a row to convert/data/retired.tsv" in result.stderr


def test_successions_are_data(graph):
    g = rdflib_graph(graph)
    tainan = rdflib.URIRef(f"{BASE}locality/tw-67000")
    event = rdflib.URIRef(f"{BASE}locality/tw-67000/formation")
    assert (event, RDF.type, ORG.ChangeEvent) in g and (tainan, ORG.resultedFrom, event) in g
    assert set(g.objects(event, ORG.resultingOrganization)) == {tainan}
    originals = set(g.objects(event, ORG.originalOrganization))
    assert originals == {
        rdflib.URIRef(f"{BASE}locality/tw-67000-former-county"),
        rdflib.URIRef(f"{BASE}locality/tw-67000-former-city"),
    }
    assert str(g.value(event, rdflib.URIRef("http://purl.org/dc/terms/date"))) == "2010-12-25"
    assert str(g.value(event, rdflib.URIRef("http://purl.org/dc/terms/type"))) == f"{BASE}concept/change-kind/merger"
    assert str(g.value(tainan, T.established)) == "2010-12-25"
    for p in originals:
        assert (p, RDF.type, T.FormerLocalGovernment) in g and str(g.value(p, T.abolished)) == "2010-12-25"
        assert (p, rdflib.URIRef("http://purl.org/dc/terms/isReplacedBy"), tainan) in g
        assert g.value(p, T.officialCode) is None and g.value(p, OWL.sameAs) is None
    # the 2006 agreement of 臺南市 and 仙台市 was signed by one of the two: the change is named, no signatory
    a = rdflib.URIRef(f"{BASE}agreement/tw-67000--jp-041009--2006-01-20")
    assert g.value(a, T.signedBeforeChange) == event and g.value(a, T.signatory) is None
    assert g.value(a, T.taiwaneseParty) == tainan  # the party is the holder today
    # every agreement with a successor reading names its change; no other does
    before = {a for a in g.subjects(T.signedBeforeChange, None)}
    assert len(before) == 7


def test_the_one_predecessor_of_a_successor_is_the_signatory(edition, tmp_path):
    """新北市 was formed from 臺北縣 alone: an agreement of 新北市 dated before 2010-12-25 was signed by 臺北縣."""
    source = tmp_path / "list.txt"
    text = paths.SOURCE.read_text(encoding="utf-8")
    old = "14 新北市 三重縣 觀光交流合作協定 2013年10月21日"
    assert old in text
    source.write_text(text.replace(old, "14 新北市 三重縣 觀光交流合作協定 2009年10月21日"), encoding="utf-8")
    changed = load_edition(source)
    g = rdflib_graph(build_graph(changed, source.read_bytes()))
    [a] = [a for a in changed.agreements if a.row.number == 14]
    s = rdflib.URIRef(f"{BASE}agreement/{a.id}")
    assert str(g.value(s, T.signatory)) == f"{BASE}locality/tw-65000-former-county"
    assert str(g.value(s, T.signedBeforeChange)) == f"{BASE}locality/tw-65000/formation"
    assert str(g.value(s, T.taiwaneseParty)) == f"{BASE}locality/tw-65000"


def superclasses() -> dict[rdflib.URIRef, set]:
    """Each class of the ontology -> every class it is a subclass of (named ones, transitively)."""
    o = rdflib.Graph().parse(paths.ONTOLOGY)
    direct = defaultdict(set)
    for c, sup in o.subject_objects(RDFS.subClassOf):
        if isinstance(sup, rdflib.URIRef):
            direct[c].add(sup)
    out = {}
    for c in list(direct):
        seen, todo = set(), [c]
        while todo:
            for s in direct.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        out[c] = seen
    return out


def test_every_superclass_is_written_alike(graph):
    g = rdflib_graph(graph)
    sup = superclasses()
    missing = [
        (str(s), str(c), str(d))
        for s, c in g.subject_objects(RDF.type)
        for d in sup.get(c, ())
        if (s, RDF.type, d) not in g
    ]
    assert missing == []
    districts = set(g.subjects(RDF.type, T.MountainIndigenousDistrict))
    assert len(districts) == 2 and all((d, RDF.type, T.District) in g for d in districts)
    groups = set(g.subjects(RDF.type, T.LocalGovernmentGroup))
    assert len(groups) == 2
    for grp in groups:
        assert (grp, RDF.type, ORG.OrganizationalCollaboration) in g
        assert (
            set(g.objects(grp, ORG.hasMember)) == set(g.objects(grp, T.member))
            and len(set(g.objects(grp, T.member))) >= 3
        )
        assert str(g.value(grp, T.country)) == f"{BASE}place/japan"


def test_every_party_says_its_country(graph):
    g = rdflib_graph(graph)
    for p in g.subjects(RDF.type, T.Party):
        [country] = list(g.objects(p, T.country))
        side = T.TaiwaneseLocalGovernment if str(country).endswith("/taiwan") else T.JapaneseLocalGovernment
        assert (p, RDF.type, side) in g or (p, RDF.type, T.LocalGovernmentGroup) in g


def test_every_scheme_has_top_concepts_and_every_concept_a_definition_and_a_typed_notation(graph):
    g = rdflib_graph(graph)
    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 8
    for s in schemes:
        assert list(g.objects(s, SKOS.hasTopConcept)), s
    for c in g.subjects(RDF.type, SKOS.Concept):
        langs = {o.language for o in g.objects(c, SKOS.definition)}
        assert langs == {"en", "zh-hant", "ja"}, c
        [notation] = list(g.objects(c, SKOS.notation))
        assert notation.datatype == T.ConceptId and str(c).endswith("/" + str(notation))
        assert (g.value(c, SKOS.inScheme), SKOS.hasTopConcept, c) in g


def test_the_ontology_says_who_made_it_and_when_and_declares_every_term_the_data_uses(graph):
    o = rdflib.Graph().parse(paths.ONTOLOGY)
    DCT = rdflib.Namespace("http://purl.org/dc/terms/")
    onto = rdflib.URIRef(f"{BASE}ontology")
    creator = o.value(onto, DCT.creator)
    assert isinstance(creator, rdflib.URIRef) and o.value(creator, RDF.type) is not None
    assert o.value(onto, DCT.issued) is not None and o.value(onto, DCT.modified) is not None
    assert o.value(onto, OWL.priorVersion) is None  # no version that was never published is claimed
    assert (T.twinnedWith, OWL.deprecated, rdflib.Literal(True)) in o
    assert not list(o.objects(None, RDFS.range)) or rdflib.URIRef(str(RDF) + "langString") not in set(
        o.objects(None, RDFS.range)
    )
    assert list(o.subjects(RDF.type, OWL.AllDisjointClasses))
    for lang in ("en", "zh-hant", "ja"):
        cls = {str(x) for x in o.objects(T.Party, RDFS.label) if x.language == lang}
        prop = {str(x) for x in o.objects(T.party, RDFS.label) if x.language == lang}
        assert cls and prop and cls.isdisjoint(prop), lang
    declared = set(o.subjects(RDF.type, None))
    used = {t.predicate.value for t in graph if t.predicate.value.startswith(str(T))}
    used |= {t.object.value for t in graph if t.predicate.value == str(RDF.type) and t.object.value.startswith(str(T))}
    used |= {
        t.object.datatype.value
        for t in graph
        if isinstance(t.object, ox.Literal) and t.object.datatype.value.startswith(str(T))
    }
    assert {u for u in used if rdflib.URIRef(u) not in declared} == set()
