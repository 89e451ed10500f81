"""The site's view of the data: the release's triples (data, description, sample queries) indexed by subject and
by object, with every resource's name in the three languages."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from convert.rdf.terms import DCTERMS, EN, FOAF, JA, RDFS, SKOS, VCARD, ZH, prefixes
from convert.web.languages import LANGS
from convert.web.routes import route

LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name, VCARD.fn)


class Named(str):
    """A resource's name as a page shows it in one language, with the language it is written in (a fallback to
    another language keeps its own tag: a Japanese name on the English page is marked Japanese)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Named:
        out = super().__new__(cls, text)
        out.lang = lang
        return out


@dataclass
class Graph:
    """The triples of the site, indexed: by subject, by object, with labels in the three languages."""

    triples: list[ox.Triple]
    base: str
    by_subject: dict = field(default_factory=lambda: defaultdict(list))
    by_object: dict = field(default_factory=lambda: defaultdict(list))
    named: dict = field(default_factory=dict)  # label() of each IRI asked, kept (pages ask for the same ones)

    def __post_init__(self) -> None:
        for t in self.triples:
            self.by_subject[t.subject].append(t)
            if isinstance(t.object, ox.NamedNode):
                self.by_object[t.object].append(t)

    @cached_property
    def labels(self) -> dict[ox.NamedNode, dict[str, str]]:
        out: dict[ox.NamedNode, dict[str, str]] = defaultdict(dict)
        for t in self.triples:
            if t.predicate in LABEL_PREDICATES and isinstance(t.object, ox.Literal):
                lang = (t.object.language or "").lower()
                out[t.subject].setdefault(lang if lang in LANGS else "", t.object.value)
        return out

    def values(self, s: ox.NamedNode, p: ox.NamedNode) -> list:
        return [t.object for t in self.by_subject.get(s, []) if t.predicate == p]

    def value(self, s: ox.NamedNode, p: ox.NamedNode):
        found = self.values(s, p)
        return found[0] if found else None

    def text(self, s: ox.NamedNode, p: ox.NamedNode) -> str:
        v = self.value(s, p)
        return v.value if v is not None else ""

    def texts(self, s: ox.NamedNode, p: ox.NamedNode) -> dict[str, str]:
        """A property's literals by language (the three languages; '' for an untagged one)."""
        out: dict[str, str] = {}
        for v in self.values(s, p):
            if isinstance(v, ox.Literal):
                out.setdefault((v.language or "").lower(), v.value)
        return out

    def subjects(self, p: ox.NamedNode, o) -> list[ox.NamedNode]:
        return [t.subject for t in self.by_object.get(o, []) if t.predicate == p]

    def types(self, s: ox.NamedNode) -> set:
        return {t.object for t in self.by_subject.get(s, []) if t.predicate.value.endswith("#type")}

    def label(self, iri: ox.NamedNode) -> dict[str, str]:
        """The name of a resource in each language, falling back to another language, then to its id."""
        known = self.named.get(iri)
        if known is None:
            known = self.named[iri] = self.find_label(iri)
        return known

    def has_label(self, iri: ox.NamedNode) -> bool:
        return bool(self.labels.get(iri))

    def find_label(self, iri: ox.NamedNode) -> dict[str, str]:
        found = self.labels.get(iri, {})
        name = local_name(iri, self.base) or iri.value
        order = {ZH: (ZH, JA, EN), JA: (JA, ZH, EN), EN: (EN, JA, ZH)}  # a Japanese name before a translation
        out = {}
        for lang in LANGS:
            key = next((k for k in (*order[lang], "") if found.get(k)), None)
            out[lang] = Named(found[key], key) if key is not None else Named(name, "zxx")
        return out

    def minted(self) -> list[ox.NamedNode]:
        """Every IRI the dataset mints that has a route: subjects under the base (ontology terms apart)."""
        out = set()
        for s in self.by_subject:
            if isinstance(s, ox.NamedNode) and s.value.startswith(self.base):
                path = s.value[len(self.base) :]
                if "#" not in path and route(path) is not None:
                    out.add(s)
        return sorted(out, key=lambda n: n.value)


def local_name(iri: ox.NamedNode, base: str) -> str:
    return iri.value[len(base) :] if iri.value.startswith(base) else iri.value


@functools.cache
def shorten(iri: str) -> str:
    best = max(((p, ns) for p, ns in prefixes().items() if iri.startswith(ns)), key=lambda kv: len(kv[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri
