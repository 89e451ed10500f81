"""The sample queries on the embedded store: headers, expected answers, answers checked against the
source by other means, parameters bound safely, and the `twjp query` command."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, Store

from convert import paths
from convert.problems import TwjpError
from convert.rdf.terms import RDF
from convert.read import load_gazetteer
from convert.read.gazetteer import JAPAN, TAIWAN
from convert.sparql.catalogue import (
    ENDPOINTS,
    WIKIDATA_SPARQL,
    bind_parameters,
    catalogue,
    expected_path,
    find_query,
    read_query,
)
from convert.sparql.render import expected_answer, render
from convert.sparql.run import ask, with_values_block, with_wikidata_endpoint
from tests.test_cli import twjp

QUERIES = catalogue()
LOCAL = [q for q in QUERIES.values() if q.endpoint == "twjp"]


def run(query_name, **params):
    q = QUERIES[query_name]
    return ask(q, bind_parameters(q, params))


def table(query_name, **params):
    """Rows as dicts of plain values (IRIs and literals by their text)."""
    answer = run(query_name, **params)
    return [
        {v: (None if t is None else t.value) for v, t in zip(answer.variables, row, strict=True)}
        for row in answer.rows()
    ]


GROUPS = {loc.id.split("-group-", 1)[1]: loc.id for loc in load_gazetteer().localities if loc.is_group}


def local_name(iri: str) -> str:
    """The gazetteer id of a locality or group IRI (groups live under group/, by their slug)."""
    kind, name = iri.rsplit("/", 2)[1:]
    return GROUPS[name] if kind == "group" else name


def test_the_catalogue_covers_what_users_ask_for():
    assert len(QUERIES) >= 12
    assert set(ENDPOINTS) == {q.endpoint for q in QUERIES.values()}
    for q in QUERIES.values():
        assert q.question.endswith("?") and q.question_zh, q.name
        assert q.columns if q.form == "SELECT" else q.triples, q.name
    federated = [q for q in QUERIES.values() if q.is_federated]
    assert len(federated) >= 3
    assert all(f"SERVICE <{WIKIDATA_SPARQL}>" in q.text for q in federated)
    assert any(q.form == "CONSTRUCT" for q in QUERIES.values())
    assert any(q.parameters for q in QUERIES.values())


@pytest.mark.parametrize(
    "query", [q for q in QUERIES.values() if q.form == "SELECT" and q.endpoint == "twjp"], ids=lambda q: q.name
)
def test_select_returns_the_columns_its_header_names(query):
    assert tuple(run(query.name).variables) == query.columns


@pytest.mark.parametrize("query", LOCAL, ids=lambda q: q.name)
def test_local_query_gives_its_expected_answer(query):
    path = expected_path(query)
    assert path.exists(), f"{path.name} is missing: run `twjp query --update-expected` and review it"
    got = expected_answer(run(query.name))
    assert got == path.read_bytes(), (
        f"{query.name} no longer gives {path.name}; if the change is intended, run "
        "`twjp query --update-expected` and review the diff"
    )


def test_every_wikidata_property_in_a_query_has_its_label_in_a_comment():
    import re

    for q in QUERIES.values():
        for line in q.text.splitlines():
            code = line.split("#", 1)[0]
            for prop in re.findall(r"\b(?:wdt|p|ps|pq|pr):(P\d+)", code):
                assert any(f"{prop}:" in text for text in q.text.split("#")[1:]), f"{q.name}: {prop} has no label"


# --- answers checked against the source and the curated data by other means ------------------------


def test_agreements_per_year_add_up_to_the_list(edition):
    rows = table("agreements-per-year")
    by_year = Counter(a.row.date.year for a in edition.agreements)
    assert {int(r["year"]): int(r["agreements"]) for r in rows} == dict(by_year)
    for r in rows:
        parts = ("sister_city", "friendship_city", "exchange_agreement", "memorandum", "letter_of_intent")
        assert sum(int(r[c]) for c in parts) == int(r["agreements"])
    assert sum(by_year.values()) == 157


def test_agreements_per_county_roll_up_townships_and_districts(edition):
    gaz = edition.gazetteer

    def top(loc_id):
        loc = gaz[loc_id]
        while gaz.parent(loc) is not None:
            loc = gaz.parent(loc)
        return loc.id

    expected = Counter()
    for a in edition.agreements:
        for county in {top(i) for i in a.taiwan.locality_ids}:
            expected[county] += 1
    rows = table("agreements-per-county")
    assert {local_name(r["county"]): int(r["agreements"]) for r in rows} == dict(expected)
    assert sum(expected.values()) == 157  # every agreement has exactly one Taiwanese county
    taipei = next(r for r in rows if local_name(r["county"]) == "tw-63000")
    assert (taipei["name_zh"], int(taipei["own"]) + int(taipei["by_subdivisions"])) == ("臺北市", 13)


def test_agreements_per_prefecture_count_municipalities_and_group_members(edition):
    gaz = edition.gazetteer

    def prefectures(loc_id):
        loc = gaz[loc_id]
        members = [gaz[m] for m in loc.member_ids] if loc.is_group else [loc]
        return {m.id if m.kind == "prefecture" else gaz.parent(m).id for m in members}

    expected = Counter()
    for a in edition.agreements:
        for pref in set().union(*(prefectures(i) for i in a.japan.locality_ids)):
            expected[pref] += 1
    rows = table("agreements-per-prefecture")
    assert {local_name(r["prefecture"]): int(r["agreements"]) for r in rows} == dict(expected)
    hokkaido = next(r for r in rows if r["name_ja"] == "北海道")
    assert int(hokkaido["agreements"]) == 17


def test_memoranda_are_the_rows_whose_type_says_備忘錄(edition):
    rows = table("memoranda")
    assert {r["agreement"] for r in rows} and all("備忘錄" in r["type_zh"] for r in rows)
    assert len({r["agreement"] for r in rows}) == sum(1 for a in edition.agreements if "備忘錄" in a.row.type) == 33


def test_tourism_agreements_are_the_rows_whose_type_says_觀光(edition):
    rows = table("tourism-agreements")
    assert len({r["agreement"] for r in rows}) == sum(1 for a in edition.agreements if "觀光" in a.row.type)


def test_oldest_sister_cities_are_the_first_ten_by_date():
    rows = table("oldest-sister-cities")
    dates = [r["date"] for r in rows]
    assert len(rows) == 10 and dates == sorted(dates)
    assert rows[0]["date"] == "1979-10-10" and rows[0]["type_zh"] == "姊妹市"
    assert rows[0]["taiwanese_zh"] == "雲林縣虎尾鎮" and rows[0]["japanese_ja"] == "大間町"


def test_group_agreements_list_every_member(edition):
    rows = table("group-agreements")
    gaz = edition.gazetteer
    groups = [loc for loc in gaz.localities if loc.is_group]
    assert {local_name(r["member"]) for r in rows} == {m for g in groups for m in g.member_ids}
    assert len(rows) == 8


def test_localities_without_wikidata_are_the_gazetteer_rows_without_qid(edition):
    used = edition.used_locality_ids()
    expected = {i for i in used if not edition.gazetteer[i].qid}
    rows = table("localities-without-wikidata")
    assert {local_name(r["locality"]) for r in rows} == expected
    assert len(expected) == 15  # the 13 districts and the 2 groups


def test_link_coverage_adds_up(edition):
    rows = table("wikidata-link-coverage")
    used = [edition.gazetteer[i] for i in edition.used_locality_ids()]
    assert sum(int(r["localities"]) for r in rows) == len(used)
    assert sum(int(r["linked"]) for r in rows) == sum(1 for loc in used if loc.qid) == 236
    for country in (TAIWAN, JAPAN):
        n = sum(int(r["unlinked"]) for r in rows if r["country"] == country)
        assert n == sum(1 for loc in used if loc.country == country and not loc.qid)


def test_several_partners_both_ways(edition):
    partners: dict[str, set] = {}
    for a in edition.agreements:
        for tw in a.taiwan.locality_ids:
            for jp in a.japan.locality_ids:
                partners.setdefault(jp, set()).add(tw)
                partners.setdefault(tw, set()).add(jp)
    for name, prefix in (
        ("japanese-localities-with-several-partners", "jp-"),
        ("taiwanese-localities-with-several-partners", "tw-"),
    ):
        rows = table(name)
        got: dict[str, set] = {}
        for r in rows:
            got.setdefault(local_name(r["locality"]), set()).add(local_name(r["partner"]))
            assert int(r["partners"]) == len(partners[local_name(r["locality"])])
        assert got == {k: v for k, v in partners.items() if k.startswith(prefix) and len(v) > 1}


def test_twinning_statements_are_what_the_export_proposes(edition):
    """The CONSTRUCT follows `twjp quickstatements`'s default policy: the same pairs, the same start times, each
    statement as Wikibase RDF writes it (a wikibase:Statement of normal rank with a reference: P854 and P813)."""
    from convert.exports.quickstatements import DEFAULT_CATEGORIES, select

    answer = run("wikidata-twinning-statements")
    proposed = select(edition, DEFAULT_CATEGORIES, include_inferred=False)
    pairs = {(p.taiwan.qid, p.japan.qid): p.first.isoformat() for p in proposed.pairs}
    assert len(pairs) == 42
    truthy = {
        (local_name(t.subject.value), local_name(t.object.value))
        for t in answer.triples
        if t.predicate.value == "http://www.wikidata.org/prop/direct/P190"
    }
    assert truthy == set(pairs) | {(jp, tw) for tw, jp in pairs}
    by_subject: dict[str, dict[str, list]] = {}
    for t in answer.triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    wikibase, wd = "http://wikiba.se/ontology#", "http://www.wikidata.org/prop/"
    statements = {s: p for s, p in by_subject.items() if f"{wd}statement/P190" in p}
    assert len(statements) == 2 * len(pairs)
    for s, p in statements.items():
        assert [o.value for o in p[RDF.type.value]] == [f"{wikibase}Statement"]
        assert [o.value for o in p[f"{wikibase}rank"]] == [f"{wikibase}NormalRank"]
        [start] = p[f"{wd}qualifier/P580"]
        assert start.datatype.value.endswith("#dateTime")
        [reference] = p["http://www.w3.org/ns/prov#wasDerivedFrom"]
        ref = by_subject[reference.value]
        assert [o.value for o in ref[RDF.type.value]] == [f"{wikibase}Reference"]
        [url] = ref[f"{wd}reference/P854"]
        [retrieved] = ref[f"{wd}reference/P813"]
        assert url.value.startswith("https://w3id.org/twjp/agreement/") and retrieved.value == "2026-11-26T00:00:00Z"
        tw, jp = s.rsplit("#P190-", 1)[1].split("-")
        assert start.value == pairs.get((tw, jp), pairs.get((jp, tw))) + "T00:00:00Z"
    first = {  # Taipei–Yokohama: one agreement, 2006-05-22
        p[f"{wd}qualifier/P580"][0].value for s, p in statements.items() if "Q1867-Q38283" in s
    }
    assert first == {"2006-05-22T00:00:00Z"}
    # 臺南市–仙台市 was signed in 2006 by a predecessor of today's 臺南市 (formed 2010): not proposed
    assert not any("Q140631-Q46747" in s for s in statements)


# --- parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["臺南市", "台南市", "tainan city", "67000", "tw-67000"],
)
def test_a_locality_can_be_named_many_ways(name):
    rows = table("agreements-of-locality", name=name)
    assert {local_name(r["locality"]) for r in rows} == {"tw-67000"}
    assert len({r["agreement"] for r in rows}) == 20  # as agreements-per-county says for 臺南市


def test_a_locality_gets_its_subdivisions_and_groups_agreements():
    yonago = table("agreements-of-locality", name="米子市")
    assert {local_name(r["party"]) for r in yonago} >= {"jp-group-nakaumi-shinjiko-daisen"}
    taipei = table("agreements-of-locality", name="臺北市")
    assert any(local_name(r["party"]).startswith("tw-63000") and r["party"] != r["locality"] for r in taipei)


INJECTIONS = [
    '臺南市" }',
    '臺南市") || true || ("',
    "臺南市' } UNION { ?locality ?p ?o } #",
    "} } SELECT * WHERE { ?s ?p ?o } #",
    "\\u0022) || true || (\\u0022",
    '\\"',
    "tw-67000\n} #",
    "臺南市\\",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_parameter_cannot_change_the_query(value):
    assert table("agreements-of-locality", name=value) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_a_bound_value_reaches_the_query_intact(value):
    """The text sent to a remote endpoint carries the value as one literal, whatever it contains."""
    text = with_values_block("SELECT ?name WHERE { }", {"name": Literal(value)})
    got = [row["name"] for row in Store().query(text)]
    assert got == [Literal(value)]


def test_unknown_parameter_is_named():
    q = QUERIES["agreements-of-locality"]
    with pytest.raises(TwjpError) as err:
        bind_parameters(q, {"city": "x"})
    assert "has no parameter 'city' (it has: name)" in err.value.format()


def test_wikidata_endpoint_replaces_only_the_service_target():
    q = QUERIES["japanese-partners-population"]
    text = with_wikidata_endpoint(q.text, "http://127.0.0.1:9/sparql")
    assert "SERVICE <http://127.0.0.1:9/sparql>" in text and WIKIDATA_SPARQL not in text
    with pytest.raises(TwjpError, match="not an IRI"):
        with_wikidata_endpoint(q.text, "http://x/> } DROP ALL #")


# --- headers -------------------------------------------------------------------------------------


def test_a_header_with_problems_names_all_of_them(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text(
        "# Question: what?\n# Endpoint: somewhere\n# Parameter: name\n# Question: again?\nSELECT ?x WHERE { }\n",
        encoding="utf-8",
    )
    with pytest.raises(TwjpError) as err:
        read_query(bad)
    text = err.value.format()
    for expected in (
        "no `# 問題:` line",
        "needs a `# Columns:` line",
        "unknown endpoint 'somewhere'",
        "bad.rq:3",
        "bad.rq:4: `# Question:` is given twice",
    ):
        assert expected in text


def test_any_file_runs_without_a_header(tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text(
        "PREFIX twjp: <https://w3id.org/twjp/ontology#>\nSELECT (COUNT(*) AS ?n) WHERE { ?a a twjp:Agreement }\n",
        encoding="utf-8",
    )
    q = find_query(str(mine))
    assert render(ask(q, {}), "csv", {}) == b"n\r\n157\r\n"


# --- the command ---------------------------------------------------------------------------------


def test_query_without_argument_lists_every_query_with_its_question():
    result = twjp("query")
    assert result.returncode == 0, result.stderr
    for q in QUERIES.values():
        assert q.name in result.stdout and q.question in result.stdout


def test_query_command_prints_csv_and_json():
    csv = twjp("query", "agreements-per-year", "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.encode() == expected_path(QUERIES["agreements-per-year"]).read_bytes().replace(b"\r\n", b"\n")
    js = twjp("query", "agreements-of-locality", "--param", "name=横浜市", "--format", "json")
    import json

    bindings = json.loads(js.stdout)["results"]["bindings"]
    assert [b["partner_zh"]["value"] for b in bindings] == ["臺北市"]
    assert bindings[0]["partner_zh"]["xml:lang"].lower() == "zh-hant"


def test_query_command_table_and_turtle():
    result = twjp("query", "agreements-per-county", "--lang", "en")
    assert result.returncode == 0
    # the table names the counties, in English
    assert "Kaohsiung City" in result.stdout and "(20 rows)" in result.stdout
    ttl = twjp("query", "wikidata-twinning-statements")
    assert ttl.returncode == 0 and "wdt:P190" in ttl.stdout
    bad = twjp("query", "wikidata-twinning-statements", "--format", "csv")
    assert bad.returncode != 0 and "use --format turtle or ntriples" in bad.stderr


def test_query_command_errors_are_clear():
    unknown = twjp("query", "memorandum")
    assert unknown.returncode == 1 and "did you mean memoranda" in unknown.stderr
    param = twjp("query", "memoranda", "--param", "name=x")
    assert param.returncode == 1 and "memoranda has no parameter 'name' (it has none)" in param.stderr
    malformed = twjp("query", "agreements-of-locality", "--param", "臺南市")
    assert malformed.returncode == 1 and "write it as NAME=VALUE" in malformed.stderr
    assert "Traceback" not in unknown.stderr + param.stderr + malformed.stderr


def test_queries_folder_has_only_queries_and_their_answers():
    for path in paths.QUERIES.iterdir():
        name = path.name.split(".")[0]
        assert name in QUERIES, f"{path.name} belongs to no query"
        if path.suffix != ".rq":
            assert QUERIES[name].endpoint == "twjp" and path == expected_path(QUERIES[name])


def test_the_release_describes_every_query_as_a_sparql_executable():
    import rdflib
    from rdflib.namespace import RDFS, SH

    g = rdflib.Graph().parse(paths.OUTPUT / "queries" / "examples.ttl")
    schema_target = rdflib.URIRef("https://schema.org/target")
    found = {}
    for s in g.subjects(rdflib.RDF.type, SH.SPARQLExecutable):
        name = str(g.value(s, RDFS.label))
        q = QUERIES[name]
        assert str(s) == f"https://w3id.org/twjp/dataset/1.0/query/{name}"
        text = g.value(s, {"SELECT": SH.select, "CONSTRUCT": SH.construct}[q.form])
        assert str(text) == q.text == (paths.OUTPUT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        comments = {c.language.lower(): str(c) for c in g.objects(s, RDFS.comment)}
        assert comments == {"en": q.question, "zh-hant": q.question_zh, "ja": q.question_ja}
        target = str(g.value(s, schema_target))
        assert target == (WIKIDATA_SPARQL if q.endpoint == "wikidata" else "https://w3id.org/twjp/dataset/1.0")
        found[name] = s
    assert set(found) == set(QUERIES)


def test_the_form_is_read_outside_comments_and_iris(tmp_path):
    mine = tmp_path / "ask.rq"
    mine.write_text(
        "# Select nothing: this asks.\nPREFIX sel: <http://example.org/select/>\n"
        "PREFIX twjp: <https://w3id.org/twjp/ontology#>\nASK { ?a a twjp:Agreement }\n",
        encoding="utf-8",
    )
    q = find_query(str(mine))
    assert q.form == "ASK"
    answer = ask(q, {})
    assert answer.boolean is True and render(answer, "table", {}) == b"true\n"
    assert render(answer, "json", {}) == b'{"head":{},"boolean":true}\n'


@pytest.mark.parametrize(
    "value,suggested",
    [
        ("大阪", ["大阪府"]),
        ("台北", ["臺北市"]),
        ("Yokohama City", ["橫濱市 (Yokohama)"]),
        ("Atlantis", []),
    ],
)
def test_a_name_of_no_locality_is_an_error_with_the_nearest_names(value, suggested):
    result = twjp("query", "agreements-of-locality", "--param", f"name={value}")
    assert result.returncode == 2, result.stdout
    assert "names no locality" in result.stderr and "Traceback" not in result.stderr
    for name in suggested:
        assert name in result.stderr
    if not suggested:
        assert "did you mean" not in result.stderr


def test_an_empty_locality_name_is_an_error():
    result = twjp("query", "agreements-of-locality", "--param", "name=")
    assert result.returncode == 2 and "is empty" in result.stderr


def test_a_name_that_two_localities_share_in_part_suggests_both():
    """釧路市 and 釧路町 are both Kushiro: their English labels tell them apart, and a bare "Kushiro" suggests both."""
    result = twjp("query", "agreements-of-locality", "--param", "name=kushiro")
    assert result.returncode == 2
    assert "Kushiro (city)" in result.stderr and "Kushiro (town)" in result.stderr
    for name in ("Kushiro (town)", "釧路町", "016616", "jp-016616"):
        found = twjp("query", "agreements-of-locality", "--param", f"name={name}", "--format", "csv")
        assert found.returncode == 0, found.stderr
        assert {line.split(",")[1] for line in found.stdout.splitlines()[1:]} == {
            "https://w3id.org/twjp/locality/jp-016616"
        }


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_every_output_format_ends_with_a_newline(fmt):
    result = twjp("query", "agreement-types", "--format", fmt)
    assert result.returncode == 0 and result.stdout.endswith("\n")
