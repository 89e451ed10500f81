"""Run a query on the release in an embedded Oxigraph store (pyoxigraph): nothing to install or start."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from pyoxigraph import Literal, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store, Variable

from convert.problems import Problem, TwjpError, quote, raise_if_any
from convert.sparql.answer import Answer
from convert.sparql.catalogue import QueryFile, syntax_problem

log = logging.getLogger(__name__)


def load_store(data: list[Path]) -> Store:
    """An in-memory Oxigraph store with the given RDF files (default: the release's Turtle)."""
    from convert.inputs import RDF_BOUND, bomb, read_input

    store = Store()
    problems = []
    for path in data:
        fmt = RdfFormat.from_extension(path.suffix.lstrip(".")) or RdfFormat.TURTLE
        try:
            content = read_input(path, RDF_BOUND, "an RDF file", "twjp query --data")
        except TwjpError as err:
            problems += err.problems
            continue
        if why := bomb(content, fmt.name):
            problems.append(Problem(str(path), why))
            continue
        try:
            store.load(content, format=fmt)
        except (SyntaxError, ValueError) as err:
            where = f"{path}:{err.lineno}:{err.offset or 0}" if getattr(err, "lineno", None) else str(path)
            problems.append(Problem(where, f"cannot load: {quote(str(err), 200)}"))
    raise_if_any("twjp query --data", problems, exit_code=2)
    if len(store) == 0:
        log.warning("the --data files hold no triples: every query answers from an empty store")
    return store


def run_embedded(
    store: Store, query: QueryFile, bindings: dict[str, Literal], text: str | None = None, timeout: float = 120.0
) -> Answer:
    """Run the query on the embedded store. SERVICE calls (federated queries) are made by Oxigraph;
    `timeout` bounds the whole run, since Oxigraph's HTTP client has none of its own."""
    text = text or query.text
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            result = store.query(text, substitutions={Variable(k): v for k, v in bindings.items()} or None)
            if isinstance(result, QuerySolutions | QueryBoolean):
                outcome["answer"] = Answer(query.form, results_json=result.serialize(format=QueryResultsFormat.JSON))
            else:
                outcome["answer"] = Answer(query.form, triples=list(result))
        except SyntaxError as err:
            outcome["error"], outcome["syntax"] = str(err), True
        except (OSError, RuntimeError, ValueError) as err:
            # keep only the message: the traceback holds pyoxigraph objects that must die in this thread
            outcome["error"] = str(err)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TwjpError(query.name, [Problem("embedded store", f"no answer within {timeout:g} s (--timeout)")])
    if "syntax" in outcome:  # located in the text as written (bound values never add a syntax error)
        raise TwjpError(query.name, [syntax_problem(str(query.path), query.text, str(outcome["error"]))], exit_code=2)
    if "error" in outcome:
        err = outcome["error"]
        hint = " (a SERVICE call failed: offline, or the endpoint is down?)" if query.is_federated else ""
        raise TwjpError(query.name, [Problem("embedded store", f"{err}{hint}")])
    return outcome["answer"]  # type: ignore[return-value]
