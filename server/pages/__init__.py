"""The HTML pages: the Jinja2 environment and its templates/ and static/, a resource's page and
its figures and charts, the home page, search, the class index, the timeline and the query page,
each page kind a module of its own, and the SPARQL they ask.

May import: http, engine.
"""
