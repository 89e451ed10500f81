"""Agreement ids are minted once and kept: a new edition's rows are matched to the registry by content."""

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
