"""Write convert/web/data/land.geojson, the site's basemap: the land of Natural Earth 1:10m (public domain, as
world-atlas 2.0.2 packages it in TopoJSON, ISC licence) around Taiwan and Japan, as GeoJSON polygons (outer
rings and holes), clipped to a box and lightly simplified. Run once, by hand, with the file from
`npm pack world-atlas@2.0.2`:

    python -m convert.dev.basemap path/to/package/land-10m.json

The output is committed: the build never needs npm or the network. Clipping is Sutherland–Hodgman against the
box, ring by ring, so a continent cut by the box stays a closed polygon along the box's edges (the earlier
coastline file kept only the points inside the box and joined them, which drew straight false coasts and, with
the wrong winding, filled the sea)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from convert import paths

BOX = (100.0, 12.0, 165.0, 55.0)  # west, south, east, north: Taiwan, Japan and the seas and coasts around them
TOLERANCE = 0.003  # degrees (about 300 m): keeps every inhabited island of the two countries
TARGET = paths.PACKAGE / "web" / "data" / "land.geojson"

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    out: list[Point] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(points if not out else points[1:])
    return out


def clip(points: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland–Hodgman: the ring clipped to the box (a closed ring without its repeated last point)."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: (west, a[1] + (b[1] - a[1]) * (west - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= east, lambda a, b: (east, a[1] + (b[1] - a[1]) * (east - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= south, lambda a, b: (a[0] + (b[0] - a[0]) * (south - a[1]) / (b[1] - a[1]), south)),
        (lambda p: p[1] <= north, lambda a, b: (a[0] + (b[0] - a[0]) * (north - a[1]) / (b[1] - a[1]), north)),
    )
    out = points[:-1] if points and points[0] == points[-1] else list(points)
    for inside, cross in edges:
        if not out:
            break
        given, out = out, []
        previous = given[-1]
        for current in given:
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
            previous = current
    return out


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker on an open run of points (the ends kept)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def closed(points: list[Point]) -> list[list[float]]:
    rounded = [[round(x, 3), round(y, 3)] for x, y in points]
    deduplicated = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    return [*deduplicated, deduplicated[0]]


def extract(topology: dict) -> list[list[list[list[float]]]]:
    """The land's polygons in the box: each a list of rings (outer first), closed, as GeoJSON writes them."""
    arcs = decode_arcs(topology)
    polygons = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]:
            rings = []
            for indexes in polygon:
                clipped = clip(ring(indexes, arcs), BOX)
                if len(clipped) < 3:
                    if not rings:
                        break  # the outer ring is outside the box: so are its holes
                    continue
                half = len(clipped) // 2  # simplify the ring as two open runs, so that it stays a ring
                points = (
                    simplify(clipped[: half + 1], TOLERANCE)[:-1]
                    + simplify([*clipped[half:], clipped[0]], TOLERANCE)[:-1]
                )
                if len(points) >= 3:
                    rings.append(closed(points))
                elif not rings:
                    break
            if rings:
                polygons.append(rings)
    return polygons


def main(source: Path) -> None:
    polygons = extract(json.loads(source.read_text(encoding="utf-8")))
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "source": "Natural Earth 1:10m land (public domain), via world-atlas 2.0.2 land-10m.json (ISC); "
                    f"clipped to {list(BOX)}, simplified at {TOLERANCE} degrees by convert.dev.basemap",
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        ],
    }
    TARGET.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for p in polygons for r in p)
    print(f"{len(polygons)} polygons, {points} points, {TARGET.stat().st_size} bytes -> {TARGET}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
