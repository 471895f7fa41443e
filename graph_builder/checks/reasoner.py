"""The ontology -> what the HermiT DL reasoner says of it: consistent or not, and which classes are
unsatisfiable (can have no member). HermiT runs on Java through owlready2.

owlready2 reads RDF/XML, OWL/XML and N-Triples, not Turtle, so the ontology is handed over as
N-Triples written by rdflib. xsd:gYear, an OWL 1 datatype, is not in the OWL 2 datatype map
HermiT implements; HermiT is told to treat such datatypes as opaque, which leaves every class
axiom, and so satisfiability, as it is.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Quad, RdfFormat, parse
from rdflib import Graph

if TYPE_CHECKING:
    import owlready2


@dataclass(frozen=True)
class ReasonerReport:
    classes: int
    consistent: bool
    unsatisfiable: tuple[str, ...]  # IRIs of the classes equivalent to owl:Nothing

    @property
    def sound(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def __str__(self) -> str:
        if not self.consistent:
            return f"HermiT: the ontology is inconsistent ({self.classes} classes)"
        if self.unsatisfiable:
            return (
                f"HermiT: consistent, but {len(self.unsatisfiable)} of {self.classes} classes "
                "are unsatisfiable: " + ", ".join(self.unsatisfiable)
            )
        return f"HermiT: consistent, all {self.classes} classes satisfiable"


class ReasonerUnavailable(RuntimeError):
    """Java, or HermiT itself, could not be run; the message says what Java said."""


def hermit(ontology: Graph) -> ReasonerReport:
    """Gives HermiT's verdict on `ontology`: consistency and every unsatisfiable class."""
    import owlready2  # here, not above: a build runs HermiT in a forked copy, which alone needs it

    with tempfile.TemporaryDirectory(prefix="nkkg-hermit-") as folder:
        world, loaded = _load(ontology, Path(folder))
        try:
            classes = len(list(loaded.classes()))
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
            unsatisfiable = sorted(
                c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerReport(classes=classes, consistent=False, unsatisfiable=())
        except (owlready2.OwlReadyJavaError, OSError) as error:
            raise ReasonerUnavailable(f"HermiT could not run: {error}") from error
        finally:
            world.close()
    return ReasonerReport(classes=classes, consistent=True, unsatisfiable=tuple(unsatisfiable))


def owlready_triples(ontology: Graph) -> list[Quad]:
    """Gives the triples owlready2 reads from `ontology`, written back out by owlready2."""
    with tempfile.TemporaryDirectory(prefix="nkkg-owlready-") as folder:
        world, loaded = _load(ontology, Path(folder))
        buffer = io.BytesIO()
        try:
            loaded.save(buffer, format="ntriples")
        finally:
            world.close()
    return list(parse(buffer.getvalue(), format=RdfFormat.N_TRIPLES))


def _load(ontology: Graph, folder: Path) -> tuple[owlready2.World, owlready2.Ontology]:
    import owlready2

    path = folder / "ontology.nt"
    ontology.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()  # a world of its own: no state shared between calls
    return world, world.get_ontology(path.as_uri()).load()
