"""The graph builder: the article and the curated files in, a checked Oxigraph store out.

The pipeline's stages are rooms, each importing only the ones before it:

    document/  the article parsed by code: sections, sentences, markers, infobox, references,
               numbers and dates as written
    curation/  the curated YAML (in the repository's curation/ folder) read, checked and anchored
    claims/    curated claims -> claim records; versions grouped into figures; coverage
    rdf/       the ontology and the records -> quads, one writer per kind
    checks/    OWL Lite, HermiT, SHACL, the OWL 2 RL closure, the round trip: the build's gates
    publication/  the built store put into a SPARQL engine elsewhere (Graph Store Protocol), with
               a record of the version it holds

At the top: build.py (the pipeline, read top to bottom), store.py (atomic store versions),
curator.py (the curators' command), and the ground every room stands on: errors.py (the one
error hierarchy), namespaces.py (every namespace and prefix) and iris.py (every IRI minted).
graph_builder never imports server.
"""
