"""The canned queries (queries/*.rq): their comment headers and typed parameters, each query a
REST route answered in every results format or as an HTML table, and their OpenAPI description.

May import: http, engine, pages.
"""
