"""Every command against awkward and hostile input, run as a user runs it (a child process), bounded by the
harness: an address-space limit set in the child (`resource.setrlimit`) and a wall-clock deadline. The answer
expected is one clear error, a non-zero exit and nothing lost (the release and the site hashed before and after)."""

import hashlib
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from convert import paths
from convert.release.write import directory_digest

GiB = 1024**3


def twjp(*args, memory: int = 2 * GiB, deadline: float = 120, cwd=None) -> subprocess.CompletedProcess:
    """The command in a child limited to `memory` bytes of address space; it must end within `deadline`."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "convert", *args],
        capture_output=True,
        cwd=cwd,
        preexec_fn=limit,
        timeout=deadline,
    )
    result.seconds = time.monotonic() - started
    result.err = result.stderr.decode("utf-8", "replace")
    return result


def one_clear_error(result, *words: str, code: int | None = None) -> None:
    assert result.returncode > 0, (result.returncode, result.err)  # not a crash by signal (a segfault is -11)
    assert code is None or result.returncode == code, (result.returncode, result.err)
    assert "Traceback" not in result.err and "MemoryError" not in result.err, result.err
    for w in words:
        assert w in result.err, result.err


def tree_hash(*folders: Path) -> str:
    h = hashlib.sha256()
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                h.update(p.relative_to(folder).as_posix().encode() + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A release and its site, built once; tests that must not change them hash them."""
    root = tmp_path_factory.mktemp("built")
    result = twjp("build", "--output", str(root / "release"), "--site", str(root / "site"), memory=4 * GiB)
    assert result.returncode == 0, result.err
    return root / "release", root / "site"


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "nobody-writes.ttl"
    os.mkfifo(path)
    return path


# ------------------------------------------------------------------ what is read


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo"])
def test_an_input_that_is_not_a_regular_file_is_refused_at_once(built, fifo, kind):
    """(A directory click refuses itself, in one line.)"""
    release, site = built
    before = tree_hash(release, site)
    given = {"/dev/zero": "/dev/zero", "fifo": str(fifo)}[kind]
    what = {"/dev/zero": "a device", "fifo": "a FIFO"}[kind]
    for args in (
        ["build", "--source", given, "--output", str(release), "--site", str(site), "--draft"],
        ["validate", given],
        ["query", "agreement-types", "--data", given],
    ):
        result = twjp(*args, memory=1 * GiB, deadline=60)
        one_clear_error(result, f"is {what}, not a regular file")
        assert result.seconds < 30, (args, result.seconds)
    assert tree_hash(release, site) == before


def test_an_edition_larger_than_the_bound_is_refused_by_its_size(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(33 * 1024 * 1024)  # sparse: no disk used
    result = twjp("build", "--draft", "--source", str(big), "--no-site", "--output", str(tmp_path / "o"), memory=GiB)
    one_clear_error(result, "34,603,008 bytes, more than the 32 MiB twjp reads for an edition of the list", code=1)


def test_a_junk_edition_gives_every_kind_of_problem_with_counts_in_a_bounded_message(tmp_path):
    source = paths.SOURCE.read_text(encoding="utf-8")
    junk = "".join(f"{n} 臺北市 ?? 這不是 {n % 97}\n" for n in range(200, 120_000))  # ~3 MB of bad rows
    edition = tmp_path / "junk.txt"
    edition.write_text(source + junk, encoding="utf-8")
    result = twjp("build", "--draft", "--source", str(edition), "--no-site", "--output", str(tmp_path / "o"))
    one_clear_error(result, "more like the above", code=1)
    assert len(result.stderr) < 40_000, len(result.stderr)
    head = result.err.splitlines()[0]
    m = re.search(r"([0-9,]+) problems of ([0-9,]+) kinds", head)
    assert m and int(m.group(1).replace(",", "")) > 100_000, head
    # every kind is shown, each with its first cases located
    assert re.search(r"line [0-9]+", result.err)


def bomb_files(folder: Path) -> dict[str, Path]:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{laughs}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://example.org/a"><rdf:value>&l9;</rdf:value></rdf:Description></rdf:RDF>'
    )
    n = 7000
    deep = '{"@id": "http://example.org/a", "http://example.org/p": ' * n + "1" + "}" * n
    out = {"laughs": folder / "laughs.rdf", "deep": folder / "deep.jsonld"}
    out["laughs"].write_text(xml, encoding="utf-8")
    out["deep"].write_text(deep, encoding="utf-8")
    return out


@pytest.mark.parametrize("bomb", ["laughs", "deep"])
@pytest.mark.parametrize("command", ["validate", "query"])
def test_parser_bombs_are_refused_before_parsing(tmp_path, bomb, command):
    path = bomb_files(tmp_path)[bomb]
    args = ["validate", str(path)] if command == "validate" else ["query", "agreement-types", "--data", str(path)]
    result = twjp(*args, memory=1 * GiB, deadline=60)
    words = {"laughs": "declares XML entities", "deep": "nests deeper than 64 levels"}[bomb]
    one_clear_error(result, words, code=2)
    assert "conforms" not in result.err + result.stdout.decode()


def test_the_release_in_json_ld_passes_the_nesting_bound(built):
    release, _ = built
    result = twjp("validate", str(release / "twjp.jsonld"), memory=2 * GiB)
    assert result.returncode == 0, result.err


def test_an_empty_data_file_is_what_the_query_runs_on(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    for given in (str(empty), "/dev/null"):
        result = twjp("query", "agreement-types", "--data", given, "--format", "csv")
        if given == "/dev/null":
            one_clear_error(result, "is a device, not a regular file")
            continue
        assert result.returncode == 0, result.err
        assert result.stdout.decode().strip().count("\n") == 0  # the header only: no rows from the release
        assert "hold no triples" in result.err


# ------------------------------------------------------------------ the release and the site, one edition


@pytest.mark.parametrize("where", ["same", "inside", "around"])
def test_a_site_overlapping_the_release_is_refused_before_any_work(built, tmp_path, where):
    release, _ = built
    copy = tmp_path / "release"
    shutil.copytree(release, copy)
    before = tree_hash(copy)
    site_arg = {"same": copy, "inside": copy / "site", "around": tmp_path}[where]
    result = twjp("build", "--output", str(copy), "--site", str(site_arg), deadline=60)
    one_clear_error(result, "--site", "--output", code=2)
    assert "separate folders" in result.err
    assert tree_hash(copy) == before and not list(tmp_path.glob(".*-new-*"))


def serve_refuses(release: Path, site: Path) -> str:
    """What `twjp serve` says when it will not start on this pair ('' if it starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    child = subprocess.Popen(
        [sys.executable, "-m", "convert", "serve", "--output", str(release), "--site", str(site), "--port", str(port)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _, err = child.communicate(timeout=20)
        return err.decode()
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=20)
        return ""


def test_a_site_of_another_release_is_refused_by_serve_and_repaired_by_the_next_build(built, tmp_path):
    release, site = shutil.copytree(built[0], tmp_path / "release"), shutil.copytree(built[1], tmp_path / "site")
    assert serve_refuses(release, site) == ""  # the pair as built: served
    # a release of another base written alone (as a build killed between the two swaps leaves it)
    alone = twjp("build", "--output", str(release), "--no-site", "--base", "https://example.org/twjp/")
    assert alone.returncode == 0, alone.err
    message = serve_refuses(release, site)
    assert "was made from another release" in message and str(site) in message and "Traceback" not in message
    again = twjp("build", "--output", str(release), "--site", str(site))
    assert again.returncode == 0, again.err
    assert serve_refuses(release, site) == ""


def site_digest(site: Path) -> str:
    return re.search(r"sha256:([0-9a-f]{64})", (site / "README.md").read_text(encoding="utf-8")).group(1)


def test_concurrent_builds_into_one_place_leave_one_editions_release_and_site(built, tmp_path):
    release, site = tmp_path / "release", tmp_path / "site"
    bases = [f"https://example.org/{n}/" for n in range(4)]
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "convert", "build", "--output", str(release), "--site", str(site), "--base", b],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for b in bases
    ]
    for c in children:
        assert c.wait(timeout=600) == 0, c.stderr.read().decode()
    assert site_digest(site) == directory_digest(release)
    base = re.search(r"https://example.org/[0-9]/", (release / "void.ttl").read_text(encoding="utf-8")).group(0)
    assert base in (site / "index.html").read_text(encoding="utf-8")


def test_a_build_killed_at_any_moment_leaves_a_pair_serve_accepts_or_refuses_and_the_next_build_repairs(
    built, tmp_path
):
    release, site = shutil.copytree(built[0], tmp_path / "release"), shutil.copytree(built[1], tmp_path / "site")
    for n, delay in enumerate((1.0, 2.5, 4.0, 5.5)):
        child = subprocess.Popen(
            [sys.executable, "-m", "convert", "build", "--output", str(release), "--site", str(site),
             "--base", f"https://example.org/{n}/"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        child.kill()
        child.wait()
        # whole directories, and either one pair or one serve refuses: never pages of one edition beside the
        # answers of another
        assert (release / "README.md").is_file() and (site / "README.md").is_file()
        consistent = site_digest(site) == directory_digest(release)
        message = serve_refuses(release, site)
        assert (message == "") == consistent, message
    again = twjp("build", "--output", str(release), "--site", str(site))
    assert again.returncode == 0, again.err
    assert site_digest(site) == directory_digest(release)
    assert not list(tmp_path.glob(".*-new-*")) and not list(tmp_path.glob(".*-old-*"))


# ------------------------------------------------------------------ remote endpoints


class StandIn:
    """A loopback server that answers every request its own way: trickling, flooding, or with control bytes."""

    def __init__(self, behaviour: str):
        self.behaviour = behaviour
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.stop = threading.Event()
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(conn,), daemon=True).start()

    def answer(self, conn: socket.socket):
        try:
            conn.settimeout(5)
            conn.recv(65536)
            if self.behaviour == "trickle":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
                while not self.stop.is_set():
                    conn.sendall(b" ")
                    time.sleep(0.3)
            elif self.behaviour == "trickle-headers":
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
                    if self.stop.is_set():
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(0.3)
            elif self.behaviour == "flood":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
                chunk = b" " * (1024 * 1024)
                while not self.stop.is_set():
                    conn.sendall(chunk)
            elif self.behaviour == "cancelled":  # a streaming server whose query was stopped midway
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n\r\n"
                    b'{"head":{"vars":["x"]},"results":{"bindings":[The SPARQL operation has been cancelled'
                )
            elif self.behaviour == "control":
                body = b"\x1b[2J\x1b[31mgone\x07\x1b]0;pwned\x07"
                conn.sendall(
                    b"HTTP/1.1 500 \x1b[31mBad\r\nContent-Type: text/plain\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


@pytest.fixture
def stand_in(request):
    server = StandIn(request.param)
    yield server
    server.close()


@pytest.mark.parametrize("stand_in", ["trickle", "trickle-headers"], indirect=True)
def test_a_trickling_endpoint_is_given_up_at_the_deadline(stand_in):
    for args in (
        ["query", "agreement-types", "--endpoint", stand_in.url, "--timeout", "3"],
        ["link", "--wikidata-endpoint", stand_in.url, "--timeout", "3"],
        ["quickstatements", "--reference-url", "https://example.org/list", "--retrieved", "2026-01-01",
         "--wikidata-endpoint", stand_in.url, "--timeout", "3"],
    ):  # fmt: skip
        result = twjp(*args, deadline=60)
        one_clear_error(result, "no whole answer within 3 s", code=3)
        assert result.seconds < 15, (args, result.seconds)


@pytest.mark.parametrize("stand_in", ["flood"], indirect=True)
def test_a_flooding_endpoint_is_refused_past_the_size_bound(stand_in):
    for args in (
        ["query", "agreement-types", "--endpoint", stand_in.url, "--timeout", "120"],
        ["link", "--wikidata-endpoint", stand_in.url, "--timeout", "120"],
    ):
        result = twjp(*args, memory=2 * GiB, deadline=120)
        one_clear_error(result, "sent more than 256 MiB", code=3)


@pytest.mark.parametrize("stand_in", ["control"], indirect=True)
def test_a_servers_control_bytes_never_reach_the_terminal(stand_in):
    result = twjp("query", "agreement-types", "--endpoint", stand_in.url, deadline=60)
    one_clear_error(result, code=3)
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert "\\x1b" in result.err


# ------------------------------------------------------------------ small ones


def test_paths_too_long_get_one_line(tmp_path):
    for output in (tmp_path / ("x" * 300), tmp_path / "/".join(["y" * 200] * 25)):
        result = twjp("build", "--output", str(output), "--no-site", deadline=60)
        one_clear_error(result, "--output", "File name too long", code=2)
        assert len(result.err.strip().splitlines()) == 1, result.err


def test_a_release_table_that_is_not_utf8_is_named_with_its_line(built, tmp_path):
    release = shutil.copytree(built[0], tmp_path / "release")
    table = release / "agreements.csv"
    lines = table.read_bytes().split(b"\n")
    lines[5] = lines[5].replace("臺".encode(), b"\xe8\xff", 1) + b"\xff"
    table.write_bytes(b"\n".join(lines))
    result = twjp("diff", str(release), str(paths.SOURCE))
    one_clear_error(result, f"{table}:6", "not UTF-8", code=2)


def test_a_row_numbered_0_is_an_error_naming_its_line(tmp_path):
    text = paths.SOURCE.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if re.match(r"\s*1 ", line))
    edition = tmp_path / "zero.txt"
    edition.write_text(text.replace(row, f"{row}\n{row.replace('1 ', '0 ', 1)}", 1), encoding="utf-8")
    result = twjp("build", "--draft", "--source", str(edition), "--no-site", "--output", str(tmp_path / "o"))
    one_clear_error(result, "row number 0: rows are numbered from 1", code=1)
    assert re.search(r"line [0-9]+", result.err)


def test_a_list_cut_short_says_so(tmp_path):
    from tests.exports.test_diff import edition as edit_list

    cut = edit_list(tmp_path, drop=range(150, 158), name="cut.txt")
    result = twjp("build", "--draft", "--source", str(cut), "--no-site", "--output", str(tmp_path / "o"))
    assert result.returncode == 0, result.err
    assert "this edition has 149 rows; the edition of release 1.0 had 157" in result.err
    assert "its last rows, as if the list were cut short" in result.err


def test_a_citation_url_that_is_no_iri_is_refused_with_its_row(tmp_path):
    from convert.problems import TwjpError
    from convert.read import load_edition

    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    citation = data / "source" / "citation.tsv"
    rows = citation.read_text(encoding="utf-8").splitlines()
    cells = rows[1].split("\t")
    cells[4:6] = ['https://example.org/list"<b>', "2026-01-01"]
    citation.write_text("\n".join([rows[0], "\t".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(TwjpError, match=r"is not an http\(s\) URL"):
        load_edition(data / "source" / paths.SOURCE.name, data)
