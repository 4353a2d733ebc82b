"""The model: the namespaces relgraph writes and reads, and the terms the ontology defines.

No names are re-exported here: import from the module (the public API is ``relgraph``)."""
