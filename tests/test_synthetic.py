"""The synthetic editions `make bench` times: as large as asked, every agreement distinct, and every date one
the reader accepts (a 1000x edition once moved dates past the build day and was refused)."""

import re

from convert import paths
from convert.dev.synthetic import synthetic_text
from convert.read.parse import read_list

DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日$")


def test_a_thousandfold_edition_has_every_row_distinct_and_no_date_after_the_lists_own():
    published = read_list(paths.SOURCE)
    text = synthetic_text(published, 1000)
    rows = [line for line in text.splitlines() if DATE.search(line)]
    assert len(rows) == 157_000
    dates = sorted(tuple(map(int, DATE.search(line).groups())) for line in rows)
    latest = max(r.date for r in published.rows)
    assert dates[-1] <= (latest.year, latest.month, latest.day)
    assert dates[0] >= (1950, 1, 1)


def test_a_synthetic_edition_reads_without_a_problem(tmp_path):
    from convert.dev.synthetic import write_synthetic

    edition = read_list(write_synthetic(10, tmp_path / "x10.txt"))
    assert len(edition.rows) == 1570
    assert len({(r.taiwan, r.japan, r.date) for r in edition.rows}) == 1570
