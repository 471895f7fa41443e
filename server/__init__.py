"""The `nkkg` command and, later, the HTTP server over the built store."""
