"""The SHACL fixtures of tests/data, made from the real graph so they follow the model: each valid fixture is
the description of one agreement of the list (its parties with their parents and members, its type and
concepts, its source row and readings); each invalid fixture is a valid one with one defect, a SPARQL update
given in tests/data/invalid/expected.yaml. `python -m convert.dev.fixtures` rewrites them; a test checks
that the committed files are what it writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import yaml

from convert import paths
from convert.rdf import Iris, build_graph, prefixes
from convert.read import Edition, load_edition

TESTS = paths.ROOT / "tests" / "data"
# valid fixture -> the row of the real list it describes
VALID = {
    "agreement-city-city": 1,  # 臺北市 – 横浜市
    "agreement-with-group": 8,  # 臺北市 – 中海・宍道湖・大山圏域市長会 (a group and its members)
    "district-without-wikidata-link": 13,  # 臺北市萬華區, a district without a Wikidata item (a warning)
    "agreement-signed-by-predecessor": 95,  # 臺南市 of 2006: a successor reading
    "agreement-with-mountain-indigenous-district": 18,  # 新北市烏來區 – 白糠町: a mountain indigenous district
    "agreement-with-joint-parties": 156,  # 臺東縣 – 伊賀市 and 志摩市, one cell read as two parties
}
LINKS = (
    "https://w3id.org/twjp/ontology#taiwaneseParty",
    "https://w3id.org/twjp/ontology#japaneseParty",
    "https://w3id.org/twjp/ontology#directlyPartOf",
    "https://w3id.org/twjp/ontology#partOf",
    "https://w3id.org/twjp/ontology#member",
    "https://w3id.org/twjp/ontology#agreementType",
    "https://w3id.org/twjp/ontology#category",
    "https://w3id.org/twjp/ontology#instrumentForm",
    "https://w3id.org/twjp/ontology#theme",
    "https://w3id.org/twjp/ontology#region",
    "https://w3id.org/twjp/ontology#sourceRow",
    "https://w3id.org/twjp/ontology#reading",
    "https://w3id.org/twjp/ontology#readAs",
    "https://w3id.org/twjp/ontology#readingKind",
    "https://w3id.org/twjp/ontology#certainty",
    "https://w3id.org/twjp/ontology#location",
    "https://w3id.org/twjp/ontology#signedBeforeChange",
    "https://w3id.org/twjp/ontology#signatory",
    "https://w3id.org/twjp/ontology#wikidataMapping",
    "https://w3id.org/twjp/ontology#country",
    "http://www.w3.org/ns/org#originalOrganization",
    "http://purl.org/dc/terms/type",
    "http://www.w3.org/2004/02/skos/core#inScheme",
    "http://purl.org/dc/terms/isPartOf",
    "http://purl.org/dc/terms/source",
)
BASE = "https://w3id.org/twjp/"


def describe(triples: list[ox.Triple], start: ox.NamedNode) -> list[ox.Triple]:
    """The triples of `start` and of what it links to through LINKS, transitively; partner links only between
    the parties of the described agreement."""
    by_subject: dict[ox.NamedNode, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    seen, todo = set(), [start]
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        todo += [t.object for t in by_subject.get(s, []) if t.predicate.value in LINKS]
    # the release the data belongs to (its date bounds the data's dates)
    seen |= {
        t.subject for t in triples if t.predicate.value.endswith("#type") and t.object.value.endswith("dcat#Dataset")
    }
    parties = {t.object for t in by_subject[start] if t.predicate.value.endswith("#party")}
    out = []
    for s in seen:
        for t in by_subject.get(s, []):
            if t.predicate.value.endswith("#hasAgreementWith") and not (t.subject in parties and t.object in parties):
                continue
            # a link to a resource of the dataset the fixture does not describe (a scheme's other top concepts, a
            # category's other types) would be a dangling end: the fixture is a closed part of the graph
            if (
                isinstance(t.object, ox.NamedNode)
                and t.object.value.startswith(BASE)
                and "#" not in t.object.value
                and t.object not in seen
                and t.predicate.value != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
            ):
                continue
            out.append(t)
    return sorted(out, key=str)


def turtle(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes())


def fixtures(edition: Edition) -> dict[Path, bytes]:
    """Every fixture file, by path."""
    triples = build_graph(edition, edition.source.read_bytes())
    iris = Iris()
    by_row = {a.row.number: a for a in edition.agreements}
    valid = {name: describe(triples, iris.agreement(by_row[row])) for name, row in VALID.items()}
    out = {TESTS / "valid" / f"{name}.ttl": turtle(graph) for name, graph in valid.items()}
    defects = yaml.safe_load((TESTS / "invalid" / "expected.yaml").read_text(encoding="utf-8"))
    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes().items())
    for name, defect in defects.items():
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in valid[defect["base"]])
        store.update(header + defect["update"])
        broken = sorted((q.triple for q in store), key=str)
        out[TESTS / "invalid" / f"{name}.ttl"] = turtle(broken)
    return out


def main() -> None:
    written = 0
    for path, content in fixtures(load_edition()).items():
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
            written += 1
    stale = {p for p in (TESTS / "valid").glob("*.ttl")} - {TESTS / "valid" / f"{n}.ttl" for n in VALID}
    for path in stale:
        path.unlink()
    print(f"{written} fixtures written, {len(stale)} removed", file=sys.stderr)


if __name__ == "__main__":
    main()
