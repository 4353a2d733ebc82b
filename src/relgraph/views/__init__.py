"""Views: the graph as networkx (graphview) and the offline graph page (visualise).

No names are re-exported here: import from the module (the public API is ``relgraph``)."""
