"""Tools for developers, not part of the pipeline: the benchmark (`make bench`) and synthetic editions."""
