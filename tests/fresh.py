"""Run a test's body in a fresh interpreter (multiprocessing's spawn): for what forks (the build's validation, the
site's workers), since the test process runs threads of other tests' servers, beside which the build does not
fork (a fork copies only the calling thread), as it should not."""

import multiprocessing
import os
import tempfile
import traceback
from pathlib import Path


def _run(function, args, report: str) -> None:
    try:
        function(*args)
    except BaseException:
        Path(report).write_text(traceback.format_exc(), encoding="utf-8")
        raise SystemExit(1) from None


def in_fresh_process(function, *args, timeout: float = 600) -> None:
    """Call function(*args) in a new interpreter; fail with its traceback if it raises, or if it outlasts
    `timeout` seconds."""
    fd, report = tempfile.mkstemp(suffix=".txt")
    os.close(fd)
    try:
        process = multiprocessing.get_context("spawn").Process(target=_run, args=(function, args, report))
        process.start()
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
            raise AssertionError(f"{function.__name__} did not finish within {timeout} s")
        text = Path(report).read_text(encoding="utf-8")
        assert process.exitcode == 0, text or f"{function.__name__} exited with {process.exitcode}"
    finally:
        os.unlink(report)
