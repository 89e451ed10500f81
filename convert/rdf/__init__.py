"""RDF: an `Edition` in, the dataset's triples out (pyoxigraph terms, sorted, no blank nodes), and the dataset
description (DCAT, VoID, PROV) of a set of release files. Namespaces, prefixes and IRI minting live in
`convert.rdf.terms`, which every later stage imports."""

from convert.rdf.describe import description_triples, query_example_triples
from convert.rdf.graph import Graph, build_graph, dataset_graph
from convert.rdf.terms import DEFAULT_BASE, Iris, edition_id, prefixes

__all__ = [
    "DEFAULT_BASE",
    "Graph",
    "Iris",
    "build_graph",
    "dataset_graph",
    "description_triples",
    "edition_id",
    "prefixes",
    "query_example_triples",
]
