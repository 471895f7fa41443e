"""Claims: each curated claim made a record (its value or range and bound from the words, its
cited references, its claimant), the versions of one figure grouped and their disputes derived,
and the coverage of every quantity number in the article.

May import: document, curation.
"""
