"""The dataset's triples as Turtle, sorted N-Triples and compact JSON-LD, with the prefixes of convert.rdf.terms."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterable

import pyoxigraph as ox

from convert.rdf.graph import canonical
from convert.rdf.terms import RDF, TWJP, XSD, prefixes


def turtle(triples: Iterable[ox.Triple | ox.Quad], base: str) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))


def ntriples_sorted(triples: list[ox.Triple]) -> bytes:
    """N-Triples, one line per triple, sorted as bytes (UTF-8 byte order is code point order), no duplicate."""
    return canonical(triples).ntriples


ENCODE = json.JSONEncoder(ensure_ascii=False).encode

# Terms of the JSON-LD context beside its prefixes: the model's properties by their local names, IRI-valued ones
# coerced to @id and typed ones to their datatype, so a document reads `"signingDate": ["2006-05-22"]` and a user
# writing JSON-LD against the context gets the same RDF terms.
# (twjp:category, twjp:region, twjp:theme and twjp:reading keep their prefixed names: their local names are the
# context's prefixes of concept IRIs, category:sister-city, region:southern…)
ID_TERMS = (
    "taiwaneseParty", "japaneseParty", "party", "agreementType", "sourceRow", "readAs", "readingKind",
    "certainty", "partOf", "directlyPartOf", "member", "location", "instrumentForm",
    "hasAgreementWith", "country", "signatory", "signedBeforeChange", "wikidataMapping",
)  # fmt: skip
TYPED_TERMS = {"signingDate": "xsd:date", "rowNumber": "xsd:integer"}
PLAIN_TERMS = ("officialCode", "moiCode", "japaneseLocalGovernmentCode", "wikidataLinkConfidence", "leftInRelease",
               "lastListedInRelease")  # fmt: skip


def context_terms() -> dict[str, dict]:
    """Term definitions of the context: {"signingDate": {"@id": "twjp:signingDate", "@type": "xsd:date"}, …}."""
    assert not set(ID_TERMS) & set(prefixes()), "a term would shadow a prefix"
    out: dict[str, dict] = {t: {"@id": f"twjp:{t}", "@type": "@id"} for t in ID_TERMS}
    out |= {t: {"@id": f"twjp:{t}", "@type": dt} for t, dt in TYPED_TERMS.items()}
    out |= {t: {"@id": f"twjp:{t}"} for t in PLAIN_TERMS}
    return out


@functools.lru_cache(maxsize=8)
def compaction(base: str):
    """The JSON-LD context's opening for a base IRI, and the JSON of an IRI written as a prefixed name of that
    context (cached: the site writes thousands of small documents with the same context)."""
    context: dict = prefixes(base)
    ordered = sorted(context.items(), key=lambda kv: -len(kv[1]))
    context = {**context, **context_terms()}

    @functools.lru_cache(maxsize=100_000)
    def name(iri: str) -> str:
        for prefix, ns in ordered:
            if iri.startswith(ns) and len(iri) > len(ns) and ":" not in iri[len(ns) :]:
                return ENCODE(f"{prefix}:{iri[len(ns) :]}")
        return ENCODE(iri)

    head = json.dumps({"@context": dict(sorted(context.items()))}, ensure_ascii=False)[:-1]
    return head, name


@functools.lru_cache(maxsize=8)
def objects_as_json(base: str):
    """How ntriples_jsonld writes an N-Triples object: in full (`value`), or as a term's coercion allows
    (`coerced`), each kept once made (a document repeats the names it links to, the site has thousands of
    documents); and the model's terms by predicate IRI."""
    _, name = compaction(base)
    encode = ENCODE
    # predicate IRI -> (term, how its values compact: "@id", a datatype IRI, or "" for plain strings)
    terms = {TWJP.iri + t: (ENCODE(t), "@id") for t in ID_TERMS}
    terms |= {TWJP.iri + t: (ENCODE(t), XSD.iri + dt.split(":")[1]) for t, dt in TYPED_TERMS.items()}
    terms |= {TWJP.iri + t: (ENCODE(t), "") for t in PLAIN_TERMS}

    @functools.lru_cache(maxsize=200_000)
    def coerced(obj: str, how: str) -> str:
        """An object written as the term's coercion allows (a bare string), or in full where it does not fit."""
        if how == "@id":
            if obj[0] == "<":
                return name(obj[1:-1])
        elif obj[0] == '"':
            end = obj.rindex('"') + 1
            plain = end == len(obj)
            if (how == "" and plain) or (how and obj[end:] == f"^^<{how}>"):
                lexical = obj[:end]
                return encode(json.loads(lexical)) if "\\u" in lexical else lexical
        return value(obj)

    @functools.lru_cache(maxsize=200_000)
    def value(obj: str) -> str:
        if obj[0] == "<":
            return '{"@id": ' + name(obj[1:-1]) + "}"
        end = obj.rindex('"') + 1
        lexical = obj[:end]
        if "\\u" in lexical:  # a control character: written as json.dumps writes it (lower-case hex, DEL raw)
            lexical = encode(json.loads(lexical))
        if end == len(obj):
            return '{"@value": ' + lexical + "}"
        if obj[end] == "@":
            return '{"@value": ' + lexical + ', "@language": "' + obj[end + 1 :] + '"}'
        return '{"@value": ' + lexical + ', "@type": ' + name(obj[end + 3 : -1]) + "}"

    return value, coerced, terms


def ntriples_jsonld(ntriples: bytes, base: str) -> bytes:
    """JSON-LD with a compact context, from sorted N-Triples without blank nodes (so by subject and, within a
    subject, by predicate): IRIs written as prefixed names of the context, one node object per line, as
    `json.dumps(node, ensure_ascii=False)` would write it (a lossless compaction: expanding it gives the same
    graph). Made from the lines as text: an N-Triples string literal, as pyoxigraph writes it (`\\"`, `\\\\`,
    `\\n`, `\\r`, `\\t`, `\\b`, `\\f`), is also the JSON string json.dumps writes for the same value, so it is
    copied as it is; one with a `\\uXXXX` escape (another control character) is written again."""
    head, name = compaction(base)
    value, coerced, terms = objects_as_json(base)
    rdf_type = RDF.type.value

    lines: list[bytes] = []
    parts: list[str] = []
    subject = predicate = None
    values: list[str] = []

    def close_predicate() -> None:
        if predicate == rdf_type:
            parts.append('"@type": [' + ", ".join(name(v[1:-1]) for v in values) + "]")
        elif predicate in terms:
            term, how = terms[predicate]
            parts.append(term + ": [" + ", ".join(coerced(v, how) for v in values) + "]")
        else:
            parts.append(name(predicate) + ": [" + ", ".join(value(v) for v in values) + "]")

    # line by line (a BytesIO splits at b"\n" only, unlike str.splitlines(), and shares the bytes): a large
    # edition's N-Triples are not held again as text, and the JSON lines are kept as UTF-8
    for raw in io.BytesIO(ntriples):
        line = raw.decode("utf-8").rstrip("\n")
        if not line:
            continue
        # <s> <p> object .
        s_end = line.index("> <")
        p_end = line.index("> ", s_end + 3)
        s, p, obj = line[1:s_end], line[s_end + 3 : p_end], line[p_end + 2 : -2]
        if s != subject:
            if subject is not None:
                close_predicate()
                lines.append((", ".join(parts) + "}").encode())
            subject, predicate, values = s, p, []
            parts = ['{"@id": ' + name(s)]
        elif p != predicate:
            close_predicate()
            predicate, values = p, []
        values.append(obj)
    if subject is not None:
        close_predicate()
        lines.append((", ".join(parts) + "}").encode())
    if lines:  # one join, one copy: the head before the first node, the end after the last
        lines[0] = f'{head},\n"@graph": [\n'.encode() + lines[0]
        lines[-1] += b"\n]}\n"
        return b",\n".join(lines)
    return f'{head},\n"@graph": [\n\n]}}\n'.encode()
