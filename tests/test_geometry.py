"""Where places are: the curated geometry file read and checked (every place once, a point
inside its extent, an unknown id named with its file and line), its GeoSPARQL triples in the
built store, and distances by pyoxigraph's own geof:distance."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

from graph_builder.curation.geometry import Extent, load_geometry
from graph_builder.curation.records import Curation, Entity, Support
from graph_builder.errors import CurationError
from graph_builder.namespaces import sparql_prologue
from graph_builder.rdf.geometry_triples import extent_wkt, point_wkt

PROLOGUE = sparql_prologue()


def _place(key: str, *categories: str) -> Entity:
    return Entity(
        id=key,
        category=categories[0],
        kind="Settlement",
        names=(),
        support=Support(basis="test"),
        file="test.yaml",
        line=1,
        categories=frozenset(categories),
    )


CURATION = Curation(
    entities=(
        _place("khojaly", "place"),
        _place("armenia", "actor", "place"),
        _place("x", "event"),
    ),
    contradictions=(),
)
GOOD = """geometries:
  - {place: khojaly, point: [46.79, 39.91], precision_m: 2000, basis: "Wikipedia \\"Khojaly\\""}
  - place: armenia
    point: [45.04, 40.07]
    precision_m: 30000
    basis: the country's geographic centre
    extent: [43.45, 38.84, 46.63, 41.30]
    extent_precision_m: 10000
"""


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "places.yaml"
    path.write_text(text, encoding="utf-8")
    return load_geometry(CURATION, path)


def test_every_place_a_state_that_is_a_country_included_gets_its_point(tmp_path: Path) -> None:
    khojaly, armenia = _load(tmp_path, GOOD)  # type: ignore[misc]
    assert (khojaly.longitude, khojaly.latitude, khojaly.extent) == (46.79, 39.91, None)
    assert armenia.extent.west == 43.45 and armenia.line == 3


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("place: armenia", "place: yerevan"), "no curated place has this id", 3),
        (("place: khojaly,", "place: armenia,"), "a second geometry for this place", 3),
        (("[43.45, 38.84, 46.63, 41.30]", "[43.45, 38.84, 44.0, 41.30]"), "outside the extent", 3),
        (("[46.79, 39.91]", "[46.79, 99.91]"), "less than or equal to 90", 2),
        (("    extent_precision_m: 10000\n", ""), "an extent needs extent_precision_m", 3),
    ],
)
def test_a_bad_entry_is_named_by_file_and_line(
    tmp_path: Path, change: tuple[str, str], message: str, line: int
) -> None:
    with pytest.raises(CurationError) as caught:
        _load(tmp_path, GOOD.replace(*change))
    assert message in caught.value.message
    assert caught.value.line == line and caught.value.file.endswith("places.yaml")


def test_a_place_with_no_geometry_is_named(tmp_path: Path) -> None:
    text = GOOD.split("  - place: armenia")[0]
    with pytest.raises(CurationError, match="1 place\\(s\\) have no geometry: armenia"):
        _load(tmp_path, text)


def test_wkt_orders_longitude_first_and_closes_the_ring() -> None:
    assert point_wkt(46.79, 39.91) == "POINT(46.79 39.91)"
    assert extent_wkt(Extent(43.45, 38.84, 46.63, 41.3, precision_m=10000)) == (
        "POLYGON((43.45 38.84, 46.63 38.84, 46.63 41.3, 43.45 41.3, 43.45 38.84))"
    )


def test_every_place_in_the_graph_has_one_point_and_a_basis(store: Store) -> None:
    counts = store.query(
        PROLOGUE
        + """SELECT (COUNT(DISTINCT ?place) AS ?places) (COUNT(DISTINCT ?point) AS ?points)
                    (COUNT(DISTINCT ?located) AS ?located) WHERE {
          ?place a nkkg:Place .
          OPTIONAL { ?place geo:hasDefaultGeometry ?point .
                     ?point geo:asWKT ?wkt ; nkkg:basis ?basis ; geo:hasMetricSpatialAccuracy ?m
                     FILTER(STRSTARTS(STR(?wkt), "POINT(")) BIND(?place AS ?located) }
        }""",
        use_default_graph_as_union=True,
    )
    row = next(iter(counts))
    assert int(row["places"].value) == int(row["located"].value) == int(row["points"].value) == 94


def test_geof_distance_measures_between_the_points(store: Store) -> None:
    answer = store.query(
        PROLOGUE
        + """SELECT ?km WHERE {
          <https://w3id.org/nkkg/id/place/stepanakert> geo:hasDefaultGeometry/geo:asWKT ?a .
          <https://w3id.org/nkkg/id/place/shusha> geo:hasDefaultGeometry/geo:asWKT ?b .
          BIND(geof:distance(?a, ?b, uom:metre) / 1000 AS ?km) }""",
        use_default_graph_as_union=True,
    )
    km = float(next(iter(answer))["km"].value)
    assert 6 < km < 8  # Shusha lies some 7 km south of Stepanakert


def test_a_region_point_lies_inside_its_extent(store: Store) -> None:
    answer = store.query(
        PROLOGUE
        + """SELECT ?place WHERE {
          ?place geo:hasDefaultGeometry/geo:asWKT ?point ; geo:hasBoundingBox/geo:asWKT ?box .
          FILTER(!geof:sfWithin(?point, ?box)) }""",
        use_default_graph_as_union=True,
    )
    assert [row["place"].value for row in answer] == []
