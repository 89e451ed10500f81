"""The answer of a query, whichever engine gave it (the embedded store or a remote endpoint)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, Triple, parse_query_results

# forms whose answer is triples, not results
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


@dataclass
class Answer:
    """The answer of a query, whichever engine gave it: SPARQL JSON results, or triples."""

    form: str
    results_json: bytes = b""
    triples: list[Triple] = field(default_factory=list)

    def solutions(self) -> QuerySolutions | QueryBoolean:
        """A fresh iterator over the results (pyoxigraph serializes from one)."""
        return parse_query_results(self.results_json, QueryResultsFormat.JSON)

    @property
    def is_graph(self) -> bool:
        return self.form in GRAPH_FORMS

    @cached_property
    def _parsed(self) -> tuple[list[str], list[tuple], bool | None]:
        """Variables, rows and boolean of the results, parsed once."""
        if self.is_graph:
            return [], [], None
        s = self.solutions()
        if isinstance(s, QueryBoolean):
            return [], [], bool(s)
        names = [v.value for v in s.variables]
        return names, [tuple(row) for row in s], None  # a solution iterates its values in variable order

    @property
    def variables(self) -> list[str]:
        return self._parsed[0]

    def rows(self) -> list[tuple]:
        return self._parsed[1]

    @property
    def boolean(self) -> bool | None:
        return self._parsed[2]
