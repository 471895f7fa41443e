"""Who runs a query: the pool of query worker processes with its hard time limit, the jobs it
sends and the answers and failures it gets back, the result formats answers are written in, and
the answer cache kept per store version.

May import: no other room.
"""
