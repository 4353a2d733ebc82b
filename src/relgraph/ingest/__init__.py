"""Ingest and checks: a new article read, checked, compiled from a fact sheet, added or removed.

No names are re-exported here: import from the module (the public API is ``relgraph``)."""
