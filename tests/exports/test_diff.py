"""twjp diff: editions made from the real list — rows removed, added, renumbered, a date and a party corrected."""

import re

import pytest

from convert import paths
from tests.conftest import release_row
from tests.test_cli import twjp


def edition(tmp_path, *, drop=(), dates=None, cells=None, add=None, name="new.txt"):
    """The real list with rows dropped (the rest renumbered), dates or cells replaced, a row added."""
    out, n = [], 0
    for line in paths.SOURCE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*([0-9]+)(\s.*)", line)
        if m and m.group(2).strip() and not m.group(2).strip().startswith("年"):
            number = int(m.group(1))
            if number in drop:
                continue
            n += 1
            body = m.group(2)
            if number in (dates or {}):
                body = body.replace(*dates[number])
            if number in (cells or {}):
                body = body.replace(*cells[number])
            line = f"{n}{body}"
        out.append(line)
    if add:
        last = max(i for i, line in enumerate(out) if re.match(r"\d+ ", line))
        out.insert(last + 1, f"{n + 1} {add}")
    path = tmp_path / name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_a_renumbered_list_is_no_change(tmp_path):
    # dropping row 3 renumbers every row after it; dropping it from both editions leaves no change at all
    old = edition(tmp_path, name="old.txt")
    new = edition(tmp_path, drop=(3,), name="new.txt")
    result = twjp("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert "0 added, 1 removed, 0 changed" in result.stdout


def test_three_changes_exactly(tmp_path):
    new = edition(
        tmp_path,
        drop=(3,),
        dates={1: ("2006年5月22日", "2006年5月23日")},
        add="台北市 宮城縣仙台市 友好交流協定 2025年12月1日",
    )
    result = twjp("diff", str(paths.SOURCE), str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"# Changes from `{paths.SOURCE.name}` to `new.txt`\n\n"
        "1 added, 1 removed, 1 changed (agreements matched by their parties; row numbers do not count).\n\n"
        "## Added\n\n"
        "- 2025-12-01 臺北市 – 宮城県仙台市 友好交流協定 (row 157; `tw-63000--jp-041009--2025-12-01`)\n\n"
        "## Removed\n\n"
        "- 2014-10-13 臺北市 – 愛媛県松山市 友好交流協定 (row 3; `tw-63000--jp-382019--2014-10-13`)\n\n"
        "## Changed\n\n"
        "- 2006-05-23 臺北市 – 神奈川県横浜市 友好夥伴城市 (row 1 → 1; `tw-63000--jp-141003--2006-05-22`): "
        "date: 2006-05-22 → 2006-05-23\n"
    )
    csv_result = twjp("diff", str(paths.OUTPUT), str(new), "--format", "csv")  # a release folder against a text
    assert csv_result.stdout.splitlines() == [
        "change,agreement,old_row,new_row,field,old,new",
        "added,tw-63000--jp-041009--2025-12-01,,157,,,2025-12-01 臺北市 – 宮城県仙台市 友好交流協定",
        "changed,tw-63000--jp-141003--2006-05-22,1,1,date,2006-05-22,2006-05-23",
        "removed,tw-63000--jp-382019--2014-10-13,3,,,,2014-10-13 臺北市 – 愛媛県松山市 友好交流協定",
    ]


def test_a_corrected_party_or_type_is_a_change_not_an_addition(tmp_path):
    new = edition(
        tmp_path,
        cells={
            2: ("靜岡縣濱松市", "靜岡縣靜岡市"),  # row 2: the Japanese party corrected
            5: ("交流促進備忘錄", "友好交流協定"),  # row 5: the type corrected
        },
    )
    result = twjp("diff", str(paths.SOURCE), str(new), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 2 and all(r.startswith("changed,") for r in rows)
    assert any(",japan,jp-221309,jp-221007" in r for r in rows)
    assert any(",type,交流促進備忘錄,友好交流協定" in r for r in rows)


@pytest.mark.parametrize("missing", ["nowhere.txt"])
def test_a_missing_edition_is_a_usage_error(tmp_path, missing):
    result = twjp("diff", str(paths.SOURCE), str(tmp_path / missing))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_release_after_another_says_what_changed_and_links_its_previous_version(tmp_path):
    import shutil

    import pyoxigraph as ox

    from convert.read import load_edition
    from convert.release import build_release

    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    new = edition(data / "source", drop=(3,), dates={1: ("2006年5月22日", "2006年5月23日")}, name="edition-2.txt")
    with (data / "releases.tsv").open("a", encoding="utf-8") as f:
        f.write(release_row("1.1", "2026-12-01", new, "A later edition: one row removed, one date corrected."))
    release = build_release(load_edition(new, data))
    changes = release.files["CHANGES.md"].decode()
    assert changes.startswith(f"# Changes from `{paths.SOURCE.name} (release 1.0)` to `edition-2.txt (release 1.1)`")
    assert "0 added, 1 removed, 1 changed" in changes
    void = ox.Store()
    void.load(release.files["void.ttl"], format=ox.RdfFormat.TURTLE)
    assert void.query(
        """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX prov: <http://www.w3.org/ns/prov#>
        ASK { <https://w3id.org/twjp/dataset/1.1> dcat:previousVersion <https://w3id.org/twjp/dataset/1.0> ;
              prov:wasRevisionOf <https://w3id.org/twjp/dataset/1.0> .
              <https://w3id.org/twjp/dataset> dcat:hasCurrentVersion <https://w3id.org/twjp/dataset/1.1> ;
              dcat:hasVersion <https://w3id.org/twjp/dataset/1.0> }"""
    )
    assert "CHANGES.md" not in build_release(load_edition()).files  # the first release has nothing to compare
