"""dutygraph's graph: the domain model, the stores (embedded networkx, Neo4j) and the questions asked of them."""
