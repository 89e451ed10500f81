"""Build the dataset as RDF: pure functions, one per kind of entity, each returning its triples.

Terms and IRIs come from convert.rdf.terms. No blank nodes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import opencc
import pyoxigraph as ox
from pyoxigraph import Literal, NamedNode, Triple

from convert.rdf.terms import (
    DCAT,
    DCTERMS,
    DEFAULT_BASE,
    EN,
    FOAF,
    GEO,
    JA,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEMAPV,
    SF,
    SKOS,
    SSSOM,
    TWJP,
    WD,
    WDT,
    WGS,
    XSD,
    ZH,
    Iris,
    decimal,
    edition_id,
    lit,
)
from convert.read import (
    JAPAN,
    TAIWAN,
    Agreement,
    AgreementType,
    Concept,
    Difference,
    Edition,
    Gazetteer,
    Locality,
    Party,
    Vocabulary,
)
from convert.read.gazetteer import KINDS as LOCALITY_KINDS
from convert.read.readings import Predecessor, Succession
from convert.read.registry import Withdrawn

KIND_CLASS = {
    "special-municipality": "SpecialMunicipality",
    "county": "County",
    "provincial-city": "ProvincialCity",
    "county-administered-city": "CountyAdministeredCity",
    "urban-township": "UrbanTownship",
    "rural-township": "RuralTownship",
    "mountain-indigenous-township": "MountainIndigenousTownship",
    "district": "District",
    "mountain-indigenous-district": "MountainIndigenousDistrict",
    "prefecture": "Prefecture",
    "city": "City",
    "town": "Town",
    "village": "Village",
}
COUNTRY_CLASS = {TAIWAN: "TaiwaneseLocalGovernment", JAPAN: "JapaneseLocalGovernment"}
# the ontology's subclass axioms between kinds (ontology/twjp.ttl): every superclass is written, alike for every kind
KIND_SUPERCLASS = {"MountainIndigenousTownship": "RuralTownship", "MountainIndigenousDistrict": "District"}
# the classes of other vocabularies the ontology's classes specialise, written beside them
EXTERNAL_CLASSES = {
    "LocalGovernment": (ORG.Organization, SCHEMA.AdministrativeArea),
    "LocalGovernmentGroup": (ORG.OrganizationalCollaboration, ORG.Organization),
}


KINDS_WITH_PARENT = {kind: bool(parents) for kind, (_, parents) in LOCALITY_KINDS.items()}


def locality_classes(kind: str, country: str) -> list[str]:
    """A local government's twjp classes, from its kind up: District for a mountain indigenous district too."""
    out = [KIND_CLASS[kind]]
    while out[-1] in KIND_SUPERCLASS:
        out.append(KIND_SUPERCLASS[out[-1]])
    return [*out, COUNTRY_CLASS[country], "LocalGovernment", "Party"]


CODE_PROPERTY = {TAIWAN: "moiCode", JAPAN: "japaneseLocalGovernmentCode"}


class Labeller:
    """Labels of a locality in zh-Hant, ja and en.

    A Taiwanese locality: its official name (zh-Hant), that name in Japanese character forms (OpenCC t2jp, ja).
    A Japanese locality: its official name (ja) and, in zh-Hant, the form the published list writes it in
    (`Edition.written`); one the list never writes has no zh-Hant label: no form is guessed by conversion."""

    def __init__(self, written: dict[str, str]) -> None:
        self._t2jp = opencc.OpenCC("t2jp")
        self._written = written
        self._cache: dict[str, list[tuple[str, str]]] = {}

    def t2jp(self, text: str) -> str:
        return self._t2jp.convert(text)

    def labels(self, loc: Locality) -> list[tuple[str, str]]:
        # agreements ask for their parties' labels again and again: convert each name once
        if loc.id not in self._cache:
            self._cache[loc.id] = self._convert(loc)
        return self._cache[loc.id]

    def _convert(self, loc: Locality) -> list[tuple[str, str]]:
        if loc.country == TAIWAN:
            out = [(loc.name, ZH), (self._t2jp.convert(loc.name), JA)]
        else:
            out = [(loc.name, JA)]
            if loc.id in self._written:
                out.insert(0, (self._written[loc.id], ZH))
        if loc.english:
            out.append((loc.english, EN))
        return out


def locality_triples(loc: Locality, gaz: Gazetteer, iris: Iris, labeller: Labeller, vocab: Vocabulary) -> list[Triple]:
    s = iris.locality(loc.id)
    t: list[Triple] = []
    if loc.is_group:
        t.append(Triple(s, RDF.type, TWJP.LocalGovernmentGroup))
        t.append(Triple(s, RDF.type, TWJP.Party))
        t += [Triple(s, RDF.type, c) for c in EXTERNAL_CLASSES["LocalGovernmentGroup"]]
        for m in loc.member_ids:
            t.append(Triple(s, TWJP.member, iris.locality(m)))
            t.append(Triple(s, ORG.hasMember, iris.locality(m)))
            t.append(Triple(iris.locality(m), ORG.memberOf, s))
    else:
        t += [Triple(s, RDF.type, TWJP[cls]) for cls in locality_classes(loc.kind, loc.country)]
        t += [Triple(s, RDF.type, c) for c in EXTERNAL_CLASSES["LocalGovernment"]]
        t.append(Triple(s, TWJP.officialCode, lit(loc.code)))
        t.append(Triple(s, TWJP[CODE_PROPERTY[loc.country]], lit(loc.code)))
    t.append(Triple(s, TWJP.country, iris.place(loc.country)))
    t += [Triple(s, RDFS.label, lit(text, lang)) for text, lang in labeller.labels(loc)]
    full = gaz.full_name(loc)
    if full != loc.name:
        t.append(Triple(s, SKOS.altLabel, lit(full, JA)))
    parent = gaz.parent(loc)
    if parent is not None:
        t.append(Triple(s, TWJP.directlyPartOf, iris.locality(parent.id)))
    while parent is not None:
        t.append(Triple(s, TWJP.partOf, iris.locality(parent.id)))
        parent = gaz.parent(parent)
    if loc.region:
        t.append(Triple(s, TWJP.region, iris.concept("region", vocab.region_by_name(loc.region).id)))
    if loc.qid:
        t += wikidata_link_triples(loc, iris)
    if loc.lat:
        t.append(Triple(s, WGS.lat, decimal(loc.lat)))
        t.append(Triple(s, WGS.long, decimal(loc.lon)))
        point = iris.location(loc.id)
        t += [
            Triple(s, TWJP.location, point),
            Triple(point, RDF.type, GEO.Geometry),
            Triple(point, RDF.type, SF.Point),
            Triple(point, GEO.asWKT, Literal(f"POINT({loc.lon} {loc.lat})", datatype=GEO.wktLiteral)),
            Triple(point, RDFS.comment, lit(what_the_point_is(loc), EN)),
        ]
    t.append(Triple(s, DCTERMS.source, lit(loc.citation, EN)))
    return t


# how a Wikidata item was matched -> the link's predicate, the fields compared (ours, Wikidata's), in words
CODE_FIELD = {TAIWAN: (TWJP.moiCode, WDT.P5020), JAPAN: (TWJP.japaneseLocalGovernmentCode, WDT.P429)}
LINK_BY_MATCH = {
    # the item's official-code property (P429 Japanese local government code, P5020 Taiwanese MOI code) holds the
    # locality's code: the same body, an identity claim
    "code": OWL.sameAs,
    # the item was found by name: schema:sameAs ("a reference page that indicates the item's identity"), which
    # entails nothing under RDFS or OWL (schema.org gives it no rdfs:domain or range), unlike skos:closeMatch,
    # whose SKOS domain and range would make both ends skos:Concept
    "name": SCHEMA.sameAs,
}


def wikidata_link_triples(loc: Locality, iris: Iris) -> list[Triple]:
    """The link to the locality's Wikidata item and the record of how it was made: an SSSOM mapping (reified as an
    owl:Axiom, as SSSOM's RDF form does) with its justification (semapv:LexicalMatching of the fields compared:
    official codes, or names), beside the link's confidence (how many independent sources tie the item)."""
    s = iris.locality(loc.id)
    link = LINK_BY_MATCH[loc.qid_match]
    item = WD[loc.qid]
    m = iris.wikidata_mapping(loc.id)
    if loc.qid_match == "code":
        ours, theirs = CODE_FIELD[loc.country]
        how = f"Matched by official code: the item's {theirs.value.rsplit('/', 1)[-1]} holds the code {loc.code}."
    else:
        ours, theirs = RDFS.label, RDFS.label
        how = "Matched by name in a Wikidata-derived list of place names, not by an official code."
    sources = {
        "two-sources": " Two independent public sources tie the item to the body.",
        "one-wikidata-derived": " One Wikidata-derived source ties the item to the body; nothing contradicts it.",
    }[loc.qid_confidence]
    return [
        Triple(s, link, item),
        Triple(s, TWJP.wikidataLinkConfidence, lit(loc.qid_confidence)),
        Triple(s, TWJP.wikidataMapping, m),
        Triple(m, RDF.type, OWL.Axiom),
        Triple(m, OWL.annotatedSource, s),
        Triple(m, OWL.annotatedProperty, link),
        Triple(m, OWL.annotatedTarget, item),
        Triple(m, SSSOM.mapping_justification, SEMAPV.LexicalMatching),
        Triple(m, SSSOM.subject_match_field, ours),
        Triple(m, SSSOM.object_match_field, theirs),
        Triple(m, TWJP.wikidataLinkConfidence, lit(loc.qid_confidence)),
        Triple(m, RDFS.comment, lit(how + sources, EN)),
    ]


def what_the_point_is(loc: Locality) -> str:
    if loc.country == JAPAN:
        seat = (
            "the prefectural office"
            if loc.kind == "prefecture"
            else "the municipal office (city, town or village hall)"
        )
        return f"The location of {seat} of {loc.english}, from the official code list (WGS84)."
    return f"A representative point of {loc.english} (the label point of Who's On First), not its seat (WGS84)."


def party_label(ids: Iterable[str], gaz: Gazetteer, lang: str, labeller: Labeller) -> str:
    out = []
    for i in ids:
        labels = dict((lg, text) for text, lg in labeller.labels(gaz[i]))
        out.append(labels.get(lang) or labels[JA])
    return "・".join(out)


def agreement_triples(
    a: Agreement, edition_key: str, gaz: Gazetteer, iris: Iris, labeller: Labeller, vocab: Vocabulary
) -> list[Triple]:
    s = iris.agreement(a)
    kind = vocab.types[a.row.type]
    date = a.row.date.isoformat()
    tw_zh = party_label(a.taiwan.locality_ids, gaz, ZH, labeller)
    jp_zh = party_label(a.japan.locality_ids, gaz, ZH, labeller)
    tw_en = party_label(a.taiwan.locality_ids, gaz, EN, labeller)
    jp_en = party_label(a.japan.locality_ids, gaz, EN, labeller)
    tw_ja = party_label(a.taiwan.locality_ids, gaz, JA, labeller)
    jp_ja = party_label(a.japan.locality_ids, gaz, JA, labeller)
    t = [
        Triple(s, RDF.type, TWJP.Agreement),
        Triple(s, RDF.type, PROV.Entity),
        Triple(s, RDFS.label, lit(f"{tw_zh}－{jp_zh} {a.row.type}（{date}）", ZH)),
        Triple(s, RDFS.label, lit(f"{tw_ja}－{jp_ja} {kind.ja}（{date}）", JA)),
        Triple(s, RDFS.label, lit(f"{tw_en} – {jp_en}: {kind.en} ({date})", EN)),
        Triple(s, TWJP.signingDate, Literal(date, datatype=XSD.date)),
        Triple(s, TWJP.agreementType, iris.agreement_type(kind.id)),
        Triple(s, TWJP.sourceRow, iris.source_row(edition_key, a.row.number)),
        Triple(s, DCTERMS.source, iris.source(edition_key)),
    ]
    for prop, ids in (("taiwaneseParty", a.taiwan.locality_ids), ("japaneseParty", a.japan.locality_ids)):
        for i in ids:
            t.append(Triple(s, TWJP[prop], iris.locality(i)))
            t.append(Triple(s, TWJP.party, iris.locality(i)))
    # the shortcut the ontology defines by a property chain (taiwaneseParty⁻ ∘ japaneseParty), both directions
    for tw in a.taiwan.locality_ids:
        for jp in a.japan.locality_ids:
            t.append(Triple(iris.locality(tw), TWJP.hasAgreementWith, iris.locality(jp)))
            t.append(Triple(iris.locality(jp), TWJP.hasAgreementWith, iris.locality(tw)))
    return t


def source_row_triples(a: Agreement, edition_key: str, iris: Iris, readings: list[Difference]) -> list[Triple]:
    """The row with every cell as written, and a resource for each cell read other than literally."""
    s = iris.source_row(edition_key, a.row.number)
    t = [
        Triple(s, RDF.type, TWJP.SourceRow),
        Triple(s, RDF.type, PROV.Entity),
        Triple(s, TWJP.rowNumber, Literal(str(a.row.number), datatype=XSD.integer)),
        # named in words (the list's title is a name: it stays as published)
        Triple(s, RDFS.label, lit(f"臺灣與日本地方政府交流合作一覽 第 {a.row.number} 列", ZH)),
        Triple(s, RDFS.label, lit(f"臺灣與日本地方政府交流合作一覽 第 {a.row.number} 行", JA)),
        Triple(s, RDFS.label, lit(f"Row {a.row.number} of 臺灣與日本地方政府交流合作一覽", EN)),
        Triple(s, TWJP.publishedTaiwaneseParty, lit(a.row.taiwan, ZH)),
        Triple(s, TWJP.publishedJapaneseParty, lit(a.row.japan, ZH)),
        Triple(s, TWJP.publishedType, lit(a.row.type, ZH)),
        Triple(s, TWJP.publishedDate, lit(a.row.written_date, ZH)),
        Triple(s, DCTERMS.isPartOf, iris.source(edition_key)),
    ]
    for d in readings:
        r = iris.reading(edition_key, a.row.number, d.country)
        t += [
            Triple(s, TWJP.reading, r),
            Triple(r, RDF.type, TWJP.Reading),
            Triple(r, RDFS.label, lit(f"{d.published} → {d.reading}", ZH)),
            Triple(r, TWJP.cellAsWritten, lit(d.published, ZH)),
            Triple(r, TWJP.readingKind, iris.concept("reading-kind", d.kind)),
            Triple(r, TWJP.certainty, iris.concept("certainty", d.certainty)),
            *(Triple(r, TWJP.readAs, iris.locality(i)) for i in d.localities.split()),
            *(Triple(r, RDFS.comment, lit(text, lang)) for lang, text in d.reasons() if text),
        ]
    return t


def source_triples(edition: Edition, edition_key: str, iris: Iris) -> list[Triple]:
    s = iris.source(edition_key)
    t = [
        Triple(s, RDF.type, PROV.Entity),
        Triple(s, RDF.type, FOAF.Document),
        Triple(s, DCTERMS.title, lit("臺灣與日本地方政府交流合作一覽", ZH)),
        Triple(s, DCTERMS.title, lit("List of agreements between Taiwanese and Japanese local governments", EN)),
        Triple(s, DCTERMS.identifier, lit(edition.source.name)),
        Triple(s, DCTERMS.format, lit("text/plain")),
    ]
    for note in edition.published.notes:
        t.append(Triple(s, DCTERMS.description, lit(f"【{note.label}】{note.text}", ZH)))
    c = edition.citation
    if c is not None:  # as the list's own note states them (source/citation.tsv)
        t.append(Triple(s, DCTERMS.publisher, lit(c.publisher, ZH)))
        t.append(Triple(s, DCTERMS.source, lit(c.compiled_from, ZH)))
        if c.url:
            t.append(Triple(s, FOAF.page, NamedNode(c.url)))
            t.append(Triple(s, DCTERMS.date, Literal(c.retrieved, datatype=XSD.date)))
    return t


def concept_triples(c: Concept, iris: Iris) -> list[Triple]:
    s = iris.concept(c.scheme, c.id)
    scheme = iris.scheme(c.scheme)
    t = [
        Triple(s, RDF.type, SKOS.Concept),
        Triple(s, SKOS.inScheme, scheme),
        Triple(s, SKOS.topConceptOf, scheme),
        Triple(scheme, SKOS.hasTopConcept, s),
        Triple(s, SKOS.prefLabel, lit(c.zh, ZH)),
        Triple(s, SKOS.prefLabel, lit(c.en, EN)),
        Triple(s, SKOS.prefLabel, lit(c.ja, JA)),
        Triple(s, SKOS.notation, notation(c.id)),
        Triple(s, SKOS.definition, lit(c.definition, EN)),
        Triple(s, SKOS.definition, lit(c.definition_zh, ZH)),
        Triple(s, SKOS.definition, lit(c.definition_ja, JA)),
    ]
    return t


def notation(concept_id: str) -> Literal:
    """A concept's notation, typed with the notation system it belongs to (twjp:ConceptId), as SKOS advises."""
    return Literal(concept_id, datatype=TWJP.ConceptId)


def agreement_type_triples(k: AgreementType, iris: Iris, vocab: Vocabulary) -> list[Triple]:
    s = iris.agreement_type(k.id)
    category = iris.concept("category", k.category)
    scheme = iris.scheme("agreement-type")
    c = vocab.concepts[("category", k.category)]
    t = [
        Triple(s, RDF.type, SKOS.Concept),
        Triple(s, SKOS.inScheme, scheme),
        Triple(s, SKOS.topConceptOf, scheme),
        Triple(scheme, SKOS.hasTopConcept, s),
        Triple(s, SKOS.prefLabel, lit(k.published, ZH)),
        Triple(s, SKOS.prefLabel, lit(k.en, EN)),
        Triple(s, SKOS.prefLabel, lit(k.ja, JA)),
        Triple(s, SKOS.notation, notation(k.id)),
        # the list gives no definition of its types: each says what it is, the type as published, and its category
        Triple(
            s,
            SKOS.definition,
            lit(
                f"The type of agreement the list publishes as 「{k.published}」 ({k.en}); "
                f"its broad category is {c.en.lower()}.",
                EN,
            ),
        ),
        Triple(s, SKOS.definition, lit(f"清單所載的合作型態「{k.published}」，大類為{c.zh}。", ZH)),
        Triple(
            s, SKOS.definition, lit(f"リストが「{k.published}」と記載する協定の種類（{k.ja}）。大分類は{c.ja}。", JA)
        ),
        Triple(s, TWJP.category, category),
        Triple(s, SKOS.broadMatch, category),
        Triple(category, SKOS.narrowMatch, s),
    ]
    form = vocab.form(k.published)
    if form is not None:
        t.append(Triple(s, TWJP.instrumentForm, iris.concept("form", form.id)))
    t += [Triple(s, TWJP.theme, iris.concept("theme", th.id)) for th in vocab.themes(k.published)]
    return t


SCHEME_LABELS = {
    "agreement-type": ("合作型態", "Agreement types", "協定の種類"),
    "category": ("協定大類", "Categories of agreements", "協定の大分類"),
    "reading-kind": ("判讀種類", "Kinds of reading", "読み取りの種類"),
    "certainty": ("確定程度", "Certainty of a reading", "読み取りの確実さ"),
    "form": ("文書形式", "Instrument forms", "文書の形式"),
    "theme": ("主題", "Themes", "テーマ"),
    "region": ("臺灣區域", "Regions of Taiwan", "台湾の地域"),
    "change-kind": ("地方政府變更種類", "Kinds of change of a local government", "地方自治体の変更の種類"),
}


def scheme_triples(name: str, iris: Iris) -> list[Triple]:
    s = iris.scheme(name)
    zh, en, ja = SCHEME_LABELS[name]
    return [
        Triple(s, RDF.type, SKOS.ConceptScheme),
        Triple(s, SKOS.prefLabel, lit(zh, ZH)),
        Triple(s, SKOS.prefLabel, lit(en, EN)),
        Triple(s, SKOS.prefLabel, lit(ja, JA)),
    ]


@dataclass(frozen=True)
class Graph:
    """The dataset as its N-Triples lines sorted as bytes (UTF-8 byte order is code point order), without
    duplicates: the sorted `twjp.nt`, made once. The triples, in that order, are parsed back when asked for:
    a large edition is not kept as millions of Python objects."""

    ntriples: bytes
    count: int

    @cached_property
    def triples(self) -> list[Triple]:
        return [q.triple for q in self.quads()]

    def quads(self):
        """The triples in order, one at a time (as default-graph quads)."""
        return ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES)

    def store(self) -> ox.Store:
        """The triples loaded into a new pyoxigraph Store."""
        return ntriples_store(self.ntriples)


def ntriples_store(ntriples: bytes) -> ox.Store:
    """N-Triples loaded into a new pyoxigraph Store."""
    store = ox.Store()
    store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return store


class Lines:
    """N-Triples lines gathered from triples a batch at a time (pyoxigraph writes them; the triples go)."""

    BATCH = 50_000

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self.pending: list[Triple] = []

    def add(self, triples: Iterable[Triple]) -> None:
        self.pending += triples
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        written = ox.serialize(self.pending, format=ox.RdfFormat.N_TRIPLES).split(b"\n")
        written.pop()  # after the last newline
        if len(written) != len(self.pending):
            raise AssertionError(f"{len(self.pending)} triples written as {len(written)} N-Triples lines")
        self.lines += written
        self.pending = []

    def graph(self) -> Graph:
        """Sort and deduplicate by line: Python compares bytes, far cheaper than comparing terms or their str."""
        self.flush()
        lines, self.lines = self.lines, []
        lines.sort()
        unique = [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]
        del lines
        return Graph(b"\n".join(unique) + b"\n" if unique else b"", len(unique))


def canonical(triples: Iterable[Triple]) -> Graph:
    """The triples sorted and deduplicated by N-Triples line."""
    lines = Lines()
    lines.add(triples)
    return lines.graph()


def build_graph(edition: Edition, source_bytes: bytes, base: str = DEFAULT_BASE) -> list[Triple]:
    """Every triple of the dataset, sorted and without duplicates."""
    return dataset_graph(edition, source_bytes, base).triples


def dataset_graph(edition: Edition, source_bytes: bytes, base: str = DEFAULT_BASE) -> Graph:
    """Every triple of the dataset, sorted and without duplicates, with its sorted N-Triples."""
    iris = Iris(base)
    labeller = Labeller(edition.written)
    vocab = edition.vocabulary
    gaz = edition.gazetteer
    key = edition_id(source_bytes)
    triples = Lines()
    for name in SCHEME_LABELS:
        triples.add(scheme_triples(name, iris))
    for concept in vocab.concepts.values():
        triples.add(concept_triples(concept, iris))
    # the types of the listed agreements, and of the retired ones (their last description names it)
    used_types = {a.row.type for a in edition.agreements} | {
        r.entry.type for r in edition.retired if r.entry.type in vocab.types
    }
    for published in sorted(used_types):
        triples.add(agreement_type_triples(vocab.types[published], iris, vocab))
    for loc_id in sorted(edition.used_locality_ids()):
        triples.add(locality_triples(gaz[loc_id], gaz, iris, labeller, vocab))
    triples.add(source_triples(edition, key, iris))
    readings: dict[int, list[Difference]] = {}
    for d in edition.differences:
        readings.setdefault(d.row, []).append(d)
    predecessors: dict[str, list[Predecessor]] = {}
    for p in edition.predecessors:
        predecessors.setdefault(p.successor, []).append(p)
    used = edition.used_locality_ids()
    for succession in edition.successions:
        if succession.locality in used:
            triples.add(
                succession_triples(succession, predecessors.get(succession.locality, []), gaz, iris, labeller, vocab)
            )
    for country in sorted({gaz[i].country for i in used}):
        triples.add(place_triples(country, iris))
    for a in edition.agreements:
        triples.add(agreement_triples(a, key, gaz, iris, labeller, vocab))
        triples.add(source_row_triples(a, key, iris, readings.get(a.row.number, [])))
        for party in (a.taiwan, a.japan):
            succession = edition.succession_of(a, party)
            if succession is not None:
                triples.add(signatory_triples(a, party, succession, predecessors.get(succession.locality, []), iris))
    for r in edition.retired:
        triples.add(retired_triples(r, key, gaz, iris, labeller, vocab, edition.releases))
    triples.add(release_triples(edition.releases[-1], iris))
    return triples.graph()


def release_triples(release, iris: Iris) -> list[Triple]:
    """Which release the data is: its IRI, version and date (void.ttl describes it in full). A dump or a store
    loaded with it can say what it holds, as Wikidata's dumps do."""
    s = NamedNode(f"{iris.base}dataset/{release.version}")
    return [
        Triple(s, RDF.type, DCAT.Dataset),
        Triple(s, DCAT.version, lit(release.version)),
        Triple(s, DCTERMS.issued, Literal(release.issued, datatype=XSD.date)),
    ]


PLACES = {"TW": ("臺灣", "Taiwan", "台湾"), "JP": ("日本", "Japan", "日本")}
# a former body's kind in its labels (zh-hant, ja)
FORMER_KIND = {
    "county": ("縣", "県"),
    "provincial-city": ("省轄市", "省轄市"),
    "special-municipality": ("直轄市", "直轄市"),
    "town": ("町", "町"),
    "city": ("市", "市"),
    "village": ("村", "村"),
}


def place_triples(country: str, iris: Iris) -> list[Triple]:
    """A country the parties belong to (twjp:country): a dcterms:Location of the dataset, the same one the
    dataset's description gives as its spatial coverage."""
    s = iris.place(country)
    zh, en, ja = PLACES[country]
    return [
        Triple(s, RDF.type, DCTERMS.Location),
        Triple(s, SKOS.prefLabel, lit(zh, ZH)),
        Triple(s, SKOS.prefLabel, lit(en, EN)),
        Triple(s, SKOS.prefLabel, lit(ja, JA)),
        Triple(s, RDFS.label, lit(zh, ZH)),
        Triple(s, RDFS.label, lit(en, EN)),
        Triple(s, RDFS.label, lit(ja, JA)),
    ]


def signatory_triples(
    a: Agreement, party: Party, succession: Succession, predecessors: list[Predecessor], iris: Iris
) -> list[Triple]:
    """Who signed an agreement that a successor holds today: the change it was signed before, and the signatory
    itself where the facts name it — the one predecessor of the party when the party is the successor itself. Where
    the successor had several predecessors, or the party is one of its districts (the signatory was the township
    that became it), the data names the change and no signatory: which body signed is not recorded."""
    s = iris.agreement(a)
    t = [Triple(s, TWJP.signedBeforeChange, iris.formation(succession.locality))]
    if party.locality_ids == (succession.locality,) and len(predecessors) == 1:
        t.append(Triple(s, TWJP.signatory, iris.locality(predecessors[0].id)))
    return t


def change_date(text: str) -> Literal:
    """A date of a change: day precision (xsd:date), or the year alone (xsd:gYear) where the sources give only it."""
    return Literal(text, datatype=XSD.gYear if len(text) == 4 else XSD.date)


def succession_triples(
    s: Succession, predecessors: list[Predecessor], gaz: Gazetteer, iris: Iris, labeller: Labeller, vocab: Vocabulary
) -> list[Triple]:
    """A succession as W3C ORG models organisational change (as the e-Stat standard area code LOD does): the
    predecessor bodies with IRIs of their own (what they were, when they ended), the change event with its date,
    kind, original and resulting organisations, and the successor's start."""
    successor = gaz[s.locality]
    succ = iris.locality(successor.id)
    event = iris.formation(successor.id)
    names = dict((lang, text) for text, lang in labeller.labels(successor))
    kind = vocab.concepts[("change-kind", s.kind)]
    t = [
        Triple(event, RDF.type, ORG.ChangeEvent),
        Triple(event, RDF.type, PROV.Activity),
        Triple(event, RDFS.label, lit(f"{names.get(ZH, successor.name)}成立（{s.established}，{kind.zh}）", ZH)),
        Triple(event, RDFS.label, lit(f"{names.get(JA, successor.name)}の成立（{s.established}、{kind.ja}）", JA)),
        Triple(event, RDFS.label, lit(f"Formation of {successor.english} ({s.established}, {kind.en.lower()})", EN)),
        Triple(event, DCTERMS.date, change_date(s.established)),
        Triple(event, DCTERMS.type, iris.concept("change-kind", s.kind)),
        Triple(event, ORG.resultingOrganization, succ),
        Triple(event, RDFS.comment, lit(s.reason, EN)),
        Triple(event, RDFS.comment, lit(s.reason_zh, ZH)),
        Triple(event, RDFS.comment, lit(s.reason_ja, JA)),
        Triple(succ, ORG.resultedFrom, event),
        Triple(succ, TWJP.established, change_date(s.established)),
    ]
    for p in predecessors:
        node = iris.locality(p.id)
        # labelled with its kind and end, so that a former body is never taken for today's of the same name (the
        # provincial city 臺南市 before 2010 and the special municipality 臺南市 after it); the name alone as altLabel
        zh_kind, ja_kind = FORMER_KIND[p.kind]
        labels = [(f"{labeller.t2jp(p.name)}（{ja_kind}、{p.ended}まで）", JA), (p.name, "alt-" + JA)]
        if p.country == TAIWAN:
            labels += [(f"{p.name}（{zh_kind}，至 {p.ended}）", ZH), (p.name, "alt-" + ZH)]
        t += [
            *(Triple(node, RDF.type, TWJP[c]) for c in locality_classes(p.kind, p.country)),
            Triple(node, RDF.type, TWJP.FormerLocalGovernment),
            *(Triple(node, RDF.type, c) for c in EXTERNAL_CLASSES["LocalGovernment"]),
            *(
                Triple(
                    node, SKOS.altLabel if lang.startswith("alt-") else RDFS.label, lit(text, lang.removeprefix("alt-"))
                )
                for text, lang in labels
            ),
            Triple(node, RDFS.label, lit(p.english, EN)),
            Triple(node, TWJP.country, iris.place(p.country)),
            Triple(node, TWJP.abolished, change_date(p.ended)),
            Triple(node, ORG.changedBy, event),
            Triple(node, DCTERMS.isReplacedBy, succ),
            Triple(event, ORG.originalOrganization, node),
            Triple(node, DCTERMS.source, lit(p.citation, EN)),
        ]
        if successor.region:
            t.append(Triple(node, TWJP.region, iris.concept("region", vocab.region_by_name(successor.region).id)))
        parent = gaz.parent(successor)  # a municipality merged within its prefecture: the successor's prefecture
        if parent is not None and KINDS_WITH_PARENT.get(p.kind):
            t.append(Triple(node, TWJP.directlyPartOf, iris.locality(parent.id)))
            t.append(Triple(node, TWJP.partOf, iris.locality(parent.id)))
    return t


def retired_triples(
    w: Withdrawn, edition_key: str, gaz: Gazetteer, iris: Iris, labeller: Labeller, vocab: Vocabulary, releases: list
) -> list[Triple]:
    """An agreement IRI the list no longer names: it stays, marked withdrawn (owl:deprecated), says since which
    release and why, what replaces it, and keeps its last description — parties, date, type and the row of the last
    edition that listed it — in the general terms the twjp properties specialise (schema:participant, dcterms:date,
    dcterms:type, prov:wasDerivedFrom), so that it is never taken for a listed twjp:Agreement (nor its parties for
    partners: no twjp:hasAgreementWith follows from it)."""
    s = iris.agreement_id(w.id)
    e = w.entry
    last = next((r.version for r in reversed(releases) if r.sha256[:16] == e.edition and not r.is_draft), "")
    parties = [i for i in (*e.taiwan_ids.split(), *e.japan_ids.split()) if i in gaz]
    kind = vocab.types.get(e.type)

    def names(ids: str, lang: str) -> str:
        return party_label([i for i in ids.split() if i in gaz], gaz, lang, labeller) or ids

    tw = {lang: names(e.taiwan_ids, lang) for lang in (ZH, JA, EN)}
    jp = {lang: names(e.japan_ids, lang) for lang in (ZH, JA, EN)}
    when = {
        ZH: f"最後列於第 {last} 版" if last else "已不在清單中",
        JA: f"最後の掲載はリリース {last}" if last else "リストに載っていない",
        EN: f"last listed in release {last}" if last else "no longer listed",
    }
    t = [
        Triple(s, RDF.type, TWJP.RetiredAgreement),
        Triple(s, RDF.type, PROV.Entity),
        Triple(s, OWL.deprecated, Literal("true", datatype=XSD.boolean)),
        Triple(s, RDFS.label, lit(f"{tw[ZH]}－{jp[ZH]} {e.type}（{e.date}），{when[ZH]}", ZH)),
        Triple(s, RDFS.label, lit(f"{tw[JA]}－{jp[JA]} {kind.ja if kind else e.type}（{e.date}）、{when[JA]}", JA)),
        Triple(s, RDFS.label, lit(f"{tw[EN]} – {jp[EN]}: {kind.en if kind else e.type} ({e.date}), {when[EN]}", EN)),
        Triple(s, SKOS.historyNote, lit(w.reason, EN)),
        Triple(s, TWJP.leftInRelease, lit(w.left)),
        Triple(s, DCTERMS.date, Literal(e.date, datatype=XSD.date)),
        *(Triple(s, SCHEMA.participant, iris.locality(i)) for i in parties),
    ]
    if last:
        t.append(Triple(s, TWJP.lastListedInRelease, lit(last)))
    if kind is not None:
        t.append(Triple(s, DCTERMS.type, iris.agreement_type(kind.id)))
    if w.replaced_by:
        t.append(Triple(s, DCTERMS.isReplacedBy, iris.agreement_id(w.replaced_by)))
    if e.edition != edition_key:  # the row of the edition that last listed it, with its cells as written there
        row = iris.source_row(e.edition, int(e.row))
        old = iris.source(e.edition)
        t += [
            Triple(s, PROV.wasDerivedFrom, row),
            Triple(row, RDF.type, TWJP.SourceRow),
            Triple(row, RDF.type, PROV.Entity),
            Triple(row, TWJP.rowNumber, Literal(e.row, datatype=XSD.integer)),
            Triple(row, TWJP.publishedTaiwaneseParty, lit(e.taiwan, ZH)),
            Triple(row, TWJP.publishedJapaneseParty, lit(e.japan, ZH)),
            Triple(row, TWJP.publishedType, lit(e.type, ZH)),
            Triple(row, TWJP.publishedDate, lit(e.written_date, ZH)),
            Triple(row, DCTERMS.isPartOf, old),
            Triple(old, RDF.type, PROV.Entity),
            Triple(old, RDF.type, FOAF.Document),
            Triple(old, RDFS.label, lit(f"An earlier edition of the list ({e.edition})", EN)),
        ]
        named = next((r.source for r in releases if r.sha256[:16] == e.edition), "")
        if named:
            t.append(Triple(old, DCTERMS.identifier, lit(named)))
    return t
