"""Place geometries -> RDF, in GeoSPARQL: each place `geo:hasGeometry` a point (also its
`geo:hasDefaultGeometry`, the one spatial functions use) and, for a region whose outline is
known, an extent (also its `geo:hasBoundingBox`). Each geometry carries its WKT, its precision
(`geo:hasMetricSpatialAccuracy`, metres) and where it comes from (`nkkg:basis`), in a named
graph of its own: general knowledge, never the article's words.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from graph_builder import iris
from graph_builder.curation.geometry import Extent, PlaceGeometry
from graph_builder.curation.records import Curation
from graph_builder.namespaces import GEO, NKKG, RDF, XSD

BASIS = "general knowledge: {}"


def _degrees(value: float) -> str:
    return format(value, "g")


def point_wkt(longitude: float, latitude: float) -> str:
    """Gives the WKT of a point (longitude first, as WKT's default CRS, CRS84, orders it)."""
    return f"POINT({_degrees(longitude)} {_degrees(latitude)})"


def extent_wkt(extent: Extent) -> str:
    """Gives the WKT polygon of a bounding box, counter-clockwise from the south-west corner."""
    w, s, e, n = (_degrees(v) for v in (extent.west, extent.south, extent.east, extent.north))
    return f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"


def geometry_quads(curation: Curation, geometries: tuple[PlaceGeometry, ...]) -> list[Quad]:
    """Gives the `geometry` graph: every place's point and, where known, its extent."""
    graph = iris.graph("geometry")
    by_id = curation.by_id()
    quads: list[Quad] = []

    def geometry(place: NamedNode, node: NamedNode, wkt: str, metres: float, basis: str) -> None:
        for s, p, o in (
            (place, GEO.hasGeometry, node),
            (node, RDF.type, GEO.Geometry),
            (node, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral)),
            (node, GEO.hasMetricSpatialAccuracy, Literal(str(float(metres)), datatype=XSD.double)),
            (node, NKKG.basis, Literal(BASIS.format(basis), language="en")),
        ):
            quads.append(Quad(s, p, o, graph))

    for g in geometries:
        category = by_id[g.place].category
        place = iris.entity(category, g.place)
        point = iris.geometry(category, g.place, "point")
        geometry(place, point, point_wkt(g.longitude, g.latitude), g.precision_m, g.basis)
        quads.append(Quad(place, GEO.hasDefaultGeometry, point, graph))
        if g.extent is not None:
            extent = iris.geometry(category, g.place, "extent")
            geometry(place, extent, extent_wkt(g.extent), g.extent.precision_m, g.basis)
            quads.append(Quad(place, GEO.hasBoundingBox, extent, graph))
    return quads
