"""Namespaces, prefixes and IRI minting, defined once: every stage that writes or reads the dataset's
terms imports them from here. IRIs are minted under a configurable base, from content (agreements:
parties and date) and official codes (localities), never from row numbers. Nothing happens at import
beyond building constants."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

if TYPE_CHECKING:
    from convert.read.resolve import Agreement

DEFAULT_BASE = "https://w3id.org/twjp/"


class Namespace:
    """Terms by name (`TWJP.Agreement`); each term is built once, then kept as an attribute."""

    def __init__(self, iri: str):
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        term = NamedNode(self.iri + name)
        setattr(self, name, term)  # the next lookup is an ordinary attribute: no call, no new object
        return term

    def __getitem__(self, name: str) -> NamedNode:
        return getattr(self, name)


TWJP = Namespace("https://w3id.org/twjp/ontology#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SF = Namespace("http://www.opengis.net/ont/sf#")
WD = Namespace("http://www.wikidata.org/entity/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
ORG = Namespace("http://www.w3.org/ns/org#")

# one form of language tags in every file: lower case, as pyoxigraph writes them (tags are case-insensitive)
ZH, JA, EN = "zh-hant", "ja", "en"


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Every prefix the release uses, bound in one place."""
    return {
        "twjp": TWJP.iri,
        "agreement": base + "agreement/",
        "locality": base + "locality/",
        "group": base + "group/",
        "type": base + "concept/agreement-type/",
        "category": base + "concept/category/",
        "form": base + "concept/form/",
        "theme": base + "concept/theme/",
        "region": base + "concept/region/",
        "reading": base + "concept/reading-kind/",
        "scheme": base + "concept/",
        "source": base + "source/",
        "rdf": RDF.iri,
        "rdfs": RDFS.iri,
        "owl": OWL.iri,
        "xsd": XSD.iri,
        "skos": SKOS.iri,
        "dcterms": DCTERMS.iri,
        "prov": PROV.iri,
        "wgs": WGS.iri,
        "geo": GEO.iri,
        "sf": SF.iri,
        "wd": WD.iri,
        "dcat": DCAT.iri,
        "void": VOID.iri,
        "foaf": FOAF.iri,
        "schema": SCHEMA.iri,
        "sh": SH.iri,
        "spdx": SPDX.iri,
        "vcard": VCARD.iri,
        "adms": ADMS.iri,
        "wdt": WDT.iri,
        "sssom": SSSOM.iri,
        "semapv": SEMAPV.iri,
        "org": ORG.iri,
    }


@dataclass(frozen=True)
class Iris:
    """Mints the dataset's IRIs under one base."""

    base: str = DEFAULT_BASE

    def locality(self, loc_id: str) -> NamedNode:
        """A party's IRI: a local government under locality/ (from its official code), a group under group/."""
        rest = loc_id.partition("-")[2]
        if rest.startswith("group-"):
            return NamedNode(f"{self.base}group/{rest.removeprefix('group-')}")
        return NamedNode(f"{self.base}locality/{loc_id}")

    def wikidata_mapping(self, loc_id: str) -> NamedNode:
        """The record of how a locality's Wikidata link was made (an SSSOM mapping, reified as an owl:Axiom)."""
        return NamedNode(f"{self.locality(loc_id).value}/wikidata-mapping")

    def formation(self, loc_id: str) -> NamedNode:
        """The change event that formed a local government from its predecessors (an org:ChangeEvent)."""
        return NamedNode(f"{self.locality(loc_id).value}/formation")

    def place(self, country: str) -> NamedNode:
        """The country a party belongs to: place/taiwan or place/japan."""
        return NamedNode(f"{self.base}place/{ {'TW': 'taiwan', 'JP': 'japan'}[country] }")

    def location(self, loc_id: str) -> NamedNode:
        """The point that stands for a locality on a map (a GeoSPARQL geometry)."""
        return NamedNode(f"{self.locality(loc_id).value}/location")

    def agreement(self, a: Agreement) -> NamedNode:
        """The agreement's IRI, from its registered id (never from its row number)."""
        if not a.id:
            raise ValueError(f"row {a.row.number} has no agreement id: load it with load_edition")
        return self.agreement_id(a.id)

    def agreement_id(self, agreement_id: str) -> NamedNode:
        """The IRI of a registered agreement id (listed by this edition or retired)."""
        return NamedNode(f"{self.base}agreement/{agreement_id}")

    def agreement_type(self, type_id: str) -> NamedNode:
        return self.concept("agreement-type", type_id)

    def concept(self, scheme: str, concept_id: str) -> NamedNode:
        """Every concept follows one pattern: concept/SCHEME/ID, its scheme being concept/SCHEME."""
        return NamedNode(f"{self.base}concept/{scheme}/{concept_id}")

    def scheme(self, name: str) -> NamedNode:
        return NamedNode(f"{self.base}concept/{name}")

    def source(self, edition_id: str) -> NamedNode:
        return NamedNode(f"{self.base}source/{edition_id}")

    def source_row(self, edition_id: str, number: int) -> NamedNode:
        """A row of one edition of the list: its number identifies it within that edition only."""
        return NamedNode(f"{self.base}source/{edition_id}-row-{number}")

    def reading(self, edition_id: str, number: int, country: str) -> NamedNode:
        """How one cell of a row is read: -tw for the Taiwanese cell, -jp for the Japanese one."""
        return NamedNode(f"{self.source_row(edition_id, number).value}-{country.lower()}")

    def dataset(self) -> NamedNode:
        return NamedNode(f"{self.base}dataset")


def edition_id(source_bytes: bytes) -> str:
    return hashlib.sha256(source_bytes).hexdigest()[:16]


def lit(text: str, lang: str | None = None) -> Literal:
    return Literal(text, language=lang) if lang else Literal(text)


def decimal(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)
