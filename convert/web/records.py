"""The page of each record: an agreement (its parties with their Wikidata links, who signed it and who holds it
today, its source row and readings, the pair on a map, the other agreements of each party), a local government
or group (its place, code, Wikidata link with how it was made, coordinates with where they come from, its
agreements and those of its subdivisions and groups, on a map), a source row (its cells under the list's
headers, its agreement), a concept (what uses it); on every page all its properties and what refers to it, as
Pubby and LodView show a resource."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pyoxigraph as ox
from markupsafe import Markup, escape

from convert.rdf.terms import FOAF, JA, OWL, RDF, RDFS, SCHEMA, SKOS, TWJP, WGS, ZH
from convert.web.graph import shorten
from convert.web.languages import HTML_LANG, LANGS, formatted, plain, translated, value_html, values_html
from convert.web.maps import record_map
from convert.web.routes import FORMATS, document, relative

if TYPE_CHECKING:
    from convert.web.site import Builder

PARTY_PROPERTIES = (TWJP.party, TWJP.taiwaneseParty, TWJP.japaneseParty)
LIST_SPAN = Markup('<span lang="zh-Hant">臺灣與日本地方政府交流合作一覽</span>')


def wikidata(b: Builder, iri: ox.NamedNode) -> dict:
    """A locality's Wikidata link and how it was made, in words."""
    g = b.graph
    link = g.value(iri, OWL.sameAs) or g.value(iri, SCHEMA.sameAs)
    if link is None:
        return {}
    mapping = g.value(iri, TWJP.wikidataMapping)
    field = g.value(mapping, ox.NamedNode("https://w3id.org/sssom/object_match_field")) if mapping else None
    by_code = g.value(iri, OWL.sameAs) is not None
    how = (
        formatted("matched_by_code", property=shorten(field.value) if field else "")
        if by_code
        else formatted("matched_by_name")
    )
    confidence = g.text(iri, TWJP.wikidataLinkConfidence)
    return {
        "href": link.value,
        "qid": link.value.rsplit("/", 1)[1],
        "property": "owl:sameAs" if by_code else "schema:sameAs",
        "how": how,
        "confidence": formatted(confidence) if confidence else "",
    }


def party_view(b: Builder, party: ox.NamedNode, page: str) -> dict:
    return {
        "value": b.value_view(party, page),
        "wikidata": wikidata(b, party),
        "code": b.graph.text(party, TWJP.officialCode),
    }


OTHERS_SHOWN = 10  # an agreement page lists this many of each party's other agreements (its page has them all)


def agreements_of(
    b: Builder, party: ox.NamedNode, page: str, exclude: ox.NamedNode | None = None, limit: int | None = None
) -> list[dict]:
    """The agreements naming the party, with its partners on the other side, by date (the first `limit`)."""
    chosen = (a for _, _, a in b.agreements_by_party.get(party, ()) if a != exclude)
    return [agreement_row(b, a, party, page) for a in itertools.islice(chosen, limit)]


def agreement_row(b: Builder, a: ox.NamedNode, party: ox.NamedNode, page: str) -> dict:
    """An agreement as a row of a party's list: its date, type, the party and its partners on the other side;
    with its HTML. Made once for each depth of page: an agreement is listed on the pages of its parties, of
    the bodies they are part of and of their groups, and on its partners' agreements' pages."""
    key = (a, party, page.count("/"))
    row = b.rows.get(key)
    if row is not None:
        return row
    g = b.graph
    own_side = TWJP.taiwaneseParty if party in g.values(a, TWJP.taiwaneseParty) else TWJP.japaneseParty
    other = TWJP.japaneseParty if own_side == TWJP.taiwaneseParty else TWJP.taiwaneseParty
    row = b.rows[key] = {
        "date": g.text(a, TWJP.signingDate),
        "agreement": b.value_view(a, page),
        "type": b.value_view(g.value(a, TWJP.agreementType), page),
        "party": b.value_view(party, page),
        "partners": [b.value_view(p, page) for p in sorted(g.values(a, other), key=lambda n: n.value)],
    }
    start = f'<tr><td><a href="{escape(row["agreement"]["href"])}"><time>{escape(row["date"])}</time></a></td>'
    rest = f"<td>{values_html(row['partners'])}</td><td>{value_html(row['type'])}</td></tr>\n"
    row["html"] = Markup(start + rest)
    row["html_with_party"] = Markup(f"{start}<td>{value_html(row['party'])}</td>{rest}")
    return row


def agreement_rows(rows: list[dict], party_column: bool) -> Markup:
    """The rows of an agreements table (the template's `agreement_table`)."""
    key = "html_with_party" if party_column else "html"
    return Markup("".join(row[key] for row in rows))


def property_rows(rows: list[dict], key: str) -> Markup:
    """The rows of a table of properties (`objects`) or of what refers to the resource (`subjects`)."""
    return Markup(
        "".join(
            f'<tr><th scope="row" title="{escape(r["iri"])}">{translated(r["predicate"])}</th>'
            f"<td>{'<br>'.join([str(value_html(v)) for v in r[key]])}</td></tr>\n"
            for r in rows
        )
    )


def other_agreements(b: Builder, party: ox.NamedNode, page: str, exclude: ox.NamedNode) -> dict:
    """A party's other agreements for an agreement's page: the first OTHERS_SHOWN, and how many more its own page
    lists (a page never grows with the whole list: at 100x a party has hundreds)."""
    listed = b.agreements_by_party.get(party, ())
    total = len(listed) - (exclude in b.party_agreements.get(party, ()))
    return {
        "party": b.value_view(party, page),
        "agreements": agreements_of(b, party, page, exclude=exclude, limit=OTHERS_SHOWN),
        "more": max(0, total - OTHERS_SHOWN),
    }


def point_note(b: Builder, iri: ox.NamedNode) -> Markup:
    """Where a locality's coordinates come from, in words (the data's facts: its country and kind)."""
    types = b.graph.types(iri)
    if TWJP.JapaneseLocalGovernment in types:
        return formatted("point_jp_prefecture" if TWJP.Prefecture in types else "point_jp_municipality")
    return formatted("point_tw")


def locality_view(b: Builder, iri: ox.NamedNode, page: str) -> dict:
    g = b.graph
    chain = []
    parent = g.value(iri, TWJP.directlyPartOf)
    while parent is not None:
        chain.append(b.value_view(parent, page))
        parent = g.value(parent, TWJP.directlyPartOf)
    own = agreements_of(b, iri, page)
    below = [
        row
        for sub in sorted(set(g.subjects(TWJP.partOf, iri)), key=lambda n: n.value)
        for row in agreements_of(b, sub, page)
    ]
    groups = sorted(g.subjects(TWJP.member, iri), key=lambda n: n.value)
    through_groups = [row for group in groups for row in agreements_of(b, group, page)]
    lat, lon = g.value(iri, WGS.lat), g.value(iri, WGS.long)
    drawn = next((f for f in b.geojson["features"] if f["id"] == iri.value), None)
    approximate = drawn["properties"]["approximated_by"] if drawn and drawn["properties"]["approximate"] else None
    return {
        "chain": chain,
        "code": g.text(iri, TWJP.officialCode),
        "wikidata": wikidata(b, iri),
        "is_place": TWJP.LocalGovernment in g.types(iri),
        "lat": lat.value if lat else "",
        "lon": lon.value if lon else "",
        "point_note": point_note(b, iri) if lat else "",
        "approximate": formatted("no_point", parent=g.label(ox.NamedNode(approximate))) if approximate else "",
        "is_group": TWJP.LocalGovernmentGroup in g.types(iri),
        "members": [b.value_view(m, page) for m in sorted(g.values(iri, TWJP.member), key=lambda n: n.value)],
        "member_of": [b.value_view(x, page) for x in groups],
        "own": own,
        "below": sorted(below, key=lambda r: (r["date"], r["agreement"]["text"])),
        "through_groups": through_groups,
        "map": record_map(b, iri),
    }


def change_note(b: Builder, a: ox.NamedNode, page: str) -> Markup:
    """Who signed and who holds the agreement today, where a change came between."""
    g = b.graph
    change = g.value(a, TWJP.signedBeforeChange)
    if change is None:
        return Markup("")
    today = g.value(change, ox.NamedNode("http://www.w3.org/ns/org#resultingOrganization"))
    names = {"change": link(b, change, page), "party": link(b, today, page) if today else ""}
    signatory = g.value(a, TWJP.signatory)
    if signatory is not None:
        return formatted("today_party", signatory=link(b, signatory, page), **names)
    return formatted("signed_before_change", **names)


def link(b: Builder, iri: ox.NamedNode, page: str) -> dict[str, Markup]:
    """A link to a record, its name in each language (for formatted texts)."""
    href = b.href(iri, page)
    out = {}
    for lang in LANGS:
        name = b.graph.label(iri)[lang]
        out[lang] = value_html({"href": href, "labels": None, "text": name, "lang": None})
    return out


def row_cells(b: Builder, row: ox.NamedNode) -> dict[str, str]:
    g = b.graph
    return {
        key: g.text(row, p)
        for key, p in (
            ("taiwanese", TWJP.publishedTaiwaneseParty),
            ("japanese", TWJP.publishedJapaneseParty),
            ("type", TWJP.publishedType),
            ("date", TWJP.publishedDate),
        )
    }


def readings_of(b: Builder, row: ox.NamedNode, page: str) -> list[dict]:
    g = b.graph
    out = []
    for r in sorted(g.values(row, TWJP.reading), key=lambda n: n.value):
        reasons = g.texts(r, RDFS.comment)
        out.append(
            {
                "reading": b.value_view(r, page),
                "cell": g.text(r, TWJP.cellAsWritten),
                "kind": b.value_view(g.value(r, TWJP.readingKind), page),
                "certainty": b.value_view(g.value(r, TWJP.certainty), page),
                "read_as": [b.value_view(p, page) for p in g.values(r, TWJP.readAs)],
                "reasons": {lang: reasons.get(lang, "") for lang in LANGS},
            }
        )
    return out


def agreement_view(b: Builder, iri: ox.NamedNode, page: str) -> dict:
    g = b.graph
    row = g.value(iri, TWJP.sourceRow)
    kind = g.value(iri, TWJP.agreementType)
    concepts = [
        b.value_view(c, page) for p in (TWJP.category, TWJP.instrumentForm, TWJP.theme) for c in g.values(kind, p)
    ] if kind else []  # fmt: skip
    parties = [*g.values(iri, TWJP.taiwaneseParty), *g.values(iri, TWJP.japaneseParty)]
    return {
        "taiwanese": [party_view(b, p, page) for p in g.values(iri, TWJP.taiwaneseParty)],
        "japanese": [party_view(b, p, page) for p in g.values(iri, TWJP.japaneseParty)],
        "change": change_note(b, iri, page),
        "date": g.text(iri, TWJP.signingDate),
        "type": b.value_view(kind, page) if kind else None,
        "concepts": concepts,
        "row": b.value_view(row, page) if row else None,
        "cells": row_cells(b, row) if row else {},
        "readings": readings_of(b, row, page) if row else [],
        "others": [other_agreements(b, p, page, iri) for p in parties],
        "map": record_map(b, iri),
    }


def source_row_view(b: Builder, iri: ox.NamedNode, page: str) -> dict:
    g = b.graph
    agreements = g.subjects(TWJP.sourceRow, iri) + g.subjects(
        ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), iri
    )
    return {
        "number": g.text(iri, TWJP.rowNumber),
        "cells": row_cells(b, iri),
        "agreements": [b.value_view(a, page) for a in sorted(set(agreements), key=lambda n: n.value)],
        "readings": readings_of(b, iri, page),
    }


def concept_view(b: Builder, iri: ox.NamedNode, page: str) -> dict:
    g = b.graph
    types = {iri} | {
        t.subject for t in g.by_object.get(iri, []) if t.predicate in (TWJP.category, TWJP.instrumentForm, TWJP.theme)
    }
    rows = [
        {"date": g.text(a, TWJP.signingDate), "item": b.value_view(a, page)}
        for kind in types
        for a in g.subjects(TWJP.agreementType, kind)
    ]
    rows += [{"date": "", "item": b.value_view(loc, page)} for loc in g.subjects(TWJP.region, iri)]
    return {
        "definition": g.texts(iri, SKOS.definition),
        "agreements": sorted(rows, key=lambda r: (r["date"], r["item"]["text"])),
    }


def properties(b: Builder, iri: ox.NamedNode, page: str) -> list[dict]:
    rows: dict[str, dict] = {}
    for t in b.graph.by_subject.get(iri, []):
        row = rows.setdefault(
            t.predicate.value, {"predicate": b.term_label(t.predicate), "iri": t.predicate.value, "objects": []}
        )
        row["objects"].append(b.value_view(t.object, page))
    return [rows[k] for k in sorted(rows, key=lambda k: (k != RDF.type.value, shorten(k)))]


def referred_by(b: Builder, iri: ox.NamedNode, page: str) -> list[dict]:
    """What refers to the resource, by property (the inverse links)."""
    rows: dict[str, dict] = {}
    for t in b.graph.by_object.get(iri, []):
        if t.predicate == FOAF.primaryTopic:
            continue
        row = rows.setdefault(
            t.predicate.value, {"predicate": b.term_label(t.predicate), "iri": t.predicate.value, "subjects": []}
        )
        row["subjects"].append(b.value_view(t.subject, page))
    for row in rows.values():
        row["subjects"].sort(key=lambda v: v["text"])
    return [rows[k] for k in sorted(rows, key=shorten)]


def resource_page(b: Builder, iri: ox.NamedNode) -> tuple[str, bytes]:
    path = iri.value[len(b.base) :]
    page = document(path, "html")
    g = b.graph
    types = g.types(iri)
    view: dict = {}
    kind = "resource"
    title = g.label(iri)
    heading = None
    if TWJP.LocalGovernment in types or TWJP.LocalGovernmentGroup in types:
        view, kind = locality_view(b, iri, page), "locality"
    elif TWJP.Agreement in types:
        view, kind = agreement_view(b, iri, page), "agreement"
    elif TWJP.SourceRow in types:
        view, kind = source_row_view(b, iri, page), "row"
        heading = formatted("source_row_title", row=view["number"], list=LIST_SPAN)
        title = plain("source_row_title", row=view["number"], list="臺灣與日本地方政府交流合作一覽")
    elif SKOS.Concept in types:
        view, kind = concept_view(b, iri, page), "concept"
    html = b.render(
        "resource.html",
        page,
        title,
        heading=heading,
        iri=iri.value,
        kind=kind,
        view=view,
        properties=properties(b, iri, page),
        referred_by=referred_by(b, iri, page),
        alternates={fmt: relative_doc(path, fmt, page) for fmt in FORMATS if fmt != "html"},
        schema=schema_org(b, iri, kind, view),
        report=b.report_link(iri),
    )
    return page, html


def relative_doc(path: str, fmt: str, page: str) -> str:
    return relative(document(path, fmt), page)


def schema_org(b: Builder, iri: ox.NamedNode, kind: str, view: dict) -> dict:
    g = b.graph
    names = [{"@language": HTML_LANG[lang], "@value": text} for lang, text in g.label(iri).items()]
    data: dict = {"@context": "https://schema.org/", "@id": iri.value, "name": names}
    if kind == "locality":
        data["@type"] = "AdministrativeArea" if view["is_place"] else "Organization"
        if view.get("code"):
            data["identifier"] = view["code"]
        if view.get("wikidata"):
            data["sameAs"] = view["wikidata"]["href"]
        if view.get("lat"):
            data["geo"] = {"@type": "GeoCoordinates", "latitude": view["lat"], "longitude": view["lon"]}
        parent = g.value(iri, TWJP.directlyPartOf)
        if parent is not None:
            data["containedInPlace"] = {"@id": parent.value}
    elif kind == "agreement":
        data["@type"] = "Thing"
        data["description"] = f"Agreement signed on {view['date']}"
    elif kind == "concept":
        data["@type"] = "DefinedTerm"
    else:
        data["@type"] = "Thing"
    return data


__all__ = ["JA", "ZH", "resource_page"]
