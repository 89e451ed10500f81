"""The site's documents other than pages of records: each IRI's data documents (Turtle, JSON-LD, N-Triples, which
say what they are about, as Wikidata's entity documents do), the ontology and the shapes at their own IRIs and at
their version IRIs, and the ontology's documentation in the site's frame, one language at a time."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING

import pyoxigraph as ox

from convert import paths
from convert.rdf.terms import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, TWJP, VOID, XSD
from convert.release.serialize import ntriples_jsonld, ntriples_sorted, turtle
from convert.web.graph import LABEL_PREDICATES, shorten
from convert.web.languages import LANGS, plain
from convert.web.routes import FORMATS, document

if TYPE_CHECKING:
    from convert.web.site import Builder

ONTOLOGY_VERSIONS = paths.ROOT / "ontology" / "versions"
PARTIES = (TWJP.party, TWJP.taiwaneseParty, TWJP.japaneseParty)


def description(b: Builder, iri: ox.NamedNode) -> list[ox.Triple]:
    """The resource's data document: its own triples, the labels of what it links to, and the agreements that
    name it as a party (with their labels)."""
    g = b.graph
    own = list(g.by_subject.get(iri, []))
    linked = {t.object for t in own if isinstance(t.object, ox.NamedNode)}
    incoming = [t for t in g.by_object.get(iri, []) if t.predicate in PARTIES]
    linked |= {t.subject for t in incoming}
    labels = [t for n in linked for t in g.by_subject.get(n, []) if t.predicate in LABEL_PREDICATES]
    return [*own, *incoming, *labels]  # (in no order, with repeats: data_documents sorts them as N-Triples)


def about_document(b: Builder, iri: ox.NamedNode) -> list[ox.Triple]:
    """What a data document says of itself: what it is about, its licence, the release it is part of and when that
    was issued. One document IRI for the three formats (`data/PATH`, which negotiates like any IRI)."""
    path = iri.value[len(b.base) :]
    doc = ox.NamedNode(f"{b.base}data/{path}")
    return [
        ox.Triple(doc, RDF.type, FOAF.Document),
        ox.Triple(doc, FOAF.primaryTopic, iri),
        ox.Triple(doc, DCTERMS.license, ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")),
        ox.Triple(doc, VOID.inDataset, ox.NamedNode(f"{b.base}dataset/{b.version}")),
        ox.Triple(doc, DCTERMS.modified, ox.Literal(b.release.issued, datatype=XSD.date)),
        *(
            ox.Triple(doc, DCTERMS.hasFormat, ox.NamedNode(f"{b.base}{document(path, fmt)}"))
            for fmt in FORMATS
            if fmt != "html"
        ),
    ]


def data_documents(b: Builder, iri: ox.NamedNode) -> dict[str, bytes]:
    path = iri.value[len(b.base) :]
    nt = ntriples_sorted([*description(b, iri), *about_document(b, iri)])
    return {  # the Turtle from the sorted N-Triples, in their order (a Turtle writer follows the order it is given)
        document(path, "ttl"): turtle(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), b.base),
        document(path, "jsonld"): ntriples_jsonld(nt, b.base),
        document(path, "nt"): nt,
    }


KINDS = (
    ("classes", OWL.Class),
    ("object_properties", OWL.ObjectProperty),
    ("datatype_properties", OWL.DatatypeProperty),
    ("annotation_properties", OWL.AnnotationProperty),
)


def ontology_terms(b: Builder) -> list[dict]:
    """The ontology's classes and properties, by kind, with their names, definitions and axioms."""
    o = b.ontology
    sections = []
    for key, kind in KINDS:
        terms = sorted(
            (s for s in o.subjects(RDF.type, kind) if isinstance(s, ox.NamedNode) and s.value.startswith(TWJP.iri)),
            key=lambda n: n.value,
        )
        rows = []
        for term in terms:

            def links(p, term=term):
                return [b.value_view(v, "ontology.html") for v in o.values(term, p) if isinstance(v, ox.NamedNode)]

            rows.append(
                {
                    "id": term.value[len(TWJP.iri) :],
                    "iri": term.value,
                    "labels": b.term_label(term),
                    "definition": {
                        lang: o.texts(term, SKOS.definition).get(lang) or o.texts(term, SKOS.definition).get("en", "")
                        for lang in LANGS
                    },
                    "deprecated": o.text(term, OWL.deprecated) == "true",
                    "axioms": [
                        (name, found)
                        for name, p in (
                            ("subclass_of", RDFS.subClassOf),
                            ("subproperty_of", RDFS.subPropertyOf),
                            ("domain", RDFS.domain),
                            ("range", RDFS.range),
                        )
                        if (found := links(p))
                    ],
                }
            )
        sections.append({"key": key, "terms": rows})
    return sections


FRAMED = ("ontology", "shapes")  # the IRIs whose documents ontology_files makes, in place of their records'


def ontology_files(b: Builder) -> dict[str, bytes]:
    """The ontology at its IRI: its documentation in the site's frame, and its files; the shapes likewise."""
    ttl = b.release_files["ontology/twjp.ttl"]
    o = b.ontology
    ontology = ox.NamedNode(TWJP.iri.rstrip("#"))
    files = {
        "ontology.html": b.render(
            "ontology.html",
            "ontology.html",
            o.texts(ontology, DCTERMS.title) or dict.fromkeys(LANGS, "twjp ontology"),
            iri=ontology.value,
            namespace=TWJP.iri,
            description={lang: o.texts(ontology, DCTERMS.description).get(lang, "") for lang in LANGS},
            version=version_of(ttl, ontology.value),
            sections=ontology_terms(b),
            pylode=f"release/{b.version}/ontology/twjp.html",
        ),
        "ontology.ttl": ttl,
    }
    files["ontology.jsonld"], files["ontology.nt"] = canonical_jsonld_nt(ttl)
    shapes = b.release_files["shapes/twjp-shapes.ttl"]
    files["shapes.ttl"] = shapes
    files["shapes.jsonld"], files["shapes.nt"] = canonical_jsonld_nt(shapes)
    files["shapes.html"] = b.render(
        "shapes.html",
        "shapes.html",
        plain("shapes_title"),
        iri=f"{b.base}shapes",
        shapes_version=version_of(shapes, f"{b.base}shapes"),
    )
    return files


def versioned_documents(b: Builder) -> dict[str, bytes]:
    """The ontology and the shapes at their version IRIs (`ontology/0.3.0`, `shapes/0.3.0`), as their own
    owl:versionIRI names them, in the four formats: the current version from the release, earlier published ones
    from ontology/versions/ (kept there when a new version is made)."""
    out: dict[str, bytes] = {}
    sources = [
        ("ontology", b.release_files["ontology/twjp.ttl"]),
        ("shapes", b.release_files["shapes/twjp-shapes.ttl"]),
        *(("ontology", p.read_bytes()) for p in sorted(ONTOLOGY_VERSIONS.glob("*.ttl"))),
    ]
    for name, ttl in sources:
        version = version_of(ttl, f"{b.base}{name}")
        path = f"{name}/{version}"
        if f"{path}.ttl" in out:
            continue
        out[f"{path}.ttl"] = ttl
        out[f"{path}.jsonld"], out[f"{path}.nt"] = canonical_jsonld_nt(ttl)
        out[f"{path}.html"] = b.render(
            "version.html",
            f"{path}.html",
            plain("version_of", name=name, version=version),
            iri=f"{b.base}{path}",
            name=version,
            kind=name,
            current=f"../{name}.html",
        )
    return out


def canonical_jsonld_nt(ttl: bytes) -> tuple[bytes, bytes]:
    """JSON-LD and sorted N-Triples of a file with blank nodes (the ontology's lists, the shapes' property
    shapes). The parser names blank nodes at random; they are renamed b0, b1… in the order the file first
    writes them, so two builds write the same bytes. The JSON-LD is in expanded form, one node object per
    subject, subjects and properties sorted."""
    names: dict[str, str] = {}

    def rename(term):
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(names.setdefault(term.value, f"b{len(names)}"))
        return term

    triples = [
        ox.Triple(rename(q.subject), q.predicate, rename(q.object)) for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)
    ]
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode().splitlines()

    def node(term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value

    def value(term) -> dict:
        if isinstance(term, ox.Literal):
            out = {"@value": term.value}
            if term.language:
                out["@language"] = term.language
            elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                out["@type"] = term.datatype.value
            return out
        return {"@id": node(term)}

    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for tr in triples:
        nodes[node(tr.subject)][tr.predicate.value].append(value(tr.object))
    doc = [
        {"@id": s, **{p: sorted(vs, key=lambda v: json.dumps(v, sort_keys=True)) for p, vs in sorted(nodes[s].items())}}
        for s in sorted(nodes)
    ]
    jsonld_text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return jsonld_text.encode(), ("\n".join(sorted(set(nt))) + "\n").encode()


def version_of(ttl: bytes, iri: str) -> str:
    """The version an ontology's (or the shapes') file names in owl:versionIRI (`…/ontology/0.3.0` -> 0.3.0)."""
    found = {
        q.subject.value: q.object.value.rsplit("/", 1)[-1]
        for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)
        if q.predicate.value == OWL.versionIRI.value
    }
    if iri in found:
        return found[iri]
    # built with another --base: the file keeps its own (published) IRI, which ends the same way
    tail = "/" + iri.rsplit("/", 1)[-1]
    same = sorted(v for s, v in found.items() if s.endswith(tail))
    if len(same) == 1:
        return same[0]
    raise ValueError(f"{iri} has no owl:versionIRI")


__all__ = ["canonical_jsonld_nt", "data_documents", "ontology_files", "shorten", "versioned_documents"]
