"""The dataset's triples as Turtle, sorted N-Triples and compact JSON-LD, with the prefixes of convert.rdf.terms."""

from __future__ import annotations

import functools
import itertools
import json

import pyoxigraph as ox

from convert.rdf.terms import RDF, prefixes


def turtle(triples: list[ox.Triple], base: str) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))


def ntriples_sorted(triples: list[ox.Triple]) -> bytes:
    """N-Triples, one line per triple, sorted as bytes (UTF-8 byte order is code point order), no duplicate."""
    lines = set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).split(b"\n"))
    lines.discard(b"")
    return b"\n".join(sorted(lines)) + b"\n"


def jsonld(triples: list[ox.Triple], base: str) -> bytes:
    """JSON-LD with a compact context: IRIs written as prefixed names of the context, one node object per
    line (a lossless compaction: expanding it gives the same graph). `triples` are sorted, so by subject."""
    context = prefixes(base)
    ordered = sorted(context.items(), key=lambda kv: -len(kv[1]))
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    rdf_type = RDF.type

    @functools.cache
    def compact(iri: str) -> str:
        for prefix, ns in ordered:
            if iri.startswith(ns) and len(iri) > len(ns) and ":" not in iri[len(ns) :]:
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def value(term) -> dict:
        if isinstance(term, ox.NamedNode):
            return {"@id": compact(term.value)}
        out = {"@value": term.value}
        if term.language:
            out["@language"] = term.language
        elif term.datatype.value != xsd_string:
            out["@type"] = compact(term.datatype.value)
        return out

    lines = []
    for subject, group in itertools.groupby(triples, key=lambda t: t.subject):
        node: dict = {"@id": compact(subject.value)}
        for t in group:
            if t.predicate == rdf_type:
                node.setdefault("@type", []).append(compact(t.object.value))
            else:
                node.setdefault(compact(t.predicate.value), []).append(value(t.object))
        lines.append(json.dumps(node, ensure_ascii=False))
    head = json.dumps({"@context": dict(sorted(context.items()))}, ensure_ascii=False)[:-1]
    body = ",\n".join(lines)
    return f'{head},\n"@graph": [\n{body}\n]}}\n'.encode()
