"""Extract the land around Taiwan and Japan from world-atlas's land-50m.json (Natural Earth 1:50m, public
domain; TopoJSON packaging by Mike Bostock, ISC licence) into convert/web/data/coastlines.json, the only map
data the site uses. Run once, by hand, with the file from `npm pack world-atlas@2.0.2`:

    python -m convert.dev.coastlines path/to/package/land-50m.json

The output is committed: the build never needs npm or the network."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from convert import paths

BBOX = (118.0, 20.5, 149.0, 46.0)  # west, south, east, north: Taiwan, Okinawa, Japan
TARGET = paths.PACKAGE / "web" / "data" / "coastlines.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
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


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(points if not out else points[1:])
    return out


def extract(topology: dict) -> list[list[list[float]]]:
    arcs = decode_arcs(topology)
    west, south, east, north = BBOX
    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            outer = ring(polygon[0], arcs)
            if any(west <= x <= east and south <= y <= north for x, y in outer):
                clipped = [
                    [round(x, 2), round(y, 2)]
                    for x, y in outer
                    if west - 12 <= x <= east + 12 and south - 12 <= y <= north + 12
                ]
                if len(clipped) >= 3:
                    rings.append(clipped)
    return rings


def main(source: Path) -> None:
    rings = extract(json.loads(source.read_text(encoding="utf-8")))
    TARGET.write_text(
        json.dumps(
            {
                "source": "Natural Earth 1:50m land (public domain), via world-atlas 2.0.2 land-50m.json (ISC)",
                "bbox": BBOX,
                "rings": rings,
            },
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(rings)} rings, {sum(len(r) for r in rings)} points -> {TARGET}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
