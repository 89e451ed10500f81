"""The curated tables as data: canonical form, codes, QIDs, parent links, coverage."""

import dataclasses
import re
from collections import Counter

import pytest

from convert.read.curated import curated_tables
from convert.read.gazetteer import Gazetteer, Locality, check_locality, japanese_check_digit, load_gazetteer
from convert.read.readings import load_characters, load_readings
from convert.read.tables import FIX_COMMAND, canonical_text, parse_table, read_table


@pytest.mark.parametrize("path", list(curated_tables()), ids=lambda p: p.name)
def test_curated_table_is_canonical(path):
    record_type = curated_tables()[path]
    text = path.read_text(encoding="utf-8")
    assert text == canonical_text(read_table(path, record_type), record_type), (
        f"{path.name} is not in canonical form; run `{FIX_COMMAND}`"
    )


def test_gazetteer_loads_without_problems():
    gaz = load_gazetteer()
    assert gaz.problems() == []


def test_japanese_check_digits(edition):
    # known codes from the official list: 横浜市 141003, 北海道 010006, 余市町 014087
    assert japanese_check_digit("14100") == "3"
    assert japanese_check_digit("01000") == "6"
    assert japanese_check_digit("01408") == "7"
    for loc in edition.gazetteer.localities:
        if loc.country == "JP" and not loc.is_group:
            assert japanese_check_digit(loc.code[:5]) == loc.code[5], loc.id


def test_codes_qids_and_parents(edition):
    gaz = edition.gazetteer
    for loc in gaz.localities:
        if loc.qid:
            assert re.fullmatch(r"Q[1-9][0-9]*", loc.qid)
        if loc.country == "TW":
            assert re.fullmatch(r"[0-9]{5}" if not loc.parent else r"[0-9]{8}", loc.code), loc.id
        if loc.parent:
            parent = gaz[loc.parent]
            assert parent.country == loc.country
            if loc.country == "TW":
                assert loc.code.startswith(parent.code)


def test_qids_are_unique_per_locality(edition):
    counts = Counter(loc.qid for loc in edition.gazetteer.localities if loc.qid)
    assert [q for q, n in counts.items() if n > 1] == []


def test_the_13_districts_without_qid(edition):
    missing = sorted(loc.name for loc in edition.gazetteer.localities if not loc.qid and not loc.is_group)
    assert len(missing) == 13
    assert "臺北市萬華區" in missing and "高雄市鼓山區" in missing
    # Hokkaido the prefecture, not the island
    assert edition.gazetteer["jp-010006"].qid == "Q1037393"


def test_every_locality_used_by_the_list_is_present(edition):
    used = edition.used_locality_ids()
    assert used <= set(edition.gazetteer.by_id)
    # every row of the gazetteer is needed: no stray facts to maintain
    assert used == set(edition.gazetteer.by_id)


def test_groups_and_their_members(edition):
    gaz = edition.gazetteer
    assert [gaz[m].name for m in gaz["jp-group-nakaumi-shinjiko-daisen"].member_ids] == [
        "米子市",
        "境港市",
        "松江市",
        "出雲市",
        "安来市",
    ]
    assert sorted(gaz[m].name for m in gaz["jp-group-uki-area"].member_ids) == ["宇土市", "宇城市", "美里町"]


def test_regions_follow_the_lists_sections(edition):
    gaz = edition.gazetteer
    assert gaz["tw-10016"].region == "離島"  # 澎湖縣, under 【離島】
    assert gaz["tw-10015"].region == gaz["tw-10014"].region == "東部"  # 花蓮縣, 臺東縣 under 【東部】
    assert gaz["tw-64000"].region == "南部"


def test_check_locality_finds_each_defect(edition):
    gaz = edition.gazetteer
    good = gaz["jp-141003"]
    cases = {
        "wrong check digit": dataclasses.replace(good, code="141004", id="jp-141004"),
        "not a Wikidata QID": dataclasses.replace(good, qid="Q0123"),
        "parent 'jp-999999' is not in the gazetteer": dataclasses.replace(good, parent="jp-999999"),
        "unknown kind": dataclasses.replace(good, kind="metropolis"),
        "confidence 'none' means no QID": dataclasses.replace(good, qid_confidence="none"),
        "is not a decimal degree": dataclasses.replace(good, lat="135.5"),
    }
    for expected, loc in cases.items():
        messages = [p.message for p in check_locality(loc, Gazetteer([*gaz.localities, loc]))]
        assert any(expected in m for m in messages), (expected, messages)
    district = gaz["tw-63000110"]
    bad_code = dataclasses.replace(district, code="64000110", id="tw-64000110")
    messages = [p.message for p in check_locality(bad_code, gaz)]
    assert any("does not extend its parent's code 63000" in m for m in messages)


def test_table_errors_name_every_line():
    text = "\t".join(f.name for f in dataclasses.fields(Locality)) + "\nonly\tthree\tcells\n x\t" + "\t" * 13 + "\n"
    with pytest.raises(Exception) as info:
        parse_table(text, Locality, "gazetteer.tsv")
    message = str(info.value)
    assert "gazetteer.tsv line 2: expected 16 tab-separated cells, found 3" in message
    assert "gazetteer.tsv line 3" in message


def test_readings_and_characters_load(edition):
    readings = load_readings(edition.gazetteer)
    assert len(readings) >= 18
    assert all(r.reason and r.certainty in ("certain", "inferred") for r in readings)
    assert {r.variant for r in load_characters()} >= {"台", "郷"}


def test_a_reading_or_character_rule_without_its_reason_in_three_languages_is_refused(edition):
    from convert.read.readings import check_characters, check_readings

    reading = load_readings(edition.gazetteer)[0]
    rule = load_characters()[0]
    assert check_readings([reading], edition.gazetteer) == [] and check_characters([rule]) == []
    for field in ("reason", "reason_zh", "reason_ja"):
        [problem] = check_readings([dataclasses.replace(reading, **{field: ""})], edition.gazetteer)
        assert "reason must be given in English, Chinese (reason_zh) and Japanese (reason_ja)" in str(problem)
        [problem] = check_characters([dataclasses.replace(rule, **{field: ""})])
        assert f"character rule {rule.variant!r}" in str(problem) and "reason_ja" in str(problem)
