"""The article, parsed by code: its manifest and checksum, sections, paragraphs, sentences and
citation markers with their offsets, the infobox and the military-balance table, the reference
list with short citations resolved, numbers and dates as written, and the script words are
written in. Plain records, no RDF.

May import: nothing else.
"""
