"""Every IRI the graph mints, dereferenced by content negotiation: descriptions (what a CONSTRUCT
gives for a resource), compact JSON-LD with the published context, VoID, the dumps, and the
ontology's pages.

May import: http, engine, sparql, pages.
"""
