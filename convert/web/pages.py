"""The pages that are not one record's: the landing page (the dataset in words and numbers, the map, the timeline,
the search, the source and how to cite it, the files, the sample queries, the change feed), the lists of
agreements, local governments and concepts, the query page, the release's file list and the 404 page."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import pyoxigraph as ox
from markupsafe import Markup, escape

from convert.rdf.terms import DCAT, DCTERMS, EN, FOAF, JA, RDF, RDFS, SKOS, TWJP, ZH
from convert.sparql.catalogue import catalogue
from convert.sparql.run import with_values_block
from convert.web.languages import LANGS, plain, words
from convert.web.maps import categories, map_summary, timeline

if TYPE_CHECKING:
    from convert.web.site import Builder

EXECUTABLE = ox.NamedNode("http://www.w3.org/ns/shacl#SPARQLExecutable")


def questions(b: Builder, q: ox.NamedNode) -> dict[str, str]:
    comments = b.graph.texts(q, RDFS.comment)
    return {lang: comments.get(lang) or comments.get(EN, "") for lang in LANGS}


def sample_queries(b: Builder, page: str) -> list[dict]:
    g = b.graph
    out = []
    for q in sorted(g.subjects(RDF.type, EXECUTABLE), key=lambda n: n.value):
        name = g.text(q, RDFS.label)
        out.append(
            {
                "name": name,
                "page": b.href(q, page),
                "href": f"release/{b.version}/queries/{name}.rq",
                "question": questions(b, q),
            }
        )
    return out


def counts(b: Builder) -> dict:
    g = b.graph
    parties = set(g.subjects(RDF.type, TWJP.Party)) & {t.object for t in g.triples if t.predicate == TWJP.party}
    dates = sorted(g.text(a, TWJP.signingDate) for a in g.subjects(RDF.type, TWJP.Agreement))
    return {
        "agreements": len(dates),
        "tw": len([p for p in parties if TWJP.TaiwaneseLocalGovernment in g.types(p)]),
        "jp": len([p for p in parties if TWJP.JapaneseLocalGovernment in g.types(p)]),
        "groups": len([p for p in parties if TWJP.LocalGovernmentGroup in g.types(p)]),
        "readings": len(g.subjects(RDF.type, TWJP.Reading)),
        "first": dates[0],
        "last": dates[-1],
    }


def landing(b: Builder) -> bytes:
    g = b.graph
    series = ox.NamedNode(f"{b.base}dataset")
    version_iri = ox.NamedNode(f"{b.base}dataset/{b.version}")
    source = g.value(version_iri, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"))
    files = [
        {"name": name, "href": f"release/{b.version}/{name}", "size": len(content),
         "sha256": hashlib.sha256(content).hexdigest()}
        for name, content in sorted(b.release_files.items())
    ]  # fmt: skip
    cited = {
        "notes": [t.object.value for t in g.by_subject.get(source, []) if t.predicate == DCTERMS.description],
        "publisher": g.text(source, DCTERMS.publisher),
        "compiled_from": g.text(source, DCTERMS.source),
        "url": g.text(source, FOAF.page),
        "retrieved": g.text(source, DCTERMS.date),
        "title": g.texts(source, DCTERMS.title).get(ZH, ""),
    }
    period = g.value(version_iri, DCTERMS.temporal)
    dataset_ld = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": series.value,
        "name": g.label(series)[EN],
        "alternateName": [g.label(series)[ZH], g.label(series)[JA]],
        "description": g.texts(series, DCTERMS.description).get(EN, ""),
        "url": b.base,
        "version": b.version,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "isAccessibleForFree": True,
        "keywords": sorted({t.object.value for t in g.by_subject[series] if t.predicate == DCAT.keyword}),
        "creator": {"@type": "Organization", "name": "twjp project", "url": b.base},
        "temporalCoverage": f"{g.text(period, DCAT.startDate)}/{g.text(period, DCAT.endDate)}",
        "spatialCoverage": [{"@type": "Place", "name": "Taiwan"}, {"@type": "Place", "name": "Japan"}],
        "distribution": [
            {"@type": "DataDownload", "contentUrl": f"{b.base}release/{b.version}/{name}", "encodingFormat": media}
            for name, media in (
                ("twjp.ttl", "text/turtle"),
                ("twjp.nt", "application/n-triples"),
                ("twjp.jsonld", "application/ld+json"),
                ("agreements.csv", "text/csv"),
                ("agreements.geojson", "application/geo+json"),
            )
        ],
    }
    return b.render(
        "index.html",
        "index.html",
        g.label(series),
        description={lang: g.texts(series, DCTERMS.description).get(lang, "") for lang in LANGS},
        cited=cited,
        counts=counts(b),
        summary=map_summary(b.geojson["features"]),
        categories=categories(b),
        geojson=f"release/{b.version}/agreements.geojson",
        files=files,
        queries=sample_queries(b, "index.html"),
        timeline=timeline(b),
        issued=b.release.issued,
        schema=dataset_ld,
        citation=citation(b, cited["title"]),
        search_examples=Markup(
            '<span lang="ja">横浜</span>, <span lang="en">Yokohama</span>, <span lang="zxx">141003</span>'
        ),
    )


def citation(b: Builder, source_title: str) -> Markup:
    """How to cite the release (in English, the source's title quoted in its own language)."""
    return Markup(
        f"twjp project ({escape(b.release.issued[:4])}). twjp: partnership agreements between Taiwanese and Japanese "
        f"local governments, release {escape(b.version)} [data set]. {escape(b.base)}dataset/{escape(b.version)}. "
        f'Licence CC BY 4.0. Source: <cite lang="zh-Hant">{escape(source_title)}</cite>.'
    )


def query_page(b: Builder) -> bytes:
    """The sample queries that run on this dataset, each with its question in three languages and its text with
    its parameter bound to its documented default (a VALUES block: a query runs as it is written)."""
    g = b.graph
    files = catalogue()
    queries, texts = [], {}
    for q in sorted(g.subjects(RDF.type, EXECUTABLE), key=lambda n: n.value):
        name = g.text(q, RDFS.label)
        target = g.value(q, ox.NamedNode("https://schema.org/target"))
        if not target.value.startswith(b.base) or g.value(q, DCTERMS.requires) is not None:
            continue  # runs on Wikidata, or calls it: not for this endpoint
        text = next(
            t.object.value
            for t in g.by_subject[q]
            if t.predicate.value.startswith("http://www.w3.org/ns/shacl#") and isinstance(t.object, ox.Literal)
        )
        query = files.get(name)
        parameters = [
            {
                "name": p.name,
                "default": p.default,
                "shown": {"name": Markup(f"<code>{escape(p.name)}</code>"),
                          "value": Markup(f'<span class="literal" lang="zh-Hant">{escape(p.default)}</span>')},
            }
            for p in (query.parameters if query else ())
        ]  # fmt: skip
        if parameters:
            text = with_values_block(text, {p["name"]: ox.Literal(p["default"]) for p in parameters})
        queries.append({"name": name, "question": questions(b, q), "parameters": parameters})
        texts[name] = text
    endpoint = Markup('<code class="endpoint">/sparql</code>')
    return b.render("query.html", "query.html", plain("query_title"), queries=queries, texts=texts,
                    endpoint_markup=endpoint)  # fmt: skip


def list_page(b: Builder, name: str, title_key: str, rows: list[dict]) -> bytes:
    return b.render("list.html", name, words()[title_key], rows=rows, count=len(rows))


def other_pages(b: Builder) -> dict[str, bytes]:
    g = b.graph
    agreements = sorted(g.subjects(RDF.type, TWJP.Agreement), key=lambda a: (g.text(a, TWJP.signingDate), a.value))
    localities = sorted(g.subjects(RDF.type, TWJP.Party), key=lambda n: n.value)
    concepts = sorted(
        g.subjects(RDF.type, SKOS.ConceptScheme) + g.subjects(RDF.type, SKOS.Concept), key=lambda n: n.value
    )
    release_page = f"release/{b.version}/index.html"
    return {
        "index.html": landing(b),
        "query.html": query_page(b),
        "404.html": b.render("404.html", "404.html", words()["not_found"]),
        release_page: b.render(
            "release.html",
            release_page,
            plain("release_files_of", version=b.version),
            files=[
                {"name": n, "size": len(c), "sha256": hashlib.sha256(c).hexdigest()}
                for n, c in sorted(b.release_files.items())
            ],
        ),
        "agreements.html": list_page(
            b, "agreements.html", "agreements",
            [{"date": g.text(a, TWJP.signingDate), "item": b.value_view(a, "agreements.html")} for a in agreements],
        ),
        "localities.html": list_page(
            b, "localities.html", "localities",
            [{"date": "", "item": b.value_view(n, "localities.html")} for n in localities],
        ),
        "concepts.html": list_page(
            b, "concepts.html", "concepts",
            [{"date": "", "item": b.value_view(n, "concepts.html")} for n in concepts],
        ),
    }  # fmt: skip
