"""Analytics: the instance graph kept with the store, and paths, centrality, dyads, export over it.

No names are re-exported here: import from the module (the public API is ``relgraph``)."""
