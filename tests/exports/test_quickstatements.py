"""QuickStatements for Wikidata: exact commands, the pairs that count, and the pairs Wikidata already has."""

import pytest

from tests.test_cli import twjp

REF = ("--reference-url", "https://example.org/twjp/list.pdf", "--retrieved", "2026-11-20")
SOURCE = '\tS854\t"https://example.org/twjp/list.pdf"\tS813\t+2026-11-20T00:00:00Z/11'


def test_exact_commands_two_per_pair_with_start_time_and_reference():
    result = twjp("quickstatements", *REF, "--all")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[-1] == ""  # every command ends with a newline
    # 臺北市 (Q1867) – 横浜市 (Q38283), 友好夥伴城市 signed 2006-05-22: a friendship city, both ways
    assert lines[0] == "Q1867\tP190\tQ38283\tP580\t+2006-05-22T00:00:00Z/11" + SOURCE
    assert lines[1] == "Q38283\tP190\tQ1867\tP580\t+2006-05-22T00:00:00Z/11" + SOURCE
    commands = lines[:-1]
    assert len(commands) == 2 * 42
    assert all(c.count("\t") == 8 and c.split("\t")[1] == "P190" for c in commands)
    assert "42 pairs written" in result.stderr and "category memorandum" in result.stderr
    assert "3 party pairs left out: signed by a predecessor of today's party" in result.stderr
    assert "Wikidata was not asked (--all)" in result.stderr


def test_agreements_signed_by_a_predecessor_are_left_out_unless_asked_for(edition):
    """臺南市 (Q140631) – 仙台市 (Q46747), 2006-01-20: signed before today's 臺南市 was formed (2010-12-25), by the
    former county or city; P580 2006 on the item of a body formed in 2010 would be false."""
    default = twjp("quickstatements", *REF, "--all").stdout
    both = twjp("quickstatements", *REF, "--all", "--include-predecessors").stdout
    assert "Q140631\tP190\tQ46747\tP580\t+2006-01-20T00:00:00Z/11" in both
    assert "Q140631\tP190\tQ46747" not in default
    assert len(both.splitlines()) == len(default.splitlines()) + 6
    gaz = edition.gazetteer
    formed = {s.locality: s.date for s in edition.successions}
    for line in default.splitlines():
        item, _, other, _, start = line.split("\t")[:5]
        day = start[1:11]
        for qid in (item, other):
            loc = next(loc for loc in gaz.localities if loc.qid == qid)
            while loc is not None:  # no start before the body (or the special municipality it is part of) existed
                assert loc.id not in formed or day >= formed[loc.id].isoformat(), line
                loc = gaz.parent(loc)


def test_the_first_signing_date_is_the_start_time(edition):
    """A pair with several agreements that count starts at the earliest of them."""
    from convert.exports.quickstatements import DEFAULT_CATEGORIES, select

    selection = select(edition, DEFAULT_CATEGORIES, include_inferred=False)
    for pair in selection.pairs:
        dates = [a.row.date for a in edition.agreements if a.id in pair.agreements]
        assert pair.first == min(dates)
    assert not any(p.taiwan.is_group or p.japan.is_group for p in selection.pairs)


def test_categories_and_inferred_readings_choose_the_pairs():
    memoranda = twjp("quickstatements", *REF, "--all", "--category", "memorandum")
    assert memoranda.returncode == 0
    inferred = twjp("quickstatements", *REF, "--all", "--include-inferred")
    default = twjp("quickstatements", *REF, "--all")
    assert len(inferred.stdout.splitlines()) > len(default.stdout.splitlines())
    # 熊本縣・熊本市 (an inferred reading, joint friendship city of 2017-01-11) only with --include-inferred
    assert "+2017-01-11T00:00:00Z/11" in inferred.stdout and "+2017-01-11T00:00:00Z/11" not in default.stdout
    assert set(memoranda.stdout.splitlines()).isdisjoint(default.stdout.splitlines())


@pytest.mark.parametrize(
    "args,message",
    [
        (("--reference-url", "not a url", "--retrieved", "2026-11-20", "--all"), "--reference-url"),
        (("--reference-url", 'https://x.org/"q"', "--retrieved", "2026-11-20", "--all"), "--reference-url"),
        (("--reference-url", "https://x.org/a", "--retrieved", "20-11-2026", "--all"), "--retrieved"),
        (("--reference-url", "https://x.org/a", "--retrieved", "2099-01-01", "--all"), "after today"),
        (("--retrieved", "2026-11-20", "--all"), "--reference-url"),
    ],
)
def test_a_bad_reference_is_refused(args, message):
    result = twjp("quickstatements", *args)
    assert result.returncode == 2 and message in result.stderr and not result.stdout


def test_directions_wikidata_already_records_are_left_out_and_the_missing_ones_written(wikidata_server):
    """The stand-in records 臺北市 -> 横浜市 (Q1867 P190 Q38283) and 仙台市 -> 臺南市 (Q46747 P190 Q140631), each in
    one direction only: those two statements are left out and the other direction of each pair is written (the
    second pair is signed by a predecessor of today's 臺南市, so it is written only with --include-predecessors)."""
    everything = twjp("quickstatements", *REF, "--all", "--include-predecessors").stdout.splitlines()
    result = twjp("quickstatements", *REF, "--include-predecessors", "--wikidata-endpoint", wikidata_server.url)
    assert result.returncode == 0, result.stderr
    written = result.stdout.splitlines()
    assert set(written) <= set(everything)
    left = {tuple(c.split("\t")[:3]) for c in set(everything) - set(written)}
    assert left == {("Q1867", "P190", "Q38283"), ("Q46747", "P190", "Q140631")}
    kept = {tuple(c.split("\t")[:3]) for c in written}
    assert ("Q38283", "P190", "Q1867") in kept and ("Q140631", "P190", "Q46747") in kept
    assert "2 statements left out: Wikidata already records them" in result.stderr
    assert "2 pairs Wikidata records in one direction only: the other direction is written" in result.stderr


def test_an_unknown_category_is_refused_naming_the_categories():
    result = twjp("quickstatements", *REF, "--all", "--category", "sistercity")
    assert result.returncode == 2 and not result.stdout
    assert "sistercity" in result.stderr and "sister-city" in result.stderr and "memorandum" in result.stderr


def test_an_unreachable_wikidata_is_an_error_not_every_pair(tmp_path):
    from tests.servers import free_port

    result = twjp("quickstatements", *REF, "--wikidata-endpoint", f"http://127.0.0.1:{free_port()}/sparql")
    # exit 3, as twjp link: Wikidata could not be asked (not a problem of the data)
    assert result.returncode == 3 and not result.stdout and "cannot be reached" in result.stderr
