"""Reading laws, 三定 provisions, notices and published lists into the graph."""
