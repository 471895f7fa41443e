"""The maps' basemap: country outlines from Natural Earth (the world-atlas package, pinned in
package.json and installed by `npm ci`), drawn on the server as SVG. No tile, script or font
comes from anywhere else, and a map reads without JavaScript.

world-atlas ships TopoJSON: arcs quantized and delta-encoded, shared between the countries they
border. `Basemap.load` decodes them once into rings of (longitude, latitude); `View` projects a
box of the world (equirectangular, shrunk east-west by the cosine of its middle latitude, so
that the Caucasus keeps its shape), clips each ring to the box and writes SVG paths.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

WORLD_ATLAS = Path(__file__).resolve().parents[2] / "node_modules" / "world-atlas"
COUNTRIES = WORLD_ATLAS / "countries-50m.json"

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]  # outer rings and holes alike; drawn with the even-odd rule
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class Basemap:
    """The world's country outlines, decoded."""

    countries: tuple[Country, ...]

    @staticmethod
    def load(path: Path = COUNTRIES) -> Basemap:
        """Gives the outlines of world-atlas's TopoJSON file at `path`."""
        topology = json.loads(path.read_text(encoding="utf-8"))
        (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
        arcs: list[Ring] = []
        for arc in topology["arcs"]:
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
            arcs.append(points)

        def ring(indices: list[int]) -> Ring:
            points: Ring = []
            for index in indices:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                points.extend(arc if not points else arc[1:])
            return points

        countries = []
        for geometry in topology["objects"]["countries"]["geometries"]:
            polygons = {
                "Polygon": [geometry.get("arcs", [])],
                "MultiPolygon": geometry.get("arcs", []),
            }
            rings = tuple(
                ring(r) for polygon in polygons.get(geometry["type"], []) for r in polygon
            )
            points = [p for r in rings for p in r]
            if not points:
                continue
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            name = geometry.get("properties", {}).get("name", "")
            countries.append(Country(name, rings, min(lons), min(lats), max(lons), max(lats)))
        return Basemap(tuple(countries))


def _clip(ring: Ring, west: float, south: float, east: float, north: float) -> Ring:
    """Gives the ring clipped to the box (Sutherland–Hodgman, edge by edge)."""
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    )
    points = ring
    for inside, cross in edges:
        if not points:
            break
        clipped: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(cross(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(cross(previous, point))
            previous = point
        points = clipped
    return points


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


@dataclass(frozen=True)
class View:
    """A box of the world drawn `width` pixels wide: west, south, east, north in degrees."""

    west: float
    south: float
    east: float
    north: float
    width: int

    @property
    def shrink(self) -> float:
        """Gives how much a degree of longitude is shorter than one of latitude here."""
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def height(self) -> int:
        ratio = (self.north - self.south) / ((self.east - self.west) * self.shrink)
        return round(self.width * ratio)

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Gives the pixel position of a point in this view."""
        x = (lon - self.west) / (self.east - self.west) * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        return round(x, 1), round(y, 1)

    def country_paths(self, basemap: Basemap) -> list[tuple[str, str]]:
        """Gives (country name, SVG path data) for every country in view, clipped to it."""
        paths = []
        for country in basemap.countries:
            if (
                country.east < self.west
                or country.west > self.east
                or country.north < self.south
                or country.south > self.north
            ):
                continue
            data = []
            for ring in country.rings:
                clipped = _clip(ring, self.west, self.south, self.east, self.north)
                if len(clipped) < 3:
                    continue
                commands: list[str] = []
                last: tuple[float, float] | None = None
                for lon, lat in clipped:
                    point = self.xy(lon, lat)
                    if last is not None and abs(point[0] - last[0]) + abs(point[1] - last[1]) < 0.8:
                        continue  # under a pixel from the last: drawing it changes nothing
                    commands.append(f"{point[0]:g},{point[1]:g}")
                    last = point
                if len(commands) >= 3:
                    data.append("M" + "L".join(commands) + "Z")
            if data:
                paths.append((country.name, "".join(data)))
        return paths
