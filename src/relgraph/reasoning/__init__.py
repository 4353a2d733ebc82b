"""Reasoning: the OWL reasoners, consistency and the inferences file.

No names are re-exported here: import from the module (the public API is ``relgraph``)."""
