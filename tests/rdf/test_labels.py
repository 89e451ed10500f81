"""Facts and labels of the graph, checked against the source list and the curated tables."""

import re
from collections import Counter, defaultdict

import pytest
from pyoxigraph import Literal

from convert import paths
from convert.rdf import build_graph
from convert.rdf.terms import DCTERMS, RDF, RDFS, SKOS, TWJP
from convert.read import JAPAN, TAIWAN
from convert.read.readings import load_successions


@pytest.fixture(scope="module")
def graph(edition):
    return build_graph(edition, edition.source.read_bytes())


def labels(graph):
    """locality or group id (as in the gazetteer, or predecessors.tsv) -> language -> labels."""
    parties = {t.subject for t in graph if t.predicate == RDF.type and t.object == TWJP.Party}
    out = defaultdict(lambda: defaultdict(list))
    for t in graph:
        if t.predicate != RDFS.label or t.subject not in parties:
            continue
        for prefix, id_prefix in (
            ("https://w3id.org/twjp/locality/", ""),
            ("https://w3id.org/twjp/group/", "jp-group-"),
        ):
            if t.subject.value.startswith(prefix):
                out[id_prefix + t.subject.value.removeprefix(prefix)][t.object.language].append(t.object.value)
    return out


def test_a_japanese_locality_is_labelled_in_zh_hant_as_the_list_writes_it(graph, edition):
    cells = {row.japan for row in edition.published.rows}
    zh = {i: by["zh-hant"] for i, by in labels(graph).items() if i.startswith("jp-") and "-former-" not in i}
    for loc_id, found in zh.items():
        assert len(found) <= 1
        for label in found:
            assert any(label in cell for cell in cells), f"{loc_id}: {label} is not written in the list"
    expected = {
        "jp-014087": ["余市町"],
        "jp-041009": ["仙台市"],
        "jp-092096": ["真岡市"],
        "jp-054348": ["美郷町"],
        "jp-342025": ["吳市"],
        "jp-422070": ["平戶市"],
        "jp-162051": ["冰見市"],
        "jp-212172": ["飛驒市"],
        "jp-102083": [],  # the list writes 涉川市, a typo: no form is guessed
    }
    assert {i: zh.get(i, []) for i in expected} == expected


def test_labels_tell_localities_apart_in_every_language(graph):
    for lang in ("zh-hant", "ja", "en"):
        seen = defaultdict(list)
        for loc_id, by in labels(graph).items():
            for label in by.get(lang, []):
                seen[label].append(loc_id)
        assert {label: ids for label, ids in seen.items() if len(ids) > 1} == {}, lang
    en = labels(graph)
    assert en["jp-012068"]["en"] == ["Kushiro (city)"] and en["jp-016616"]["en"] == ["Kushiro (town)"]


def test_groups_have_english_names_marked_as_the_projects_translation(graph, edition):
    groups = [loc for loc in edition.gazetteer.localities if loc.is_group]
    assert len(groups) == 2
    by_id = labels(graph)
    for g in groups:
        assert by_id[g.id]["en"] == [g.english]
        assert "the project's translation" in g.citation
    agreement_en = [
        t.object.value
        for t in graph
        if t.predicate == RDFS.label and "--jp-group" in t.subject.value and t.object.language == "en"
    ]
    assert agreement_en and not any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", label) for label in agreement_en)


def test_every_party_formed_after_its_agreement_is_read_as_a_successor(edition):
    """The rule, on every row by date: a Taiwanese party whose unit (or an ancestor) was formed after the signing
    date is a `successor` reading; no other Taiwanese party is."""
    successions = {s.locality: s.date for s in load_successions(edition.gazetteer)}
    gaz = edition.gazetteer
    flagged = set()
    for a in edition.agreements:
        for loc_id in a.taiwan.locality_ids:
            loc = gaz[loc_id]
            chain = [loc]
            while gaz.parent(chain[-1]) is not None:
                chain.append(gaz.parent(chain[-1]))
            later = [u for u in chain if u.id in successions and a.row.date < successions[u.id]]
            kind = a.taiwan.reading.kind if a.taiwan.reading else None
            assert (kind == "successor") == bool(later), f"row {a.row.number}: {loc_id} {kind}"
            if later:
                flagged.add(a.row.number)
    assert flagged == {15, 65, 66, 95, 96, 115}
    report = {(d.row, d.country): d.kind for d in edition.differences}
    assert all(report[(n, TAIWAN)] == "successor" for n in flagged)
    assert report[(148, JAPAN)] == "successor"


def test_type_categories_follow_the_words_of_the_type(edition):
    words = {
        "sister-city": ("姊妹",),
        "friendship-city": ("友好", "友誼"),
        "memorandum": ("備忘錄",),
        "letter-of-intent": ("意向書",),
    }
    for t in edition.vocabulary.types.values():
        if t.category in words:
            assert any(w in t.published for w in words[t.category]), f"{t.published} is not {t.category}"
    assert edition.vocabulary.types["觀光交流都市"].category == "exchange-agreement"


def test_japanese_type_labels_say_agreement_not_consultation(edition):
    for t in edition.vocabulary.types.values():
        label = t.ja.split("（")[0]  # a label may quote the published form after it, in brackets
        assert "協議" not in label, f"{t.published}: {t.ja} reads as a consultation in Japanese"
        if "協議" in t.published:
            assert "協定" in label


def test_a_type_between_a_county_and_a_prefecture_says_prefecture(edition):
    """姊妹交流縣市協定 joins a Taiwanese city with 宮崎県: its 縣 is a Japanese prefecture."""
    for a in edition.agreements:
        kind = edition.vocabulary.types[a.row.type]
        jp_kinds = {edition.gazetteer[i].kind for i in a.japan.locality_ids}
        if "縣" in a.row.type and jp_kinds == {"prefecture"}:
            assert "prefecture" in kind.en.lower() and "county" not in kind.en.lower(), kind.en


def test_sources_are_cited_in_words_not_repository_paths(graph):
    sources = [t.object.value for t in graph if t.predicate == DCTERMS.source and isinstance(t.object, Literal)]
    assert len(sources) > 200
    assert not [s for s in sources if "shared/" in s or ".csv" in s or ".geojson" in s]
    assert any("Who's On First" in s for s in sources) and any("(P429)" in s for s in sources)
    for name in ("twjp.ttl", "twjp.nt", "twjp.jsonld", "agreements.csv", "void.ttl"):
        assert "shared/reference" not in (paths.OUTPUT / name).read_text(encoding="utf-8"), name


def test_the_region_definition_says_where_the_north_central_split_comes_from():
    text = paths.ONTOLOGY.read_text(encoding="utf-8")
    definition = text[text.index("twjp:region a owl:ObjectProperty") :].split(" .\n", 1)[0]
    assert "National Development Council" in definition and "【南部】" in definition


def test_preferred_labels_are_unique_per_language_within_each_scheme(graph):
    """SKOS integrity: no two concepts of one scheme share a preferred label in one language."""
    scheme_of = {t.subject: t.object for t in graph if t.predicate == SKOS.inScheme}
    seen = defaultdict(list)
    for t in graph:
        if t.predicate == SKOS.prefLabel and t.subject in scheme_of:
            seen[(scheme_of[t.subject].value, t.object.language, t.object.value)].append(t.subject.value)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
    # agreement-type, category, form, theme, region, reading-kind, certainty, change-kind
    assert len({s for s in scheme_of.values()}) == 8


def test_every_concept_follows_one_iri_pattern(graph):
    base = "https://w3id.org/twjp/concept/"
    for t in graph:
        if t.predicate == SKOS.inScheme:
            assert t.object.value.startswith(base) and t.subject.value.startswith(t.object.value + "/"), t


def test_every_reading_is_a_resource_with_kind_certainty_and_reasons_in_three_languages(graph, edition):
    from convert.rdf.terms import TWJP

    by_subject = defaultdict(lambda: defaultdict(list))
    for t in graph:
        by_subject[t.subject][t.predicate].append(t.object)
    readings = [s for s, p in by_subject.items() if TWJP.Reading in p.get(RDF.type, [])]
    assert len(readings) == len(edition.differences)
    for r in readings:
        p = by_subject[r]
        assert [k.value.rsplit("/", 2)[1] for k in p[TWJP.readingKind]] == ["reading-kind"]
        assert [c.value.rsplit("/", 2)[1] for c in p[TWJP.certainty]] == ["certainty"]
        assert sorted(c.language for c in p[RDFS.comment]) == ["en", "ja", "zh-hant"], r
    kinds = Counter(by_subject[r][TWJP.readingKind][0].value.rsplit("/", 1)[1] for r in readings)
    assert kinds["successor"] == 7 and kinds["group"] == 2


def test_the_source_row_keeps_every_cell_as_written(graph, edition):
    from convert.rdf.terms import TWJP

    cells = defaultdict(dict)
    for t in graph:
        if t.predicate in (
            TWJP.publishedTaiwaneseParty,
            TWJP.publishedJapaneseParty,
            TWJP.publishedType,
            TWJP.publishedDate,
        ):
            cells[t.subject][t.predicate.value.rsplit("#", 1)[1]] = t.object.value
    written = {
        (c["publishedTaiwaneseParty"], c["publishedJapaneseParty"], c["publishedType"], c["publishedDate"])
        for c in cells.values()
    }
    assert written == {(r.taiwan, r.japan, r.type, r.written_date) for r in edition.published.rows}
    assert not any(t.predicate == TWJP.publishedType and "/agreement/" in t.subject.value for t in graph)
