"""SPARQL: the sample queries of queries/ (their headers and parameters) in, answers out — from the release
in an embedded Oxigraph store, from any SPARQL endpoint, or from Wikidata (and the reconciliation of the
gazetteer with Wikidata); rendered as tables or standard formats."""

from convert.sparql.answer import Answer
from convert.sparql.catalogue import WIKIDATA_SPARQL, QueryFile, catalogue
from convert.sparql.run import ask

__all__ = ["WIKIDATA_SPARQL", "Answer", "QueryFile", "ask", "catalogue"]
