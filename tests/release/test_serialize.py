"""The dataset's order and its three syntaxes, made the fast way (N-Triples lines sorted as bytes, JSON-LD
put together from those lines), against what the slow, obvious way gives."""

import json

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from convert import paths
from convert.rdf.graph import build_graph, canonical
from convert.release.serialize import ntriples_jsonld

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


# literals that one is a prefix of another, that differ only in language or datatype, and that need escaping
HARD = [
    ox.Triple(node("a"), node("p"), ox.Literal("x")),
    ox.Triple(node("a"), node("p"), ox.Literal("x", language="en")),
    ox.Triple(node("a"), node("p"), ox.Literal("x", language="zh-hant")),
    ox.Triple(node("a"), node("p"), ox.Literal("x", datatype=ox.NamedNode(EX + "type"))),
    ox.Triple(node("a"), node("p"), ox.Literal("xy")),
    ox.Triple(node("a"), node("p"), ox.Literal('quote " backslash \\ newline \n return \r tab \t')),
    ox.Triple(node("a"), node("p"), ox.Literal("control \x01 \x1f delete \x7f bell \x08 feed \x0c")),
    ox.Triple(node("a"), node("p"), ox.Literal("臺南市 横浜市 \u2028 😀")),
    ox.Triple(node("a"), node("p"), ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))),
    ox.Triple(node("a"), node("p"), ox.Literal("2020-01-02", datatype=ox.NamedNode(XSD + "date"))),
    ox.Triple(node("a"), node("p"), node("a")),
    ox.Triple(node("a"), node("p2"), node("b")),
    ox.Triple(node("a"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), node("C")),
    ox.Triple(node("ab"), node("p"), node("a")),
    ox.Triple(node("a"), node("q"), ox.Literal("x")),
    ox.Triple(ox.NamedNode("https://w3id.org/twjp/locality/tw-67000"), node("p"), node("é")),
]


def test_canonical_order_is_the_order_of_the_terms_written_out_and_drops_repeats():
    triples = list(reversed(HARD)) + HARD[:5]
    graph = canonical(triples)
    assert graph.triples == sorted(set(HARD), key=str)
    assert len(graph.triples) == len(set(HARD))
    lines = graph.ntriples.decode().split("\n")[:-1]
    assert lines == sorted(lines) and len(lines) == len(set(lines)) == len(graph.triples)
    assert [q.triple for q in ox.parse(graph.ntriples, format=ox.RdfFormat.N_TRIPLES)] == graph.triples


def test_the_real_graph_is_sorted_as_its_terms_written_out():
    from convert.read import load_edition

    edition = load_edition(paths.SOURCE)
    triples = build_graph(edition, paths.SOURCE.read_bytes())
    assert triples == sorted(set(triples), key=str)


def test_jsonld_from_ntriples_is_the_same_graph_and_valid_json_for_hard_literals():
    text = ntriples_jsonld(canonical(HARD).ntriples, "https://w3id.org/twjp/").decode()
    document = json.loads(text)  # valid JSON: N-Triples escapes copied as they are are JSON escapes
    parsed = rdflib.Graph().parse(data=text, format="json-ld")
    expected = rdflib.Graph().parse(data=ox.serialize(HARD, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    assert isomorphic(parsed, expected)
    # one node object per subject, per line, written as json.dumps writes it
    lines = text.split("\n")[2:-2]
    assert len(document["@graph"]) == len(lines) == len({t.subject for t in HARD})
    for line, obj in zip(lines, document["@graph"], strict=True):
        assert line.rstrip(",") == json.dumps(obj, ensure_ascii=False)


def test_jsonld_of_the_release_is_what_json_dumps_writes():
    text = (paths.OUTPUT / "twjp.jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    lines = text.split("\n")[2:-2]
    assert len(lines) == len(document["@graph"]) > 1000
    for line, obj in zip(lines, document["@graph"], strict=True):
        assert line.rstrip(",") == json.dumps(obj, ensure_ascii=False)
    nt = (paths.OUTPUT / "twjp.nt").read_bytes()
    assert ntriples_jsonld(nt, "https://w3id.org/twjp/") == text.encode()


def test_a_second_json_ld_implementation_reads_the_release_as_its_triples():
    """PyLD (the reference JSON-LD processor in Python) expands the release's JSON-LD, its context's term
    definitions included, to exactly the N-Triples' graph."""
    from pyld import jsonld

    document = json.loads((paths.OUTPUT / "twjp.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["signingDate"] == {"@id": "twjp:signingDate", "@type": "xsd:date"}
    assert context["taiwaneseParty"] == {"@id": "twjp:taiwaneseParty", "@type": "@id"}
    first = document["@graph"][0]
    assert any(k == "signingDate" for node in document["@graph"] for k in node), "the terms are used"
    assert isinstance(first, dict)
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    got = {q.triple for q in ox.parse(quads.encode(), format=ox.RdfFormat.N_QUADS)}
    want = {q.triple for q in ox.parse((paths.OUTPUT / "twjp.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)}
    assert got == want


def test_a_value_the_context_cannot_coerce_is_written_in_full():
    """A term coerced to @id with a literal object, or to xsd:date with another datatype, keeps the full form."""
    from pyld import jsonld

    twjp = "https://w3id.org/twjp/ontology#"
    triples = [
        ox.Triple(
            node("a"), ox.NamedNode(twjp + "signingDate"), ox.Literal("2006-05-22", datatype=ox.NamedNode(XSD + "date"))
        ),
        ox.Triple(node("a"), ox.NamedNode(twjp + "signingDate"), ox.Literal("2006")),
        ox.Triple(node("a"), ox.NamedNode(twjp + "party"), node("b")),
        ox.Triple(node("a"), ox.NamedNode(twjp + "party"), ox.Literal("not an IRI")),
        ox.Triple(node("a"), ox.NamedNode(twjp + "officialCode"), ox.Literal("014087")),
        ox.Triple(node("a"), ox.NamedNode(twjp + "officialCode"), ox.Literal("014087", language="ja")),
    ]
    nt = canonical(triples).ntriples
    document = json.loads(ntriples_jsonld(nt, "https://w3id.org/twjp/"))
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert {q.triple for q in ox.parse(quads.encode(), format=ox.RdfFormat.N_QUADS)} == set(triples)
    [a] = document["@graph"]
    assert sorted(map(json.dumps, a["signingDate"])) == sorted(map(json.dumps, ["2006-05-22", {"@value": "2006"}]))
    assert "014087" in a["officialCode"] and {"@value": "014087", "@language": "ja"} in a["officialCode"]
    assert {"@value": "not an IRI"} in a["party"]
