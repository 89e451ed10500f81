"""The reader on the real list, on broken variants of it, and on arbitrary text."""

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from convert import paths
from convert.problems import TwjpError
from convert.read.parse import Row, parse_text, read_list
from tests.conftest import DATA

# (number, taiwan, japan, type, date, first line, last line), read off the source by hand
EXPECTED_ROWS = [
    (1, "台北市", "神奈川縣橫濱市", "友好夥伴城市", dt.date(2006, 5, 22), 3, 3),
    (
        8,
        "台北市",
        "中海・宍道湖・大山圈域市長會（鳥取縣米子市・境港市、島根縣松江市・出雲市・安來市）",
        "交流促進備忘錄",
        dt.date(2022, 10, 20),
        17,
        25,
    ),
    (29, "宜蘭縣三星鄉", "岐阜縣岐南町", "友好交流備忘錄", dt.date(2016, 10, 1), 67, 67),
    (61, "台中市", "長野縣・駒根市", "國際交流促進備忘錄", dt.date(2018, 11, 4), 132, 132),
    (81, "彰化縣員林鄉", "群馬縣涉川市", "友好合作協定", dt.date(2015, 4, 16), 171, 171),
    (93, "嘉義縣嘉義市", "廣島縣尾道市", "友好交流協定", dt.date(2016, 12, 22), 195, 195),
    (101, "台南市", "青森縣・弘前市", "友誼市", dt.date(2017, 12, 4), 211, 211),
    (
        111,
        "台南市",
        "宇城地域（熊本縣宇土市、宇城市、美里町）",
        "友好交流協定書",
        dt.date(2025, 3, 13),
        231,
        235,
    ),
    (119, "高雄市", "長野縣松本市", "健康、福祉與教育等領域交流備忘錄", dt.date(2015, 7, 14), 251, 251),
    (123, "高雄市", "熊本縣・熊本市", "共同友好城市", dt.date(2017, 1, 11), 265, 265),
    (156, "台東縣", "三重縣伊賀市・志摩市", "合作交流備忘錄", dt.date(2016, 1, 21), 331, 331),
    (157, "澎湖縣", "靜岡縣西伊豆町", "友好交流意向書", dt.date(2015, 11, 1), 333, 333),
]


def test_real_list_has_157_rows_in_order(edition):
    assert [r.number for r in edition.published.rows] == list(range(1, 158))


@pytest.mark.parametrize("expected", EXPECTED_ROWS, ids=lambda e: f"row-{e[0]}")
def test_sample_rows_exact(rows, expected):
    row = rows[expected[0]]
    assert row == Row(*expected, written_date=row.written_date)
    d = expected[4]
    assert row.written_date == f"{d.year}年{d.month}月{d.day}日"


def test_every_date_is_plausible_and_no_cell_is_empty(edition):
    for row in edition.published.rows:
        assert dt.date(1970, 1, 1) < row.date < dt.date(2026, 1, 1), row
        assert row.taiwan and row.japan and row.type, row
        assert not any(c.isspace() for c in row.taiwan + row.japan + row.type), row


def test_headers_sections_and_note_are_accounted_for(edition):
    pl = edition.published
    assert pl.header_lines == (1, 86, 261)
    assert [(s.line, s.name) for s in pl.sections] == [(257, "南部"), (338, "東部"), (340, "離島")]
    [note] = pl.notes
    assert (note.first_line, note.last_line, note.label) == (335, 336, "注意事項")
    assert note.text.startswith("本資料以本協會藉由一般財團法人自治體國際化協會官網")
    assert note.text.endswith("及自治體官網等完成確認的範圍進行登載。")


def test_every_non_blank_line_is_accounted_for(edition):
    lines = paths.SOURCE.read_text(encoding="utf-8").splitlines()
    pl = edition.published
    covered = set(pl.header_lines) | {s.line for s in pl.sections}
    for r in pl.rows:
        covered |= set(range(r.first_line, r.last_line + 1))
    for n in pl.notes:
        covered |= set(range(n.first_line, n.last_line + 1))
    non_blank = {i for i, line in enumerate(lines, 1) if line.strip()}
    assert non_blank <= covered


BROKEN = yaml.safe_load((DATA / "broken" / "expected.yaml").read_text(encoding="utf-8"))


def test_broken_corpus_is_large_and_complete():
    files = {p.stem for p in (DATA / "broken").glob("*.txt")}
    assert len(files) >= 20
    assert files == set(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_variant_gives_its_error(name):
    from convert.read.edition import load_edition

    with pytest.raises(TwjpError) as info:
        load_edition(DATA / "broken" / f"{name}.txt")
    message = info.value.format()
    for expected in BROKEN[name]:
        assert expected in message


def test_all_problems_are_reported_together():
    with pytest.raises(TwjpError) as info:
        read_list(DATA / "broken" / "several-problems-at-once.txt")
    assert len(info.value.problems) == 3


def test_reader_is_not_tuned_to_the_file():
    """A new edition: other rows, other page breaks, a row over three lines, a section marker."""
    text = (
        "台灣地方政府 日本地方政府 合作型態 締結年月日\n"
        "1 台北市 北海道旭川市 姊妹市 1999年1月2日\n"
        "【北部】\n"
        "  2   高雄市\n熊本縣\n熊本市\n友好城市 2020年2月29日\n\n"
        " 台灣地方政府 日本地方政府 合作型態 締結年月日\n"
        "3 澎湖縣 沖繩縣 交流協定 2001年12月31日\n"
    )
    pl = parse_text(text)
    assert [(r.number, r.taiwan, r.japan, r.type, r.date) for r in pl.rows] == [
        (1, "台北市", "北海道旭川市", "姊妹市", dt.date(1999, 1, 2)),
        (2, "高雄市", "熊本縣熊本市", "友好城市", dt.date(2020, 2, 29)),
        (3, "澎湖縣", "沖繩縣", "交流協定", dt.date(2001, 12, 31)),
    ]
    assert pl.header_lines == (1, 9)
    assert pl.sections[0].name == "北部"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 \n年月日【】台北市縣町備忘錄・（）\u3000ab")) | st.characters(),
        max_size=300,
    )
)
def test_reader_raises_only_its_own_error(text):
    try:
        parse_text(text)
    except TwjpError as err:
        assert err.problems


def test_a_gap_of_a_billion_rows_is_one_problem_and_no_memory():
    text = (
        "1 台北市 神奈川縣橫濱市 友好夥伴城市 2006年5月22日\n999999999 台北市 靜岡縣濱松市 觀光交流都市 2013年7月31日\n"
    )
    with pytest.raises(TwjpError) as info:
        parse_text(text)
    assert [str(p) for p in info.value.problems] == [
        "row 999999999 (line 2): breaks the numbering: row numbers 2-999999998 are missing "
        "(999,999,997 rows; the row before is row 1 (line 1))"
    ]


def test_a_long_line_is_not_echoed_whole():
    line = "x" * 1_000_000
    with pytest.raises(TwjpError) as info:
        parse_text(f"1 台北市 神奈川縣橫濱市 友好夥伴城市 2006年5月22日\n{line}\n")
    message = info.value.format()
    assert len(message) < 300
    assert "1,000,000 characters" in message


def test_a_byte_order_mark_is_read_as_utf8(tmp_path):
    text = (paths.SOURCE).read_text(encoding="utf-8")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_list(bom) == read_list(paths.SOURCE)


def test_not_utf8_names_the_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("1 台北市 神奈川縣橫濱市 友好夥伴城市 2006年5月22日\n".encode() + "2 台北市".encode("big5"))
    with pytest.raises(TwjpError) as info:
        read_list(bad)
    assert str(info.value.problems[0]).startswith("line 2 (byte ")


def test_every_stage_reports_in_one_run():
    """Reading, resolving and type lookup: one run names the bad date, the unknown party and the unknown type."""
    from convert.read.edition import load_edition

    with pytest.raises(TwjpError) as info:
        load_edition(DATA / "broken" / "problems-of-every-stage.txt")
    assert len(info.value.problems) == 3
