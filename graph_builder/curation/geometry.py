"""Where each place is: the curated geometry file (curation/geometry/places.yaml) read, checked
and turned into plain records.

The article gives no coordinates, so this file is general knowledge kept apart from the
article's curation: each place's point (longitude, latitude in WGS 84), how precise it is (in
metres), where it comes from, and for a region its approximate extent (a bounding box). The
check holds every curated place (a state that is also a country included) to exactly one entry,
and every entry to a curated place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph_builder.curation.loader import CURATION_DIR
from graph_builder.curation.records import Curation
from graph_builder.curation.schema import Id, line_of, read_yaml
from graph_builder.errors import CurationError

GEOMETRY_FILE = CURATION_DIR / "geometry" / "places.yaml"

Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Metres = Annotated[float, Field(gt=0)]


class GeometrySpec(BaseModel):
    """One place's entry as the file writes it."""

    model_config = ConfigDict(extra="forbid")

    place: Id
    point: tuple[Longitude, Latitude]
    precision_m: Metres
    basis: str = Field(min_length=10)
    extent: tuple[Longitude, Latitude, Longitude, Latitude] | None = None
    extent_precision_m: Metres | None = None

    @model_validator(mode="after")
    def _extent_holds_the_point(self) -> GeometrySpec:
        if self.extent is None:
            if self.extent_precision_m is not None:
                raise ValueError("extent_precision_m without an extent")
            return self
        west, south, east, north = self.extent
        if not (west < east and south < north):
            raise ValueError("an extent is [west, south, east, north], west < east, south < north")
        lon, lat = self.point
        if not (west <= lon <= east and south <= lat <= north):
            raise ValueError("the point lies outside the extent")
        if self.extent_precision_m is None:
            raise ValueError("an extent needs extent_precision_m")
        return self


class GeometryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    geometries: list[GeometrySpec]


@dataclass(frozen=True)
class Extent:
    west: float
    south: float
    east: float
    north: float
    precision_m: float


@dataclass(frozen=True)
class PlaceGeometry:
    """Where one curated place is, with the basis and precision of the figures."""

    place: str  # the curated id
    longitude: float
    latitude: float
    precision_m: float
    basis: str
    extent: Extent | None
    file: str
    line: int


def load_geometry(curation: Curation, path: Path = GEOMETRY_FILE) -> tuple[PlaceGeometry, ...]:
    """Gives the geometry of every curated place, in the file's order; fails naming the file and
    line on an entry for no place, a second entry for one place, or a place with none."""
    data, lines = read_yaml(path, GeometryFile)
    places = {e.id for e in curation.entities if "place" in e.categories}
    found: dict[str, PlaceGeometry] = {}
    for i, spec in enumerate(data.geometries):
        line = line_of(("geometries", i), lines)
        if spec.place not in places:
            raise CurationError(
                "no curated place has this id", file=path, line=line, value=spec.place
            )
        if spec.place in found:
            raise CurationError(
                f"a second geometry for this place (the first is at line {found[spec.place].line})",
                file=path,
                line=line,
                value=spec.place,
            )
        found[spec.place] = _record(spec, str(path), line)
    missing = sorted(places - found.keys())
    if missing:
        raise CurationError(
            f"{len(missing)} place(s) have no geometry: {', '.join(missing)}", file=path
        )
    return tuple(found.values())


def _record(spec: GeometrySpec, file: str, line: int) -> PlaceGeometry:
    extent = None
    if spec.extent is not None and spec.extent_precision_m is not None:
        extent = Extent(*spec.extent, precision_m=spec.extent_precision_m)
    lon, lat = spec.point
    return PlaceGeometry(spec.place, lon, lat, spec.precision_m, spec.basis, extent, file, line)
