"""The dataset description: DCAT 3 with DCAT-AP 3's mandatory and recommended properties (catalogue, dataset,
distributions with checksums, publisher, contact point, coverage, data service), versioned as DCAT 3 says,
VoID (statistics, the two Wikidata linksets) and PROV-O (how the release was generated).

Versions: `dataset` is the dataset as a whole, across releases (dcat:hasVersion, dcat:hasCurrentVersion);
`dataset/VERSION` is one release of the data (dcat:version, dcat:previousVersion), and everything whose
values change from one release to the next (statistics, sizes, checksums, query texts, the build activity)
hangs under it, so that no IRI is reused with other values. Every figure is computed from the data and the
files."""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections import Counter
from dataclasses import dataclass

import pyoxigraph as ox
from pyoxigraph import Literal, NamedNode, Triple

from convert import __version__, paths
from convert.rdf.terms import (
    ADMS,
    DCAT,
    DCTERMS,
    EN,
    FOAF,
    GEO,
    JA,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEMAPV,
    SH,
    SKOS,
    SPDX,
    SSSOM,
    TWJP,
    VCARD,
    VOID,
    WGS,
    XSD,
    ZH,
    Iris,
    Namespace,
    lit,
)
from convert.read.releases import DataRelease, Publisher

WD_IRI = "http://www.wikidata.org/entity/"
IANA = "https://www.iana.org/assignments/media-types/"
CC_BY = NamedNode("https://creativecommons.org/licenses/by/4.0/")
WIKIDATA = NamedNode("http://www.wikidata.org/")
# the EU Publications Office's controlled vocabularies that DCAT-AP asks for (the entries used here, and where they
# come from, are in shapes/dcat-ap-3.0.1/eu-vocabularies.ttl)
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = f"{EU}file-type/"
DATASET_STATUS = Namespace(f"{EU}dataset-status/")
DATA_THEMES = NamedNode(f"{EU}data-theme")
DATA_THEME_GOVERNMENT = NamedNode(f"{EU}data-theme/GOVE")
LANGUAGES = tuple(NamedNode(f"{EU}language/{code}") for code in ("ZHO", "JPN", "ENG"))  # the list's, then English
PUBLIC = NamedNode(f"{EU}access-right/PUBLIC")
STABLE = NamedNode(f"{EU}planned-availability/STABLE")
DCATAP = Namespace("http://data.europa.eu/r5r/")
# ADMS: CC BY is a licence that requires attribution; the kinds of publisher
ATTRIBUTION = NamedNode("http://purl.org/adms/licencetype/Attribution")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
SPARQL_PROTOCOL = NamedNode("https://www.w3.org/TR/sparql11-protocol/")

# the data files of a release: its distributions (IRI slug, media type, EU file type, title). A distribution's
# IRI names the distribution, not the file: dataset/VERSION/distribution/SLUG, no file extension (its
# dcat:downloadURL is the file)
DISTRIBUTIONS = {
    "twjp.ttl": ("turtle", "text/turtle", "RDF_TURTLE", "The dataset in Turtle"),
    "twjp.nt": ("n-triples", "application/n-triples", "RDF_N_TRIPLES", "The dataset as sorted N-Triples"),
    "twjp.jsonld": ("json-ld", "application/ld+json", "JSON_LD", "The dataset in JSON-LD"),
    "agreements.csv": ("csv", "text/csv", "CSV", "One row per agreement, for programs (described by CSVW metadata)"),
    "agreements.xlsx": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
        "One row per agreement, for spreadsheets, in three languages",
    ),
    "agreements.geojson": (
        "geojson",
        "application/geo+json",
        "GEOJSON",
        "The localities as points and the partner links as lines, with their agreements, for maps",
    ),
}
TITLE = {
    EN: "twjp: partnership agreements between Taiwanese and Japanese local governments",
    ZH: "twjp：臺灣與日本地方政府交流合作協定",
    JA: "twjp：台湾と日本の地方自治体の提携協定",
}
DESCRIPTION = {
    EN: "The agreements (sister cities, friendship agreements, memoranda…) between Taiwanese and Japanese local "
    "governments, read from the list published by a Taiwanese association, with every party resolved to an "
    "official local government (official code, Wikidata item where verified).",
    ZH: "臺灣與日本地方政府之間的協定（姊妹市、友好交流協定、備忘錄等），依臺灣某協會公布的一覽表判讀，"
    "每一締約方皆對應至官方地方政府（官方代碼，並於經查證時連結 Wikidata 項目）。",
    JA: "台湾と日本の地方自治体の間の協定（姉妹都市、友好交流協定、覚書など）。台湾の団体が公表した一覧から読み取り、"
    "すべての締結者を公式の地方自治体（公式コード、確認できた場合は Wikidata 項目）に対応づけたもの。",
}
KEYWORDS = {
    EN: ("sister cities", "twinning", "local government", "Taiwan", "Japan"),
    ZH: ("姊妹市", "友好城市", "地方政府", "臺灣", "日本"),
    JA: ("姉妹都市", "友好都市", "地方自治体", "台湾", "日本"),
}


@dataclass(frozen=True)
class Coverage:
    first: str  # earliest signing date (ISO)
    last: str  # latest signing date (ISO)


POINTS = f"SELECT ?lat ?long WHERE {{ ?s <{WGS.lat.value}> ?lat ; <{WGS.long.value}> ?long }}"


def extent(store: ox.Store) -> tuple[str, str] | None:
    """The box around the localities' points and their centroid (the mean of the points), as WKT, or None if the
    data has no point: the spatial coverage DCAT-AP asks for, computed from the data (a country's own outline is
    not the dataset's to state)."""
    points = [(float(r["long"].value), float(r["lat"].value)) for r in store.query(POINTS)]
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    w, e, s, n = min(xs), max(xs), min(ys), max(ys)

    def num(v: float) -> str:
        return f"{v:.4f}"

    box = f"POLYGON(({num(w)} {num(s)}, {num(e)} {num(s)}, {num(e)} {num(n)}, {num(w)} {num(n)}, {num(w)} {num(s)}))"
    centroid = f"POINT({num(sum(xs) / len(xs))} {num(sum(ys) / len(ys))})"
    return box, centroid


def integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


STATISTICS = f"""
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?entities) (COUNT(DISTINCT ?p) AS ?properties)
       (SUM(IF(?p = <{OWL.sameAs.value}>, 1, 0)) AS ?sameas)
       (SUM(IF(?p = <{SCHEMA.sameAs.value}> && STRSTARTS(STR(?o), "{WD_IRI}"), 1, 0)) AS ?namematch)
WHERE {{ ?s ?p ?o }}"""
CLASSES = f"SELECT ?class (COUNT(*) AS ?n) WHERE {{ ?s <{RDF.type.value}> ?class }} GROUP BY ?class"


def statistics(store: ox.Store) -> dict:
    """VoID figures of the data in a Store (its default graph), counted by the store."""
    [row] = store.query(STATISTICS)
    figures = {name: int(row[name].value) for name in ("triples", "entities", "properties", "sameas", "namematch")}
    figures["classes"] = Counter({r["class"]: int(r["n"].value) for r in store.query(CLASSES)})
    return figures


def version_iri(iris: Iris, version: str) -> NamedNode:
    return NamedNode(f"{iris.base}dataset/{version}")


def description_triples(
    store: ox.Store,
    files: dict[str, bytes],
    iris: Iris,
    source_iri: NamedNode,
    releases: list[DataRelease],
    coverage: Coverage,
    examples: list[NamedNode],
    sparql_endpoint: str | None = None,
    publisher_data: Publisher | None = None,
) -> list[Triple]:
    """DCAT(-AP) + VoID + PROV of the release whose data is in `store`; `files` are the release files (sizes and
    checksums from them)."""
    base = iris.base
    release = releases[-1]
    published = [r for r in releases if not r.is_draft]
    stats = statistics(store)
    series = iris.dataset()
    ds = version_iri(iris, release.version)
    catalog = NamedNode(f"{base}catalog")
    publisher = NamedNode(f"{base}publisher")
    contact = NamedNode(f"{base}contact")
    activity = NamedNode(f"{ds.value}/build")
    software = NamedNode(f"{base}software/twjp-{__version__}")
    temporal = NamedNode(f"{ds.value}/temporal")
    spatial = NamedNode(f"{ds.value}/spatial")
    data_theme = DATA_THEMES
    wikidata_ds = NamedNode(f"{base}dataset/wikidata")
    download = f"{base}release/{release.version}/"
    issued = date(release.issued)
    t: list[Triple] = [
        # the catalogue
        Triple(catalog, RDF.type, DCAT.Catalog),
        *(Triple(catalog, DCTERMS.title, lit(text, lang)) for lang, text in TITLE.items()),
        *(Triple(catalog, DCTERMS.description, lit(text, lang)) for lang, text in DESCRIPTION.items()),
        Triple(catalog, DCTERMS.publisher, publisher),
        Triple(catalog, DCTERMS.license, CC_BY),
        Triple(catalog, DCTERMS.issued, issued),
        Triple(catalog, DCTERMS.modified, issued),
        Triple(catalog, FOAF.homepage, NamedNode(base)),
        Triple(catalog, DCAT.dataset, series),
        Triple(catalog, DCAT.themeTaxonomy, data_theme),
        *(Triple(catalog, DCTERMS.language, language) for language in LANGUAGES),
        Triple(catalog, DCTERMS.spatial, spatial),
        # the publisher and its contact point (publisher.tsv: what is known of it, nothing invented)
        Triple(publisher, RDF.type, FOAF.Agent),
        Triple(publisher, RDF.type, FOAF.Organization),
        Triple(publisher, FOAF.name, lit(publisher_data.name if publisher_data else "twjp project", EN)),
        Triple(publisher, FOAF.homepage, NamedNode(base)),
        *(
            [Triple(publisher, DCTERMS.type, PUBLISHER_TYPE[publisher_data.type])]
            if publisher_data and publisher_data.type
            else []
        ),
        *contact_triples(contact, publisher_data),
        # the dataset across releases
        Triple(series, RDF.type, DCAT.Dataset),
        # this release of the data
        Triple(ds, RDF.type, DCAT.Dataset),
        Triple(ds, RDF.type, VOID.Dataset),
        Triple(ds, DCAT.version, lit(release.version)),
        Triple(ds, ADMS.status, DATASET_STATUS[("DEVELOP" if release.is_draft else "COMPLETED")]),
        Triple(ds, DCTERMS.issued, issued),
        Triple(ds, DCTERMS.modified, issued),
        Triple(ds, SKOS.historyNote, lit(release.notes, EN)),
        # the edition of the list it was read from (prov:wasDerivedFrom; not dcterms:source, whose value DCAT-AP
        # expects to be a dcat:Dataset)
        Triple(ds, PROV.wasDerivedFrom, source_iri),
        Triple(ds, PROV.wasGeneratedBy, activity),
        Triple(ds, DCTERMS.conformsTo, NamedNode(TWJP.iri.rstrip("#"))),
        Triple(ds, DCTERMS.conformsTo, NamedNode(f"{base}shapes")),
        Triple(temporal, RDF.type, DCTERMS.PeriodOfTime),
        Triple(temporal, DCAT.startDate, date(coverage.first)),
        Triple(temporal, DCAT.endDate, date(coverage.last)),
        Triple(ds, VOID.uriSpace, lit(base)),
        Triple(ds, VOID.vocabulary, NamedNode(TWJP.iri)),
        *(Triple(ds, VOID.exampleResource, e) for e in examples),
        Triple(ds, VOID.triples, integer(stats["triples"])),
        Triple(ds, VOID.entities, integer(stats["entities"])),
        Triple(ds, VOID.properties, integer(stats["properties"])),
        Triple(ds, VOID.classes, integer(len(stats["classes"]))),
        # how it was made
        Triple(activity, RDF.type, PROV.Activity),
        Triple(activity, RDFS.label, lit(f"twjp build of release {release.version}", EN)),
        Triple(activity, PROV.used, source_iri),
        Triple(activity, PROV.wasAssociatedWith, software),
        Triple(software, RDF.type, PROV.SoftwareAgent),
        Triple(software, RDFS.label, lit(f"twjp {__version__}", EN)),
        Triple(software, OWL.versionInfo, lit(__version__)),
        Triple(wikidata_ds, RDF.type, VOID.Dataset),
        Triple(wikidata_ds, FOAF.homepage, WIKIDATA),
        Triple(wikidata_ds, DCTERMS.title, lit("Wikidata", EN)),
    ]
    for previous, current in itertools.pairwise(releases):
        t.append(Triple(version_iri(iris, current.version), DCAT.previousVersion, version_iri(iris, previous.version)))
        t.append(Triple(version_iri(iris, current.version), PROV.wasRevisionOf, version_iri(iris, previous.version)))
    # the published versions only: a draft is described on its own, never as a version of the dataset
    t += [Triple(series, DCAT.hasVersion, version_iri(iris, r.version)) for r in published]
    if published:
        t.append(Triple(series, DCAT.hasCurrentVersion, version_iri(iris, published[-1].version)))
    if release.is_draft:
        t += [
            Triple(catalog, DCAT.dataset, ds),
            Triple(ds, RDFS.comment, lit("A draft, not a published release of twjp.", EN)),
        ]
    # what stays from release to release: on the dataset as a whole and on this release alike
    for s in (series, ds):
        t += [Triple(s, DCTERMS.title, lit(text, lang)) for lang, text in TITLE.items()]
        t += [Triple(s, DCTERMS.description, lit(text, lang)) for lang, text in DESCRIPTION.items()]
        t += [Triple(s, DCAT.keyword, lit(w, lang)) for lang, words in KEYWORDS.items() for w in words]
        t += [
            Triple(s, DCTERMS.publisher, publisher),
            Triple(s, DCTERMS.creator, publisher),
            Triple(s, DCAT.contactPoint, contact),
            Triple(s, DCTERMS.license, CC_BY),
            Triple(s, DCAT.theme, DATA_THEME_GOVERNMENT),
            Triple(s, DCAT.landingPage, NamedNode(base)),
            Triple(s, DCTERMS.accessRights, PUBLIC),
            *(Triple(s, DCTERMS.language, language) for language in LANGUAGES),
        ]
    # the coverage and the files of this release; the dataset as a whole is, today, what its current version is
    # (a draft is not its current version)
    for s in (ds,) if release.is_draft else (series, ds):
        t += [Triple(s, DCTERMS.temporal, temporal), Triple(s, DCTERMS.spatial, spatial)]
    # the area: the box around the localities' points (computed), in the countries of the two sides
    box = extent(store)
    t += [
        Triple(spatial, RDF.type, DCTERMS.Location),
        Triple(spatial, RDFS.label, lit(f"The area of the localities of release {release.version}", EN)),
    ]
    if box:
        t += [
            Triple(spatial, DCAT.bbox, Literal(box[0], datatype=GEO.wktLiteral)),
            Triple(spatial, DCAT.centroid, Literal(box[1], datatype=GEO.wktLiteral)),
        ]
    # the access right of twjp 1.0's description (access/public), kept where it was published: the EU's list
    # replaces it as the datasets' access right, and it states the catalogue's rights in words
    access = NamedNode(f"{base}access/public")
    t += [
        Triple(catalog, DCTERMS.rights, access),
        Triple(access, RDF.type, DCTERMS.RightsStatement),
        Triple(access, RDFS.label, lit("Public: anyone may access and reuse the data under its licence", EN)),
        Triple(access, DCTERMS.isReplacedBy, PUBLIC),
    ]
    # what the values of the description are (DCAT-AP checks the class of each value; the EU vocabularies say
    # that they are SKOS concepts of their lists, the DCAT-AP ranges what else)
    t += [
        Triple(CC_BY, RDF.type, DCTERMS.LicenseDocument),
        Triple(CC_BY, DCTERMS.type, ATTRIBUTION),
        Triple(PUBLIC, RDF.type, DCTERMS.RightsStatement),
        Triple(NamedNode(base), RDF.type, FOAF.Document),
        Triple(NamedNode(TWJP.iri.rstrip("#")), RDF.type, DCTERMS.Standard),
        Triple(NamedNode(f"{base}shapes"), RDF.type, DCTERMS.Standard),
        Triple(SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm),
        *(Triple(language, RDF.type, DCTERMS.LinguisticSystem) for language in LANGUAGES),
    ]
    t += linkset_triples(
        iris, ds, wikidata_ds, OWL.sameAs, "wikidata-by-code", stats["sameas"], LINKSETS["wikidata-by-code"]
    )
    t += linkset_triples(
        iris, ds, wikidata_ds, SCHEMA.sameAs, "wikidata-by-name", stats["namematch"], LINKSETS["wikidata-by-name"]
    )
    for cls, n in sorted(stats["classes"].items(), key=lambda kv: kv[0].value):
        part = NamedNode(f"{ds.value}/class/{cls.value.rsplit('/', 1)[-1].rsplit('#', 1)[-1]}")
        t += [
            Triple(ds, VOID.classPartition, part),
            Triple(part, VOID["class"], cls),
            Triple(part, VOID.entities, integer(n)),
        ]
    for name, (slug, media, file_type, title) in DISTRIBUTIONS.items():
        if name not in files:
            continue
        dist = NamedNode(f"{ds.value}/distribution/{slug}")
        checksum = NamedNode(f"{dist.value}/sha256")
        t += [
            Triple(ds, DCAT.distribution, dist),
            Triple(dist, RDF.type, DCAT.Distribution),
            Triple(dist, DCTERMS.title, lit(title, EN)),
            Triple(dist, DCTERMS.description, lit(f"{title}: {name} of release {release.version}", EN)),
            Triple(dist, DCAT.accessURL, NamedNode(download)),
            Triple(dist, DCAT.downloadURL, NamedNode(download + name)),
            Triple(dist, DCAT.mediaType, NamedNode(IANA + media)),
            Triple(dist, DCTERMS.format, NamedNode(FILE_TYPE + file_type)),
            Triple(NamedNode(FILE_TYPE + file_type), RDF.type, DCTERMS.MediaTypeOrExtent),
            Triple(NamedNode(IANA + media), RDF.type, DCTERMS.MediaType),
            Triple(dist, DCATAP.availability, STABLE),
            Triple(dist, DCAT.byteSize, integer(len(files[name]))),
            Triple(dist, DCTERMS.license, CC_BY),
            Triple(dist, DCTERMS.issued, issued),
            Triple(dist, SPDX.checksum, checksum),
            Triple(checksum, RDF.type, SPDX.Checksum),
            Triple(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
            Triple(
                checksum, SPDX.checksumValue, Literal(hashlib.sha256(files[name]).hexdigest(), datatype=XSD.hexBinary)
            ),
        ]
        if not release.is_draft:
            t.append(Triple(series, DCAT.distribution, dist))
        if name.startswith("twjp."):
            t.append(Triple(ds, VOID.dataDump, NamedNode(download + name)))
    if sparql_endpoint:
        service = NamedNode(f"{base}sparql-service")
        t += [
            Triple(catalog, DCAT.service, service),
            Triple(service, RDF.type, DCAT.DataService),
            Triple(service, DCTERMS.title, lit("twjp SPARQL endpoint", EN)),
            Triple(service, DCAT.endpointURL, NamedNode(sparql_endpoint)),
            # twjp serve answers a GET without a query with its SPARQL Service Description
            Triple(service, DCAT.endpointDescription, NamedNode(sparql_endpoint)),
            Triple(service, DCTERMS.publisher, publisher),
            Triple(service, DCAT.contactPoint, contact),
            Triple(service, DCAT.theme, DATA_THEME_GOVERNMENT),
            *(Triple(service, DCAT.keyword, lit(w, lang)) for lang, words in KEYWORDS.items() for w in words),
            Triple(service, DCTERMS.conformsTo, SPARQL_PROTOCOL),
            Triple(SPARQL_PROTOCOL, RDF.type, DCTERMS.Standard),
            Triple(service, DCAT.servesDataset, ds),
            Triple(service, DCTERMS.license, CC_BY),
            Triple(ds, VOID.sparqlEndpoint, NamedNode(sparql_endpoint)),
        ]
    t += vocabulary_triples(t)
    return sorted(set(t), key=str)


# the vocabularies whose entries the description describes (with the EU's and ADMS's own labels and schemes), as
# DCAT-AP's shapes check them; the dataset statuses are outside them (adms:status of a dataset is not checked)
VOCABULARIES = (
    *(f"{EU}{name}/" for name in ("file-type", "language", "access-right", "planned-availability", "data-theme")),
    "http://purl.org/adms/licencetype/",
    "http://purl.org/adms/publishertype/",
)


@functools.cache
def eu_vocabularies() -> ox.Store:
    store = ox.Store()
    store.load(path=str(paths.EU_VOCABULARIES), format=ox.RdfFormat.TURTLE)
    return store


def vocabulary_triples(t: list[Triple]) -> list[Triple]:
    """Each value of the description from a controlled vocabulary with what the vocabulary says of it (a
    skos:Concept, its scheme, its English label), copied from shapes/dcat-ap-3.0.1/eu-vocabularies.ttl; a value
    that the excerpt does not hold is an error (nothing is written from memory). The data-theme list, the
    catalogue's theme taxonomy, is described too (a dcterms:title is what DCAT-AP asks of a concept scheme)."""
    used = sorted(
        {x.object for x in t if isinstance(x.object, NamedNode) and x.object.value.startswith(VOCABULARIES)},
        key=str,
    )
    store = eu_vocabularies()
    out: list[Triple] = []
    missing = []
    for iri in [*used, DATA_THEMES]:
        found = list(store.quads_for_pattern(iri, None, None))
        if not found:
            missing.append(iri.value)
        for q in found:
            if q.predicate in (SKOS.inScheme, SKOS.prefLabel) or (
                q.predicate == RDF.type and q.object in (SKOS.Concept, SKOS.ConceptScheme)
            ):
                out.append(Triple(q.subject, q.predicate, q.object))
            if iri == DATA_THEMES and q.predicate == SKOS.prefLabel:
                out.append(Triple(iri, DCTERMS.title, q.object))
    if missing:
        raise ValueError(
            f"{paths.EU_VOCABULARIES.name} does not hold {', '.join(missing)}: add it with "
            "`python -m convert.dev.vocabularies` (see there where the entries come from)"
        )
    return out


# the two Wikidata linksets: how their links were made (each link has its own SSSOM mapping record in the data)
LINKSETS = {
    "wikidata-by-code": (
        "Links to Wikidata matched by official code (the item's P429 or P5020 holds the locality's code): owl:sameAs."
    ),
    "wikidata-by-name": (
        "Links to Wikidata matched by name in Wikidata-derived lists of place names, not by an official code: the "
        "weaker schema:sameAs, which entails nothing."
    ),
}


def contact_triples(contact: NamedNode, publisher: Publisher | None) -> list[Triple]:
    """The contact point: an e-mail address and an issue tracker where publisher.tsv gives them; otherwise it says
    that none is published yet (never a link to nowhere)."""
    t = [
        Triple(contact, RDF.type, VCARD.Kind),
        Triple(contact, RDF.type, VCARD.Organization),
        Triple(contact, VCARD.fn, lit(publisher.name if publisher else "twjp project", EN)),
    ]
    if publisher is not None and publisher.email:
        t.append(Triple(contact, VCARD.hasEmail, NamedNode(f"mailto:{publisher.email}")))
    if publisher is not None and publisher.issues:
        t.append(Triple(contact, VCARD.hasURL, NamedNode(publisher.issues)))
    if publisher is None or not publisher.has_contact:
        t.append(Triple(contact, VCARD.note, lit(NO_CONTACT, EN)))
    return t


NO_CONTACT = "No contact point is published yet: the project has not verified an e-mail address or issue tracker."


def linkset_triples(
    iris: Iris, ds: NamedNode, target: NamedNode, predicate: NamedNode, name: str, count: int, how: str
) -> list[Triple]:
    linkset = NamedNode(f"{ds.value}/linkset/{name}")
    return [
        Triple(ds, VOID.subset, linkset),
        Triple(linkset, RDF.type, VOID.Linkset),
        Triple(linkset, VOID.subjectsTarget, ds),
        Triple(linkset, VOID.objectsTarget, target),
        Triple(linkset, VOID.linkPredicate, predicate),
        Triple(linkset, VOID.triples, integer(count)),
        Triple(linkset, DCTERMS.description, lit(how, EN)),
        Triple(linkset, SSSOM.mapping_justification, SEMAPV.LexicalMatching),
    ]


def query_example_triples(queries: list, iris: Iris, wikidata_sparql: str, version: str) -> list[Triple]:
    """The sample queries as SHACL SPARQL executables (as UniProt and other SIB endpoints publish theirs):
    the question in English and Chinese, the query text, and where it runs (schema:target). They belong to
    one release of the data (their texts change with it)."""
    kinds = {
        "SELECT": (SH.SPARQLSelectExecutable, SH.select),
        "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
        "ASK": (SH.SPARQLAskExecutable, SH.ask),
    }
    ds = version_iri(iris, version)
    t: list[Triple] = []
    for q in queries:
        s = NamedNode(f"{ds.value}/query/{q.name}")
        cls, text_property = kinds[q.form]
        target = NamedNode(wikidata_sparql) if q.endpoint == "wikidata" else ds
        t += [
            Triple(s, RDF.type, SH.SPARQLExecutable),
            Triple(s, RDF.type, cls),
            Triple(s, RDFS.label, lit(q.name)),
            Triple(s, RDFS.comment, lit(q.question, EN)),
            Triple(s, RDFS.comment, lit(q.question_zh, ZH)),
            *([Triple(s, RDFS.comment, lit(q.question_ja, JA))] if q.question_ja else []),
            Triple(s, text_property, lit(q.text)),
            Triple(s, SCHEMA.target, target),
            Triple(s, DCTERMS.license, CC_BY),
        ]
        if q.is_federated:
            t.append(Triple(s, DCTERMS.requires, NamedNode(wikidata_sparql)))
    return t
