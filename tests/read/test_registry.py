"""Agreement ids are minted once and kept: a new edition's rows are matched to the registry by content."""

import re
import shutil

import pytest

from convert import paths
from convert.read import load_edition
from convert.read.registry import load_registry, match, mint


@pytest.fixture()
def data(tmp_path):
    """A copy of convert/data to edit, and the list to edit beside it."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA, copy)
    return copy


def ids_by_row(edition):
    return {a.row.number: a.id for a in edition.agreements}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_real_list_is_registered_whole(edition):
    assert not edition.registration.minted and not edition.registration.unlisted
    ids = [a.id for a in edition.agreements]
    assert len(set(ids)) == len(ids) == 157
    assert {e.id for e in load_registry()} == set(ids)


def test_joint_parties_are_sorted_and_joined_safely(edition):
    a = next(a for a in edition.agreements if a.row.number == 156)
    assert a.id == "tw-10014--jp-242152_jp-242161--2016-01-21"
    assert all("+" not in a.id for a in edition.agreements)


def test_a_corrected_reading_keeps_every_id(edition, data):
    edit(data / "readings.tsv", "熊本縣・熊本市\tJP\tjp-430005 jp-431001", "熊本縣・熊本市\tJP\tjp-431001")
    changed = load_edition(data=data)
    assert next(a for a in changed.agreements if a.row.number == 123).japan.locality_ids == ("jp-431001",)
    assert ids_by_row(changed) == ids_by_row(edition)


def test_a_corrected_date_keeps_every_id(edition, data, tmp_path):
    source = tmp_path / "list.txt"
    shutil.copy(paths.SOURCE, source)
    edit(
        source,
        "123 高雄市 熊本縣・熊本市 共同友好城市 2017年1月11日",
        "123 高雄市 熊本縣・熊本市 共同友好城市 2017年1月12日",
    )
    changed = load_edition(source, data)
    assert ids_by_row(changed) == ids_by_row(edition)
    assert not changed.registration.minted


def test_a_reordered_joint_cell_keeps_every_id(edition, data, tmp_path):
    source = tmp_path / "list.txt"
    shutil.copy(paths.SOURCE, source)
    edit(source, "156 台東縣 三重縣伊賀市・志摩市", "156 台東縣 三重縣志摩市・伊賀市")
    with (data / "readings.tsv").open("a", encoding="utf-8") as f:
        f.write("三重縣志摩市・伊賀市\tJP\tjp-242152 jp-242161\tseveral-parties\tinferred\tTwo.\t兩市。\t二つの市。\n")
    changed = load_edition(source, data)
    assert ids_by_row(changed) == ids_by_row(edition)


def test_renumbered_rows_keep_their_ids_and_new_or_dropped_rows_are_told(edition, tmp_path):
    source = tmp_path / "list.txt"
    text = paths.SOURCE.read_text(encoding="utf-8")
    # drop row 1, renumber nothing else: row numbers must run 1..N, so renumber by swapping two rows' numbers
    text = (
        text.replace("\n1 台北市", "\nX 台北市", 1)
        .replace("\n2 台北市", "\n1 台北市", 1)
        .replace("\nX 台北市", "\n2 台北市", 1)
    )
    source.write_text(text, encoding="utf-8")
    swapped = load_edition(source)
    by_row = ids_by_row(edition)
    assert ids_by_row(swapped)[1] == by_row[2] and ids_by_row(swapped)[2] == by_row[1]
    # an edition without agreement 157, and one that adds an agreement
    registry = load_registry()
    m = match(edition.agreements[:-1], registry)
    assert [e.id for e in m.unlisted] == [edition.agreements[-1].id] and not m.minted
    m = match(edition.agreements, registry[1:])
    assert len(m.minted) == 1 and m.ids[m.minted[0].row.number] == registry[0].id  # minted by the same rule


def test_two_agreements_of_the_same_parties_on_one_day_get_two_ids(edition):
    a = edition.agreements[0]
    first = mint(a, set())
    assert mint(a, {first}) == f"{first}-2"


# ---------------------------------------------------------------- an ambiguous match never takes an IRI away

ROW_50 = "50 台中市 群馬縣 友好交流協定 2012年12月18日"
ROW_51 = "51 台中市 大分縣 友好交流備忘錄 2016年9月8日"
ROW_157 = "157 澎湖縣 靜岡縣西伊豆町 友好交流意向書 2015年11月1日"


def edition_with(tmp_path, *edits, append=()):
    """The real list with cells replaced (old, new) and rows added after row 157."""
    source = tmp_path / "list.txt"
    text = paths.SOURCE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    if append:
        text = text.replace(ROW_157, "\n".join([ROW_157, *append]), 1)
    source.write_text(text, encoding="utf-8")
    return source


def test_a_row_repeated_verbatim_is_an_error_naming_both_rows_and_lines(tmp_path):
    from convert.problems import TwjpError

    source = edition_with(
        tmp_path,
        append=["158 台中市 群馬縣 友好交流協定 2012年12月18日", "159 台中市 大分縣 友好交流備忘錄 2016年9月8日"],
    )
    with pytest.raises(TwjpError) as info:
        load_edition(source)
    message = info.value.format()
    # every repetition at once, each naming the row and its line and the row it repeats with its line
    assert "row 158 (line 334): repeats row 50 (line 110)" in message
    assert "row 159 (line 335): repeats row 51 (line 112)" in message
    assert len([p for p in info.value.problems if "repeats" in p.message]) == 2


def test_the_same_parties_and_date_with_two_types_keep_the_registered_iri_on_the_matching_row(edition, tmp_path):
    registered = ids_by_row(edition)[50]
    assert registered == "tw-66000--jp-100005--2012-12-18"
    changed = load_edition(edition_with(tmp_path, append=["158 台中市 群馬縣 友好交流備忘錄 2012年12月18日"]))
    ids = ids_by_row(changed)
    assert ids[50] == registered
    assert ids[158] == f"{registered}-2"
    assert not changed.registration.unlisted and not changed.retired


def test_two_rows_equally_good_for_one_registered_agreement_keep_it_on_the_first_in_the_list(edition, tmp_path):
    registered = ids_by_row(edition)[50]
    # both rows correct the type: neither matches the registry exactly, both match it by parties and date
    source = edition_with(
        tmp_path,
        (ROW_50, "50 台中市 群馬縣 友好交流備忘錄 2012年12月18日"),
        append=["158 台中市 群馬縣 交流促進備忘錄 2012年12月18日"],
    )
    changed = load_edition(source)
    ids = ids_by_row(changed)
    assert ids[50] == registered  # the first in source order keeps the IRI
    assert ids[158] == f"{registered}-2"  # the other is a new agreement, its id minted by the rule
    assert registered not in {r.id for r in changed.retired}
    assert [a.row.number for a in changed.registration.minted] == [158]
    # source order, not row numbers: the same two rows with their numbers exchanged give the IRI to the row first
    # in the list
    swapped = edition_with(
        tmp_path,
        (ROW_50, "50 台中市 群馬縣 交流促進備忘錄 2012年12月18日"),
        append=["158 台中市 群馬縣 友好交流備忘錄 2012年12月18日"],
    )
    again = ids_by_row(load_edition(swapped))
    assert again[50] == registered and again[158] == f"{registered}-2"


def test_two_rows_swapped_keep_their_iris(edition, tmp_path):
    source = edition_with(
        tmp_path,
        (ROW_50, "50 台中市 大分縣 友好交流備忘錄 2016年9月8日"),
        (ROW_51, "51 台中市 群馬縣 友好交流協定 2012年12月18日"),
    )
    before, after = ids_by_row(edition), ids_by_row(load_edition(source))
    assert after[50] == before[51] and after[51] == before[50]
    assert {k: v for k, v in after.items() if k not in (50, 51)} == {
        k: v for k, v in before.items() if k not in (50, 51)
    }


def test_a_duplicate_plus_a_correction_keeps_the_registered_iri(edition, tmp_path):
    registered = ids_by_row(edition)[50]
    # the row repeated with a corrected date: the original matches exactly, the other is new
    repeated = load_edition(edition_with(tmp_path, append=["158 台中市 群馬縣 友好交流協定 2012年12月19日"]))
    assert ids_by_row(repeated)[50] == registered and ids_by_row(repeated)[158] != registered
    # the row corrected and repeated with another date: both match by cells and type; the first keeps the IRI
    both = load_edition(
        edition_with(
            tmp_path,
            (ROW_50, "50 台中市 群馬縣 友好交流協定 2012年12月20日"),
            append=["158 台中市 群馬縣 友好交流協定 2012年12月21日"],
        )
    )
    ids = ids_by_row(both)
    assert ids[50] == registered and ids[158] != registered
    assert not both.registration.unlisted


def test_every_registered_agreement_survives_a_shuffled_and_repeated_edition(edition, tmp_path):
    """Whatever an edition reorders, and whatever it adds beside existing rows, no registered id is lost."""
    import random

    text = paths.SOURCE.read_text(encoding="utf-8")
    lines = text.splitlines()
    whole = re.compile(r"[0-9]+ \S+ \S+ \S+ [0-9]+年[0-9]+月[0-9]+日")  # rows on one line, moved whole
    rows = [i for i, line in enumerate(lines) if whole.fullmatch(line.strip())]
    assert len(rows) > 120
    numbers = [lines[i].strip().split(" ", 1) for i in rows]
    shuffled = [rest for _, rest in numbers]
    random.Random(18).shuffle(shuffled)
    for i, (number, _), rest in zip(rows, numbers, shuffled, strict=True):
        lines[i] = f"{number} {rest}"
    source = tmp_path / "shuffled.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    changed = load_edition(source)
    assert not changed.registration.unlisted and not changed.registration.minted
    assert sorted(ids_by_row(changed).values()) == sorted(ids_by_row(edition).values())
