"""Forked children (the build's SHACL validation): the value or the exception comes back, a child that dies or is
cancelled is reported and reaped, and a build validated in a child says exactly what one validated in a thread
says."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from convert import paths
from convert.processes import Forked
from convert.rdf import DEFAULT_BASE
from convert.read import load_edition
from convert.release import build_release


def children() -> list[str]:
    me = os.getpid()
    return Path(f"/proc/{me}/task/{me}/children").read_text().split()


def test_a_forked_childs_value_and_exception_come_back():
    assert Forked(sorted, [3, 1, 2]).result() == [1, 2, 3]
    with pytest.raises(ZeroDivisionError):
        Forked(lambda: 1 / 0).result()
    assert children() == []


def test_a_child_that_dies_or_is_cancelled_is_reported_and_reaped():
    with pytest.raises(RuntimeError, match=r"died \(exit -9\)"):
        Forked(lambda: os.kill(os.getpid(), signal.SIGKILL)).result()
    slow = Forked(time.sleep, 60)
    start = time.monotonic()
    slow.cancel()
    assert time.monotonic() - start < 5 and children() == []
    with pytest.raises(RuntimeError, match="taken or cancelled"):
        slow.result()


def test_forking_is_refused_beside_another_thread():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with pytest.raises(RuntimeError, match="other threads"):
            Forked(sorted, [])
    finally:
        stop.set()
        other.join()


def test_a_release_validated_in_a_child_is_the_release_validated_in_a_thread(monkeypatch):
    """With another thread running, build_release validates in a thread (no fork): the same files, the same
    findings, to the byte."""
    from convert.release import files

    forks = []
    monkeypatch.setattr(files, "Forked", lambda *args: forks.append(args[0]) or Forked(*args))
    edition = load_edition(paths.SOURCE)
    forked = build_release(edition, DEFAULT_BASE, previous=paths.OUTPUT)
    assert [f.__name__ for f in forks] == ["shacl_findings"]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        threaded = build_release(edition, DEFAULT_BASE, previous=paths.OUTPUT)
    finally:
        stop.set()
        other.join()
    assert len(forks) == 1, "validated in a thread"
    assert forked.validation.findings == threaded.validation.findings and forked.validation.findings
    assert forked.files == threaded.files
    assert children() == []
