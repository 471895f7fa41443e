"""The built store published into a SPARQL engine elsewhere: each named graph sent over the SPARQL
1.1 Graph Store Protocol (retried with backoff when the engine is out of reach or fails), and a
small record graph saying which store version (its content digest) the engine now holds, which
a server in front of that engine reads back.

May import: nothing else.
"""
