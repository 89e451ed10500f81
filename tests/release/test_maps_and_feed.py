"""agreements.geojson and changes.atom, read by implementations other than ours: the `geojson` package and
Shapely for RFC 7946, feedparser for Atom (RFC 4287); their content checked against the release's own triples."""

import json
import shutil
from collections import defaultdict

import feedparser
import geojson
import pyoxigraph as ox
import pytest
import shapely.geometry

from convert import paths
from convert.read import load_edition
from convert.release import build_release
from tests.conftest import release_row
from tests.exports.test_diff import edition as edit_list

BASE = "https://w3id.org/twjp/"
T = "https://w3id.org/twjp/ontology#"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"


@pytest.fixture(scope="module")
def release(edition):
    return build_release(edition)


@pytest.fixture(scope="module")
def store(release):
    s = ox.Store()
    s.load(release.files["twjp.nt"], format=ox.RdfFormat.N_TRIPLES)
    return s


def objects(store, s, p):
    return sorted(q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None))


def subjects(store, p, o):
    return sorted(q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(p), ox.NamedNode(o)))


def test_the_geojson_is_valid_rfc_7946_for_a_second_implementation(release):
    collection = geojson.loads(release.files["agreements.geojson"].decode("utf-8"))
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        assert feature.is_valid, (feature["id"], feature.errors())
        geometry = shapely.geometry.shape(feature["geometry"])
        assert geometry.is_valid and not geometry.is_empty, feature["id"]
        for lon, lat in (
            feature["geometry"]["coordinates"]
            if geometry.geom_type == "LineString"
            else [feature["geometry"]["coordinates"]]
        ):
            # RFC 7946 §3.1.1: longitude first; Taiwan and Japan lie within this box
            assert 119 <= lon <= 146 and 21 <= lat <= 46, (feature["id"], lon, lat)
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids))


def test_every_agreement_is_on_the_map_between_its_own_parties(release, store):
    features = json.loads(release.files["agreements.geojson"])["features"]  # (geojson rounds to 6 decimals)
    links = [f for f in features if f["properties"]["kind"] == "link"]
    on_map = defaultdict(set)
    for link in links:
        for record in link["properties"]["agreements"]:
            on_map[record["iri"]].add((link["properties"]["taiwanese"], link["properties"]["japanese"]))
            assert objects(store, record["iri"], f"{T}signingDate") == [record["date"]]
            assert objects(store, record["iri"], f"{T}agreementType") == [record["type"]]
    agreements = subjects(store, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{T}Agreement")
    assert len(agreements) == 157 and sorted(on_map) == agreements
    for a in agreements:
        # each line's ends are the agreement's parties, or the members of a party that is a group
        tw_parties, jp_parties = objects(store, a, f"{T}taiwaneseParty"), objects(store, a, f"{T}japaneseParty")
        ends_tw = {x for p in tw_parties for x in (objects(store, p, f"{T}member") or [p])}
        ends_jp = {x for p in jp_parties for x in (objects(store, p, f"{T}member") or [p])}
        assert on_map[a] == {(tw, jp) for tw in ends_tw for jp in ends_jp}, a


def test_every_point_is_its_localitys_own_or_marked_as_an_ancestors(release, store):
    features = json.loads(release.files["agreements.geojson"])["features"]  # (geojson rounds to 6 decimals)
    points = [f for f in features if f["properties"]["kind"] == "locality"]
    approximate = 0
    for p in points:
        iri, (lon, lat) = p["properties"]["iri"], p["geometry"]["coordinates"]
        own = objects(store, iri, f"{WGS}long"), objects(store, iri, f"{WGS}lat")
        if own[0]:
            assert not p["properties"]["approximate"] and (float(own[0][0]), float(own[1][0])) == (lon, lat), iri
            continue
        approximate += 1
        by = p["properties"]["approximated_by"]
        ancestors, at = [], iri
        while parent := objects(store, at, f"{T}directlyPartOf"):
            ancestors.append(at := parent[0])
        assert p["properties"]["approximate"] and by in ancestors, iri
        assert (float(objects(store, by, f"{WGS}long")[0]), float(objects(store, by, f"{WGS}lat")[0])) == (lon, lat)
        assert p["properties"]["approximated_by_name"]["en"], iri
    assert approximate >= 1  # the release has localities without a point of their own; they are marked


@pytest.fixture(scope="module")
def second_release(tmp_path_factory):
    """Release 1.1 of an edition without rows 3 and 7."""
    data = tmp_path_factory.mktemp("feed") / "data"
    shutil.copytree(paths.DATA, data)
    source = edit_list(data / "source", drop=(3, 7), name="edition-2.txt")
    with (data / "releases.tsv").open("a", encoding="utf-8") as f:
        f.write(release_row("1.1", "2026-12-01", source, "Rows 3 and 7 left the list."))
    edition = load_edition(source, data)
    return load_edition(), edition, build_release(edition)


def test_the_changes_feed_is_valid_atom_with_one_entry_per_agreement_of_the_first_release(release, store):
    feed = feedparser.parse(release.files["changes.atom"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.id == f"{BASE}changes.atom"
    agreements = subjects(store, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{T}Agreement")
    assert sorted(e.link for e in feed.entries) == agreements
    assert len({e.id for e in feed.entries}) == len(feed.entries) == 157
    assert all(e.id.startswith("tag:w3id.org,") and e.tags[0].term == "added" for e in feed.entries)
    assert all(e.updated.startswith("2026-") for e in feed.entries)


def test_the_changes_feed_of_a_second_release_names_what_left_the_list(second_release):
    first, _, release = second_release
    feed = feedparser.parse(release.files["changes.atom"])
    assert not feed.bozo, feed.get("bozo_exception")
    by_release = defaultdict(list)
    for e in feed.entries:
        by_release[e.id.split("/release/", 1)[1].split("/", 1)[0]].append(e)
    assert len(by_release["1.0"]) == 157
    gone = {a.id for a in first.agreements if a.row.number in (3, 7)}
    removed = {e.link.rsplit("/", 1)[1] for e in by_release["1.1"] if e.tags[0].term == "removed"}
    assert removed == gone and len(by_release["1.1"]) == 2
    # the newest release first, its entries dated by its own issue date; ids stay those of release 1.0's entries
    assert feed.entries[0].id.split("/release/", 1)[1].startswith("1.1/")
    assert {e.updated[:10] for e in by_release["1.1"]} == {"2026-12-01"}
    assert feedparser.parse(build_release(load_edition()).files["changes.atom"]).entries[0].id in {
        e.id for e in by_release["1.0"]
    }
