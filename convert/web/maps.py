"""Maps and charts: what each map draws (from the release's agreements.geojson: the whole of it on the landing
page, a record's own part on its page), the words of its caption, and the timeline of agreements per year (an
SVG chart with its legend in the three languages). Leaflet (vendored, static/leaflet/) draws the maps in the
browser over static/land.geojson: no tile or font is asked of any other host."""

from __future__ import annotations

from collections import Counter
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


def record_map(b: Builder, iri: ox.NamedNode) -> dict | None:
    """The part of the map a record's page draws: an agreement's pair (its lines and their ends); a local
    government's point with its lines and partners (and its subdivisions' and groups'); a group's members'. None
    where nothing of the record is drawn."""
    features = b.geojson["features"]
    g = b.graph
    if TWJP.Agreement in g.types(iri):
        links = [f for f in features if f["properties"]["kind"] == "link" and any(
            a["iri"] == iri.value for a in f["properties"]["agreements"])]  # fmt: skip
    else:
        related = {iri.value} | {s.value for s in g.subjects(TWJP.partOf, iri)}
        links = [
            f
            for f in features
            if f["properties"]["kind"] == "link"
            and (
                related & {f["properties"]["taiwanese"], f["properties"]["japanese"]}
                or iri.value in {v["iri"] for v in f["properties"]["via_group"]}
            )
        ]
    ends = {e for f in links for e in (f["properties"]["taiwanese"], f["properties"]["japanese"])}
    own = [f for f in features if f["id"] == iri.value]
    points = [
        f for f in features if f["properties"]["kind"] == "locality" and (f["id"] in ends or f["id"] == iri.value)
    ]
    if not links and not own:
        return None
    return {"type": "FeatureCollection", "features": [*points, *links], "focus": iri.value}


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
