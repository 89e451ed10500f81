"""Every party of the real list resolves to the gazetteer; readings and normalisation are exact."""

import pytest

from convert.read.resolve import Resolver

# row -> (Taiwanese ids, Japanese ids, reading kind of the Japanese cell or None)
EXPECTED = {
    1: (("tw-63000",), ("jp-141003",), None),
    8: (("tw-63000",), ("jp-group-nakaumi-shinjiko-daisen",), "group"),
    29: (("tw-10002100",), ("jp-213021",), None),
    61: (("tw-66000",), ("jp-202100",), "typo"),
    81: (("tw-10007100",), ("jp-102083",), "typo"),
    93: (("tw-10020",), ("jp-342050",), None),
    97: (("tw-67000",), ("jp-104493",), "merged"),
    101: (("tw-67000",), ("jp-022021",), "prefecture-as-location"),
    103: (("tw-67000",), ("jp-261009",), "prefecture-omitted"),
    111: (("tw-67000",), ("jp-group-uki-area",), "group"),
    123: (("tw-64000",), ("jp-430005", "jp-431001"), "several-parties"),
    148: (("tw-10015090",), ("jp-054348",), "successor"),
    156: (("tw-10014",), ("jp-242161", "jp-242152"), "several-parties"),
    157: (("tw-10016",), ("jp-223069",), None),
}


def test_all_rows_resolved(edition):
    assert len(edition.agreements) == 157
    for a in edition.agreements:
        assert a.taiwan.locality_ids and a.japan.locality_ids
        for i in a.taiwan.locality_ids:
            assert edition.gazetteer[i].country == "TW"
        for i in a.japan.locality_ids:
            assert edition.gazetteer[i].country == "JP"


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_sample_parties(agreements, number):
    tw, jp, kind = EXPECTED[number]
    a = agreements[number]
    assert a.taiwan.locality_ids == tw
    assert a.japan.locality_ids == jp
    assert (a.japan.reading.kind if a.japan.reading else None) == kind


def test_taiwanese_readings_and_characters(agreements, edition):
    assert agreements[93].taiwan.reading.kind == "misplaced-parent"
    assert agreements[81].taiwan.reading.kind == "renamed"
    # 郷 -> 鄉 and 穂 -> 穗 by characters.tsv, not by a reading
    assert agreements[148].taiwan.reading is None
    assert agreements[148].taiwan.normalised == "花蓮縣瑞穗鄉"
    assert {r.official for r in agreements[148].taiwan.character_rules} == {"穗", "鄉"}
    # both spellings of 吉安 are the same unit
    assert agreements[150].taiwan.locality_ids == agreements[154].taiwan.locality_ids == ("tw-10015050",)
    assert agreements[44].taiwan.normalised == "新竹縣橫山鄉"


def test_japanese_cells_are_normalised_by_t2jp(agreements):
    assert agreements[1].japan.normalised == "神奈川県横浜市"
    assert agreements[44].japan.normalised == "鳥取県若桜町"
    assert agreements[136].japan.reading.kind == "kana-name"


def test_same_name_in_two_prefectures_is_told_apart(edition):
    """美里町 exists in Kumamoto only in this gazetteer, but the lookup is by prefecture: a cell naming
    it under another prefecture must not resolve."""
    r = Resolver(edition.gazetteer, [], [])
    party, why = r.resolve_cell("JP", "宮城縣美里町")
    assert party is None and "no municipality '美里町' of 宮城県" in why
    party, _ = r.resolve_cell("JP", "熊本縣美里町")
    assert party.locality_ids == ("jp-433489",)


def test_without_readings_the_irregular_cells_fail(edition):
    r = Resolver(edition.gazetteer, [], [])
    assert r.resolve_cell("JP", "群馬縣涉川市")[0] is None
    assert r.resolve_cell("TW", "台北市")[0] is None  # 台 needs characters.tsv
    assert r.resolve_cell("TW", "臺北市")[0].locality_ids == ("tw-63000",)


def test_every_reading_is_used_by_the_real_list(edition):
    from convert.read.readings import load_readings

    used = {(c, p.published) for a in edition.agreements for c, p in (("TW", a.taiwan), ("JP", a.japan))}
    for r in load_readings(edition.gazetteer):
        assert (r.country, r.published) in used, r
