"""The query layer: canned and ad-hoc SPARQL bound and run, names to IRIs, result formats.

No names are re-exported here: import from the module (the public API is ``relgraph``)."""
