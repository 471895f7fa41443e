"""Records -> RDF: the ontology loaded (refused outside OWL Lite) and documented, and one quad
writer per kind: the document, the curated entities and facts, the claims.

May import: document, curation, claims.
"""
