"""The dataset description: DCAT 3 (dataset, distributions), VoID (statistics, the Wikidata linkset)
and PROV-O (how the release was generated). Every figure is computed from the data and the files."""

from __future__ import annotations

from collections import Counter

from pyoxigraph import Literal, NamedNode, Triple

from convert import __release_date__, __version__
from convert.rdf.terms import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SCHEMA, SH, TWJP, VOID, XSD, Iris, lit

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".csv": "text/csv",
    ".html": "text/html",
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".rq": "application/sparql-query",
}
CC_BY = NamedNode("https://creativecommons.org/licenses/by/4.0/")
WIKIDATA = NamedNode("http://www.wikidata.org/")


def integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def statistics(triples: list[Triple]) -> dict:
    classes = Counter(t.object for t in triples if t.predicate == RDF.type)
    return {
        "triples": len(triples),
        "entities": len({t.subject for t in triples}),
        "properties": len({t.predicate for t in triples}),
        "classes": classes,
        "sameas": sum(1 for t in triples if t.predicate == OWL.sameAs),
    }


def description_triples(
    triples: list[Triple], files: dict[str, bytes], iris: Iris, source_iri: NamedNode, data_files: list[str]
) -> list[Triple]:
    """DCAT + VoID + PROV of the release; `files` are the other release files (sizes computed from them)."""
    stats = statistics(triples)
    ds = iris.dataset()
    base = iris.base
    activity = NamedNode(f"{base}activity/build-{__version__}")
    software = NamedNode(f"{base}software/twjp-{__version__}")
    wikidata_ds = NamedNode(f"{base}dataset/wikidata")
    linkset = NamedNode(f"{base}dataset/wikidata-links")
    date = Literal(__release_date__, datatype=XSD.date)
    t = [
        Triple(ds, RDF.type, DCAT.Dataset),
        Triple(ds, RDF.type, VOID.Dataset),
        Triple(
            ds,
            DCTERMS.title,
            lit("twjp: partnership agreements between Taiwanese and Japanese local governments", "en"),
        ),
        Triple(ds, DCTERMS.title, lit("twjp：臺灣與日本地方政府交流合作協定", "zh-hant")),
        Triple(ds, DCTERMS.title, lit("twjp：台湾と日本の地方自治体の提携協定", "ja")),
        Triple(
            ds,
            DCTERMS.description,
            lit(
                "The agreements (sister cities, friendship agreements, memoranda…) between Taiwanese and Japanese "
                "local "
                "governments, read from the list published by a Taiwanese association, with every party resolved to an "
                "official local government (official code, Wikidata item where verified).",
                "en",
            ),
        ),
        Triple(ds, DCTERMS.license, CC_BY),
        Triple(
            ds,
            DCTERMS.rights,
            lit(
                "Data: CC BY 4.0. Attribute twjp and the source list: 臺灣與日本地方政府交流合作一覽, published by a "
                "Taiwanese association from the CLAIR list of sister-city partners and local governments' sites.",
                "en",
            ),
        ),
        Triple(ds, DCTERMS.source, source_iri),
        Triple(ds, DCTERMS.publisher, lit("twjp project")),
        Triple(ds, DCTERMS.creator, lit("twjp project")),
        Triple(ds, DCTERMS.issued, date),
        Triple(ds, DCTERMS.modified, date),
        Triple(ds, DCAT.version, lit(__version__)),
        Triple(ds, OWL.versionInfo, lit(__version__)),
        Triple(ds, DCTERMS.language, NamedNode("http://id.loc.gov/vocabulary/iso639-1/zh")),
        Triple(ds, DCTERMS.language, NamedNode("http://id.loc.gov/vocabulary/iso639-1/ja")),
        Triple(ds, DCTERMS.language, NamedNode("http://id.loc.gov/vocabulary/iso639-1/en")),
        Triple(ds, VOID.uriSpace, lit(base)),
        Triple(ds, VOID.vocabulary, NamedNode(TWJP.iri)),
        Triple(ds, VOID.triples, integer(stats["triples"])),
        Triple(ds, VOID.entities, integer(stats["entities"])),
        Triple(ds, VOID.properties, integer(stats["properties"])),
        Triple(ds, VOID.classes, integer(len(stats["classes"]))),
        Triple(ds, PROV.wasDerivedFrom, source_iri),
        Triple(ds, PROV.wasGeneratedBy, activity),
        Triple(activity, RDF.type, PROV.Activity),
        Triple(activity, RDFS.label, lit(f"twjp build {__version__}", "en")),
        Triple(activity, PROV.used, source_iri),
        Triple(activity, PROV.wasAssociatedWith, software),
        Triple(software, RDF.type, PROV.SoftwareAgent),
        Triple(software, RDFS.label, lit(f"twjp {__version__}", "en")),
        Triple(software, OWL.versionInfo, lit(__version__)),
        Triple(linkset, RDF.type, VOID.Linkset),
        Triple(linkset, VOID.subjectsTarget, ds),
        Triple(linkset, VOID.objectsTarget, wikidata_ds),
        Triple(linkset, VOID.linkPredicate, OWL.sameAs),
        Triple(linkset, VOID.triples, integer(stats["sameas"])),
        Triple(ds, VOID.subset, linkset),
        Triple(wikidata_ds, RDF.type, VOID.Dataset),
        Triple(wikidata_ds, FOAF.homepage, WIKIDATA),
        Triple(wikidata_ds, DCTERMS.title, lit("Wikidata", "en")),
    ]
    for cls, n in sorted(stats["classes"].items(), key=lambda kv: kv[0].value):
        part = NamedNode(f"{base}dataset/class/{cls.value.rsplit('/', 1)[-1].rsplit('#', 1)[-1]}")
        t += [
            Triple(ds, VOID.classPartition, part),
            Triple(part, VOID["class"], cls),
            Triple(part, VOID.entities, integer(n)),
        ]
    for name in sorted(files):
        suffix = "." + name.rsplit(".", 1)[-1]
        dist = NamedNode(f"{base}dataset/distribution/{name}")
        media = MEDIA_TYPES.get(suffix, "application/octet-stream")
        t += [
            Triple(ds, DCAT.distribution, dist),
            Triple(dist, RDF.type, DCAT.Distribution),
            Triple(dist, DCTERMS.title, lit(name)),
            Triple(dist, DCAT.downloadURL, NamedNode(f"{base}release/{__version__}/{name}")),
            Triple(dist, DCAT.mediaType, NamedNode(f"https://www.iana.org/assignments/media-types/{media}")),
            Triple(dist, DCAT.byteSize, integer(len(files[name]))),
            Triple(dist, DCTERMS.license, CC_BY),
        ]
        if name in data_files:
            t.append(Triple(ds, VOID.dataDump, NamedNode(f"{base}release/{__version__}/{name}")))
    return sorted(set(t), key=str)


def query_example_triples(queries: list, iris: Iris, wikidata_sparql: str) -> list[Triple]:
    """The sample queries as SHACL SPARQL executables (as UniProt and other SIB endpoints publish theirs):
    the question in English and Chinese, the query text, and where it runs (schema:target)."""
    kinds = {
        "SELECT": (SH.SPARQLSelectExecutable, SH.select),
        "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
        "ASK": (SH.SPARQLAskExecutable, SH.ask),
    }
    t: list[Triple] = []
    for q in queries:
        s = NamedNode(f"{iris.base}query/{q.name}")
        cls, text_property = kinds[q.form]
        target = NamedNode(wikidata_sparql) if q.endpoint == "wikidata" else iris.dataset()
        t += [
            Triple(s, RDF.type, SH.SPARQLExecutable),
            Triple(s, RDF.type, cls),
            Triple(s, RDFS.label, lit(q.name)),
            Triple(s, RDFS.comment, lit(q.question, "en")),
            Triple(s, RDFS.comment, lit(q.question_zh, "zh-hant")),
            Triple(s, text_property, lit(q.text)),
            Triple(s, SCHEMA.target, target),
            Triple(s, DCTERMS.license, CC_BY),
        ]
        if q.is_federated:
            t.append(Triple(s, DCTERMS.requires, NamedNode(wikidata_sparql)))
    return t
