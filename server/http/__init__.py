"""What every route shares about HTTP: the methods a route answers, content negotiation with
q-values, ETag and Cache-Control with their 304, and sending a body (chunked, gzipped).

May import: engine (the answer a query worker gives, to send it).
"""
