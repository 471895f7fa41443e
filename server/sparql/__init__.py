"""The SPARQL 1.1 Protocol endpoint, read one way: read the operation (operation.py), check the
query's text (query_text.py), choose the format (format_choice.py), run it on the engine, send
(http/sending.py). Beside it: the short way in for queries, the service description, the
dataset's counts, and query results as text tables for the command line.

May import: http, engine.
"""
