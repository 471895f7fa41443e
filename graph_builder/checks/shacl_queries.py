"""The data graph pySHACL validates, with every SPARQL query pySHACL asks of it answered by
Oxigraph.

pySHACL decides what to check (targets, focus nodes, paths, results, messages); where a
constraint is a SPARQL query (the shapes' `sh:sparql` constraints, `sh:lessThan` and the like)
it asks the data graph's `query()`, once per focus node, with the focus node bound. rdflib's
SPARQL engine is pure Python and took two thirds of a build's validation time (about 20 s of 30
on the real graph, most of it cutting the article's 35,000-character text with SUBSTR); an
in-memory Oxigraph store holding the same triples answers the same standard SPARQL, with the
same bindings, in a fraction of that. It is the engine the graph is served with, too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pyoxigraph import DefaultGraph, Quad, QueryBoolean, QuerySolutions, Store, Triple, Variable
from rdflib import Graph
from rdflib import Variable as RdflibVariable
from rdflib.query import Result
from rdflib.term import Node

from graph_builder.checks.rdflib_graphs import oxigraph_term, rdflib_graph, rdflib_term


class OxigraphQueries(Graph):
    """An rdflib graph of the triples of `quads` (as `rdflib_graph` gives them) whose `query()`
    runs on an Oxigraph store holding the same triples in its default graph."""

    def __init__(self, quads: Iterable[Quad]) -> None:
        super().__init__()
        quads = list(quads)
        rdflib_graph(quads, into=self)
        self.oxigraph = Store()
        # The same triples as the rdflib side: statements about RDF 1.2 triple terms left out.
        self.oxigraph.bulk_extend(
            Quad(q.subject, q.predicate, q.object, DefaultGraph())
            for q in quads
            if not isinstance(q.subject, Triple) and not isinstance(q.object, Triple)
        )
        self._prologues: dict[str, str] = {}

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's own names)
        initBindings: Mapping[str, Node] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        """Gives the answer to a SELECT or ASK query, with `initBindings` bound to their terms
        and the graph's prefixes (and `initNs`) declared, as rdflib's `query()` would."""
        if not isinstance(query_object, str):
            return super().query(
                query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
            )
        prologue = self._prefixes(query_object, initNs)
        substitutions = {
            Variable(str(name)): oxigraph_term(term)  # type: ignore[arg-type]
            for name, term in (initBindings or {}).items()
            if term is not None
        }
        answer = self.oxigraph.query(prologue + query_object, substitutions=substitutions)
        if isinstance(answer, QueryBoolean):
            found = Result("ASK")
            found.askAnswer = bool(answer)
            return found
        if not isinstance(answer, QuerySolutions):
            raise TypeError("pySHACL asked a CONSTRUCT or DESCRIBE query; only SELECT and ASK")
        names = [variable.value for variable in answer.variables]
        found = Result("SELECT")
        found.vars = [RdflibVariable(name) for name in names]
        found.bindings = [
            {
                RdflibVariable(name): rdflib_term(solution[name])  # type: ignore[arg-type]
                for name in names
                if solution[name] is not None
            }
            for solution in answer
        ]
        return found

    def _prefixes(self, text: str, extra: Mapping[str, Any] | None) -> str:
        # rdflib declares the graph's bound prefixes (rdf:, rdfs:, sh:, …) for every query; the
        # query's own PREFIX lines, coming after these, win. Only those the text names are
        # declared (a name in a string only adds a line): Oxigraph parses the prologue of each
        # query, and pySHACL asks the same few texts thousands of times.
        if text not in self._prologues:
            self._prologues[text] = "".join(
                f"PREFIX {prefix}: <{namespace}>\n"
                for prefix, namespace in self.namespaces()
                if f"{prefix}:" in text
            )
        if not extra:
            return self._prologues[text]
        return self._prologues[text] + "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in extra.items())
