"""Maps and charts: what each map draws (from the release's agreements.geojson: the whole of it on the landing
page, a record's own part on its page), the words of its caption, and the timeline of agreements per year (an
SVG chart with its legend in the three languages). Leaflet (vendored, static/leaflet/) draws the maps in the
browser over static/land.geojson: no tile or font is asked of any other host."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from convert.rdf.terms import RDF, TWJP
from convert.web.languages import LANGS, SHORT

if TYPE_CHECKING:
    from convert.web.site import Builder

CATEGORY_ORDER = ("sister-city", "friendship-city", "exchange-agreement", "memorandum", "letter-of-intent")
# ColorBrewer RdBu (colour-blind safe), with grey for the rarest
CATEGORY_COLOURS = {
    "sister-city": "#b2182b",
    "friendship-city": "#d6604d",
    "exchange-agreement": "#4393c3",
    "memorandum": "#2166ac",
    "letter-of-intent": "#767676",
}


def categories(b: Builder) -> list[dict]:
    """The categories of agreements in the legend's order, with their colours and names."""
    return [
        {
            "id": c,
            "colour": CATEGORY_COLOURS[c],
            "labels": b.graph.label(ox.NamedNode(f"{b.base}concept/category/{c}")),
        }
        for c in CATEGORY_ORDER
    ]


def map_summary(features: list[dict]) -> dict:
    """What the caption says: how many lines, agreements, approximate points and groups are drawn."""
    links = [f for f in features if f["properties"]["kind"] == "link"]
    points = [f for f in features if f["properties"]["kind"] == "locality"]
    return {
        "lines": len(links),
        "agreements": len({a["iri"] for f in links for a in f["properties"]["agreements"]}),
        "approx": sum(1 for f in points if f["properties"]["approximate"]),
        "groups": len({g["iri"] for f in points for g in f["properties"]["groups"]}),
    }


LINE_SHOWN = 10  # a record's map lists this many agreements of each line (the party's page lists them all)


@dataclass(frozen=True)
class MapIndex:
    """The features of agreements.geojson by what a record's map looks them up by: built once for the site (a
    scan of every feature for every page made the site quadratic in the list)."""

    order: dict[int, int]  # id() of a feature -> its place in the file (a map keeps the file's order)
    by_agreement: dict[str, list[dict]]
    by_end: dict[str, list[dict]]
    by_group: dict[str, list[dict]]
    points: dict[str, dict]

    @classmethod
    def of(cls, features: list[dict]) -> MapIndex:
        by_agreement: dict[str, list[dict]] = defaultdict(list)
        by_end: dict[str, list[dict]] = defaultdict(list)
        by_group: dict[str, list[dict]] = defaultdict(list)
        points: dict[str, dict] = {}
        for f in features:
            p = f["properties"]
            if p["kind"] == "link":
                for a in {a["iri"] for a in p["agreements"]}:
                    by_agreement[a].append(f)
                for end in {p["taiwanese"], p["japanese"]}:
                    by_end[end].append(f)
                for group in {v["iri"] for v in p["via_group"]}:
                    by_group[group].append(f)
            elif p["kind"] == "locality":
                points.setdefault(f["id"], f)
        return cls({id(f): i for i, f in enumerate(features)}, by_agreement, by_end, by_group, points)

    def in_order(self, features) -> list[dict]:
        return sorted({id(f): f for f in features}.values(), key=lambda f: self.order[id(f)])


def shown_line(line: dict, focus: str) -> dict:
    """A line as a record's map draws it: the first LINE_SHOWN of its agreements (by date, the record's own among
    them) and how many more there are (a line between two parties has as many agreements as they signed: at
    100x the list, hundreds on every page that draws it)."""
    p = line["properties"]
    listed = p["agreements"]
    if len(listed) <= LINE_SHOWN:
        return line
    shown = listed[:LINE_SHOWN]
    if all(a["iri"] != focus for a in shown):
        own = [a for a in listed if a["iri"] == focus]
        if own:
            shown = sorted(shown[: LINE_SHOWN - 1] + own[:1], key=listed.index)
    return {**line, "properties": {**p, "agreements": shown, "more": len(listed) - len(shown)}}


def shown_point(point: dict) -> dict:
    """A point as a record's map draws it: without the list of its agreements' IRIs (the map does not use it;
    the record's page lists them)."""
    return {**point, "properties": {k: v for k, v in point["properties"].items() if k != "agreements"}}


def record_map(b: Builder, iri: ox.NamedNode) -> dict | None:
    """The part of the map a record's page draws: an agreement's pair (its lines and their ends); a local
    government's point with its lines and partners (and its subdivisions' and groups'); a group's members'. None
    where nothing of the record is drawn."""
    index = b.map_index
    g = b.graph
    if TWJP.Agreement in g.types(iri):
        links = index.by_agreement.get(iri.value, [])
    else:
        related = {iri.value} | {s.value for s in g.subjects(TWJP.partOf, iri)}
        found = [f for r in related for f in index.by_end.get(r, [])] + index.by_group.get(iri.value, [])
        links = index.in_order(found)
    ends = {e for f in links for e in (f["properties"]["taiwanese"], f["properties"]["japanese"])}
    own = index.points.get(iri.value)
    points = index.in_order(index.points[e] for e in ends | {iri.value} if e in index.points)
    if not links and own is None:
        return None
    features = [*map(shown_point, points), *(shown_line(f, iri.value) for f in links)]
    return {"type": "FeatureCollection", "features": features, "focus": iri.value}


def timeline(b: Builder) -> dict:
    """The bars of the timeline chart: agreements per year, stacked by category."""
    g = b.graph
    counts: Counter = Counter()
    for a in g.subjects(RDF.type, TWJP.Agreement):
        year = int(g.text(a, TWJP.signingDate)[:4])
        category = g.value(g.value(a, TWJP.agreementType), TWJP.category).value.rsplit("/", 1)[1]
        counts[(year, category)] += 1
    years = list(range(min(y for y, _ in counts), max(y for y, _ in counts) + 1))
    tallest = max(sum(counts[(y, c)] for c in CATEGORY_ORDER) for y in years)
    bar, height, top = 14, 180, 20
    scale = height / tallest
    names = {c["id"]: c["labels"] for c in categories(b)}
    bars = []
    for i, y in enumerate(years):
        base_y = top + height
        for c in CATEGORY_ORDER:
            n = counts[(y, c)]
            if not n:
                continue
            h = n * scale
            base_y -= h
            bars.append(
                {
                    "x": 40 + i * (bar + 4),
                    "y": f"{base_y:.1f}",
                    "h": f"{h:.1f}",
                    "w": bar,
                    "colour": CATEGORY_COLOURS[c],
                    "titles": {SHORT[lang]: f"{y}: {names[c][lang]} {n}" for lang in LANGS},
                }
            )
    return {
        "bars": bars,
        "years": [{"x": 40 + i * (bar + 4) + bar / 2, "label": y} for i, y in enumerate(years) if y % 5 == 0],
        "width": 40 + len(years) * (bar + 4) + 10,
        "height": top + height + 24,
        "axis_y": top + height,
        "tallest": tallest,
        "top": top,
    }
