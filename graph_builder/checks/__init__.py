"""The quality checks, as the build's gates and as `nkkg check`: HermiT, the parsers' agreement,
declared terms, SHACL, the OWL 2 RL closure and the round trip, with the rdflib bridge the
checks that need rdflib use, and the forked copy of the build that gives them a second core.

May import: rdf.
"""
