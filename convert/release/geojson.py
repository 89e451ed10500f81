"""agreements.geojson (RFC 7946): the localities of the agreements as points and the partner links as lines, each
line with its agreements (IRI, type, category, date). Every agreement is on it: a party without a point of its
own is drawn at the point of the nearest body it is part of (`approximate`, with `approximated_by` that body),
and a group at its members' points (one line to each member, `via_group`). Made from the release's data (its
Store), deterministic; the site's maps draw this file."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from convert.rdf.terms import EN, JA, RDF, RDFS, TWJP, WGS, ZH

LANGS = (ZH, JA, EN)


@dataclass(frozen=True)
class Drawn:
    """Where a locality is drawn: its own point, or an ancestor's (approximate)."""

    iri: str
    lon: float
    lat: float
    approximated_by: str | None


class Data:
    """The facts the map needs, read once from the Store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        for q in store.quads_for_pattern(None, RDFS.label, None):
            lang = (q.object.language or "").lower()
            if lang in LANGS:
                self.labels[q.subject.value].setdefault(lang, q.object.value)
        self.point: dict[str, tuple[float, float]] = {}
        lat = {q.subject.value: float(q.object.value) for q in store.quads_for_pattern(None, WGS.lat, None)}
        for q in store.quads_for_pattern(None, WGS.long, None):
            if q.subject.value in lat:
                self.point[q.subject.value] = (float(q.object.value), lat[q.subject.value])
        self.parent = {
            q.subject.value: q.object.value for q in store.quads_for_pattern(None, TWJP.directlyPartOf, None)
        }
        self.members: dict[str, list[str]] = defaultdict(list)
        for q in store.quads_for_pattern(None, TWJP.member, None):
            self.members[q.subject.value].append(q.object.value)
        self.country = {
            q.subject.value: q.object.value.rsplit("/", 1)[1] for q in store.quads_for_pattern(None, TWJP.country, None)
        }

    def values(self, s: str, p: ox.NamedNode) -> list[str]:
        return sorted(q.object.value for q in self.store.quads_for_pattern(ox.NamedNode(s), p, None))

    def drawn(self, iri: str) -> list[Drawn]:
        """Where a party is drawn: its point; else, for a group, its members'; else its nearest ancestor's."""
        if iri in self.point:
            return [Drawn(iri, *self.point[iri], None)]
        if self.members.get(iri):
            return [d for m in sorted(self.members[iri]) for d in self.drawn(m)]
        ancestor = self.parent.get(iri)
        while ancestor is not None and ancestor not in self.point:
            ancestor = self.parent.get(ancestor)
        if ancestor is None:
            return []
        return [Drawn(iri, *self.point[ancestor], ancestor)]

    def name(self, iri: str) -> dict[str, str]:
        found = self.labels.get(iri, {})
        return {lang: found.get(lang) or found.get(EN) or iri.rsplit("/", 1)[-1] for lang in LANGS}


def agreements_geojson(store: ox.Store) -> bytes:
    data = Data(store)
    agreements = sorted(q.subject.value for q in store.quads_for_pattern(None, RDF.type, TWJP.Agreement))
    lines: dict[tuple[str, str], dict] = {}
    points: dict[str, dict] = {}
    for a in agreements:
        [date] = data.values(a, TWJP.signingDate)
        [kind] = data.values(a, TWJP.agreementType)
        category = data.values(kind, TWJP.category)
        record = {
            "iri": a,
            "date": date,
            "type": kind,
            "type_name": {lang: _pref_labels(store, kind).get(lang) or kind.rsplit("/", 1)[1] for lang in LANGS},
            "category": category[0] if category else None,
        }
        for tw in data.values(a, TWJP.taiwaneseParty):
            for jp in data.values(a, TWJP.japaneseParty):
                for end_tw in data.drawn(tw):
                    for end_jp in data.drawn(jp):
                        key = (end_tw.iri, end_jp.iri)
                        line = lines.setdefault(
                            key,
                            {
                                "taiwanese": end_tw,
                                "japanese": end_jp,
                                "taiwanese_party": tw,
                                "japanese_party": jp,
                                "agreements": [],
                            },
                        )
                        if record not in line["agreements"]:
                            line["agreements"].append(record)
                        for end, party in ((end_tw, tw), (end_jp, jp)):
                            p = points.setdefault(end.iri, {"drawn": end, "agreements": set(), "groups": set()})
                            p["agreements"].add(a)
                            if party != end.iri:
                                p["groups"].add(party)
    features = []
    for iri in sorted(points):
        p = points[iri]
        d: Drawn = p["drawn"]
        features.append(
            {
                "type": "Feature",
                "id": iri,
                "geometry": {"type": "Point", "coordinates": [d.lon, d.lat]},
                "properties": {
                    "kind": "locality",
                    "iri": iri,
                    "name": data.name(iri),
                    "country": data.country.get(iri),
                    "approximate": d.approximated_by is not None,
                    "approximated_by": d.approximated_by,
                    "approximated_by_name": data.name(d.approximated_by) if d.approximated_by else None,
                    "groups": [{"iri": g, "name": data.name(g)} for g in sorted(p["groups"])],
                    "agreements": sorted(p["agreements"]),
                },
            }
        )
    for (tw, jp), line in sorted(lines.items()):
        a, b = line["taiwanese"], line["japanese"]
        via = sorted({g for g in (line["taiwanese_party"], line["japanese_party"]) if g not in (tw, jp)})
        features.append(
            {
                "type": "Feature",
                "id": f"{tw.rsplit('/', 1)[1]}--{jp.rsplit('/', 1)[1]}",
                "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
                "properties": {
                    "kind": "link",
                    "taiwanese": tw,
                    "japanese": jp,
                    "taiwanese_name": data.name(tw),
                    "japanese_name": data.name(jp),
                    "via_group": [{"iri": g, "name": data.name(g)} for g in via],
                    "approximate": a.approximated_by is not None or b.approximated_by is not None,
                    "agreements": sorted(line["agreements"], key=lambda r: (r["date"], r["iri"])),
                },
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": "twjp: the localities of the agreements and their partner links",
        "features": features,
    }
    return (json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def _pref_labels(store: ox.Store, iri: str) -> dict[str, str]:
    """A concept's preferred labels (an agreement type is named by skos:prefLabel)."""
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(
        ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None
    ):
        lang = (q.object.language or "").lower()
        if lang in LANGS:
            out.setdefault(lang, q.object.value)
    return out
