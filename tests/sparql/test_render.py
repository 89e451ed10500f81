"""`twjp query` as people read it: names in their language instead of ids, a table that fits the terminal, and
failures in one located line."""

import os
import subprocess
import sys

import pytest

from convert.sparql.render import width
from tests.test_hostile_input import StandIn


def twjp(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "convert", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


@pytest.mark.parametrize(
    "lang,env,names,ids",
    [
        ("en", {}, ["Sendai", "Nikkō", "Amity city"], ["locality:jp-041009"]),
        ("ja", {}, ["仙台市", "日光市"], ["locality:jp-041009"]),
        (None, {"LANG": "ja_JP.UTF-8"}, ["仙台市"], ["Sendai"]),  # the terminal's language
        (None, {"LANG": "C.UTF-8", "LC_ALL": ""}, ["Sendai"], []),  # else English
    ],
)
def test_a_table_shows_names_in_a_language_and_fits_a_100_column_terminal(lang, env, names, ids):
    args = ["query", "agreements-of-locality", *(("--lang", lang) if lang else ())]
    result = twjp(*args, env={"COLUMNS": "100", **env})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(width(line) for line in lines) <= 100, max(lines, key=width)
    for n in names:
        assert n in result.stdout, (n, result.stdout[:500])
    for i in ids:
        assert i not in result.stdout.split("(in every row")[0].replace(f"partner_{lang}", ""), i
    # what does not fit is said, and the CSV keeps every column and the IRIs
    csv = twjp(*args, "--format", "csv").stdout
    assert "https://w3id.org/twjp/locality/jp-041009" in csv and "partner_ja" in csv.splitlines()[0]


def test_a_wide_terminal_gets_every_column():
    result = twjp("query", "agreements-of-locality", "--lang", "en", env={"COLUMNS": "400"})
    assert result.returncode == 0 and "left out" not in result.stdout
    assert "partner_ja" in result.stdout.splitlines()[0]


def test_a_syntax_error_names_its_line_and_shows_it(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x a ?y .\n  FILTER(?x = )\n}\n", encoding="utf-8")
    result = twjp("query", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{bad}:3:" in result.stderr and "not valid SPARQL" in result.stderr
    assert "   3 |   FILTER(?x = )" in result.stderr and "^" in result.stderr


@pytest.mark.parametrize("stand_in", ["cancelled"], indirect=True)
def test_a_remote_failure_is_its_cause_in_one_line(stand_in):
    result = twjp("query", "agreement-types", "--endpoint", stand_in.url, "--timeout", "10")
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines  # the subject, and the one problem
    assert lines[1].endswith("its answer broke off: The SPARQL operation has been cancelled"), lines


@pytest.fixture
def stand_in(request):
    server = StandIn(request.param)
    yield server
    server.close()
