"""Real SPARQL servers on 127.0.0.1: the release loaded into Oxigraph answers every query as the
embedded store does; a second Oxigraph server stands in for Wikidata (tests/data/wikidata/); a tiny
HTTP server plays a busy, slow or absent endpoint. Nothing here reaches the internet."""

import http.server
import json
import threading
import time
from typing import ClassVar

import pytest

from convert.problems import TwjpError
from convert.read.gazetteer import load_gazetteer
from convert.sparql.catalogue import bind_parameters, catalogue
from convert.sparql.remote import USER_AGENT, Endpoint
from convert.sparql.render import expected_answer
from convert.sparql.run import ask
from convert.sparql.wikidata import fetch_items, reconcile
from tests.conftest import DATA
from tests.servers import free_port
from tests.sparql.test_queries import INJECTIONS
from tests.test_cli import twjp

QUERIES = catalogue()
ON_DATASET = [q for q in QUERIES.values() if q.endpoint != "wikidata"]
EXPECTED_WITH_FIXTURE = DATA / "wikidata" / "expected"


def same_answer(a, b):
    assert a.form == b.form
    if a.triples or b.triples:
        assert set(a.triples) == set(b.triples)
    else:
        assert a.variables == b.variables
        assert a.rows() == b.rows()
        assert a.boolean == b.boolean


@pytest.mark.parametrize("query", ON_DATASET, ids=lambda q: q.name)
def test_the_release_in_a_triple_store_answers_as_the_embedded_store(query, dataset_server, wikidata_server):
    bindings = bind_parameters(query, {})
    embedded = ask(query, bindings, wikidata_endpoint=wikidata_server.url, timeout=60)
    served = ask(query, bindings, endpoint=dataset_server.url, wikidata_endpoint=wikidata_server.url, timeout=60)
    same_answer(embedded, served)
    assert embedded.rows() or embedded.triples, f"{query.name} gives nothing to compare"


@pytest.mark.parametrize("value", ["横浜市", "Taipei City", "141003", *INJECTIONS])
def test_parameters_bind_the_same_on_a_server(value, dataset_server):
    q = QUERIES["agreements-of-locality"]
    bindings = bind_parameters(q, {"name": value})
    served = ask(q, bindings, endpoint=dataset_server.url)
    same_answer(ask(q, bindings), served)
    if value in INJECTIONS:
        assert served.rows() == []


@pytest.mark.parametrize("query", [q for q in QUERIES.values() if q.endpoint != "twjp"], ids=lambda q: q.name)
def test_wikidata_queries_give_the_expected_rows_on_the_stand_in(query, wikidata_server):
    got = ask(query, {}, wikidata_endpoint=wikidata_server.url, timeout=60)
    assert expected_answer(got) == (EXPECTED_WITH_FIXTURE / f"{query.name}.csv").read_bytes()


def test_federated_answers_say_what_the_stand_in_says(wikidata_server):
    def rows(name):
        answer = ask(QUERIES[name], {}, wikidata_endpoint=wikidata_server.url, timeout=60)
        return [dict(zip(answer.variables, (t and t.value for t in row), strict=True)) for row in answer.rows()]

    population = {r["name_ja"]: r["population"] for r in rows("japanese-partners-population")}
    assert population == {"横浜市": "1000001", "仙台市": "1000002", "京都市": None}
    missing = {(r["taiwanese_zh"], r["japanese_ja"]) for r in rows("twinnings-missing-from-wikidata")}
    assert ("臺北市", "横浜市") not in missing  # recorded on Taipei's item
    assert ("臺南市", "仙台市") not in missing  # recorded the other way, on Sendai's item
    assert ("臺南市", "加賀市") in missing
    # every Taiwan–Japan pair of localities with items, whatever its agreements, but the two the stand-in records
    from convert.read import load_edition

    edition = load_edition()
    gaz = edition.gazetteer
    pairs = {
        (tw, jp)
        for a in edition.agreements
        for tw in a.taiwan.locality_ids
        for jp in a.japan.locality_ids
        if gaz[tw].qid and gaz[jp].qid
    }
    assert len(missing) == len(pairs) - 2
    labels = {(r["item"].rsplit("/", 1)[1], r["language"]) for r in rows("labels-in-other-languages")}
    assert labels == {("Q1867", "fr"), ("Q38283", "de")}


def test_the_federated_command_runs_through_the_server(dataset_server, wikidata_server):
    result = twjp(
        "query",
        "japanese-partners-population",
        "--endpoint",
        dataset_server.url,
        "--wikidata-endpoint",
        wikidata_server.url,
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.replace("\n", "\r\n").encode()
        == (EXPECTED_WITH_FIXTURE / "japanese-partners-population.csv").read_bytes()
    )


# --- twjp link -------------------------------------------------------------------------------------


def test_link_reports_agreement_difference_extra_missing_and_proposal(wikidata_server):
    gazetteer = load_gazetteer()
    rec = reconcile(gazetteer, fetch_items(wikidata_server.url, 60), wikidata_server.url)
    status = {link.locality.id: link.status for link in rec.links}
    assert {i for i, s in status.items() if s == "agrees"} == {
        "tw-63000",
        "tw-64000",
        "tw-67000",
        "jp-141003",
        "jp-041009",
    }
    assert status["jp-172065"] == "different"
    assert status["jp-261009"] == "extra"
    assert status["tw-63000070"] == "proposal"
    assert status["jp-432024"] == "missing-item"
    assert status["tw-64000020"] == "not-found"
    assert status["jp-group-uki-area"] == "no-code"
    with_qid = sum(1 for loc in gazetteer.localities if loc.qid)
    assert len(rec.by_status("missing-item")) == with_qid - 5 - 2  # all but the 5 agreeing and 2 disagreeing
    assert len(rec.by_status("not-found")) == 12  # the 13 districts without an item but Wanhua
    assert rec.disagrees


def test_link_command_proposes_without_writing(wikidata_server):
    gazetteer_before = (DATA.parent.parent / "convert" / "data" / "gazetteer.tsv").read_bytes()
    result = twjp("link", "--wikidata-endpoint", wikidata_server.url, "--propose")
    assert result.returncode == 1, result.stderr  # Wikidata disagrees: exit 1
    out = result.stdout
    assert "jp-172065  石川県加賀市  P429=172065: gazetteer Q120103; Wikidata Q999999999001" in out
    assert "jp-261009  京都府京都市  P429=261009: gazetteer Q34600; Wikidata Q34600 (京都市), Q999999999002" in out
    assert "tw-63000070\t臺北市萬華區\t63000070\tP5020\tQ999999999003\ttest item for 63000070\t" in out
    assert (DATA.parent.parent / "convert" / "data" / "gazetteer.tsv").read_bytes() == gazetteer_before


# --- a busy, slow or absent endpoint ---------------------------------------------------------------

RESULT = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}})


class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers POSTed queries from a script: a list of (status, headers, delay) consumed in order."""

    script: ClassVar[list] = []
    seen: ClassVar[list] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append((time.monotonic(), self.headers.get("User-Agent")))
        status, headers, delay = type(self).script.pop(0) if type(self).script else (200, {}, 0)
        time.sleep(delay)
        body = RESULT.encode() if status == 200 else b"slow down"
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture
def scripted():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    Scripted.script, Scripted.seen = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Scripted, f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


def test_429_is_retried_after_the_time_the_server_asks(scripted):
    handler, url = scripted
    handler.script = [(429, {"Retry-After": "1"}, 0)]
    answer = Endpoint(url, timeout=10).ask("SELECT ?n WHERE {}", "SELECT")
    assert [row[0].value for row in answer.rows()] == ["1"]
    (first, agent), (second, _) = handler.seen
    assert second - first >= 1.0
    assert agent == USER_AGENT and "twjp/" in agent


def test_endless_429_gives_up_with_a_clear_message(scripted):
    handler, url = scripted
    handler.script = [(429, {"Retry-After": "0"}, 0)] * 5
    with pytest.raises(TwjpError, match="still answers HTTP 429 after 2 attempts"):
        Endpoint(url, timeout=10, attempts=2).ask("SELECT ?n WHERE {}", "SELECT")
    handler.script = [(429, {"Retry-After": "3600"}, 0)]
    with pytest.raises(TwjpError, match="asks to wait 3600 s"):
        Endpoint(url, timeout=10).ask("SELECT ?n WHERE {}", "SELECT")


def test_timeout_is_reported(scripted):
    handler, url = scripted
    handler.script = [(200, {}, 3)]
    with pytest.raises(TwjpError, match=r"gave no whole answer within 1 s \(--timeout\)"):
        Endpoint(url, timeout=1).ask("SELECT ?n WHERE {}", "SELECT")


def test_an_absent_endpoint_is_reported_as_unreachable():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = twjp("query", "wikidata-localities-by-code", "--wikidata-endpoint", url)
    assert result.returncode == 3  # a remote endpoint that cannot be asked: exit 3, as for link
    assert "cannot be reached" in result.stderr and "offline" in result.stderr and "Traceback" not in result.stderr
    link = twjp("link", "--wikidata-endpoint", url)
    # unreachable (3) is not a disagreement (1): a scheduled job can tell them apart
    assert link.returncode == 3 and "cannot be reached" in link.stderr


@pytest.mark.parametrize("query", [q for q in QUERIES.values() if q.is_federated], ids=lambda q: q.name)
def test_a_failed_service_call_fails_the_query_instead_of_giving_rows(query, dataset_server):
    """Never an answer computed as if Wikidata had said nothing (Oxigraph ignores a failed SERVICE
    inside MINUS or FILTER NOT EXISTS, so the queries avoid those around SERVICE)."""
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(TwjpError, match="SERVICE call failed"):
        ask(query, {}, wikidata_endpoint=url, timeout=30)
    with pytest.raises(TwjpError, match=str(dataset_server.port)):
        ask(query, {}, endpoint=dataset_server.url, wikidata_endpoint=url, timeout=30)


def test_a_slow_service_call_times_out(scripted):
    handler, url = scripted
    handler.script = [(200, {}, 3)]
    with pytest.raises(TwjpError, match=r"no answer within 1 s \(--timeout\)"):
        ask(QUERIES["labels-in-other-languages"], {}, wikidata_endpoint=url, timeout=1)


def test_a_server_error_is_reported_with_its_text(scripted):
    handler, url = scripted
    handler.script = [(503, {"Retry-After": "0"}, 0), (502, {}, 0)]
    with pytest.raises(TwjpError, match="answered HTTP 502"):
        Endpoint(url, timeout=10).ask("SELECT ?n WHERE {}", "SELECT")
