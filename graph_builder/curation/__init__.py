"""The curated files read and checked: their schema (pydantic, with line numbers kept), every
quote anchored in the article, one id one entity, every reference resolved. The YAML itself is
data, kept apart in the repository's curation/ folder.

May import: document.
"""
