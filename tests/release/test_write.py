"""Putting the release on disk: never a user's files lost, one atomic switch, builds serialised, readable
modes, clear errors for unusable output paths."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from convert.release.write import RELEASE_MARK, build_lock, is_release, recover_leftovers, replace_directory
from tests.test_cli import twjp

FILES = {"README.md": (RELEASE_MARK + "\n").encode(), "twjp.ttl": b"# data\n", "ontology/twjp.ttl": b"# onto\n"}


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_a_directory_that_is_not_a_release_is_refused_and_untouched(tmp_path):
    user = tmp_path / "mine"
    (user / "sub").mkdir(parents=True)
    (user / "thesis.txt").write_text("years of work")
    (user / "sub" / "notes.md").write_text("notes")
    result = twjp("build", "--output", str(user))
    assert result.returncode == 2
    assert "is not a twjp release" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert tree(user) == {"thesis.txt": b"years of work", "sub/notes.md": b"notes"}


def test_an_empty_directory_or_a_release_is_replaced(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    replace_directory(FILES, empty)
    assert tree(empty) == FILES
    new = {**FILES, "twjp.ttl": b"# new data\n"}
    replace_directory(new, empty)
    assert tree(empty) == new


@pytest.mark.parametrize(
    "output,why",
    [
        (".", "current directory"),
        ("/proc/twjp-release", "cannot write"),
        ("a-file/release", "is not a directory"),
        ("a-file", "not a directory"),
        ("/sys/kernel/twjp-release", "cannot write"),
    ],
)
def test_unusable_output_is_one_clear_line_and_exit_2(tmp_path, output, why):
    (tmp_path / "a-file").write_text("a regular file")
    result = twjp("build", "--output", output, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert why in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert (tmp_path / "a-file").read_text() == "a regular file"


@pytest.mark.parametrize("umask,dir_mode,file_mode", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_release_modes_follow_the_umask(tmp_path, umask, dir_mode, file_mode):
    out = tmp_path / "release"
    code = (
        f"import os; os.umask({umask}); from pathlib import Path; from convert.release.write import replace_directory; "
        f"from tests.release.test_write import FILES; replace_directory(FILES, Path({str(out)!r}))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert out.stat().st_mode & 0o777 == dir_mode
    assert (out / "ontology").stat().st_mode & 0o777 == dir_mode
    assert (out / "twjp.ttl").stat().st_mode & 0o777 == file_mode


def test_leftovers_of_killed_builds_are_removed_and_an_aside_release_recovered(tmp_path):
    out = tmp_path / "release"
    (tmp_path / ".release-new-abc123").mkdir()
    (tmp_path / ".release-new-abc123" / "half.ttl").write_text("half")
    aside = tmp_path / ".release-old-xyz"
    aside.mkdir()
    (aside / "README.md").write_text(RELEASE_MARK + "\n")
    recover_leftovers(out)
    assert is_release(out)  # the release a fallback swap had set aside is back
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    (tmp_path / ".release-new-def456").mkdir()
    replace_directory(FILES, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".release-build.lock", "release"]


def test_two_builds_at_once_both_succeed_one_after_the_other(tmp_path):
    out = tmp_path / "release"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "convert", "build", "--no-site", "--output", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [rc for rc, _ in results] == [0, 0, 0], results
    assert not any("Traceback" in err for _, err in results)
    assert is_release(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".release-build.lock", "release"]


def test_a_killed_build_never_leaves_the_output_without_a_release(tmp_path):
    """Kill builds at moments spread over their run, the swap included: the old or the new release is
    always there, whole; the next build cleans up."""
    out = tmp_path / "release"
    assert twjp("build", "--no-site", "--output", str(out)).returncode == 0
    expected = tree(out)
    for delay in (0.3, 0.9, 1.5, 2.0, 2.4, 2.8, 3.2):
        proc = subprocess.Popen(
            [sys.executable, "-m", "convert", "-q", "build", "--no-site", "--output", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert tree(out) == expected, f"killed after {delay} s"
    assert twjp("build", "--no-site", "--output", str(out)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".release-build.lock", "release"]


def test_a_build_waits_while_another_holds_the_lock_and_says_so(tmp_path):
    out = tmp_path / "release"
    with build_lock(out.absolute()):
        proc = subprocess.Popen(
            [sys.executable, "-m", "convert", "build", "--no-site", "--output", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 8  # far longer than a build of the real list takes
        while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None and not out.exists()  # still waiting
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert "another twjp build is writing" in stderr
    assert is_release(out)


def test_a_link_to_a_release_replaces_the_release_it_points_to(tmp_path):
    real = tmp_path / "releases" / "current"
    replace_directory(FILES, real)
    link = tmp_path / "output"
    link.symlink_to(real, target_is_directory=True)
    new = {**FILES, "twjp.ttl": b"# newer\n"}
    replace_directory(new, link)
    assert link.is_symlink() and tree(real) == new
    assert sorted(p.name for p in real.parent.iterdir()) == [".current-build.lock", "current"]
