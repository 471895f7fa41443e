"""The server: the store, read-only, as a SPARQL endpoint, linked data and pages.

Its parts are rooms, each importing only those beneath it:

    http/         what every route shares: methods, content negotiation, caching headers, sending
    engine/       who runs a query: the pool of killable workers, jobs and answers, the formats
                  answers are written in, the answer cache
    sparql/       the SPARQL 1.1 Protocol endpoint: read the operation, choose the format, run it
                  on the engine, send; the service description and the dataset's counts
    pages/        the HTML pages: templating, one module per page kind, templates/ and static/
    linked_data/  every minted IRI dereferenced: descriptions, JSON-LD, VoID, dumps, ontology pages
    canned/       the canned queries (queries/*.rq) as REST routes with their OpenAPI description

At the top: app.py (create_app wires the rooms together), cli.py (the `nkkg` command), and the
ground every room stands on: settings.py (the one frozen settings object), errors.py (the
error hierarchy and its one handler) and lexer.py (SPARQL text split into the grammar's terminals).
"""
